"""The episode model: the one contract between readers (extractors) and writers (loaders).

`Episode` is what consumers read in `output/episodes/<id>.json`; its JSON Schema (`etl.model.schema`) is
committed as `schemas/episode.schema.json`. Changing a field here changes the contract:
regenerate the schema (`make schema`) and say so in the commit.
"""

from __future__ import annotations

import itertools
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from etl.model.types import HttpUrl, Published, SafeHtml, Seconds, Slug, Text

SCHEMA_VERSION = "1.2.0"  # MAJOR.MINOR.PATCH: docs/model.md says what each may change


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ShowRef(_Strict):
    """The show an episode belongs to."""

    id: Slug = Field(
        description="The show's id from `etl.yaml`; stable, and the name of its feed (`feeds/<id>.xml`).",
        examples=["datatalks"],
    )
    title: Text = Field(min_length=1, description="The show's title as configured.", examples=["DataTalks.Club"])


class Link(_Strict):
    """A link a source gives (show notes, a person's profiles)."""

    url: HttpUrl = Field(description="Absolute http(s) URL.", examples=["https://github.com/marenholt"])
    title: Text | None = Field(
        default=None, description="The link's text; null when the source gave a bare URL.", examples=["GitHub"]
    )


class PersonBase(_Strict):
    """Who a person is: shared by the people registry (config) and the people credited in an episode."""

    name: Text = Field(min_length=1, description="Full name as it is shown.", examples=["Maren Holt"])
    role: Text = Field(
        default="guest",
        min_length=1,
        description="Podcasting 2.0 person role, lower-cased (host, guest, co-host, editor, …).",
        examples=["guest"],
    )
    id: Text | None = Field(
        default=None,
        description="Key in the people registry; stable across episodes; null for someone not registered.",
        examples=["marenholt"],
    )
    aliases: list[Text] = Field(
        default_factory=list, description="Other spellings sources use for this person.", examples=[["Maren"]]
    )
    href: HttpUrl | None = Field(
        default=None, description="The person's main page (Podcasting 2.0 `href`); null when unknown."
    )
    img: HttpUrl | None = Field(default=None, description="A picture of the person; null when unknown.")
    links: list[Link] = Field(default_factory=list, description="Profiles and pages, in the source's order.")


class Person(PersonBase):
    """Someone heard or credited in an episode; `role` follows the Podcasting 2.0 taxonomy, lower-cased."""

    group: Text = Field(
        default="cast",
        min_length=1,
        description="Podcasting 2.0 person group of the role (cast, writing, audio post-production, …).",
        examples=["cast"],
    )


class Chapter(_Strict):
    """A chapter; an episode's chapters are sorted by start."""

    start: Seconds = Field(description="Seconds from the start of the audio, a whole number.", examples=[205])
    title: Text = Field(min_length=1, description="The chapter's title.", examples=["When a nightly batch is enough"])
    url: HttpUrl | None = Field(default=None, description="A page about this chapter; null when none.")
    img: HttpUrl | None = Field(default=None, description="An image for this chapter; null when none.")
    toc: bool = Field(
        default=True,
        description="False: a chapter kept for its image or link at that time, not listed as a chapter "
        "(Podcasting 2.0 `toc`).",
    )


class Clip(_Strict):
    """A moment worth hearing on its own: a soundbite, a highlight (Podcasting 2.0 `podcast:soundbite`)."""

    start: Seconds = Field(description="Seconds from the start of the audio, a whole number.", examples=[126])
    duration: Seconds = Field(gt=0, description="How long it runs, in seconds.", examples=[49])
    title: Text | None = Field(
        default=None,
        min_length=1,
        description="What it is about; null when the source gives no title.",
        examples=["Why a nightly batch is often enough"],
    )


class Turn(_Strict):
    """One speaker's maximal run of lines, never crossing a chapter start."""

    speaker: Text | None = Field(
        description="Who speaks: a person's `name` when known, else as the source wrote it; null when no source says.",
        examples=["Maren Holt"],
    )
    start: Seconds | None = Field(
        description="Seconds from the start of the audio, a whole number; null when the source has no times "
        "(then the turns are in reading order). Timed turns never go back in time.",
        examples=[98],
    )
    text: Text = Field(
        min_length=1,
        description="What was said; paragraphs separated by a blank line (`\\n\\n`).",
        examples=["So when is a nightly batch good enough?"],
    )


class Source(_Strict):
    """One input file this episode was made from."""

    path: Text = Field(
        description="Path relative to the build's base folder (or the file name when outside it).",
        examples=["fixtures/datatalks/s01e01-streaming-for-small-teams.md"],
    )
    format: Text = Field(description="The reader that read it (see docs/source-formats.md).", examples=["datatalks"])
    sha256: Text = Field(
        pattern=r"^[0-9a-f]{64}$",
        description="SHA-256 of the file's bytes, lower-case hex: changes exactly when the file does.",
        examples=["6fddd27e7ebc44c90941260aaea904febbfd99608681810b135ec21dd3058c06"],
    )


class Enclosure(_Strict):
    """The audio (or video) file, as the feed's `<enclosure>` gives it."""

    url: HttpUrl = Field(
        description="Where the media file is.", examples=["https://media.example.org/datatalks/s01e01.mp3"]
    )
    length: int = Field(ge=0, description="Size in bytes; 0 when unknown.", examples=[12000000])
    type: Text = Field(
        default="audio/mpeg", pattern=r"^[a-z]+/[a-z0-9.+-]+$", description="MIME type.", examples=["audio/mpeg"]
    )


