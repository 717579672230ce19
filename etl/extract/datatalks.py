"""DataTalks.Club episode pages: YAML front matter (with a `transcript` list) and a markdown body.

Every key the pages use is read (READ) or named in a note under -v. `image` is relative to the site the pages
come from: the source's `site_url` resolves it (without one it is left out, and the build says so once).
`quotableClips` (`name`, `startOffset`, `endOffset`) are the episode's clips.
"""

from __future__ import annotations

import re
from typing import Any

from etl.errors import SourceError
from etl.extract import front
from etl.extract.common import NO_OPTIONS, Options, Verdict, absolute, markdown_links, source_key, unique_links
from etl.model import Clip, Link
from etl.model.draft import ChapterDraft, EpisodeDraft, Paragraph, PersonDraft
from etl.util.timecode import out_of_order, parse_clock, parse_iso_duration

NAME = "datatalks"

_OPEN = re.compile(r"^---[ \t]*\n", re.M)
# Keys only DataTalks.Club's episode pages have (`ids` in every one, the `transcript` list in 199 of 202): a
# podcast theme's page (`frontmatter`) shares title, season, episode and guests with them, and the site's
# people pages share `short`.
_OWN = ("ids:", "transcript:", "quotableClips:")
_LINK_TITLES = {"youtube": "YouTube", "apple": "Apple Podcasts", "spotify": "Spotify", "anchor": "Anchor"}
_BR = re.compile(r"\s*<br\s*/?>\s*(?:<br\s*/?>\s*)*", re.I)
# The keys this reader takes; `short` (the episode's short title for the site's cards) and `ids` (the same video
# ids as `links`) are read on purpose as nothing: they say nothing the output lacks.
READ = {"title", "short", "season", "episode", "guests", "ids", "image", "links", "description", "intro", "topics"}
READ |= {"dateadded", "date", "duration", "transcript", "quotableClips"}


def detect(text: str) -> Verdict:
    head = text[:4000]
    if not front.OPEN.match(head) or head.startswith("+++"):
        late = _OPEN.search(head, 1)
        line = head[: late.start()].count("\n") + 1 if late else 0
        if late and line <= 3:  # a stray line above the front matter: say so, as extraction cannot skip it
            return Verdict(False, f"YAML front matter starts on line {line}; a page must start with `---`")
        return Verdict(False, "no YAML front matter (`---`) at the top")
    own = [k.rstrip(":") for k in _OWN if re.search(rf"^{k}", head, re.M)]
    if not own:  # a people page has `short`, but none of these
        keys = ", ".join(k.rstrip(":") for k in _OWN)
        return Verdict(False, f"front matter without an episode page's own keys ({keys})")
    if not front.closed(text):
        return Verdict(False, "front matter is never closed by a `---` line")
    return Verdict(True, f"YAML front matter with DataTalks.Club's {', '.join(own)}")


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


def _transcript(draft: EpisodeDraft, items: Any, page: front.Front) -> None:
    if items is None:
        return
    if not isinstance(items, list):
        raise SourceError("`transcript` must be a list", draft.path, page.line("transcript"))
    entries: list[tuple[int | None, dict[str, Any]]] = []
    lines = page.item_lines("transcript")
    for index, item in enumerate(items):
        line = lines[index] if index < len(lines) else page.line("transcript", index)
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
        draft.paragraphs.append(Paragraph.of(_text(item.get("who")), start, text, line=line))
    for title, line in pending:
        draft.warn(f"chapter {title!r} has no timed line after it; left out", line)


def _clips(draft: EpisodeDraft, items: Any, page: front.Front) -> None:
    if not isinstance(items, list):
        return
    lines = page.item_lines("quotableClips")
    for index, item in enumerate(items):
        line = lines[index] if index < len(lines) else page.line("quotableClips", index)
        start = item.get("startOffset") if isinstance(item, dict) else None
        end = item.get("endOffset") if isinstance(item, dict) else None
        numbers = [v for v in (start, end) if isinstance(v, int | float) and not isinstance(v, bool)]
        if len(numbers) < 2 or start < 0 or end <= start:  # type: ignore[operator]
            draft.warn(f"clip {item!r:.60} has no startOffset before its endOffset; left out", line)
            continue
        title = _text(item.get("name"))
        draft.clips.append(Clip(start=float(start), duration=float(end - start), title=title))  # type: ignore[operator]


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    if not text.startswith("---") and "\n---" in text[:4000]:
        raise SourceError("text before the YAML front matter; the file must start with `---`", path, 1)
    page = front.split(text, path, lift=("transcript", "quotableClips"))
    data = page.data
    draft = EpisodeDraft(
        path=path,
        format=NAME,
        key=source_key(path),
        line=1,
        season=front.whole_number(page, "season"),
        episode=front.whole_number(page, "episode"),
        summary=_summary(data),
        topics=[str(t).strip() for t in data.get("topics") or [] if str(t).strip()],
    )
    front.title(draft, page)
    dated = data.get("dateadded") or data.get("date")
    draft.published = front.published(dated)
    if dated is not None and draft.published is None:
        where = page.line("dateadded") if "dateadded" in data else page.line("date")
        draft.warn(f"date {dated!r} is not an ISO 8601 date or date-time; left unknown", where)
    if data.get("duration") is not None:
        try:
            draft.duration = float(parse_iso_duration(str(data["duration"])))
        except ValueError as exc:
            draft.warn(f"{exc}; duration left unknown", page.line("duration"))
    guests = data.get("guests") or []
    if not isinstance(guests, list):
        raise SourceError("`guests` must be a list of people ids", path, page.line("guests"))
    draft.people = [PersonDraft(id=str(g), role="guest", line=page.line("guests", i)) for i, g in enumerate(guests)]
    _transcript(draft, data.get("transcript"), page)
    _clips(draft, data.get("quotableClips"), page)
    image = _text(data.get("image"))
    if image:
        draft.image = absolute(image, options)
        if draft.image is None:
            draft.relative.append(image)
    unread = [str(k) for k in data if k not in READ]
    if unread:
        draft.note(f"not read: {', '.join(unread)}", 1)
    links = []
    if isinstance(data.get("links"), dict):
        for name, url in data["links"].items():
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                links.append(Link(url=url.strip(), title=_LINK_TITLES.get(str(name), str(name))))
    found, relative = markdown_links(page.body, options)
    links.extend(found)
    draft.relative += relative
    draft.links = unique_links(links)
    return [draft]


def _summary(data: dict[str, Any]) -> str | None:
    """The long `intro` when there is one, else the one-line `description`; `<br>` runs become paragraphs."""
    for key in ("intro", "description"):
        value = _text(data.get(key))
        if value:
            return _BR.sub("\n\n", value).strip()
    return None
