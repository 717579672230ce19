"""A community post's `//`-headed sections: one table (SECTIONS) of header pattern -> handler, in any case and
with or without a space (`//Bio`, `// BIO`), so a new section is one line there plus a small function."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from etl.extract.common import find_links, unique_links
from etl.model import Link
from etl.model.draft import ChapterDraft, EpisodeDraft, PersonDraft
from etl.util.text import match_label
from etl.util.timecode import parse_clock

STAMP = re.compile(r"\[((?:\d{1,2}:)?\d{1,2}:\d{2})\]")
CONNECT = re.compile(r"^Connect with (?P<name>.+?) on (?P<site>[\w .]+?):\s*(?P<where>\S+)\s*$", re.I)
LABELLED = re.compile(r"^(?P<label>[^:<>\[\]]+?):\s*(?P<value>\S.*)$")
LINKEDIN = re.compile(r"^(?:(?:https?://)?(?:[\w-]+\.)?linkedin\.com)?/?(?:in/)?(?P<handle>[\w%.-]+)/?$", re.I)


@dataclass
class Post:
    draft: EpisodeDraft
    guest: str | None
    intro: list[str] = field(default_factory=list)
    bio: list[str] = field(default_factory=list)
    takeaways: list[str] = field(default_factory=list)
    connect: dict[str, list[Link]] = field(default_factory=dict)


Lines = list[tuple[int, str]]


def abstract(post: Post, lines: Lines) -> None:
    post.intro.extend(line for _, line in lines)


def _bio(post: Post, lines: Lines) -> None:
    post.bio.extend(line for _, line in lines)


def _takeaways(post: Post, lines: Lines) -> None:
    post.takeaways.extend(line.strip().lstrip("-•* ").strip() for _, line in lines if line.strip())


def _profile(site: str, where: str) -> str | None:
    """A profile given as a URL, or (LinkedIn) as `linkedin.com/in/x`, `/in/x`, `/x` or `x`."""
    where = where.strip("<>")
    if re.match(r"^https?://", where, re.I):
        return where
    handle = LINKEDIN.match(where) if "linkedin" in site.casefold() else None
    return f"https://www.linkedin.com/in/{handle.group('handle')}/" if handle else None


def _connect(post: Post, lines: Lines) -> None:
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


def _timestamps(post: Post, lines: Lines) -> None:
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


def _show_notes(post: Post, lines: Lines) -> None:
    """A `[text](url)` link is titled by its text; a bare URL by the text after it, up to the next URL or the
    end of the paragraph."""
    for block in _paragraphs(lines):
        found = find_links(block)
        for i, link in enumerate(found):
            stop = found[i + 1].start if i + 1 < len(found) else len(block)
            title = link.title or " ".join(block[link.end : stop].split()) or None
            post.draft.links.append(Link(url=link.url, title=title))


def _related_links(post: Post, lines: Lines) -> None:
    """One link a line: `[text](url)`, `Label: url` (or `<url>`), or a URL followed by its title."""
    for number, line in lines:
        labelled = LABELLED.match(line.strip())
        if labelled and find_links(labelled.group("value")) and not find_links(labelled.group("label")):
            found = find_links(line)
            post.draft.links += [Link(url=f.url, title=f.title or labelled.group("label").strip()) for f in found]
        else:
            _show_notes(post, [(number, line)])


Handler = Callable[[Post, Lines], None]

SECTIONS: tuple[tuple[re.Pattern[str], Handler], ...] = (
    (re.compile(r"^//\s*abstract\b", re.I), abstract),
    (re.compile(r"^//\s*bio\b", re.I), _bio),
    (re.compile(r"^//\s*takeaways?\b", re.I), _takeaways),
    (re.compile(r"^//\s*show\s*notes\b", re.I), _show_notes),
    (re.compile(r"^//\s*related\s+links\b", re.I), _related_links),
    (re.compile(r"^-+.*connect with us.*-+$", re.I), _connect),
    (re.compile(r"^timestamps:?\s*$", re.I), _timestamps),
)


def section_of(line: str) -> Handler | None:
    return next((handler for pattern, handler in SECTIONS if pattern.match(line.strip())), None)


def finish(post: Post) -> None:
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
