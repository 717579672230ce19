"""What a publisher says about a show or an episode beyond its content, as the Podcasting 2.0 namespace carries it:
funding, a place, value-for-value recipients, verification text, the same episode in other files. Shared by the
episode model (an episode's own) and etl.yaml's shows (the channel's)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from etl.model.types import HttpUrl, Text

_GEO = re.compile(r"^geo:-?\d{1,2}(?:\.\d+)?,-?\d{1,3}(?:\.\d+)?(?:,-?\d+(?:\.\d+)?)?(?:;u=\d+(?:\.\d+)?)?$")
_OSM = re.compile(r"^[NWR]\d+(?:#\d+)?$")


def _geo(value: str) -> str:
    if not _GEO.match(value):
        raise ValueError(f"{value!r} is not a geo URI (`geo:37.786971,-122.399677`)")
    return value


def _osm(value: str) -> str:
    if not _OSM.match(value):
        raise ValueError(f"{value!r} is not an OpenStreetMap object (`R113314`, `N1234`, `W5678`)")
    return value


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Funding(_Part):
    """Where listeners can support the show (`podcast:funding`)."""

    url: HttpUrl = Field(description="The page that takes the support.", examples=["https://example.org/support"])
    text: Text = Field(min_length=1, description="What the link says.", examples=["Support us"])


class Location(_Part):
    """What the show or episode is about, as a place (`podcast:location`)."""

    name: Text = Field(min_length=1, description="The place's name.", examples=["Berlin"])
    geo: Annotated[str, AfterValidator(_geo)] | None = Field(
        default=None, description="A geo URI (RFC 5870); null when none.", examples=["geo:52.52,13.405"]
    )
    osm: Annotated[str, AfterValidator(_osm)] | None = Field(
        default=None, description="An OpenStreetMap object; null when none.", examples=["R62422"]
    )


class ValueRecipient(_Part):
    """One recipient of value-for-value payments (`podcast:valueRecipient`)."""

    name: Text | None = Field(default=None, description="Who it is.", examples=["Host"])
    type: Text = Field(min_length=1, description="The address's kind (`node`, `lnaddress`).", examples=["node"])
    address: Text = Field(min_length=1, description="Where payments go.", examples=["02d5c1bf8b940dc9ca"])
    split: int = Field(ge=0, description="Its share, against the other recipients' splits.", examples=[90])
    fee: bool = Field(default=False, description="A fee taken before the splits, not a share of them.")
    custom_key: Text | None = Field(default=None, description="A key the receiving wallet needs; null when none.")
    custom_value: Text | None = Field(default=None, description="That key's value; null when none.")


class Value(_Part):
    """Value-for-value: how listeners' apps pay and to whom (`podcast:value`)."""

    type: Text = Field(min_length=1, description="The payment layer (`lightning`).", examples=["lightning"])
    method: Text = Field(min_length=1, description="How payments are sent (`keysend`).", examples=["keysend"])
    suggested: Annotated[str, Field(pattern=r"^\d+(?:\.\d+)?$")] | None = Field(
        default=None, description="A suggested amount, a decimal number; null when none.", examples=["0.00000005000"]
    )
    recipients: list[ValueRecipient] = Field(min_length=1, description="Who is paid, and in what shares.")


class Txt(_Part):
    """Free text with a purpose, such as a platform's ownership check (`podcast:txt`)."""

    text: Text = Field(min_length=1, description="The text.", examples=["naj3eEZaWVVY9a38uhX8"])
    purpose: Text | None = Field(default=None, description="What it is for.", examples=["verify"])


class EnclosureSource(_Part):
    """One place the alternate file is (`podcast:source`)."""

    uri: Text = Field(
        min_length=1, description="Its URI (https, ipfs, magnet …).", examples=["https://cdn.example.org/ep.opus"]
    )
    content_type: Text | None = Field(default=None, description="Its type where it differs from the enclosure's.")


class AlternateEnclosure(_Part):
    """The same episode in another file: another codec, bitrate or language, or at a second host
    (`podcast:alternateEnclosure`)."""

    type: Annotated[str, Field(pattern=r"^[a-z]+/[a-z0-9.+-]+$")] = Field(
        description="MIME type.", examples=["audio/opus"]
    )
    length: int | None = Field(default=None, ge=0, description="Size in bytes; null when unknown.")
    bitrate: float | None = Field(default=None, ge=0, description="Bits per second; null when unknown.")
    height: int | None = Field(default=None, ge=0, description="A video's height in pixels; null for audio.")
    lang: Text | None = Field(default=None, description="Its language (BCP 47) when it differs; null when not.")
    title: Text | None = Field(default=None, description="A name for it in a choice of files.")
    rel: Text | None = Field(default=None, description="Files of one `rel` are one choice.")
    default: bool = Field(default=False, description="The file apps should choose by default.")
    sources: list[EnclosureSource] = Field(min_length=1, description="Where the file is: any of these.")


Medium = Literal[
    "podcast", "music", "video", "film", "audiobook", "newsletter", "blog", "publisher", "course",
    "mixed", "podcastL", "musicL", "videoL", "filmL", "audiobookL", "newsletterL", "blogL", "publisherL", "courseL",
]  # fmt: skip
