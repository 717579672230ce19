"""feedgen extension for Apple's `itunes:` tags, channel and item.

feedgen ships one (`podcast`), but it refuses values the model holds and the spec allows: an item image whose URL
does not end in `.jpg`/`.png` raises (hosting services serve `…/cover.jpeg`, `…/cover.jpg?v=1`, URLs with no
extension at all), a channel image of that kind is dropped without a word, and a category with a quote in it
breaks its XPath. Here every value is written as given: what a directory may refuse is the writer's warning
(`etl.load.feed.warnings_for`), never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml import etree

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"


def _tag(name: str) -> str:
    return f"{{{ITUNES_NS}}}{name}"


def _bool(value: bool) -> str:
    return "true" if value else "false"


@dataclass
class ChannelTags:
    author: str | None = None
    categories: list[tuple[str, str | None]] = field(default_factory=list)  # (category, subcategory)
    image: str | None = None
    owner: tuple[str, str] | None = None  # name, email
    explicit: bool | None = None
    type: str | None = None  # episodic, serial
    complete: bool = False
    block: bool = False
    new_feed_url: str | None = None


class ItunesExtension(BaseExtension):
    def __init__(self) -> None:
        self.tags = ChannelTags()

    def extend_ns(self) -> dict[str, str]:
        return {"itunes": ITUNES_NS}

    def extend_rss(self, feed):  # type: ignore[no-untyped-def]
        channel, tags = feed[0], self.tags
        if tags.author:
            etree.SubElement(channel, _tag("author")).text = tags.author
        parents: dict[str, etree._Element] = {}
        for main, sub in tags.categories:  # subcategories of one category share its element, as Apple asks
            parent = parents.get(main)
            if parent is None:
                parent = parents[main] = etree.SubElement(channel, _tag("category"))
                parent.attrib["text"] = main
            if sub:
                etree.SubElement(parent, _tag("category")).attrib["text"] = sub
        if tags.image:
            etree.SubElement(channel, _tag("image")).attrib["href"] = tags.image
        if tags.owner:
            owner = etree.SubElement(channel, _tag("owner"))
            etree.SubElement(owner, _tag("name")).text = tags.owner[0]
            etree.SubElement(owner, _tag("email")).text = tags.owner[1]
        if tags.explicit is not None:
            etree.SubElement(channel, _tag("explicit")).text = _bool(tags.explicit)
        if tags.type:
            etree.SubElement(channel, _tag("type")).text = tags.type
        # Apple reads only `Yes` here: any other value, `No` included, is the same as leaving the tag out
        if tags.complete:
            etree.SubElement(channel, _tag("complete")).text = "Yes"
        if tags.block:
            etree.SubElement(channel, _tag("block")).text = "Yes"
        if tags.new_feed_url:
            etree.SubElement(channel, _tag("new-feed-url")).text = tags.new_feed_url
        return feed


@dataclass
class ItemTags:
    title: str | None = None
    image: str | None = None
    duration: int | None = None  # whole seconds
    season: int | None = None
    episode: int | None = None
    episode_type: str | None = None
    explicit: bool | None = None


class ItunesEntryExtension(BaseEntryExtension):
    def __init__(self) -> None:
        self.tags = ItemTags()

    def extend_ns(self) -> dict[str, str]:
        return {"itunes": ITUNES_NS}

    def extend_rss(self, item):  # type: ignore[no-untyped-def]
        tags = self.tags
        if tags.title:
            etree.SubElement(item, _tag("title")).text = tags.title
        if tags.image:
            etree.SubElement(item, _tag("image")).attrib["href"] = tags.image
        for name, value in (("duration", tags.duration), ("season", tags.season), ("episode", tags.episode)):
            if value is not None:
                etree.SubElement(item, _tag(name)).text = str(value)
        if tags.episode_type:
            etree.SubElement(item, _tag("episodeType")).text = tags.episode_type
        if tags.explicit is not None:
            etree.SubElement(item, _tag("explicit")).text = _bool(tags.explicit)
        return item
