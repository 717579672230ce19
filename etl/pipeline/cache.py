"""The build cache: parsed drafts per source, last good episodes per source, and the last build's manifest.

Under the cache folder (default `OUT/.cache`, never published):
  cache.sqlite  one database (etl.pipeline.store), its tables:
    drafts      one source's drafts without transcripts (heads), and the whole drafts;
                key = sha256(source bytes, config digest, tool version, format, path)
    made        what making one source's episodes published (records, file sizes, warnings), so a later build
                whose inputs for that source are the same makes nothing again;
                key = sha256(drafts key, the plan's decisions, the publication) (etl.pipeline.make)
    pieces      each episode's collection pieces, by its make key (etl.pipeline.pieces)
    published   the episodes a source last built successfully (keep-last-good), by the source's origin
  state.json    the last build's key, the files it wrote (with sizes) and the key of each collection
                file, for no-op, clean-up and incremental collections; the sources' stamps and
                hashes, so an unchanged source is not read again (etl.pipeline.read)
  search/       the search index's parts (etl.load.search)
A missing or unreadable record is a cache miss, never an error. Without a persistent cache (`--no-cache`,
`--check`) the build keeps its drafts and pieces in a database in its own temp folder.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from etl import __version__
from etl.errors import Diagnostic
from etl.model.draft import EpisodeDraft
from etl.pipeline.pieces import Pieces
from etl.pipeline.store import Store
from etl.util import jsontext
from etl.util.files import atomic_file

FORMAT = 4  # bump when the cache layout changes (2: output stamps are one integer each; 3: one file per source
# for drafts and heads, one per episode for its pieces; 4: those in one database)


def forget_layout_3(root: Path) -> None:
    """The folders of files the cache held before its database (layout 3): a cache carried from an older etl
    would otherwise carry them on for ever."""
    for name in ("drafts", "made", "published"):
        if (root / name).is_dir():
            shutil.rmtree(root / name, ignore_errors=True)


def code_version(package: Path) -> str:
    """The version plus a hash of every file of the package's code (and the data it ships): a changed
    reader or writer invalidates the cache even when nobody bumped the version number."""
    code = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and p.suffix != ".pyc"):
        code.update(path.relative_to(package).as_posix().encode())
        code.update(path.read_bytes())
    return f"{__version__}+{code.hexdigest()[:16]}"


@functools.cache
def tool_version() -> str:
    return code_version(Path(__file__).resolve().parents[1])  # the whole `etl` package


def digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(json.dumps(part, sort_keys=True, default=str).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def draft_key(sha256: str, config_digest: str, format: str | None, display: str, origin: str) -> str:
    """The key of one source's drafts: its bytes, the config, the code, and how and where it is read
    (drafts carry the path their messages name)."""
    return digest(FORMAT, tool_version(), sha256, config_digest, f"{format}|{display}|{origin}")


class Drafts(BaseModel):
    """A source's drafts as the cache holds them, with what a cache hit must replay."""

    drafts: list[EpisodeDraft]
    reasons: list[str] = Field(default_factory=list)  # detection verdicts
    warnings: list[Diagnostic] = Field(default_factory=list)  # from reading the bytes (decoding)


