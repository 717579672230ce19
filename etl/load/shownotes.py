"""Show notes: one HTML fragment per episode, for the feed's description and content:encoded.

All source text is data: every piece is escaped as it is placed, and the finished fragment
goes through nh3 with only the tags podcast apps render, so no markup from a source (a
`<script>`, an `onerror=`, a `javascript:` link) can survive.
"""

from __future__ import annotations

from html import escape

from etl.model import Episode, Link
from etl.util.html import hrefs, sanitise
from etl.util.timecode import format_clock


def _a(url: str, text: str) -> str:
    return f'<a href="{escape(url, quote=True)}">{escape(text)}</a>'


def _summary(text: str) -> list[str]:
    """Plain-text summary to HTML: blank lines separate paragraphs, `- ` lines form lists."""
    out = []
    for block in text.split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            out.append("<ul>" + "".join(f"<li>{escape(line[2:])}</li>" for line in lines) + "</ul>")
        else:
            items = [line for line in lines if line.startswith("- ")]
            head = [line for line in lines if not line.startswith("- ")]
            out.append("<p>" + "<br>".join(escape(line) for line in head) + "</p>")
            if items:
                out.append("<ul>" + "".join(f"<li>{escape(line[2:])}</li>" for line in items) + "</ul>")
    return out


def _notes(episode: Episode) -> list[str]:
    """The show notes: the source's HTML when it gave HTML (its links where they stand), else the summary's text."""
    parts = _summary(episode.summary) if episode.summary else []
    if episode.summary_html:
        parts = [episode.summary_html]  # sanitised by the model; sanitised again with the rest below
    if episode.topics:
        parts.append("<p><strong>Topics:</strong> " + escape(", ".join(episode.topics)) + "</p>")
    return parts


def unlinked(episode: Episode) -> list[Link]:
    """The episode's links its notes do not already link where they stand: what a "Links" list adds."""
    inline = hrefs(episode.summary_html) if episode.summary_html else set()
    return [link for link in episode.links if link.url not in inline]


def notes_html(episode: Episode) -> str:
    """The summary and topics alone, sanitised the same way: for episode pages, which show people,
    chapters and links in sections of their own ("" when there is nothing to say)."""
    parts = _notes(episode)
    return sanitise("".join(parts)) if parts else ""


def html(episode: Episode) -> str:
    parts = _notes(episode)
    if episode.people:
        people = []
        for person in episode.people:
            url = person.href or (person.links[0].url if person.links else None)
            name = _a(url, person.name) if url else escape(person.name)
            people.append(f"<li>{name} ({escape(person.role)})</li>")
        parts.append("<p><strong>People</strong></p><ul>" + "".join(people) + "</ul>")
    listed = [c for c in episode.chapters if c.toc]  # toc: false marks an image or link, not a chapter
    if listed:
        always_hours = listed[-1].start >= 3600
        chapters = "".join(
            f"<li>{format_clock(c.start, always_hours=always_hours)} {escape(c.title)}</li>" for c in listed
        )
        parts.append("<p><strong>Chapters</strong></p><ul>" + chapters + "</ul>")
    listed_links = unlinked(episode)
    if listed_links:
        links = "".join(f"<li>{_a(link.url, link.title or link.url)}</li>" for link in listed_links)
        parts.append("<p><strong>Links</strong></p><ul>" + links + "</ul>")
    return sanitise("".join(parts) or f"<p>{escape(episode.title)}</p>")
