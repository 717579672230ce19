"""Reading a feed's elements: the namespaces podcast feeds use, and small lookups that say where they found a
value (every warning names its line)."""

from __future__ import annotations

from lxml import etree

from etl.model import HTTP_URL

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
# the namespace's URI, and the docs URI the spec makes clients accept too (this project declares that one)
PODCAST = (
    "https://podcastindex.org/namespace/1.0",
    "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
)
CONTENT = "http://purl.org/rss/1.0/modules/content/"
ATOM = "http://www.w3.org/2005/Atom"


def q(namespace: str, tag: str) -> str:
    return f"{{{namespace}}}{tag}"


def find(element: etree._Element, *tags: str) -> etree._Element | None:
    for tag in tags:
        found = element.find(tag)
        if found is not None:
            return found
    return None


def line_of(element: etree._Element, *tags: str) -> int:
    """The line of the first of `tags` found in `element`, else the element's own: where a warning points."""
    found = find(element, *tags)
    return (found if found is not None else element).sourceline


def text_of(element: etree._Element, *tags: str) -> str | None:
    found = find(element, *tags)
    value = " ".join((found.text or "").split()) if found is not None else ""
    return value or None


def podcast(tag: str) -> tuple[str, ...]:
    return tuple(q(ns, tag) for ns in PODCAST)


def http_url(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if HTTP_URL.match(value) else None


def raw(element: etree._Element, *tags: str) -> str | None:
    """An element's text as written (HTML show notes keep their markup), from the first of `tags` found."""
    found = find(element, *tags)
    return found.text if found is not None and found.text and found.text.strip() else None
