"""Publication dates as feeds write them (RFC 2822, in its real-world spellings) to ISO 8601."""

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
