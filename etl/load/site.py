"""What writers know about the publication: the base URL and the shows' settings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from etl.config import ShowConfig


@dataclass(frozen=True)
class Record:
    """What collection writers (index, feeds) keep of each episode while a build runs."""

    id: str
    show: str
    published: str | None


@dataclass(frozen=True)
class Site:
    base_url: str | None = None
    shows: dict[str, ShowConfig] = field(default_factory=dict)

    def url(self, relative: str) -> str | None:
        """Public URL of a file in the out folder, or None when no base URL is set."""
        if not self.base_url:
            return None
        return self.base_url.rstrip("/") + "/" + relative.lstrip("/")


def dump_json(document: Any) -> bytes:
    """The one JSON style of every file we publish: UTF-8, sorted keys, 2-space indent, final newline."""
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def dump_compact_json(document: Any) -> bytes:
    """Sorted keys, no indentation: for transcripts, whose size is all segments (and for which the
    indenting encoder, pure Python, was the slowest step of a build)."""
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")
