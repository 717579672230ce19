"""`index.json`: every episode without its turns, newest first, for listings and consumers."""

from __future__ import annotations

from etl.load.site import Site, dump_json
from etl.model import SCHEMA_VERSION, Episode

NAME = "index"


def order(episodes: list[Episode]) -> list[Episode]:
    """Newest first, undated last, then by id: one order for the index and the feeds."""
    by_id = sorted(episodes, key=lambda e: e.id)
    # sort() stays stable with reverse=True, so equal dates keep id order
    return sorted(by_id, key=lambda e: (e.published is not None, e.published or ""), reverse=True)


def render(episodes: list[Episode], site: Site) -> dict[str, bytes]:
    entries = [e.model_dump(mode="json", exclude={"turns"}) for e in order(episodes)]
    return {"index.json": dump_json({"schema_version": SCHEMA_VERSION, "episodes": entries})}
