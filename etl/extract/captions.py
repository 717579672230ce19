"""Raw timestamped captions, no speakers, in every layout people paste them: grouped into readable turns.

Layouts (`etl.extract.timedlines` parses the lines): `M:SS text` per line; a stamp alone on its line with the
words below it; stamps glued to YouTube's spoken-duration labels. Before the first stamp, a header may give
the title (its first line), the link (`url: …`, `Source: …` or a bare URL) and rules (`-----`, dropped).
Between cues, `Chapter 3: Title` lines are the video's chapters: a chapter at the next cue's time, never
spoken text.

Two grouping rules, chosen by the text itself:
- punctuated captions break after a sentence, once a paragraph has run PARAGRAPH_MIN
  seconds (and at any cue past PARAGRAPH_MAX); a cue holding the end of one sentence and
  the start of the next is cut there, both halves keeping the cue's time;
- unpunctuated captions break at the longest pause within each PARAGRAPH_WINDOW.
Every turn starts at its first cue's time, and every word is kept in order: only
bracketed sound tags (`[Music]`) leave the text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import NamedTuple

from etl.draft import ChapterDraft, EpisodeDraft, Paragraph
from etl.errors import SourceError
from etl.extract import timedlines
from etl.extract.common import Verdict, source_key
from etl.extract.timedlines import Item, Stamped
from etl.timecode import out_of_order

NAME = "captions"

PARAGRAPH_MIN = 20.0
PARAGRAPH_MAX = 60.0
PARAGRAPH_WINDOW = 30.0
PARAGRAPH_FLOOR = 10.0
PUNCTUATED_SHARE = 0.1

SOUND_TAG = re.compile(
    r"\[(?:music|applause|laughter|laughs|laughing|silence|inaudible|crosstalk|noise|cheering|foreign|"
    r"background noise|sound|music playing)\]",
    re.I,
)
HEADING = re.compile(r"^chapter\s+\d+\s*[:.\-–—]\s*(?P<title>\S.*)$", re.I)
RULE = re.compile(r"^[-=_*~#•·.]{3,}$")
LINKED = re.compile(r"^(?:(?:url|link|source|video|watch)\s*:\s*)?<?(?P<url>https?://[^\s<>]+)>?$", re.I)
PANEL_HEADER = re.compile(r"^(?:show\s+)?(?:transcript|captions|subtitles)\s*:?$", re.I)  # the panel's own heading
_CLAUSE_END = re.compile(r"[.?!,]$")
_SENTENCE_END = re.compile(r"[.?!…][\"'”’)]*$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.?!…])\s+(?=\S)")
_HAS_WORD = re.compile(r"\w")


def detect(text: str) -> Verdict:
    kind, reason = timedlines.classify(text)
    return Verdict(kind == "captions", reason)


def clean(text: str) -> str:
    """Cue text without sound tags, white space folded."""
    return " ".join(SOUND_TAG.sub(" ", text).split())


@dataclass
class _Cue:
    line: int
    start: float | None  # None: not timed (text before the first stamp)
    text: str


@dataclass(frozen=True)
class _Heading:
    before: int  # index of the cue it precedes
    line: int
    title: str


def _header(draft: EpisodeDraft, items: tuple[Item, ...], headings: list[_Heading]) -> list[_Cue]:
    """Title, link and rules above the first stamp; any further text is kept as spoken words."""
    kept: list[_Cue] = []
    for item in items:
        text = item.text
        linked = LINKED.match(text)
        heading = HEADING.match(text)
        if RULE.match(text) or PANEL_HEADER.match(text):
            continue
        if linked:
            draft.link = draft.link or linked.group("url")
            draft.note(f"link from the header: {linked.group('url')}", item.line)
        elif heading:
            headings.append(_Heading(0, item.line, heading.group("title").strip()))
        elif draft.title is None and _HAS_WORD.search(text):
            draft.title = text.lstrip("#").strip()
            draft.note(f"title from the header: {draft.title!r}", item.line)
        elif not _HAS_WORD.search(text):
            draft.warn(f"line is neither a cue nor text; skipped: {text[:40]!r}", item.line)
        else:
            draft.warn(f"text before the first timestamp; kept as the first paragraph: {text[:40]!r}", item.line)
            kept.append(_Cue(item.line, None, text))
    return kept


def _cues(draft: EpisodeDraft, items: tuple[Item, ...], headings: list[_Heading]) -> list[_Cue]:
    first = next(n for n, item in enumerate(items) if isinstance(item, Stamped))
    cues = _header(draft, items[:first], headings)
    for item in items[first:]:
        if isinstance(item, Stamped):
            cues.append(_Cue(item.line, item.start, item.text))
            continue
        heading = HEADING.match(item.text)
        if heading:  # a chapter of the video, at the next cue's time
            headings.append(_Heading(len(cues), item.line, heading.group("title").strip()))
        elif not _HAS_WORD.search(item.text):
            draft.warn(f"line is neither a cue nor text; skipped: {item.text[:40]!r}", item.line)
        else:  # wrapped cue text, or the words under a stamp alone on its line
            cues[-1].text = f"{cues[-1].text} {item.text}".strip()
    return cues


def _chapters(draft: EpisodeDraft, headings: list[_Heading], times: list[float | None]) -> None:
    for heading in headings:
        start = next((t for t in times[heading.before :] if t is not None), None)
        if start is None:
            draft.warn(f"chapter {heading.title!r} has no timed cue after it; left out", heading.line)
            continue
        draft.chapters.append(ChapterDraft(start=start, title=heading.title, line=heading.line))


class _Row(NamedTuple):
    start: float | None
    text: str
    line: int


def _punctuated(cues: list[_Cue]) -> bool:
    ends = sum(1 for c in cues if _CLAUSE_END.search(c.text))
    return ends >= PUNCTUATED_SHARE * len(cues)


def _by_sentence(rows: list[_Row]) -> list[list[int]]:
    groups: list[list[int]] = [[]]
    start: float | None = None
    for i, row in enumerate(rows):
        groups[-1].append(i)
        if start is None:
            start = row.start
        elapsed = (row.start - start) if row.start is not None and start is not None else 0.0
        nxt = rows[i + 1].start if i + 1 < len(rows) else None
        run = (nxt - start) if nxt is not None and start is not None else elapsed
        if (_SENTENCE_END.search(row.text) and run >= PARAGRAPH_MIN) or run >= PARAGRAPH_MAX:
            groups.append([])
            start = None
    return [g for g in groups if g]


def _by_pause(rows: list[_Row]) -> list[list[int]]:
    groups: list[list[int]] = []
    i = 0
    while i < len(rows):
        start = rows[i].start
        if start is None:
            groups.append([i])
            i += 1
            continue
        best, best_gap = None, -1.0
        j, previous = i, start
        while j + 1 < len(rows) and (nxt := rows[j + 1].start) is not None and nxt - start <= PARAGRAPH_WINDOW:
            if nxt - start >= PARAGRAPH_FLOOR and nxt - previous >= best_gap:
                best, best_gap = j, nxt - previous
            j, previous = j + 1, nxt
        end = best if best is not None and j + 1 < len(rows) else j
        groups.append(list(range(i, end + 1)))
        i = end + 1
    return groups


def _parts(rows: list[_Row], chapter_starts: list[float]) -> list[range]:
    """The rows cut where each chapter starts, so no paragraph crosses a chapter."""
    cuts = {0, len(rows)}
    for start in chapter_starts:
        at = next((i for i, row in enumerate(rows) if row.start is not None and row.start >= start), None)
        if at is not None:
            cuts.add(at)
    bounds = sorted(cuts)
    return [range(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def extract(text: str, path: str) -> list[EpisodeDraft]:
    items = timedlines.parse(text)
    if not any(isinstance(item, Stamped) for item in items):
        raise SourceError("no line starts with a timestamp (`M:SS text`)", path, 1)
    draft = EpisodeDraft(path=path, format=NAME, key=source_key(path), line=1)
    headings: list[_Heading] = []
    cues = _cues(draft, items, headings)
    times = [c.start for c in cues]
    for i in sorted(out_of_order(times)):
        draft.warn("timestamp goes backwards; this cue keeps its text but not its time", cues[i].line)
        times[i] = None
    _chapters(draft, headings, times)
    rows = [_Row(t, clean(c.text), c.line) for t, c in zip(times, cues, strict=True)]
    rows = [r for r in rows if r.text]
    punctuated = _punctuated(cues)
    if punctuated:
        rows = [_Row(r.start, piece, r.line) for r in rows for piece in _SENTENCE_SPLIT.split(r.text)]
    group = _by_sentence if punctuated else _by_pause
    parts = _parts(rows, [c.start for c in draft.chapters])
    groups = [[part.start + i for i in found] for part in parts for found in group(rows[part.start : part.stop])]
    for group in groups:
        start = next((rows[i].start for i in group if rows[i].start is not None), None)
        text = " ".join(rows[i].text for i in group)
        draft.paragraphs.append(Paragraph(speaker=None, start=start, text=text, line=rows[group[0]].line))
    if not draft.paragraphs:
        draft.warn("no spoken text in these captions")
    return [draft]
