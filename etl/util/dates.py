"""Publication dates as feeds and people write them, to ISO 8601: one parser for every reader, never the machine's
locale (month names are ours)."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

_MONTHS = {
    month: month[:3]
    for month in ("january february march april may june july august september october november december".split())
}
_FULL_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b", re.I)
_COLON_OFFSET = re.compile(r"([+-]\d{2}):(\d{2})\s*$")
_MONTH_NUMBER = {name[:3]: n for n, name in enumerate(_MONTHS, start=1)}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_WRITTEN = (
    re.compile(rf"^{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+(?P<year>\d{{4}})$", re.I),  # March 3, 2022
    re.compile(rf"^{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+(?P<year>\d{{4}})$", re.I),  # 3 Mar 2022
)
_SLASHED = re.compile(r"^(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})$")  # 2022/03/03: never day-first


def moment(published: str | None) -> dt.datetime | None:
    """A model's `published` (ISO date or date-time) as an aware date-time: a date is its midnight UTC, a
    date-time without an offset is read as UTC; None stays None."""
    if published is None:
        return None
    if "T" not in published:
        return dt.datetime.combine(dt.date.fromisoformat(published), dt.time(), tzinfo=dt.UTC)
    value = dt.datetime.fromisoformat(published)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def parse_date(text: str) -> str | None:
    """A date or date-time as a page or feed gives it, as ISO 8601 (None when it is none of these): ISO 8601
    (`2022-03-03`, `2019-04-02 18:30:00`, with or without a zone: a naive one stays naive, for the show's time
    zone to place), `2022/03/03`, `March 3, 2022`, `3 Mar 2022` (a weekday before either is fine), RFC 2822.
    Day-first and month-first numbers (`03/04/2022`) are refused: nothing tells them apart."""
    value = " ".join(text.split())
    if not value:
        return None
    iso = _iso(value)
    if iso is not None:
        return iso.date().isoformat() if len(value) <= 10 else iso.isoformat()
    slashed = _SLASHED.match(value)
    written = slashed or next((m for pattern in _WRITTEN if (m := pattern.match(value))), None)
    if written:
        month = written.group("month")
        number = int(month) if month.isdigit() else _MONTH_NUMBER.get(month[:3].lower())
        try:
            return dt.date(int(written.group("year")), number or 0, int(written.group("day"))).isoformat()
        except ValueError:
            return None
    return rfc2822(value)


def rfc2822(text: str) -> str | None:
    """`Tue, 04 May 2021 10:00:00 +0000` and its variants (no weekday or a full one, no seconds, `GMT`/`EST`
    zones, full month names, `+00:00` offsets, or ISO 8601 in its place) to ISO 8601; None when it is none of
    these. Midnight UTC is a date (how dates are written into feeds), so a date read back stays a date."""
    value = " ".join(text.split())
    if not value:
        return None
    moment = _email(value) or _iso(value)
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)  # a zone nobody knows (`CET` is not RFC 2822): read as UTC
    if moment.utcoffset() == dt.timedelta(0) and moment.time() == dt.time():
        return moment.date().isoformat()
    return moment.isoformat()


def _email(value: str) -> dt.datetime | None:
    value = _FULL_MONTH.sub(lambda m: _MONTHS[m.group(1).lower()], value)
    value = _COLON_OFFSET.sub(r"\1\2", value)
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def _iso(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None