class DraftStore:
    """Drafts of each source, with their heads (drafts without transcripts), so a build can plan over every source
    while holding only heads, then load one source's drafts at a time. Read and written by pydantic's own JSON
    codec: a large build loads every transcript once from here."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def put(self, key: str, whole: Drafts, heads: list[EpisodeDraft]) -> None:
        # Heads without their defaults: a few hundred bytes a head, read by every build's scan (the main process
        # holds each as a Head, etl.transform.heads, whatever was stored).
        heads_only = whole.model_copy(update={"drafts": heads}).model_dump_json(exclude_defaults=True).encode()
        row = (key, heads_only, whole.model_dump_json().encode("utf-8"))
        self.store.write(("INSERT OR REPLACE INTO drafts VALUES (?, ?, ?)", [row]))

    def get(self, key: str, kind: str = "drafts") -> Drafts | None:
        """The whole drafts (`kind="drafts"`) or only their heads (`"heads"`); None on a miss."""
        column = "heads" if kind == "heads" else "whole"
        data = self.store.one(f"SELECT {column} FROM drafts WHERE key = ?", (key,))
        try:
            return None if data is None else Drafts.model_validate_json(data)
        except ValueError:  # written by another layout: a miss
            return None

    def prune(self, keep: set[str]) -> int:
        """Delete the drafts of every key not in `keep`: a code or source change makes new keys, and a cache
        carried between scheduled runs must not grow with every one of them."""
        return self.store.keep_only("drafts", "key", keep)


class MadeStore:
    """What making each source's episodes published, by make key (written only when `persistent`, and only for a
    source made without error), and the episodes' collection pieces (etl.pipeline.pieces), which the index, feeds
    and site pages are streamed from, this build's and later ones'. An episode's pieces are found by its handle,
    `<make key>/<n>`."""

    def __init__(self, store: Store, persistent: bool) -> None:
        self.store = store
        self.persistent = persistent
        self.pieces = Pieces(store)

    def get(self, key: str) -> dict[str, Any] | None:
        if not self.persistent:
            return None
        entry = self.store.document("SELECT entry FROM made WHERE key = ?", (key,))
        return entry if isinstance(entry, dict) else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        if self.persistent:
            row = (key, json.dumps(entry, sort_keys=True).encode("utf-8"))
            self.store.write(("INSERT OR REPLACE INTO made VALUES (?, ?)", [row]))

    def prune(self, keep: set[str]) -> int:
        """The entries and pieces of every make key not in `keep` (and every kept episode's pieces: a build's own)."""
        return self.store.keep_only("made", "key", keep) + self.store.keep_only("pieces", "owner", keep)


CHUNK = 4096  # items of a large list or object encoded at once


def _json_chunks(document: dict[str, Any]) -> Iterator[str]:
    """`json.dumps(document, sort_keys=True, ensure_ascii=False)` in pieces: each large list or object of the
    document is encoded CHUNK items at a time (by json's C encoder, which `json.dump` would not use)."""

    def encode(value: object) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    yield "{"
    for n, key in enumerate(sorted(document)):
        value = document[key]
        yield f"{', ' if n else ''}{encode(key)}: "
        if isinstance(value, dict) and len(value) > CHUNK:
            keys = sorted(value)
            yield "{"
            for start in range(0, len(keys), CHUNK):
                yield (", " if start else "") + encode({k: value[k] for k in keys[start : start + CHUNK]})[1:-1]
            yield "}"
        elif isinstance(value, list) and len(value) > CHUNK:
            yield "["
            for start in range(0, len(value), CHUNK):
                yield (", " if start else "") + encode(value[start : start + CHUNK])[1:-1]
            yield "]"
        else:
            yield encode(value)
    yield "}"


class Cache:
    """The last build's state (a file of its own), and the last good episodes of each source (in the database);
    both disabled without a persistent cache (`root` None)."""

    def __init__(self, root: Path | None, store: Store | None = None) -> None:
        self.root = root
        self.store = store
        self._state: dict[str, Any] | None = None  # read once a run: at 20,000 sources it is megabytes

    def __getstate__(self) -> dict[str, Any]:
        return {"root": self.root, "store": self.store, "_state": None}  # workers never need the state

    def _read(self, path: Path) -> Any:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def last_good(self, origin: str) -> list[dict[str, Any]]:
        if self.root is None or self.store is None:
            return []
        document = self.store.document("SELECT episodes FROM published WHERE origin = ?", (origin,))
        return document if isinstance(document, list) else []

    def store_last_good(self, origin: str, episodes: list[dict[str, Any]]) -> None:
        if self.root is not None and self.store is not None:
            row = (origin, jsontext.compact(episodes))
            self.store.write(("INSERT OR REPLACE INTO published VALUES (?, ?)", [row]))

    def prune_last_good(self, origins: set[str]) -> None:
        """Forget the last good episodes of sources that are no longer built at all."""
        if self.root is not None and self.store is not None:
            self.store.keep_only("published", "origin", origins)

    def state(self) -> dict[str, Any]:
        if self.root is None:
            return {}
        if self._state is None:
            document = self._read(self.root / "state.json")
            self._state = document if isinstance(document, dict) else {}
        return self._state

    def release(self, *keep: str) -> None:
        """Forget the last state, all but the parts named in `keep`, once a run has used it (tens of megabytes
        at 20,000 sources)."""
        if self._state is not None:
            self._state = {key: self._state[key] for key in keep if key in self._state}

    def store_state(self, state: dict[str, Any]) -> None:
        """The new state, written a piece at a time: as one JSON string (then bytes) it would hold twice its
        size, ~45 MB at 20,000 sources, at the run's peak."""
        if self.root is None:
            return
        with atomic_file(self.root / "state.json") as handle:
            for chunk in _json_chunks(state):
                handle.write(chunk.encode("utf-8"))
        self._state = state
