"""Audacity labels, as its label track exports them: `85.18<TAB>85.18<TAB>Title` a line (start, end, label),
seconds with a fraction. A chapters file: each label's start is a chapter. Spectral-selection lines (a tab
first: `<TAB>100<TAB>4000`) are skipped.
"""

from __future__ import annotations

import re

from etl.errors import SourceError
from etl.extract.common import NO_OPTIONS, Options, Verdict, numbers_in_name, source_key
from etl.model.draft import ChapterDraft, EpisodeDraft

NAME = "audacity"
LABEL = re.compile(r"^(?P<start>\d+(?:[.,]\d+)?)\t(?P<end>\d+(?:[.,]\d+)?)(?:\t(?P<title>.*))?$")
SPECTRAL = re.compile(r"^\\?\t\d")
LABEL_SHARE = 0.8


def detect(text: str) -> Verdict:
    lines = [line for line in text[:20000].split("\n") if line.strip()]
    labels = sum(1 for line in lines if LABEL.match(line))
    spectral = sum(1 for line in lines if SPECTRAL.match(line))
    if labels and labels + spectral >= LABEL_SHARE * len(lines):
        return Verdict(True, f"{labels} `start<TAB>end<TAB>label` lines")
    return Verdict(False, f"{labels} of {len(lines)} lines are `start<TAB>end<TAB>label`")


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    season, episode = numbers_in_name(path)
    draft = EpisodeDraft(path=path, format=NAME, key=source_key(path), kind="chapters", season=season, episode=episode)
    for number, line in enumerate(text.split("\n"), start=1):
        label = LABEL.match(line)
        if label is None:
            if line.strip() and not SPECTRAL.match(line):
                draft.warn(f"not a `start<TAB>end<TAB>label` line; skipped: {line.strip()[:60]!r}", number)
            continue
        title = " ".join((label.group("title") or "").split())
        if not title:
            draft.warn("label without a title; left out", number)
            continue
        start = float(label.group("start").replace(",", "."))
        draft.chapters.append(ChapterDraft(start=start, title=title, line=number))
    if not draft.chapters:
        raise SourceError("no label with a title (`start<TAB>end<TAB>label`)", path, 1)
    draft.line = draft.chapters[0].line
    return [draft]
