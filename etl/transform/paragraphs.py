"""Timed cues (caption cues, subtitle cues, transcript segments) to readable paragraphs, once an episode's
chapters are known, so no paragraph crosses a chapter that a chapters file brings.

Consecutive cues of one speaker form a run (cues without a speaker form runs too, and never merge with a
neighbour later); a run is cut where a chapter starts, then grouped into paragraphs:
- "sentence" (punctuated text) breaks after a sentence, once a paragraph has run PARAGRAPH_MIN seconds (and
  at any cue past PARAGRAPH_MAX); a cue holding the end of one sentence and the start of the next is cut
  there, both halves keeping the cue's time;
- "pause" (unpunctuated text) breaks at the longest pause within each PARAGRAPH_WINDOW.
Every paragraph starts at its first cue's time, and every word is kept in order. The transform then joins
a speaker's paragraphs into one turn. Cue texts come folded (`etl.extract.cues.clean`: one space between words),
so a paragraph's text is its pieces' texts joined by a space.
"""

from __future__ import annotations

import itertools
import re

from etl.model.draft import Grouping, Paragraph

PARAGRAPH_MIN = 20.0
PARAGRAPH_MAX = 60.0
PARAGRAPH_WINDOW = 30.0
PARAGRAPH_FLOOR = 10.0

_SENTENCE_CLOSERS = "\"'”’)"  # what may follow a sentence's last mark: `[.?!…]["'”’)]*$`, found without a search
_SENTENCE_MARKS = (".", "?", "!", "…")
_SENTENCE_SPLIT = re.compile(r"(?<=[.?!…])\s+(?=\S)")


def group(cues: list[Paragraph], chapter_starts: list[float], grouping: Grouping) -> list[Paragraph]:
    """Cues (cleaned, in order) to paragraphs, by the rules above."""
    rows = [c for c in cues if c.text]
    by = _by_sentence if grouping == "sentence" else _by_pause
    out: list[Paragraph] = []
    for _, run in itertools.groupby(rows, key=_speaker):
        for part in _cut(list(run), chapter_starts):
            out += by(part)
    return out


def _speaker(row: Paragraph) -> str | None:
    return row.speaker


def _paragraph(rows: list[Paragraph]) -> Paragraph:
    """Rows (cues, or the halves of one) as one paragraph: its first timed row's start, its first row's line and
    speaker (the cues' own values, each held to a Turn's when its cue was made: Paragraph.of)."""
    first = rows[0]
    if len(rows) == 1:
        return first
    start = next((row.start for row in rows if row.start is not None), None)
    return Paragraph(start, " ".join(row.text for row in rows), first.line, first.speaker)


def _ends_sentence(text: str) -> bool:
    if text.endswith("\n"):  # `$` matches before a last newline
        text = text[:-1]
    return text.rstrip(_SENTENCE_CLOSERS).endswith(_SENTENCE_MARKS)


def _cut(rows: list[Paragraph], chapter_starts: list[float]) -> list[list[Paragraph]]:
    """The rows cut where each chapter starts (at the first row timed at or after it), so no paragraph crosses a
    chapter. One pass over the rows with the chapters in order: a search from the first row for each chapter was
    a step per row per chapter."""
    cuts = {0, len(rows)}
    starts = sorted(chapter_starts)
    k = 0
    for i, row in enumerate(rows):
        if k == len(starts):
            break
        if row.start is None:
            continue
        while k < len(starts) and row.start >= starts[k]:  # every chapter this row is the first at or after
            cuts.add(i)
            k += 1
    bounds = sorted(cuts)
    return [rows[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def _by_sentence(rows: list[Paragraph]) -> list[Paragraph]:
    """A paragraph ends after a sentence once it has run PARAGRAPH_MIN seconds, and after any cue or sentence past
    PARAGRAPH_MAX. A cue's sentences share its time, so a break can fall inside a cue only when the paragraph had
    run PARAGRAPH_MIN by the cue's start, and then only after its first sentence: the rest starts a paragraph at
    the cue's own time, which cannot run long before the cue ends. So a cue is cut once at most, and searched
    for its first sentence's end only then (splitting every cue into sentences was a tenth of a transcript's
    build)."""
    out: list[Paragraph] = []
    current: list[Paragraph] = []
    start: float | None = None
    last = len(rows) - 1
    for i, row in enumerate(rows):
        if start is None:
            start = row.start
        elif row.start is not None and row.start - start >= PARAGRAPH_MIN:
            split = _SENTENCE_SPLIT.search(row.text)
            if split is not None:  # the paragraph ends after the cue's first sentence
                current.append(row._replace(text=row.text[: split.start()]))
                out.append(_paragraph(current))
                row, current, start = row._replace(text=row.text[split.end() :]), [], row.start
        current.append(row)
        elapsed = (row.start - start) if row.start is not None and start is not None else 0.0
        nxt = rows[i + 1].start if i < last else None
        run = (nxt - start) if nxt is not None and start is not None else elapsed
        # the time first: most cues end no paragraph
        if run >= PARAGRAPH_MAX or (run >= PARAGRAPH_MIN and _ends_sentence(row.text)):
            out.append(_paragraph(current))
            current, start = [], None
    if current:
        out.append(_paragraph(current))
    return out


def _by_pause(rows: list[Paragraph]) -> list[Paragraph]:
    groups: list[Paragraph] = []
    i = 0
    while i < len(rows):
        start = rows[i].start
        if start is None:
            groups.append(rows[i])
            i += 1
            continue
        best, best_gap = None, -1.0
        j, previous = i, start
        while j + 1 < len(rows) and (nxt := rows[j + 1].start) is not None and nxt - start <= PARAGRAPH_WINDOW:
            if nxt - start >= PARAGRAPH_FLOOR and nxt - previous >= best_gap:
                best, best_gap = j, nxt - previous
            j, previous = j + 1, nxt
        end = best if best is not None and j + 1 < len(rows) else j
        groups.append(_paragraph(rows[i : end + 1]))
        i = end + 1
    return groups
