"""Podcast feeds (RSS 2.0 with iTunes and Podcasting 2.0 tags), as hosting services export them: moving in.

Each `<item>` is an episode: its `<guid>` kept verbatim (podcast apps know episodes by it, so moving in costs
subscribers nothing), title, `pubDate` (RFC 2822 in its real-world spellings), enclosure, `itunes:duration`
(seconds, `MM:SS`, `HH:MM:SS`), season, episode, `episodeType`, explicit (`yes/no/true/false/clean`),
`itunes:image`, link, `podcast:person`, inline `psc:chapters`, and `podcast:transcript` / `podcast:chapters`
references, kept as links. Show notes: `content:encoded`, else `description`, else `itunes:summary`, read as
HTML (`etl.extract.notes`). The channel fills the show's settings that etl.yaml leaves empty. Ids come from
season and episode, else the enclosure's file name, else the guid, else the date; never from the title.
Parsed by lxml with no entity expansion and no network (`etl.util.xmlsafe`); a feed that is not well-formed is an
error at its line, an item without a title and an enclosure is skipped with a warning naming its line.
"""

from __future__ import annotations

import math
import re
from pathlib import PurePosixPath

from lxml import etree

from etl.errors import SourceError
from etl.extract import feedtags
from etl.extract.common import EXPLICIT, NO_OPTIONS, Options, Verdict, absolute, media_type, unique_links
from etl.extract.feedxml import ATOM, CONTENT, ITUNES, http_url, line_of, podcast, q, raw, text_of
from etl.extract.notes import from_html
from etl.extract.podlove import PSC_NS, npt
from etl.model import HTTP_URL, Clip, Enclosure, Link
from etl.model.draft import ChannelDraft, ChapterDraft, EpisodeDraft, PersonDraft
from etl.model.guids import feed_guid
from etl.util import urls, xmlsafe
from etl.util.dates import parse_date
from etl.util.text import slugify
from etl.util.timecode import parse_clock

NAME = "rss"
_ROOT = re.compile(r"<(?![?!])(?:[\w.-]+:)?(?P<name>[\w.-]+)")


def detect(text: str) -> Verdict:
    head = text[:4000]
    root = _ROOT.search(head) if head.lstrip("\ufeff \t\n").startswith("<") else None
    if root is not None and root.group("name") == "rss":
        return Verdict(True, f"an RSS feed (<rss>) with {text.count('<item')} items")
    return Verdict(False, "no <rss> root element")


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    root = xmlsafe.parse(text, path)
    channel = root.find("channel")
    if channel is None:
        raise SourceError("an RSS feed without <channel>", path, root.sourceline)
    drafts: list[EpisodeDraft] = []
    skipped: list[int] = []
    for n, item in enumerate(channel.iter("item")):
        draft = _item(item, n, path, options)
        if draft is None:
            skipped.append(item.sourceline)
        else:
            drafts.append(draft)
    if not drafts:
        raise SourceError("no <item> with a title or an enclosure", path, channel.sourceline)
    for line in skipped:
        drafts[0].warn("item has neither a <title> nor an <enclosure>; skipped", line)
    drafts[0].channel = _channel(channel, drafts[0].warn)
    seasons = {
        int(s.text): name
        for tag in podcast("season")
        for s in channel.iter(tag)
        if (s.text or "").strip().isdigit() and (name := " ".join((s.get("name") or "").split()))
    }
    if seasons:
        drafts[0].channel.settings["seasons"] = dict(sorted(seasons.items()))
    unread = _unread(channel)
    if unread:
        drafts[0].note(f"not read: {unread}", channel.sourceline)
    return drafts


# What this reader takes (besides what it finds by path): any other element is named under -v
_ITEM_PODCAST = (
    "person", "season", "episode", "transcript", "chapters", "soundbite",
    "alternateEnclosure", "location", "funding", "value", "txt",
)  # fmt: skip
_ITEM_READ = {
    "title", "guid", "pubDate", "link", "description", "enclosure",
    *(q(ITUNES, t) for t in ("title", "image", "duration", "season", "episode", "episodeType", "explicit", "summary")),
    q(CONTENT, "encoded"),
    *(t for tag in _ITEM_PODCAST for t in podcast(tag)),
    q(PSC_NS, "chapters"),
}  # fmt: skip
_CHANNEL_PODCAST = (
    "guid", "medium", "block", "funding", "license", "location", "value", "podroll", "updateFrequency", "txt",
    "trailer", "images",
)  # fmt: skip
_CHANNEL_READ = {
    "title", "description", "link", "language", "image", "item",
    *(q(ITUNES, t) for t in (
        "category", "owner", "image", "author", "explicit", "summary", "type", "complete", "block", "new-feed-url",
    )),
    *(t for tag in _CHANNEL_PODCAST for t in podcast(tag)), q(ATOM, "link"),
}  # fmt: skip


