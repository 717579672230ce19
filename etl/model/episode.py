"""The episode model: the one contract between readers (extractors) and writers (loaders).

`Episode` is what consumers read in `output/episodes/<id>.json`; its JSON Schema (`etl.model.schema`) is
committed as `schemas/episode.schema.json`. Changing a field here changes the contract:
regenerate the schema (`make schema`) and say so in the commit.
"""

from __future__ import annotations

import itertools
from typing import Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from etl.model.parts import Chapter, Clip, Enclosure, Frozen, Link, Person, ShowRef, Source, Turn
from etl.model.publishing import AlternateEnclosure, Funding, Location, Txt, Value
from etl.model.types import HttpUrl, Published, SafeHtml, Seconds, Slug, Text

SCHEMA_VERSION = "1.3.0"  # MAJOR.MINOR.PATCH: docs/model.md says what each may change


class EpisodeContent(Frozen):
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
    short_title: Text | None = Field(
        default=None,
        min_length=1,
        description="The title without the show's name or the episode's number, as Apple shows it beside them "
        "(`itunes:title`); null: the title as it is.",
    )
    alternate_enclosures: list[AlternateEnclosure] = Field(
        default_factory=list, description="The same episode in other files (other codecs, hosts, languages)."
    )
    location: Location | None = Field(default=None, description="The place the episode is about; null when none.")
    funding: list[Funding] = Field(default_factory=list, description="Where listeners can support this episode.")
    value: Value | None = Field(default=None, description="Value-for-value for this episode; null: the show's applies.")
    txt: list[Txt] = Field(default_factory=list, description="Free text with a purpose (`podcast:txt`).")


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
