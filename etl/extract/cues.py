"""What every transcript reader does with its timed pieces (caption cues, subtitle cues, segments): clean
them (sound tags like `[Music]` leave, every word stays), drop times that go backwards, name the voices,
and choose how they will be grouped. They are kept as the draft's cues: the transform groups them into
paragraphs (`etl.transform.paragraphs`) once the episode's chapters are known.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from etl.extract.common import numbers_in_name, source_key
from etl.model.draft import EpisodeDraft, Grouping, Paragraph, PersonDraft
from etl.util.timecode import out_of_order, parse_time

PUNCTUATED_SHARE = 0.1

SOUND_TAG = re.compile(
    r"\[(?:music|applause|laughter|laughs|laughing|silence|inaudible|crosstalk|noise|cheering|foreign|"
    r"background noise|sound|music playing)\]",
    re.I,
)
_CLAUSE_ENDS = (".", "?", "!", ",", ".\n", "?\n", "!\n", ",\n")  # as `[.?!,]$` would find, without searching
# `Name: words` at the start of a cue: one to five words, the first starting with a letter
LABEL = re.compile(r"^(?P<name>[^\W\d_][\w.'’-]*(?: [\w.'’-]+){0,4}):\s+(?P<text>\S.*)$")


# A time line as subtitle files write it when they stray from their spec (`2.500 --> 5.120`, `1:10.300 -->
# 1:14.000`): both sides read by etl.util.timecode.parse_time where they are unambiguous.
LENIENT_TIMING = re.compile(r"^\s*(?P<start>[\d:.,]+)\s*-->\s*(?P<end>[\d:.,]+)(?:\s.*)?$")


class Strays:
    """A file's time lines that strayed from its format: read leniently, or unreadable (their words kept without
    a time). Said once a file, not once a cue: a whole transcript may be written that way."""

    def __init__(self, expected: str) -> None:
        self.expected = expected
        self.lenient: list[tuple[int, str]] = []
        self.unreadable: list[tuple[int, str]] = []

    def read(self, number: int, line: str) -> tuple[float, float] | None:
        """The start and end of a time line that is not the format's own; None (noted) when they cannot be read."""
        found = LENIENT_TIMING.match(line)
        if found:
            try:
                times = float(parse_time(found.group("start"))), float(parse_time(found.group("end")))
            except ValueError:
                times = None
            if times is not None:
                self.lenient.append((number, line.strip()))
                return times
        self.unreadable.append((number, line.strip()))
        return None

    def report(self, draft: EpisodeDraft) -> None:
        for found, said in (
            (self.lenient, f"not {self.expected}: read as the hours, minutes and seconds they give"),
            (self.unreadable, "cannot be read: their words are kept without a time"),
        ):
            if found:
                number, line = found[0]
                many = f"{len(found)} time lines" if len(found) > 1 else "1 time line"
                draft.warn(f"{many} {said} (first: {line[:40]!r})", number)


class Piece(NamedTuple):
    start: float | None  # None: not timed
    text: str
    line: int | None
    speaker: str | None = None


def clean(text: str) -> str:
    """Piece text without sound tags, white space folded."""
    if "[" in text:  # a tag has one: most pieces are searched no further
        text = SOUND_TAG.sub(" ", text)
    return " ".join(text.split())


def grouping(texts: Iterable[str]) -> Grouping:
    """By sentence when enough pieces end a clause for that to work; by pause otherwise (ASR captions often
    have no punctuation at all)."""
    texts = list(texts)
    ends = sum(1 for text in texts if text.endswith(_CLAUSE_ENDS))
    return "sentence" if ends >= PUNCTUATED_SHARE * len(texts) else "pause"


def transcript_draft(path: str, format: str, line: int | None = 1) -> EpisodeDraft:
    """An empty transcript file's draft, with the `sNNeMM` numbers of its name (how it names its episode)."""
    season, episode = numbers_in_name(path)
    return EpisodeDraft(
        path=path, format=format, key=source_key(path), kind="transcript", line=line, season=season, episode=episode
    )


def labelled(pieces: list[Piece]) -> list[Piece]:
    """Leading `Name:` labels of pieces no voice tag named, as speakers (SubRip's way, and WebVTT's as editing
    tools such as Descript export it). A label is a speaker when the file's labels recur (on two pieces or more)
    or it is a full name of two words or more: a lone `Note:` is not one. The label leaves the text; a piece
    with neither a label nor a voice continues the labelled speaker before it, and a voice tag ends that run."""
    labels = [LABEL.match(p.text) if p.speaker is None else None for p in pieces]
    counts = Counter(m.group("name") for m in labels if m and not m.group("name")[0].islower())
    speakers = {name for name, n in counts.items() if n >= 2 or " " in name}
    if not speakers:
        return pieces
    out = []
    current = None
    for piece, label in zip(pieces, labels, strict=True):
        if piece.speaker is not None:
            current = None
        elif label and label.group("name") in speakers:
            current = label.group("name")
            piece = piece._replace(text=label.group("text"), speaker=current)
        else:
            piece = piece._replace(speaker=current)
        out.append(piece)
    return out


def fill(draft: EpisodeDraft, pieces: list[Piece]) -> EpisodeDraft:
    """A transcript file's pieces (raw text) as the draft's cues, times that go backwards left out (with a
    warning), its voices named as people whose role is unknown."""
    times = [p.start for p in pieces]
    for i in sorted(out_of_order(times)):
        draft.warn("time goes backwards; this piece keeps its words but not its time", pieces[i].line)
        times[i] = None
    draft.cues = [
        Paragraph.of(p.speaker, t, text, p.line) for p, t in zip(pieces, times, strict=True) if (text := clean(p.text))
    ]
    draft.grouping = grouping(p.text for p in pieces)
    voices = dict.fromkeys(p.speaker for p in pieces if p.speaker)
    draft.people = [*draft.people, *(PersonDraft(name=name, role=None) for name in voices)]
    if not draft.cues:
        draft.warn("no spoken text in this transcript")
    return draft
