"""SubRip (`.srt`) subtitles: numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, text lines, a blank line.

Hand-written rather than the `srt` package: that one joins a cue without a time line to the text of the
cue above without a word and keeps no line numbers, and every problem here must name its line.
A cue's lines are joined; `<i>`, `<b>`, `<u>`, `<font>` and `{\\an8}`-style tags are removed. A leading
`Name:` is the speaker by the rule of `etl.extract.cues.labelled`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from etl.errors import SourceError
from etl.extract import cues
from etl.extract.common import NO_OPTIONS, Options, Verdict, blocks
from etl.model.draft import EpisodeDraft
from etl.util.timecode import parse_clock

NAME = "srt"

_TIME = r"\d{1,3}:\d{2}:\d{2}[,.]\d{1,3}"
TIMING = re.compile(rf"^\s*(?P<start>{_TIME})\s*-->\s*(?P<end>{_TIME})(?:\s.*)?$")
_INDEX = re.compile(r"^\s*\d+\s*$")
_MARKUP = re.compile(r"<[^>]*>|\{\\[^}]*\}")


def detect(text: str) -> Verdict:
    head = text[:20000]
    if head.lstrip().startswith("WEBVTT"):
        return Verdict(False, "a WebVTT header")
    timings = sum(1 for line in head.split("\n") if TIMING.match(line))
    if timings:
        return Verdict(True, f"{timings} `HH:MM:SS,mmm --> HH:MM:SS,mmm` time lines")
    return Verdict(False, "no `HH:MM:SS,mmm --> HH:MM:SS,mmm` time line")


@dataclass
class _Cue:
    line: int
    start: float
    text: str


def _seconds(stamp: str) -> float:
    return float(parse_clock(stamp.replace(",", ".")))


def _cue(draft: EpisodeDraft, block: list[tuple[int, str]], found: list[_Cue]) -> None:
    at = 1 if _INDEX.match(block[0][1]) and len(block) > 1 else 0
    number, line = block[at]
    timing = TIMING.match(line)
    words = " ".join(_MARKUP.sub("", html.unescape(text)) for _, text in block[at + 1 if timing else at :])
    if timing is None:
        where = "its text joins the cue above" if found else "its text is kept without a time"
        draft.warn(f"cue has no `HH:MM:SS,mmm --> HH:MM:SS,mmm` line; {where}", block[0][0])
        if found:
            found[-1].text = f"{found[-1].text} {words}"
        else:
            found.append(_Cue(block[0][0], -1.0, words))
        return
    try:
        start, end = _seconds(timing.group("start")), _seconds(timing.group("end"))
    except ValueError as exc:
        raise SourceError(f"{exc} in a cue's time line", draft.path, number) from None
    if end < start:
        draft.warn(f"cue ends before it starts ({line.strip()}); its start is kept", number)
    found.append(_Cue(number, start, words))


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    draft = cues.transcript_draft(path, NAME)
    found: list[_Cue] = []
    for block in blocks(text):
        _cue(draft, block, found)
    if not any(cue.start >= 0 for cue in found):
        raise SourceError("no cue with a `HH:MM:SS,mmm --> HH:MM:SS,mmm` line", path, 1)
    pieces = [cues.Piece(c.start if c.start >= 0 else None, c.text, c.line) for c in found]
    return [cues.fill(draft, cues.labelled(pieces))]
