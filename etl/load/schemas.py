"""`schemas/episode.schema.json` and `schemas/index.schema.json`: the contract, published beside the data.

Their `$id` is their own URL under the base URL, so a consumer fetches the schema from where it fetches the
data; `index.json` names its schema in `"$schema"`, and every `episodes/<id>.json` follows the episode schema
of the index's `schema_version`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, BinaryIO

from etl.errors import Diagnostic
from etl.load.publication import Record, Site, dump_json
from etl.model.schema import SCHEMAS, episode_schema, index_schema

NAME = "schemas"
MAKERS: dict[str, Callable[[str | None], dict[str, Any]]] = {"episode": episode_schema, "index": index_schema}


def warnings(records: Sequence[Record], site: Site) -> list[Diagnostic]:
    return []


def outputs(records: Sequence[Record], site: Site) -> list[tuple[str, list[Record]]]:
    return [(f"{SCHEMAS}/{name}.schema.json", []) for name in MAKERS]


def write(handle: BinaryIO, path: str, records: list[Record], site: Site, read: Callable[[Record], bytes]) -> None:
    name = path.removeprefix(f"{SCHEMAS}/").removesuffix(".schema.json")
    handle.write(dump_json(MAKERS[name](site.base_url)))
