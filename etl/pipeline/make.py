"""Stage 4, make (in worker processes): complete and validate each source's episodes, and publish them.

Publishing is the sink's: the out folder writes each episode's files and spools its index entry and feed
item; `etl extract`'s sink keeps the episode. A source whose episodes all made it is remembered as its
last good state (the keep stage's reserve when it fails later).
"""

from __future__ import annotations

from etl.draft import EpisodeDraft
from etl.errors import SourceError
from etl.pipeline.run import Run
from etl.pipeline.values import Made, MakeJob, Published
from etl.pipeline.workers import Workers, context
from etl.transform import Reference, complete


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


def _transcript(reference: Reference | None, made: Made) -> EpisodeDraft | None:
    """The transcript file's draft an episode takes its turns from, loaded here in the worker (a transcript never
    passes through the main process); its reader's warnings are reported with the episode."""
    if reference is None:
        return None
    loaded = context().drafts.get(reference.handle)
    if loaded is None:
        raise SourceError("the cached drafts of its transcript file vanished during the build; run again")
    draft = loaded.drafts[reference.index]
    made.warnings += draft.diagnostics()
    return draft


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
            transcript = _transcript(assignment.transcript, made)
            registry = run.settings.registry
            episode = complete(draft, assignment, spec.options, spec.option_index, registry, transcript)
            made.published.append(run.sink.publish(episode))
            good.append(episode.document())
        except SourceError as exc:
            made.errors.append(exc.located(draft.path))
        made.warnings += draft.diagnostics()
    if job.whole and not made.errors:
        run.cache.store_last_good(job.job.origin, good)
    return made
