"""Podcasting 2.0 JSON transcripts: `{"version": "1.0.0", "segments": [{speaker, startTime, endTime, body}]}`.

What this project writes as `transcripts/<id>.json`, and what Podcasting 2.0 tools export. Segments of one
speaker join into turns like every other transcript's pieces (`etl.extract.cues`).
"""

from __future__ import annotations

from typing import Any

from etl.errors import SourceError
from etl.extract import cues
from etl.extract.common import NO_OPTIONS, Options, Verdict, json_shape, load_json
from etl.model.draft import EpisodeDraft

NAME = "transcript-json"


def detect(text: str) -> Verdict:
    if json_shape(text, "segments"):
        return Verdict(True, 'a JSON object with "segments"')
    return Verdict(False, 'not a JSON object with "segments"')


def _segment(number: int, item: Any, path: str) -> cues.Piece:
    if not isinstance(item, dict):
        raise SourceError(f"segments[{number}] must be an object with startTime and body", path)
    start, body, speaker = item.get("startTime"), item.get("body"), item.get("speaker")
    if isinstance(start, bool) or not isinstance(start, int | float) or start < 0:
        raise SourceError(f"segments[{number}].startTime must be seconds (a number of 0 or more), not {start!r}", path)
    if not isinstance(body, str):
        raise SourceError(f"segments[{number}].body must be text, not {body!r}", path)
    who = speaker.strip() if isinstance(speaker, str) and speaker.strip() else None
    return cues.Piece(float(start), body, None, who)


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    document = load_json(text, path)
    segments = document.get("segments") if isinstance(document, dict) else None
    if not isinstance(segments, list):
        raise SourceError('a JSON transcript is an object whose "segments" is a list', path, 1)
    draft = cues.transcript_draft(path, NAME)
    if document.get("version") not in (None, "1.0.0", "1.0"):
        draft.warn(f"transcript version {document['version']!r}; read as 1.0.0", 1)
    return [cues.fill(draft, [_segment(n, item, path) for n, item in enumerate(segments)])]
