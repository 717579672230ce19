"""Drafts in, validated episodes out: the only place that merges, resolves, derives and validates.

Order of work, per build: apply per-source config (show, overrides) -> derive ids ->
merge sidecar chapter lists into their episodes -> resolve people and speakers through
the registry -> build turns -> validate with pydantic, then against the published JSON Schema.
A failure costs only the episode (or source) it belongs to; it comes back as a SourceError.
"""

from __future__ import annotations

import functools
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import fastjsonschema
import jsonschema
from pydantic import ValidationError

from etl.config import Config, EpisodeOverride, SourceConfig
from etl.draft import ChapterDraft, EpisodeDraft, Paragraph, PersonDraft
from etl.errors import Diagnostic, SourceError
from etl.model import Episode, Person, ShowRef, Source, Turn, episode_schema
from etl.people import Registry, match_label
from etl.roles import normalise
from etl.text import humanize_stem, slugify

# The Podcasting 2.0 namespace UUID: guids are UUIDv5 in the same family as podcast:guid.
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


@dataclass
class SourceDrafts:
    """Everything one source yielded, with the config entry (if any) that named it."""

    drafts: list[EpisodeDraft]
    options: SourceConfig | None = None
    option_index: int | None = None


@dataclass
class _Findings:
    """Errors and warnings of a step, and which sources (by path) failed in it."""

    errors: list[SourceError] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    failed_sources: set[str] = field(default_factory=set)


@dataclass
class Outcome(_Findings):
    episodes: list[Episode] = field(default_factory=list)


def episode_guid(show_id: str, episode_id: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"{show_id}/{episode_id}"))


def derive_id(show_id: str, draft: EpisodeDraft, many: bool) -> str:
    """Show + season/episode when the source has them, else the file name (+ date when it holds many)."""
    if draft.season is not None and draft.episode is not None:
        return f"{show_id}-s{draft.season:02d}e{draft.episode:02d}"
    if draft.episode is not None:
        return f"{show_id}-e{draft.episode:02d}"
    base = f"{show_id}-{draft.key}"
    if many and draft.published:
        base += "-" + slugify(draft.published[:10])
    return base


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline_refs(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(item, defs) for item in node]
    return node


_TYPED_KEYWORDS = {
    "type",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "items",
    "properties",
    "required",
    "additionalProperties",
    "minItems",
    "title",
    "description",
}


def _merge_nullable(node: Any) -> Any:
    """`anyOf: [{type: T, ...}, {type: null}]` -> `{type: [T, null], ...}`: the same constraint (each
    keyword here only applies to its own type), checked in one step instead of two branches."""
    if isinstance(node, list):
        return [_merge_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _merge_nullable(value) for key, value in node.items()}
    branches = node.get("anyOf")
    if isinstance(branches, list) and len(branches) == 2 and {"type": "null"} in branches:
        other = next(b for b in branches if b != {"type": "null"})
        if isinstance(other.get("type"), str) and set(other) <= _TYPED_KEYWORDS:
            merged = {key: value for key, value in node.items() if key != "anyOf"}
            merged.update(other)
            merged["type"] = [other["type"], "null"]
            return merged
    return node


@functools.cache
def _validator() -> Callable[[Any], Any]:
    # Validating each of thousands of turns through the committed schema's $defs and nullable
    # anyOf branches with jsonschema was a fifth of a build. The build validates an equivalent
    # form (refs inlined, none is recursive; nullable branches merged) compiled to Python code by
    # fastjsonschema. Its keywords mean the same in draft 7, which fastjsonschema implements.
    # A test holds the compiled form to jsonschema's verdicts on the committed schema.
    schema = episode_schema()
    flat = _merge_nullable(_inline_refs(schema, schema.get("$defs", {})))
    flat = {key: value for key, value in flat.items() if key not in ("$schema", "$id")}
    return fastjsonschema.compile(flat)


@functools.cache
def _reference() -> jsonschema.protocols.Validator:
    """jsonschema on the committed schema itself: slower, with the clearest message for a failure."""
    schema = episode_schema()
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def is_valid(document: dict[str, Any]) -> bool:
    try:
        _validator()(document)
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


def validate_document(document: dict[str, Any]) -> None:
    """Raise SourceError unless `document` is valid against the published episode schema."""
    try:
        _validator()(document)
    except fastjsonschema.JsonSchemaValueException as exc:
        error = jsonschema.exceptions.best_match(_reference().iter_errors(document))
        if error is None:  # only the compiled form's stricter format checks object: its words, our shape
            where = exc.name.removeprefix("data").lstrip(".").replace(".", "/") or "episode"
            raise SourceError(f"schema: {where}: {exc.message.removeprefix(exc.name).strip()}") from None
        where = "/".join(str(p) for p in error.absolute_path) or "episode"
        raise SourceError(f"schema: {where}: {error.message}") from None


