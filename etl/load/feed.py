"""`feed.xml` (every episode) and `feeds/<show-id>.xml` (one per show): RSS 2.0 with iTunes,
Podcasting 2.0 and Podlove Simple Chapters tags, built with feedgen.

Nothing here reads the clock: lastBuildDate is the newest episode's date (EPOCH when no
episode has one), items are ordered like the index (newest first, then id).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from email.utils import format_datetime
from typing import BinaryIO

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from etl import __version__
from etl.config import ShowConfig
from etl.errors import Diagnostic
from etl.load import chapters, shownotes, transcripts
from etl.load.index import order
from etl.load.itunes import ITUNES_NS, ItunesEntryExtension, ItunesExtension
from etl.load.podcast20 import (
    PODCAST_NS,
    PSC_NS,
    ChannelTags,
    License,
    Podcast20EntryExtension,
    Podcast20Extension,
    RemoteItem,
    Trailer,
    UpdateFrequency,
)
from etl.load.podcast20_parts import MAX128
from etl.load.publication import Record, Site, episode_page
from etl.load.xmlstream import Stream, fragment
from etl.model import Episode
from etl.model.guids import feed_guid
from etl.util import urls
from etl.util.dates import moment
from etl.util.timecode import format_clock, whole

NAME = "feed"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
ALL_FEED = "feed.xml"
ITEM_DEPTH = 2  # <rss><channel><item>
# declared once on <rss>, whether or not the channel itself uses them
NAMESPACES = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "itunes": ITUNES_NS,
    "podcast": PODCAST_NS,
    "psc": PSC_NS,
}


# Apple Podcasts shows artwork only as JPEG or PNG, and tells which by the URL's extension
APPLE_ARTWORK = (".jpg", ".png")


def _apple_artwork(url: str) -> bool:
    return urls.split(url).path.lower().endswith(APPLE_ARTWORK)


SOUNDBITE_SECONDS = (1, 120)  # the Podcasting 2.0 spec's advice for podcast:soundbite


def warnings_for(episode: Episode, site: Site) -> list[str]:
    """What this episode's item says that a directory or app may not take (it is written all the same)."""
    said = []
    if episode.image and not _apple_artwork(episode.image):
        said.append(
            f"episode {episode.id!r}: itunes:image {episode.image!r} does not end in .jpg or .png; "
            "Apple Podcasts may show the show's artwork instead"
        )
    long = [p.name for p in episode.people if len(p.name) > MAX128] + [
        c.title for c in episode.clips if c.title and len(c.title) > MAX128
    ]
    if long:
        said.append(
            f"episode {episode.id!r}: {len(long)} person name(s) or clip title(s) longer than the {MAX128} characters "
            f"the podcast namespace allows (the first: {long[0][:40]!r}…); shortened in the feed"
        )
    low, high = SOUNDBITE_SECONDS
    odd = [c for c in episode.clips if not low <= c.duration <= high]
    if odd:
        first = odd[0]
        said.append(
            f"episode {episode.id!r}: {len(odd)} clip(s) outside the {low}-{high} s the podcast:soundbite spec "
            f"advises (the first: {first.title or 'untitled'!r}, {first.duration:g} s); written as they are"
        )
    return said


def warnings(records: Sequence[Record], site: Site) -> list[Diagnostic]:
    notes = []
    if not site.base_url:
        notes.append(
            Diagnostic(
                "no base_url: feeds leave out self, transcript and chapter links (set base_url "
                "in etl.yaml or pass --base-url)"
            )
        )
    for show_id in sorted({r.show for r in records}):
        show = site.show(show_id)
        if show.image and not _apple_artwork(show.image):
            notes.append(
                Diagnostic(
                    f"show {show_id!r}: image {show.image!r} does not end in .jpg or .png; Apple Podcasts asks for "
                    "one of them"
                )
            )
        missing = [k for k in ("description", "author", "image", "link", "owner", "categories") if not getattr(show, k)]
        if missing:
            notes.append(
                Diagnostic(
                    f"show {show_id!r} has no {', '.join(missing)} in etl.yaml; "
                    "the feed uses defaults, and podcast directories may reject it"
                )
            )
    return notes


