"""Chapter lists: a sidecar that supplies chapters to an episode another source describes.

Layouts (`etl.extract.timedlines` parses the lines): `HH:MM:SS Title` per line; a separator between
stamp and title (`00:00 - Intro`, `–`, `—`, `|`, `00:00: Intro`), which is not part of the title; the
stamp in brackets or parentheses (`[00:00] Intro`, `(00:00) Intro`); mp4chaps (`00:01:59.000 Title`,
with an optional `<url>` after the title). A description holding a chapter list (prose, a `Chapters:`
line, the stamped lines, more prose: YouTube's) gives the stamped block; the prose around it is left out
with a note (`-v`). Named `sNNeMM-slug.txt`, a list joins the episode with those numbers (else `target:`).
"""

from __future__ import annotations

from etl.errors import SourceError
from etl.extract import timedlines
from etl.extract.common import NO_OPTIONS, Options, Verdict, numbers_in_name, source_key
from etl.extract.timedlines import LIST_LABEL, Stamped
from etl.model.draft import ChapterDraft, EpisodeDraft

NAME = "chapters"


def detect(text: str) -> Verdict:
    kind, reason = timedlines.classify(text)
    return Verdict(kind == "chapters", reason)


def _spans(lines: list[int]) -> str:
    """`1-4, 9, 12-15`: line numbers, shortened to runs."""
    spans: list[list[int]] = []
    for line in lines:
        if spans and line == spans[-1][1] + 1:
            spans[-1][1] = line
        else:
            spans.append([line, line])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    items = timedlines.parse(text)
    stamps = [item for item in items if isinstance(item, Stamped)]
    if not stamps:
        raise SourceError("no `HH:MM:SS Title` lines", path, 1)
    first, last = timedlines.chapter_block(stamps, items)
    season, episode = numbers_in_name(path)
    draft = EpisodeDraft(
        path=path, format=NAME, key=source_key(path), kind="chapters", line=first, season=season, episode=episode
    )
    outside = []
    for item in items:
        if not first <= item.line <= last:
            if not LIST_LABEL.match(item.text):
                outside.append(item.line)
        elif isinstance(item, Stamped):
            _chapter(draft, item)
        elif not LIST_LABEL.match(item.text):
            draft.warn(f"not a `HH:MM:SS Title` line; skipped: {item.text[:60]!r}", item.line)
    if outside:
        draft.note(f"text around the chapter list left out (lines {_spans(outside)})", outside[0])
    return [draft]


def _chapter(draft: EpisodeDraft, item: Stamped) -> None:
    title, url = timedlines.chapter_title(item.text)
    if not title:
        draft.warn("chapter without a title; skipped", item.line)
        return
    draft.chapters.append(ChapterDraft(start=item.start, title=title, url=url, line=item.line))
