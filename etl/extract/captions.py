"""Raw timestamped captions, no speakers, in every layout people paste them: grouped into readable turns.

Layouts (`etl.extract.timedlines` parses the lines): `M:SS text` per line; a stamp alone on its line with the
words below it; stamps glued to YouTube's spoken-duration labels. Before the first stamp, a header may give
the title (its first line), the link (`url: …`, `Source: …` or a bare URL) and rules (`-----`, dropped).
Between cues, `Chapter 3: Title` lines are the video's chapters: a chapter at the next cue's time, never
spoken text.

Cues become paragraphs by the rule every transcript reader shares (`etl.extract.cues`): no speakers, so
each paragraph is a turn of its own; every word is kept in order, only sound tags (`[Music]`) leave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.errors import SourceError
from etl.extract import cues, timedlines
from etl.extract.common import NO_OPTIONS, Options, Verdict, source_key
from etl.extract.timedlines import Item, Stamped
from etl.model.draft import ChapterDraft, EpisodeDraft, Paragraph
from etl.util.timecode import out_of_order

NAME = "captions"

HEADING = re.compile(r"^chapter\s+\d+\s*[:.\-–—]\s*(?P<title>\S.*)$", re.I)
RULE = re.compile(r"^[-=_*~#•·.]{3,}$")
LINKED = re.compile(r"^(?:(?:url|link|source|video|watch)\s*:\s*)?<?(?P<url>https?://[^\s<>]+)>?$", re.I)
PANEL_HEADER = re.compile(r"^(?:show\s+)?(?:transcript|captions|subtitles)\s*:?$", re.I)  # the panel's own heading
_HAS_WORD = re.compile(r"\w")


def detect(text: str) -> Verdict:
    kind, reason = timedlines.classify(text)
    return Verdict(kind == "captions", reason)


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


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    items = timedlines.parse(text)
    if not any(isinstance(item, Stamped) for item in items):
        raise SourceError("no line starts with a timestamp (`M:SS text`)", path, 1)
    draft = EpisodeDraft(path=path, format=NAME, key=source_key(path), line=1)
    headings: list[_Heading] = []
    found = _cues(draft, items, headings)
    times = [c.start for c in found]
    for i in sorted(out_of_order(times)):
        draft.warn("timestamp goes backwards; this cue keeps its text but not its time", found[i].line)
        times[i] = None
    _chapters(draft, headings, times)
    draft.cues = [
        Paragraph.of(None, t, text, c.line) for t, c in zip(times, found, strict=True) if (text := cues.clean(c.text))
    ]
    draft.grouping = cues.grouping(c.text for c in found)
    if not draft.cues:
        draft.warn("no spoken text in these captions")
    return [draft]
