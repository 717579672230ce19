"""Stage 6, write (main process): the sink's collections (index, feeds) and clean-up; the run remembered.

The state (the run's fingerprint, every file written with its size, the messages) is what lets the next
run with nothing changed stop after reading; pruning keeps a cache carried between runs the size of one.
"""

from __future__ import annotations

from etl.errors import InternalError, SourceError
from etl.pipeline.last import LastFiles
from etl.pipeline.run import Run
from etl.pipeline.values import Outputs, Published


def _trace(error: SourceError) -> str | None:
    return error.trace if isinstance(error, InternalError) else None


def write(run: Run, published: list[Published]) -> None:
    report = run.report
    previous = Outputs(run.last.sizes(), run.cache.state().get("collections") or {})
    outputs = run.context.sink.finish(published, previous, report)
    report.episodes = len(published)
    del previous
    run.last = LastFiles()
    run.cache.release()  # the last state is used up: not held beside the new one (~80 MB at 20,000 sources)
    if run.options.cache is None:
        return
    run.context.drafts.prune({job.key for job in run.jobs})
    run.context.made.prune(run.make_keys)
    run.cache.prune_last_good({job.origin for job in run.jobs} | run.failed)
    run.context.made.store.compact()
    run.cache.store_state(
        {
            "key": run.key,
            "files": outputs.files,
            # in the order of the files' sorted paths: 150,000 paths once, not twice, at 20,000 sources
            "stamps": run.context.sink.stamps(outputs.files),
            "collections": outputs.keys,
            "sources": run.stamps,
            "episodes": len(published),
            # a bug of ours keeps its traceback: a run that finds nothing changed replays it (-v shows it)
            "errors": [[e.message, e.path, e.line, _trace(e)] for e in report.errors],
            "warnings": [[w.message, w.path, w.line, w.severity] for w in [*report.warnings, *report.notes]],
        }
    )
