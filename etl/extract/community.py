"""Community posts (the MLOps Community's episode pages, and posts laid out like them): a title, then
`//`-headed sections.

The title comes from a `Title // Guest // Series #N` line, where only ` // ` with spaces around it
separates (`CI/CD for ML` and `</a>` stay in the title); else from front matter (`title:`, optionally
`guest:` and `episode:`) or the first `# Heading`. Sections come from one table of header pattern -> handler
(`etl.extract.community_sections`). Links may be bare, in `<…>` or `[text](url)`; a LinkedIn profile may be
a URL, `linkedin.com/in/x`, `/in/x` or `/x`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from etl.errors import SourceError
from etl.extract.common import NO_OPTIONS, Options, Verdict, source_key
from etl.extract.community_sections import Handler, Lines, Post, abstract, finish, section_of
from etl.model.draft import EpisodeDraft
from etl.util import yamlsafe

NAME = "community"

TITLE = re.compile(r"^(?P<title>\S.*?)\s+//\s+(?P<guest>\S.*?)\s+//\s+(?P<series>.*?)#\s*(?P<n>\d+)\s*$")
HEADING = re.compile(r"^#\s+(?P<title>\S.*?)[\s#]*$")
FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
_CLOSE = re.compile(r"^---[ \t]*$", re.M)
SEARCHED_LINES = 40  # the title sits near the top, under some site chrome at most
_TITLE_SOURCES = "a `Title // Guest // Series #N` line, front-matter `title:` or a `# Heading`"


@dataclass(frozen=True)
class _Head:
    """Where the post's title came from, and where its body starts (0-based line index)."""

    line: int
    title: str
    guest: str | None
    number: int | None
    body: int
    source: str  # for the detection verdict


def _front(text: str, path: str) -> dict[str, Any] | None:
    match = FRONT.match(text)
    if not match:
        return None
    try:
        data, _ = yamlsafe.load(match.group("yaml") or "", path, first_line=2)
    except SourceError:
        return None
    return data if isinstance(data, dict) else None


class _Body(NamedTuple):
    line: int  # index of the body's first line
    offset: int  # where it starts in the text


def _body(text: str) -> _Body:
    """Where the body starts: after front matter, else at the top (a title line is never looked for inside
    front matter); at the end of `text` when its front matter does not close within it."""
    if not text.startswith("---"):
        return _Body(0, 0)
    close = _CLOSE.search(text, 3)
    end = text.find("\n", close.end()) + 1 if close else 0
    if end == 0:
        return _Body(text.count("\n") + 1, len(text))
    return _Body(text.count("\n", 0, end), end)


def _near(text: str, body: _Body) -> list[str]:
    """The body's first SEARCHED_LINES lines, without splitting the whole text."""
    return text[body.offset :].split("\n", SEARCHED_LINES)[:SEARCHED_LINES]


def _title_line(text: str, body: _Body) -> _Head | None:
    for i, line in enumerate(_near(text, body), start=body.line):
        title = TITLE.match(line.strip())
        if title:
            guest, number = title.group("guest"), int(title.group("n"))
            return _Head(i + 1, title.group("title"), guest, number, i + 1, "a `Title // Guest // Series #N` line")
    return None


def _head(text: str, path: str) -> _Head | None:
    body = _body(text)
    titled = _title_line(text, body)
    if titled:
        return titled
    front = _front(text, path) if body.offset else None
    if front and isinstance(front.get("title"), str) and front["title"].strip():
        guest = front.get("guest") if isinstance(front.get("guest"), str) else None
        number = front.get("episode") if isinstance(front.get("episode"), int) else None
        return _Head(2, " ".join(front["title"].split()), guest, number, body.line, "front matter")
    for i, line in enumerate(_near(text, body), start=body.line):
        heading = HEADING.match(line.strip())
        if heading:
            return _Head(i + 1, heading.group("title"), None, None, i + 1, "a `# Heading`")
    return None


# Any section header, for detection: one pass over the text instead of a pattern a line.
_ANY_SECTION = re.compile(
    r"^[ \t]*(?://[ \t]*(?:abstract|bio|takeaways?|show[ \t]*notes|related[ \t]+links)\b|-+.*connect with us.*-+[ \t]*$"
    r"|timestamps:?[ \t]*$)",
    re.I | re.M,
)


def detect(text: str) -> Verdict:
    head = text[:20000]
    body = _body(head)
    titled = _title_line(head, body)
    if titled:
        return Verdict(True, titled.source)
    sections = len(_ANY_SECTION.findall(head, body.offset))
    if sections < 2:
        return Verdict(False, "no `Title // Guest // Series #N` line and fewer than two // Bio-style sections")
    found = _head(head, "detect")  # front matter is parsed only for a post that has the sections
    if found:
        return Verdict(True, f"{sections} community-post sections (// Bio, ...) and a title from {found.source}")
    return Verdict(False, f"{sections} community-post sections, but no title ({_TITLE_SOURCES})")


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    lines = text.split("\n")
    found = _head(text, path)
    if found is None:
        raise SourceError(
            "no title: a `Title // Guest // Series #N` line, front-matter `title:` or `# Heading`", path, 1
        )
    draft = EpisodeDraft(
        path=path, format=NAME, key=source_key(path), line=found.line, title=found.title, episode=found.number
    )
    post = Post(draft, guest=found.guest)
    handler: Handler | None = None
    body: Lines = []
    for number, line in enumerate(lines[found.body :], start=found.body + 1):
        section = section_of(line)
        if section is None:
            body.append((number, line))
            continue
        (handler or abstract)(post, body)
        handler, body = section, []
    (handler or abstract)(post, body)
    finish(post)
    return [draft]
