"""`etl build`: a streaming build that holds one source's transcript in memory at a time.

  0. read   every source's bytes and hash (main process); an unchanged build stops here
  1. scan   each source: drafts from the cache, or extract them (worker processes); keep only heads
  2. plan   ids, sidecar merges, duplicate ids over all heads (main process)
  3. make   each source's episodes: complete, validate, write per-episode files, spool index and feed
            pieces (worker processes)
  4. keep   the last good episodes of sources that failed (main process)
  5. write  index and feeds from the spool, streamed; remove stale files; remember the state
Workers return small records, never episodes, so memory does not grow with the transcripts.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from etl.cache import Cache, DraftStore, digest, tool_version
from etl.config import Config, SourceConfig
from etl.errors import Diagnostic, SourceError
from etl.load import COLLECTION_WRITERS, EPISODE_WRITERS, feed
from etl.load.site import Record, Site
from etl.model import Episode
from etl.people import Registry
from etl.pipeline import extract_one
from etl.publish import atomic_file, owned, remove_stale, write_all
from etl.sources import SourceSpec, origin, read
from etl.transform import Assignment, SourceDrafts, complete, head, plan

Progress = Callable[[int, int], None]
READ_THREADS = 8
Located = tuple[str, str | None, int | None]  # (message, path, line): exceptions lose fields when pickled


@dataclass
class BuildOptions:
    out: Path
    format: str | None = None
    jobs: int = 1
    cache_dir: Path | None = None  # None: nothing persists (a temp folder holds the drafts)
    check: bool = False
    base_url: str | None = None
    progress: Progress | None = None
    verbose: bool = False  # collect per-source detection and cache lines (20,000 sources make many)


@dataclass
class Report:
    episodes: int = 0
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    written: int = 0
    removed: int = 0
    kept: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    unchanged: bool = False
    verbose: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step, shown by --verbose


@dataclass
class _Context:
    """What every worker needs; sent once per worker process."""

    config: Config
    registry: Registry
    site: Site
    out: Path
    check: bool
    store: Path
    spool: Path
    cache: Path | None


_CTX: _Context | None = None


def _init(context: _Context) -> None:
    global _CTX
    _CTX = context


def _located(exc: SourceError) -> Located:
    return (exc.message, exc.path, exc.line)


def _notes(items: Iterable[Diagnostic]) -> list[Located]:
    return [(d.message, d.path, d.line) for d in items]


# -- 1. scan ---------------------------------------------------------------------------------------


@dataclass
class _Scan:
    key: str
    heads: list = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    warnings: list[Located] = field(default_factory=list)
    cached: bool = False
    error: Located | None = None


def _scan(spec: SourceSpec, fmt: str | None, key: str) -> _Scan:
    assert _CTX is not None
    store = DraftStore(_CTX.store)
    hit = store.get(key, "heads")
    if hit is not None:
        heads, extra = hit
        return _Scan(key, heads, extra.get("reasons", []), [tuple(w) for w in extra.get("warnings", [])], True)
    result = extract_one(spec, _CTX.config, fmt)
    if result.error:
        return _Scan(key, error=_located(result.error))
    heads = [head(d) for d in result.drafts]
    warnings = _notes(result.warnings)
    store.put(key, result.drafts, heads, {"reasons": result.reasons, "warnings": warnings})
    return _Scan(key, heads, result.reasons, warnings)


# -- 3. make ---------------------------------------------------------------------------------------


@dataclass
class _Made:
    records: list[tuple[Record, dict[str, int]]] = field(default_factory=list)
    written: int = 0
    changes: list[str] = field(default_factory=list)  # only for --check: a full build changes every file
    errors: list[Located] = field(default_factory=list)
    warnings: list[Located] = field(default_factory=list)


def publish_episode(episode: Episode, context: _Context) -> tuple[Record, dict[str, int], list[str]]:
    """Write (or, for --check, compare) one episode's files and spool its index and feed pieces."""
    files: dict[str, bytes] = {}
    for writer in EPISODE_WRITERS:
        files.update(writer.render_episode(episode, context.site))
    if context.check:
        changed = []
        for relative, data in files.items():
            try:
                same = (context.out / relative).read_bytes() == data
            except OSError:
                same = False
            if not same:
                changed.append(relative)
    else:
        changed = write_all(context.out, files)
    for writer in COLLECTION_WRITERS:
        piece = context.spool / writer.NAME / episode.id
        piece.parent.mkdir(parents=True, exist_ok=True)
        piece.write_bytes(writer.spool(episode, context.site))
    record = Record(episode.id, episode.show.id, episode.published)
    return record, {relative: len(data) for relative, data in files.items()}, changed


