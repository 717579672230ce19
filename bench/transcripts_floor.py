"""The transcript path's floor: the least any Python program does that writes what etl writes of a transcript file.

    python bench/transcripts_floor.py SRC OUT

Each SRT or WebVTT file in SRC is read, its cues parsed (times, `<v Name>` voices, `Name:` labels), its text cut
at 65 characters on word ends with each piece's share of the time, and five files written, each through a temp
file moved into place: the episode's JSON (its turns), Podcasting 2.0 JSON segments, WebVTT, SRT and HTML. What it
leaves out, and etl does not: validation, warnings, sound tags and entities, paragraphs by sentence and chapter,
people, the feed, the index, the cache. Not a reader anyone should use: it shows how far from the peer
(`transcript2json`, one JSON file a source) the five files alone put a pure-Python program (docs/benchmark.md).
"""

from __future__ import annotations

import functools
import html
import os
import re
import sys
from pathlib import Path

import orjson

TIME = re.compile(r"(\d+):(\d\d):(\d\d)[.,](\d{3}) --> (\d+):(\d\d):(\d\d)[.,](\d{3})")
VOICE = re.compile(r"<v ([^>]+)>")
LABEL = re.compile(r"([A-Z][\w .'-]{0,40}): ")
LINE = re.compile(r"\S.{0,63}\S(?= |$)|\S+")


def cues(text: str) -> list[tuple[str | None, int, int, str]]:
    out = []
    for block in text.split("\n\n"):
        found = TIME.search(block)
        if not found:
            continue
        h, m, s, ms, h2, m2, s2, ms2 = map(int, found.groups())
        said = " ".join(block[found.end() :].split())
        voice = VOICE.match(said) or LABEL.match(said)
        speaker = voice[1] if voice else None
        out.append((speaker, ((h * 60 + m) * 60 + s) * 1000 + ms, ((h2 * 60 + m2) * 60 + s2) * 1000 + ms2, said))
        if voice:
            out[-1] = (speaker, out[-1][1], out[-1][2], said[voice.end() :])
    return out


@functools.cache
def stamp(ms: int, sep: str = ".") -> str:
    s, ms = divmod(ms, 1000)
    h, s = divmod(s, 3600)
    return f"{h:02d}:{s // 60:02d}:{s % 60:02d}{sep}{ms:03d}"


def escaped(text: str) -> str:
    return html.escape(text, quote=False) if "&" in text or "<" in text or ">" in text else text


def write(path: Path, data: str) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(data, encoding="utf-8")
    os.replace(temp, path)


def convert(source: Path, out: Path) -> None:
    turns = cues(source.read_text(encoding="utf-8"))
    pieces = []
    for speaker, start, end, text in turns:
        lines = LINE.findall(text) if len(text) > 65 else [text]
        per_char = (end - start) / max(1, sum(map(len, lines)))
        at = start
        for line in lines:
            until = int(at + per_char * len(line) + 0.5)
            pieces.append((speaker, at, until, line))
            at = until
    stem = source.stem
    said = [{"speaker": s, "start": a / 1000, "text": t} for s, a, _, t in turns]
    episode = {"id": stem, "title": stem, "turns": said}
    write(out / f"{stem}.json", orjson.dumps(episode, option=orjson.OPT_INDENT_2).decode())
    segments = [{"speaker": s, "startTime": a / 1000, "endTime": b / 1000, "body": t} for s, a, b, t in pieces]
    write(out / f"{stem}.segments.json", orjson.dumps({"version": "1.0.0", "segments": segments}).decode())
    vtt = [f"{stamp(a)} --> {stamp(b)}\n<v {s}>{escaped(t)}" for s, a, b, t in pieces]
    write(out / f"{stem}.vtt", "WEBVTT\n\n" + "\n\n".join(vtt) + "\n")
    srt = [f"{n}\n{stamp(a, ',')} --> {stamp(b, ',')}\n{s}: {t}" for n, (s, a, b, t) in enumerate(pieces, 1)]
    write(out / f"{stem}.srt", "\n\n".join(srt) + "\n")
    body = "\n".join(f"<p><cite>{escaped(s or '')}</cite> {escaped(t)}</p>" for s, _, _, t in turns)
    write(out / f"{stem}.html", f"<!DOCTYPE html>\n<html><body>\n{body}\n</body></html>\n")


if __name__ == "__main__":
    src, dest = Path(sys.argv[1]), Path(sys.argv[2])
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(src.iterdir()):
        convert(path, dest)