def _channel(show: ShowConfig, feed_path: str, site: Site, newest: dt.datetime | None) -> FeedGenerator:
    fg = FeedGenerator()
    # ours, not feedgen's `podcast`: it refuses values the model holds (etl.load.itunes says which)
    fg.register_extension("itunes", ItunesExtension, ItunesEntryExtension, atom=False, rss=True)
    fg.register_extension("podcast20", Podcast20Extension, Podcast20EntryExtension, atom=False, rss=True)
    feed_url = site.url(feed_path)
    title = show.name
    fg.title(title)
    if feed_url:
        fg.link(href=feed_url, rel="self", type="application/rss+xml")
    # feedgen writes the last link as RSS <link>: the show's page goes last
    fg.link(href=show.link or site.url("") or "https://example.invalid/", rel="alternate")
    fg.description(show.description or title)
    fg.language(show.language)
    fg.generator("etl", version=__version__)
    fg.lastBuildDate(newest or EPOCH)
    itunes: ItunesExtension = fg.itunes
    itunes.tags.author = show.author or title
    if show.image:
        itunes.tags.image = show.image
        fg.image(url=show.image, title=title, link=show.link or site.url("") or "https://example.invalid/")
    itunes.tags.categories = [_category(c) for c in show.categories or ["Technology"]]
    if show.owner:
        itunes.tags.owner = (show.owner.name, show.owner.email)
    itunes.tags.explicit = show.explicit
    itunes.tags.type = show.type
    itunes.tags.complete = show.complete
    itunes.tags.block = _blocked(show, "apple")
    itunes.tags.new_feed_url = show.new_feed_url
    ext: Podcast20Extension = fg.podcast20
    ext.tags.locked = show.locked
    ext.tags.locked_owner = show.owner.email if show.owner else None
    old = feed_guid(show.old_feed_url) if show.old_feed_url else None
    if show.guid or old or feed_url:
        ext.tags.guid = show.guid or old or feed_guid(feed_url)  # type: ignore[arg-type]
    _publishing(ext.tags, show)
    return fg


def _blocked(show: ShowConfig, platform: str) -> bool:
    return show.block if isinstance(show.block, bool) else show.block.get(platform, False)


def _publishing(tags: ChannelTags, show: ShowConfig) -> None:
    """What the Podcasting 2.0 namespace lets a publisher say of a show, as etl.yaml says it."""
    tags.medium = show.medium
    if isinstance(show.block, bool):
        tags.blocks = [(None, True)] if show.block else []
    else:
        tags.blocks = sorted(show.block.items())
    tags.funding = show.funding
    tags.license = License(show.license.name, show.license.url) if show.license else None
    tags.location, tags.value, tags.txt = show.location, show.value, show.txt
    tags.podroll = [RemoteItem(r.feed_guid, r.feed_url) for r in show.podroll]
    often = show.update_frequency
    if often:
        start = moment(often.dtstart)
        dtstart = start.isoformat().replace("+00:00", "Z") if start else None
        tags.update_frequency = UpdateFrequency(often.text, often.rrule, often.complete, dtstart)
    tags.trailers = [
        Trailer(t.title, t.url, format_datetime(moment(t.published)), t.length, t.type, t.season)  # type: ignore[arg-type]
        for t in show.trailers
    ]
    if show.images:
        tags.images = ", ".join(f"{image.url} {image.width}w" for image in show.images)


def _category(text: str) -> tuple[str, str | None]:
    """`Main/Sub` in the config -> an itunes:category with a nested subcategory."""
    main, _, sub = text.partition("/")
    return main.strip(), sub.strip() or None


