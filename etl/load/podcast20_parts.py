"""The Podcasting 2.0 elements a show and an episode share (funding, location, value, txt) and the episode's
alternate enclosures, as lxml elements under a parent: one place that knows their attributes.

Text the namespace bounds (128 characters for names and titles, 32 for an alternate enclosure's title and rel,
4,000 for podcast:txt) is cut there at a word, with an ellipsis: the model accepts longer text (real feeds
have it), and a feed must still validate against the namespace's XSD.
"""

from __future__ import annotations

from lxml import etree

from etl.model import AlternateEnclosure, Funding, Location, Txt, Value

PODCAST_NS = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
MAX128, MAX32, TXT_LIMIT = 128, 32, 4000  # the spec's limits on names, choice labels and podcast:txt


def tag(name: str) -> str:
    return f"{{{PODCAST_NS}}}{name}"


def short(text: str, limit: int = MAX128) -> str:
    """`text` within `limit` characters: cut at the last space before it, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip() + "…"


def element(parent: etree._Element, local: str, text: str | None = None, /, **attrs: str | None) -> etree._Element:
    """A `podcast:` child with the attributes that have a value, in the order given."""
    child = etree.SubElement(parent, tag(local))
    for key, value in attrs.items():
        if value is not None:
            child.attrib[key] = value
    if text is not None:
        child.text = text
    return child


def funding(parent: etree._Element, items: list[Funding]) -> None:
    for item in items:
        element(parent, "funding", short(item.text), url=item.url)


def location(parent: etree._Element, place: Location | None) -> None:
    if place is not None:
        element(parent, "location", short(place.name), geo=place.geo, osm=place.osm)


def value(parent: etree._Element, given: Value | None) -> None:
    if given is None:
        return
    block = element(parent, "value", type=given.type, method=given.method, suggested=given.suggested)
    for r in given.recipients:
        element(
            block,
            "valueRecipient",
            name=r.name,
            type=r.type,
            address=r.address,
            split=str(r.split),
            customKey=r.custom_key,
            customValue=r.custom_value,
            fee="true" if r.fee else None,  # the spec's default is false: written only when it is one
        )


def txt(parent: etree._Element, items: list[Txt]) -> None:
    for item in items:
        purpose = None if item.purpose is None else short(item.purpose)
        element(parent, "txt", short(item.text, TXT_LIMIT), purpose=purpose)


def alternate_enclosures(parent: etree._Element, items: list[AlternateEnclosure]) -> None:
    for item in items:
        block = element(
            parent,
            "alternateEnclosure",
            type=item.type,
            length=None if item.length is None else str(item.length),
            bitrate=None if item.bitrate is None else f"{item.bitrate:g}",
            height=None if item.height is None else str(item.height),
            lang=item.lang,
            title=None if item.title is None else short(item.title, MAX32),
            rel=None if item.rel is None else short(item.rel, MAX32),
            default="true" if item.default else None,
        )
        for source in item.sources:
            element(block, "source", uri=source.uri, contentType=source.content_type)
