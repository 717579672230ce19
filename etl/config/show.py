"""A show's settings in etl.yaml: what its feed's channel says, and what the Podcasting 2.0 namespace and Apple let
a publisher say about a show (type, funding, value, podroll, trailers …)."""

from __future__ import annotations

import re
import zoneinfo
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from etl.model import HTTP_URL, Funding, HttpUrl, Location, Published, Slug, Text, Txt, Value
from etl.model.publishing import Medium


class Setting(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _zone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not an IANA time zone (such as UTC or Europe/Berlin)") from None
    return name


def _image(value: str) -> str:
    if HTTP_URL.match(value):
        return value
    if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I):
        raise ValueError(f"{value!r} is neither an http(s) URL nor a file")
    if not value.lower().endswith((".jpg", ".jpeg", ".png")):
        raise ValueError(f"{value!r}: a local artwork file is a .jpg, .jpeg or .png")
    return value


class Owner(Setting):
    name: Text
    email: Text


class License(Setting):
    name: Text = Field(min_length=1, max_length=128, description="An SPDX identifier or the license's name.")
    url: HttpUrl | None = Field(default=None, description="The license's text, where it is not an SPDX one.")


class RemoteItem(Setting):
    """Another show recommended in the podroll (`podcast:remoteItem`)."""

    feed_guid: Text = Field(min_length=1, description="Its podcast:guid.")
    feed_url: HttpUrl | None = Field(default=None, description="Its feed, for apps that cannot look the guid up.")


class UpdateFrequency(Setting):
    text: Text = Field(min_length=1, max_length=128, description="In words: `Every Tuesday`.")
    rrule: Text | None = Field(default=None, description="An iCalendar RRULE: `FREQ=WEEKLY;BYDAY=TU`.")
    complete: bool = False
    dtstart: Published | None = None


class Trailer(Setting):
    title: Text = Field(min_length=1, max_length=128)
    url: HttpUrl
    published: Published
    length: int | None = Field(default=None, ge=0)
    type: Text | None = None
    season: int | None = Field(default=None, ge=0)


class Image(Setting):
    url: HttpUrl
    width: int = Field(gt=0, description="Its width in pixels (the artwork is square).")


Block = bool | dict[str, bool]  # every platform, or by platform id (`apple`, `spotify` …; `apple` is itunes:block)


class ShowConfig(Setting):
    id: Slug
    title: Text | None = Field(default=None, min_length=1, description="Default: the feed's channel's, else the id.")
    author: Text | None = None
    description: Text | None = None
    language: Text = "en"
    image: Annotated[str, AfterValidator(_image)] | None = Field(
        default=None,
        description="The artwork: an http(s) URL, or a JPEG or PNG file (relative to etl.yaml) the build publishes.",
    )
    link: HttpUrl | None = None
    categories: list[Text] = Field(default_factory=list)
    explicit: bool = False
    timezone: Annotated[str, AfterValidator(_zone)] = Field(
        default="UTC",
        description="IANA time zone in which a source's date-time without an offset is read (`Europe/Berlin`).",
    )
    owner: Owner | None = None
    locked: bool = True
    guid: Text | None = Field(
        default=None,
        min_length=1,
        description="podcast:guid, the show's identity in podcast indexes: default the UUIDv5 of the feed URL; "
        "moving in, the old feed's (its podcast:guid, else the UUIDv5 of its self URL), which must never change.",
    )
    old_feed_url: HttpUrl | None = Field(
        default=None,
        description="Moving in from a feed that names neither its podcast:guid nor its own URL: the URL it was "
        "served at, which podcast:guid is derived from (as the spec derives it).",
    )
    # What the Podcasting 2.0 namespace and Apple let a publisher say of a show (docs/feeds.md)
    type: Literal["episodic", "serial"] = Field(default="episodic", description="`itunes:type`.")
    complete: bool = Field(default=False, description="No more episodes will come (`itunes:complete`).")
    block: Block = Field(default=False, description="Keep the show out of directories: all, or by platform.")
    medium: Medium | None = Field(default=None, description="`podcast:medium`: what the feed is.")
    funding: list[Funding] = Field(default_factory=list)
    license: License | None = None
    location: Location | None = None
    value: Value | None = None
    podroll: list[RemoteItem] = Field(default_factory=list)
    update_frequency: UpdateFrequency | None = None
    txt: list[Txt] = Field(default_factory=list)
    trailers: list[Trailer] = Field(default_factory=list)
    seasons: dict[int, Text] = Field(
        default_factory=dict, description="Seasons' names by number (`podcast:season`'s name): `{1: Origins}`."
    )
    images: list[Image] = Field(default_factory=list, description="The artwork in other sizes (`podcast:images`).")
    new_feed_url: HttpUrl | None = Field(
        default=None, description="The show moves away: the feed's new URL (`itunes:new-feed-url`)."
    )

    @property
    def name(self) -> str:
        """The title listeners see: the show's `title` (etl.yaml's, else its feed's channel's), else its id."""
        return self.title or self.id


DEFAULT_SHOW = ShowConfig(id="podcast", title="Podcast")
