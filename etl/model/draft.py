"""What a reader hands to the transform: everything a source says, nothing derived yet.

Every field a draft shares with the published model is inherited from it (`EpisodeContent`,
`Chapter`, `Turn`), so the two cannot drift; a draft adds only where it came from (path,
lines) and what is not resolved yet (people by reference, paragraphs before turns). Ids,
guids, shows, speaker names from the registry and turns are the transform's job, never a reader's.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from etl.errors import Diagnostic
from etl.model import Chapter, EpisodeContent, Link, Source, Turn

_MUTABLE = ConfigDict(extra="forbid", frozen=False)

# What a source is. A chapters file supplies another episode's chapters (`target:`, or its `sNNeMM` name); a
# transcript file its transcript when it names one that way, else it is an episode of its own (etl.transform.plan).
Kind = Literal["episode", "transcript", "chapters"]
# How a transcript file's cues become paragraphs (etl.transform.paragraphs): after sentences, or at pauses.
Grouping = Literal["sentence", "pause"]


class Note(BaseModel):
    model_config = _MUTABLE

    message: str
    line: int | None = None
    severity: Literal["warning", "note"] = "warning"


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


class Paragraph(Turn):
    """A run of text by one speaker (None: unknown) starting at `start` seconds (None: unknown)."""

    model_config = _MUTABLE

    line: int | None = None


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


class EpisodeDraft(EpisodeContent):
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
