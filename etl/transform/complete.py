"""One draft and what the plan decided for it, in; one validated episode out.

Order of work: apply the source's config (show, overrides) -> take the plan's id and any merged
chapter list -> reconcile the duration with the chapters -> resolve people and speakers
(`etl.transform.people`) -> build turns -> validate with pydantic, then against the published schema
(`etl.model.schema`). A failure costs only this episode; it comes back as a SourceError with the
source line behind it. Decisions that need every source at once live in `etl.transform.plan`.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import ValidationError

from etl.config import SourceConfig
from etl.errors import SourceError
from etl.model import Episode, EpisodeContent, ShowRef, Source, Turn
from etl.model.draft import ChapterDraft, EpisodeDraft, Paragraph, PersonDraft, Picture
from etl.model.guids import episode_guid
from etl.model.schema import validate_document
from etl.transform import enrich, paragraphs, people
from etl.transform.enrich import Enrichment
from etl.transform.heads import Planned
from etl.transform.registry import Registry
from etl.util.text import humanize_stem, squash


@dataclass(slots=True)
class Assignment:
    """What the plan decided for one episode draft: its id and show, and what other sources complete it."""

    index: int  # of the draft in its source
    episode_id: str
    show: ShowRef
    chapters: list[ChapterDraft] | None = None  # a chapters file's (small: carried by the plan itself)
    transcript: Reference | None = None  # a transcript file's: loaded by whoever makes the episode
    merged: list[Source] = field(default_factory=list)
    enrich: Enrichment | None = None  # a feed item's values, for what the episode's own source lacks
    timezone: str = "UTC"  # the show's: a date-time without an offset is read in it
    audio: Reference | None = None  # the episode's own audio file's: loaded by whoever makes the episode


@dataclass(frozen=True, slots=True)
class Reference:
    """Where another source's draft is: its whole drafts' handle (the draft cache key) and its index there."""

    handle: str
    index: int


def prepare(draft: Planned, options: SourceConfig | None, option_index: int | None, timezone: str = "UTC") -> None:
    """Per-source config applied to one draft or head; idempotent, so the plan (on heads) and completion agree."""
    if options:
        override = options.override
        for key in sorted(override.model_fields_set - {"id", "people"}):
            if hasattr(draft, key):  # a head carries only what the plan reads (etl.transform.heads.Head)
                setattr(draft, key, getattr(override, key))
        if isinstance(draft, EpisodeDraft):
            draft.duration_overridden = "duration" in override.model_fields_set
            if override.people is not None:
                draft.people = [PersonDraft.model_validate(p.model_dump()) for p in override.people]
    if draft.published and "T" in draft.published:
        moment = dt.datetime.fromisoformat(draft.published)
        if moment.tzinfo is None:  # a page's `2019-04-02 18:30:00`: a time in the show's zone
            draft.published = moment.replace(tzinfo=zoneinfo.ZoneInfo(timezone)).isoformat()
            said = f"date-time {moment.isoformat()} has no offset: read in {timezone} (the show's `timezone`)"
            draft.note(said, draft.lines.get("published", draft.line))
    if draft.title and draft.title != squash(draft.title):  # a feed item's title never holds a newline
        draft.title = squash(draft.title)
    if not draft.title:
        draft.title = humanize_stem(draft.path)
        key = f"sources[{option_index}].override.title" if option_index is not None else "sources[].override.title"
        draft.warn(f"no title in the source; using {draft.title!r} (set `{key}` in etl.yaml)", draft.line)


def complete(
    draft: EpisodeDraft,
    assignment: Assignment,
    options: SourceConfig | None,
    option_index: int | None,
    registry: Registry,
    transcript: EpisodeDraft | None = None,
    audio: EpisodeDraft | None = None,
    place: Place | None = None,
) -> Episode:
    """One full draft and its plan (with the transcript and audio files it names, loaded) to a validated Episode
    (raises SourceError). `place` publishes a picture the sources hold and gives its URL."""
    prepare(draft, options, option_index, assignment.timezone)
    if assignment.enrich is not None:
        enrich.apply(draft, assignment.enrich)
    if assignment.chapters is not None:
        draft.chapters = list(assignment.chapters)
    if transcript is not None:
        merge_transcript(draft, transcript)
    if audio is not None:
        overridden = options.override.model_fields_set if options else set()
        merge_audio(draft, audio, overridden)
    if draft.pictures:
        place_pictures(draft, place)
    draft.merged = list(assignment.merged)
    return finish(draft, assignment.show, assignment.episode_id, registry)


Place = Callable[[Picture], "str | None"]


def merge_audio(draft: EpisodeDraft, audio: EpisodeDraft, overridden: set[str]) -> None:
    """The episode's own audio gives its exact enclosure (length and type) and duration, over what a page or a
    feed typed by hand (etl.yaml's `override` still wins); its chapters fill an episode that has none: when a text
    source gave chapters too, theirs are kept (edited by hand, newer than the audio's), with a warning; its cover
    is the episode's art when no source names one."""
    if audio.enclosure is not None and "enclosure" not in overridden:
        if draft.enclosure is not None and draft.enclosure != audio.enclosure:
            draft.note(f"enclosure {audio.enclosure.url} ({audio.enclosure.length} bytes) from {audio.path}")
        draft.enclosure = audio.enclosure
    if audio.duration is not None and not draft.duration_overridden:
        if draft.duration is not None and abs(draft.duration - audio.duration) >= 1:
            draft.warn(
                f"duration {draft.duration:g} s differs from the audio's {audio.duration:g} s ({audio.path}); "
                "the audio's is used",
                draft.lines.get("duration", draft.line),
            )
        draft.duration = audio.duration
    if audio.chapters and draft.chapters:
        draft.warn(
            f"chapters from {audio.path} are left out: the episode's text sources give chapters of their own, "
            "kept as newer than the audio's",
            draft.chapters[0].line,
        )
    elif audio.chapters:
        draft.chapters = list(audio.chapters)
        draft.pictures += [p for p in audio.pictures if p.chapter is not None]
    if draft.image is None:
        draft.pictures += [p for p in audio.pictures if p.chapter is None][:1]


def place_pictures(draft: EpisodeDraft, place: Place | None) -> None:
    """Each picture published (once, by its bytes) and linked: the cover as the episode's image when it has none,
    a chapter's as its image. Without a way to link them (no base URL), they are left out with one warning."""
    linked = {id(picture): place(picture) if place else None for picture in draft.pictures}
    for picture in draft.pictures:
        url = linked[id(picture)]
        if url is None:
            continue
        if picture.chapter is None:
            draft.image = draft.image or url
        elif picture.chapter < len(draft.chapters) and draft.chapters[picture.chapter].img is None:
            chapter = draft.chapters[picture.chapter]
            draft.chapters[picture.chapter] = chapter.model_copy(update={"img": url})
    if any(url is None for url in linked.values()):
        draft.warn(
            f"{len(draft.pictures)} picture(s) in the audio cannot be linked without a base URL "
            "(`base_url` in etl.yaml or --base-url); left out"
        )
    draft.pictures = []


def merge_transcript(draft: EpisodeDraft, transcript: EpisodeDraft) -> None:
    """A transcript file's turns replace the episode's, and its voices join the episode's people. Its chapters
    (caption headings) are taken only when the episode has none."""
    draft.paragraphs, draft.cues, draft.grouping = (
        list(transcript.paragraphs),
        list(transcript.cues),
        transcript.grouping,
    )
    draft.people = [*draft.people, *(p for p in transcript.people if p.role is None)]
    if not draft.chapters and transcript.chapters:
        draft.chapters = list(transcript.chapters)


def finish(draft: EpisodeDraft, show: ShowRef, episode_id: str, registry: Registry) -> Episode:
    """One draft, already merged and overridden, to a validated Episode."""
    reconcile_duration(draft)
    if any(a.start > b.start for a, b in zip(draft.chapters, draft.chapters[1:], strict=False)):
        draft.warn("chapters are out of order; sorted by start time", draft.chapters[0].line)
        draft.chapters.sort(key=lambda c: c.start)
    draft.clips.sort(key=lambda c: c.start)
    listed = [c.start for c in draft.chapters if c.toc]
    if draft.cues:  # a transcript file's: grouped now that the chapters are known
        draft.paragraphs = paragraphs.group(draft.cues, listed, draft.grouping)
    credited = people.resolve(draft, registry)
    try:
        episode = Episode(
            **{name: getattr(draft, name) for name in EpisodeContent.model_fields if name != "guid"},
            id=episode_id,
            guid=draft.guid or episode_guid(show.id, episode_id),
            show=show,
            people=credited,
            chapters=[c.to_chapter() for c in draft.chapters],
            turns=build_turns(draft.paragraphs, listed),
            sources=[draft.provenance(), *draft.merged],
        )
    except ValidationError as exc:
        raise draft.refusal(exc) from None
    try:
        validate_document(episode.document())
    except SourceError as exc:
        field = re.match(r"schema: (\w*)", exc.message)
        raise exc.located(draft.path, draft.lines.get(field.group(1) if field else "", draft.line)) from None
    return episode


def reconcile_duration(draft: EpisodeDraft) -> None:
    """Sources often give the audio's length but time chapters on a longer recording (131 of the
    DataTalks corpus pages, and their chapter lists). The chapters are the richer data, so a
    source's duration that ends before them is dropped with a warning; a duration set in
    etl.yaml is trusted and the episode fails instead."""
    timed = [("chapter", c.start) for c in draft.chapters] + [("clip", c.start) for c in draft.clips]
    if draft.duration is None or not timed or draft.duration_overridden:
        return
    what, last = max(timed, key=lambda found: found[1])
    if last > draft.duration:
        draft.warn(
            f"duration {draft.duration:g} s ends before the {what} at {last:g} s "
            "(timed on a longer recording?); duration left unknown",
            draft.line,
        )
        draft.duration = None


def build_turns(paragraphs: list[Paragraph], chapter_starts: list[float]) -> list[Turn]:
    """Maximal runs of one known speaker's paragraphs, broken wherever a chapter starts.

    An unknown speaker (None) never merges with a neighbour: two unlabelled lines may be
    two people. Paragraphs without a time stay in the turn they fall in.
    """
    turns: list[tuple[str | None, list[float | None], list[str]]] = []  # speaker, [start], texts
    upcoming = sorted(chapter_starts)
    index = 0
    for paragraph in paragraphs:
        boundary = False
        if paragraph.start is not None:
            while index < len(upcoming) and paragraph.start >= upcoming[index]:
                index += 1
                boundary = True
        last = turns[-1] if turns else None
        if last and not boundary and paragraph.speaker is not None and paragraph.speaker == last[0]:
            last[2].append(paragraph.text)
            if last[1][0] is None:
                last[1][0] = paragraph.start
        else:
            turns.append((paragraph.speaker, [paragraph.start], [paragraph.text]))
    # the paragraphs' own values, each validated when its paragraph was made (and on any assignment since):
    # not checked again, a transcript has thousands
    return [Turn.model_construct(speaker=who, start=at[0], text="\n\n".join(texts)) for who, at, texts in turns]
