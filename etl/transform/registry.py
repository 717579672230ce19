"""The people registry: `people` in etl.yaml and the pages of `people_dir`, looked up by id, name or alias."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from etl.config import Config, PersonConfig
from etl.errors import ConfigError, Diagnostic, SourceError
from etl.model import Link
from etl.util import yamlsafe
from etl.util.text import name_key


@dataclass
class Registry:
    by_id: dict[str, PersonConfig] = field(default_factory=dict)
    by_name: dict[str, PersonConfig] = field(default_factory=dict)

    @classmethod
    def of(cls, people: Iterable[PersonConfig]) -> Registry:
        """Later entries win, so `people` in etl.yaml (listed after people_dir pages) can correct a page."""
        registry = cls()
        for person in people:
            registry.by_id[person.id] = person
            for name in (person.name, *person.aliases):
                registry.by_name[name_key(name)] = person
        return registry

    def get(self, person_id: str | None = None, name: str | None = None) -> PersonConfig | None:
        if person_id and person_id in self.by_id:
            return self.by_id[person_id]
        if name:
            return self.by_name.get(name_key(name))
        return None


def load_registry(config: Config) -> tuple[Registry, list[Diagnostic]]:
    """`people_dir` pages, then `people` entries (which win), with a warning for each unreadable page."""
    pages, notes = _people_dir(config)
    return Registry.of([*pages, *config.people]), notes


def _people_dir(config: Config) -> tuple[list[PersonConfig], list[Diagnostic]]:
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


_PAGE_LINKS = {  # front-matter key -> (link title, URL pattern)
    "web": ("Website", "{}"),
    "github": ("GitHub", "https://github.com/{}"),
    "twitter": ("Twitter", "https://twitter.com/{}"),
    "linkedin": ("LinkedIn", "https://www.linkedin.com/in/{}"),
}


def _person_page(page: Path) -> PersonConfig:
    """A people page: front matter with `short` (the id), `title` (the name) and link handles."""
    text = page.read_text(encoding="utf-8-sig", errors="replace")
    if not text.startswith("---"):
        raise SourceError("people page has no front matter; skipped", page, 1)
    front = text.split("\n---", 1)[0].removeprefix("---")
    data, _ = yamlsafe.load(front, str(page), first_line=1)
    if not isinstance(data, dict) or not isinstance(data.get("short"), str) or not isinstance(data.get("title"), str):
        raise SourceError("people page needs `short` and `title`; skipped", page, 1)
    links = []
    for key, (title, pattern) in _PAGE_LINKS.items():
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            try:
                links.append(Link(url=pattern.format(value.strip()), title=title))
            except ValidationError:
                continue  # a handle that makes no URL is not worth failing the registry for
    return PersonConfig(id=data["short"], name=data["title"].strip(), links=links)
