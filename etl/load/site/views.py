"""What the site's templates show, made from the model: plain values, so templates hold no decisions.

Dates are written in English with our own month names (never the machine's locale), durations as
`1 h 2 min`, times as the clock the feed's show notes use; every link between pages is relative, so the
site works under any base URL and from a folder on disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from etl.load import chapters, transcripts
from etl.load.episodes import path_for as json_path
from etl.load.publication import Site, episode_page, person_key
from etl.load.shownotes import notes_html, unlinked
from etl.model import Episode, Person
from etl.util.timecode import format_clock, whole

MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
DESCRIPTION_CHARS = 200
_FILE_TITLES = {"json": "Transcript (JSON)", "vtt": "Captions (WebVTT)", "srt": "Subtitles (SRT)", "html": "Transcript"}


@dataclass(frozen=True)
class Head:
    """One page's `<head>`: its place, description, canonical URL, feed, social tags and structured data."""

    path: str  # in the out folder
    title: str
    description: str
    language: str
    feed: str  # the show's feed, relative to the out folder
    feed_title: str
    og_type: str = "website"
    image: str | None = None
    audio: dict[str, str] | None = None
    data: list[dict[str, Any]] = field(default_factory=list)  # schema.org JSON-LD
    search: bool = True  # the search box and its script (`search:` in etl.yaml)

    @property
    def root(self) -> str:
        """From this page to the out folder's root."""
        return "../" * self.path.count("/")


