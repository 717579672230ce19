"""What every transcript reader does with its timed pieces (caption cues, subtitle cues, segments): clean
them (sound tags like `[Music]` leave, every word stays), drop times that go backwards, name the voices,
and choose how they will be grouped. They are kept as the draft's cues: the transform groups them into
paragraphs (`etl.transform.paragraphs`) once the episode's chapters are known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from etl.extract.common import numbers_in_name, source_key
from etl.model.draft import EpisodeDraft, Grouping, Paragraph, PersonDraft
from etl.util.timecode import out_of_order

PUNCTUATED_SHARE = 0.1

SOUND_TAG = re.compile(
    r"\[(?:music|applause|laughter|laughs|laughing|silence|inaudible|crosstalk|noise|cheering|foreign|"
    r"background noise|sound|music playing)\]",
    re.I,
)
_CLAUSE_END = re.compile(r"[.?!,]$")


class Piece(NamedTuple):
    start: float | None  # None: not timed
    text: str
    line: int | None
    speaker: str | None = None


def clean(text: str) -> str:
    """Piece text without sound tags, white space folded."""
    return " ".join(SOUND_TAG.sub(" ", text).split())


def grouping(texts: Iterable[str]) -> Grouping:
    """By sentence when enough pieces end a clause for that to work; by pause otherwise (ASR captions often
    have no punctuation at all)."""
    texts = list(texts)
    ends = sum(1 for text in texts if _CLAUSE_END.search(text))
    return "sentence" if ends >= PUNCTUATED_SHARE * len(texts) else "pause"


def transcript_draft(path: str, format: str, line: int | None = 1) -> EpisodeDraft:
    """An empty transcript file's draft, with the `sNNeMM` numbers of its name (how it names its episode)."""
    season, episode = numbers_in_name(path)
    return EpisodeDraft(
        path=path, format=format, key=source_key(path), kind="transcript", line=line, season=season, episode=episode
    )


def fill(draft: EpisodeDraft, pieces: list[Piece]) -> EpisodeDraft:
    """A transcript file's pieces (raw text) as the draft's cues, times that go backwards left out (with a
    warning), its voices named as people whose role is unknown."""
    times = [p.start for p in pieces]
    for i in sorted(out_of_order(times)):
        draft.warn("time goes backwards; this piece keeps its words but not its time", pieces[i].line)
        times[i] = None
    draft.cues = [
        Paragraph(speaker=p.speaker, start=t, text=text, line=p.line)
        for p, t in zip(pieces, times, strict=True)
        if (text := clean(p.text))
    ]
    draft.grouping = grouping(p.text for p in pieces)
    voices = dict.fromkeys(p.speaker for p in pieces if p.speaker)
    draft.people = [*draft.people, *(PersonDraft(name=name, role=None) for name in voices)]
    if not draft.cues:
        draft.warn("no spoken text in this transcript")
    return draft
