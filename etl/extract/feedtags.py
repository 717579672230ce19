"""The tags a publisher controls beyond an episode's content, read from a feed: funding, location, value, txt and
alternate enclosures (item and channel), and the channel's show settings (type, complete, block, medium, license,
podroll, update frequency, trailers, images, new feed URL), in etl.yaml's shape. What `etl.load.feed` writes,
read back (the round trip its tests hold). A value the model refuses is left out with a warning at its line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from lxml import etree
from pydantic import BaseModel, ValidationError

from etl.extract.feedxml import ITUNES, http_url, podcast, q, text_of
from etl.model import AlternateEnclosure, Funding, Location, Txt, Value
from etl.util.dates import parse_date

M = TypeVar("M", bound=BaseModel)
Warn = Callable[[str, int | None], None]
YES = {"yes", "true"}


def _text(element: etree._Element) -> str | None:
    return " ".join((element.text or "").split()) or None


def _all(parent: etree._Element, name: str) -> list[etree._Element]:
    return [found for tag in podcast(name) for found in parent.findall(tag)]


def _one(parent: etree._Element, name: str) -> etree._Element | None:
    found = _all(parent, name)
    return found[0] if found else None


def _valid(model: type[M], data: dict[str, Any], element: etree._Element, warn: Warn) -> M | None:
    try:
        return model.model_validate({k: v for k, v in data.items() if v is not None})
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        said = first["msg"].removeprefix("Value error, ")
        warn(
            f"podcast:{etree.QName(element).localname}: {where + ': ' if where else ''}{said}; left out",
            element.sourceline,
        )
        return None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def funding(parent: etree._Element, warn: Warn) -> list[Funding]:
    found = (_valid(Funding, {"url": e.get("url"), "text": _text(e)}, e, warn) for e in _all(parent, "funding"))
    return [f for f in found if f]


def location(parent: etree._Element, warn: Warn) -> Location | None:
    e = _one(parent, "location")
    return (
        _valid(Location, {"name": _text(e), "geo": e.get("geo"), "osm": e.get("osm")}, e, warn)
        if e is not None
        else None
    )


def value(parent: etree._Element, warn: Warn) -> Value | None:
    e = _one(parent, "value")
    if e is None:
        return None
    recipients = [
        {
            "name": r.get("name"),
            "type": r.get("type"),
            "address": r.get("address"),
            "split": _int(r.get("split")),
            "fee": (r.get("fee") or "").lower() in YES,
            "custom_key": r.get("customKey"),
            "custom_value": r.get("customValue"),
        }
        for r in _all(e, "valueRecipient")
    ]
    data = {"type": e.get("type"), "method": e.get("method"), "suggested": e.get("suggested"), "recipients": recipients}
    return _valid(Value, data, e, warn)


def txt(parent: etree._Element, warn: Warn) -> list[Txt]:
    found = (
        _valid(Txt, {"text": (e.text or "").strip(), "purpose": e.get("purpose")}, e, warn) for e in _all(parent, "txt")
    )
    return [t for t in found if t]


def alternate_enclosures(item: etree._Element, warn: Warn) -> list[AlternateEnclosure]:
    found = []
    for e in _all(item, "alternateEnclosure"):
        sources = [{"uri": s.get("uri"), "content_type": s.get("contentType")} for s in _all(e, "source")]
        data = {
            "type": e.get("type"),
            "length": _int(e.get("length")),
            "bitrate": _float(e.get("bitrate")),
            "height": _int(e.get("height")),
            "lang": e.get("lang"),
            "title": e.get("title"),
            "rel": e.get("rel"),
            "default": (e.get("default") or "").lower() in YES,
            "sources": sources,
        }
        alternate = _valid(AlternateEnclosure, data, e, warn)
        if alternate:
            found.append(alternate)
    return found


def show_settings(channel: etree._Element, warn: Warn) -> dict[str, Any]:
    """The channel's show settings in etl.yaml's shape (validated when they fill the show), only those it says."""
    said: dict[str, Any] = {
        "type": (text_of(channel, q(ITUNES, "type")) or "").lower() or None,
        "complete": (text_of(channel, q(ITUNES, "complete")) or "").lower() == "yes" or None,
        "new_feed_url": http_url(text_of(channel, q(ITUNES, "new-feed-url"))),
        "medium": text_of(channel, *podcast("medium")),
        "block": _block(channel),
        "funding": [f.model_dump() for f in funding(channel, warn)] or None,
        "location": m.model_dump() if (m := location(channel, warn)) else None,
        "value": v.model_dump() if (v := value(channel, warn)) else None,
        "txt": [t.model_dump() for t in txt(channel, warn)] or None,
    }
    if (e := _one(channel, "license")) is not None:
        said["license"] = {"name": _text(e), "url": e.get("url")}
    roll = _one(channel, "podroll")
    if roll is not None:
        said["podroll"] = [
            {"feed_guid": r.get("feedGuid"), "feed_url": r.get("feedUrl")} for r in _all(roll, "remoteItem")
        ]
    if (e := _one(channel, "updateFrequency")) is not None:
        complete = (e.get("complete") or "").lower() in YES
        said["update_frequency"] = {
            "text": _text(e),
            "rrule": e.get("rrule"),
            "complete": complete,
            "dtstart": e.get("dtstart"),
        }
    trailers = [
        {
            "title": _text(e),
            "url": e.get("url"),
            "published": parse_date(e.get("pubdate") or ""),
            "length": _int(e.get("length")),
            "type": e.get("type"),
            "season": _int(e.get("season")),
        }
        for e in _all(channel, "trailer")
    ]
    said["trailers"] = trailers or None
    if (e := _one(channel, "images")) is not None:
        said["images"] = _srcset(e.get("srcset") or "") or None
    return {key: given for key, given in said.items() if given is not None}


def _block(channel: etree._Element) -> bool | dict[str, bool] | None:
    """itunes:block and podcast:block: every platform (no id), or by platform; `apple` is itunes:block."""
    by_platform: dict[str, bool] = {}
    everywhere = None
    if (text_of(channel, q(ITUNES, "block")) or "").lower() == "yes":
        by_platform["apple"] = True
    for e in _all(channel, "block"):
        blocked = (_text(e) or "").lower() == "yes"
        if e.get("id"):
            by_platform[e.get("id")] = blocked
        else:
            everywhere = blocked
    if everywhere is not None and all(v == everywhere for v in by_platform.values()):
        return everywhere
    return by_platform or None


def _srcset(srcset: str) -> list[dict[str, Any]]:
    images = []
    for candidate in srcset.split(","):
        parts = candidate.split()
        if len(parts) == 2 and parts[1].endswith("w") and parts[1][:-1].isdigit():
            images.append({"url": parts[0], "width": int(parts[1][:-1])})
    return images
