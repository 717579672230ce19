"""Stage 4, make (in worker processes): complete and validate each source's episodes, and publish them.

Publishing is the sink's: the out folder writes each episode's files and spools its index entry and feed
item; `etl extract`'s sink keeps the episode. A source whose episodes all made it is remembered as its
last good state (the keep stage's reserve when it fails later).
"""

from __future__ import annotations

from etl.errors import SourceError
from etl.pipeline.run import Run
from etl.pipeline.values import Made, MakeJob, Published
from etl.pipeline.workers import Workers, context
from etl.transform import complete


def make(run: Run, workers: Workers, jobs: list[MakeJob]) -> list[Published]:
    """Every episode published, in the order the sources were given; errors and warnings to the report."""
    made = []
    for result in workers.map(make_one, jobs):
        run.report.errors += result.errors
        run.report.add(result.warnings)
        if result.errors:
            run.failed.add(result.job.origin)
        made.append(result)
    made.sort(key=lambda m: m.job.position)
    return [published for result in made for published in result.published]


def make_one(job: MakeJob) -> Made:
    run = context()
    made = Made(job.job)
    spec = job.job.spec
    loaded = run.drafts.get(job.job.key)
    if loaded is None:
        made.errors.append(
            SourceError("the cached drafts of this source vanished during the build; run again", spec.display)
        )
        return made
    good = []
    for assignment in job.assignments:
        draft = loaded.drafts[assignment.index]
        try:
            episode = complete(draft, assignment, spec.options, spec.option_index, run.settings.registry)
            made.published.append(run.sink.publish(episode))
            good.append(episode.document())
        except SourceError as exc:
            made.errors.append(exc.located(draft.path))
        made.warnings += draft.diagnostics()
    if job.whole and not made.errors:
        run.cache.store_last_good(job.job.origin, good)
    return made