class EpisodeContent(_Strict):
    """What a source (or an `etl.yaml` override) says about an episode directly, value for value.

    Declared once: `Episode` publishes these fields, reader drafts (`etl.model.draft`) and overrides
    (`etl.config`) inherit them, so a new field is one line here.
    """

    title: Text | None = Field(default=None, min_length=1, description="The episode's title.")
    guid: Text | None = Field(
        default=None,
        min_length=1,
        description="Stable for the life of the episode: as the source (a feed moving in) gives it, kept verbatim; "
        "else minted by etl as a UUIDv5 over the show id and episode id.",
    )
    season: int | None = Field(
        default=None, ge=0, description="Season number; null when the show has none.", examples=[1]
    )
    episode: int | None = Field(
        default=None,
        ge=0,
        description="Episode number within the season (or show); null when unnumbered.",
        examples=[1],
    )
    episode_type: Literal["full", "trailer", "bonus"] = Field(
        default="full", description="As in Apple's `itunes:episodeType`.", examples=["full"]
    )
    published: Published | None = Field(
        default=None,
        description="Publication date (`YYYY-MM-DD`) or date-time with its offset, ISO 8601, as the source gives "
        "it; null when no source says.",
        examples=["2024-03-05"],
    )
    duration: Seconds | None = Field(
        default=None, description="Length of the audio in seconds, a whole number; null when unknown.", examples=[750]
    )
    summary: Text | None = Field(
        default=None,
        description="Plain-text description; paragraphs separated by a blank line, list items start with `- `.",
        examples=["Maren Holt has built event pipelines at two start-ups with fewer than five engineers."],
    )
    summary_html: SafeHtml | None = Field(
        default=None,
        description="The same show notes as HTML, links where the source put them: only `p ul ol li a br strong "
        "em`, `href` on links, http(s) and mailto URLs; null when the source's notes are plain text (then "
        "`summary` is all there is).",
        examples=[
            '<p>Maren Holt has built event pipelines at <a href="https://example.org/maren">two start-ups</a>.</p>'
        ],
    )
    topics: list[Text] = Field(
        default_factory=list,
        description="Keywords, in the source's order.",
        examples=[["streaming", "data engineering"]],
    )
    link: HttpUrl | None = Field(
        default=None, description="The episode's own web page elsewhere, as the source gives it; null when none."
    )
    image: HttpUrl | None = Field(default=None, description="Episode artwork; null: the show's artwork applies.")
    explicit: bool | None = Field(
        default=None, description="Explicit content; null when the source does not say (the show's setting applies)."
    )
    enclosure: Enclosure | None = Field(default=None, description="The media file; null when no source gives one.")
    links: list[Link] = Field(
        default_factory=list,
        description="Every link the show notes give (those inside `summary_html` too), in the source's order, "
        "duplicates removed.",
    )
    clips: list[Clip] = Field(
        default_factory=list,
        description="Moments worth hearing on their own, sorted by start; empty when none.",
    )


class Episode(EpisodeContent):
    """One published episode, merged from every source that describes it."""

    id: Slug = Field(
        description="Never changes for the life of the episode: derived from the show id and season/episode "
        "numbers, else the source file's name, never from the title; names the episode's files "
        "(`episodes/<id>.json`).",
        examples=["datatalks-s01e01"],
    )
    guid: Text = Field(  # a published episode always has one
        min_length=1,
        description="Stable for the life of the episode: as the source (a feed moving in) gives it, kept verbatim; "
        "else minted by etl as a UUIDv5 over the show id and episode id.",
        examples=["1eed6ffb-40fc-5e61-8084-b3247679537a"],
    )
    show: ShowRef = Field(description="The show the episode belongs to.")
    title: Text = Field(  # a published episode always has one
        min_length=1, description="The episode's title.", examples=["Streaming Data for Small Teams"]
    )
    people: list[Person] = Field(
        default_factory=list, description="Everyone credited or heard in the episode, each once, hosts first."
    )
    chapters: list[Chapter] = Field(default_factory=list, description="Chapters, sorted by start; empty when none.")
    turns: list[Turn] = Field(
        default_factory=list,
        description="The transcript: each turn one speaker's run of words, in spoken order; empty when none.",
    )
    sources: list[Source] = Field(min_length=1, description="Every input file the episode was made from.")

    _document: dict[str, Any] | None = PrivateAttr(default=None)

    def document(self) -> dict[str, Any]:
        """`model_dump(mode="json")`, made once: validation and every writer read the same dict (never
        mutate it)."""
        if self._document is None:
            self._document = self.model_dump(mode="json")
        return self._document

    @model_validator(mode="after")
    def _invariants(self) -> Episode:
        starts = [c.start for c in self.chapters]
        if starts != sorted(starts):
            raise ValueError("chapters must be sorted by start")
        if self.duration is not None and starts and starts[-1] > self.duration:
            raise ValueError(
                f"chapter {self.chapters[-1].title!r} starts at {starts[-1]} s, after the end ({self.duration} s)"
            )
        if any(b.start < a.start for a, b in itertools.pairwise(self.clips)):
            raise ValueError("clips must be sorted by start")
        timed = [t.start for t in self.turns if t.start is not None]
        if any(b < a for a, b in itertools.pairwise(timed)):
            raise ValueError("turn starts must not decrease")
        return self
