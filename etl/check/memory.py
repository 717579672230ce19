"""What `etl check` remembers between runs (`OUT/.cache/check.json`, never published): each feed's first
podcast:guid, and what each URL answered with its ETag, so an unchanged file is not fetched again.

A show's podcast:guid is its identity in the Podcast Index: the first one a check sees is kept, and any other
is an error until the show says the first again. To change it on purpose, delete the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from etl.util.files import write_atomic

FORMAT = 1


@dataclass
class Memory:
    path: Path | None = None
    guids: dict[str, str] = field(default_factory=dict)  # feed path -> the first podcast:guid seen
    urls: dict[str, dict[str, Any]] = field(default_factory=dict)  # url -> etag and what was found

    @classmethod
    def load(cls, path: Path | None) -> Memory:
        """The memory at `path`; an unreadable or foreign file is an empty memory, never an error."""
        if path is None:
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return cls(path)
        guids, urls = data.get("guids"), data.get("urls")
        return cls(path, guids if isinstance(guids, dict) else {}, urls if isinstance(urls, dict) else {})

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        document = {"format": FORMAT, "guids": self.guids, "urls": self.urls}
        write_atomic(self.path, (json.dumps(document, sort_keys=True, indent=1) + "\n").encode("utf-8"))
