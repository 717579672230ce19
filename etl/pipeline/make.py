"""Stage 4, make (in worker processes): complete and validate each source's episodes, and publish them.

Publishing is the sink's: the out folder writes each episode's files and spools its collection pieces (index
entry, feed item, page card); `etl extract`'s sink keeps the episode. A source whose episodes all made it is
remembered as its last good state (the keep stage's reserve when it fails later).

A source is made again only when something it is made from changed: its make key covers its drafts (bytes,
config, people registry, code, format, path), what the plan decided for them (ids, shows, merged chapters,
the transcript file's drafts, enrichment) and the publication (base URL, show settings, site on or off).
When the key is the one a build made without error and that build's files are all still in place, the
source's published episodes, warnings and pieces are taken from the cache (`etl.pipeline.cache.MadeStore`) instead.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pydantic import TypeAdapter

from etl.errors import Diagnostic, EnvironmentFault, InternalError, SourceError
from etl.load.publication import Record, picture_path
from etl.model.draft import EpisodeDraft, Picture
from etl.pipeline.cache import digest
from etl.pipeline.run import Run
from etl.pipeline.values import Made, MakeJob, Published
from etl.pipeline.workers import Context, Workers, context
from etl.transform.complete import Assignment, Reference, complete

_ASSIGNMENTS = TypeAdapter(list[Assignment])


def make(run: Run, workers: Workers, jobs: list[MakeJob]) -> list[Published]:
    """Every episode published, in the order the sources were given; errors and warnings to the report."""
    keyed = [replace(job, key=make_key(run, job)) for job in jobs]
    run.make_keys = {job.key for job in keyed}
    reused = {job.key: hit for job in keyed if (hit := _reuse(run, job)) is not None}
    todo = [job for job in keyed if job.key not in reused]
    if run.options.verbose:
        run.report.verbose.append(f"make: {len(todo)} of {len(keyed)} sources made, the rest as last built")
    fresh = iter(workers.map(make_one, todo))
    made = []
    for job in keyed:  # the report in job order, whichever sources were made again
        result = reused.get(job.key)
        if result is None:  # made again: the last build's record of its files is done with (reused: in _reuse)
            result = next(fresh)
            result.job = job.job  # sent back without it (etl.pipeline.values._without_job)
            for published in result.published:
                run.last.claim(published.files)
        run.report.errors += result.errors
        run.report.add(result.warnings)
        if result.errors:
            run.failed.add(result.job.origin)
        made.append(result)
    made.sort(key=lambda m: m.job.position)
    return [published for result in made for published in result.published]


def make_key(run: Run, job: MakeJob) -> str:
    assignments = _ASSIGNMENTS.dump_python(job.assignments, mode="json")
    return digest(job.job.key, assignments, job.whole, run.settings.site.digest)


def _reuse(run: Run, job: MakeJob) -> Made | None:
    """What the last build that made this source from the same inputs published, when its files are intact."""
    if not run.context.sink.reuses:
        return None
    entry = run.context.made.get(job.key)
    if entry is None:
        return None
    try:
        published = [_published(job.key, item) for item in entry["published"]]
        warnings = [Diagnostic(*item) for item in entry["warnings"]]
    except (KeyError, TypeError, ValueError):  # written by another layout: make it again
        return None
    if not all(run.context.sink.intact(p.files) for p in published):
        return None
    if not all(run.context.made.pieces.has(p.piece) for p in published):  # pieces gone: a miss, not an error
        return None
    for p in published:  # the last build's record of them is done with as each is checked, not after them all
        run.last.claim(p.files)
    return Made(job.job, published, warnings=warnings)


def _published(key: str, item: dict[str, Any]) -> Published:
    record = Record(item["id"], item["show"], item["published"], tuple(item["people"]))
    piece = f"{key}/{item['n']}"  # the handle make_one gave it
    return Published(record, dict(item["files"]), piece=piece, digests=dict(item["digests"]))


def _entry(made: Made) -> dict[str, Any]:
    published = [
        {"n": n, "id": p.record.id, "show": p.record.show, "published": p.record.published}
        | {"people": list(p.record.people), "files": p.files, "digests": p.digests}
        for n, p in enumerate(made.published)
    ]
    warnings = [[w.message, w.path, w.line, w.severity] for w in made.warnings]
    return {"published": published, "warnings": warnings}


def _sidecar(reference: Reference | None, made: Made, kind: str) -> EpisodeDraft | None:
    """The transcript or audio file's draft an episode takes its turns or its audio from, loaded here in the worker
    (a transcript never passes through the main process); its reader's warnings are reported with the episode."""
    if reference is None:
        return None
    loaded = context().drafts.get(reference.handle)
    if loaded is None:
        raise SourceError(f"the cached drafts of its {kind} file vanished during the build; run again")
    draft = loaded.drafts[reference.index]
    made.warnings += draft.diagnostics()
    return draft


class _Pictures:
    """Pictures the sources hold, published through the sink as they are placed; what they became, for the
    episode's record of its files."""

    def __init__(self) -> None:
        self.files: dict[str, int] = {}
        self.changed: list[str] = []

    def place(self, picture: Picture) -> str | None:
        run = context()
        path = picture_path(picture.data, picture.mime)
        if run.sink.asset(path, picture.data):
            self.changed.append(path)
        self.files[path] = len(picture.data)
        return run.settings.site.url(path)


def make_one(job: MakeJob) -> Made:
    with context().made.store.batch():  # its pieces, entry and last good episodes in one transaction
        return _make_one(job)


def _make_one(job: MakeJob) -> Made:
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
            transcript = _sidecar(assignment.transcript, made, "transcript")
            audio = _sidecar(assignment.audio, made, "audio")
            registry, pictures = run.settings.registry, _Pictures()
            episode = complete(
                draft, assignment, spec.options, spec.option_index, registry, transcript, audio, pictures.place
            )
            published = run.sink.publish(episode, f"{job.key}/{len(made.published)}")
            if pictures.files:
                files, changed = {**published.files, **pictures.files}, [*published.changed, *pictures.changed]
                published = replace(published, files=files, changed=changed)
            made.published.append(published)
            made.warnings += [Diagnostic(message, draft.path, draft.line) for message in published.warnings]
            good.append(episode.document())
        except SourceError as exc:
            made.errors.append(exc.located(draft.path))
        except Exception as exc:  # a bug of ours costs this source, not the build
            if (fault := EnvironmentFault.of(exc)) is not None and _writing(fault, run):
                raise fault from None  # a full disk or no permission: the machine's, and every source's
            made.errors.append(InternalError.of(exc, draft.path))
        made.warnings += draft.diagnostics()
    if not made.errors:
        run.made.put(job.key, _entry(made))
        if job.whole:
            run.cache.store_last_good(job.job.origin, good)
    return made


def _writing(fault: EnvironmentFault, run: Context) -> bool:
    """The fault was met writing what the build publishes or caches (not reading a source's file, which
    costs that source only): a full disk or a failed device anywhere, a refusal in the out folder or cache."""
    if fault.code == 74 or fault.message == "read-only file system":
        return True
    folder = getattr(getattr(run.sink, "folder", None), "root", None)
    places = [str(p) for p in (folder, run.made.store.path) if p is not None]
    return fault.path is not None and any(fault.path.startswith(place) for place in places)
