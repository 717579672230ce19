"""Files of `TIME text` lines: shared by the caption and chapter-list readers, which must tell each other apart.

Both shapes are one timestamp and some text per line. What differs is rhythm: captions
put a cue every few seconds, chapter lists a title every few minutes. `classify` looks
at the gaps between stamps (and the line count) and says which, with its reasons.
"""

from __future__ import annotations

import functools
import itertools
import re
import statistics
from dataclasses import dataclass

from etl.timecode import parse_clock

LINE = re.compile(r"^\s*\[?((?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\]?(?:\s+(.*?))?\s*$")
CAPTION_MAX_MEDIAN_GAP = 15.0  # seconds; seed captions have 2-4 s, corpus chapter lists 60-300 s
MIN_TIMED_SHARE = 0.5  # wrapped captions put half their lines without a stamp


@dataclass(frozen=True)
class TimedLine:
    line: int
    start: float
    text: str


# Detection asks both timed-line readers, then one of them extracts: the same text is parsed
# once. One entry is enough (the calls come in a row) and holds no more than one source.
@functools.lru_cache(maxsize=1)
def parse(text: str) -> tuple[tuple[TimedLine, ...], tuple[tuple[int, str], ...]]:
    """Timed lines, and the other non-blank lines (number, text)."""
    timed: list[TimedLine] = []
    other: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        match = LINE.match(raw)
        if match:
            try:
                timed.append(TimedLine(number, float(parse_clock(match.group(1))), (match.group(2) or "").strip()))
                continue
            except ValueError:
                pass
        other.append((number, raw.strip()))
    return tuple(timed), tuple(other)


@functools.lru_cache(maxsize=1)
def classify(text: str) -> tuple[str | None, str]:
    """'captions', 'chapters' or None, with the evidence."""
    timed, other = parse(text[:200_000])
    total = len(timed) + len(other)
    if not timed or len(timed) < MIN_TIMED_SHARE * total:
        return None, f"{len(timed)} of {total} lines start with a timestamp"
    gaps = [b.start - a.start for a, b in itertools.pairwise(timed) if b.start >= a.start]
    median = statistics.median(gaps) if gaps else 0.0
    span = timed[-1].start - timed[0].start
    density = len(timed) / max(span / 60, 1)
    evidence = f"{len(timed)} timed lines, median gap {median:g} s, {density:.1f} lines/min"
    if len(timed) == 1:
        return "chapters", f"{evidence}: a single stamp is a chapter list"
    if median <= CAPTION_MAX_MEDIAN_GAP:
        return "captions", f"{evidence}: gaps of at most {CAPTION_MAX_MEDIAN_GAP:g} s are caption cues"
    return "chapters", f"{evidence}: gaps over {CAPTION_MAX_MEDIAN_GAP:g} s are chapter starts"
