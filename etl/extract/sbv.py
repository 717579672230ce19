"""YouTube's SubViewer captions (`.sbv`): `0:00:01.200,0:00:04.050` on a line, the words below, a blank line.

What YouTube Studio downloads as "captions.sbv". Cues are blank-line separated; the time line gives start and end
(`H:MM:SS.mmm`); a cue's lines are joined. `Name:` labels become speakers by SubRip's rule
(`etl.extract.cues.labelled`). A block without a time line keeps its words without a time, with a warning.
"""

from __future__ import annotations

import re

from etl.errors import SourceError
from etl.extract import cues
from etl.extract.common import NO_OPTIONS, Options, Verdict, blocks
from etl.model.draft import EpisodeDraft
from etl.util.timecode import parse_time

NAME = "sbv"
_TIME = r"\d{1,2}:\d{2}:\d{2}\.\d{1,3}"
TIMING = re.compile(rf"^\s*(?P<start>{_TIME}),(?P<end>{_TIME})\s*$")


def detect(text: str) -> Verdict:
    lines = text[:20000].split("\n")
    timings = sum(1 for line in lines if TIMING.match(line))
    if timings and not any("-->" in line for line in lines):
        return Verdict(True, f"{timings} `0:00:01.200,0:00:04.050` time lines")
    return Verdict(False, "no `H:MM:SS.mmm,H:MM:SS.mmm` time line")


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    draft = cues.transcript_draft(path, NAME)
    pieces: list[cues.Piece] = []
    for block in blocks(text):
        number, first = block[0]
        timing = TIMING.match(first)
        words = " ".join(line.strip() for _, line in (block[1:] if timing else block))
        if timing is None:
            draft.warn("cue has no `H:MM:SS.mmm,H:MM:SS.mmm` line; its words are kept without a time", number)
            pieces.append(cues.Piece(None, words, number))
            continue
        start, end = float(parse_time(timing.group("start"))), float(parse_time(timing.group("end")))
        if end < start:
            draft.warn(f"cue ends before it starts ({first.strip()}); its start is kept", number)
        pieces.append(cues.Piece(start, words, number))
    if not any(p.start is not None for p in pieces):
        raise SourceError("no cue with a `H:MM:SS.mmm,H:MM:SS.mmm` line", path, 1)
    return [cues.fill(draft, cues.labelled(pieces))]
