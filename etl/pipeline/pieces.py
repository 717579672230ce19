"""Each episode's collection pieces (its index entry, feed item, page card, ...), by handle and writer NAME.

An episode's handle is `<owner>/<item>`: the make key it was made under and its place among that source's
episodes, or `kept/<digest>` for a last good episode published again (etl.pipeline.keep). They live in the
cache's database (etl.pipeline.store): written by the worker that made the episode, read by the write stage as
it streams each collection file, pruned with their make key's entry.
"""

from __future__ import annotations

import hashlib

from etl.pipeline.store import Store


def digest(piece: bytes) -> str:
    """What names a piece's bytes in a collection file's key (etl.pipeline.sinks)."""
    return hashlib.blake2b(piece, digest_size=16).hexdigest()


class Pieces:
    def __init__(self, store: Store) -> None:
        self.store = store

    def put(self, handle: str, pieces: dict[str, bytes]) -> None:
        """An episode's pieces, instead of any it had."""
        owner, _, item = handle.rpartition("/")
        self.store.write(
            ("DELETE FROM pieces WHERE owner = ? AND item = ?", [(owner, item)]),
            ("INSERT INTO pieces VALUES (?, ?, ?, ?)", [(owner, item, name, data) for name, data in pieces.items()]),
        )

    def get(self, handle: str, name: str) -> bytes:
        """One piece; KeyError when it is not there."""
        owner, _, item = handle.rpartition("/")
        data = self.store.one("SELECT data FROM pieces WHERE owner = ? AND item = ? AND name = ?", (owner, item, name))
        if data is None:
            raise KeyError(f"{handle}: {name}")
        return bytes(data)

    def has(self, handle: str) -> bool:
        owner, _, item = handle.rpartition("/")
        return self.store.one("SELECT 1 FROM pieces WHERE owner = ? AND item = ? LIMIT 1", (owner, item)) is not None
