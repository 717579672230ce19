"""The rules about episodes: each item alone, then the items against each other (duplicates)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from etl.check.feedview import FeedView, ItemView
from etl.check.rules import Problem
from etl.util.dates import moment

LIMIT_BYTES = 4000
# What each directory plays: Apple's supported files (M4A, MP3, MOV, MP4, M4V), Spotify's (MP3, AAC/M4A, MP4)
PLAYS = {
    "apple": {"audio/mpeg", "audio/x-m4a", "audio/mp4", "audio/aac", "video/mp4", "video/x-m4v", "video/quicktime"},
    "spotify": {"audio/mpeg", "audio/x-m4a", "audio/mp4", "audio/aac", "video/mp4"},
}
APPLE_TRANSCRIPTS = {"text/vtt", "application/x-subrip", "application/srt"}

Say = Callable[..., None]


def check(feed: FeedView, now: dt.datetime) -> list[Problem]:
    found: list[Problem] = []

    def say(rule: str, line: int | None, message: str, only: tuple[str, ...] = ()) -> None:
        found.append(Problem(rule, feed.path, line, message, only))

    for item in feed.items:
        _alone(item, now, say)
    _duplicates(feed.items, say)
    return found


def _name(item: ItemView) -> str:
    return repr(item.title.text) if item.title else f"the item at line {item.line}"


def _alone(item: ItemView, now: dt.datetime, say: Say) -> None:
    name = _name(item)
    if item.title is None:
        say("title-missing", item.line, "an episode has no <title>")
    enclosure = item.enclosure
    if enclosure is None:
        if item.episode_type == "full":
            say("enclosure-missing", item.line, f"episode {name} has no enclosure (its audio)")
    else:
        line = item.enclosure_line
        kind = enclosure["type"]
        refusing = tuple(d for d, types in PLAYS.items() if kind not in types)
        if refusing:
            say("enclosure-type", line, f"episode {name}: enclosure type {kind!r} is not one it plays", refusing)
        if not enclosure["length"].isdigit() or int(enclosure["length"]) == 0:
            size = enclosure["length"]
            say("enclosure-length", line, f"episode {name}: enclosure length {size!r} is not a size in bytes above 0")
        if enclosure["url"].startswith("http://"):
            say("https", line, f"episode {name}: enclosure {enclosure['url']!r} is not https")
    if item.image is not None and item.image.text.startswith("http://"):
        say("https", item.image.line, f"episode {name}: artwork {item.image.text!r} is not https")
    if item.episode is not None and item.title and _repeats_number(item.title.text, item.episode):
        say(
            "title-number",
            item.title.line,
            f"title {item.title.text!r} repeats episode number {item.episode}, which Apple shows beside it "
            "(set `short_title` for itunes:title)",
        )
    if item.notes_bytes > LIMIT_BYTES:
        say("notes-long", item.line, f"episode {name}: notes are {item.notes_bytes:,} bytes (at most 4,000)")
    if item.published and moment(item.published) > now:  # type: ignore[operator]
        say("scheduled", item.line, f"episode {name} is dated {item.published}: scheduled, shown from then")
    if item.transcripts and not any(t.text in APPLE_TRANSCRIPTS for t in item.transcripts):
        kinds = ", ".join(sorted({t.text for t in item.transcripts}))
        say(
            "transcript-format",
            item.transcripts[0].line,
            f"episode {name}: transcripts only as {kinds}, not VTT or SRT",
        )


def _repeats_number(title: str, number: int) -> bool:
    n = rf"0*{number}(?!\d)"
    return bool(re.search(rf"(?i)(?:\b(?:episode|ep)\.?\s*|#|\bE|\bS\d+E){n}|^{n}\s*[.:\-–|]", title))


def _duplicates(items: list[ItemView], say: Say) -> None:
    def repeated(rule: str, keyed: Iterable[tuple[object, ItemView, int]], what: Callable[[object], str]) -> None:
        first: dict[object, ItemView] = {}
        for key, item, line in keyed:
            if key in first:
                say(rule, line, f"episode {_name(item)} {what(key)} as {_name(first[key])} (line {first[key].line})")
            else:
                first[key] = item

    repeated("guid-duplicate", ((i.guid.text, i, i.guid.line) for i in items if i.guid), lambda k: "has the same guid")
    repeated(
        "enclosure-duplicate",
        ((i.enclosure["url"], i, i.enclosure_line) for i in items if i.enclosure),
        lambda k: "has the same enclosure URL",
    )
    repeated(
        "title-duplicate",
        ((i.title.text.casefold(), i, i.title.line) for i in items if i.title),
        lambda k: "has the same title",
    )
    repeated(
        "number-repeated",
        (((i.season, i.episode), i, i.line) for i in items if i.episode is not None),
        lambda k: f"has the same season and episode number ({k[0] or 'no season'}, {k[1]})",  # type: ignore[index]
    )
