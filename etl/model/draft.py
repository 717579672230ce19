"""What a reader hands to the transform: everything a source says, nothing derived yet.

Every field a draft shares with the published model is inherited from it (`EpisodeContent`,
`Chapter`, `Turn`), so the two cannot drift; a draft adds only where it came from (path,
lines) and what is not resolved yet (people by reference, paragraphs before turns). Ids,
guids, shows, speaker names from the registry and turns are the transform's job, never a reader's.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from etl.errors import Diagnostic, SourceError
from etl.model import Chapter, Episode, EpisodeContent, Link, Source, Turn
from etl.util.text import UNCARRYABLE

_MUTABLE = ConfigDict(extra="forbid", frozen=False)

# What a source is. A chapters file supplies another episode's chapters (`target:`, or its `sNNeMM` name); a
# transcript file its transcript when it names one that way, else it is an episode of its own (etl.transform.plan).
Kind = Literal["episode", "transcript", "chapters", "audio"]
# How a transcript file's cues become paragraphs (etl.transform.paragraphs): after sentences, or at pauses.
Grouping = Literal["sentence", "pause"]


class Note(BaseModel):
    model_config = _MUTABLE

    message: str
    line: int | None = None
    severity: Literal["warning", "note"] = "warning"


class Picture(BaseModel):
    """A picture a source holds in itself (an audio file's cover or a chapter's image): published as a file named by
    its bytes, then linked where the model takes an image."""

    # base64 in the draft cache's JSON (pydantic would write bytes as UTF-8 text, which they are not)
    model_config = ConfigDict(extra="forbid", frozen=False, ser_json_bytes="base64", val_json_bytes="base64")

    data: bytes
    mime: str
    chapter: int | None = None  # the draft's chapter it belongs to; None: the episode's cover


class PersonRef(BaseModel):
    """A person as a source or an `etl.yaml` override names them: a registry `id`, a `name`, or both."""

    model_config = _MUTABLE

    id: str | None = None
    name: str | None = None
    role: str | None = Field(default="guest", description="None: unknown (a voice in a transcript file).")
    aliases: list[str] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    href: str | None = None  # a page about them (a feed's podcast:person gives one)
    img: str | None = None

    @model_validator(mode="after")
    def _named(self) -> PersonRef:
        if not self.id and not self.name:
            raise ValueError("a person needs an `id` or a `name`")
        return self


class PersonDraft(PersonRef):
    line: int | None = None


class ChapterDraft(Chapter):
    line: int | None = None

    def to_chapter(self) -> Chapter:
        return Chapter(start=self.start, title=self.title, url=self.url, img=self.img, toc=self.toc)


class Paragraph(NamedTuple):
    """A run of text by one speaker (None: unknown) from `start` seconds (None: unknown), and the source line it
    was read on: a draft's paragraph, or a piece of a transcript file (a caption or subtitle cue, a segment) that
    the transform groups into paragraphs once the episode's chapters are known.

    A tuple, not a model: a transcript has thousands, and the draft cache stores and loads every one (as a
    pydantic model each was ~6 µs: built, dumped, validated again). Made by `of`, which holds it to what a Turn
    may hold, so turns are built from paragraphs without checking them again (etl.transform.complete)."""

    start: float | None
    text: str
    line: int | None = None
    speaker: str | None = None

    @classmethod
    def of(cls, speaker: str | None, start: float | None, text: str, line: int | None = None) -> Paragraph:
        """Text and speaker without what XML cannot carry (scrubbed), a start of zero or more; anything else is
        refused as a Turn refuses it (ValidationError)."""
        if (
            text
            and (start is None or 0 <= start < math.inf)
            and UNCARRYABLE.search(text) is None
            and (speaker is None or UNCARRYABLE.search(speaker) is None)
        ):
            return cls(None if start is None else float(start), text, line, speaker)
        checked = Turn(speaker=speaker, start=start, text=text)
        return cls(checked.start, checked.text, line, checked.speaker)


class ChannelDraft(BaseModel):
    """What a feed's channel says about its show: it fills the show's settings that etl.yaml leaves empty."""

    model_config = _MUTABLE

    title: str | None = None
    description: str | None = None
    author: str | None = None
    image: str | None = None
    link: str | None = None
    language: str | None = None
    categories: list[str] = Field(default_factory=list)  # `Main/Sub`, as etl.yaml writes them
    owner_name: str | None = None
    owner_email: str | None = None
    explicit: bool | None = None
    guid: str | None = None  # podcast:guid, else the UUIDv5 of the feed's self URL (atom:link rel="self")
    settings: dict[str, Any] = Field(
        default_factory=dict, description="Further show settings the channel says, in etl.yaml's shape."
    )
    feed: bool = True  # a feed's channel, whose identity (podcast:guid) the show keeps; False: an audio file's tags


class Said:
    """What a draft and its head (etl.transform.heads.Head) share: what is said about them, at which line, and
    where they came from. No fields of its own (a pydantic model and a slotted dataclass both take it)."""

    __slots__ = ()

    if TYPE_CHECKING:
        path: str
        format: str
        sha256: str
        origin: str
        notes: list[Note]

    def warn(self, message: str, line: int | None = None) -> None:
        self.notes.append(Note(message=message, line=line))

    def note(self, message: str, line: int | None = None) -> None:
        """What the reader left out or decided on purpose: shown with `-v`, never counted as a warning."""
        self.notes.append(Note(message=message, line=line, severity="note"))

    def diagnostics(self) -> list[Diagnostic]:
        """In line order (a reader may find a problem after one further down), unlocated ones first."""
        ordered = sorted(self.notes, key=lambda n: n.line or 0)
        return [Diagnostic(n.message, self.path, n.line, n.severity) for n in ordered]

    def provenance(self) -> Source:
        """This draft's own entry in the episode's `sources`."""
        return Source(path=self.origin or self.path, format=self.format, sha256=self.sha256)


class EpisodeDraft(EpisodeContent, Said):
    model_config = _MUTABLE

    path: str
    format: str
    sha256: str = ""
    origin: str = Field(default="", description="Provenance path: relative to the build's base folder.")
    key: str = Field(description="Source-local name, used for the id when there is no season/episode.")
    kind: Kind = Field(
        default="episode",
        description="What the source is: an episode, or a transcript or chapters that may complete another one.",
    )
    line: int | None = None
    lines: dict[str, int] = Field(
        default_factory=dict, description="Where in the source a field's value was found: a refusal names that line."
    )
    duration_overridden: bool = False
    people: list[PersonDraft] = Field(default_factory=list)
    chapters: list[ChapterDraft] = Field(default_factory=list)
    paragraphs: list[Paragraph] = Field(default_factory=list)
    cues: list[Paragraph] = Field(
        default_factory=list,
        description="A transcript file's timed pieces: grouped into paragraphs (etl.transform.paragraphs) by the "
        "transform, once the episode's chapters are known.",
    )
    grouping: Grouping = "pause"
    merged: list[Source] = Field(default_factory=list, description="Sidecars merged into this episode.")
    channel: ChannelDraft | None = Field(default=None, description="A feed's channel (on its first item's draft).")
    notes: list[Note] = Field(default_factory=list, description="Warnings the reader raised.")
    pictures: list[Picture] = Field(default_factory=list, description="Pictures held in the source itself.")
    relative: list[str] = Field(
        default_factory=list,
        description="Relative URLs the source gave that no `site_url` resolved: left out (the build says so once "
        "per source).",
    )

    def refusal(self, error: ValidationError) -> SourceError:
        """A value of this draft the model refuses, as the error a user reads: the field, why, what the field
        accepts, at the line the value came from."""
        first = error.errors()[0]
        loc = first["loc"]
        where = ".".join(str(p) for p in loc)
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] in ("too_short", "string_too_short") and isinstance(first.get("input"), str):
            message = f"{first['input']!r} is empty"  # pydantic counts "items" of a string it cleaned first
        field = Episode.model_fields.get(str(loc[0])) if loc else None
        accepted = f"; accepted: {field.description}" if field and field.description and len(loc) == 1 else ""
        said = f"{where}: {message}{accepted}" if where else message
        return SourceError(said, self.path, self._line_for(loc, message))

    def _line_for(self, loc: tuple[Any, ...], message: str) -> int | None:
        """The source line behind a refused value: the field's own line where the reader noted it, the item's
        own line, else the last chapter for chapter-wide rules (only the last one can run past the end), else the
        episode's first line."""
        if loc and loc[0] in self.lines:
            return self.lines[str(loc[0])]
        if len(loc) >= 2 and loc[0] in ("chapters", "people") and isinstance(loc[1], int):
            items = getattr(self, loc[0])
            if loc[1] < len(items):
                return items[loc[1]].line
        if ((loc and loc[0] == "chapters") or (not loc and "chapter" in message)) and self.chapters:
            return self.chapters[-1].line
        return self.line
