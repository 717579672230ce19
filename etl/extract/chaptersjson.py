"""Podcasting 2.0 JSON chapters: `{"version": "1.2.0", "chapters": [{startTime, title, url, img, toc}]}`.

What this project writes as `chapters/<id>.json`. A chapters file: it completes the episode its `sNNeMM`
name or `target:` names. `toc: false` entries are kept (marked) but not listed as chapters.
"""

from __future__ import annotations

from typing import Any

from etl.errors import SourceError
from etl.extract.common import NO_OPTIONS, Options, Verdict, json_shape, load_json, numbers_in_name, source_key
from etl.model import HTTP_URL
from etl.model.draft import ChapterDraft, EpisodeDraft

NAME = "chapters-json"


def detect(text: str) -> Verdict:
    if json_shape(text, "chapters") and '"startTime"' in text[:4000]:
        return Verdict(True, 'a JSON object with "chapters" and "startTime"')
    return Verdict(False, 'not a JSON object with "chapters" that have a "startTime"')


def _chapter(draft: EpisodeDraft, number: int, item: Any) -> ChapterDraft | None:
    where = f"chapters[{number}]"
    if not isinstance(item, dict):
        raise SourceError(f"{where} must be an object with startTime and title", draft.path)
    start = item.get("startTime")
    if isinstance(start, bool) or not isinstance(start, int | float) or start < 0:
        raise SourceError(f"{where}.startTime must be seconds (a number of 0 or more), not {start!r}", draft.path)
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        draft.warn(f"{where} has no title; left out")
        return None
    links = {}
    for key in ("url", "img"):
        value = item.get(key)
        if isinstance(value, str) and HTTP_URL.match(value):
            links[key] = value
        elif value is not None:
            draft.warn(f"{where}.{key} is not an http(s) URL; left out: {str(value)[:60]!r}")
    toc = item.get("toc", True) is not False
    return ChapterDraft(start=start, title=" ".join(title.split()), toc=toc, **links)


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    document = load_json(text, path)
    chapters = document.get("chapters") if isinstance(document, dict) else None
    if not isinstance(chapters, list):
        raise SourceError('a JSON chapters file is an object whose "chapters" is a list', path, 1)
    season, episode = numbers_in_name(path)
    draft = EpisodeDraft(path=path, format=NAME, key=source_key(path), kind="chapters", season=season, episode=episode)
    draft.chapters = [c for n, item in enumerate(chapters) if (c := _chapter(draft, n, item))]
    return [draft]
