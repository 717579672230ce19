"""Timed cues (caption cues, subtitle cues, transcript segments) to readable paragraphs, once an episode's
chapters are known, so no paragraph crosses a chapter that a chapters file brings.

Consecutive cues of one speaker form a run (cues without a speaker form runs too, and never merge with a
neighbour later); a run is cut where a chapter starts, then grouped into paragraphs:
- "sentence" (punctuated text) breaks after a sentence, once a paragraph has run PARAGRAPH_MIN seconds (and
  at any cue past PARAGRAPH_MAX); a cue holding the end of one sentence and the start of the next is cut
  there, both halves keeping the cue's time;
- "pause" (unpunctuated text) breaks at the longest pause within each PARAGRAPH_WINDOW.
Every paragraph starts at its first cue's time, and every word is kept in order. The transform then joins
a speaker's paragraphs into one turn.
"""

from __future__ import annotations

import itertools
import re

from etl.model.draft import Grouping, Paragraph

PARAGRAPH_MIN = 20.0
PARAGRAPH_MAX = 60.0
PARAGRAPH_WINDOW = 30.0
PARAGRAPH_FLOOR = 10.0

_SENTENCE_END = re.compile(r"[.?!…][\"'”’)]*$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.?!…])\s+(?=\S)")


def group(cues: list[Paragraph], chapter_starts: list[float], grouping: Grouping) -> list[Paragraph]:
    """Cues (cleaned, in order) to paragraphs, by the rules above."""
    rows = [c for c in cues if c.text]
    if grouping == "sentence":
        split = _SENTENCE_SPLIT.split
        sentences: list[Paragraph] = []  # a cue, or a sentence of one
        for cue in rows:
            parts = split(cue.text)
            if len(parts) == 1:
                sentences.append(cue)
            else:
                sentences += [Paragraph(cue.start, part, cue.line, cue.speaker) for part in parts]
        rows = sentences
    by = _by_sentence if grouping == "sentence" else _by_pause
    out = []
    for _, run in itertools.groupby(rows, key=lambda row: row.speaker):
        for part in _cut(list(run), chapter_starts):
            for found in by(part):
                start = next((part[i].start for i in found if part[i].start is not None), None)
                text = " ".join(part[i].text for i in found)
                first = part[found[0]]
                # the cues' own values, each held to a Turn's when its cue was made (Paragraph.of)
                out.append(Paragraph(start, text, first.line, first.speaker))
    return out


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


def _by_sentence(rows: list[Paragraph]) -> list[list[int]]:
    groups: list[list[int]] = [[]]
    start: float | None = None
    for i, row in enumerate(rows):
        groups[-1].append(i)
        if start is None:
            start = row.start
        elapsed = (row.start - start) if row.start is not None and start is not None else 0.0
        nxt = rows[i + 1].start if i + 1 < len(rows) else None
        run = (nxt - start) if nxt is not None and start is not None else elapsed
        # the time first: a search anchored at the end still tries every position of a long text
        if run >= PARAGRAPH_MAX or (run >= PARAGRAPH_MIN and _SENTENCE_END.search(row.text)):
            groups.append([])
            start = None
    return [g for g in groups if g]


def _by_pause(rows: list[Paragraph]) -> list[list[int]]:
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
