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
_OPEN = re.compile(r"^---[ \t]*\n", re.M)
_CLOSE = re.compile(r"^---[ \t]*$", re.M)
_KEYS = ("title:", "season:", "episode:", "guests:", "transcript:")
LONG_TITLE = 200  # characters: longer is a description pasted into `title`
_LINK_TITLES = {"youtube": "YouTube", "apple": "Apple Podcasts", "spotify": "Spotify", "anchor": "Anchor"}
_BR = re.compile(r"\s*<br\s*/?>\s*(?:<br\s*/?>\s*)*", re.I)


def detect(text: str) -> Verdict:
    head = text[:4000]
    if not _OPEN.match(head):
        late = _OPEN.search(head, 1)
        line = head[: late.start()].count("\n") + 1 if late else 0
        if late and line <= 3:  # a stray line above the front matter: say so, as extraction cannot skip it
            return Verdict(False, f"YAML front matter starts on line {line}; a page must start with `---`")
        return Verdict(False, "no YAML front matter (`---`) at the top")
    keys = [k for k in _KEYS if re.search(rf"^{k}", head, re.M)]
    if len(keys) < 2:
        return Verdict(False, f"front matter lacks DataTalks keys ({', '.join(_KEYS)})")
    if not _closed(text):
        return Verdict(False, "front matter is never closed by a `---` line")
    return Verdict(True, f"YAML front matter with {', '.join(k.rstrip(':') for k in keys)}")


def _closed(text: str) -> bool:
    """A `---` line below the opening one. Looked for from the end first: the front matter holds the
    transcript, so its closing line sits just above a short body, tens of kilobytes down."""
    last = text.rfind("\n---")
    if last > 3 and _CLOSE.match(text, last + 1):
        return True
    return _CLOSE.search(text, 4) is not None


def _published(value: Any) -> str | None:
    """ISO 8601 from a YAML date or date-time, or from text in either form (None when it is neither)."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            if len(text) <= 10:
                return dt.date.fromisoformat(text).isoformat()
            return dt.datetime.fromisoformat(text).isoformat()
        except ValueError:
            return None
    return None


def _int_field(data: dict[str, Any], key: str, path: str, line: int | None) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SourceError(f"`{key}` must be a whole number of 0 or more, not {value!r}", path, line)
    return value


def _title(draft: EpisodeDraft, value: Any, line: int | None) -> None:
    """One line, white space folded: a title pasted with newlines (or a whole description) still publishes as
    a title, with a warning that says how to give a better one."""
    text = _text(value)
    if text is None:
        return
    draft.title = " ".join(text.split())
    if "\n" in text or len(draft.title) > LONG_TITLE:
        lines = text.count("\n") + 1
        shape = f"{lines} lines, " if lines > 1 else ""
        draft.warn(
            f"title is {shape}{len(draft.title)} characters; published as one line "
            "(set `override.title` in etl.yaml for a shorter one)",
            line,
        )


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
        season=_int_field(data, "season", path, at("season")),
        episode=_int_field(data, "episode", path, at("episode")),
        summary=_summary(data),
        topics=[str(t).strip() for t in data.get("topics") or [] if str(t).strip()],
    )
    _title(draft, title, at("title"))
    dated = data.get("dateadded") or data.get("date")
    draft.published = _published(dated)
    if dated is not None and draft.published is None:
        draft.warn(f"date {dated!r} is not an ISO 8601 date or date-time; left unknown", at("dateadded") or at("date"))
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
