"""Podcast feeds (RSS 2.0 with iTunes and Podcasting 2.0 tags), as hosting services export them: moving in.

Each `<item>` is an episode: its `<guid>` kept verbatim (podcast apps know episodes by it, so moving in costs
subscribers nothing), title, `pubDate` (RFC 2822 in its real-world spellings), enclosure, `itunes:duration`
(seconds, `MM:SS`, `HH:MM:SS`), season, episode, `episodeType`, explicit (`yes/no/true/false/clean`),
`itunes:image`, link, `podcast:person`, inline `psc:chapters`, and `podcast:transcript` / `podcast:chapters`
references, kept as links. Show notes: `content:encoded`, else `description`, else `itunes:summary`, read as
HTML (`etl.extract.notes`). The channel fills the show's settings that etl.yaml leaves empty. Ids come from
season and episode, else the enclosure's file name, else the guid, else the date; never from the title.
Parsed by lxml with no entity expansion and no network (`etl.xmlsafe`); a feed that is not well-formed is an
error at its line, an item without a title and an enclosure is skipped with a warning naming its line.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from lxml import etree

from etl import xmlsafe
from etl.dates import rfc2822
from etl.draft import ChannelDraft, ChapterDraft, EpisodeDraft, PersonDraft
from etl.errors import SourceError
from etl.extract.common import EXPLICIT, Verdict, media_type, unique_links
from etl.extract.notes import from_html
from etl.extract.podlove import PSC_NS, npt
from etl.guids import feed_guid
from etl.model import HTTP_URL, Enclosure, Link
from etl.text import slugify
from etl.timecode import parse_clock

NAME = "rss"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
# the namespace's URI, and the docs URI the spec makes clients accept too (this project declares that one)
PODCAST = (
    "https://podcastindex.org/namespace/1.0",
    "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
)
CONTENT = "http://purl.org/rss/1.0/modules/content/"
ATOM = "http://www.w3.org/2005/Atom"
_ROOT = re.compile(r"<(?![?!])(?:[\w.-]+:)?(?P<name>[\w.-]+)")


def detect(text: str) -> Verdict:
    head = text[:4000]
    root = _ROOT.search(head) if head.lstrip("\ufeff \t\n").startswith("<") else None
    if root is not None and root.group("name") == "rss":
        return Verdict(True, f"an RSS feed (<rss>) with {text.count('<item')} items")
    return Verdict(False, "no <rss> root element")


def _q(namespace: str, tag: str) -> str:
    return f"{{{namespace}}}{tag}"


def _find(element: etree._Element, *tags: str) -> etree._Element | None:
    for tag in tags:
        found = element.find(tag)
        if found is not None:
            return found
    return None


def _line(element: etree._Element, *tags: str) -> int:
    """The line of the first of `tags` found in `element`, else the element's own: where a warning points."""
    found = _find(element, *tags)
    return (found if found is not None else element).sourceline


def _text(element: etree._Element, *tags: str) -> str | None:
    found = _find(element, *tags)
    value = " ".join((found.text or "").split()) if found is not None else ""
    return value or None


def _podcast(tag: str) -> tuple[str, ...]:
    return tuple(_q(ns, tag) for ns in PODCAST)