def _make(
    key: str,
    display: str,
    source_origin: str,
    options: SourceConfig | None,
    option_index: int | None,
    assignments: list[Assignment],
) -> _Made:
    assert _CTX is not None
    made = _Made()
    loaded = DraftStore(_CTX.store).get(key)
    if loaded is None:
        made.errors.append(("the cached drafts of this source vanished during the build; run again", display, None))
        return made
    drafts, _ = loaded
    good: list[dict[str, Any]] = []
    for assignment in assignments:
        draft = drafts[assignment.index]
        try:
            episode = complete(draft, assignment, options, option_index, _CTX.registry)
            record, sizes, changed = publish_episode(episode, _CTX)
            made.records.append((record, sizes))
            made.written += len(changed)
            if _CTX.check:
                made.changes += changed
            good.append(episode.document())
        except SourceError as exc:
            made.errors.append(_located(exc.located(draft.path)))
        made.warnings += _notes(draft.diagnostics())
    if not made.errors and _CTX.cache is not None and not _CTX.check:
        Cache(_CTX.cache).store_last_good(source_origin, good)
    return made


# -- the build -------------------------------------------------------------------------------------


def _run(
    function: Callable[..., Any], jobs: list[tuple], workers: int, context: _Context, progress: Callable[[], None]
) -> Iterator[Any]:
    """Each job's result, in job order (so nothing depends on which worker finishes first), as it comes:
    the caller keeps what it needs of one result before the next arrives."""
    if workers <= 1 or len(jobs) < 2:
        _init(context)
        for job in jobs:
            yield function(*job)
            progress()
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), initializer=_init, initargs=(context,)) as pool:
        chunk = max(1, len(jobs) // (workers * 16))
        for result in pool.map(function, *zip(*jobs, strict=True), chunksize=chunk):
            yield result
            progress()


def build(
    specs: list[SourceSpec], config: Config, registry: Registry, config_digest: str, site: Site, options: BuildOptions
) -> Report:
    report = Report()
    out = options.out
    cache = Cache(options.cache_dir)
    spool = Path(tempfile.mkdtemp(prefix="etl-spool-"))
    try:
        return _build(specs, config, registry, config_digest, site, options, report, out, cache, spool)
    finally:
        shutil.rmtree(spool, ignore_errors=True)


def _build(
    specs: list[SourceSpec],
    config: Config,
    registry: Registry,
    config_digest: str,
    site: Site,
    options: BuildOptions,
    report: Report,
    out: Path,
    cache: Cache,
    spool: Path,
) -> Report:
    clock = _Clock(report)
    # 0. read: the order of paths, not of the command line, so any order builds the same
    sources = sorted(((origin(s.path, config.base_dir), s) for s in specs), key=lambda x: (x[0], x[1].display))
    hashes: list[str | None] = []

    def fingerprint(spec: SourceSpec) -> str | SourceError:
        try:
            return read(spec.path, config.max_source_bytes)[1]
        except SourceError as exc:
            return exc.located(spec.display)

    # threads: reading and hashing release the GIL, and a no-op build is all this step
    with ThreadPoolExecutor(max_workers=READ_THREADS) as pool:
        for found in pool.map(fingerprint, (spec for _, spec in sources)):
            if isinstance(found, SourceError):
                report.errors.append(found)
            hashes.append(found if isinstance(found, str) else None)
    key = digest(
        tool_version(),
        config_digest,
        options.format,
        site.base_url,
        str(out),
        [(o, s.display, h) for (o, s), h in zip(sources, hashes, strict=True)],
    )
    state = cache.state()
    clock.lap("read")
    if not options.check and state.get("key") == key and _intact(out, state):
        report.unchanged = True
        report.episodes = state.get("episodes", 0)
        report.errors = [SourceError(*e) for e in state.get("errors", [])]
        report.warnings = [Diagnostic(*w) for w in state.get("warnings", [])]
        return report

    context = _Context(
        config, registry, site, out, options.check, (options.cache_dir or spool) / "drafts", spool, options.cache_dir
    )
    total = 2 * len(sources)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if options.progress:
            options.progress(done, total)

    # 1. scan
    scan_jobs = []
    for (source_origin, spec), sha in zip(sources, hashes, strict=True):
        if sha is None:
            continue
        fmt = options.format or (spec.options.format if spec.options else None)
        draft_key = cache.source_key(sha, config_digest, f"{fmt}|{spec.display}|{source_origin}")
        scan_jobs.append((spec, fmt, draft_key))
    scans: list[_Scan] = list(_run(_scan, scan_jobs, options.jobs, context, tick))
    scanned = [
        (sources[i], scan) for i, scan in zip([n for n, h in enumerate(hashes) if h is not None], scans, strict=True)
    ]
    failed: set[str] = {o for (o, s), h in zip(sources, hashes, strict=True) if h is None}
    for (source_origin, spec), scan in scanned:
        if options.verbose:
            report.verbose += [f"{spec.display}: detect: {r}" for r in scan.reasons]
        if scan.cached and options.verbose:
            report.verbose.append(f"{spec.display}: cached (unchanged since the last build)")
        report.warnings += [Diagnostic(*w) for w in scan.warnings]
        if scan.error:
            report.errors.append(SourceError(*scan.error))
            failed.add(source_origin)

    clock.lap("scan")

    # 2. plan
    usable = [(src, scan) for src, scan in scanned if not scan.error]
    decided = plan([SourceDrafts(scan.heads, spec.options, spec.option_index) for (_, spec), scan in usable], config)
    report.errors += decided.errors
    by_display = {spec.display: o for (o, spec), _ in usable}
    failed |= {by_display.get(path, path) for path in decided.failed_sources}

    clock.lap("plan")

    # 3. make
    per_source: dict[int, list[Assignment]] = {}
    for assignment in decided.assignments:
        per_source.setdefault(assignment.source, []).append(assignment)
    make_jobs = []
    for n, ((source_origin, spec), scan) in enumerate(usable):
        make_jobs.append(
            (scan.key, spec.display, source_origin, spec.options, spec.option_index, per_source.get(n, []))
        )
    del scans, scanned, usable  # the heads were for the plan: memory for the make step's results
    records: list[Record] = []
    sizes: dict[str, int] = {}
    for job, result in zip(make_jobs, _run(_make, make_jobs, options.jobs, context, tick), strict=True):
        report.warnings += [Diagnostic(*w) for w in result.warnings]
        report.errors += [SourceError(*e) for e in result.errors]
        report.written += result.written
        report.changes += result.changes
        if result.errors:
            failed.add(job[2])
        for record, files in result.records:
            records.append(record)
            sizes.update(files)
    report.warnings += decided.warnings
    clock.lap("make")

    # 4. keep the last good episodes of failed sources
    produced = {r.id for r in records}
    _init(context)
    for source_origin in sorted(failed):
        for document in cache.last_good(source_origin):
            try:
                episode = Episode.model_validate(document)
            except ValueError:
                continue
            if episode.id in produced:
                continue
            record, files, changed = publish_episode(episode, context)
            records.append(record)
            sizes.update(files)
            report.written += len(changed)
            report.changes += changed if options.check else []
            produced.add(episode.id)
            report.kept.append(episode.id)
            report.warnings.append(Diagnostic(f"kept the last good version of episode {episode.id!r}", source_origin))

    clock.lap("keep")

    # 5. collections, streamed from the spool; feeds last
    report.warnings += feed.warnings(records, site)
    for writer in COLLECTION_WRITERS:
        for relative, ordered in writer.outputs(records, site):

            def piece(record: Record, name: str = writer.NAME) -> bytes:
                return (spool / name / record.id).read_bytes()

            target = (spool / "check" / relative) if options.check else out / relative
            before = target.stat().st_ino if target.exists() else None
            with atomic_file(target, only_if_changed=True) as handle:
                writer.write(handle, relative, ordered, site, piece)
            sizes[relative] = target.stat().st_size
            if not options.check and target.stat().st_ino != before:
                report.written += 1
            if options.check:
                try:
                    same = (out / relative).read_bytes() == target.read_bytes()
                except OSError:
                    same = False
                if not same:
                    report.changes.append(relative)

    previous = sorted(set(owned(out)) | set(state.get("files", {}))) if out.is_dir() else []
    stale = [p for p in previous if p not in sizes and (out / p).exists()]
    if options.check:
        report.changes = sorted(
            {f"{'+' if not (out / p).exists() else '~'} {p}" for p in report.changes} | {f"- {p}" for p in stale},
            key=lambda line: line[2:],
        )
    else:
        report.removed = len(remove_stale(out, dict.fromkeys(sizes, b""), previous))
        if options.cache_dir is not None:
            DraftStore(context.store).prune({job[-1] for job in scan_jobs})
            cache.prune_last_good({source_origin for source_origin, _ in sources})
        cache.store_state(
            {
                "key": key,
                "files": sizes,
                "episodes": len(records),
                "errors": [[e.message, e.path, e.line] for e in report.errors],
                "warnings": [[w.message, w.path, w.line] for w in report.warnings],
            }
        )
    report.episodes = len(records)
    clock.lap("write")
    return report


class _Clock:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.report.timings[step] = now - self.last
        self.last = now


def _intact(out: Path, state: dict[str, Any]) -> bool:
    files = state.get("files")
    if not isinstance(files, dict) or not files:
        return False
    for relative, size in files.items():
        try:
            if (out / relative).stat().st_size != size:
                return False
        except OSError:
            return False
    return True
