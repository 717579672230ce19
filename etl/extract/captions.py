"""Raw timestamped captions (`M:SS text` / `H:MM:SS text`), no speakers: grouped into readable turns.

Two grouping rules, chosen by the text itself:
- punctuated captions break after a sentence, once a paragraph has run PARAGRAPH_MIN
  seconds (and at any cue past PARAGRAPH_MAX); a cue holding the end of one sentence and
  the start of the next is cut there, both halves keeping the cue's time;
- unpunctuated captions break at the longest pause within each PARAGRAPH_WINDOW.
Every turn starts at its first cue's time, and every word is kept in order: only
bracketed sound tags (`[Music]`) leave the text.
"""

from __future__ import annotations

import re

from etl.draft import EpisodeDraft, Paragraph
from etl.extract import timedlines
from etl.extract.common import Verdict, source_key
from etl.extract.timedlines import TimedLine
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
_SENTENCE_END = re.compile(r"[.?!…][\"'”’)]*$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.?!…])\s+(?=\S)")
_HAS_WORD = re.compile(r"\w")


def detect(text: str) -> Verdict:
    kind, reason = timedlines.classify(text)
    return Verdict(kind == "captions", reason)


def clean(text: str) -> str:
    """Cue text without sound tags, white space folded."""
    return " ".join(SOUND_TAG.sub(" ", text).split())


def _cues(draft: EpisodeDraft, text: str) -> list[TimedLine]:
    timed, other = timedlines.parse(text)
    extra = {number: line for number, line in other}
    cues: list[TimedLine] = []
    # A line without a stamp continues the cue above it (wrapped captions) unless it holds no word at all.
    pending = sorted(extra)
    index = 0
    for cue in timed:
        while index < len(pending) and pending[index] < cue.line:
            _attach(draft, cues, pending[index], extra[pending[index]])
            index += 1
        cues.append(cue)
    for number in pending[index:]:
        _attach(draft, cues, number, extra[number])
    return cues


def _attach(draft: EpisodeDraft, cues: list[TimedLine], number: int, line: str) -> None:
    if not _HAS_WORD.search(line):
        draft.warn(f"line is neither a cue nor text; skipped: {line[:40]!r}", number)
    elif not cues:
        draft.warn(f"text before the first timestamp; kept as the first paragraph: {line[:40]!r}", number)
        cues.append(TimedLine(number, -1.0, line))
    else:
        last = cues[-1]
        cues[-1] = TimedLine(last.line, last.start, f"{last.text} {line}")


def _punctuated(cues: list[TimedLine]) -> bool:
    ends = sum(1 for c in cues if re.search(r"[.?!,]$", c.text))
    return ends >= PUNCTUATED_SHARE * len(cues)


def _by_sentence(cues: list[tuple[float | None, str, int]]) -> list[list[int]]:
    groups: list[list[int]] = [[]]
    start: float | None = None
    for i, (time, text, _) in enumerate(cues):
        groups[-1].append(i)
        if start is None:
            start = time
        elapsed = (time - start) if time is not None and start is not None else 0.0
        nxt = cues[i + 1][0] if i + 1 < len(cues) else None
        run = (nxt - start) if nxt is not None and start is not None else elapsed
        if (_SENTENCE_END.search(text) and run >= PARAGRAPH_MIN) or run >= PARAGRAPH_MAX:
            groups.append([])
            start = None
    return [g for g in groups if g]


def _by_pause(cues: list[tuple[float | None, str, int]]) -> list[list[int]]:
    groups: list[list[int]] = []
    i = 0
    while i < len(cues):
        start = cues[i][0]
        if start is None:
            groups.append([i])
            i += 1
            continue
        best, best_gap = None, -1.0
        j = i
        while j + 1 < len(cues) and cues[j + 1][0] is not None and cues[j + 1][0] - start <= PARAGRAPH_WINDOW:
            gap = cues[j + 1][0] - cues[j][0]
            if cues[j + 1][0] - start >= PARAGRAPH_FLOOR and gap >= best_gap:
                best, best_gap = j, gap
            j += 1
        end = best if best is not None and j + 1 < len(cues) else j
        groups.append(list(range(i, end + 1)))
        i = end + 1
    return groups


def extract(text: str, path: str) -> list[EpisodeDraft]:
    draft = EpisodeDraft(path=path, format=NAME, key=source_key(path), line=1)
    cues = _cues(draft, text)
    times: list[float | None] = [c.start if c.start >= 0 else None for c in cues]
    for i in sorted(out_of_order(times)):
        draft.warn("timestamp goes backwards; this cue keeps its text but not its time", cues[i].line)
        times[i] = None
    rows = [(t, clean(c.text), c.line) for t, c in zip(times, cues, strict=True)]
    rows = [r for r in rows if r[1]]
    if _punctuated(cues):
        rows = [(t, piece, n) for t, text, n in rows for piece in _SENTENCE_SPLIT.split(text)]
        groups = _by_sentence(rows)
    else:
        groups = _by_pause(rows)
    for group in groups:
        first = rows[group[0]]
        start = next((rows[i][0] for i in group if rows[i][0] is not None), None)
        draft.paragraphs.append(
            Paragraph(speaker=None, start=start, text=" ".join(rows[i][1] for i in group), line=first[2])
        )
    if not draft.paragraphs:
        draft.warn("no spoken text in these captions")
    return [draft]
