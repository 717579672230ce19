"""Helpers every reader may use: detection verdicts and link finding."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath
from typing import Any, NamedTuple

from etl.errors import SourceError
from etl.model import HTTP_URL, Link
from etl.util import urls
from etl.util.text import slugify

_MD_LINK = re.compile(r"\[([^\]\n]*)\]\((https?://[^)\s]+)\)")
_MD_ANY_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]+)\)")
_BARE_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_HOST = re.compile(r"^https?://[^\s/?#.]+", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)  # mailto:, javascript:, data: ... never joined to a site


@dataclass(frozen=True)
class Options:
    """What a source's entry in etl.yaml tells its reader (every reader takes it; most need none of it)."""

    site_url: str | None = None  # the site the pages come from: their relative URLs resolve against it
    media_url: str | None = None  # the folder an audio file is served from: its enclosure is this + its name


NO_OPTIONS = Options()


def absolute(url: str, options: Options) -> str | None:
    """`url` as an absolute http(s) URL: as it is, or relative to the source's `site_url`; None when neither (a
    relative URL without a `site_url`, or a URL of another scheme). Readers list what this refuses in
    `EpisodeDraft.relative`, so the build can say once per source what was left out."""
    url = url.strip().replace(" ", "%20")  # a file name with a space (one corpus image): the space is encoded
    if HTTP_URL.match(url):
        return url
    if options.site_url and url and not _SCHEME.match(url):
        joined = urls.join(options.site_url, url)
        return joined if joined and HTTP_URL.match(joined) else None
    return None


@dataclass(frozen=True)
class Verdict:
    """A reader's answer to "is this text mine?", with the reason `--verbose` prints."""

    ok: bool
    reason: str

    def __bool__(self) -> bool:
        return self.ok


class Numbers(NamedTuple):
    season: int | None
    episode: int | None


_NUMBERS = re.compile(r"^s(\d+)e(\d+)", re.I)


def numbers_in_name(path: str) -> Numbers:
    """Season and episode from a `sNNeMM-…` file name: how a chapters or transcript file names its episode."""
    found = _NUMBERS.match(PurePath(path).name)
    return Numbers(int(found.group(1)), int(found.group(2))) if found else Numbers(None, None)


def blocks(text: str, *, spaces_are_text: bool = False) -> list[list[tuple[int, str]]]:
    """Blank-line separated blocks, each line with its number (right-stripped). A line of spaces ends a block,
    unless `spaces_are_text` (WebVTT's rule: only an empty line ends a cue; YouTube puts spaces in every cue)."""
    found: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(text.split("\n"), start=1):
        if line if spaces_are_text else line.strip():
            found[-1].append((number, line.rstrip()))
        elif found[-1]:
            found.append([])
    return [block for block in found if block]


def load_json(text: str, path: str) -> Any:
    """A JSON document, or a SourceError at the line where it stops being JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"not JSON: {exc.msg}", path, exc.lineno) from None
    except RecursionError:
        raise SourceError("JSON nested too deeply to read", path) from None


def first_item(text: str) -> dict[str, Any] | None:
    """The first object of a JSON list, parsed alone (detection reads no more of a large file); None when the
    text is not a list that starts with an object."""
    body = text.lstrip("\ufeff \t\r\n")
    if not body.startswith("["):
        return None
    start = body.find("{", 1)
    if start == -1 or body[1:start].strip():
        return None
    try:
        found, _ = json.JSONDecoder().raw_decode(body, start)
    except (json.JSONDecodeError, RecursionError):
        return None
    return found if isinstance(found, dict) else None


def json_shape(text: str, key: str) -> bool:
    """A JSON object that has `key` near its start: cheap enough for detection (no parse)."""
    return text.lstrip("\ufeff \t\n").startswith("{") and f'"{key}"' in text[:4000]


def source_key(path: str) -> str:
    """The source-local part of an id: the file name's slug."""
    return slugify(PurePath(path).stem) or "source"


def markdown_links(text: str, options: Options = NO_OPTIONS) -> tuple[list[Link], list[str]]:
    """`[title](url)` links, in order, http(s) or relative to the source's `site_url`; and the relative ones no
    `site_url` resolved (left out)."""
    links, relative = [], []
    for title, target in _MD_ANY_LINK.findall(text):
        url = absolute(target, options)
        if url:
            links.append(Link(url=url, title=title.strip() or None))
        elif not _SCHEME.match(target) and not target.startswith("#"):
            relative.append(target)
    return links, relative


def bare_urls(text: str) -> list[tuple[int, int, str]]:
    """Every http(s) URL with its span, trailing sentence punctuation left out."""
    found = []
    for match in _BARE_URL.finditer(text):
        url = match.group(0).rstrip(".,;:!?")
        if _HOST.match(url):  # `https://.` is punctuation after a scheme, not a link
            found.append((match.start(), match.start() + len(url), url))
    return found


class Found(NamedTuple):
    start: int
    end: int
    url: str
    title: str | None  # a markdown link's text; None for a bare URL


def find_links(text: str) -> list[Found]:
    """Every link in `text`, in order: `[text](url)`, `<url>` and bare URLs (http(s) only)."""
    found = [Found(m.start(), m.end(), m.group(2), m.group(1).strip() or None) for m in _MD_LINK.finditer(text)]
    taken = [(f.start, f.end) for f in found]
    for start, end, url in bare_urls(text):
        if not any(a <= start < b for a, b in taken):
            found.append(Found(start, end + (1 if text[end : end + 1] == ">" else 0), url, None))
    return sorted(found)


def unique_links(links: list[Link]) -> list[Link]:
    """First occurrence of each URL wins, keeping the source's order."""
    seen: set[str] = set()
    out = []
    for link in links:
        if link.url not in seen:
            seen.add(link.url)
            out.append(link)
    return out


# What publishers write for itunes:explicit and its front-matter copies: Apple's yes/no/clean and booleans.
EXPLICIT = {"yes": True, "true": True, "explicit": True, "no": False, "false": False, "clean": False}
_AUDIO_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".mp4": "video/mp4",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
}
_MIME_SHAPE = re.compile(r"^[a-z]+/[a-z0-9.+-]+$")


def media_type(url: str, given: str | None) -> str:
    """An enclosure's MIME type: the one given when it is one, else from the file extension (audio/mpeg,
    the podcast default, for anything unknown)."""
    kind = (given or "").strip().lower()
    if _MIME_SHAPE.match(kind):
        return kind
    return _AUDIO_TYPES.get(PurePosixPath(urls.split(url).path).suffix.lower(), "audio/mpeg")
