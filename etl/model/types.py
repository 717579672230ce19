"""The model's value types: text, times in seconds, slugs, http(s) URLs and publication dates, each with the
JSON Schema it publishes as."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, WithJsonSchema

from etl.util.html import sanitise
from etl.util.text import scrub
from etl.util.timecode import whole


def _carryable(value: Any) -> Any:
    """Decision: the model drops what XML 1.0 cannot carry (a stray control byte, a lone surrogate), so every
    writer can publish whatever the model holds; readers warn where a source had them (etl.pipeline.sources)."""
    return scrub(value)[0] if isinstance(value, str) else value


# Every string of the model: any Unicode but what XML cannot carry (UNCARRYABLE in etl.util.text), dropped.
Text = Annotated[str, BeforeValidator(_carryable)]


def _safe_html(value: Any) -> Any:
    return sanitise(scrub(value)[0]) if isinstance(value, str) else value


# HTML as the model holds it: through one allow-list (etl.util.html), whoever made it; every writer may place it as is.
SafeHtml = Annotated[str, BeforeValidator(_safe_html)]

Seconds = Annotated[
    float,
    Field(ge=0, allow_inf_nan=False),
    PlainSerializer(whole, return_type=Any),
    WithJsonSchema({"type": "number", "minimum": 0}),
]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# no white space and no control character anywhere: an IRI (RFC 3987) may hold any other character
HTTP_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f/?#]+[^\s\x00-\x1f\x7f]*$", re.IGNORECASE)


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"{value!r} is not a slug ([a-z0-9][a-z0-9-]*)")
    return value


def _http_url(value: str) -> str:
    if not HTTP_URL.match(value):
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


def _iso_date_or_datetime(value: str) -> str:
    try:
        if "T" in value:
            dt.datetime.fromisoformat(value)
        else:
            dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date or date-time") from None
    return value


Slug = Annotated[str, AfterValidator(_slug), WithJsonSchema({"type": "string", "pattern": _SLUG.pattern})]
HttpUrl = Annotated[
    str,
    BeforeValidator(_carryable),
    AfterValidator(_http_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]


def _from_date(value: Any) -> Any:
    # YAML reads `2021-05-04` as a date: accept it as its ISO text
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


Published = Annotated[
    str,
    BeforeValidator(_from_date),
    AfterValidator(_iso_date_or_datetime),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}),
]
