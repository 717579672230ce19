"""`episodes/<id>.json`: one file per episode, the full model."""

from __future__ import annotations

from etl.load.publication import Site, dump_json
from etl.model import Episode

NAME = "episodes"


def path_for(episode: Episode) -> str:
    return f"episodes/{episode.id}.json"


def render_episode(episode: Episode, site: Site) -> dict[str, bytes]:
    return {path_for(episode): dump_json(episode.document())}
