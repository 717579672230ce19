"""What a reader hands to the transform: everything a source says, nothing derived yet.

Drafts carry source line numbers so the transform can point at the line behind a bad
value; the published `Episode` drops them. Ids, guids, shows, speaker names from the
registry and turns are the transform's job, never a reader's.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from etl.errors import Diagnostic
from etl.model import Chapter, Enclosure, Link, Source


class _Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Note(_Draft):
    message: str
    line: int | None = None


class PersonDraft(_Draft):
    name: str | None = None
    id: str | None = None
    role: str = "guest"
    aliases: list[str] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    line: int | None = None


class ChapterDraft(_Draft):
    start: float
    title: str
    url: str | None = None
    line: int | None = None

    def to_chapter(self) -> Chapter:
        return Chapter(start=self.start, title=self.title, url=self.url)


class Paragraph(_Draft):
    """A run of text by one speaker (None: unknown) starting at `start` seconds (None: unknown)."""

    speaker: str | None
    start: float | None
    text: str
    line: int | None = None


class EpisodeDraft(_Draft):
    path: str
    format: str
    sha256: str = ""
    origin: str = Field(default="", description="Provenance path: relative to the build's base folder.")
    key: str = Field(description="Source-local name, used for the id when there is no season/episode.")
    sidecar: bool = Field(default=False, description="Supplies chapters to another episode; not one itself.")
    line: int | None = None
    title: str | None = None
    season: int | None = None
    episode: int | None = None
    published: str | None = None
    duration: float | None = None
    duration_overridden: bool = False
    summary: str | None = None
    topics: list[str] = Field(default_factory=list)
    episode_type: str = "full"
    explicit: bool | None = None
    link: str | None = None
    image: str | None = None
    enclosure: Enclosure | None = None
    people: list[PersonDraft] = Field(default_factory=list)
    chapters: list[ChapterDraft] = Field(default_factory=list)
    paragraphs: list[Paragraph] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    merged: list[Source] = Field(default_factory=list, description="Sidecars merged into this episode.")
    notes: list[Note] = Field(default_factory=list, description="Warnings the reader raised.")

    def warn(self, message: str, line: int | None = None) -> None:
        self.notes.append(Note(message=message, line=line))

    def diagnostics(self) -> list[Diagnostic]:
        return [Diagnostic(n.message, self.path, n.line) for n in self.notes]
