"""Podlove transcripts, in both of Podlove's forms:

- the Web Player's JSON: `[{"start": "00:00:01.234", "end": …, "speaker": "1", "voice": "Eric", "text": "…"}]`;
  a time is `HH:MM:SS.mmm` text or whole milliseconds (a number, or `start_ms`), the speaker `voice` else
  `speaker`;
- Podlove Simple Transcripts XML (`http://podlove.org/simple-transcripts`): `<transcripts>` of `<speech>`
  blocks (a speaker's turn, `speaker`/`voice` naming them), each of `<item start="…" end="…">` words or
  phrases, joined into one piece a speech block.
A transcript file, like every other; XML is parsed without entities, DTDs or network (`etl.util.xmlsafe`).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from etl.errors import SourceError
from etl.extract import cues
from etl.extract.common import NO_OPTIONS, Options, Verdict, first_item, load_json
from etl.model.draft import EpisodeDraft
from etl.util import xmlsafe
from etl.util.timecode import parse_time

NAME = "podlove-transcript"
PST = "http://podlove.org/simple-transcripts"


def detect(text: str) -> Verdict:
    head = text[:4000].lstrip("\ufeff")
    if head.startswith("<") and PST in head:
        return Verdict(True, f"XML in the Podlove Simple Transcripts namespace ({PST})")
    first = first_item(text)
    if first is not None and "text" in first and ("start" in first or "start_ms" in first):
        return Verdict(True, 'a JSON list of {"start", "text"} (the Podlove Web Player\'s transcript)')
    return Verdict(False, "neither Podlove Simple Transcripts XML nor the Web Player's transcript JSON")


def _time(value: Any, millis: Any = None) -> float | None:
    """`HH:MM:SS.mmm` text, or whole milliseconds (Podlove's numbers)."""
    if isinstance(millis, int | float) and not isinstance(millis, bool) and millis >= 0:
        return millis / 1000
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return value / 1000
    try:
        return float(parse_time(str(value))) if value is not None else None
    except ValueError:
        return None


def _from_json(draft: EpisodeDraft, text: str) -> list[cues.Piece]:
    document = load_json(text, draft.path)
    if not isinstance(document, list):
        raise SourceError("a Podlove transcript must be a JSON list of segments", draft.path, 1)
    pieces = []
    for number, item in enumerate(document):
        if not isinstance(item, dict):
            raise SourceError(f"[{number}] must be an object with start and text", draft.path)
        words = " ".join(str(item.get("text") or "").split())
        start = _time(item.get("start"), item.get("start_ms"))
        if item.get("start", item.get("start_ms")) is not None and start is None:
            draft.warn(f"[{number}].start {item.get('start')!r} is not a time; its words keep no time")
        who = item.get("voice") or item.get("speaker")
        if words:
            pieces.append(cues.Piece(start, words, None, " ".join(str(who).split()) or None if who else None))
    return pieces


def _from_xml(draft: EpisodeDraft, text: str) -> list[cues.Piece]:
    root = xmlsafe.parse(text, draft.path)
    pieces = []
    for speech in root.iter(f"{{{PST}}}speech"):
        who = speech.get("voice") or speech.get("speaker")
        items = list(speech.iter(f"{{{PST}}}item")) or [speech]
        words = " ".join(" ".join("".join(item.itertext()).split()) for item in items).strip()
        start = next((t for item in items if (t := _time(item.get("start"))) is not None), None)
        if words:
            pieces.append(cues.Piece(start, words, speech.sourceline, " ".join(who.split()) if who else None))
    if not pieces:  # items straight under the root, no speech blocks
        for item in root.iter(f"{{{PST}}}item"):
            words = " ".join("".join(item.itertext()).split())
            if words:
                pieces.append(cues.Piece(_time(item.get("start")), words, item.sourceline))
    return pieces


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    draft = cues.transcript_draft(path, NAME)
    try:
        pieces = _from_xml(draft, text) if text.lstrip("\ufeff \t\n").startswith("<") else _from_json(draft, text)
    except etree.LxmlError as exc:
        raise SourceError(f"not a Podlove transcript: {exc}", path, 1) from None
    if not pieces:
        raise SourceError("no segment with words in this Podlove transcript", path, 1)
    return [cues.fill(draft, pieces)]
