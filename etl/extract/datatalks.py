"""DataTalks.Club episode pages: YAML front matter (with a `transcript` list) and a markdown body."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from etl import yamlsafe
from etl.draft import ChapterDraft, EpisodeDraft, Paragraph, PersonDraft
from etl.errors import SourceError
from etl.extract.common import Verdict, markdown_links, source_key, unique_links
from etl.model import Link
from etl.timecode import out_of_order, parse_clock, parse_iso_duration

NAME = "datatalks"

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
_KEYS = ("title:", "season:", "episode:", "guests:", "transcript:")
_LINK_TITLES = {"youtube": "YouTube", "apple": "Apple Podcasts", "spotify": "Spotify", "anchor": "Anchor"}
_BR = re.compile(r"\s*<br\s*/?>\s*(?:<br\s*/?>\s*)*", re.I)


def detect(text: str) -> Verdict:
    head = text[:4000]
    start = head.find("---\n")
    if start < 0 or head[:start].count("\n") > 2:
        return Verdict(False, "no YAML front matter (`---`) at the top")
    keys = [k for k in _KEYS if re.search(rf"^{k}", head, re.M)]
    if len(keys) < 2:
        return Verdict(False, f"front matter lacks DataTalks keys ({', '.join(_KEYS)})")
    return Verdict(True, f"YAML front matter with {', '.join(k.rstrip(':') for k in keys)}")


def _published(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            return dt.date.fromisoformat(text[:10]).isoformat() if len(text) <= 10 else text
        except ValueError:
            return None
    return None


def _int_field(data: dict[str, Any], key: str, path: str, line: int | None) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise SourceError(f"`{key}` must be a whole number, not {value!r}", path, line)
    return value


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def _seconds(item: dict[str, Any]) -> float | None:
    sec = item.get("sec")
    if isinstance(sec, int | float) and not isinstance(sec, bool):
        return float(sec)
    time = item.get("time")
    if isinstance(time, str):
        try:
            return float(parse_clock(time))
        except ValueError:
            return None
    return None


def _transcript(draft: EpisodeDraft, items: Any, node: Any) -> None:
    if items is None:
        return
    if not isinstance(items, list):
        raise SourceError("`transcript` must be a list", draft.path, yamlsafe.line_of(node, 2, "transcript"))
    entries: list[tuple[int | None, dict[str, Any]]] = []
    for index, item in enumerate(items):
        line = yamlsafe.line_of(node, 2, "transcript", index)
        if isinstance(item, dict):
            entries.append((line, item))
        else:
            draft.warn(f"transcript item is not a mapping: {item!r}", line)
    times = [None if "header" in item else _seconds(item) for _, item in entries]
    for index in sorted(out_of_order(times)):
        line, item = entries[index]
        draft.warn(f"time {item.get('time', times[index])} is out of order with its neighbours; left out", line)
        times[index] = None
    pending: list[tuple[str, int | None]] = []  # headers wait for the next timed line
    for (line, item), start in zip(entries, times, strict=True):
        if "header" in item:
            pending.append((_text(item["header"]) or "Untitled chapter", line))
            continue
        text = _text(item.get("line"))
        if text is None:
            continue
        if start is not None:
            draft.chapters.extend(ChapterDraft(start=start, title=t, line=hl) for t, hl in pending)
            pending.clear()
        draft.paragraphs.append(Paragraph(speaker=_text(item.get("who")), start=start, text=text, line=line))
    for title, line in pending:
        draft.warn(f"chapter {title!r} has no timed line after it; left out", line)


def extract(text: str, path: str) -> list[EpisodeDraft]:
    match = _FRONT.match(text)
    if not match:
        if "\n---" in text[:4000]:
            raise SourceError("text before the YAML front matter; the file must start with `---`", path, 1)
        raise SourceError("no YAML front matter: the file must start with `---`", path, 1)
    data, node = yamlsafe.load(match.group(1) or "", path, first_line=2)
    if not isinstance(data, dict):
        raise SourceError("front matter must be a YAML mapping", path, 2)

    def at(*keys: str | int) -> int | None:
        return yamlsafe.line_of(node, 2, *keys)

    title = data.get("title")
    if title is not None and not isinstance(title, str):
        raise SourceError(f"`title` must be text, not {title!r}", path, at("title"))
    draft = EpisodeDraft(
        path=path,
        format=NAME,
        key=source_key(path),
        line=1,
        title=_text(title),
        season=_int_field(data, "season", path, at("season")),
        episode=_int_field(data, "episode", path, at("episode")),
        published=_published(data.get("dateadded") or data.get("date")),
        summary=_summary(data),
        topics=[str(t).strip() for t in data.get("topics") or [] if str(t).strip()],
    )
    if data.get("duration") is not None:
        try:
            draft.duration = float(parse_iso_duration(str(data["duration"])))
        except ValueError as exc:
            draft.warn(f"{exc}; duration left unknown", at("duration"))
    guests = data.get("guests") or []
    if not isinstance(guests, list):
        raise SourceError("`guests` must be a list of people ids", path, at("guests"))
    draft.people = [PersonDraft(id=str(g), role="guest", line=at("guests", i)) for i, g in enumerate(guests)]
    _transcript(draft, data.get("transcript"), node)

    links = []
    if isinstance(data.get("links"), dict):
        for name, url in data["links"].items():
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                links.append(Link(url=url.strip(), title=_LINK_TITLES.get(str(name), str(name))))
    links.extend(markdown_links(text[match.end() :]))
    draft.links = unique_links(links)
    return [draft]


def _summary(data: dict[str, Any]) -> str | None:
    """The long `intro` when there is one, else the one-line `description`; `<br>` runs become paragraphs."""
    for key in ("intro", "description"):
        value = _text(data.get(key))
        if value:
            return _BR.sub("\n\n", value).strip()
    return None