def _apply(draft: EpisodeDraft, override: EpisodeOverride) -> None:
    values = override.model_dump(exclude_unset=True, exclude={"id", "people"})
    for key, value in values.items():
        setattr(draft, key, value if key != "enclosure" else override.enclosure)
    draft.duration_overridden = "duration" in values
    if override.links is not None:
        draft.links = list(override.links)
    if override.people is not None:
        draft.people = [PersonDraft(id=p.id, name=p.name, role=p.role) for p in override.people]


def _resolve_people(draft: EpisodeDraft, registry: Registry) -> list[Person]:
    people: dict[str, Person] = {}
    for ref in draft.people:
        known = registry.get(ref.id, ref.name)
        name = known.name if known else ref.name
        if name is None:
            name = ref.id or "Unknown"
            draft.warn(
                f"person id {ref.id!r} is not in the people registry; add it to `people` or `people_dir`",
                ref.line,
            )
        aliases = sorted({*(known.aliases if known else ()), *ref.aliases, *([ref.name] if ref.name else [])} - {name})
        role, group = normalise(ref.role)
        if role != " ".join(ref.role.casefold().split()):
            draft.warn(f"role {ref.role!r} is not a Podcasting 2.0 role we know; credited as guest", ref.line)
        people[name] = Person(
            name=name,
            role=role,
            group=group,
            id=known.id if known else ref.id,
            aliases=aliases,
            href=known.href if known else None,
            img=known.img if known else None,
            links=list(known.links if known else ref.links),
        )
    _resolve_speakers(draft, registry, people)
    # Hosts lead the credits; everyone else keeps the order the source gave.
    return sorted(people.values(), key=lambda p: p.role not in ("host", "co-host"))


def _resolve_speakers(draft: EpisodeDraft, registry: Registry, people: dict[str, Person]) -> None:
    """Transcript labels become full names: the registry first, then the episode's own people by first name."""
    labels = {p.speaker for p in draft.paragraphs if p.speaker}
    names: dict[str, str] = {}
    for label in sorted(labels):
        known = registry.get(name=label)
        if known:
            names[label] = known.name
            if known.name not in people:
                role, group = normalise(known.role)
                people[known.name] = Person(
                    name=known.name,
                    role=role,
                    group=group,
                    id=known.id,
                    aliases=sorted(set(known.aliases)),
                    href=known.href,
                    img=known.img,
                    links=list(known.links),
                )
            continue
        full = match_label(label, list(people))
        if full:
            names[label] = full
    for label, full in names.items():
        person = people[full]
        if label != full and label not in person.aliases:
            people[full] = person.model_copy(update={"aliases": sorted({*person.aliases, label})})
    for paragraph in draft.paragraphs:
        if paragraph.speaker in names:
            paragraph.speaker = names[paragraph.speaker]


def build_turns(paragraphs: list[Paragraph], chapter_starts: list[float]) -> list[Turn]:
    """Maximal runs of one known speaker's paragraphs, broken wherever a chapter starts.

    An unknown speaker (None) never merges with a neighbour: two unlabelled lines may be
    two people. Paragraphs without a time stay in the turn they fall in.
    """
    turns: list[dict[str, Any]] = []
    upcoming = sorted(chapter_starts)
    index = 0
    for paragraph in paragraphs:
        boundary = False
        if paragraph.start is not None:
            while index < len(upcoming) and paragraph.start >= upcoming[index]:
                index += 1
                boundary = True
        last = turns[-1] if turns else None
        if last and not boundary and paragraph.speaker is not None and paragraph.speaker == last["speaker"]:
            last["text"] += "\n\n" + paragraph.text
            if last["start"] is None:
                last["start"] = paragraph.start
        else:
            turns.append({"speaker": paragraph.speaker, "start": paragraph.start, "text": paragraph.text})
    return [Turn(**t) for t in turns]


def _line_for(draft: EpisodeDraft, loc: tuple[Any, ...], message: str) -> int | None:
    """The source line behind a validation error: the item's own line, else the last chapter for
    chapter-wide rules (only the last one can run past the end), else the episode's first line."""
    if len(loc) >= 2 and loc[0] in ("chapters", "people") and isinstance(loc[1], int):
        items = getattr(draft, loc[0])
        if loc[1] < len(items):
            return items[loc[1]].line
    if ((loc and loc[0] == "chapters") or (not loc and "chapter" in message)) and draft.chapters:
        return draft.chapters[-1].line
    return draft.line


