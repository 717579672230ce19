"""Community posts: a `Title // Guest // Series #N` line, then `//`-headed sections.

Sections are found through one table (SECTIONS) of header pattern -> handler, so a new
section is one line there plus a small function.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from etl.draft import ChapterDraft, EpisodeDraft, PersonDraft
from etl.errors import SourceError
from etl.extract.common import Verdict, bare_urls, source_key, unique_links
from etl.model import Link
from etl.text import match_label
from etl.timecode import parse_clock

NAME = "community"

TITLE = re.compile(r"^(?P<title>[^/\n]+?)\s*//\s*(?P<guest>[^/\n]+?)\s*//\s*(?P<series>[^/\n]*?)#\s*(?P<n>\d+)\s*$")
STAMP = re.compile(r"\[((?:\d{1,2}:)?\d{1,2}:\d{2})\]")
CONNECT = re.compile(r"^Connect with (?P<name>.+?) on (?P<site>[\w .]+?):\s*(?P<url>https?://\S+)\s*$", re.I)
LABELLED = re.compile(r"^(?P<label>[^:]+?):\s*(?P<value>\S.*)$")


@dataclass
class _Post:
    draft: EpisodeDraft
    guest: str
    intro: list[str] = field(default_factory=list)
    bio: list[str] = field(default_factory=list)
    takeaways: list[str] = field(default_factory=list)
    connect: dict[str, list[Link]] = field(default_factory=dict)


def _bio(post: _Post, lines: list[tuple[int, str]]) -> None:
    post.bio.extend(line for _, line in lines)


def _takeaways(post: _Post, lines: list[tuple[int, str]]) -> None:
    post.takeaways.extend(line.strip() for _, line in lines if line.strip())


def _connect(post: _Post, lines: list[tuple[int, str]]) -> None:
    for _, line in lines:
        person = CONNECT.match(line.strip())
        if person:
            site = person.group("site").strip()
            post.connect.setdefault(person.group("name").strip(), []).append(Link(url=person.group("url"), title=site))
            continue
        labelled = LABELLED.match(line.strip())
        for _, _, url in bare_urls(line):
            post.draft.links.append(Link(url=url, title=labelled.group("label").strip() if labelled else None))


def _timestamps(post: _Post, lines: list[tuple[int, str]]) -> None:
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


def _show_notes(post: _Post, lines: list[tuple[int, str]]) -> None:
    """Each URL is labelled by the text after it, up to the next URL or the end of the paragraph."""
    blocks: list[str] = [""]
    for _, line in lines:
        if line.strip():
            blocks[-1] += " " + line.strip()
        else:
            blocks.append("")
    for block in blocks:
        urls = bare_urls(block)
        for i, (_, end, url) in enumerate(urls):
            stop = urls[i + 1][0] if i + 1 < len(urls) else len(block)
            post.draft.links.append(Link(url=url, title=" ".join(block[end:stop].split()) or None))


Handler = Callable[[_Post, list[tuple[int, str]]], None]

SECTIONS: tuple[tuple[re.Pattern[str], Handler], ...] = (
    (re.compile(r"^//\s*Bio\b", re.I), _bio),
    (re.compile(r"^//\s*Takeaways?\b", re.I), _takeaways),
    (re.compile(r"^//\s*Show ?Notes\b", re.I), _show_notes),
    (re.compile(r"^-+.*Connect With Us.*-+$", re.I), _connect),
    (re.compile(r"^Timestamps:?\s*$", re.I), _timestamps),
)


def _section(line: str) -> Handler | None:
    return next((handler for pattern, handler in SECTIONS if pattern.match(line.strip())), None)


def detect(text: str) -> Verdict:
    head = text[:20000]
    if any(TITLE.match(line.strip()) for line in head.split("\n")[:40]):
        return Verdict(True, "a `Title // Guest // Series #N` line")
    sections = sum(1 for line in head.split("\n") if _section(line))
    if sections >= 2:
        return Verdict(True, f"{sections} community-post sections (//Bio, Timestamps:, ...)")
    return Verdict(False, "no `Title // Guest // Series #N` line and fewer than two //Bio-style sections")


def extract(text: str, path: str) -> list[EpisodeDraft]:
    lines = text.split("\n")
    title_at = next((i for i, line in enumerate(lines[:40]) if TITLE.match(line.strip())), None)
    if title_at is None:
        raise SourceError("no `Title // Guest // Series #N` line", path, 1)
    head = TITLE.match(lines[title_at].strip())
    assert head is not None
    draft = EpisodeDraft(
        path=path,
        format=NAME,
        key=source_key(path),
        line=title_at + 1,
        title=head.group("title"),
        episode=int(head.group("n")),
    )
    post = _Post(draft, guest=head.group("guest"))
    handler: Handler | None = None
    body: list[tuple[int, str]] = []

    def flush() -> None:
        if handler is None:
            post.intro.extend(line for _, line in body)
        else:
            handler(post, body)
        body.clear()

    for number, line in enumerate(lines[title_at + 1 :], start=title_at + 2):
        found = _section(line)
        if found:
            flush()
            handler = found
        else:
            body.append((number, line))
    flush()
    _finish(post)
    return [draft]


def _finish(post: _Post) -> None:
    draft = post.draft
    parts = [" ".join(p.split()) for p in "\n".join([*post.intro, "", *post.bio]).split("\n\n")]
    summary = [p for p in parts if p]
    if post.takeaways:
        summary.append("Takeaways:\n" + "\n".join(f"- {t}" for t in post.takeaways))
    draft.summary = "\n\n".join(summary) or None
    names = [post.guest, *post.connect]
    draft.people.append(PersonDraft(name=post.guest, role="guest", links=post.connect.get(post.guest, [])))
    for name, links in post.connect.items():
        full = match_label(name, [post.guest])
        if full:
            guest = draft.people[0]
            guest.links = [*guest.links, *links]
            if name != full:
                guest.aliases.append(name)
        else:
            # everyone else under "Connect With Us" runs the show
            draft.people.append(PersonDraft(name=name, role="host", links=links))
    del names
    draft.links = unique_links(draft.links)
