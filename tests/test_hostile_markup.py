"""Hostile text in a source: nothing executable reaches the feed or the show notes, and the words still read."""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import feedparser

from etl.cli import main
from etl.load import shownotes

HOSTILE = """---
title: "Tom & Jerry <script>alert('t')</script> ]]> <b>bold</b>"
season: 1
episode: 9
guests: []
description: "Click <a href=\\"javascript:alert(1)\\">here</a> & <img src=x onerror=alert(2)> \
3 < 4 > 2 ]]> done"
topics: ["<script>alert(3)</script>", "R&D"]
transcript:
- header: "Intro <script>alert(4)</script>"
- line: "Hello <iframe src=//evil.example></iframe> & welcome ]]>"
  sec: 0
  time: '0:00'
  who: "Eve <svg onload=alert(5)>"
---

* [click me](javascript:alert(6))
* [safe & sound](https://example.org/?a=1&b=<2>)
"""


def build(tmp_path):
    src = tmp_path / "hostile.md"
    src.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(src), "--out", str(out), "--base-url", "https://example.org/"]) == 0
    return out


class Markup(HTMLParser):
    """Collects the markup a browser would act on: tags, attributes, link targets."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.hrefs: list[str] = []
        self.text = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            self.attributes.add(name)
            if name == "href":
                self.hrefs.append(value)

    def handle_data(self, data):
        self.text += data


def test_nothing_executable_survives_in_the_feed(tmp_path):
    out = build(tmp_path)
    raw = (out / "feed.xml").read_text(encoding="utf-8")
    item = ET.fromstring(raw).find("./channel/item")
    notes = item.findtext("description")
    encoded = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert notes == encoded
    for html in (notes, encoded):
        markup = Markup(html)
        assert markup.tags <= {"p", "ul", "li", "a", "strong", "br"}
        assert markup.attributes <= {"href"}
        assert all(h.startswith(("https://", "http://", "mailto:")) for h in markup.hrefs)
        # every hostile fragment is still there as readable text
        for fragment in (
            "<script>alert(3)</script>",
            "<img src=x onerror=alert(2)>",
            "3 < 4 > 2 ]]> done",
            "R&D",
            "Intro <script>alert(4)</script>",
        ):
            assert fragment in markup.text, fragment
    # the text still reads: escaped, not lost
    # a title is text, not HTML: XML escaping alone carries it, intact
    assert item.findtext("title") == "Tom & Jerry <script>alert('t')</script> ]]> <b>bold</b>"
    parsed = feedparser.parse(raw.encode("utf-8"))
    assert parsed.bozo == 0 and len(parsed.entries) == 1


def test_javascript_links_are_not_links(tmp_path):
    out = build(tmp_path)
    item = ET.parse(out / "feed.xml").find("./channel/item")
    notes = item.findtext("description")
    assert Markup(notes).hrefs == ["https://example.org/?a=1&b=<2>"]
    assert "click me" not in notes  # the javascript: markdown link was never a link


def test_sanitiser_is_the_last_word():
    dirty = '<p onclick="x()">a</p><a href="javascript:alert(1)">b</a><a href="mailto:a@b.c">c</a><script>d</script>'
    assert shownotes.sanitise(dirty) == '<p>a</p><a>b</a><a href="mailto:a@b.c">c</a>'