def long_date(published: str | None) -> str | None:
    if not published:
        return None
    year, month, day = published[:10].split("-")
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration (`PT1H2M3S`), as schema.org and `<time datetime>` take it."""
    h, rest = divmod(int(seconds), 3600)
    m, s = divmod(rest, 60)
    parts = (f"{h}H" if h else "") + (f"{m}M" if m else "") + (f"{s}S" if s or not (h or m) else "")
    return "PT" + parts


def spoken_duration(seconds: float) -> str:
    h, rest = divmod(int(seconds), 3600)
    m, s = divmod(rest, 60)
    if h:
        return f"{h} h {m} min" if m else f"{h} h"
    return f"{m} min" if m else f"{s} s"


def numbers(season: int | None, episode: int | None) -> str | None:
    said = [f"Season {season}" if season is not None else "", f"Episode {episode}" if episode is not None else ""]
    return ", ".join(part for part in said if part) or None


def describe(summary: str | None, fallback: str) -> str:
    """One line for search results and link previews: the summary's first paragraph, cut at a word."""
    first = " ".join((summary or "").strip().split("\n\n")[0].replace("- ", "").split())
    if not first:
        return fallback
    if len(first) <= DESCRIPTION_CHARS:
        return first
    return first[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def role_name(role: str) -> str:
    return role[:1].upper() + role[1:]


def person(p: Person, root: str) -> dict[str, Any]:
    links = ([{"url": p.href, "title": "Website"}] if p.href else []) + [
        {"url": link.url, "title": link.title or link.url} for link in p.links
    ]
    return {"name": p.name, "role": role_name(p.role), "page": f"{root}people/{person_key(p)}.html", "links": links}


def chapter_list(episode: Episode) -> list[dict[str, Any]]:
    listed = [c for c in episode.chapters if c.toc]
    hours = bool(listed) and listed[-1].start >= 3600
    return [
        {
            "start": whole(c.start),
            "clock": format_clock(c.start, always_hours=hours),
            "iso": iso_duration(c.start),
            "title": c.title,
            "url": c.url,
        }
        for c in listed
    ]


def highlight_list(episode: Episode) -> list[dict[str, Any]]:
    """The episode's clips, as links that play each from its start."""
    hours = any(c.start + c.duration >= 3600 for c in episode.clips)
    return [
        {
            "start": whole(c.start),
            "clock": format_clock(c.start, always_hours=hours),
            "iso": iso_duration(c.start),
            "title": c.title or f"From {format_clock(c.start, always_hours=hours)}",
            "length": spoken_duration(c.duration),
        }
        for c in episode.clips
    ]


class TurnView(NamedTuple):
    """One transcript turn as the page shows it (`transcript_html`)."""

    n: int
    start: int | None
    clock: str | None
    iso: str | None
    speaker: str | None
    paragraphs: list[str]


def turn_list(episode: Episode) -> list[TurnView]:
    hours = any(t.start is not None and t.start >= 3600 for t in episode.turns)
    out = []
    for n, turn in enumerate(episode.turns, 1):
        if turn.start is None:
            out.append(TurnView(n, None, None, None, turn.speaker, turn.text.split("\n\n")))
            continue
        clock = format_clock(turn.start, always_hours=hours)
        out.append(
            TurnView(n, whole(turn.start), clock, iso_duration(turn.start), turn.speaker, turn.text.split("\n\n"))
        )
    return out


def transcript_html(turns: list[TurnView]) -> Markup:
    """The transcript's turns as the episode page shows them: each a `div` with its heading (time and speaker)
    when it has either, then its paragraphs. Written here rather than as a template loop: a transcript has
    hundreds of turns, and the loop was most of a page's rendering time; tests/test_site.py holds the two to the
    same bytes. Every text is escaped as the templates escape it (markupsafe)."""
    out: list[str] = []
    add = out.append
    for n, start, clock, iso, speaker, paragraphs in turns:
        timed = start is not None
        if timed:
            add(f'<div class="turn" data-start="{start}">\n')
        elif speaker:
            add('<div class="turn">\n')
        else:  # no heading to carry the turn's id: the div does
            add(f'<div class="turn" id="turn-{n}">\n')
        if timed or speaker:
            # a heading with an id: Pagefind makes each turn a sub-result that links here
            add(f'<h3 class="who" id="turn-{n}" data-pagefind-weight="0.5">\n')
            if timed:
                add(
                    f'<a href="#t={start}"><span class="visually-hidden" data-pagefind-ignore>Play from </span>'
                    f'<time datetime="{escape(iso)}">{escape(clock)}</time></a> '
                )
            if speaker:
                add(f'<span class="speaker">{escape(speaker)}</span> ')
            add("</h3>\n")
        for paragraph in paragraphs:
            add(f"<p>{escape(paragraph)}</p>\n")
        add("</div>\n")
    return Markup("".join(out))


def files(episode: Episode, root: str) -> list[dict[str, str]]:
    found = [{"title": "Episode data (JSON)", "href": root + json_path(episode)}]
    chapters_path = chapters.path_for(episode)
    if chapters_path:
        found.append({"title": "Chapters (JSON)", "href": root + chapters_path})
    for file in transcripts.files_for(episode):
        found.append({"title": _FILE_TITLES[file.format.suffix], "href": root + file.path})
    return found


def episode(episode: Episode, site: Site) -> dict[str, Any]:
    """Everything an episode page shows."""
    show = site.show(episode.show.id)
    root = "../"
    vtt = next((f.path for f in transcripts.files_for(episode) if f.format.suffix == "vtt"), None)
    return {
        "title": episode.title,
        "show": {"title": show.name, "page": f"{root}shows/{show.id}.html"},
        "published": episode.published,
        "year": episode.published[:4] if episode.published else None,  # the search's year filter
        "date": long_date(episode.published),
        "duration": spoken_duration(episode.duration) if episode.duration is not None else None,
        "duration_iso": iso_duration(episode.duration) if episode.duration is not None else None,
        "numbers": numbers(episode.season, episode.episode),
        "episode_type": episode.episode_type if episode.episode_type != "full" else None,
        "audio": episode.enclosure.model_dump() if episode.enclosure else None,
        "captions": root + vtt if vtt else None,
        "language": show.language,
        "notes": Markup(notes_html(episode)),  # sanitised by nh3 (etl.load.shownotes)
        "people": [person(p, root) for p in episode.people],
        "chapters": chapter_list(episode),
        "highlights": highlight_list(episode),
        "transcript": transcript_html(turn_list(episode)),
        "links": [{"url": link.url, "title": link.title or link.url} for link in unlinked(episode)],
        "files": files(episode, root),
        "link": episode.link,
    }


def card(episode: Episode, site: Site) -> dict[str, Any]:
    """What listings (home, show and person pages) show of an episode; JSON-ready, paths from the root."""
    show = site.show(episode.show.id)
    return {
        "id": episode.id,
        "page": episode_page(episode.id),
        "title": episode.title,
        "show": {"id": show.id, "title": show.name},
        "published": episode.published,
        "date": long_date(episode.published),
        "duration": spoken_duration(episode.duration) if episode.duration is not None else None,
        "numbers": numbers(episode.season, episode.episode),
        "description": describe(episode.summary, ""),
        "people": [{"key": person_key(p), **person(p, ""), "role": role_name(p.role)} for p in episode.people],
    }
