"""Files of timed lines, in the layouts people paste them: shared by the caption and chapter-list readers.

Every non-blank line is one of two kinds:
- `Stamped`: a clock at the start (`M:SS`, `H:MM:SS`, with a `.mmm`/`,mmm` fraction, bare or in `[]`/`()`),
  then the rest of the line, if any: after white space or a separator (`-`, `–`, `—`, `|`, `:`), or glued to
  the spoken-duration label YouTube's transcript panel copies for screen readers
  (`1:081 minute, 8 seconds9 million lines` is 1:08, then `9 million lines`);
- `Plain`: anything else.
A stamp alone on its line has an empty text: its words follow on the next lines (the other copy of
YouTube's panel). `classify` tells captions from chapter lists, and both from anything else, by structure
(where the text sits) and rhythm (how far apart the stamps are), and says why.
"""

from __future__ import annotations

import functools
import itertools
import re
import statistics
from dataclasses import dataclass

from etl.util.timecode import parse_clock

CLOCK = re.compile(r"\s*(?P<open>[\[(])?(?P<clock>(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)(?(open)[\])])")
SEPARATORS = "-–—|:"
CAPTION_MAX_MEDIAN_GAP = 15.0  # seconds; captions have 2-4 s, the corpus's chapter lists 60-300 s
HEADER_MAX = (
    6  # lines before the first stamp of a short caption file (a title, a link, rules); long ones: half the cues
)
WORDS_PER_CUE = 4  # at most this many text lines per stamp, on average, in captions (wrapped cue text)
ALONE_SHARE = 0.8  # stamps alone on their line, words below: the panel's other layout
# A label line that announces a chapter list in a description: `Chapters:`, `Timestamps`, `Timeline:` ...
LIST_LABEL = re.compile(r"^\W*(?:chapters?|timestamps?|timeline|contents|in this episode)\W*$", re.I)


@dataclass(frozen=True, slots=True)
class Stamped:
    line: int
    start: float
    text: str  # the rest of the line: label removed, white space stripped, a leading separator kept


@dataclass(frozen=True, slots=True)
class Plain:
    line: int
    text: str


Item = Stamped | Plain


