"""`transcripts/<id>.{json,vtt,srt,html}`: the episode's turns as Podcasting 2.0 transcript files.

Timed files (JSON segments, WebVTT, SRT) come from one list of cues, so the three always
agree: each turn is cut into cues of at most CUE_CHARS characters, and the turn's time
is shared among its cues by their length, in whole milliseconds (the files' precision, so
each cue's end is the next one's start to the millisecond in all three). A turn without a
time joins the cue before it.
Every transcript also gets an HTML file, the only honest format for transcripts without
times (blog archives).
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from etl.load.publication import Site
from etl.model import Episode, Turn
from etl.util.timecode import format_timestamp, millis_stamps, whole

NAME = "transcripts"
VERSION = "1.0.0"
CUE_CHARS = 65
SECONDS_PER_CHAR = 0.06  # ~16 characters a second: the length of a last turn when the episode's end is unknown


class Cue(NamedTuple):
    speaker: str | None
    start_ms: int
    end_ms: int
    text: str
    first_of_turn: bool


# A cue as the writers take it: a plain tuple, the cheapest to build (a transcript makes thousands; a NamedTuple's
# constructor is a Python call); `Cue` names its fields where tests read them.
CueRow = tuple[str | None, int, int, str, bool]


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
        text = folded(turn.text)
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


def folded(text: str) -> str:
    """`" ".join(text.split())`, without splitting a turn that is folded already but for the blank lines between
    its paragraphs (most are: cues come folded). Printable text holds no white space but the space."""
    flat = text.replace("\n\n", " ")
    if flat.isprintable() and "  " not in flat and not flat.startswith(" ") and not flat.endswith(" "):
        return flat
    return " ".join(text.split())


# json.dumps' own string encoder (in C) with ensure_ascii=False
_json_string: Callable[[str], str] = json.encoder.encode_basestring  # type: ignore[attr-defined]


# The longest run of at most CUE_CHARS characters that ends at a word's end; else one whole word.
_LINE = re.compile(rf"\S.{{0,{CUE_CHARS - 2}}}\S(?= |$)|\S+")


def wrap(text: str) -> list[str]:
    """Greedy word wrap of white-space-folded text at CUE_CHARS; a longer word stays whole.

    The same lines as `textwrap.wrap(text, CUE_CHARS, break_long_words=False, break_on_hyphens=False)`
    (a test holds them to it), from one regular expression, several times faster (and faster than a loop of
    `str.rfind`, measured)."""
    if len(text) <= CUE_CHARS:
        return [text]
    return _LINE.findall(text)


def cues(episode: Episode) -> list[Cue]:
    """The cues of the episode's timed files."""
    return [Cue(*row) for row in cue_rows(episode)]


def cue_rows(episode: Episode) -> list[CueRow]:
    turns = _timed_turns(episode.turns)
    out: list[CueRow] = []
    add = out.append
    last = len(turns) - 1
    for i, (speaker, start, text) in enumerate(turns):
        if i < last:
            end = turns[i + 1][1]
        elif episode.duration is not None and episode.duration > start:
            end = float(episode.duration)
        else:
            end = start + max(1.0, len(text) * SECONDS_PER_CHAR)
        at, stop = round(start * 1000), round(end * 1000)
        if len(text) <= CUE_CHARS:  # most turns of a caption file: one cue
            add((speaker, at, stop, text, True))
            continue
        lines = wrap(text)
        per_char = (stop - at) / sum(map(len, lines))
        first = True
        for line in lines[:-1]:
            until = int(at + per_char * len(line) + 0.5)  # half a millisecond up, as 2.7125 s is 2.713
            add((speaker, at, until, line, first))
            at, first = until, False
        add((speaker, at, stop, lines[-1], first))
    return out


def _vtt_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class TimedFiles(NamedTuple):
    json: bytes
    vtt: bytes
    srt: bytes


def timed_files(timed_cues: Sequence[CueRow]) -> TimedFiles:
    """The Podcasting 2.0 JSON, WebVTT and SRT files from one pass over the cues: a transcript has thousands,
    each time is formatted once for all three (a cue mostly starts where the one before it ends), each
    speaker's JSON key, voice tag and label once.

    The JSON is byte for byte what `dump_compact_json` writes of `{"version": VERSION, "segments":
    [{"startTime", "endTime", "body", "speaker"?}]}` (a test holds them equal), written by hand: json.dumps
    spent most of its time sorting and walking thousands of four-key dicts whose keys are known."""
    string = _json_string
    speakers: dict[str, tuple[str, str, str]] = {}  # JSON key, WebVTT voice tag, SRT label
    segments: list[str] = []
    blocks = ["WEBVTT"]
    numbered: list[str] = []
    ended, end_vtt, end_json = -1, "", ""  # the cue before's end: `HH:MM:SS.mmm` and its JSON number
    for n, (speaker, start, end, text, first) in enumerate(timed_cues, 1):
        if start == ended:
            start_vtt, start_json = end_vtt, end_json
        else:
            start_vtt, start_json = millis_stamps(start)
        if end == start:
            end_vtt, end_json = start_vtt, start_json
        else:
            end_vtt, end_json = millis_stamps(end)
        ended = end
        key = voice = label = ""
        if speaker:
            said = speakers.get(speaker)
            if said is None:
                said = speakers[speaker] = (
                    f',"speaker":{string(speaker)}',
                    f"<v {_vtt_text(speaker)}>",
                    f"{speaker}: ",
                )
            key, voice, label = said
            if not first:
                label = ""
        span = f"{start_vtt} --> {end_vtt}"
        segments.append(f'{{"body":{string(text)},"endTime":{end_json}{key},"startTime":{start_json}}}')
        shown = _vtt_text(text) if "&" in text or "<" in text or ">" in text else text
        blocks.append(f"{span}\n{voice}{shown}")
        numbered.append(f"{n}\n{span.replace('.', ',')}\n{label}{text}")
    return TimedFiles(
        f'{{"segments":[{",".join(segments)}],"version":{string(VERSION)}}}\n'.encode(),
        ("\n\n".join(blocks) + "\n").encode(),
        ("\n\n".join(numbered) + "\n").encode(),
    )


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
    def timed(self) -> TimedFiles:
        return timed_files(cue_rows(self.episode))


class Format(NamedTuple):
    suffix: str
    mime: str
    rel: str | None
    needs_times: bool
    render: Callable[[_Transcript], bytes]


FORMATS: tuple[Format, ...] = (
    Format("json", "application/json", None, True, lambda t: t.timed.json),
    Format("vtt", "text/vtt", "captions", True, lambda t: t.timed.vtt),
    Format("srt", "application/x-subrip", None, True, lambda t: t.timed.srt),
    # the only honest format for transcripts without times (blog archives), so every transcript gets one
    Format("html", "text/html", None, False, lambda t: html_document(t.episode, t.language).encode("utf-8")),
)


def render_episode(episode: Episode, site: Site) -> dict[str, bytes]:
    transcript = _Transcript(episode, site.show(episode.show.id).language)
    return {file.path: file.format.render(transcript) for file in sorted(files_for(episode), key=lambda f: f.path)}
