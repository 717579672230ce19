"""Speaker-labelled text, as transcription services export it. Three layouts, one or several in a file:

- a label line, then the words (Otter): `Alexey Grigorev  2:06` (two spaces or a tab before the time);
- a label line with the time in parentheses, then the words: `Alexey Grigorev (00:02:06):`;
- one line each: `[00:02:06] Alexey Grigorev: text` (brackets, parentheses or none around the time).
A time alone on its line (`(00:03:05):`, `[00:03:05]`; Rev's export writes one where a speaker goes on) starts a
new piece of the speaker before it: it is never spoken. Labels resolve through the people registry like every
other speaker label; the words below a label line are its piece until the next label.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from etl.errors import SourceError
from etl.extract import cues
from etl.extract.common import NO_OPTIONS, Options, Verdict
from etl.model.draft import EpisodeDraft
from etl.util.timecode import parse_clock

NAME = "labelled"

_CLOCK = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_NAME = r"[^\W\d_][\w.'’-]*(?: [\w.'’-]+){0,4}"  # one to five words, the first starting with a letter
OTTER = re.compile(rf"^(?P<name>{_NAME})(?:[ \t]{{2,}}|\t)(?P<time>{_CLOCK})\s*$")
PARENS = re.compile(rf"^(?P<name>{_NAME})\s*\((?P<time>{_CLOCK})\)\s*:?\s*$")
_TIMED = re.compile(rf"^[\[(]?{_CLOCK}[\])]?\s")
LABELLED_SHARE = 0.8  # of the lines that start with a time: a labelled transcript names a speaker on each
INLINE = re.compile(rf"^[\[(]?(?P<time>{_CLOCK})[\])]?\s+(?P<name>{_NAME}):\s+(?P<text>\S.*)$")
ALONE = re.compile(rf"^[\[(]?(?P<time>{_CLOCK})[\])]?\s*:?$")  # the speaker before goes on


class _Label(NamedTuple):
    name: str
    time: str
    text: str | None  # the words on the label's own line (one-line layout); None: they follow below


def _label(line: str) -> _Label | None:
    block = OTTER.match(line) or PARENS.match(line)
    if block:
        return _Label(block.group("name"), block.group("time"), None)
    inline = INLINE.match(line)
    return _Label(inline.group("name"), inline.group("time"), inline.group("text")) if inline else None


def detect(text: str) -> Verdict:
    lines = [line.strip() for line in text[:20000].split("\n") if line.strip()]
    labels = [(n, _label(line)) for n, line in enumerate(lines)]
    labels = [(n, found) for n, found in labels if found]
    blocks = [n for n, found in labels if found.text is None and n + 1 < len(lines) and not _label(lines[n + 1])]
    names = Counter(found.name for _, found in labels)
    if len(blocks) >= 2 and len(blocks) * 2 >= len(labels):
        return Verdict(True, f"{len(blocks)} speaker label lines with a time, the words below them")
    # a small cast speaking in turn, every timed line theirs: not a chapter list whose titles happen to have a
    # `Topic:` prefix here and there
    cast = len(names) <= max(2, len(labels) // 2)
    inline = [found for _, found in labels if found.text is not None]
    timed = sum(1 for line in lines if _TIMED.match(line))
    every = len(inline) >= LABELLED_SHARE * timed
    if len(labels) >= 2 and any(count >= 2 for count in names.values()) and cast and every:
        return Verdict(True, f"{len(labels)} `[time] Name: words` lines, {len(names)} names speaking in turn")
    return Verdict(
        False, f"{len(labels)} speaker label lines with a time (need two, of recurring names or with words below)"
    )


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    draft = cues.transcript_draft(path, NAME)
    pieces: list[cues.Piece] = []
    words: list[str] = []  # the words under the last label line
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        found = _label(line) if line else None
        alone = ALONE.match(line) if found is None and pieces and pieces[-1].speaker else None
        if alone:
            found = _Label(pieces[-1].speaker, alone.group("time"), None)  # type: ignore[arg-type]
        if found is None:
            if not line:
                continue
            if pieces:
                words.append(line)
            else:
                draft.warn(f"text before the first speaker label; kept without a time: {line[:40]!r}", number)
                pieces.append(cues.Piece(None, line, number, None))
            continue
        _flush(pieces, words)
        try:
            start = float(parse_clock(found.time))
        except ValueError as exc:
            draft.warn(f"{exc}; this speaker's words keep no time", number)
            start = None
        pieces.append(cues.Piece(start, found.text or "", number, found.name))
    _flush(pieces, words)
    if not any(p.speaker for p in pieces):
        raise SourceError("no speaker label line (`Name  0:00`, `Name (00:00):` or `[00:00] Name: words`)", path, 1)
    return [cues.fill(draft, pieces)]


def _flush(pieces: list[cues.Piece], words: list[str]) -> None:
    """The words under a label line become its piece's text."""
    if pieces and words:
        last = pieces[-1]
        pieces[-1] = last._replace(text=" ".join([last.text, *words]).strip())
    words.clear()
