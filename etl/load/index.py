"""`index.json`: every episode without its turns, newest first, for listings and consumers.

Streamed: each episode's entry is made once (`spool`) and the file is written entry by entry,
byte for byte what `json.dumps` of the whole document with our style would give.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import BinaryIO

from etl.errors import Diagnostic
from etl.load.publication import Record, Site
from etl.model import SCHEMA_VERSION, Episode
from etl.model.schema import schema_url
from etl.util import jsontext

NAME = "index"


def order(records: Sequence[Record]) -> list[Record]:
    """Newest first, undated last, then by id: one order for the index and the feeds."""
    by_id = sorted(records, key=lambda r: r.id)
    # sort() stays stable with reverse=True, so equal dates keep id order
    return sorted(by_id, key=lambda r: (r.published is not None, r.published or ""), reverse=True)


def spool(episode: Episode, site: Site) -> bytes:
    entry = {key: value for key, value in episode.document().items() if key != "turns"}
    return jsontext.indented(entry)


def warnings(records: Sequence[Record], site: Site) -> list[Diagnostic]:
    return []


def outputs(records: Sequence[Record], site: Site) -> list[tuple[str, list[Record]]]:
    return [("index.json", order(records))]


def write(handle: BinaryIO, path: str, records: list[Record], site: Site, read: Callable[[Record], bytes]) -> None:
    pointer = json.dumps(schema_url("index", site.base_url), ensure_ascii=False)
    handle.write(f'{{\n  "$schema": {pointer},\n  "episodes": ['.encode())
    for n, record in enumerate(records):
        entry = b"    " + read(record).replace(b"\n", b"\n    ")  # each line indented, in one pass
        handle.write((b"\n" if n == 0 else b",\n") + entry)
    handle.write(b"\n  ]" if records else b"]")
    handle.write(f',\n  "schema_version": "{SCHEMA_VERSION}"\n}}\n'.encode())
