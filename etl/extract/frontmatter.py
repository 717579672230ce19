"""Episode pages of static sites (Jekyll and Hugo podcast themes): front matter, then markdown show notes.

Front matter in YAML (`---`) or TOML (`+++`, Hugo's other kind). KEYS below is the one table of what each
accepted key fills; docs/source-formats.md lists it. The markdown body is rendered by markdown-it-py (CommonMark) and
read like a feed's HTML show notes (`etl.extract.notes`), links kept. A DataTalks.Club page is the
`datatalks` reader's, and a page whose body is a community post is the `community` reader's (both are asked
first). Relative URLs (`/media/ep12.mp3`) are left out with a warning: etl publishes absolute ones only.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt

from etl.errors import SourceError
from etl.extract import front
from etl.extract.common import EXPLICIT, Verdict, media_type, source_key, unique_links
from etl.extract.notes import from_html
from etl.model import HTTP_URL, Enclosure, Link
from etl.model.draft import EpisodeDraft, PersonDraft
from etl.util.timecode import parse_clock, parse_iso_duration

NAME = "frontmatter"

# accepted key -> what it fills (first key found wins where several fill one field)
KEYS: dict[str, str] = {
    "title": "title",
    "date": "published",
    "publishDate": "published",
    "pubDate": "published",
    "season": "season",
    "episode": "episode",
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
    "description": "summary (when the body is empty)",
    "summary": "summary (when the body is empty)",
    "guests": "people, as guests (names or registry ids)",
    "hosts": "people, as hosts (names or registry ids)",
    "youtube": "links (a YouTube video id or URL)",
    "tags": "topics",
}
# what makes front matter a podcast episode's rather than any page's
_EPISODE_KEYS = ("audio", "mp3", "enclosure", "podcast_file", "duration", "podcast_duration", "episode", "guid")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")  # a registry id, not a name
_YOUTUBE_ID = re.compile(r"^[\w-]{11}$")
_MARKDOWN = MarkdownIt("commonmark")


def detect(text: str) -> Verdict:
    head = text[:4000]
    if not front.OPEN.match(head):
        return Verdict(False, "no front matter (`---` or `+++`) on line 1")
    keys = [k for k in _EPISODE_KEYS if re.search(rf"^\s*{k}\s*[:=]", head, re.M)]
    if not keys:
        return Verdict(False, f"front matter without an episode's keys ({', '.join(_EPISODE_KEYS)})")
    if not front.closed(text):
        return Verdict(False, "front matter is never closed")
    return Verdict(True, f"front matter with {', '.join(keys)}")


def _first(data: dict[str, Any], field: str) -> tuple[str, Any] | tuple[None, None]:
    for key, fills in KEYS.items():
        if fills == field and data.get(key) not in (None, ""):
            return key, data[key]
    return None, None


def _url(draft: EpisodeDraft, page: front.Front, key: str, value: Any) -> str | None:
    text = str(value).strip()
    if HTTP_URL.match(text):
        return text
    draft.warn(f"`{key}` {text[:60]!r} is not an absolute http(s) URL; left out", page.line(key))
    return None


def extract(text: str, path: str) -> list[EpisodeDraft]:
    page = front.split(text, path)
    data = page.data
    draft = EpisodeDraft(path=path, format=NAME, key=source_key(path), line=1)
    front.title(draft, page)
    draft.season = front.whole_number(page, "season", text_too=True)
    draft.episode = front.whole_number(page, "episode", text_too=True)
    _dates(draft, page)
    _enclosure(draft, page)
    _details(draft, page)
    _people(draft, page)
    rendered = from_html(_MARKDOWN.render(page.body)) if page.body.strip() else None
    _, description = _first(data, "summary (when the body is empty)")
    draft.summary = (rendered.summary if rendered else None) or (str(description).strip() if description else None)
    draft.links = unique_links([*draft.links, *(rendered.links if rendered else [])])
    return [draft]


def _dates(draft: EpisodeDraft, page: front.Front) -> None:
    key, value = _first(page.data, "published")
    draft.published = front.published(value)
    if key and draft.published is None:
        draft.warn(f"`{key}` {value!r} is not an ISO 8601 date or date-time; left unknown", page.line(key))
    key, value = _first(page.data, "duration")
    if key is None:
        return
    text = str(value).strip()
    try:
        draft.duration = float(text) if text.replace(".", "", 1).isdigit() else None
        if draft.duration is None:
            draft.duration = float(parse_iso_duration(text) if text.upper().startswith("P") else parse_clock(text))
    except ValueError:
        draft.warn(f"`{key}` {text!r} is not seconds, a clock or an ISO 8601 duration; left unknown", page.line(key))


def _enclosure(draft: EpisodeDraft, page: front.Front) -> None:
    key, value = _first(page.data, "enclosure")
    if key is None:
        return
    given = value if isinstance(value, dict) else {"url": value}
    url = _url(draft, page, key, given.get("url", ""))
    if url is None:
        return
    size_key, size = _first(page.data, "enclosure length")
    size = given.get("length", size)
    length = int(size) if isinstance(size, int) or str(size).strip().isdigit() else 0
    if size is not None and not length and str(size).strip() not in ("0", ""):
        draft.warn(f"`{size_key or key}` {size!r} is not a size in bytes; length left unknown (0)", page.line(key))
    draft.enclosure = Enclosure(url=url, length=length, type=media_type(url, given.get("type")))


def _details(draft: EpisodeDraft, page: front.Front) -> None:
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
    draft.image = _url(draft, page, key, value) if key else None
    key, value = _first(data, "link (the episode's own page)")
    draft.link = _url(draft, page, key, value) if key else None
    tags = data.get("tags") or []
    draft.topics = [str(t).strip() for t in (tags if isinstance(tags, list) else [tags]) if str(t).strip()]
    youtube = str(data.get("youtube") or "").strip()
    if youtube:
        url = f"https://www.youtube.com/watch?v={youtube}" if _YOUTUBE_ID.match(youtube) else youtube
        if HTTP_URL.match(url):
            draft.links.append(Link(url=url, title="YouTube"))
        else:
            draft.warn(f"`youtube` {youtube!r} is neither a video id nor a URL; left out", page.line("youtube"))


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
