"""Podlove's JSON chapters: `[{"start": "00:00:00.000", "title": "…", "href": "…", "image": "…"}]`, what the
Podlove Publisher and Web Player exchange. A chapters file; times are Normal Play Time, as in Podlove Simple
Chapters (`etl.extract.podlove.npt`); empty `href`/`image` strings mean none.
"""

from __future__ import annotations

from typing import Any

from etl.errors import SourceError
from etl.extract.common import (
    NO_OPTIONS,
    Options,
    Verdict,
    first_item,
    load_json,
    numbers_in_name,
    source_key,
)
from etl.extract.podlove import npt
from etl.model import HTTP_URL
from etl.model.draft import ChapterDraft, EpisodeDraft

NAME = "podlove-chapters"


def detect(text: str) -> Verdict:
    first = first_item(text)
    if first is not None and {"start", "title"} <= set(first) and "text" not in first:
        return Verdict(True, 'a JSON list of {"start": "HH:MM:SS.mmm", "title"} (Podlove chapters)')
    return Verdict(False, 'not a JSON list of {"start": "HH:MM:SS.mmm", "title"}')


def _chapter(draft: EpisodeDraft, number: int, item: Any) -> ChapterDraft | None:
    where = f"[{number}]"
    if not isinstance(item, dict):
        raise SourceError(f"{where} must be an object with start and title", draft.path)
    start = npt(str(item.get("start", "")))
    title = " ".join(str(item.get("title") or "").split())
    if start is None:
        raise SourceError(f"{where}.start must be a time (HH:MM:SS.mmm), not {item.get('start')!r}", draft.path)
    if not title:
        draft.warn(f"{where} has no title; left out")
        return None
    links = {}
    for key, field in (("href", "url"), ("image", "img")):
        value = str(item.get(key) or "").strip()
        if value and HTTP_URL.match(value):
            links[field] = value
        elif value:
            draft.warn(f"{where}.{key} is not an http(s) URL; left out: {value[:60]!r}")
    return ChapterDraft(start=start, title=title, **links)


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    document = load_json(text, path)
    if not isinstance(document, list):
        raise SourceError("Podlove chapters must be a JSON list of chapters", path, 1)
    season, episode = numbers_in_name(path)
    draft = EpisodeDraft(
        path=path, format=NAME, key=source_key(path), kind="chapters", line=1, season=season, episode=episode
    )
    draft.chapters = [c for n, item in enumerate(document) if (c := _chapter(draft, n, item)) is not None]
    if not draft.chapters:
        raise SourceError("no chapter with a start and a title", path, 1)
    return [draft]