def _unread(channel: etree._Element) -> str:
    """The channel's and items' elements this reader takes nothing from, as `prefix:name`, items' with a count."""
    found = [_shown(e) for e in channel if isinstance(e.tag, str) and e.tag not in _CHANNEL_READ]
    counts: dict[str, int] = {}
    for item in channel.iter("item"):
        for name in {_shown(e) for e in item if isinstance(e.tag, str) and e.tag not in _ITEM_READ}:
            counts[name] = counts.get(name, 0) + 1
    parts = [f"<channel> {', '.join(dict.fromkeys(found))}"] if found else []
    if counts:
        parts.append("<item> " + ", ".join(f"{name} ({n} items)" for name, n in sorted(counts.items())))
    return "; ".join(parts)


def _shown(element: etree._Element) -> str:
    name = etree.QName(element).localname
    return f"{element.prefix}:{name}" if element.prefix else name


def _channel(channel: etree._Element, warn: feedtags.Warn) -> ChannelDraft:
    categories = []
    for category in channel.findall(q(ITUNES, "category")):
        subs = [s.get("text", "").strip() for s in category.findall(q(ITUNES, "category"))]
        main = category.get("text", "").strip()
        categories += [f"{main}/{sub}" for sub in subs if sub] or ([main] if main else [])
    owner = channel.find(q(ITUNES, "owner"))
    image = channel.find(q(ITUNES, "image"))
    description = raw(channel, "description", q(ITUNES, "summary"))
    return ChannelDraft(
        title=text_of(channel, "title"),
        description=from_html(description).summary if description else None,
        author=text_of(channel, q(ITUNES, "author")),
        image=http_url(image.get("href")) if image is not None else http_url(text_of(channel, "image/url")),
        link=http_url(text_of(channel, "link")),
        language=text_of(channel, "language"),
        categories=categories,
        owner_name=text_of(owner, q(ITUNES, "name")) if owner is not None else None,
        owner_email=text_of(owner, q(ITUNES, "email")) if owner is not None else None,
        explicit=EXPLICIT.get((text_of(channel, q(ITUNES, "explicit")) or "").lower()),
        guid=text_of(channel, *podcast("guid")) or _self_guid(channel),
        settings=feedtags.show_settings(channel, warn),
    )


def _self_guid(channel: etree._Element) -> str | None:
    """What podcast:guid the old feed had without writing one: the spec's UUIDv5 of its own URL."""
    for link in channel.findall(q(ATOM, "link")):
        if link.get("rel") == "self" and (url := http_url(link.get("href"))):
            return feed_guid(url)
    return None


def _item(item: etree._Element, n: int, path: str, options: Options) -> EpisodeDraft | None:
    line = item.sourceline
    title = text_of(item, "title", q(ITUNES, "title"))
    draft = EpisodeDraft(path=path, format=NAME, key="", line=line, title=title)
    draft.enclosure = _enclosure(draft, item, options)
    if title is None and draft.enclosure is None:
        return None
    draft.guid = text_of(item, "guid")
    _numbers(draft, item)
    image = item.find(q(ITUNES, "image"))
    draft.image = http_url(image.get("href")) if image is not None else None
    draft.link = http_url(text_of(item, "link"))
    draft.people = [_person(p) for tag in podcast("person") for p in item.findall(tag) if (p.text or "").strip()]
    draft.chapters = _chapters(draft, item)
    draft.clips = _soundbites(draft, item)
    short = text_of(item, q(ITUNES, "title"))
    draft.short_title = short if short and title and short != title else None
    draft.alternate_enclosures = feedtags.alternate_enclosures(item, draft.warn)
    draft.location, draft.value = feedtags.location(item, draft.warn), feedtags.value(item, draft.warn)
    draft.funding, draft.txt = feedtags.funding(item, draft.warn), feedtags.txt(item, draft.warn)
    html = raw(item, q(CONTENT, "encoded"), "description", q(ITUNES, "summary"))
    notes = from_html(html, options) if html else None
    if notes:
        draft.summary, draft.summary_html = notes.summary, notes.html
        draft.relative += notes.relative
    draft.links = unique_links([*_references(item), *(notes.links if notes else [])])
    draft.key = _key(draft, n)
    if title is None and draft.enclosure is not None:
        stem = PurePosixPath(urls.split(draft.enclosure.url).path).stem
        if stem:
            draft.title = stem
            draft.warn(f"item has no <title>; titled after its enclosure's file name {stem!r}", line)
        elif draft.guid:  # a URL without a file name (or one urlsplit refuses): the guid names the item
            draft.title = draft.guid
            said = f"item has no <title> and its enclosure URL no file name; titled after its guid {draft.guid!r}"
            draft.warn(said, line)
        else:
            return None
    return draft


def _enclosure(draft: EpisodeDraft, item: etree._Element, options: Options) -> Enclosure | None:
    found = item.find("enclosure")
    if found is None:
        return None
    given = (found.get("url") or "").strip()
    url = absolute(given, options)
    if url is None:
        if given and not re.match(r"^[a-z][a-z0-9+.-]*:", given, re.I):
            draft.relative.append(given)
        else:
            draft.warn(f"enclosure url {given!r} is not an http(s) URL; left out", found.sourceline)
        return None
    length = found.get("length", "").strip()
    if length and not length.isdigit():
        draft.warn(f"enclosure length {length!r} is not a size in bytes; 0 (unknown)", found.sourceline)
    return Enclosure(url=url, length=int(length) if length.isdigit() else 0, type=media_type(url, found.get("type")))


