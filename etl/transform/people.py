"""People: the registry (etl.yaml `people` and `people_dir` pages), and the one place that turns ids,
names, aliases and transcript labels into the people credited in an episode."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from etl import yamlsafe
from etl.config import Config, PersonConfig
from etl.draft import EpisodeDraft, PersonRef
from etl.errors import ConfigError, Diagnostic, SourceError
from etl.model import Link, Person
from etl.roles import HOSTS, normalise
from etl.text import match_label, name_key


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


# -- the registry ---------------------------------------------------------------------------------


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


# -- crediting an episode's people ----------------------------------------------------------------


def credit(draft: EpisodeDraft, ref: PersonRef, known: PersonConfig | None, line: int | None = None) -> Person:
    """The person a reference means: the registry entry's name, links and aliases when it knows them."""
    name = known.name if known else ref.name
    if name is None:
        name = ref.id or "Unknown"
        draft.warn(f"person id {ref.id!r} is not in the people registry; add it to `people` or `people_dir`", line)
    written = ref.role if ref.role is not None else (known.role if known else "guest")  # None: a voice, role unknown
    role = normalise(written)
    if not role.known:
        draft.warn(f"role {written!r} is not a Podcasting 2.0 role we know; credited as guest", line)
    aliases = {*(known.aliases if known else ()), *ref.aliases, *([ref.name] if ref.name else [])} - {name}
    return Person(
        name=name,
        role=role.role,
        group=role.group,
        id=known.id if known else ref.id,
        aliases=sorted(aliases),
        href=known.href if known else ref.href,
        img=known.img if known else ref.img,
        links=list(known.links if known else ref.links),
    )


def resolve(draft: EpisodeDraft, registry: Registry) -> list[Person]:
    """The episode's people, hosts first; transcript labels in `draft.paragraphs` become their full names.

    People a source names (with a role) come first. Voices a transcript file names (role unknown) are resolved
    like any speaker label: the registry, else an episode person by first name, else a guest of their own."""
    people: dict[str, Person] = {}
    for ref in draft.people:
        if ref.role is not None:
            person = credit(draft, ref, registry.get(ref.id, ref.name), ref.line)
            people[person.name] = person
    voices = {ref.name: ref for ref in draft.people if ref.role is None and ref.name}
    _resolve_speakers(draft, registry, people, voices)
    # Hosts lead the credits; everyone else keeps the order the source gave.
    return sorted(people.values(), key=lambda p: p.role not in HOSTS)


def _resolve_speakers(
    draft: EpisodeDraft, registry: Registry, people: dict[str, Person], voices: dict[str, PersonRef]
) -> None:
    """Transcript labels become full names: the registry first, then the episode's own people by first name."""
    names: dict[str, str] = {}
    for label in sorted({p.speaker for p in draft.paragraphs if p.speaker} | set(voices)):
        known = registry.get(name=label)
        if known:
            names[label] = known.name
            if known.name not in people:
                people[known.name] = credit(draft, PersonRef(id=known.id, role=None), known)
            continue
        full = match_label(label, list(people))
        if full:
            names[label] = full
        elif label in voices:
            people[label] = credit(draft, voices[label], None, getattr(voices[label], "line", None))
            names[label] = label
    for label, full in names.items():
        person = people[full]
        if label != full and label not in person.aliases:
            people[full] = person.model_copy(update={"aliases": sorted({*person.aliases, label})})
    for paragraph in draft.paragraphs:
        if paragraph.speaker in names:
            paragraph.speaker = names[paragraph.speaker]
