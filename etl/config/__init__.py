"""`etl.yaml`: shows (`show`), a people registry, and the sources to build with per-source overrides (`source`).

Validated by pydantic; a mistake is `etl.yaml:LINE: error: …` with the line of the key that is wrong."""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from etl.config.show import DEFAULT_SHOW, Owner, Setting, ShowConfig
from etl.config.source import EpisodeOverride, Formats, PersonConfig, SourceConfig
from etl.errors import ConfigError, SourceError
from etl.model import HttpUrl
from etl.util import yamlsafe

__all__ = [
    "DEFAULT_SHOW",
    "Config",
    "EpisodeOverride",
    "Owner",
    "PersonConfig",
    "ShowConfig",
    "SourceConfig",
    "expand",
    "find_show",
    "load",
    "parse",
]


class Config(Setting):
    shows: list[ShowConfig] = Field(default_factory=list)
    people: list[PersonConfig] = Field(default_factory=list)
    people_dir: str | None = None
    sources: list[SourceConfig] = Field(default_factory=list)
    base_url: HttpUrl | None = None
    max_source_bytes: int = Field(default=20_000_000, gt=0)
    max_audio_bytes: int = Field(default=2_000_000_000, gt=0, description="An audio file's limit (never read whole).")
    site: bool = Field(default=True, description="Episode, show and person pages; false for a site of your own.")
    search: bool = Field(
        default=True,
        description="The site's search index and page; false for pages without them (a search of your own).",
    )

    # Set by `load`, not by the file.
    base_dir: Path = Field(default=Path("."), exclude=True)
    path: Path | None = Field(default=None, exclude=True)

    def show(self, show_id: str | None) -> ShowConfig:
        return find_show(self.shows, show_id)


def find_show(shows: Sequence[ShowConfig], show_id: str | None) -> ShowConfig:
    """The show `show_id` names (None: the first configured, the default for sources naming none), else a
    neutral stand-in, so a build without `shows` still publishes (feeds warn about what it lacks)."""
    if show_id is None:
        return shows[0] if shows else DEFAULT_SHOW
    found = next((show for show in shows if show.id == show_id), None)
    if found is not None:
        return found
    return DEFAULT_SHOW if show_id == DEFAULT_SHOW.id else ShowConfig(id=show_id, title=show_id)


def _message(error: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in error["loc"])
    message = error["msg"].removeprefix("Value error, ")
    return f"{loc}: {message}" if loc else message


def parse(text: str, path: str, formats: Formats | None = None) -> Config:
    """The config in `text`; with `formats`, a source's `format:` must be one of them."""
    try:
        data, node = yamlsafe.load(text, path)
    except SourceError as exc:
        raise ConfigError(exc.message, exc.path, exc.line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the config must be a YAML mapping", path, 1)
    try:
        config = Config.model_validate(data, context={"formats": formats})
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [p for p in first["loc"] if isinstance(p, str | int)]
        line = yamlsafe.line_of(node, 1, *loc)
        raise ConfigError(_message(first), path, line) from None
    ids = [s.id for s in config.shows]
    for i, show in enumerate(config.shows):
        if show.id in ids[:i]:
            raise ConfigError(f"show id {show.id!r} is listed twice", path, yamlsafe.line_of(node, 1, "shows", i))
    for i, source in enumerate(config.sources):
        if source.show is not None and source.show not in ids:
            raise ConfigError(
                f"source names show {source.show!r}, which `shows` does not list",
                path,
                yamlsafe.line_of(node, 1, "sources", i, "show"),
            )
    return config


def load(path: Path, formats: Formats | None = None) -> Config:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("config file not found", path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config: {exc}", path) from None
    config = parse(text, str(path), formats)
    return config.model_copy(update={"base_dir": path.parent, "path": path})


def expand(config: Config, pattern: str, base: Path | None = None) -> list[Path]:
    """Files named by a path, folder or glob (relative to the config's folder), sorted."""
    root = base if base is not None else config.base_dir
    full = root / pattern
    if full.is_dir():
        return sorted(p for p in full.rglob("*") if p.is_file() and not p.name.startswith("."))
    if any(ch in pattern for ch in "*?["):
        return sorted(Path(p) for p in glob.glob(str(full), recursive=True) if Path(p).is_file())
    return [full]
