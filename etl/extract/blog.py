"""Blog archives: several podcast posts in one file, each opening with a date line.

A post: `Wednesday, December 18, 2019`, then `Podcast: Title`, description paragraphs and
`•` bullets, a line naming the MP3 and its length, and optionally a transcript of
`Full Name:  text` lines (two or more spaces after the colon; unlabelled lines continue
the current speaker). Short labels (`Gordon:`) resolve to the full name the archive uses.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from etl.errors import SourceError
from etl.extract.common import NO_OPTIONS, Options, Verdict, bare_urls, source_key, unique_links
from etl.model import Link
from etl.model.draft import EpisodeDraft, Paragraph, PersonDraft
from etl.util.text import match_label
from etl.util.timecode import parse_clock

NAME = "blog"

_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_LINE = re.compile(rf"^\s*(?:{_WEEKDAYS}),\s+((?:{_MONTHS})\s+\d{{1,2}},\s+\d{{4}})\s*$")
TITLE_LINE = re.compile(r"^\s*Podcast:\s*(.+?)\s*$")
# Every spelling of the MP3 mention seen in archives: `[MP3 - 12:14]`, `[MP3 9:33]`, `[MP3, 17:37]`,
# `MP3 - 22:11`, `[MP3: 1:02:03]`; the clock may be M:SS or H:MM:SS.
MP3 = re.compile(r"\bMP3\s*[-–—,:]?\s*((?:\d{1,2}:)?\d{1,2}:\d{2})\b", re.I)
# `Full Name:  text` (archives often write the spaces as no-break spaces); one space is enough
# for a label the transcript has already used.
LABEL = re.compile(r"^([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):([ \t\u00a0]+)(\S.*)$")
_LINK_ONLY = re.compile(r"^\s*(?:(?:listen|link)\s+to\s+(?:the\s+)?podcast:?\s*)?\[?MP3\b[^\]]*\]?\s*$", re.I)
_BRACKETED = re.compile(r"^\s*\[[^\]]*\]\s*$")
_BULLET = re.compile(r"^\s*[•*·-]\s+(.*)$")


def detect(text: str) -> Verdict:
    head = text[:20000].split("\n")
    dates = [n for n, line in enumerate(head) if DATE_LINE.match(line)]
    titles = [n for n, line in enumerate(head) if TITLE_LINE.match(line)]
    if dates and any(n > dates[0] for n in titles):
        return Verdict(True, f"{len(dates)} post date lines and {len(titles)} `Podcast:` titles")
    if dates and titles:
        return Verdict(False, "no `Podcast:` title below a post's date line")
    return Verdict(False, f"{len(dates)} post date lines, {len(titles)} `Podcast:` titles (need both)")


@dataclass
class _Post:
    line: int
    published: str
    lines: list[tuple[int, str]] = field(default_factory=list)


def _posts(text: str) -> tuple[list[_Post], list[int]]:
    """The posts, and the lines above the first one (site chrome: a header, a menu)."""
    posts: list[_Post] = []
    above: list[int] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        match = DATE_LINE.match(raw)
        if match:
            published = dt.datetime.strptime(" ".join(match.group(1).replace(",", "").split()), "%B %d %Y").date()
            posts.append(_Post(number, published.isoformat()))
        elif posts:
            posts[-1].lines.append((number, raw.rstrip()))
        elif raw.strip():
            above.append(number)
    return posts, above


def _full_names(posts: list[_Post]) -> set[str]:
    """Labels with a space (`Gordon Haff`) anywhere in the archive: the names short labels resolve to."""
    names = set()
    for post in posts:
        for _, line in post.lines:
            match = LABEL.match(line)
            if match and len(match.group(2)) >= 2 and " " in match.group(1):
                names.add(match.group(1))
    return names


def _post_draft(post: _Post, path: str, full_names: set[str]) -> EpisodeDraft | None:
    """The post's episode draft; None for a post that is not a podcast (no `Podcast:` title line)."""
    draft = EpisodeDraft(path=path, format=NAME, key=source_key(path), line=post.line, published=post.published)
    summary: list[str] = []
    labels: dict[str, str] = {}  # label as written -> full name
    transcript = False
    for number, line in post.lines:
        stripped = line.strip()
        title = TITLE_LINE.match(line)
        if draft.title is None and title:
            draft.title = title.group(1)
            continue
        label = LABEL.match(line)
        is_label = bool(label) and (len(label.group(2)) >= 2 or label.group(1) in labels)
        if is_label:
            transcript = True
            name = labels.setdefault(label.group(1), match_label(label.group(1), sorted(full_names)) or label.group(1))
            draft.paragraphs.append(Paragraph.of(name, None, label.group(3).strip(), number))
            continue
        if transcript:
            if stripped:
                last = draft.paragraphs[-1]
                draft.paragraphs.append(Paragraph.of(last.speaker, None, stripped, number))
            continue
        mp3 = MP3.search(line)
        if mp3 and draft.duration is None:
            try:
                draft.duration = float(parse_clock(mp3.group(1)))
            except ValueError as exc:
                draft.warn(f"{exc}; duration unknown", number)
        if not stripped or _LINK_ONLY.match(stripped) or _BRACKETED.match(stripped):
            summary.append("")
            continue
        bullet = _BULLET.match(line)
        summary.append(f"- {bullet.group(1).strip()}" if bullet else stripped)
    if draft.title is None:
        return None
    if not any(MP3.search(line) for _, line in post.lines):
        draft.warn("no `MP3 M:SS` mention; duration unknown", post.line)
    draft.summary = _paragraphs(summary)
    draft.links = unique_links([Link(url=url) for _, _, url in bare_urls(draft.summary or "")])
    for name in sorted(set(labels.values())):
        aliases = sorted(label for label, full in labels.items() if full == name and label != name)
        draft.people.append(PersonDraft(name=name, role="guest", aliases=aliases))
    return draft


def _paragraphs(lines: list[str]) -> str | None:
    """Lines to paragraphs: blank lines separate them; bullets stay one per line."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if not line:
            blocks.append([])
        elif blocks[-1] and line.startswith("- ") != blocks[-1][-1].startswith("- "):
            blocks.append([line])  # a list starts or ends: a new block
        else:
            blocks[-1].append(line)
    text = "\n\n".join("\n".join(b) if b[0].startswith("- ") else " ".join(b) for b in blocks if b)
    return text or None


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    posts, above = _posts(text)
    if not posts:
        raise SourceError("no post date lines (e.g. `Wednesday, December 18, 2019`)", path, 1)
    full_names = _full_names(posts)
    made = [(post, _post_draft(post, path, full_names)) for post in posts]
    drafts = [draft for _, draft in made if draft is not None]
    if not drafts:
        raise SourceError("no post has a `Podcast:` title line", path, posts[0].line)
    if above:
        drafts[0].note(f"{len(above)} lines above the first post's date line left out", above[0])
    for post, draft in made:
        if draft is None:  # archives hold other posts too; one that names an MP3 was probably meant as an episode
            tell = drafts[0].warn if any(MP3.search(line) for _, line in post.lines) else drafts[0].note
            tell(f"post of {post.published} has no `Podcast:` title line; not an episode, left out", post.line)
    _mark_hosts(drafts)
    return drafts


def _mark_hosts(drafts: list[EpisodeDraft]) -> None:
    """The one voice heard in every transcribed post of an archive is its host; everyone else is a guest."""
    casts = [{p.name for p in d.people} for d in drafts if d.people]
    if len(casts) < 2:
        return
    hosts = set.intersection(*casts)
    for draft in drafts:
        for person in draft.people:
            if person.name in hosts:
                person.role = "host"
