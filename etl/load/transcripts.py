"""`transcripts/<id>.{json,vtt,srt,html}`: the episode's turns as Podcasting 2.0 transcript files.

Timed files (JSON segments, WebVTT, SRT) come from one list of cues, so the three always
agree: each turn is cut into cues of at most CUE_CHARS characters, and the turn's time
is shared among its cues by their length. A turn without a time joins the cue before it.
Every transcript also gets an HTML file, the only honest format for transcripts without
times (blog archives).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from etl.load.publication import Site, dump_compact_json
from etl.model import Episode, Turn
from etl.util.timecode import format_timestamp, whole

NAME = "transcripts"
VERSION = "1.0.0"
CUE_CHARS = 65
SECONDS_PER_CHAR = 0.06  # ~16 characters a second: the length of a last turn when the episode's end is unknown


class Cue(NamedTuple):  # a tuple: a transcript makes thousands, and tuples are the cheapest to build
    speaker: str | None
    start: float
    end: float
    text: str
    first_of_turn: bool


def spans(timed_cues: list[Cue]) -> list[str]:
    """`HH:MM:SS.mmm --> HH:MM:SS.mmm` of each cue (WebVTT; SRT swaps the dots for commas).

    A cue mostly ends where the next starts: each time is formatted once."""
    stamps: dict[float, str] = {}
    out = []
    for cue in timed_cues:
        start = stamps.get(cue.start) or stamps.setdefault(cue.start, format_timestamp(cue.start))
        end = stamps.get(cue.end) or stamps.setdefault(cue.end, format_timestamp(cue.end))
        out.append(f"{start} --> {end}")
    return out


def timed(episode: Episode) -> bool:
    return any(t.start is not None for t in episode.turns)


class TranscriptFile(NamedTuple):
    path: str
    format: Format


def files_for(episode: Episode) -> list[TranscriptFile]:
    """Every transcript file this episode has, in the order feeds list them (FORMATS)."""
    if not episode.turns:
        return []
    has_times = timed(episode)
    return [
        TranscriptFile(f"transcripts/{episode.id}.{f.suffix}", f) for f in FORMATS if has_times or not f.needs_times
    ]


def _timed_turns(turns: list[Turn]) -> list[tuple[str | None, float, str]]:
    merged: list[tuple[str | None, float, str]] = []
    for turn in turns:
        text = " ".join(turn.text.split())
        if not text:  # white space alone: nothing to time or show
            continue
        if turn.start is None or (merged and turn.start < merged[-1][1]):
            if merged:
                speaker, start, before = merged[-1]
                merged[-1] = (speaker, start, f"{before} {text}" if text else before)
                continue
            merged.append((turn.speaker, 0.0, text))
            continue
        merged.append((turn.speaker, float(turn.start), text))
    return merged


# The longest run of at most CUE_CHARS characters that ends at a word's end; else one whole word.
_LINE = re.compile(rf"\S.{{0,{CUE_CHARS - 2}}}\S(?= |$)|\S+")


def wrap(text: str) -> list[str]:
    """Greedy word wrap of white-space-folded text at CUE_CHARS; a longer word stays whole.

    The same lines as `textwrap.wrap(text, CUE_CHARS, break_long_words=False, break_on_hyphens=False)`
    (a test holds them to it), from one regular expression, several times faster."""
    if len(text) <= CUE_CHARS:
        return [text]
    return _LINE.findall(text)


def cues(episode: Episode) -> list[Cue]:
    turns = _timed_turns(episode.turns)
    out: list[Cue] = []
    for i, (speaker, start, text) in enumerate(turns):
        if i + 1 < len(turns):
            end = turns[i + 1][1]
        elif episode.duration is not None and episode.duration > start:
            end = float(episode.duration)
        else:
            end = start + max(1.0, len(text) * SECONDS_PER_CHAR)
        lines = wrap(text)
        total = sum(len(line) for line in lines)
        at = start
        for n, line in enumerate(lines):
            share = (end - start) * len(line) / total
            stop = end if n == len(lines) - 1 else round(at + share, 3)
            out.append(Cue(speaker, round(at, 3), stop, line, n == 0))
            at = stop
    return out


def json_document(episode: Episode, timed_cues: list[Cue]) -> dict[str, Any]:
    segments = []
    for cue in timed_cues:
        segment: dict[str, Any] = {"startTime": whole(cue.start), "endTime": whole(cue.end), "body": cue.text}
        if cue.speaker:
            segment["speaker"] = cue.speaker
        segments.append(segment)
    return {"version": VERSION, "segments": segments}


def _vtt_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(timed_cues: list[Cue], spans: list[str]) -> str:
    blocks = ["WEBVTT"]
    for cue, span in zip(timed_cues, spans, strict=True):
        voice = f"<v {_vtt_text(cue.speaker)}>" if cue.speaker else ""
        blocks.append(f"{span}\n{voice}{_vtt_text(cue.text)}")
    return "\n\n".join(blocks) + "\n"


def srt(timed_cues: list[Cue], spans: list[str]) -> str:
    blocks = []
    for n, (cue, span) in enumerate(zip(timed_cues, spans, strict=True), start=1):
        label = f"{cue.speaker}: " if cue.speaker and cue.first_of_turn else ""
        blocks.append(f"{n}\n{span.replace('.', ',')}\n{label}{cue.text}")
    return "\n\n".join(blocks) + "\n"


def html_document(episode: Episode, language: str = "en") -> str:
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(language)}"><head><meta charset="utf-8">',
        f"<title>{html.escape(episode.title)}: transcript</title></head><body>",
    ]
    for turn in episode.turns:
        speaker = f"<cite>{html.escape(turn.speaker)}:</cite>\n" if turn.speaker else ""
        time = ""
        if turn.start is not None:
            time = f'<time datetime="PT{whole(turn.start)}S">{format_timestamp(turn.start)[:8]}</time>\n'
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in turn.text.split("\n\n"))
        parts.append(f"{time}{speaker}{paragraphs}")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


@dataclass
class _Transcript:
    """One episode's transcript as every format renders it: the cues are cut once, for all timed formats."""

    episode: Episode
    language: str

    @functools.cached_property
    def cues(self) -> list[Cue]:
        return cues(self.episode)

    @functools.cached_property
    def spans(self) -> list[str]:
        return spans(self.cues)


class Format(NamedTuple):
    suffix: str
    mime: str
    rel: str | None
    needs_times: bool
    render: Callable[[_Transcript], bytes]


FORMATS: tuple[Format, ...] = (
    Format("json", "application/json", None, True, lambda t: dump_compact_json(json_document(t.episode, t.cues))),
    Format("vtt", "text/vtt", "captions", True, lambda t: webvtt(t.cues, t.spans).encode("utf-8")),
    Format("srt", "application/x-subrip", None, True, lambda t: srt(t.cues, t.spans).encode("utf-8")),
    # the only honest format for transcripts without times (blog archives), so every transcript gets one
    Format("html", "text/html", None, False, lambda t: html_document(t.episode, t.language).encode("utf-8")),
)


def render_episode(episode: Episode, site: Site) -> dict[str, bytes]:
    transcript = _Transcript(episode, site.show(episode.show.id).language)
    return {file.path: file.format.render(transcript) for file in sorted(files_for(episode), key=lambda f: f.path)}
