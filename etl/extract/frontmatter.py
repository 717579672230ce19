"""Episode pages of static sites (Jekyll, Hugo, Eleventy, Astro, podcast themes, video-to-page scripts): front
matter, then markdown show notes.

Front matter in YAML (`---`) or TOML (`+++`, Hugo's other kind). KEYS below is the one table of what each
accepted key fills (docs/source-formats.md shows it, and a test holds the two together); a key no field takes is
named in a note (`-v`), so a user sees what a page says that the output lacks. The markdown body is rendered by
markdown-it-py (CommonMark) and read like a feed's HTML show notes (`etl.extract.notes`): the summary's text,
the links, and the notes as HTML with their links in place. A stamped chapter list in the body or in
`description` (`Chapters:` then `[00:40] Why we rewrote the scheduler`) is the episode's chapters, by the
chapters reader's rule, and leaves the notes. A DataTalks.Club page is the `datatalks` reader's, and a page whose
body is a community post is the `community` reader's (both are asked first). Relative URLs (`/media/ep12.mp3`)
resolve against the source's `site_url`; without one they are left out, and the build says so once a source.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from markdown_it import MarkdownIt

from etl.errors import SourceError
from etl.extract import front, timedlines
from etl.extract.common import (
    EXPLICIT,
    NO_OPTIONS,
    Options,
    Verdict,
    absolute,
    media_type,
    source_key,
    unique_links,
)
from etl.extract.notes import from_html
from etl.model import HTTP_URL, Clip, Enclosure, Link
from etl.model.draft import ChapterDraft, EpisodeDraft, PersonDraft
from etl.util.dates import parse_date
from etl.util.timecode import parse_clock, parse_iso_duration

NAME = "frontmatter"

# accepted key -> what it fills (the first key found wins where several fill one field)
KEYS: dict[str, str] = {
    "title": "title",
    "date": "published",
    "publishDate": "published",
    "pubDate": "published",
    "publishedAt": "published",
    "published_at": "published",
    "published": "published",
    "season": "season",
    "episode": "episode",
    "number": "episode",
    "episode_type": "episode_type",
    "episodeType": "episode_type",
    "duration": "duration",
    "podcast_duration": "duration",
    "audio": "enclosure",
    "mp3": "enclosure",
    "enclosure": "enclosure",
    "podcast_file": "enclosure",
    "length": "enclosure length",
    "filesize": "enclosure length",
    "podcast_bytes": "enclosure length",
    "guid": "guid",
    "link": "link (the episode's own page)",
    "explicit": "explicit",
    "image": "image",
    "episode_image": "image",
    "cover": "image",
    "cover_image": "image",
    "thumbnail": "image",
    "thumbnailUrl": "image",
    "description": "summary (when the body is empty); chapters, from a stamped list in it",
    "summary": "summary (when the body is empty); chapters, from a stamped list in it",
    "guests": "people, as guests (names or registry ids)",
    "hosts": "people, as hosts (names or registry ids)",
    "youtube": "links (a YouTube video id or URL)",
    "youtubeUrl": "links (a YouTube video id or URL)",
    "youtube_url": "links (a YouTube video id or URL)",
    "video": "links (a YouTube video id or URL)",
    "tags": "topics",
    "clips": "clips (`start`, `duration` or `end`, `title`)",
    "soundbites": "clips (`start`, `duration` or `end`, `title`)",
    "chapters": "chapters (`start` or `startTime`, `title`; or a Podcasting 2.0 chapters object)",
}
_SUMMARY = KEYS["description"]
_VIDEO = KEYS["youtube"]
_CLIPS = KEYS["clips"]
# what makes front matter a podcast episode's rather than any page's
_EPISODE_KEYS = ("audio", "mp3", "enclosure", "podcast_file", "duration", "podcast_duration", "episode", "guid")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")  # a registry id, not a name
_YOUTUBE_ID = re.compile(r"^[\w-]{11}$")
_DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-")  # Jekyll's and Eleventy's `2019-04-02-title.md`
# An episode number in a file name: `ep7-…`, `episode-55.md`, `e12_…`, `0042.md`, `017-…` (never a date's year)
_NUMBERED_NAME = re.compile(r"^(?:(?:episode|ep|e)[-_ ]?(?P<tagged>\d{1,5})|(?P<bare>\d{1,4}))(?=[-_ .]|$)", re.I)
# MDX (Astro, Gatsby): module lines and JSX components are code, not show notes
_MDX_MODULE = re.compile(
    r"^(?:import\s.+\sfrom\s+['\"].+['\"]|import\s+['\"].+['\"]|export\s+(?:const|let|default|function)\b.*);?\s*$"
)
_JSX_OPEN = re.compile(r"^\s*<(?P<name>[A-Z][\w.]*)\b")
_JSX_CLOSE = re.compile(r"^\s*</[A-Z][\w.]*\s*>\s*$")
_JSX_TAG = re.compile(r"</?[A-Z][\w.]*\b[^>]*>")
_MARKDOWN = MarkdownIt("commonmark")


def detect(text: str) -> Verdict:
    head = text[:4000]
    if head.startswith("{"):
        return _detect_json(text)
    if not front.OPEN.match(head):
        return Verdict(False, "no front matter (`---`, `+++` or a JSON object) on line 1")
    keys = [k for k in _EPISODE_KEYS if re.search(rf"^\s*{k}\s*[:=]", head, re.M)]
    if not keys:
        return Verdict(False, f"front matter without an episode's keys ({', '.join(_EPISODE_KEYS)})")
    if not front.closed(text):
        return Verdict(False, "front matter is never closed")
    return Verdict(True, f"front matter with {', '.join(keys)}")


# JSON of other kinds: a transcript, a chapters file, an episode file this project publishes
_NOT_FRONT_MATTER = ("segments", "turns", "sources", "waypoints")


def _detect_json(text: str) -> Verdict:
    opened = front.json_front(text)
    if opened is None:
        return Verdict(False, "a page that opens with `{` but no JSON object")
    data, _ = opened
    other = [k for k in _NOT_FRONT_MATTER if isinstance(data.get(k), list)]
    if other:
        return Verdict(False, f"a JSON object with {other[0]!r}: not a page's front matter")
    keys = [k for k in _EPISODE_KEYS if k in data]
    if not keys:
        return Verdict(False, f"JSON front matter without an episode's keys ({', '.join(_EPISODE_KEYS)})")
    return Verdict(True, f"JSON front matter with {', '.join(keys)}")


def _first(data: dict[str, Any], field: str) -> tuple[str, Any] | tuple[None, None]:
    for key, fills in KEYS.items():
        if fills == field and data.get(key) not in (None, ""):
            return key, data[key]
    return None, None


# the model's field each KEYS entry fills, where a refused value's line is looked up (EpisodeDraft.lines)
_FIELDS = {"published": "published", "duration": "duration", "enclosure": "enclosure", "image": "image"}
_FIELDS |= {"link (the episode's own page)": "link", "episode": "episode", "title": "title", "guid": "guid"}


def _lines(draft: EpisodeDraft, page: front.Front) -> None:
    for fills, field in _FIELDS.items():
        key, _ = _first(page.data, fills)
        line = page.line(key) if key else None
        if line:
            draft.lines[field] = line


def _url(draft: EpisodeDraft, page: front.Front, key: str, value: Any, options: Options) -> str | None:
    """An absolute URL, or a relative one resolved against `site_url`; a relative one without it is listed in
    `draft.relative` (the build says once a source what was left out), anything else is a warning."""
    text = str(value).strip()
    found = absolute(text, options)
    if found is None and text and not re.match(r"^[a-z][a-z0-9+.-]*:", text, re.I):
        draft.relative.append(text)
    elif found is None:
        draft.warn(f"`{key}` {text[:60]!r} is not an http(s) URL; left out", page.line(key))
    return found


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    page = front.split(text, path)
    data = page.data
    draft = EpisodeDraft(path=path, format=NAME, key=source_key(path), line=1)
    _lines(draft, page)
    front.title(draft, page)
    draft.season = front.whole_number(page, "season", text_too=True)
    key, _ = _first(data, "episode")
    draft.episode = front.whole_number(page, key, text_too=True) if key else None
    _dates(draft, page)
    _duration(draft, page)
    _enclosure(draft, page, options)
    _details(draft, page, options)
    _people(draft, page)
    _clips(draft, page)
    _listed_chapters(draft, page)
    body = _chapters_from(draft, _without_mdx(page.body), page.body_line)
    rendered = from_html(_MARKDOWN.render(body), options) if body.strip() else None
    key, description = _first(data, _SUMMARY)
    if key and isinstance(description, str) and not draft.chapters:
        description = _chapters_from(draft, description, page.line(key) or 1)
    if rendered and (rendered.summary or rendered.html):
        draft.summary, draft.summary_html = rendered.summary, rendered.html
        draft.relative += rendered.relative
    elif description and str(description).strip():
        draft.summary = re.sub(r"\n[ \t]*(?:\n[ \t]*)+", "\n\n", str(description).strip())  # a list left a gap
    draft.links = unique_links([*draft.links, *(rendered.links if rendered else [])])
    unread = [str(k) for k in data if k not in KEYS]
    if unread:
        draft.note(f"not read: {', '.join(unread)}", 1)
    return [draft]


def _without_mdx(body: str) -> str:
    """The body without MDX's code: `import`/`export` lines and JSX component tags (`<Player src={…} />`, an
    opening tag over several lines), each line replaced by a blank one so line numbers stay true. What a
    component wraps (a `<Callout>`'s words) is show notes and stays."""
    out: list[str] = []
    in_tag = False
    for line in body.split("\n"):
        if in_tag:
            in_tag = not line.rstrip().endswith(">")
            out.append("")
        elif _MDX_MODULE.match(line.strip()) or _JSX_CLOSE.match(line):
            out.append("")
        elif _JSX_OPEN.match(line):
            inner = _JSX_TAG.sub("", line)  # `<Callout>words</Callout>` on one line keeps its words
            in_tag = ">" not in line
            out.append("" if in_tag else inner)
        else:
            out.append(line)
    return "\n".join(out)


def _listed_chapters(draft: EpisodeDraft, page: front.Front) -> None:
    """`chapters:` in the front matter: a list of `{start, title}` (or `startTime`), or a Podcasting 2.0 chapters
    object (`{version, chapters: [{startTime, title}]}`)."""
    value = page.data.get("chapters")
    if isinstance(value, dict):
        value = value.get("chapters")
    if value is None:
        return
    for n, item in enumerate(value if isinstance(value, list) else [value]):
        line = page.line("chapters", n)
        start = _seconds(item.get("start", item.get("startTime"))) if isinstance(item, dict) else None
        title = " ".join(str(item.get("title") or "").split()) if isinstance(item, dict) else ""
        if start is None or not title:
            draft.warn(f"`chapters` item {item!r:.60} has no start or no title; left out", line)
            continue
        url = item.get("url") or item.get("href")
        url = url if isinstance(url, str) and HTTP_URL.match(url) else None
        draft.chapters.append(ChapterDraft(start=start, title=title, url=url, line=line))


def _chapters_from(draft: EpisodeDraft, text: str, first_line: int) -> str:
    """A stamped chapter list in `text` becomes the draft's chapters; `text` is returned without it."""
    listing = timedlines.chapter_list(text) if not draft.chapters else None  # front matter's own list wins
    if listing is None:
        return text
    for stamped in listing.chapters:
        title, url = timedlines.chapter_title(stamped.text)
        line = first_line + stamped.line - 1
        if title:
            draft.chapters.append(ChapterDraft(start=stamped.start, title=title, url=url, line=line))
    lines = text.split("\n")
    return "\n".join(lines[: listing.first - 1] + lines[listing.last :])


def _dates(draft: EpisodeDraft, page: front.Front) -> None:
    key, value = _first(page.data, "published")
    draft.published = front.published(value) if not isinstance(value, str) else parse_date(value)
    if key and draft.published is None:
        draft.warn(f"`{key}` {value!r} is not a date or a date-time; left unknown", page.line(key))
    name = PurePath(draft.path).name
    if key is None and (named := _DATED_NAME.match(name)):
        draft.published = parse_date(named.group(1))
        if draft.published:
            draft.note(f"date {draft.published} from the file name (the page has no date key)", 1)
    numbered = _NUMBERED_NAME.match(_DATED_NAME.sub("", name))
    if draft.episode is None and numbered:
        draft.episode = int(numbered.group("tagged") or numbered.group("bare"))
        draft.note(f"episode {draft.episode} from the file name (the page has no episode key)", 1)


def _duration(draft: EpisodeDraft, page: front.Front) -> None:
    """Seconds (a number; YAML 1.1 reads an unquoted `12:30` as 750, base 60, which is those seconds), a clock
    in quotes, or ISO 8601."""
    key, value = _first(page.data, "duration")
    if key is None:
        return
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        draft.duration = float(value)
        return
    text = str(value).strip()
    try:
        if text.replace(".", "", 1).isdigit():
            draft.duration = float(text)
        else:
            draft.duration = float(parse_iso_duration(text) if text.upper().startswith("P") else parse_clock(text))
    except ValueError:
        draft.warn(f"`{key}` {text!r} is not seconds, a clock or an ISO 8601 duration; left unknown", page.line(key))


def _enclosure(draft: EpisodeDraft, page: front.Front, options: Options) -> None:
    key, value = _first(page.data, "enclosure")
    if key is None:
        return
    given = value if isinstance(value, dict) else {"url": value}
    url = _url(draft, page, key, given.get("url", ""), options)
    if url is None:
        return
    size_key, size = _first(page.data, "enclosure length")
    size = given.get("length", size)
    length = int(size) if isinstance(size, int) or str(size).strip().isdigit() else 0
    if size is not None and not length and str(size).strip() not in ("0", ""):
        draft.warn(f"`{size_key or key}` {size!r} is not a size in bytes; length left unknown (0)", page.line(key))
    draft.enclosure = Enclosure(url=url, length=length, type=media_type(url, given.get("type")))


def _details(draft: EpisodeDraft, page: front.Front, options: Options) -> None:
    data = page.data
    key, value = _first(data, "episode_type")
    if key and str(value).lower() in ("full", "trailer", "bonus"):
        draft.episode_type = str(value).lower()  # type: ignore[assignment]
    elif key:
        draft.warn(f"`{key}` {value!r} is not full, trailer or bonus; read as full", page.line(key))
    key, value = _first(data, "guid")
    draft.guid = str(value).strip() if key else None
    key, value = _first(data, "explicit")
    if key:
        draft.explicit = value if isinstance(value, bool) else EXPLICIT.get(str(value).strip().lower())
    key, value = _first(data, "image")
    draft.image = _url(draft, page, key, value, options) if key else None
    key, value = _first(data, "link (the episode's own page)")
    draft.link = _url(draft, page, key, value, options) if key else None
    tags = data.get("tags") or []
    draft.topics = [str(t).strip() for t in (tags if isinstance(tags, list) else [tags]) if str(t).strip()]
    key, value = _first(data, _VIDEO)
    video = str(value or "").strip()
    if key and video:
        url = f"https://www.youtube.com/watch?v={video}" if _YOUTUBE_ID.match(video) else absolute(video, options)
        if url:
            draft.links.append(Link(url=url, title="YouTube" if "youtu" in url else "Video"))
        else:
            draft.warn(f"`{key}` {video!r} is neither a video id nor a URL; left out", page.line(key))


def _people(draft: EpisodeDraft, page: front.Front) -> None:
    """`guests` and `hosts`: names, registry ids, or mappings with `name`/`id`."""
    for key, role in (("hosts", "host"), ("guests", "guest")):
        value = page.data.get(key) or []
        for n, entry in enumerate(value if isinstance(value, list) else [value]):
            line = page.line(key, n)
            if isinstance(entry, dict):
                name, person_id = entry.get("name"), entry.get("id")
            else:
                text = str(entry).strip()
                name, person_id = (None, text) if _ID.match(text) else (text, None)
            if not name and not person_id:
                raise SourceError(f"`{key}` entry {entry!r} names nobody", draft.path, line)
            given = str(entry.get("role") or role) if isinstance(entry, dict) else role
            draft.people.append(PersonDraft(name=name, id=person_id, role=given, line=line))


def _seconds(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value) if value >= 0 else None
    try:
        return float(parse_clock(str(value).strip()))
    except ValueError:
        return None


def _clips(draft: EpisodeDraft, page: front.Front) -> None:
    """`clips:`/`soundbites:` items: `start` (or `startTime`), `duration` or `end`, `title` (or `name`)."""
    key, value = _first(page.data, _CLIPS)
    if key is None:
        return
    for n, item in enumerate(value if isinstance(value, list) else [value]):
        line = page.line(key, n)
        if not isinstance(item, dict):
            draft.warn(f"`{key}` item {item!r} is not a mapping with `start` and `duration`; left out", line)
            continue
        start = _seconds(item.get("start", item.get("startTime")))
        end = _seconds(item["end"]) if "end" in item else None
        length = _seconds(item.get("duration")) if "duration" in item else None
        if length is None and start is not None and end is not None:
            length = end - start
        title = str(item.get("title") or item.get("name") or "").strip() or None
        if start is None or not length or length <= 0:
            draft.warn(f"`{key}` item has no start, or no length after it; left out", line)
            continue
        draft.clips.append(Clip(start=start, duration=length, title=title))
