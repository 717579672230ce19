"""Stage 1, read: every source's bytes, hashed; the run's fingerprint; an unchanged build stops here.

Reading runs in threads (I/O and hashing release the GIL): a run that finds nothing changed is all this stage.
"""

from __future__ import annotations

import functools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from etl import cache
from etl.cache import digest
from etl.errors import Diagnostic, SourceError
from etl.pipeline.run import Run
from etl.pipeline.values import SourceJob
from etl.sources import SourceSpec, origins, read_source

READ_THREADS = 8


@dataclass(frozen=True)
class _Placed:
    origin: str
    position: int  # in the order given
    spec: SourceSpec


def _hash(spec: SourceSpec, max_bytes: int) -> str | SourceError:
    try:
        return read_source(spec.path, max_bytes).sha256
    except SourceError as exc:
        return exc.located(spec.display)


def read(run: Run, specs: list[SourceSpec]) -> list[SourceJob]:
    """One job per readable source, in the order of their paths (whatever order they were given in, so any
    order builds the same); an error for each of the rest. Sets the run's fingerprint."""
    settings = run.settings
    found = origins([spec.path for spec in specs], settings.config.base_dir)
    placed = sorted(
        (_Placed(where, n, spec) for n, (where, spec) in enumerate(zip(found, specs, strict=True))),
        key=lambda p: (p.origin, p.spec.display),
    )
    hash_one = functools.partial(_hash, max_bytes=settings.config.max_source_bytes)
    with ThreadPoolExecutor(max_workers=READ_THREADS) as pool:
        hashes = list(pool.map(hash_one, (p.spec for p in placed)))
    jobs: list[SourceJob] = []
    for place, found in zip(placed, hashes, strict=True):
        if isinstance(found, SourceError):
            run.report.errors.append(found)
            run.failed.add(place.origin)
            continue
        spec = place.spec
        fmt = settings.format or (spec.options.format if spec.options else None)
        jobs.append(SourceJob(spec, place.origin, place.position, found, fmt, settings.digest))
    listed = [
        [p.origin, p.spec.display, h if isinstance(h, str) else None] for p, h in zip(placed, hashes, strict=True)
    ]
    target = (settings.site.base_url, run.context.sink.name)
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
    report.errors = [SourceError(*e) for e in state.get("errors", [])]
    report.warnings = []
    report.add(Diagnostic(*w) for w in state.get("warnings", []))
    return True