def reconcile_duration(draft: EpisodeDraft) -> None:
    """Sources often give the audio's length but time chapters on a longer recording (131 of the
    DataTalks corpus pages, and their chapter lists). The chapters are the richer data, so a
    source's duration that ends before them is dropped with a warning; a duration set in
    etl.yaml is trusted and the episode fails instead."""
    if draft.duration is None or not draft.chapters or draft.duration_overridden:
        return
    last = max(c.start for c in draft.chapters)
    if last > draft.duration:
        draft.warn(
            f"duration {draft.duration:g} s ends before the chapter at {last:g} s "
            "(timed on a longer recording?); duration left unknown",
            draft.line,
        )
        draft.duration = None


def finish(draft: EpisodeDraft, show: ShowRef, episode_id: str, registry: Registry) -> Episode:
    """One draft, already merged and overridden, to a validated Episode."""
    reconcile_duration(draft)
    if any(a.start > b.start for a, b in zip(draft.chapters, draft.chapters[1:], strict=False)):
        draft.warn("chapters are out of order; sorted by start time", draft.chapters[0].line)
        draft.chapters.sort(key=lambda c: c.start)
    people = _resolve_people(draft, registry)
    sources = [Source(path=draft.origin or draft.path, format=draft.format, sha256=draft.sha256)]
    sources += draft.merged
    try:
        episode = Episode(
            id=episode_id,
            guid=episode_guid(show.id, episode_id),
            show=show,
            title=draft.title or "Untitled",
            season=draft.season,
            episode=draft.episode,
            episode_type=draft.episode_type,
            published=draft.published,
            duration=draft.duration,
            summary=draft.summary,
            topics=draft.topics,
            link=draft.link,
            image=draft.image,
            enclosure=draft.enclosure,
            explicit=draft.explicit,
            people=people,
            chapters=[c.to_chapter() for c in draft.chapters],
            turns=build_turns(draft.paragraphs, [c.start for c in draft.chapters]),
            links=draft.links,
            sources=sources,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise SourceError(
            f"{where}: {message}" if where else message, draft.path, _line_for(draft, first["loc"], message)
        ) from None
    try:
        validate_document(episode.document())
    except SourceError as exc:
        raise exc.located(draft.path, draft.line) from None
    return episode


@dataclass
class Assignment:
    """What the plan decided for one episode draft: its id and show, and any chapter list merged into it."""

    source: int
    index: int
    episode_id: str
    show: ShowRef
    chapters: list[ChapterDraft] | None = None
    merged: list[Source] = field(default_factory=list)


@dataclass
class Plan(_Findings):
    assignments: list[Assignment] = field(default_factory=list)


# What `plan` reads of an episode draft: its place, and what ids derive from. Nothing else is kept, so
# the heads of 20,000 sources fit in a few tens of megabytes.
HEAD_FIELDS = ("path", "format", "sha256", "origin", "key", "line", "title", "season", "episode", "published")


def head(draft: EpisodeDraft) -> EpisodeDraft:
    """The part of a draft the plan needs; chapter lists (small, and merged by the plan) stay whole."""
    if draft.sidecar:
        return draft
    return EpisodeDraft(**{name: getattr(draft, name) for name in HEAD_FIELDS})


def prepare(draft: EpisodeDraft, options: SourceConfig | None, option_index: int | None) -> None:
    """Per-source config applied to one draft; idempotent, so plan (on heads) and completion agree."""
    if options:
        _apply(draft, options.override)
    if not draft.title:
        draft.title = humanize_stem(draft.path)
        key = f"sources[{option_index}].override.title" if options else "sources[].override.title"
        draft.warn(f"no title in the source; using {draft.title!r} (set `{key}` in etl.yaml)", draft.line)


def plan(sources: list[SourceDrafts], config: Config) -> Plan:
    """Global decisions over every source's heads: ids, sidecar merges, duplicate ids."""
    result = Plan()
    ready: list[tuple[EpisodeDraft, ShowRef, str, int, int]] = []
    sidecars: list[tuple[EpisodeDraft, ShowRef, SourceConfig | None]] = []
    for n, source in enumerate(sources):
        options = source.options
        show_config = config.show(options.show if options else None)
        show = ShowRef(id=show_config.id, title=show_config.title)
        episodes = [d for d in source.drafts if not d.sidecar]
        for i, original in enumerate(source.drafts):
            if original.sidecar:
                sidecars.append((original, show, options))
                continue
            draft = original.model_copy(deep=True)
            prepare(draft, options, source.option_index)
            episode_id = options.override.id if options and options.override.id else None
            if episode_id and len(episodes) > 1:
                result.errors.append(SourceError("`override.id` given for a source with several episodes", draft.path))
                result.failed_sources.add(draft.path)
                continue
            ready.append((draft, show, episode_id or derive_id(show.id, draft, len(episodes) > 1), n, i))
    _number_repeats(ready)
    merges = _merge_sidecars(ready, sidecars)
    owners: dict[str, str] = {}
    for draft, show, episode_id, n, i in ready:
        if episode_id in owners and owners[episode_id] != draft.path:
            result.errors.append(
                SourceError(
                    f"episode id {episode_id!r} is also produced by {owners[episode_id]}", draft.path, draft.line
                )
            )
            result.failed_sources.add(draft.path)
            continue
        owners[episode_id] = draft.path
        chapters, merged = merges.get(id(draft), (None, []))
        result.assignments.append(Assignment(n, i, episode_id, show, chapters, merged))
    for sidecar, _, _ in sidecars:
        result.warnings.extend(sidecar.diagnostics())
    return result


def complete(
    draft: EpisodeDraft,
    assignment: Assignment,
    options: SourceConfig | None,
    option_index: int | None,
    registry: Registry,
) -> Episode:
    """One full draft and its plan to a validated Episode (raises SourceError)."""
    prepare(draft, options, option_index)
    if assignment.chapters is not None:
        draft.chapters = list(assignment.chapters)
    draft.merged = list(assignment.merged)
    return finish(draft, assignment.show, assignment.episode_id, registry)


def transform(sources: list[SourceDrafts], config: Config, registry: Registry) -> Outcome:
    """Plan and complete every episode in memory (for `etl extract` and small builds)."""
    decided = plan([SourceDrafts([head(d) for d in s.drafts], s.options, s.option_index) for s in sources], config)
    outcome = Outcome(errors=list(decided.errors), failed_sources=set(decided.failed_sources))
    for assignment in decided.assignments:
        source = sources[assignment.source]
        draft = source.drafts[assignment.index]
        try:
            outcome.episodes.append(complete(draft, assignment, source.options, source.option_index, registry))
        except SourceError as exc:
            outcome.errors.append(exc.located(draft.path))
            outcome.failed_sources.add(draft.path)
        outcome.warnings.extend(draft.diagnostics())
    outcome.warnings.extend(decided.warnings)
    return outcome


def _number_repeats(ready: list[tuple[EpisodeDraft, ShowRef, str, int, int]]) -> None:
    """Two episodes of one source on the same day get `-2`, `-3` in source order."""
    counts = Counter((d.path, i) for d, _, i, _, _ in ready)
    seen: Counter[tuple[str, str]] = Counter()
    for n, (draft, show, episode_id, s, i) in enumerate(ready):
        if counts[(draft.path, episode_id)] > 1:
            seen[(draft.path, episode_id)] += 1
            if seen[(draft.path, episode_id)] > 1:
                ready[n] = (draft, show, f"{episode_id}-{seen[(draft.path, episode_id)]}", s, i)


def _merge_sidecars(
    ready: list[tuple[EpisodeDraft, ShowRef, str, int, int]],
    sidecars: list[tuple[EpisodeDraft, ShowRef, SourceConfig | None]],
) -> dict[int, tuple[list[ChapterDraft], list[Source]]]:
    """A chapter list replaces the chapters of the episode it names (config `target`) or shares numbers with."""
    by_id = {episode_id: draft for draft, _, episode_id, _, _ in ready}
    by_number = {(s.id, d.season, d.episode): d for d, s, _, _, _ in ready if d.episode is not None}
    merges: dict[int, tuple[list[ChapterDraft], list[Source]]] = {}
    for sidecar, show, options in sorted(sidecars, key=lambda s: s[0].path):
        if options and options.target:
            target = by_id.get(options.target)
        else:
            target = by_number.get((show.id, sidecar.season, sidecar.episode))
        if target is None:
            wanted = options.target if options and options.target else f"s{sidecar.season}e{sidecar.episode}"
            sidecar.warn(f"chapter list matches no episode ({show.id} {wanted}); set `target` in etl.yaml")
            continue
        _, merged = merges.get(id(target), (None, []))
        source = Source(path=sidecar.origin or sidecar.path, format=sidecar.format, sha256=sidecar.sha256)
        merges[id(target)] = (list(sidecar.chapters), [*merged, source])
    return merges
