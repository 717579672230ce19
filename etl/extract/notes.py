"""Show notes written as HTML (a feed's `content:encoded`, a markdown body rendered): the summary's plain text,
the links, and the notes as HTML with their links where they stand.

Read by real HTML parsers, never regexes. The text: block elements become paragraphs (blank lines between),
list items `- ` lines, `<br>` a line break; every link's http(s) URL is kept in `links` with its text. Script,
style and embedded content is dropped whole. The HTML: headings become bold paragraphs, relative links resolve
against the source's `site_url` (or lose their href), and what is left goes through the one allow-list
(`etl.util.html`), so nothing executable can pass through.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import NamedTuple

import lxml.html
from lxml import etree

from etl.extract.common import NO_OPTIONS, Options, absolute
from etl.model import Link
from etl.util.html import sanitise

_BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "blockquote", "pre", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "ul", "ol", "dl", "dt", "dd", "hr", "address",
}  # fmt: skip
_DROPPED = {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "head", "title"}
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
_RELATIVE = re.compile(r"^(?![a-z][a-z0-9+.-]*:|#|//)\S", re.I)  # a path, not a scheme, a fragment alone or `//host`


class Notes(NamedTuple):
    summary: str | None
    links: list[Link]
    html: str | None = None  # None: the notes were plain text
    relative: tuple[str, ...] = ()  # relative URLs no `site_url` resolved: left out


class _Reader(HTMLParser):
    def __init__(self, options: Options) -> None:
        super().__init__(convert_charrefs=True)
        self.options = options
        self.relative: list[str] = []
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
            href = (dict(attrs).get("href") or "").strip()
            self.href, self.anchor = absolute(href, self.options), []
            if self.href is None and _RELATIVE.match(href):
                self.relative.append(href)

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


def from_html(html: str, options: Options = NO_OPTIONS) -> Notes:
    """Show notes from HTML; text without any tag is read as plain text (blank lines part paragraphs)."""
    if not _TAG.search(html):
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", html)]
        return Notes("\n\n".join(p for p in paragraphs if p) or None, [])
    reader = _Reader(options)
    reader.feed(html)
    reader.close()
    return Notes(reader.summary(), reader.links, _published_html(html, options), tuple(reader.relative))


def _published_html(html: str, options: Options) -> str | None:
    """The notes as HTML that may be published: links absolute or gone, headings bold paragraphs, the rest
    through the allow-list (None when nothing is left)."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):  # nothing an HTML parser can hold: the text is all there is
        return None
    for element in root.iter(*_DROPPED):
        element.drop_tree()
    for heading in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        strong = lxml.html.Element("strong")
        strong.text, heading.text = heading.text, None
        strong.extend(list(heading))
        heading.tag = "p"
        heading.append(strong)
    for link in list(root.iter("a")):
        href = (link.get("href") or "").strip()
        url = href if href.lower().startswith("mailto:") else absolute(href, options)
        if url:
            link.set("href", url)
        else:  # a link nowhere: its words stay
            link.drop_tag()
    return sanitise(lxml.html.tostring(root, encoding="unicode")) or None
