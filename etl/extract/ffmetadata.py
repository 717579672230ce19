"""FFmpeg's metadata files: what `ffmpeg -i episode.mp3 -f ffmetadata chapters.txt` writes, and what many
chaptering scripts emit for `ffmpeg -i chapters.txt -map_metadata 1` to put back into the audio.

```
;FFMETADATA1
title=Streaming for small teams
[CHAPTER]
TIMEBASE=1/1000
START=0
END=40000
title=Welcome
```
A chapters file: each `[CHAPTER]` section's START in TIMEBASE units (the spec's default is 1/1000000000 s when
a section gives none) and its `title`; END is the next chapter's start. Keys are case-insensitive, `\\`
escapes `=`, `;`, `#`, `\\` and a line break, and lines starting with `;` or `#` are comments. The global
section's `title` is not the episode's title here: the file completes another source's episode.
"""

from __future__ import annotations

import re
from fractions import Fraction

from etl.errors import SourceError
from etl.extract.common import NO_OPTIONS, Options, Verdict, numbers_in_name, source_key
from etl.model.draft import ChapterDraft, EpisodeDraft

NAME = "ffmetadata"
HEADER = ";FFMETADATA1"
_SECTION = re.compile(r"^\[(?P<name>[A-Za-z]+)\]\s*$")
_TIMEBASE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
DEFAULT_TIMEBASE = Fraction(1, 1_000_000_000)  # FFmpeg's, when a chapter names none


def detect(text: str) -> Verdict:
    if text.lstrip("\ufeff").startswith(HEADER):
        return Verdict(True, f"a `{HEADER}` header")
    return Verdict(False, f"no `{HEADER}` header")


def _lines(text: str) -> list[tuple[int, str]]:
    """Logical lines with their first line number: a backslash before a line break continues the line."""
    found: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if pending is not None:
            number, line = pending[0], pending[1] + "\n" + line
            pending = None
        if line.endswith("\\") and not line.endswith("\\\\"):
            pending = (number, line[:-1])
            continue
        found.append((number, line))
    if pending is not None:
        found.append(pending)
    return found


def _split(line: str) -> tuple[str, str] | None:
    """`key=value`, with `\\` escaping the next character in either."""
    key, value, escaped, seen = [], [], False, False
    for char in line:
        if escaped:
            (value if seen else key).append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "=" and not seen:
            seen = True
        else:
            (value if seen else key).append(char)
    return ("".join(key).strip().lower(), "".join(value)) if seen else None


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    season, episode = numbers_in_name(path)
    draft = EpisodeDraft(
        path=path, format=NAME, key=source_key(path), kind="chapters", line=1, season=season, episode=episode
    )
    chapters: list[tuple[int, dict[str, str]]] = []
    section: dict[str, str] | None = None
    for number, raw in _lines(text.lstrip("\ufeff"))[1:]:
        line = raw.strip()
        if not line or line[0] in ";#":
            continue
        named = _SECTION.match(line)
        if named:
            section = {} if named.group("name").upper() == "CHAPTER" else None
            if section is not None:
                chapters.append((number, section))
            continue
        pair = _split(raw)
        if pair is None:
            draft.warn(f"not a `key=value` line; skipped: {line[:60]!r}", number)
        elif section is not None:
            section[pair[0]] = pair[1]
    for number, found in chapters:
        base = _TIMEBASE.match(found.get("timebase", ""))
        scale = Fraction(int(base.group(1)), int(base.group(2))) if base and int(base.group(2)) else DEFAULT_TIMEBASE
        title = " ".join(found.get("title", "").split())
        start = found.get("start", "").strip()
        if not start.lstrip("-").isdigit() or int(start) < 0:
            draft.warn(f"chapter has no START in TIMEBASE units; left out (START={start!r})", number)
            continue
        if not title:
            draft.warn(f"chapter at START={start} has no title; left out", number)
            continue
        seconds = float(int(start) * scale)
        draft.chapters.append(ChapterDraft(start=round(seconds, 3), title=title, line=number))
    if not draft.chapters:
        raise SourceError("no [CHAPTER] with a START and a title", path, 1)
    return [draft]
