"""What writers know about the publication: the base URL and the shows' settings."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from etl.config import Config, ShowConfig, find_show
from etl.model import PersonBase
from etl.util import jsontext
from etl.util.text import slugify


@dataclass(frozen=True, slots=True)
class Record:
    """What collection writers (index, feeds, site pages) keep of each episode while a build runs."""

    id: str
    show: str
    published: str | None
    people: tuple[str, ...] = ()  # the person pages the episode appears on


@dataclass(frozen=True)
class Site:
    base_url: str | None = None
    shows: dict[str, ShowConfig] = field(default_factory=dict)
    pages: bool = True  # the HTML site (`site:` in etl.yaml)
    search: bool = True  # its search index and page (`search:`)
    artwork: dict[str, str] = field(default_factory=dict)  # published path -> local file (etl.load.artwork)

    @classmethod
    def of(cls, config: Config, base_url: str | None = None) -> Site:
        """The publication `config` describes; `base_url` (from the command line) wins over the config's."""
        return cls(
            base_url=base_url or config.base_url,
            shows={s.id: s for s in config.shows},
            pages=config.site,
            search=config.search,
        )

    @functools.cached_property
    def digest(self) -> str:
        """Everything here that can change a published file, as one hash."""
        shows = {key: show.model_dump(mode="json") for key, show in sorted(self.shows.items())}
        # the artwork's paths name their bytes; where the files are read from changes nothing published
        text = json.dumps(
            [self.base_url, shows, self.pages, self.search, sorted(self.artwork)], sort_keys=True, default=str
        )
        return hashlib.sha256(text.encode()).hexdigest()

    def show(self, show_id: str | None) -> ShowConfig:
        """A show's settings, by the same rule as the config's (`etl.config.find_show`)."""
        return find_show(list(self.shows.values()), show_id)

    def url(self, relative: str) -> str | None:
        """Public URL of a file in the out folder, or None when no base URL is set."""
        if not self.base_url:
            return None
        return self.base_url.rstrip("/") + "/" + relative.lstrip("/")


KEY_CHARS = 60  # a page name stays far below any file system's 255-byte limit, with room for a temp suffix


def person_key(person: PersonBase) -> str:
    """A person's page name: their registry id, else their name as a slug. Two people of one name and no
    registry id share a page (the registry is the way to tell them apart); a name with no Latin letters gets
    a hash of itself, and a slug longer than KEY_CHARS (real transcripts put whole paragraphs where a speaker
    belongs) is cut at a word and made unique by a hash of the whole name."""
    if person.id and slugify(person.id) == person.id and len(person.id) <= KEY_CHARS:
        return person.id
    digest = hashlib.sha256(person.name.encode()).hexdigest()[:10]
    slug = slugify(person.name)
    if not slug:
        return "person-" + digest
    if len(slug) <= KEY_CHARS:
        return slug
    return slug[: KEY_CHARS - 11].rsplit("-", 1)[0] + "-" + digest


PICTURE_SUFFIXES = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}


def picture_path(data: bytes, mime: str) -> str:
    """Where a picture a source holds is published: named by its bytes, so a changed cover gets a new URL (apps
    and directories cache artwork by its URL) and one cover in 500 files is one file."""
    return f"images/{hashlib.sha256(data).hexdigest()[:20]}.{PICTURE_SUFFIXES.get(mime, 'bin')}"


def episode_page(episode_id: str) -> str:
    return f"episodes/{episode_id}.html"


def dump_json(document: Any) -> bytes:
    """The one JSON style of every file we publish: UTF-8, sorted keys, 2-space indent, final newline."""
    return jsontext.indented(document) + b"\n"


def dump_compact_json(document: Any) -> bytes:
    """Sorted keys, no indentation: for transcripts, whose size is all segments."""
    return jsontext.compact(document) + b"\n"