def _item(fg: FeedGenerator, episode: Episode, site: Site, show: ShowConfig) -> FeedEntry:
    fe = fg.add_entry(order="append")
    fe.title(episode.title)
    fe.guid(episode.guid, permalink=False)
    when = moment(episode.published)
    if when:
        fe.pubDate(when)
    # the episode's own page elsewhere when a source or an override names one, else ours
    link = episode.link or site.url(episode_page(episode.id) if site.pages else f"episodes/{episode.id}.json")
    if link:
        fe.link(href=link)
    notes = shownotes.html(episode)
    fe.description(notes)
    fe.content(notes)
    if episode.enclosure:
        fe.enclosure(episode.enclosure.url, str(episode.enclosure.length), episode.enclosure.type)
    itunes = fe.itunes.tags
    itunes.title = episode.short_title
    itunes.image = episode.image
    itunes.duration = None if episode.duration is None else int(episode.duration)
    itunes.season, itunes.episode = episode.season, episode.episode
    itunes.episode_type = episode.episode_type
    itunes.explicit = episode.explicit
    tags = fe.podcast20.tags
    tags.season, tags.episode = episode.season, episode.episode
    tags.season_name = None if episode.season is None else show.seasons.get(episode.season)
    tags.persons = [
        {
            "name": p.name,
            "role": p.role,
            "group": p.group,
            "img": p.img or "",
            "href": p.href or (p.links[0].url if p.links else ""),
        }
        for p in episode.people
    ]
    for file in transcripts.files_for(episode):
        url = site.url(file.path)
        if url:
            tags.transcripts.append(
                {"url": url, "type": file.format.mime, "language": show.language, "rel": file.format.rel or ""}
            )
    chapters_path = chapters.path_for(episode)
    if chapters_path and site.url(chapters_path):
        tags.chapters_url = site.url(chapters_path)
    tags.soundbites = [(_seconds(c.start), _seconds(c.duration), c.title) for c in episode.clips]
    tags.alternate_enclosures = episode.alternate_enclosures
    tags.location, tags.funding, tags.value, tags.txt = episode.location, episode.funding, episode.value, episode.txt
    tags.simple_chapters = [(_npt(c.start), c.title, c.url) for c in episode.chapters if c.toc]
    return fe


def _seconds(value: float) -> str:
    """Seconds as podcast:soundbite writes them: a whole number, or three decimals at most."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _npt(seconds: float) -> str:
    """Podlove Simple Chapters time: `HH:MM:SS` (with `.mmm` when not whole)."""
    clock = format_clock(seconds, always_hours=True)
    fraction = whole(seconds) - int(seconds)
    return f"{clock}.{round(fraction * 1000):03d}" if fraction else clock


def spool(episode: Episode, site: Site) -> bytes:
    """The episode's `<item>`, built by feedgen and serialised once, shared by feed.xml and its show's feed."""
    show = site.show(episode.show.id)
    fg = _channel(show, ALL_FEED, site, None)
    entry = _item(fg, episode, site, show)
    return fragment(entry.rss_entry(), NAMESPACES, ITEM_DEPTH)


def outputs(records: Sequence[Record], site: Site) -> list[tuple[str, list[Record]]]:
    ordered = order(records)
    files = [
        (f"feeds/{show}.xml", [r for r in ordered if r.show == show])
        for show in sorted({r.show for r in records} | set(site.shows))
    ]
    return [*files, (ALL_FEED, ordered)]


def write(handle: BinaryIO, path: str, records: list[Record], site: Site, read: Callable[[Record], bytes]) -> None:
    # feed.xml's channel is the default show (the first configured)
    show = site.show(None if path == ALL_FEED else path.removeprefix("feeds/").removesuffix(".xml"))
    dates = [m for r in records if (m := moment(r.published))]
    fg = _channel(show, path, site, max(dates) if dates else None)
    root = etree.fromstring(fg.rss_str(pretty=False))
    # items were serialised apart with NAMESPACES' prefixes: the channel must not bring others
    unknown = {k: v for k, v in root.nsmap.items() if NAMESPACES.get(k) != v}
    if unknown:
        raise RuntimeError(f"feedgen declared namespaces etl does not know: {unknown}")
    Stream(handle, NAMESPACES).document(root, root[0], (read(record) for record in records))
