"""The site's rendering: Jinja2 templates (autoescaped) and the static assets, both kept in `etl/web/`.

Writers (`etl.load.site.episode_pages`, `etl.load.site.pages`) build plain values (`etl.load.site.views`) and
hand them to a template here; templates hold loops and conditions, never decisions.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from importlib import resources
from typing import Any

import jinja2

from etl.load.site.meta import json_ld  # the templates' one filter

ASSETS = ("site.css", "site.js", "search.js", "icon.svg")


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("etl.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a missing value is our bug: fail, never print nothing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["json_ld"] = json_ld
    return environment


def page(template: str, **context: Any) -> bytes:
    return _environment().get_template(template).render(assets=asset_urls(), **context).encode("utf-8")


def stream(template: str, **context: Any) -> Iterator[bytes]:
    """A page too long to hold whole (a show with thousands of episodes), piece by piece."""
    for piece in _environment().get_template(template).generate(assets=asset_urls(), **context):
        yield piece.encode("utf-8")


@functools.cache
def asset(name: str) -> bytes:
    return resources.files("etl.web").joinpath("static", name).read_bytes()


@functools.cache
def asset_urls() -> dict[str, str]:
    """Each asset's path with a hash of its bytes, so a browser never keeps a stale stylesheet or script."""
    return {name: f"assets/{name}?v={hashlib.sha256(asset(name)).hexdigest()[:10]}" for name in ASSETS}
