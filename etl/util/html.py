"""HTML that may be published: show notes through one allow-list, so no markup from a source (a `<script>`, an
`onerror=`, a `javascript:` link) can survive into a feed, a page or the JSON."""

from __future__ import annotations

import functools
import re
from typing import Any

# What podcast apps render in show notes, and nothing else
TAGS = {"p", "ul", "ol", "li", "a", "br", "strong", "em"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
_HREF = re.compile(r'<a href="([^"]*)"')


@functools.cache
def _cleaner() -> tuple[Any, dict[str, str]]:
    """nh3, imported on first use (a build that finds nothing changed never loads it), and whether it can drop
    relative hrefs (nh3 0.3 can; a link in a feed or the JSON must be absolute)."""
    import nh3

    try:
        nh3.clean("", url_relative="deny")
    except TypeError:
        return nh3, {}
    return nh3, {"url_relative": "deny"}


def sanitise(fragment: str) -> str:
    """`fragment` with only TAGS, `href` on links, and absolute http(s)/mailto URLs; the rest's text kept, escaped.
    Readers resolve relative links (a source's `site_url`) before they come here."""
    nh3, relative = _cleaner()
    return nh3.clean(
        fragment, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None, **relative
    ).strip()


def hrefs(sanitised: str) -> set[str]:
    """The URLs a sanitised fragment links (nh3 writes every attribute double-quoted, `&` as `&amp;`)."""
    return {href.replace("&amp;", "&") for href in _HREF.findall(sanitised)}
