"""Show notes written as HTML (a feed's `content:encoded`, a markdown body rendered) to the summary's plain text.

Read by a real HTML parser (the standard library's), never regexes: block elements become paragraphs (blank
lines between), list items `- ` lines, `<br>` a line break; every link's http(s) URL is kept in `links` with
its text. Script, style and embedded content is dropped whole, and no markup survives (the summary is text,
escaped again whenever it is published), so nothing executable can pass through.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import NamedTuple

from etl.model import HTTP_URL, Link

_BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "blockquote", "pre", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "ul", "ol", "dl", "dt", "dd", "hr", "address",
}  # fmt: skip
_DROPPED = {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "head", "title"}
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")


class Notes(NamedTuple):
    summary: str | None
    links: list[Link]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]  # paragraphs of lines
        self.links: list[Link] = []
        self.dropped = 0  # depth inside dropped elements
        self.items = 0  # depth inside list items: a list item is one line, whatever its markup
        self.href: str | None = None
        self.anchor: list[str] = []

    def _break(self) -> None:
        if any(line.strip() for line in self.blocks[-1]):
            self.blocks.append([])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self.dropped += 1
        elif tag == "li":
            self.blocks[-1].append("- ")
            self.items += 1
        elif tag in _BLOCKS or tag == "br":
            if self.items:
                self.handle_data(" ")
            elif tag == "br":
                self.blocks[-1].append("")
            else:
                self._break()
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.href, self.anchor = (href.strip() if HTTP_URL.match(href.strip()) else None), []

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropped = max(0, self.dropped - 1)
        elif tag == "li":
            self.items = max(0, self.items - 1)
        elif tag in _BLOCKS and not self.items:
            self._break()
        elif tag == "a" and self.href:
            self.links.append(Link(url=self.href, title=" ".join(" ".join(self.anchor).split()) or None))
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.dropped:
            return
        if self.href is not None:
            self.anchor.append(data)
        lines = self.blocks[-1]
        if not lines:
            lines.append("")
        lines[-1] += data

    def summary(self) -> str | None:
        paragraphs = []
        for block in self.blocks:
            lines = [" ".join(line.split()) for line in block]
            lines = [line for line in lines if line and line != "-"]
            if lines:
                paragraphs.append("\n".join(lines))
        return "\n\n".join(paragraphs) or None


def from_html(html: str) -> Notes:
    """Show notes from HTML; text without any tag is read as plain text (blank lines part paragraphs)."""
    if not _TAG.search(html):
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", html)]
        return Notes("\n\n".join(p for p in paragraphs if p) or None, [])
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return Notes(reader.summary(), reader.links)
