"""The site's listings: `index.html` (shows and newest episodes), `shows/<id>.html` (every episode of a
show, newest first), `people/<key>.html` (every episode a person appears in, with their role), and the
stylesheet and script in `assets/`.

Each episode spools its card (`etl.load.site.views.card`, JSON) while it is at hand; the listings are then
streamed from the cards, so a show of 20,000 episodes never sits in memory at once.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any, BinaryIO

from etl.errors import Diagnostic
from etl.load.index import order
from etl.load.publication import Record, Site
from etl.load.site import meta, render, views
from etl.model import Episode

NAME = "site-pages"
HOME = "index.html"
SEARCH = "search.html"
FILTERS = (("show", "Show", "Any show"), ("person", "Person", "Anyone"), ("year", "Year", "Any year"))
NEWEST = 12  # episodes on the home page


def spool(episode: Episode, site: Site) -> bytes:
    return json.dumps(views.card(episode, site), ensure_ascii=False, sort_keys=True).encode("utf-8")


def warnings(records: Sequence[Record], site: Site) -> list[Diagnostic]:
    return []


def outputs(records: Sequence[Record], site: Site) -> list[tuple[str, list[Record]]]:
    if not site.pages:
        return []
    ordered = order(records)
    by_show: dict[str, list[Record]] = {show: [] for show in site.shows}
    by_person: dict[str, list[Record]] = {}
    for record in ordered:  # one pass: a listing per show and per person, each newest first
        by_show.setdefault(record.show, []).append(record)
        for key in record.people:
            by_person.setdefault(key, []).append(record)
    return [
        *((f"assets/{name}", []) for name in render.ASSETS),
        (HOME, ordered),
        *([(SEARCH, [])] if site.search else []),
        *((meta.show_page(show), by_show[show]) for show in sorted(by_show)),
        *((f"people/{key}.html", by_person[key]) for key in sorted(by_person)),
    ]


def write(handle: BinaryIO, path: str, records: list[Record], site: Site, read: Callable[[Record], bytes]) -> None:
    def cards(chosen: list[Record]) -> Iterator[dict[str, Any]]:
        return (json.loads(read(record)) for record in chosen)

    if path.startswith("assets/"):
        handle.write(render.asset(path.removeprefix("assets/")))
        return
    if path == HOME:
        pieces = _home(records, site, cards(records[:NEWEST]))
    elif path == SEARCH:
        pieces = _search(site)
    elif path.startswith("shows/"):
        pieces = _show(path, site, cards(records))
    else:
        pieces = _person(path, records, site, cards)
    for piece in pieces:
        handle.write(piece)


def _home(records: list[Record], site: Site, newest: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    default = site.show(None)
    counts = Counter(r.show for r in records)  # one pass, however many shows
    shows = [
        {
            "title": show.name,
            "description": show.description,
            "page": meta.show_page(show.id),
            "feed": meta.feed_path(show.id),
            "count": counts.get(show.id, 0),
        }
        for show in (site.show(show_id) for show_id in sorted(set(counts) | set(site.shows)))
    ]
    several = len(shows) > 1  # then the home page is no one show's
    names = [s["title"] for s in shows]
    listed = f"{', '.join(names[:-1])} and {names[-1]}" if several else default.title
    head = views.Head(
        path=HOME,
        title="Podcasts" if several else default.title,
        description=f"Every episode of {listed}." if several else views.describe(default.description, listed),
        language=default.language,
        feed=meta.feed_path(default.id),
        feed_title=default.title,
        search=site.search,
        image=default.image,
    )
    return render.stream(
        "home.html", head=head, canonical=site.url(HOME), shows=shows, cards=newest, with_show=True, role=None
    )


def _search(site: Site) -> Iterator[bytes]:
    default = site.show(None)
    head = views.Head(
        path=SEARCH,
        title="Search",
        description="Find any word said in any episode, and play from that moment.",
        language=default.language,
        feed=meta.feed_path(default.id),
        feed_title=default.title,
        search=site.search,
    )
    return render.stream("search.html", head=head, canonical=site.url(SEARCH), filters=FILTERS)


def _show(path: str, site: Site, cards: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    show = site.show(path.removeprefix("shows/").removesuffix(".html"))
    head = meta.show_head(show, site)
    context = {"feed_url": site.url(head.feed), "cards": cards, "with_show": False, "role": None}
    return render.stream("show.html", head=head, canonical=site.url(path), show=show, **context)


def _person(
    path: str, records: list[Record], site: Site, cards: Callable[[list[Record]], Iterator[dict[str, Any]]]
) -> Iterator[bytes]:
    key = path.removeprefix("people/").removesuffix(".html")
    newest = next(cards(records[:1]))
    person = next(p for p in newest["people"] if p["key"] == key)  # as their newest episode credits them
    language = site.show(newest["show"]["id"]).language
    head = views.Head(
        path=path,
        title=person["name"],
        description=f"Every episode with {person['name']}.",
        language=language,
        feed=meta.feed_path(newest["show"]["id"]),
        feed_title=newest["show"]["title"],
        search=site.search,
    )

    def appearances() -> Iterator[tuple[dict[str, Any], str]]:
        for card in cards(records):
            yield card, ", ".join(p["role"] for p in card["people"] if p["key"] == key)

    return render.stream(
        "person.html", head=head, canonical=site.url(path), person=person, appearances=appearances(), with_show=True
    )
