"""The build cache: parsed drafts per source, last good episodes per source, and the last build's manifest.

Layout under the cache folder (default `OUT/.cache`, never published):
  drafts/<k>/<key>.json  one source's drafts without transcripts (heads), then the whole drafts, in one file;
                         key = sha256(source bytes, config digest, tool version, format, path)
  made/<k>/<key>/         what making one source's episodes published (made.json: records, file sizes,
                         warnings) and each episode's collection pieces (<n>, etl.pipeline.pieces), so a later build
                         whose inputs for that source are the same makes nothing again;
                         key = sha256(drafts key, the plan's decisions, the publication) (etl.pipeline.make)
  published/<origin>.json  the episodes a source last built successfully (keep-last-good)
  state.json             the last build's key, the files it wrote (with sizes) and the key of each collection
                         file, for no-op, clean-up and incremental collections; the sources' stamps and
                         hashes, so an unchanged source is not read again (etl.pipeline.read)
Every file is written atomically; a missing or unreadable cache file is a cache miss, never an error.
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
from etl.util import jsontext
from etl.util.files import atomic_file, write_atomic

FORMAT = 3  # bump when the cache layout changes (2: output stamps are one integer each; 3: one file per source
# for drafts and heads, one per episode for its pieces)


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
    """Drafts of each source on disk, with their heads (drafts without transcripts), so a build can plan over
    every source while holding only heads, then load one source's drafts at a time.

    One file per source: the heads' length in bytes on the first line, the heads, then the whole drafts (a
    file made is the dearest thing a build does on a file system that has made and deleted many: two per
    source were a tenth of a transcript build's time). Read and written by pydantic's own JSON codec: a large
    build loads every transcript once from here."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def put(self, key: str, whole: Drafts, heads: list[EpisodeDraft]) -> None:
        # Heads without their defaults: a few hundred bytes a head, read by every build's scan (the main process
        # holds each as a Head, etl.transform.heads, whatever was stored).
        heads_only = whole.model_copy(update={"drafts": heads}).model_dump_json(exclude_defaults=True).encode()
        with atomic_file(self._path(key)) as handle:
            handle.write(b"%d\n" % len(heads_only))
            handle.write(heads_only)
            handle.write(whole.model_dump_json().encode("utf-8"))

    def get(self, key: str, kind: str = "drafts") -> Drafts | None:
        """The whole drafts (`kind="drafts"`) or only their heads (`"heads"`); None on a miss."""
        try:
            with open(self._path(key), "rb") as handle:  # open(), not Path: see etl.pipeline.sinks
                size = int(handle.readline())
                if kind == "heads":
                    return Drafts.model_validate_json(handle.read(size))
                handle.seek(size, 1)
                return Drafts.model_validate_json(handle.read())
        except (OSError, ValueError):  # missing, unreadable, or written by another layout: a miss
            return None

    def prune(self, keep: set[str]) -> int:
        """Delete the entries of every key not in `keep`: a code or source change makes new keys, and
        a cache carried between scheduled runs must not grow with every one of them."""
        return _prune(self.root, keep)


def _prune(root: Path, keep: set[str]) -> int:
    """Remove every entry (file or folder) two levels under `root` whose name's key is not in `keep`."""
    removed = 0
    for path in root.glob("*/*"):
        if path.name.split(".", 1)[0] in keep:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed += 1
    return removed


class MadeStore:
    """What making each source's episodes published, by make key: a folder per key holding `made.json` (written
    only when `persistent`, and only for a source made without error) and the episodes' collection pieces,
    which the index, feeds and site pages are streamed from, this build's and later ones'."""

    def __init__(self, root: Path, persistent: bool) -> None:
        self.root = root
        self.persistent = persistent

    def folder(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str) -> dict[str, Any] | None:
        if not self.persistent:
            return None
        try:
            entry = json.loads((self.folder(key) / "made.json").read_bytes())
        except (OSError, ValueError):
            return None
        return entry if isinstance(entry, dict) else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        if self.persistent:
            write_atomic(self.folder(key) / "made.json", json.dumps(entry, sort_keys=True).encode("utf-8"))

    def prune(self, keep: set[str]) -> int:
        return _prune(self.root, keep)


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
    def __init__(self, root: Path | None) -> None:
        self.root = root
        self._state: dict[str, Any] | None = None  # read once a run: at 20,000 sources it is megabytes

    def __getstate__(self) -> dict[str, Any]:
        return {"root": self.root, "_state": None}  # workers never need the state: not pickled to each

    def _read(self, path: Path) -> Any:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _write(self, path: Path, document: Any) -> None:
        if self.root is not None:
            write_atomic(path, jsontext.compact(document))

    def _published_path(self, origin: str) -> Path:
        assert self.root is not None
        return self.root / "published" / f"{hashlib.sha256(origin.encode()).hexdigest()[:32]}.json"

    def last_good(self, origin: str) -> list[dict[str, Any]]:
        if self.root is None:
            return []
        document = self._read(self._published_path(origin))
        return document if isinstance(document, list) else []

    def store_last_good(self, origin: str, episodes: list[dict[str, Any]]) -> None:
        if self.root is not None:
            self._write(self._published_path(origin), episodes)

    def prune_last_good(self, origins: set[str]) -> None:
        """Forget the last good episodes of sources that are no longer built at all."""
        if self.root is None:
            return
        keep = {self._published_path(origin).name for origin in origins}
        for path in (self.root / "published").glob("*.json"):
            if path.name not in keep:
                path.unlink(missing_ok=True)

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
