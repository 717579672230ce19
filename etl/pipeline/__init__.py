"""The build: one sequence of named stages, run by `etl build` and `etl extract` alike.

  1. read   every source's bytes, hashed (threads); if sources, config, code and outputs are all as the
            last run left them, stop: nothing changed                                     -> SourceJob
  2. scan   each source (worker processes): its drafts from the cache, or extracted and stored there;
            only their heads (drafts without transcripts) come back                       -> Scanned
  3. plan   over every head: ids, sidecar merges, duplicate ids (`etl.transform.plan`)    -> MakeJob
  4. make   each source's episodes (worker processes): completed and validated
            (`etl.transform.complete`), then published through the sink                   -> Published
  5. keep   the last good episodes of sources that failed, published again               -> Published
  6. write  the sink's collections (index, feeds) and clean-up; the run remembered       -> Report

The commands differ only in their sink (`etl.pipeline.sinks`): `etl build` writes the out folder,
`etl extract` keeps the episodes in memory. So a rule holds for both or for neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from etl.errors import Diagnostic, EnvironmentFault, SourceError
from etl.pipeline.cache import Cache, DraftStore, MadeStore, forget_layout_3
from etl.pipeline.last import LastFiles
from etl.pipeline.memory import give_back
from etl.pipeline.read import read, unchanged
from etl.pipeline.run import Run
from etl.pipeline.sinks import MemorySink, OutSink, Sink
from etl.pipeline.sources import SourceSpec
from etl.pipeline.store import NAME as STORE_NAME
from etl.pipeline.store import Store
from etl.pipeline.values import Options, Report, Settings, SourceJob
from etl.pipeline.workers import Context, Workers
from etl.util import heap
from etl.util.scratch import scratch as scratch_folder

if TYPE_CHECKING:
    from etl.model import Episode

__all__ = ["Extraction", "MemorySink", "Options", "OutSink", "Report", "Settings", "build", "extract"]


def build(specs: list[SourceSpec], settings: Settings, sink: Sink, options: Options | None = None) -> Report:
    options = options or Options()
    with scratch_folder() as scratch:
        store = Store((options.cache or scratch) / STORE_NAME)
        cache = Cache(options.cache, store)
        last = LastFiles(cache.state().get("files"), cache.state().get("stamps"))
        drafts = DraftStore(store)
        made = MadeStore(store, persistent=options.cache is not None)
        sink.begin(scratch, options.jobs, last, options.cache, made.pieces)
        run = Run(Context(settings, sink, drafts, cache, made), options, last=last)
        run.report.add(settings.notes)
        jobs = read(run, specs)
        run.lap("read")
        if unchanged(run):
            return run.report
        try:
            _prepare(store, options.cache)
            return _stages(run, jobs, cache, last)
        finally:
            store.close()


def _prepare(store: Store, cache: Path | None) -> None:
    """The cache's database ready before any worker starts; the machine refusing it stops the build."""
    if cache is not None:
        forget_layout_3(cache)
    try:
        store.prepare()
    except OSError as error:
        raise EnvironmentFault.of(error) or error from None


def _stages(run: Run, jobs: list[SourceJob], cache: Cache, last: LastFiles) -> Report:
    """Stages 2 to 6, when something changed."""
    options = run.options
    cache.release("collections")  # what the write stage compares with; the files are in `last`
    give_back()  # and the rest of the last state, and the read stage's buffers
    # The rest of the stages (the readers, the transform, the writers) load only when there is work:
    # a scheduled run that finds nothing changed spends its time reading, not importing.
    from etl.pipeline.keep import keep
    from etl.pipeline.make import make
    from etl.pipeline.plan import plan_sources
    from etl.pipeline.scan import scan
    from etl.pipeline.write import write

    processes = max(1, min(options.jobs, len(jobs)))
    with heap.settled():  # the code is loaded: the collector leaves it alone (etl.util.heap)
        with Workers(run.context, processes, 2 * len(jobs), options.progress) as workers:
            scanned = scan(run, workers, jobs)
            run.lap("scan")
            make_jobs = plan_sources(run, scanned)
            del scanned  # the heads were for the plan: memory for the make stage's results
            give_back()
            workers.use(run.context)
            run.lap("plan")
            published = make(run, workers, make_jobs)
            del make_jobs  # the plan's assignments
            last.settle()
            give_back()  # and the make stage's results as they came from the workers (pickled bytes)
            run.lap("make")
        published += keep(run, published)
        run.lap("keep")
        write(run, published)
        run.lap("write")
    return run.report


@dataclass(frozen=True)
class Extraction:
    episodes: list[Episode]  # in the order the sources were given
    report: Report

    @property
    def errors(self) -> list[SourceError]:
        return self.report.errors

    @property
    def warnings(self) -> list[Diagnostic]:
        return self.report.warnings

    @property
    def notes(self) -> list[Diagnostic]:
        return self.report.notes


def extract(specs: list[SourceSpec], settings: Settings, jobs: int = 1) -> Extraction:
    """Every episode of `specs`: the build's stages, with a sink that keeps the episodes in memory."""
    sink = MemorySink()
    report = build(specs, settings, sink, Options(jobs=jobs, verbose=True))
    return Extraction(sink.episodes, report)
