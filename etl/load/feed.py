"""`feed.xml` (every episode) and `feeds/<show-id>.xml` (one per show): RSS 2.0 with iTunes,
Podcasting 2.0 and Podlove Simple Chapters tags, built with feedgen.

Nothing here reads the clock: lastBuildDate is the newest episode's date (EPOCH when no
episode has one), items are ordered like the index (newest first, then id).
"""

from __future__ import annotations

import datetime as dt
import uuid

from feedgen.feed import FeedGenerator

from etl import __version__
from etl.config import ShowConfig
from etl.errors import Diagnostic
from etl.load import chapters, shownotes, transcripts
from etl.load.index import order
from etl.load.podcast20 import Podcast20EntryExtension, Podcast20Extension
from etl.load.site import Site
from etl.model import Episode
from etl.timecode import format_clock, whole

NAME = "feed"
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
ALL_FEED = "feed.xml"


def feed_guid(feed_url: str) -> str:
    """podcast:guid: UUIDv5 over the feed URL without scheme and trailing slashes, as the spec defines."""
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def moment(published: str | None) -> dt.datetime | None:
    if published is None:
        return None
    if "T" not in published:
        return dt.datetime.combine(dt.date.fromisoformat(published), dt.time(), tzinfo=dt.UTC)
    value = dt.datetime.fromisoformat(published)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def show_for_all(site: Site) -> ShowConfig:
    """The channel of feed.xml: the first configured show, or a neutral default."""
    if site.shows:
        return next(iter(site.shows.values()))
    return ShowConfig(id="podcast", title="Podcast")


def warnings(episodes: list[Episode], site: Site) -> list[Diagnostic]:
    notes = []
    if not site.base_url:
        notes.append(
            Diagnostic(
                "no base_url: feeds leave out self, transcript and chapter links (set base_url "
                "in etl.yaml or pass --base-url)"
            )
        )
    used = {e.show.id for e in episodes}
    for show_id in sorted(used):
        show = site.shows.get(show_id)
        missing = [
            k for k in ("description", "author", "image", "link", "owner") if show is None or not getattr(show, k)
        ]
        if not show or not show.categories:
            missing.append("categories")
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
    fg.load_extension("podcast")
    fg.register_extension("podcast20", Podcast20Extension, Podcast20EntryExtension, atom=False, rss=True)
    feed_url = site.url(feed_path)
    fg.title(show.title)
    if feed_url:
        fg.link(href=feed_url, rel="self", type="application/rss+xml")
    # feedgen writes the last link as RSS <link>: the show's page goes last
    fg.link(href=show.link or site.url("") or "https://example.invalid/", rel="alternate")
    fg.description(show.description or show.title)
    fg.language(show.language)
    fg.generator("etl", version=__version__)
    fg.lastBuildDate(newest or EPOCH)
    fg.podcast.itunes_author(show.author or show.title)
    if show.image:
        fg.podcast.itunes_image(show.image)
        fg.image(url=show.image, title=show.title, link=show.link or site.url("") or "https://example.invalid/")
    for category in show.categories or ["Technology"]:
        main, _, sub = category.partition("/")
        fg.podcast.itunes_category(main.strip(), sub.strip() or None)
    if show.owner:
        fg.podcast.itunes_owner(name=show.owner.name, email=show.owner.email)
    ext: Podcast20Extension = fg.podcast20
    ext.explicit = show.explicit
    ext.locked = show.locked
    ext.locked_owner = show.owner.email if show.owner else None
    if feed_url:
        ext.guid = feed_guid(feed_url)
    return fg


def _item(fg: FeedGenerator, episode: Episode, site: Site, language: str) -> None:
    fe = fg.add_entry(order="append")
    fe.title(episode.title)
    fe.guid(episode.guid, permalink=False)
    when = moment(episode.published)
    if when:
        fe.pubDate(when)
    link = episode.link or site.url(f"episodes/{episode.id}.json")
    if link:
        fe.link(href=link)
    notes = shownotes.html(episode)
    fe.description(notes)
    fe.content(notes, type="CDATA")
    if episode.enclosure:
        fe.enclosure(episode.enclosure.url, str(episode.enclosure.length), episode.enclosure.type)
    if episode.duration is not None:
        fe.podcast.itunes_duration(int(episode.duration))
    if episode.season is not None:
        fe.podcast.itunes_season(episode.season)
    if episode.episode is not None:
        fe.podcast.itunes_episode(episode.episode)
    fe.podcast.itunes_episode_type(episode.episode_type)
    if episode.image:
        fe.podcast.itunes_image(episode.image)
    tags = fe.podcast20.tags
    tags.explicit = episode.explicit
    tags.season, tags.episode = episode.season, episode.episode
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
    for path, mime, rel in transcripts.files_for(episode):
        url = site.url(path)
        if url:
            tags.transcripts.append({"url": url, "type": mime, "language": language, "rel": rel or ""})
    chapters_path = chapters.path_for(episode)
    if chapters_path and site.url(chapters_path):
        tags.chapters_url = site.url(chapters_path)
    tags.simple_chapters = [(_npt(c.start), c.title, c.url) for c in episode.chapters]


def _npt(seconds: float) -> str:
    """Podlove Simple Chapters time: `HH:MM:SS` (with `.mmm` when not whole)."""
    clock = format_clock(seconds, always_hours=True)
    fraction = whole(seconds) - int(seconds)
    return f"{clock}.{round(fraction * 1000):03d}" if fraction else clock


def build_feed(episodes: list[Episode], show: ShowConfig, feed_path: str, site: Site) -> bytes:
    ordered = order(episodes)
    dates = [m for e in ordered if (m := moment(e.published))]
    fg = _channel(show, feed_path, site, max(dates) if dates else None)
    for episode in ordered:
        _item(fg, episode, site, show.language)
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def render(episodes: list[Episode], site: Site) -> dict[str, bytes]:
    files = {}
    for show_id in sorted({e.show.id for e in episodes} | set(site.shows)):
        show = site.shows.get(show_id) or ShowConfig(id=show_id, title=show_id)
        files[f"feeds/{show_id}.xml"] = build_feed(
            [e for e in episodes if e.show.id == show_id], show, f"feeds/{show_id}.xml", site
        )
    files[ALL_FEED] = build_feed(episodes, show_for_all(site), ALL_FEED, site)
    return files
