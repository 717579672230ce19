"""`etl.yaml`: shows, a people registry, and the sources to build with per-source overrides."""

from __future__ import annotations

import glob
import zoneinfo
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo

from etl.errors import ConfigError, SourceError
from etl.model import EpisodeContent, HttpUrl, PersonBase, Slug, Text
from etl.model.draft import Kind, PersonRef
from etl.util import yamlsafe


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _zone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not an IANA time zone (such as UTC or Europe/Berlin)") from None
    return name


class Owner(_Config):
    name: Text
    email: Text


class ShowConfig(_Config):
    id: Slug
    title: Text | None = Field(default=None, min_length=1, description="Default: the feed's channel's, else the id.")
    author: Text | None = None
    description: Text | None = None
    language: Text = "en"
    image: HttpUrl | None = None
    link: HttpUrl | None = None
    categories: list[Text] = Field(default_factory=list)
    explicit: bool = False
    timezone: Annotated[str, AfterValidator(_zone)] = Field(
        default="UTC",
        description="IANA time zone in which a source's date-time without an offset is read (`Europe/Berlin`).",
    )
    owner: Owner | None = None
    locked: bool = True
    guid: Text | None = Field(
        default=None,
        min_length=1,
        description="podcast:guid, the show's identity in podcast indexes: default the UUIDv5 of the feed URL; "
        "moving in, the old feed's (its podcast:guid, else the UUIDv5 of its self URL), which must never change.",
    )
    old_feed_url: HttpUrl | None = Field(
        default=None,
        description="Moving in from a feed that names neither its podcast:guid nor its own URL: the URL it was "
        "served at, which podcast:guid is derived from (as the spec derives it).",
    )

    @property
    def name(self) -> str:
        """The title listeners see: the show's `title` (etl.yaml's, else its feed's channel's), else its id."""
        return self.title or self.id


DEFAULT_SHOW = ShowConfig(id="podcast", title="Podcast")


class PersonConfig(PersonBase):
    """A people-registry entry: an `id` (required here) and who the person is."""

    id: str


class EpisodeOverride(EpisodeContent):
    """Values that replace what the source says, for every episode the source yields; only keys given apply."""

    id: Slug | None = None
    people: list[PersonRef] | None = None


Formats = Callable[[], Sequence[str]]  # the readers' names, asked for only when a source names a format


def _known_format(name: str | None, info: ValidationInfo) -> str | None:
    """The config knows no reader (readers come after it in the layers): whoever loads it says which names
    exist (`load(..., formats=...)`; the CLI passes the registry's)."""
    formats: Formats | None = (info.context or {}).get("formats")
    if name is not None and formats is not None and name not in formats():
        raise ValueError(f"unknown format {name!r} (known: {', '.join(formats())})")
    return name


class SourceConfig(_Config):
    path: str = Field(description="A file, folder or glob, relative to etl.yaml.")
    format: Annotated[str | None, AfterValidator(_known_format)] = None
    show: Slug | None = None
    target: Slug | None = Field(default=None, description="For chapters and transcripts: the episode they complete.")
    role: Kind | None = Field(default=None, description="What the source is, when its own shape is not the answer.")
    enrich: bool = Field(
        default=False, description="A feed that makes no episodes: its items fill what other sources' episodes lack."
    )
    media_url: HttpUrl | None = Field(
        default=None,
        description="The public URL of the folder the source's audio files are served from: an audio file's "
        "enclosure is this and its file name.",
    )
    site_url: HttpUrl | None = Field(
        default=None,
        description="The site the source's pages come from: their relative URLs (images, audio, links) resolve "
        "against it.",
    )
    match: Literal["numbers", "link", "title"] | None = Field(
        default=None, description="With enrich: the one way items find their episodes (default: each in turn)."
    )
    override: EpisodeOverride = Field(default_factory=EpisodeOverride)


class Config(_Config):
    shows: list[ShowConfig] = Field(default_factory=list)
    people: list[PersonConfig] = Field(default_factory=list)
    people_dir: str | None = None
    sources: list[SourceConfig] = Field(default_factory=list)
    base_url: HttpUrl | None = None
    max_source_bytes: int = Field(default=20_000_000, gt=0)
    max_audio_bytes: int = Field(default=2_000_000_000, gt=0, description="An audio file's limit (never read whole).")
    site: bool = Field(default=True, description="Episode, show and person pages; false for a site of your own.")

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
