"""Stage 1, read: every source's bytes, hashed; the run's fingerprint; an unchanged build stops here.

Reading runs in threads (I/O and hashing release the GIL): a run that finds nothing changed is all this stage.
As git does with its index, a source whose stamp (size, modification and change times, inode, device) is the
one the last build recorded is not read again: its hash is the recorded one. A stamp is recorded only when the
file's times are older than the run's start by more than any file system's timestamp granularity (RACY_NS):
a file rewritten in the same tick, with the same size, would otherwise keep its stamp ("racily clean").
"""

from __future__ import annotations

import functools
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from etl.errors import Diagnostic, InternalError, SourceError
from etl.pipeline import cache
from etl.pipeline.cache import digest
from etl.pipeline.run import Run
from etl.pipeline.sources import SourceSpec, hash_source, origins
from etl.pipeline.values import SourceJob
from etl.util.files import stamp

READ_THREADS = 8
READ_BATCH = 256


@dataclass(frozen=True)
class _Placed:
    origin: str
    position: int  # in the order given
    spec: SourceSpec


RACY_NS = 2_000_000_000  # FAT's 2 s is the coarsest timestamp a source may carry

Recorded = list[Any]  # a source's stamp and sha256, as the state keeps it


def _hash(
    spec: SourceSpec, max_bytes: int, max_audio: int, known: dict[str, Recorded], settled: int
) -> _Hashed | SourceError:
    where = os.path.abspath(spec.path)
    recorded = known.get(where)
    if isinstance(recorded, list) and len(recorded) == 6:
        try:
            now = stamp(os.stat(where))
        except OSError:  # gone: reading it says how
            now = None
        if now is not None and list(now) == recorded[:5] and now[0] <= max(max_bytes, max_audio):
            return _Hashed(where, recorded[5], recorded)
    try:
        found = hash_source(spec.path, max_bytes, max_audio)
    except SourceError as exc:
        return exc.located(spec.display)
    _, mtime, ctime, *_ = found.stamp
    keep = [*found.stamp, found.sha256] if max(mtime, ctime) < settled else None
    return _Hashed(where, found.sha256, keep)


@dataclass(frozen=True)
class _Hashed:
    where: str  # absolute path, the stamp's key
    sha256: str
    recorded: Recorded | None  # what the state may keep of it (None: racily clean, hash it again next time)


def read(run: Run, specs: list[SourceSpec]) -> list[SourceJob]:
    """One job per readable source, in the order of their paths (whatever order they were given in, so any
    order builds the same); an error for each of the rest. Sets the run's fingerprint."""
    settings = run.settings
    found = origins([spec.path for spec in specs], settings.config.base_dir)
    placed = sorted(
        (_Placed(where, n, spec) for n, (where, spec) in enumerate(zip(found, specs, strict=True))),
        key=lambda p: (p.origin, p.spec.display),
    )
    known = run.cache.state().get("sources")
    settled = time.time_ns() - RACY_NS
    hash_one = functools.partial(
        _hash,
        max_bytes=settings.config.max_source_bytes,
        max_audio=settings.config.max_audio_bytes,
        known=known if isinstance(known, dict) else {},
        settled=settled,
    )
    hashes: list[_Hashed | SourceError] = []
    with ThreadPoolExecutor(max_workers=READ_THREADS) as pool:
        # A batch at a time: Executor.map submits every job at once, a future each (~1 KB: 20 MB at 20,000)
        for start in range(0, len(placed), READ_BATCH):
            hashes += pool.map(hash_one, (p.spec for p in placed[start : start + READ_BATCH]))
    jobs: list[SourceJob] = []
    for place, found in zip(placed, hashes, strict=True):
        if isinstance(found, SourceError):
            run.report.errors.append(found)
            run.failed.add(place.origin)
            continue
        if found.recorded is not None:
            run.stamps[found.where] = found.recorded
        spec = place.spec
        fmt = settings.format or (spec.options.format if spec.options else None)
        jobs.append(SourceJob(spec, place.origin, place.position, found.sha256, fmt, settings.digest))
    listed = [
        [p.origin, p.spec.display, None if isinstance(h, SourceError) else h.sha256]
        for p, h in zip(placed, hashes, strict=True)
    ]
    target = (settings.site.digest, run.context.sink.name)  # the site's digest names a local artwork's bytes
    run.key = digest(cache.tool_version(), settings.digest, settings.format, target, listed)
    run.jobs = jobs
    return jobs


def unchanged(run: Run) -> bool:
    """Sources, config, code and outputs are all as the last build left them: replay its messages, do nothing."""
    state = run.cache.state()
    if state.get("key") != run.key or not run.context.sink.intact(state.get("files") or {}):
        return False
    report = run.report
    report.unchanged = True
    report.episodes = state.get("episodes", 0)
    report.errors = [
        SourceError(*e[:3]) if len(e) < 4 or e[3] is None else InternalError(*e[:4]) for e in state.get("errors", [])
    ]
    report.warnings = []
    report.add(Diagnostic(*w) for w in state.get("warnings", []))
    return True
