"""Community posts (the MLOps Community's episode pages, and posts laid out like them): a title, then
`//`-headed sections.

The title comes from a `Title // Guest // Series #N` line, where only ` // ` with spaces around it
separates (`CI/CD for ML` and `</a>` stay in the title); else from front matter (`title:`, optionally
`guest:` and `episode:`) or the first `# Heading`. Sections come from one table (SECTIONS) of header
pattern -> handler, in any case and with or without a space (`//Bio`, `// BIO`), so a new section is one
line there plus a small function. Links may be bare, in `<…>` or `[text](url)`; a LinkedIn profile may be
a URL, `linkedin.com/in/x`, `/in/x` or `/x`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from etl import yamlsafe
from etl.draft import ChapterDraft, EpisodeDraft, PersonDraft
from etl.errors import SourceError
from etl.extract.common import Verdict, find_links, source_key, unique_links
from etl.model import Link
from etl.text import match_label
from etl.timecode import parse_clock

NAME = "community"

TITLE = re.compile(r"^(?P<title>\S.*?)\s+//\s+(?P<guest>\S.*?)\s+//\s+(?P<series>.*?)#\s*(?P<n>\d+)\s*$")
HEADING = re.compile(r"^#\s+(?P<title>\S.*?)[\s#]*$")
FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
_CLOSE = re.compile(r"^---[ \t]*$", re.M)
STAMP = re.compile(r"\[((?:\d{1,2}:)?\d{1,2}:\d{2})\]")
CONNECT = re.compile(r"^Connect with (?P<name>.+?) on (?P<site>[\w .]+?):\s*(?P<where>\S+)\s*$", re.I)
LABELLED = re.compile(r"^(?P<label>[^:<>\[\]]+?):\s*(?P<value>\S.*)$")
LINKEDIN = re.compile(r"^(?:(?:https?://)?(?:[\w-]+\.)?linkedin\.com)?/?(?:in/)?(?P<handle>[\w%.-]+)/?$", re.I)
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


@dataclass
class _Post:
    draft: EpisodeDraft
    guest: str | None
    intro: list[str] = field(default_factory=list)
    bio: list[str] = field(default_factory=list)
    takeaways: list[str] = field(default_factory=list)
    connect: dict[str, list[Link]] = field(default_factory=dict)


Lines = list[tuple[int, str]]


def _abstract(post: _Post, lines: Lines) -> None:
    post.intro.extend(line for _, line in lines)


def _bio(post: _Post, lines: Lines) -> None:
    post.bio.extend(line for _, line in lines)


def _takeaways(post: _Post, lines: Lines) -> None:
    post.takeaways.extend(line.strip().lstrip("-•* ").strip() for _, line in lines if line.strip())


def _profile(site: str, where: str) -> str | None:
    """A profile given as a URL, or (LinkedIn) as `linkedin.com/in/x`, `/in/x`, `/x` or `x`."""
    where = where.strip("<>")
    if re.match(r"^https?://", where, re.I):
        return where
    handle = LINKEDIN.match(where) if "linkedin" in site.casefold() else None
    return f"https://www.linkedin.com/in/{handle.group('handle')}/" if handle else None


def _connect(post: _Post, lines: Lines) -> None:
    for number, line in lines:
        person = CONNECT.match(line.strip())
        if person:
            site = person.group("site").strip()
            url = _profile(site, person.group("where"))
            if url is None:
                post.draft.warn(f"no {site} profile in {person.group('where')!r}; skipped", number)
                continue
            post.connect.setdefault(person.group("name").strip(), []).append(Link(url=url, title=site))
            continue
        labelled = LABELLED.match(line.strip())
        for found in find_links(line):
            title = found.title or (labelled.group("label").strip() if labelled else None)
            post.draft.links.append(Link(url=found.url, title=title))


def _timestamps(post: _Post, lines: Lines) -> None:
    """`[MM:SS] Title`; a line may hold several stamps, each titled by the text up to the next one."""
    for number, line in lines:
        stamps = list(STAMP.finditer(line))
        for i, stamp in enumerate(stamps):
            end = stamps[i + 1].start() if i + 1 < len(stamps) else len(line)
            title = line[stamp.end() : end].strip()
            try:
                start = float(parse_clock(stamp.group(1)))
            except ValueError as exc:
                post.draft.warn(f"{exc}; chapter skipped", number)
                continue
            if not title:
                post.draft.warn(f"chapter at {stamp.group(1)} has no title; skipped", number)
                continue
            post.draft.chapters.append(ChapterDraft(start=start, title=title, line=number))
        if not stamps and line.strip():
            post.draft.warn(f"not a `[MM:SS] Title` line; skipped: {line.strip()[:50]!r}", number)


def _paragraphs(lines: Lines) -> list[str]:
    blocks: list[str] = [""]
    for _, line in lines:
        if line.strip():
            blocks[-1] += " " + line.strip()
        else:
            blocks.append("")
    return [block for block in blocks if block.strip()]


def _show_notes(post: _Post, lines: Lines) -> None:
    """A `[text](url)` link is titled by its text; a bare URL by the text after it, up to the next URL or the
    end of the paragraph."""
    for block in _paragraphs(lines):
        found = find_links(block)
        for i, link in enumerate(found):
            stop = found[i + 1].start if i + 1 < len(found) else len(block)
            title = link.title or " ".join(block[link.end : stop].split()) or None
            post.draft.links.append(Link(url=link.url, title=title))


def _related_links(post: _Post, lines: Lines) -> None:
    """One link a line: `[text](url)`, `Label: url` (or `<url>`), or a URL followed by its title."""
    for number, line in lines:
        labelled = LABELLED.match(line.strip())
        if labelled and find_links(labelled.group("value")) and not find_links(labelled.group("label")):
            found = find_links(line)
            post.draft.links += [Link(url=f.url, title=f.title or labelled.group("label").strip()) for f in found]
        else:
            _show_notes(post, [(number, line)])


Handler = Callable[[_Post, Lines], None]

SECTIONS: tuple[tuple[re.Pattern[str], Handler], ...] = (
    (re.compile(r"^//\s*abstract\b", re.I), _abstract),
    (re.compile(r"^//\s*bio\b", re.I), _bio),
    (re.compile(r"^//\s*takeaways?\b", re.I), _takeaways),
    (re.compile(r"^//\s*show\s*notes\b", re.I), _show_notes),
    (re.compile(r"^//\s*related\s+links\b", re.I), _related_links),
    (re.compile(r"^-+.*connect with us.*-+$", re.I), _connect),
    (re.compile(r"^timestamps:?\s*$", re.I), _timestamps),
)


def _section(line: str) -> Handler | None:
    return next((handler for pattern, handler in SECTIONS if pattern.match(line.strip())), None)


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


def extract(text: str, path: str) -> list[EpisodeDraft]:
    lines = text.split("\n")
    found = _head(text, path)
    if found is None:
        raise SourceError(
            "no title: a `Title // Guest // Series #N` line, front-matter `title:` or `# Heading`", path, 1
        )
    draft = EpisodeDraft(
        path=path, format=NAME, key=source_key(path), line=found.line, title=found.title, episode=found.number
    )
    post = _Post(draft, guest=found.guest)
    handler: Handler | None = None
    body: Lines = []
    for number, line in enumerate(lines[found.body :], start=found.body + 1):
        section = _section(line)
        if section is None:
            body.append((number, line))
            continue
        (handler or _abstract)(post, body)
        handler, body = section, []
    (handler or _abstract)(post, body)
    _finish(post)
    return [draft]


def _finish(post: _Post) -> None:
    draft = post.draft
    parts = [" ".join(p.split()) for p in "\n".join([*post.intro, "", *post.bio]).split("\n\n")]
    summary = [p for p in parts if p]
    if post.takeaways:
        summary.append("Takeaways:\n" + "\n".join(f"- {t}" for t in post.takeaways))
    draft.summary = "\n\n".join(summary) or None
    if post.guest:
        draft.people.append(PersonDraft(name=post.guest, role="guest", links=[]))
    for name, links in post.connect.items():
        full = match_label(name, [post.guest]) if post.guest else None
        if full:
            guest = draft.people[0]
            guest.links = [*guest.links, *links]
            if name != full:
                guest.aliases.append(name)
        else:
            # everyone else under "Connect With Us" runs the show
            draft.people.append(PersonDraft(name=name, role="host", links=links))
    draft.links = unique_links(draft.links)
