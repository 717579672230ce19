"""Stage 2, scan (in worker processes): each source's drafts, from the cache or extracted and stored there.

Only heads (drafts without transcripts) go back to the main process, for the plan.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from etl import extract as readers
from etl.errors import InternalError, SourceError
from etl.extract.common import Options
from etl.model.draft import EpisodeDraft
from etl.pipeline.cache import Drafts
from etl.pipeline.run import Run
from etl.pipeline.sources import decode, read_source
from etl.pipeline.values import Scanned, SourceJob
from etl.pipeline.workers import Workers, context
from etl.transform.heads import head, held
from etl.util.media import HEAD_BYTES, sniff


def scan(run: Run, workers: Workers, jobs: list[SourceJob]) -> list[Scanned]:
    """Every job's scan, in job order; errors and warnings go to the report as they arrive."""
    report, verbose = run.report, run.options.verbose
    scanned = []
    for job, result in zip(jobs, workers.map(scan_one, jobs), strict=True):
        result.job = job  # sent back without it (etl.pipeline.values._without_job)
        display = result.job.spec.display
        if verbose:
            report.verbose += [f"{display}: detect: {reason}" for reason in result.reasons]
            if result.cached:
                report.verbose.append(f"{display}: cached (unchanged since the last build)")
        result.reasons = []  # a dozen verdicts a source: ~35 MB held through the plan at 20,000 sources
        report.add(result.warnings)
        if result.error:
            report.errors.append(result.error)
            run.failed.add(result.job.origin)
        scanned.append(result)
    return scanned


def scan_one(job: SourceJob) -> Scanned:
    store = context().drafts
    whole = bool(job.spec.options and job.spec.options.enrich)  # an enrich feed's items stay whole
    hit = store.get(job.key, "heads")
    if hit is not None:
        return Scanned(job, [held(d, whole) for d in hit.drafts], hit.reasons, hit.warnings, cached=True)
    scanned = Scanned(job)
    try:
        found = extract_one(job, scanned)
        heads = [_head(d, whole) for d in found.drafts]
    except SourceError as exc:
        scanned.error = exc.located(job.spec.display)
        return scanned
    except Exception as exc:  # a reader's bug costs this source, not the build
        scanned.error = InternalError.of(exc, job.spec.display)
        return scanned
    store.put(job.key, found, heads)
    scanned.heads = [held(d, whole) for d in heads]
    return scanned


def _head(draft: EpisodeDraft, whole: bool) -> EpisodeDraft:
    """A head is validated as it is made: a value the reader set and no draft may hold is refused here."""
    try:
        return head(draft, whole)
    except ValidationError as exc:
        raise draft.refusal(exc) from None


def extract_one(job: SourceJob, scanned: Scanned) -> Drafts:
    """One source's drafts, stamped with their provenance (raises SourceError). Verdicts and decoding
    warnings go into `scanned` as they are found, so they are reported even when the reader fails."""
    settings = context().settings
    display = job.spec.display
    given = job.spec.options
    options = Options(site_url=given.site_url, media_url=given.media_url) if given else Options()
    if is_audio(job.spec.path, job.format):  # read where it lies, by seeking: never whole into memory
        choice = readers.choose_audio(display, job.format)
        scanned.reasons = choice.reasons
        drafts = readers.read_audio(str(job.spec.path), display, options)
        sha256 = job.sha256  # streamed by the read stage, once per change of the file
    else:
        raw = read_source(job.spec.path, settings.config.max_source_bytes)
        if raw.sha256 != job.sha256:  # the drafts would be cached under the old bytes' key
            raise SourceError("the source changed while the build was reading it; run again", display)
        text, scanned.warnings = decode(raw.data, display)
        choice = readers.choose(text, display, job.format)
        scanned.reasons = choice.reasons
        try:
            drafts = readers.read(choice, text, display, options, scrubbed=True)  # decode() scrubbed it
        except RecursionError:
            raise SourceError("source nested too deeply to read", display) from None
        sha256 = raw.sha256
    for draft in drafts:
        draft.sha256, draft.origin = sha256, job.origin
    return Drafts(drafts=drafts, reasons=choice.reasons, warnings=scanned.warnings)


def is_audio(path: Path, forced: str | None) -> bool:
    """An audio file, by its first bytes (or `--format audio`)."""
    if forced:
        return forced == readers.AUDIO_NAME
    try:
        with path.open("rb") as handle:
            return sniff(handle.read(HEAD_BYTES)) is not None
    except OSError:
        return False  # reading it as text says what is wrong
