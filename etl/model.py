"""The episode model: the one contract between readers (extractors) and writers (loaders).

`Episode` is what consumers read in `output/episodes/<id>.json`; its JSON Schema (`etl.schema`) is
committed as `schemas/episode.schema.json`. Changing a field here changes the contract:
regenerate the schema (`make schema`) and say so in the commit.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)

from etl.timecode import whole

SCHEMA_VERSION = "1.0.0"

Seconds = Annotated[
    float,
    Field(ge=0),
    PlainSerializer(whole, return_type=Any),
    WithJsonSchema({"type": "number", "minimum": 0}),
]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
HTTP_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"{value!r} is not a slug ([a-z0-9][a-z0-9-]*)")
    return value


def _http_url(value: str) -> str:
    if not HTTP_URL.match(value):
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


def _iso_date_or_datetime(value: str) -> str:
    try:
        if "T" in value:
            dt.datetime.fromisoformat(value)
        else:
            dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date or date-time") from None
    return value


Slug = Annotated[str, AfterValidator(_slug), WithJsonSchema({"type": "string", "pattern": _SLUG.pattern})]
HttpUrl = Annotated[
    str,
    AfterValidator(_http_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]


def _from_date(value: Any) -> Any:
    # YAML reads `2021-05-04` as a date: accept it as its ISO text
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


Published = Annotated[
    str,
    BeforeValidator(_from_date),
    AfterValidator(_iso_date_or_datetime),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ShowRef(_Strict):
    id: Slug
    title: str = Field(min_length=1)


class Link(_Strict):
    url: HttpUrl
    title: str | None = None


class PersonBase(_Strict):
    """Who a person is: shared by the people registry (config) and the people credited in an episode."""

    name: str = Field(min_length=1)
    role: str = Field(default="guest", min_length=1)
    id: str | None = Field(default=None, description="Key in the people registry, when known.")
    aliases: list[str] = Field(default_factory=list, description="Other spellings used in sources.")
    href: HttpUrl | None = None
    img: HttpUrl | None = None
    links: list[Link] = Field(default_factory=list)


class Person(PersonBase):
    """Someone heard or credited in an episode; `role` follows the Podcasting 2.0 taxonomy, lower-cased."""

    group: str = Field(default="cast", min_length=1)


class Chapter(_Strict):
    start: Seconds
    title: str = Field(min_length=1)
    url: HttpUrl | None = None
    img: HttpUrl | None = None
    toc: bool = Field(
        default=True,
        description="False: a chapter kept for its image or link at that time, not listed as a chapter "
        "(Podcasting 2.0 `toc`).",
    )


class Turn(_Strict):
    """One speaker's maximal run of lines, never crossing a chapter start."""

    speaker: str | None
    start: Seconds | None
    text: str = Field(min_length=1)


class Source(_Strict):
    path: str = Field(description="Path relative to the build's base folder (or the file name when outside it).")
    format: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Enclosure(_Strict):
    url: HttpUrl
    length: int = Field(ge=0, description="Size in bytes; 0 when unknown.")
    type: str = Field(default="audio/mpeg", pattern=r"^[a-z]+/[a-z0-9.+-]+$")


class EpisodeContent(_Strict):
    """What a source (or an `etl.yaml` override) says about an episode directly, value for value.

    Declared once: `Episode` publishes these fields, reader drafts (`etl.draft`) and overrides
    (`etl.config`) inherit them, so a new field is one line here.
    """

    title: str | None = Field(default=None, min_length=1)
    guid: str | None = Field(
        default=None,
        min_length=1,
        description="Stable for the life of the episode: as the source (a feed moving in) gives it, kept verbatim; "
        "else minted by etl as a UUIDv5 over the show id and episode id.",
    )
    season: int | None = Field(default=None, ge=0)
    episode: int | None = Field(default=None, ge=0)
    episode_type: Literal["full", "trailer", "bonus"] = "full"
    published: Published | None = None
    duration: Seconds | None = None
    summary: str | None = None
    topics: list[str] = Field(default_factory=list)
    link: HttpUrl | None = None
    image: HttpUrl | None = None
    explicit: bool | None = None
    enclosure: Enclosure | None = None
    links: list[Link] = Field(default_factory=list)


class Episode(EpisodeContent):
    """One published episode, merged from every source that describes it."""

    id: Slug = Field(description="Stable within a build; from show + season/episode, else the source file name.")
    guid: str = Field(  # a published episode always has one
        min_length=1,
        description="Stable for the life of the episode: as the source (a feed moving in) gives it, kept verbatim; "
        "else minted by etl as a UUIDv5 over the show id and episode id.",
    )
    show: ShowRef
    title: str = Field(min_length=1)  # a published episode always has one
    people: list[Person] = Field(default_factory=list)
    chapters: list[Chapter] = Field(default_factory=list)
    turns: list[Turn] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)

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
        timed = [t.start for t in self.turns if t.start is not None]
        if any(b < a for a, b in itertools.pairwise(timed)):
            raise ValueError("turn starts must not decrease")
        return self
