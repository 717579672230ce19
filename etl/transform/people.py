"""The one place that turns ids, names, aliases and transcript labels into the people credited in an episode,
through the people registry (`etl.transform.registry`)."""

from __future__ import annotations

from etl.config import PersonConfig
from etl.model import Person
from etl.model.draft import EpisodeDraft, Paragraph, PersonRef
from etl.transform.registry import Registry
from etl.transform.roles import HOSTS, normalise
from etl.util.text import match_label


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
    # A paragraph is checked already: only a label that becomes another name is checked (once, not per paragraph)
    checked = {label: Paragraph.of(full, None, "x").speaker for label, full in names.items() if full != label}
    if checked:
        draft.paragraphs = [
            Paragraph(p.start, p.text, p.line, checked[p.speaker]) if p.speaker in checked else p
            for p in draft.paragraphs
        ]
