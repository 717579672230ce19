"""Decisions that need every source at once, made over drafts' heads: ids, sidecar merges, duplicate ids.

The plan sees only heads (drafts without transcripts), so it stays small at any scale; the
make step then completes each episode (`etl.transform`) with what was decided for it here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from etl.config import Config, SourceConfig
from etl.draft import ChapterDraft, EpisodeDraft
from etl.errors import Diagnostic, SourceError
from etl.model import ShowRef, Source
from etl.text import slugify
from etl.transform import Assignment, prepare

# What the plan reads of an episode draft: its place, and what ids derive from. Nothing else is kept, so
# the heads of 20,000 sources fit in a few tens of megabytes.
HEAD_FIELDS = ("path", "format", "sha256", "origin", "key", "line", "title", "season", "episode", "published")


def head(draft: EpisodeDraft) -> EpisodeDraft:
    """The part of a draft the plan needs; chapter lists (small, and merged by the plan) stay whole."""
    if draft.sidecar:
        return draft
    return EpisodeDraft(**{name: getattr(draft, name) for name in HEAD_FIELDS})


@dataclass(frozen=True)
class SourceDrafts:
    """Everything one source yielded (whole drafts or heads), with the config entry (if any) that named it."""

    drafts: list[EpisodeDraft]
    options: SourceConfig | None = None
    option_index: int | None = None


@dataclass
class Plan:
    """Per source (in the order given), what to make of each of its episode drafts."""

    assignments: list[list[Assignment]]
    failed: set[int] = field(default_factory=set)  # sources (by position) that failed the plan
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


@dataclass
class _Candidate:
    """An episode draft (a prepared copy of its head) and the id it would get."""

    draft: EpisodeDraft
    show: ShowRef
    episode_id: str
    source: int
    index: int


@dataclass
class _Sidecar:
    draft: EpisodeDraft
    show: ShowRef
    target: str | None


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


def plan(sources: list[SourceDrafts], config: Config) -> Plan:
    """Global decisions over every source's heads: ids, sidecar merges, duplicate ids."""
    result = Plan(assignments=[[] for _ in sources])
    candidates: list[_Candidate] = []
    sidecars: list[_Sidecar] = []
    for n, source in enumerate(sources):
        show_config = config.show(source.options.show if source.options else None)
        show = ShowRef(id=show_config.id, title=show_config.title)
        target = source.options.target if source.options else None
        sidecars += [_Sidecar(d, show, target) for d in source.drafts if d.sidecar]
        candidates += _candidates(n, source, show, result)
    _number_repeats(candidates)
    merges = _merge_sidecars(candidates, sidecars)
    owners: dict[str, str] = {}
    for candidate in candidates:
        draft, episode_id = candidate.draft, candidate.episode_id
        if owners.get(episode_id, draft.path) != draft.path:
            message = f"episode id {episode_id!r} is also produced by {owners[episode_id]}"
            result.errors.append(SourceError(message, draft.path, draft.line))
            result.failed.add(candidate.source)
            continue
        owners[episode_id] = draft.path
        chapters, merged = merges.get(id(draft), (None, []))
        assignment = Assignment(candidate.index, episode_id, candidate.show, chapters, merged)
        result.assignments[candidate.source].append(assignment)
    for sidecar in sidecars:
        result.warnings.extend(sidecar.draft.diagnostics())
    return result


def _candidates(n: int, source: SourceDrafts, show: ShowRef, result: Plan) -> list[_Candidate]:
    """The source's episode drafts with the ids they would get, or none when its config cannot apply."""
    episodes = [(i, d) for i, d in enumerate(source.drafts) if not d.sidecar]
    forced = source.options.override.id if source.options else None
    if forced and len(episodes) > 1:
        result.errors.append(SourceError("`override.id` given for a source with several episodes", episodes[0][1].path))
        result.failed.add(n)
        return []
    found = []
    for i, original in episodes:
        draft = original.model_copy(deep=True)
        prepare(draft, source.options, source.option_index)
        found.append(_Candidate(draft, show, forced or derive_id(show.id, draft, len(episodes) > 1), n, i))
    return found


def _number_repeats(candidates: list[_Candidate]) -> None:
    """Two episodes of one source on the same day get `-2`, `-3` in source order."""
    counts = Counter((c.draft.path, c.episode_id) for c in candidates)
    seen: Counter[tuple[str, str]] = Counter()
    for candidate in candidates:
        key = (candidate.draft.path, candidate.episode_id)
        if counts[key] > 1:
            seen[key] += 1
            if seen[key] > 1:
                candidate.episode_id = f"{candidate.episode_id}-{seen[key]}"


def _merge_sidecars(
    candidates: list[_Candidate], sidecars: list[_Sidecar]
) -> dict[int, tuple[list[ChapterDraft], list[Source]]]:
    """A chapter list replaces the chapters of the episode it names (config `target`) or shares numbers with.

    Keyed by the target draft's identity: the chapters and provenance to merge into it."""
    by_id = {c.episode_id: c.draft for c in candidates}
    by_number = {
        (c.show.id, c.draft.season, c.draft.episode): c.draft for c in candidates if c.draft.episode is not None
    }
    merges: dict[int, tuple[list[ChapterDraft], list[Source]]] = {}
    for sidecar in sorted(sidecars, key=lambda s: s.draft.path):
        draft = sidecar.draft
        if sidecar.target:
            target = by_id.get(sidecar.target)
        else:
            target = by_number.get((sidecar.show.id, draft.season, draft.episode))
        if target is None:
            draft.warn(_unmatched(sidecar))
            continue
        _, merged = merges.get(id(target), (None, []))
        merges[id(target)] = (list(draft.chapters), [*merged, draft.provenance()])
    return merges


def _unmatched(sidecar: _Sidecar) -> str:
    draft = sidecar.draft
    if sidecar.target:
        return f"chapter list names episode {sidecar.target!r} in etl.yaml, which no source gives"
    if draft.episode is None:
        return "chapter list names no episode: name the file sNNeMM-... or set `target` in etl.yaml"
    wanted = f"s{draft.season:02d}e{draft.episode:02d}" if draft.season is not None else f"e{draft.episode:02d}"
    return f"chapter list matches no episode ({sidecar.show.id} {wanted}); set `target` in etl.yaml"
