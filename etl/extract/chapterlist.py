"""Chapter lists (`HH:MM:SS Title` per line, named `sNNeMM-slug.txt`): a sidecar that supplies chapters."""

from __future__ import annotations

import re
from pathlib import PurePath

from etl.draft import ChapterDraft, EpisodeDraft
from etl.errors import SourceError
from etl.extract import timedlines
from etl.extract.common import Verdict, source_key

NAME = "chapters"
_NUMBERS = re.compile(r"^s(\d+)e(\d+)", re.I)


def detect(text: str) -> Verdict:
    kind, reason = timedlines.classify(text)
    return Verdict(kind == "chapters", reason)


def extract(text: str, path: str) -> list[EpisodeDraft]:
    timed, other = timedlines.parse(text)
    if not timed:
        raise SourceError("no `HH:MM:SS Title` lines", path, 1)
    numbers = _NUMBERS.match(PurePath(path).name)
    draft = EpisodeDraft(
        path=path,
        format=NAME,
        key=source_key(path),
        sidecar=True,
        line=timed[0].line,
        season=int(numbers.group(1)) if numbers else None,
        episode=int(numbers.group(2)) if numbers else None,
    )
    for number, line in other:
        draft.warn(f"not a `HH:MM:SS Title` line; skipped: {line[:60]!r}", number)
    for entry in timed:
        if not entry.text:
            draft.warn("chapter without a title; skipped", entry.line)
            continue
        draft.chapters.append(ChapterDraft(start=entry.start, title=entry.text, line=entry.line))
    return [draft]