def _url(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if HTTP_URL.match(value) else None


def extract(text: str, path: str) -> list[EpisodeDraft]:
    root = xmlsafe.parse(text, path)
    channel = root.find("channel")
    if channel is None:
        raise SourceError("an RSS feed without <channel>", path, root.sourceline)
    drafts: list[EpisodeDraft] = []
    skipped: list[int] = []
    for n, item in enumerate(channel.iter("item")):
        draft = _item(item, n, path)
        if draft is None:
            skipped.append(item.sourceline)
        else:
            drafts.append(draft)
    if not drafts:
        raise SourceError("no <item> with a title or an enclosure", path, channel.sourceline)
    for line in skipped:
        drafts[0].warn("item has neither a <title> nor an <enclosure>; skipped", line)
    drafts[0].channel = _channel(channel)
    return drafts


def _channel(channel: etree._Element) -> ChannelDraft:
    categories = []
    for category in channel.findall(_q(ITUNES, "category")):
        subs = [s.get("text", "").strip() for s in category.findall(_q(ITUNES, "category"))]
        main = category.get("text", "").strip()
        categories += [f"{main}/{sub}" for sub in subs if sub] or ([main] if main else [])
    owner = channel.find(_q(ITUNES, "owner"))
    image = channel.find(_q(ITUNES, "image"))
    description = _raw(channel, "description", _q(ITUNES, "summary"))
    return ChannelDraft(
        title=_text(channel, "title"),
        description=from_html(description).summary if description else None,
        author=_text(channel, _q(ITUNES, "author")),
        image=_url(image.get("href")) if image is not None else _url(_text(channel, "image/url")),
        link=_url(_text(channel, "link")),
        language=_text(channel, "language"),
        categories=categories,
        owner_name=_text(owner, _q(ITUNES, "name")) if owner is not None else None,
        owner_email=_text(owner, _q(ITUNES, "email")) if owner is not None else None,
        explicit=EXPLICIT.get((_text(channel, _q(ITUNES, "explicit")) or "").lower()),
        guid=_text(channel, *_podcast("guid")) or _self_guid(channel),
    )


def _self_guid(channel: etree._Element) -> str | None:
    """What podcast:guid the old feed had without writing one: the spec's UUIDv5 of its own URL."""
    for link in channel.findall(_q(ATOM, "link")):
        if link.get("rel") == "self" and (url := _url(link.get("href"))):
            return feed_guid(url)
    return None


def _raw(element: etree._Element, *tags: str) -> str | None:
    """An element's text as written (HTML show notes keep their markup), from the first of `tags` found."""
    found = _find(element, *tags)
    return found.text if found is not None and found.text and found.text.strip() else None


def _item(item: etree._Element, n: int, path: str) -> EpisodeDraft | None:
    line = item.sourceline
    title = _text(item, "title", _q(ITUNES, "title"))
    draft = EpisodeDraft(path=path, format=NAME, key="", line=line, title=title)
    draft.enclosure = _enclosure(draft, item)
    if title is None and draft.enclosure is None:
        return None
    draft.guid = _text(item, "guid")
    _numbers(draft, item)
    image = item.find(_q(ITUNES, "image"))
    draft.image = _url(image.get("href")) if image is not None else None
    draft.link = _url(_text(item, "link"))
    draft.people = [_person(p) for tag in _podcast("person") for p in item.findall(tag) if (p.text or "").strip()]
    draft.chapters = _chapters(draft, item)
    html = _raw(item, _q(CONTENT, "encoded"), "description", _q(ITUNES, "summary"))
    notes = from_html(html) if html else None
    draft.summary = notes.summary if notes else None
    draft.links = unique_links([*_references(item), *(notes.links if notes else [])])
    draft.key = _key(draft, n)
    if title is None and draft.enclosure is not None:
        draft.title = PurePosixPath(urlsplit(draft.enclosure.url).path).stem
        draft.warn(f"item has no <title>; titled after its enclosure's file name {draft.title!r}", line)
    return draft


def _enclosure(draft: EpisodeDraft, item: etree._Element) -> Enclosure | None:
    found = item.find("enclosure")
    if found is None:
        return None
    url = _url(found.get("url"))
    if url is None:
        draft.warn(f"enclosure url {found.get('url')!r} is not an http(s) URL; left out", found.sourceline)
        return None
    length = found.get("length", "").strip()
    if length and not length.isdigit():
        draft.warn(f"enclosure length {length!r} is not a size in bytes; 0 (unknown)", found.sourceline)
    return Enclosure(url=url, length=int(length) if length.isdigit() else 0, type=media_type(url, found.get("type")))


def _numbers(draft: EpisodeDraft, item: etree._Element) -> None:
    """Date, duration, season, episode, type and explicit: each a warning naming its line when it is not one."""
    dated = _text(item, "pubDate")
    draft.published = rfc2822(dated) if dated else None
    if dated and draft.published is None:
        draft.warn(f"pubDate {dated!r} is not a date; left unknown", _line(item, "pubDate"))
    duration = _text(item, _q(ITUNES, "duration"))
    if duration:
        try:
            draft.duration = float(duration) if duration.replace(".", "", 1).isdigit() else float(parse_clock(duration))
        except ValueError:
            line = _line(item, _q(ITUNES, "duration"))
            draft.warn(f"itunes:duration {duration!r} is neither seconds nor a clock; left unknown", line)
    for field, tags in (
        ("season", (_q(ITUNES, "season"), *_podcast("season"))),
        ("episode", (_q(ITUNES, "episode"), *_podcast("episode"))),
    ):
        value = _text(item, *tags)
        if value is not None:
            if value.isdigit():
                setattr(draft, field, int(value))
            else:
                draft.warn(f"{field} {value!r} is not a whole number; left out", _line(item, *tags))
    kind = (_text(item, _q(ITUNES, "episodeType")) or "full").lower()
    if kind in ("full", "trailer", "bonus"):
        draft.episode_type = kind  # type: ignore[assignment]
    else:
        line = _line(item, _q(ITUNES, "episodeType"))
        draft.warn(f"itunes:episodeType {kind!r} is not full, trailer or bonus; read as full", line)
    explicit = _text(item, _q(ITUNES, "explicit"))
    draft.explicit = EXPLICIT.get(explicit.lower()) if explicit else None


def _person(element: etree._Element) -> PersonDraft:
    """podcast:person: the name, and its role (the spec's default: host), page and picture."""
    return PersonDraft(
        name=" ".join((element.text or "").split()) or None,
        role=element.get("role") or "host",
        href=_url(element.get("href")),
        img=_url(element.get("img")),
        line=element.sourceline,
    )


def _chapters(draft: EpisodeDraft, item: etree._Element) -> list[ChapterDraft]:
    found = []
    for chapter in item.iter(_q(PSC_NS, "chapter")):
        start, title = npt(chapter.get("start", "")), " ".join((chapter.get("title") or "").split())
        if start is None or not title:
            draft.warn("psc:chapter without a start time or a title; left out", chapter.sourceline)
            continue
        found.append(ChapterDraft(start=start, title=title, url=_url(chapter.get("href")), line=chapter.sourceline))
    return found


def _references(item: etree._Element) -> list[Link]:
    """podcast:transcript and podcast:chapters files the old host serves: kept as links (a local transcript or
    chapters file given as a source is what the episode's own turns and chapters come from)."""
    links = []
    for tag in _podcast("transcript"):
        for found in item.findall(tag):
            if url := _url(found.get("url")):
                links.append(Link(url=url, title=f"Transcript ({found.get('type') or 'file'})"))
    for tag in _podcast("chapters"):
        for found in item.findall(tag):
            if url := _url(found.get("url")):
                links.append(Link(url=url, title="Chapters"))
    return links


def _key(draft: EpisodeDraft, n: int) -> str:
    """The id's part when there are no season and episode numbers: the enclosure's file name, else the guid
    (a permalink guid without its scheme and host, which every item shares), else the date; never the title
    (fixing a typo must not move an episode)."""
    if draft.enclosure is not None:
        stem = slugify(PurePosixPath(urlsplit(draft.enclosure.url).path).stem)
        if stem:
            return stem
    guid = draft.guid
    if guid and HTTP_URL.match(guid):
        parts = urlsplit(guid)
        guid = f"{parts.path} {parts.query} {parts.fragment}" if slugify(parts.path + parts.query) else guid
    for candidate in (guid, draft.published):
        if candidate and slugify(candidate):
            return slugify(candidate)[:80].strip("-")
    draft.warn("item has no enclosure, guid or date: its id comes from its place in the feed", draft.line)
    return f"item-{n + 1}"
