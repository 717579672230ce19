"""`chapters/<id>.json`: Podcasting 2.0 JSON chapters (version 1.2.0), for episodes that have chapters."""

from __future__ import annotations

from typing import Any

from etl.load.publication import Site, dump_json
from etl.model import Episode
from etl.util.timecode import whole

NAME = "chapters"
VERSION = "1.2.0"


def path_for(episode: Episode) -> str | None:
    return f"chapters/{episode.id}.json" if episode.chapters else None


def document(episode: Episode) -> dict[str, Any]:
    chapters = []
    for chapter in episode.chapters:
        item: dict[str, Any] = {"startTime": whole(chapter.start), "title": chapter.title}
        if chapter.url:
            item["url"] = chapter.url
        if chapter.img:
            item["img"] = chapter.img
        if not chapter.toc:  # the spec's default is true: written only when it is not
            item["toc"] = False
        chapters.append(item)
    return {"version": VERSION, "title": episode.title, "podcastName": episode.show.title, "chapters": chapters}


def render_episode(episode: Episode, site: Site) -> dict[str, bytes]:
    path = path_for(episode)
    return {path: dump_json(document(episode))} if path else {}
