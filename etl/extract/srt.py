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
    lines = head.split("\n")
    timings = sum(1 for line in lines if TIMING.match(line))
    if timings:
        return Verdict(True, f"{timings} `HH:MM:SS,mmm --> HH:MM:SS,mmm` time lines")
    strayed = sum(1 for line in lines if cues.LENIENT_TIMING.match(line))
    if strayed >= 2:  # `2.500 --> 5.120`: subtitles all the same, their times read leniently
        return Verdict(True, f"{strayed} `start --> end` time lines (not all SubRip's own)")
    return Verdict(False, "no `HH:MM:SS,mmm --> HH:MM:SS,mmm` time line")


@dataclass
class _Cue:
    line: int
    start: float | None  # None: no time line that could be read (its words are kept)
    text: str


def _plain(text: str) -> str:
    if "&" in text:  # most lines have neither a reference nor markup: not searched further
        text = html.unescape(text)
    if "<" in text or "{" in text:
        text = _MARKUP.sub("", text)
    return text


def _seconds(stamp: str) -> float:
    return float(parse_clock(stamp.replace(",", ".")))


def _cue(draft: EpisodeDraft, block: list[tuple[int, str]], found: list[_Cue], strays: cues.Strays) -> None:
    at = 1 if _INDEX.match(block[0][1]) and len(block) > 1 else 0
    number, line = block[at]
    timing = TIMING.match(line)
    arrow = timing is not None or "-->" in line
    words = " ".join(_plain(text) for _, text in block[at + 1 if arrow else at :])
    if not arrow:
        where = "its text joins the cue above" if found else "its text is kept without a time"
        draft.warn(f"cue has no `HH:MM:SS,mmm --> HH:MM:SS,mmm` line; {where}", block[0][0])
        if found:
            found[-1].text = f"{found[-1].text} {words}"
        else:
            found.append(_Cue(block[0][0], None, words))
        return
    times: tuple[float, float] | None = None
    if timing is not None:
        try:
            times = _seconds(timing.group("start")), _seconds(timing.group("end"))
        except ValueError:
            times = None
    if times is None:
        times = strays.read(number, line)
    if times is not None and times[1] < times[0]:
        draft.warn(f"cue ends before it starts ({line.strip()}); its start is kept", number)
    found.append(_Cue(number, times[0] if times else None, words))


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    draft = cues.transcript_draft(path, NAME)
    found: list[_Cue] = []
    strays = cues.Strays("SubRip's `HH:MM:SS,mmm --> HH:MM:SS,mmm`")
    for block in blocks(text):
        _cue(draft, block, found, strays)
    strays.report(draft)
    if not any(cue.start is not None for cue in found):
        raise SourceError("no cue with a `HH:MM:SS,mmm --> HH:MM:SS,mmm` line", path, 1)
    pieces = [cues.Piece(c.start, c.text, c.line) for c in found]
    return [cues.fill(draft, cues.labelled(pieces))]
