"""feedgen extensions for the tags feedgen 1.0 lacks: Podcasting 2.0 and Podlove Simple Chapters.

The podcast prefix is declared with the namespace's GitHub docs URI. The spec makes clients that
know `https://podcastindex.org/namespace/1.0` recognise this URI too, and gPodder's podcastparser
recognises only this one: so both kinds of client read every tag. See docs/feeds.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml import etree

PODCAST_NS = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
PSC_NS = "http://podlove.org/simple-chapters"


class Podcast20Extension(BaseExtension):
    """Channel tags: podcast:guid, podcast:locked."""

    def __init__(self) -> None:
        self.guid: str | None = None
        self.locked: bool | None = None
        self.locked_owner: str | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "psc": PSC_NS}

    def extend_rss(self, feed):  # type: ignore[no-untyped-def]
        channel = feed[0]
        if self.locked is not None:
            locked = etree.SubElement(channel, f"{{{PODCAST_NS}}}locked")
            locked.text = "yes" if self.locked else "no"
            if self.locked_owner:
                locked.attrib["owner"] = self.locked_owner
        if self.guid:
            etree.SubElement(channel, f"{{{PODCAST_NS}}}guid").text = self.guid
        return feed


@dataclass
class ItemTags:
    season: int | None = None
    episode: int | None = None
    persons: list[dict[str, str]] = field(default_factory=list)  # name + role, group, href, img
    transcripts: list[dict[str, str]] = field(default_factory=list)  # url, type, language, rel
    chapters_url: str | None = None
    soundbites: list[tuple[str, str, str | None]] = field(default_factory=list)  # startTime, duration, title
    simple_chapters: list[tuple[str, str, str | None]] = field(default_factory=list)  # start, title, href


class Podcast20EntryExtension(BaseEntryExtension):
    """Item tags: podcast:season/episode/person/transcript/chapters/soundbite, psc:chapters."""

    def __init__(self) -> None:
        self.tags = ItemTags()

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "psc": PSC_NS}

    def extend_rss(self, item):  # type: ignore[no-untyped-def]
        tags = self.tags
        if tags.season is not None:
            etree.SubElement(item, f"{{{PODCAST_NS}}}season").text = str(tags.season)
        if tags.episode is not None:
            etree.SubElement(item, f"{{{PODCAST_NS}}}episode").text = str(tags.episode)
        for person in tags.persons:
            element = etree.SubElement(item, f"{{{PODCAST_NS}}}person")
            for key in ("role", "group", "img", "href"):
                if person.get(key):
                    element.attrib[key] = person[key]
            element.text = person["name"]
        for transcript in tags.transcripts:
            element = etree.SubElement(item, f"{{{PODCAST_NS}}}transcript")
            for key in ("url", "type", "language", "rel"):
                if transcript.get(key):
                    element.attrib[key] = transcript[key]
        if tags.chapters_url:
            element = etree.SubElement(item, f"{{{PODCAST_NS}}}chapters")
            element.attrib["url"] = tags.chapters_url
            element.attrib["type"] = "application/json+chapters"
        for start, duration, title in tags.soundbites:
            element = etree.SubElement(item, f"{{{PODCAST_NS}}}soundbite")
            element.attrib["startTime"], element.attrib["duration"] = start, duration
            element.text = title
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
