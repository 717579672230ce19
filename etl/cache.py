"""The build cache: parsed drafts per source, last good episodes per source, and the last build's manifest.

Layout under the cache folder (default `OUT/.cache`, never published):
  drafts/<key>.json      drafts of one source; key = sha256(source bytes, config digest, tool version, format)
  published/<origin>.json  the episodes a source last built successfully (keep-last-good)
  state.json             the last build's key and the files it wrote (with sizes), for no-op and clean-up
Every file is written atomically; a missing or unreadable cache file is a cache miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from etl import __version__
from etl.draft import EpisodeDraft
from etl.publish import write_atomic

FORMAT = 1  # bump when the cache layout changes


def digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(json.dumps(part, sort_keys=True, default=str).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


class Cache:
    def __init__(self, root: Path | None) -> None:
        self.root = root

    def _read(self, path: Path) -> Any:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _write(self, path: Path, document: Any) -> None:
        if self.root is not None:
            write_atomic(path, json.dumps(document, sort_keys=True, ensure_ascii=False).encode("utf-8"))

    def source_key(self, sha256: str, config_digest: str, format: str | None) -> str:
        return digest(FORMAT, __version__, sha256, config_digest, format)

    def drafts(self, key: str) -> tuple[list[EpisodeDraft], list[str]] | None:
        if self.root is None:
            return None
        document = self._read(self.root / "drafts" / f"{key}.json")
        if not isinstance(document, dict):
            return None
        try:
            return [EpisodeDraft.model_validate(d) for d in document["drafts"]], list(document["reasons"])
        except (KeyError, ValueError, TypeError):
            return None

    def store_drafts(self, key: str, drafts: list[EpisodeDraft], reasons: list[str]) -> None:
        if self.root is not None:
            self._write(
                self.root / "drafts" / f"{key}.json",
                {"drafts": [d.model_dump(mode="json") for d in drafts], "reasons": reasons},
            )

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

    def state(self) -> dict[str, Any]:
        if self.root is None:
            return {}
        document = self._read(self.root / "state.json")
        return document if isinstance(document, dict) else {}

    def store_state(self, state: dict[str, Any]) -> None:
        self._write(self.root / "state.json", state) if self.root is not None else None
