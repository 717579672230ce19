"""Each page's `<head>`: schema.org JSON-LD, Open Graph and Twitter card tags, canonical URL, feed.

URLs in structured data and social tags must be absolute, so they are written only when the build has a
base URL (`base_url` in etl.yaml or `--base-url`); a site without one still has every page and link.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from etl.config import ShowConfig
from etl.load.publication import Site, episode_page
from etl.load.site.views import Head, describe, iso_duration
from etl.model import Clip, Episode
from etl.util.timecode import format_clock, whole


def feed_path(show_id: str) -> str:
    return f"feeds/{show_id}.xml"


def show_page(show_id: str) -> str:
    return f"shows/{show_id}.html"


def series(show: ShowConfig, site: Site) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "PodcastSeries", "name": show.name}
    _put(data, "url", site.url(show_page(show.id)))
    _put(data, "webFeed", site.url(feed_path(show.id)))
    return data


def episode_head(episode: Episode, site: Site) -> Head:
    show = site.show(episode.show.id)
    description = describe(episode.summary, f"An episode of {show.name}.")
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "name": episode.title,
        "description": description,
        "partOfSeries": series(show, site),
    }
    _put(data, "url", site.url(episode_page(episode.id)))
    _put(data, "datePublished", episode.published)
    _put(data, "duration", iso_duration(episode.duration) if episode.duration is not None else None)
    _put(data, "episodeNumber", episode.episode)
    _put(data, "image", episode.image or show.image)
    if episode.enclosure:
        data["associatedMedia"] = {
            "@type": "MediaObject",
            "contentUrl": episode.enclosure.url,
            "encodingFormat": episode.enclosure.type,
        }
    page_url = site.url(episode_page(episode.id))
    _put(data, "hasPart", [_clip(clip, page_url) for clip in episode.clips] or None)  # search engines' key moments
    hosts = [_person(p) for p in episode.people if p.role in ("host", "co-host")]
    others = [_person(p) for p in episode.people if p.role not in ("host", "co-host")]
    _put(data, "author", hosts or None)
    _put(data, "contributor", others or None)
    audio = {"url": episode.enclosure.url, "type": episode.enclosure.type} if episode.enclosure else None
    return Head(
        path=episode_page(episode.id),
        title=f"{episode.title} · {show.name}",
        description=description,
        language=show.language,
        feed=feed_path(show.id),
        feed_title=show.name,
        search=site.search,
        og_type="article",
        image=episode.image or show.image,
        audio=audio,
        data=[data],
    )


def _clip(clip: Clip, page_url: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Clip",
        "name": clip.title or f"From {format_clock(clip.start)}",
        "startOffset": whole(clip.start),
        "endOffset": whole(clip.start + clip.duration),
    }
    _put(data, "url", f"{page_url}#t={whole(clip.start)}" if page_url else None)
    return data


def show_head(show: ShowConfig, site: Site) -> Head:
    description = describe(show.description, f"Every episode of {show.name}.")
    data = {"@context": "https://schema.org", **series(show, site), "description": description}
    _put(data, "image", show.image)
    _put(data, "author", {"@type": "Person", "name": show.author} if show.author else None)
    return Head(
        path=show_page(show.id),
        title=show.name,
        description=description,
        language=show.language,
        feed=feed_path(show.id),
        feed_title=show.name,
        search=site.search,
        image=show.image,
        data=[data],
    )


def _person(person: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": person.name}
    same = [url for url in [person.href, *(link.url for link in person.links)] if url]
    _put(data, "sameAs", same or None)
    return data


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        data[key] = value


def json_ld(data: dict[str, Any]) -> Markup:
    """JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` escaped, so no text from a source
    can close the script element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))
