"""feedgen extensions for the tags feedgen 1.0 lacks: Podcasting 2.0 and Podlove Simple Chapters.

The podcast prefix is declared with the namespace's GitHub docs URI. The spec makes clients that
know `https://podcastindex.org/namespace/1.0` recognise this URI too, and gPodder's podcastparser
recognises only this one: so both kinds of client read every tag. See docs/feeds.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml import etree

from etl.load import podcast20_parts as parts
from etl.load.podcast20_parts import PODCAST_NS, element, short
from etl.model import AlternateEnclosure, Funding, Location, Txt, Value

PSC_NS = "http://podlove.org/simple-chapters"


@dataclass
class License:
    name: str
    url: str | None = None


@dataclass
class RemoteItem:
    feed_guid: str
    feed_url: str | None = None


@dataclass
class UpdateFrequency:
    text: str
    rrule: str | None = None
    complete: bool = False
    dtstart: str | None = None  # ISO 8601, as the spec writes it


@dataclass
class Trailer:
    title: str
    url: str
    pubdate: str  # RFC 2822
    length: int | None = None
    type: str | None = None
    season: int | None = None


@dataclass
class ChannelTags:
    guid: str | None = None
    locked: bool | None = None
    locked_owner: str | None = None
    medium: str | None = None
    blocks: list[tuple[str | None, bool]] = field(default_factory=list)  # platform id (None: every one), blocked
    funding: list[Funding] = field(default_factory=list)
    license: License | None = None
    location: Location | None = None
    value: Value | None = None
    podroll: list[RemoteItem] = field(default_factory=list)
    update_frequency: UpdateFrequency | None = None
    txt: list[Txt] = field(default_factory=list)
    trailers: list[Trailer] = field(default_factory=list)
    images: str | None = None  # srcset


class Podcast20Extension(BaseExtension):
    """Channel tags: every one of the namespace a publisher controls (docs/feeds.md lists them)."""

    def __init__(self) -> None:
        self.tags = ChannelTags()

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "psc": PSC_NS}

    def extend_rss(self, feed):  # type: ignore[no-untyped-def]
        channel, tags = feed[0], self.tags
        if tags.locked is not None:
            element(channel, "locked", "yes" if tags.locked else "no", owner=tags.locked_owner)
        if tags.guid:
            element(channel, "guid", tags.guid)
        if tags.medium:
            element(channel, "medium", tags.medium)
        for platform, blocked in tags.blocks:
            element(channel, "block", "yes" if blocked else "no", id=platform)
        parts.funding(channel, tags.funding)
        if tags.license:
            element(channel, "license", tags.license.name, url=tags.license.url)
        parts.location(channel, tags.location)
        parts.value(channel, tags.value)
        if tags.podroll:
            roll = element(channel, "podroll")
            for item in tags.podroll:
                element(roll, "remoteItem", feedGuid=item.feed_guid, feedUrl=item.feed_url)
        if tags.update_frequency:
            often = tags.update_frequency
            complete = "true" if often.complete else None
            element(channel, "updateFrequency", often.text, complete=complete, dtstart=often.dtstart, rrule=often.rrule)
        parts.txt(channel, tags.txt)
        for t in tags.trailers:
            length, season = (None if n is None else str(n) for n in (t.length, t.season))
            element(
                channel, "trailer", t.title, pubdate=t.pubdate, url=t.url, length=length, type=t.type, season=season
            )
        if tags.images:
            element(channel, "images", srcset=tags.images)
        return feed


@dataclass
class ItemTags:
    season: int | None = None
    season_name: str | None = None
    episode: int | None = None
    persons: list[dict[str, str]] = field(default_factory=list)  # name + role, group, href, img
    transcripts: list[dict[str, str]] = field(default_factory=list)  # url, type, language, rel
    chapters_url: str | None = None
    soundbites: list[tuple[str, str, str | None]] = field(default_factory=list)  # startTime, duration, title
    alternate_enclosures: list[AlternateEnclosure] = field(default_factory=list)
    location: Location | None = None
    funding: list[Funding] = field(default_factory=list)
    value: Value | None = None
    txt: list[Txt] = field(default_factory=list)
    simple_chapters: list[tuple[str, str, str | None]] = field(default_factory=list)  # start, title, href


class Podcast20EntryExtension(BaseEntryExtension):
    """Item tags: podcast:season/episode/person/transcript/chapters/soundbite/alternateEnclosure/location/funding/
    value/txt, psc:chapters."""

    def __init__(self) -> None:
        self.tags = ItemTags()

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "psc": PSC_NS}

    def extend_rss(self, item):  # type: ignore[no-untyped-def]
        tags = self.tags
        if tags.season is not None:
            name = None if tags.season_name is None else short(tags.season_name)
            element(item, "season", str(tags.season), name=name)
        if tags.episode is not None:
            element(item, "episode", str(tags.episode))
        for person in tags.persons:
            keys = ("role", "group", "img", "href")
            element(item, "person", short(person["name"]), **{k: person.get(k) or None for k in keys})
        for transcript in tags.transcripts:
            element(item, "transcript", **{k: transcript.get(k) or None for k in ("url", "type", "language", "rel")})
        if tags.chapters_url:
            element(item, "chapters", url=tags.chapters_url, type="application/json+chapters")
        for start, duration, title in tags.soundbites:
            element(item, "soundbite", None if title is None else short(title), startTime=start, duration=duration)
        parts.alternate_enclosures(item, tags.alternate_enclosures)
        parts.location(item, tags.location)
        parts.funding(item, tags.funding)
        parts.value(item, tags.value)
        parts.txt(item, tags.txt)
        if tags.simple_chapters:
            chapters = etree.SubElement(item, f"{{{PSC_NS}}}chapters")
            chapters.attrib["version"] = "1.2"
            for start, title, href in tags.simple_chapters:
                chapter = etree.SubElement(chapters, f"{{{PSC_NS}}}chapter")
                chapter.attrib["start"] = start
                chapter.attrib["title"] = title
                if href:
                    chapter.attrib["href"] = href
        return item