@functools.lru_cache(maxsize=4096)
def spoken_label(seconds: int) -> re.Pattern[str]:
    """YouTube's screen-reader words for a stamp: `M:SS` -> "M minute(s), S second(s)", hours likewise, zero
    parts left out (all zero: "0 seconds"). The label only ever restates its stamp, so it is removed exactly."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [rf"{n}\s*{unit}s?" for n, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second")) if n]
    return re.compile(r",?\s*".join(parts or [r"0\s*seconds?"]))


def _item(number: int, raw: str) -> Item:
    match = CLOCK.match(raw)
    if match:
        try:
            start = float(parse_clock(match.group("clock")))
        except ValueError:  # `7:75`: not a clock
            return Plain(number, raw.strip())
        rest = raw[match.end() :]
        if rest[:1].isdigit():
            label = spoken_label(int(start)).match(rest) if start.is_integer() else None
            if label is None:  # `1:23456`: the digits run on; not a stamp
                return Plain(number, raw.strip())
            rest = rest[label.end() :]
        elif rest and not (match.group("open") or rest[0].isspace() or rest[0] in SEPARATORS):
            return Plain(number, raw.strip())  # `10:30am`: a word glued to the clock
        return Stamped(number, start, rest.strip())
    return Plain(number, raw.strip())


# Detection asks both timed-line readers, then one of them extracts: the same text is parsed
# once. One entry is enough (the calls come in a row) and holds no more than one source.
@functools.lru_cache(maxsize=1)
def parse(text: str) -> tuple[Item, ...]:
    """Every non-blank line, in order, as a Stamped or a Plain item."""
    return tuple(_item(number, raw) for number, raw in enumerate(text.split("\n"), start=1) if raw.strip())


def runs(items: tuple[Item, ...]) -> list[list[Stamped]]:
    """Maximal runs of consecutive stamped lines with text on them (blank lines do not break a run)."""
    found: list[list[Stamped]] = []
    current: list[Stamped] = []
    for item in items:
        if isinstance(item, Stamped) and item.text:
            current.append(item)
            continue
        if current:
            found.append(current)
        current = []
    if current:
        found.append(current)
    return found


@functools.lru_cache(maxsize=1)
def classify(text: str) -> tuple[str | None, str]:
    """'captions', 'chapters' or None, with the evidence."""
    items = parse(text[:200_000])
    stamps = [i for i in items if isinstance(i, Stamped)]
    if not stamps:
        return None, "no line starts with a timestamp"
    head = items.index(stamps[0])
    plain = len(items) - len(stamps)
    gaps = [b.start - a.start for a, b in itertools.pairwise(stamps) if b.start >= a.start]
    median = statistics.median(gaps) if gaps else 0.0
    evidence = f"{len(stamps)} timed lines, median gap {median:g} s"
    alone = sum(
        1 for a, b in itertools.pairwise(items) if isinstance(a, Stamped) and not a.text and isinstance(b, Plain)
    )
    carried = plain - head <= WORDS_PER_CUE * len(stamps)  # the stamps carry the text, not the other way round
    if len(stamps) >= 2 and head <= max(HEADER_MAX, len(stamps) // 2) and carried:
        if alone >= ALONE_SHARE * len(stamps):
            return "captions", f"{evidence}: stamps alone on their lines, the words below them, are caption cues"
        if median <= CAPTION_MAX_MEDIAN_GAP:
            return "captions", f"{evidence}: gaps of at most {CAPTION_MAX_MEDIAN_GAP:g} s are caption cues"
    blocks = [run for run in runs(items) if len(run) >= 2]
    if blocks:
        listed = sum(len(b) for b in blocks)
        where = f"; {plain} other lines around them are left out" if plain > _labels(items) else ""
        return "chapters", f"{evidence}: {listed} stamped titles minutes apart are a chapter list{where}"
    if len(stamps) == 1 and stamps[0].text and plain <= _labels(items):
        return "chapters", f"{evidence}: a single stamp with a title is a chapter list"
    return None, f"{evidence} among {plain} other lines: no caption rhythm and no block of chapter lines"


_SEPARATOR = re.compile(r"^[-–—|:]\s*")
_LINK = re.compile(r"\s*<(?P<url>https?://[^\s<>]+)>\s*$")
_MARKER = re.compile(r"^(\s*)(?:[-*+•]|\d{1,3}[.)])\s+(?=[\[(]?\d)")  # a list item's marker before a stamp


@dataclass(frozen=True)
class Listing:
    """A chapter list found in text: its stamped titles, and the lines it spans (its label line included)."""

    chapters: list[Stamped]
    first: int
    last: int


def chapter_title(text: str) -> tuple[str, str | None]:
    """A stamped line's title, without the separator after the stamp, and the `<url>` after it (mp4chaps)."""
    title = _SEPARATOR.sub("", text)
    linked = _LINK.search(title)
    return (title[: linked.start()] if linked else title).strip(), linked.group("url") if linked else None


def chapter_block(stamps: list[Stamped], items: tuple[Item, ...]) -> tuple[int, int]:
    """First and last line of the chapter list: from the first to the last run of two or more stamped titles
    (a list of one chapter: its line)."""
    blocks = [run for run in runs(items) if len(run) >= 2]
    if not blocks:
        return stamps[0].line, stamps[0].line
    return blocks[0][0].line, blocks[-1][-1].line


def chapter_list(text: str) -> Listing | None:
    """The chapter list inside prose (a description, a page's show notes), by the rule a chapters file is read by:
    a block of stamped titles minutes apart; the prose around it is not part of it. Markdown list markers before
    the stamps (`- 00:40 Title`) are read past."""
    lines = [_MARKER.sub(r"\1", line) for line in text.split("\n")]
    plain = "\n".join(lines)
    if classify(plain)[0] != "chapters":
        return None
    items = parse(plain)
    stamps = [item for item in items if isinstance(item, Stamped)]
    first, last = chapter_block(stamps, items)
    inside = [s for s in stamps if first <= s.line <= last and s.text]
    label = next((i for i in reversed(items) if i.line < first), None)
    if isinstance(label, Plain) and LIST_LABEL.match(label.text):
        first = label.line
    return Listing(inside, first, last)


def _labels(items: tuple[Item, ...]) -> int:
    return sum(1 for i in items if isinstance(i, Plain) and LIST_LABEL.match(i.text))
