"""Clock times (M:SS, H:MM:SS, with optional fractions) and ISO 8601 durations, to and from seconds."""

from __future__ import annotations

import bisect
import functools
import re

Seconds = int | float

_CLOCK_RE = re.compile(r"^(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$")
_ISO_RE = re.compile(
    r"^P(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)


def whole(value: float) -> Seconds:
    """Whole numbers as int so JSON shows `734`, not `734.0`."""
    return int(value) if float(value).is_integer() else round(float(value), 3)


@functools.lru_cache(maxsize=4096)  # a subtitle file gives each time twice: one cue's end, the next one's start
def parse_clock(text: str) -> Seconds:
    """`M:SS`, `MM:SS`, `H:MM:SS` or `HH:MM:SS[.mmm]` to seconds; ValueError otherwise."""
    match = _CLOCK_RE.match(text.strip())
    if not match:
        raise ValueError(f"not a clock time: {text.strip()!r}")
    hours, minutes, secs, fraction = match.groups()
    if (hours is not None and int(minutes) >= 60) or int(secs) >= 60:
        raise ValueError(f"minutes and seconds must be below 60: {text.strip()!r}")
    total = (int(hours or 0) * 60 + int(minutes)) * 60 + int(secs)
    return whole(total + float(f"0.{fraction}")) if fraction else total


_LENIENT_RE = re.compile(r"^(?:(?:(\d+):)?(\d{1,2}):)?(\d{1,2}|\d+(?=[.,]|$))(?:[.,](\d+))?$")


def parse_time(text: str) -> Seconds:
    """A time as transcript files write it when they stray from their spec: `H:MM:SS.mmm` with any number of hour
    digits and fraction digits, `M:SS.mmm` (no hours), or bare seconds (`2.500`, `75`); `.` or `,` before the
    fraction. ValueError for anything else, or minutes and seconds of 60 or more after a colon."""
    match = _LENIENT_RE.match(text.strip())
    if not match:
        raise ValueError(f"not a time: {text.strip()!r}")
    hours, minutes, secs, fraction = match.groups()
    if (minutes is not None and int(secs) >= 60) or (hours is not None and int(minutes) >= 60):
        raise ValueError(f"minutes and seconds must be below 60: {text.strip()!r}")
    total = (int(hours or 0) * 60 + int(minutes or 0)) * 60 + int(secs)
    return whole(total + float(f"0.{fraction}")) if fraction else total


def parse_iso_duration(text: str) -> Seconds:
    """ISO 8601 durations as podcasts write them (`PT01H35S`, `PT58M44S`, `P0DT1H`) to seconds."""
    match = _ISO_RE.match(text.strip())
    if not match or text.strip() in ("P", "PT") or text.strip().endswith("T"):
        raise ValueError(f"not an ISO 8601 duration: {text!r}")
    d, h, m, s = (float(match.group(k) or 0) for k in "dhms")
    return whole(((d * 24 + h) * 60 + m) * 60 + s)


def format_clock(seconds: float, *, always_hours: bool = False) -> str:
    """Seconds to `M:SS` or `H:MM:SS` (whole seconds), as show notes print them."""
    total = int(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    if h or always_hours:
        return f"{h}:{m:02d}:{s:02d}"
    return f"{m}:{s:02d}"


def format_timestamp(seconds: float, sep: str = ".") -> str:
    """Seconds to `HH:MM:SS.mmm` (WebVTT) or `HH:MM:SS,mmm` (SRT)."""
    return format_millis(round(seconds * 1000), sep)


# `MM:SS` of each second of an hour, `HH:` of each hour of 100 and `.mmm` of each millisecond: a transcript formats a
# time per cue, and joining looked-up pieces is half the cost of formatting each field each time
_MINUTE_SECOND = tuple(f"{m:02d}:{s:02d}" for m in range(60) for s in range(60))
_HOURS = tuple(f"{h:02d}:" for h in range(100))
_MILLIS = tuple(f".{ms:03d}" for ms in range(1000))


def format_millis(millis: int, sep: str = ".") -> str:
    """Whole milliseconds to `HH:MM:SS.mmm` (WebVTT) or `HH:MM:SS,mmm` (SRT)."""
    seconds, ms = divmod(millis, 1000)
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{_MINUTE_SECOND[rest]}{sep}{ms:03d}"


def millis_stamps(millis: int) -> tuple[str, str]:
    """`format_millis` of a time and its seconds as JSON writes them (`whole`: `734` for 734000, `1.5` for 1500),
    in one call: a transcript's timed files make one a cue."""
    seconds, ms = divmod(millis, 1000)
    hours, rest = divmod(seconds, 3600)
    clock = (_HOURS[hours] if hours < 100 else f"{hours:02d}:") + _MINUTE_SECOND[rest] + _MILLIS[ms]
    return clock, repr(millis / 1000) if ms else str(seconds)


def out_of_order(times: list[float | None]) -> set[int]:
    """Indexes of the fewest times to drop so the rest never go backwards.

    The kept times are a longest non-decreasing subsequence (patience sorting,
    O(n log n)); a single mistyped spike costs one time, not every line after it.
    """
    tails: list[float] = []  # smallest tail value of a kept run of each length
    tail_at: list[int] = []  # index of that tail
    parent: dict[int, int | None] = {}
    for i, t in enumerate(times):
        if t is None:
            continue
        pos = bisect.bisect_right(tails, t)
        parent[i] = tail_at[pos - 1] if pos else None
        if pos == len(tails):
            tails.append(t)
            tail_at.append(i)
        else:
            tails[pos] = t
            tail_at[pos] = i
    keep: set[int] = set()
    node = tail_at[-1] if tail_at else None
    while node is not None:
        keep.add(node)
        node = parent[node]
    return {i for i, t in enumerate(times) if t is not None and i not in keep}
