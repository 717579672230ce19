"""WebVTT (`.vtt`): a `WEBVTT` header, then cues (`00:01.000 --> 00:04.000`, text lines) and blocks to skip.

Hand-written rather than webvtt-py: that one keeps only the first voice of a cue with several and skips a
malformed timing line without a word, while here several voices split a cue and every problem names its line.
`NOTE`, `STYLE` and `REGION` blocks are skipped; cue identifiers and settings are ignored; `<v Name>` spans
are speakers, and so are `Name:` labels where no voice tag names one (Descript exports them; the rule is
`etl.extract.cues.labelled`); `<c>`, `<i>`, `<b>`, `<u>`, `<lang>`, `<ruby>`, `<rt>` and timestamp tags are
removed.

Rolling captions (YouTube's automatic ones: each cue repeats the line before it, word timings come as
`<00:00:01.234><c> word</c>`, and 10 ms cues repeat the finished line) give each spoken word once: in such a
file a line equal to the last line given is a repeat, never new speech.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass

from etl.errors import SourceError
from etl.extract import cues
from etl.extract.common import NO_OPTIONS, Options, Verdict, blocks
from etl.model.draft import EpisodeDraft
from etl.util.timecode import parse_clock

NAME = "webvtt"

_TIME = r"(?:\d{1,3}:)?\d{2}:\d{2}\.\d{3}"
TIMING = re.compile(rf"^\s*(?P<start>{_TIME})\s*-->\s*(?P<end>{_TIME})(?:\s.*)?$")
_SKIPPED = re.compile(r"^(?:NOTE|STYLE|REGION)(?:\s|$)")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+(?P<name>[^>]*))?>|</v>")
_INLINE_TIME = re.compile(r"<\d{1,3}:\d{2}(?::\d{2})?\.\d{3}>")
_TAG = re.compile(r"<[^>]*>")
ROLLING_SHARE = 0.5  # of the cues of two lines or more, those that start with the line before: roll-up captions
ROLL_MIN = 3


def detect(text: str) -> Verdict:
    if text.lstrip("\ufeff").startswith("WEBVTT"):
        return Verdict(True, "a `WEBVTT` header")
    return Verdict(False, "no `WEBVTT` header")


@dataclass
class _Cue:
    line: int
    start: float | None  # None: its time line could not be read (its words are kept)
    lines: list[str]  # payload lines, tags still in


def _cues(draft: EpisodeDraft, text: str) -> list[_Cue]:
    found: list[_Cue] = []
    strays = cues.Strays("WebVTT's `HH:MM:SS.mmm --> HH:MM:SS.mmm`")
    for block in blocks(text, spaces_are_text=True)[1:]:  # the first block is the header
        if _SKIPPED.match(block[0][1]):
            continue
        at = next((i for i, (_, line) in enumerate(block[:2]) if "-->" in line), None)
        if at is None:
            draft.warn(f"not a cue (no `-->` time line); skipped: {block[0][1].strip()[:60]!r}", block[0][0])
            continue
        number, line = block[at]
        timing = TIMING.match(line)
        times: tuple[float, float] | None = None
        if timing is not None:
            try:
                times = float(parse_clock(timing.group("start"))), float(parse_clock(timing.group("end")))
            except ValueError:
                times = None
        if times is None:
            times = strays.read(number, line)
        if times is not None and times[1] < times[0]:
            draft.warn(f"cue ends before it starts ({line.strip()[:40]}); its start is kept", number)
        found.append(_Cue(number, times[0] if times else None, [text for _, text in block[at + 1 :]]))
    strays.report(draft)
    return found


def _plain(text: str) -> str:
    if "<" in text:  # most payloads of most files have no tag left to remove, nor a character reference
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


def _voices(payload: str) -> list[tuple[str | None, str]]:
    """The payload split at its `<v Name>` spans: (speaker, text) in order. A span lives inside its cue (the
    spec's rule, and every cue this project writes carries its own): text outside any span is no one's."""
    parts: list[tuple[str | None, str]] = []
    speaker: str | None = None
    at = 0
    for match in _VOICE.finditer(payload):
        parts.append((speaker, payload[at : match.start()]))
        speaker = match.group("name").strip() if match.group(0) != "</v>" and match.group("name") else None
        at = match.end()
    parts.append((speaker, payload[at:]))
    return [(who, plain) for who, text in parts if (plain := _plain(text))]


def _rolling(found: list[_Cue], raw: str) -> bool:
    """Roll-up captions: word timings inside cues (YouTube), or cues of two lines or more whose first line is
    the line the cue before them ended with. One-line cues that repeat are speech ("Yeah." "Yeah."), not roll-up."""
    if _INLINE_TIME.search(raw):
        return True
    if all(len(cue.lines) < 2 for cue in found):  # only a cue of two lines can roll: nothing to compare
        return False
    shown = [[plain for plain in map(_plain, cue.lines) if plain] for cue in found]
    rolled = sum(1 for before, now in itertools.pairwise(shown) if len(now) >= 2 and before and now[0] == before[-1])
    tall = sum(1 for lines in shown[1:] if len(lines) >= 2)
    return rolled >= ROLL_MIN and rolled >= ROLLING_SHARE * tall


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    if not detect(text):
        raise SourceError("no `WEBVTT` header on the first line", path, 1)
    draft = cues.transcript_draft(path, NAME)
    found = _cues(draft, text)
    if not any(cue.start is not None for cue in found):
        raise SourceError("no cue with a `00:00:00.000 --> 00:00:00.000` line", path, 1)
    rolling = _rolling(found, text)
    pieces: list[cues.Piece] = []
    last = ""
    for cue in found:
        lines = cue.lines
        if rolling:  # each spoken line once: a line equal to the last one given is its repeat
            kept = []
            for line in lines:
                plain = _plain(line)
                if plain and plain != last:
                    kept.append(line)
                    last = plain
            lines = kept
        pieces += [cues.Piece(cue.start, words, cue.line, who) for who, words in _voices(" ".join(lines))]
    return [cues.fill(draft, cues.labelled(pieces))]
