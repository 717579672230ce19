"""`etl.yaml`: shows, a people registry, and the sources to build with per-source overrides."""

from __future__ import annotations

import glob
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from etl import yamlsafe
from etl.errors import ConfigError, Diagnostic, SourceError
from etl.model import Enclosure, HttpUrl, Link, Published, Slug

DEFAULT_SHOW_ID = "podcast"


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Owner(_Config):
    name: str
    email: str


class ShowConfig(_Config):
    id: Slug
    title: str
    author: str | None = None
    description: str | None = None
    language: str = "en"
    image: HttpUrl | None = None
    link: HttpUrl | None = None
    categories: list[str] = Field(default_factory=list)
    explicit: bool = False
    owner: Owner | None = None
    locked: bool = True


class PersonConfig(_Config):
    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    role: str = "guest"
    href: HttpUrl | None = None
    img: HttpUrl | None = None
    links: list[Link] = Field(default_factory=list)


class PersonOverride(_Config):
    """A person named in an override: a registry `id`, or a `name`, or both."""

    id: str | None = None
    name: str | None = None
    role: str = "guest"


class EpisodeOverride(_Config):
    """Values that replace what the source says, for every episode the source yields."""

    id: Slug | None = None
    title: str | None = None
    season: int | None = Field(default=None, ge=0)
    episode: int | None = Field(default=None, ge=0)
    episode_type: Literal["full", "trailer", "bonus"] | None = None
    published: Published | None = None
    duration: float | None = Field(default=None, ge=0)
    summary: str | None = None
    topics: list[str] | None = None
    link: HttpUrl | None = None
    image: HttpUrl | None = None
    explicit: bool | None = None
    enclosure: Enclosure | None = None
    people: list[PersonOverride] | None = None
    links: list[Link] | None = None


class SourceConfig(_Config):
    path: str = Field(description="A file, folder or glob, relative to etl.yaml.")
    format: str | None = None
    show: Slug | None = None
    target: Slug | None = Field(default=None, description="For chapter lists: the episode id they belong to.")
    override: EpisodeOverride = Field(default_factory=EpisodeOverride)


class Config(_Config):
    shows: list[ShowConfig] = Field(default_factory=list)
    people: list[PersonConfig] = Field(default_factory=list)
    people_dir: str | None = None
    sources: list[SourceConfig] = Field(default_factory=list)
    base_url: HttpUrl | None = None
    max_source_bytes: int = Field(default=20_000_000, gt=0)

    # Set by `load`, not by the file.
    base_dir: Path = Field(default=Path("."), exclude=True)
    path: Path | None = Field(default=None, exclude=True)

    def show(self, show_id: str | None) -> ShowConfig:
        if show_id is None:
            return self.shows[0] if self.shows else ShowConfig(id=DEFAULT_SHOW_ID, title="Podcast")
        for show in self.shows:
            if show.id == show_id:
                return show
        return ShowConfig(id=show_id, title=show_id)


def _message(error: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in error["loc"])
    return f"{loc}: {error['msg']}" if loc else error["msg"]


def parse(text: str, path: str) -> Config:
    try:
        data, node = yamlsafe.load(text, path)
    except SourceError as exc:
        raise ConfigError(exc.message, exc.path, exc.line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the config must be a YAML mapping", path, 1)
    try:
        config = Config.model_validate(data)
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


def load(path: Path) -> Config:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("config file not found", path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config: {exc}", path) from None
    config = parse(text, str(path))
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


def load_people_dir(config: Config) -> tuple[list[PersonConfig], list[Diagnostic]]:
    """People pages (front matter with `short` id and `title` name) from `people_dir`."""
    if not config.people_dir:
        return [], []
    folder = config.base_dir / config.people_dir
    if not folder.is_dir():
        raise ConfigError(f"people_dir {config.people_dir!r} is not a folder", config.path)
    people, notes = [], []
    for page in sorted(folder.glob("*.md")):
        try:
            people.append(_person_page(page))
        except SourceError as exc:
            notes.append(Diagnostic(exc.message, exc.path, exc.line))
    return people, notes


_PAGE_TITLES = {"web": "Website", "github": "GitHub", "twitter": "Twitter", "linkedin": "LinkedIn"}
_PAGE_LINKS = {
    "web": "{}",
    "github": "https://github.com/{}",
    "twitter": "https://twitter.com/{}",
    "linkedin": "https://www.linkedin.com/in/{}",
}


def _person_page(page: Path) -> PersonConfig:
    text = page.read_text(encoding="utf-8-sig", errors="replace")
    if not text.startswith("---"):
        raise SourceError("people page has no front matter; skipped", page, 1)
    front = text.split("\n---", 1)[0].removeprefix("---")
    data, _ = yamlsafe.load(front, str(page), first_line=1)
    if not isinstance(data, dict) or not isinstance(data.get("short"), str) or not isinstance(data.get("title"), str):
        raise SourceError("people page needs `short` and `title`; skipped", page, 1)
    links = []
    for key, pattern in _PAGE_LINKS.items():
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            url = pattern.format(value.strip())
            try:
                links.append(Link(url=url, title=_PAGE_TITLES[key]))
            except ValidationError:
                continue  # a handle that makes no URL is not worth failing the registry for
    return PersonConfig(id=data["short"], name=data["title"].strip(), links=links)
