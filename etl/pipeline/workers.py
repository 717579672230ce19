"""Worker processes for the scan and make stages: results come back in job order, as they come.

Each worker gets the run's Context once, when it starts; a job is one small value (a SourceJob
or a MakeJob), and a result is one small value too, so memory does not grow with transcripts.

Workers end with the build. They die with their parent (`etl.util.lifeline`): a build killed outright leaves
none behind, blocked on a pipe (each inherits the other ends, so none would ever see end-of-file). They leave
SIGINT to the parent (Ctrl-C reaches the whole process group), which stops them on any error or interruption
with SIGTERM; a worker stops by unwinding the job it is on, so its temp files are removed, then exits.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

from etl.pipeline.cache import Cache, DraftStore, MadeStore
from etl.pipeline.values import Progress, Settings
from etl.util import heap, lifeline

if TYPE_CHECKING:
    from etl.pipeline.sinks import Sink

Job = TypeVar("Job")
Result = TypeVar("Result")


@dataclass(frozen=True)
class Context:
    """What every stage function needs besides its job."""

    settings: Settings
    sink: Sink
    drafts: DraftStore  # parsed drafts of every source: in the cache's database, or the run's own
    cache: Cache  # last good episodes of each source (disabled without a persistent cache)
    made: MadeStore  # what making each source published, and its episodes' collection pieces


_CONTEXT: Context | None = None


# Forked where the system can (Linux: Python 3.14 makes forkserver the default there): a forked worker shares the main
# process's loaded code and settled heap (etl.util.heap), and its parent is the build, which `lifeline.die_with`
# checks (a forkserver's child has the server for a parent, and would stop at once). Elsewhere the system's default.
_START_METHOD = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None

_BUSY = False  # in a worker: on a job now (SIGTERM unwinds it), else waiting for one (SIGTERM exits at once)
STOPPED = 128 + signal.SIGTERM


def _install(context: Context) -> None:
    global _CONTEXT
    _CONTEXT = context


def _start(context: Context, parent: int) -> None:
    """A worker process's first step."""
    lifeline.die_with(parent)
    heap.settle()  # forked, settled already (etl.pipeline.build); started afresh (spawn, forkserver), not yet
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    _install(context)


def _stop(signum: int, frame: object) -> None:
    if not _BUSY:
        os._exit(STOPPED)
    raise SystemExit(STOPPED)  # unwinds the job (temp files removed); `_job` then exits


def _job(function: Callable[[Job], Result], job: Job) -> Result:
    global _BUSY
    _BUSY = True
    try:
        return function(job)
    except SystemExit:  # stopped (the pool would send this back as a result and wait for the next job)
        os._exit(STOPPED)
    finally:
        _BUSY = False


def context() -> Context:
    """The run's Context, inside a stage function (in a worker process or inline)."""
    if _CONTEXT is None:
        raise RuntimeError("no build is running in this process")
    return _CONTEXT


class Workers:
    """A process pool for one run (started on first use), or inline calls for one worker or one job."""

    def __init__(self, run: Context, processes: int, total: int, progress: Progress | None) -> None:
        self.run = run
        self.processes = processes
        self.total = total  # jobs of every stage, for the progress bar
        self.done = 0
        self.progress = progress
        self.pool: ProcessPoolExecutor | None = None
        _install(run)  # inline calls, and the main process's own stages, see the same context

    def use(self, run: Context) -> None:
        """Later jobs see `run` (the plan may settle settings the scan could not know): a new pool if it changed."""
        if run is self.run:
            return
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
        self.run = run
        _install(run)

    def map(self, function: Callable[[Job], Result], jobs: Sequence[Job]) -> Iterator[Result]:
        """Each job's result, in job order (so nothing depends on which worker finishes first), as it comes:
        the caller keeps what it needs of one result before the next arrives."""
        if self.processes <= 1 or len(jobs) < 2:
            results: Iterator[Result] = map(function, jobs)
        else:
            if self.pool is None:
                self.pool = ProcessPoolExecutor(
                    self.processes, _START_METHOD, initializer=_start, initargs=(self.run, os.getpid())
                )
            chunk = max(1, len(jobs) // (self.processes * 16))
            results = self.pool.map(functools.partial(_job, function), jobs, chunksize=chunk)
        for result in results:
            yield result
            self.done += 1
            if self.progress:
                self.progress(self.done, self.total)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self.pool is None:
            return
        if error is not None:  # interrupted, or a bug: the jobs under way are stopped, not waited for
            for process in list(getattr(self.pool, "_processes", {}).values()):  # the pool has no public way
                if process.is_alive():
                    process.terminate()
        self.pool.shutdown(cancel_futures=error is not None)