def _numbers(draft: EpisodeDraft, item: etree._Element) -> None:
    """Date, duration, season, episode, type and explicit: each a warning naming its line when it is not one."""
    dated = text_of(item, "pubDate")
    draft.published = parse_date(dated) if dated else None
    if dated and draft.published is None:
        draft.warn(f"pubDate {dated!r} is not a date; left unknown", line_of(item, "pubDate"))
    duration = text_of(item, q(ITUNES, "duration"))
    if duration:
        try:
            draft.duration = float(duration) if duration.replace(".", "", 1).isdigit() else float(parse_clock(duration))
        except ValueError:
            line = line_of(item, q(ITUNES, "duration"))
            draft.warn(f"itunes:duration {duration!r} is neither seconds nor a clock; left unknown", line)
    for field, tags in (
        ("season", (q(ITUNES, "season"), *podcast("season"))),
        ("episode", (q(ITUNES, "episode"), *podcast("episode"))),
    ):
        value = text_of(item, *tags)
        if value is not None:
            if value.isdigit():
                setattr(draft, field, int(value))
            else:
                draft.warn(f"{field} {value!r} is not a whole number; left out", line_of(item, *tags))
    kind = (text_of(item, q(ITUNES, "episodeType")) or "full").lower()
    if kind in ("full", "trailer", "bonus"):
        draft.episode_type = kind  # type: ignore[assignment]
    else:
        line = line_of(item, q(ITUNES, "episodeType"))
        draft.warn(f"itunes:episodeType {kind!r} is not full, trailer or bonus; read as full", line)
    explicit = text_of(item, q(ITUNES, "explicit"))
    draft.explicit = EXPLICIT.get(explicit.lower()) if explicit else None


def _person(element: etree._Element) -> PersonDraft:
    """podcast:person: the name, and its role (the spec's default: host), page and picture."""
    return PersonDraft(
        name=" ".join((element.text or "").split()) or None,
        role=element.get("role") or "host",
        href=http_url(element.get("href")),
        img=http_url(element.get("img")),
        line=element.sourceline,
    )


def _chapters(draft: EpisodeDraft, item: etree._Element) -> list[ChapterDraft]:
    found = []
    for chapter in item.iter(q(PSC_NS, "chapter")):
        start, title = npt(chapter.get("start", "")), " ".join((chapter.get("title") or "").split())
        if start is None or not title:
            draft.warn("psc:chapter without a start time or a title; left out", chapter.sourceline)
            continue
        found.append(ChapterDraft(start=start, title=title, url=http_url(chapter.get("href")), line=chapter.sourceline))
    return found


def _soundbites(draft: EpisodeDraft, item: etree._Element) -> list[Clip]:
    """podcast:soundbite: `startTime` and `duration` in seconds, the title as its text."""
    found = []
    for tag in podcast("soundbite"):
        for bite in item.findall(tag):
            try:
                start, length = float(bite.get("startTime", "")), float(bite.get("duration", ""))
            except ValueError:
                start = length = -1.0
            if start < 0 or length <= 0 or not math.isfinite(start + length):
                draft.warn("podcast:soundbite without a startTime and a duration in seconds; left out", bite.sourceline)
                continue
            title = " ".join((bite.text or "").split()) or None
            found.append(Clip(start=start, duration=length, title=title))
    return found


def _references(item: etree._Element) -> list[Link]:
    """podcast:transcript and podcast:chapters files the old host serves: kept as links (a local transcript or
    chapters file given as a source is what the episode's own turns and chapters come from)."""
    links = []
    for tag in podcast("transcript"):
        for found in item.findall(tag):
            if url := http_url(found.get("url")):
                links.append(Link(url=url, title=f"Transcript ({found.get('type') or 'file'})"))
    for tag in podcast("chapters"):
        for found in item.findall(tag):
            if url := http_url(found.get("url")):
                links.append(Link(url=url, title="Chapters"))
    return links


def _key(draft: EpisodeDraft, n: int) -> str:
    """The id's part when there are no season and episode numbers: the enclosure's file name, else the guid
    (a permalink guid without its scheme and host, which every item shares), else the date; never the title
    (fixing a typo must not move an episode)."""
    if draft.enclosure is not None:
        stem = slugify(PurePosixPath(urls.split(draft.enclosure.url).path).stem)
        if stem:
            return stem
    guid = draft.guid
    if guid and HTTP_URL.match(guid):
        parts = urls.split(guid)
        guid = f"{parts.path} {parts.query} {parts.fragment}" if slugify(parts.path + parts.query) else guid
    for candidate in (guid, draft.published):
        if candidate and slugify(candidate):
            return slugify(candidate)[:80].strip("-")
    draft.warn("item has no enclosure, guid or date: its id comes from its place in the feed", draft.line)
    return f"item-{n + 1}"
