"""The in-memory pipeline: read -> extract -> transform, every episode held at once.

For `etl extract` and for tests, where the episodes are the result. `etl build` uses the
streaming etl.runner instead, which shares every step but holds one source at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from etl import extract as readers
from etl.cache import digest
from etl.config import Config, load_people_dir
from etl.draft import EpisodeDraft
from etl.errors import Diagnostic, SourceError
from etl.load.site import Site
from etl.model import Episode
from etl.people import Registry
from etl.sources import SourceSpec, decode, origin, read
from etl.transform import Outcome, SourceDrafts, transform


@dataclass
class Extracted:
    """What one source gave: drafts, or the error that stopped it."""

    spec: SourceSpec
    drafts: list[EpisodeDraft] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    error: SourceError | None = None
    warnings: list[Diagnostic] = field(default_factory=list)


@dataclass
class Build:
    extracted: list[Extracted]
    outcome: Outcome

    @property
    def episodes(self) -> list[Episode]:
        return self.outcome.episodes

    @property
    def errors(self) -> list[SourceError]:
        return [e.error for e in self.extracted if e.error] + self.outcome.errors

    @property
    def warnings(self) -> list[Diagnostic]:
        return [w for e in self.extracted for w in e.warnings] + self.outcome.warnings


def registry_for(config: Config) -> tuple[Registry, list[Diagnostic]]:
    pages, notes = load_people_dir(config)
    return Registry.of([*pages, *config.people]), notes


def config_digest(config: Config, registry: Registry) -> str:
    """Everything in the configuration that can change an episode, as one hash (a cache key part)."""
    people = [p.model_dump(mode="json") for p in sorted(registry.by_id.values(), key=lambda p: p.id)]
    return digest(config.model_dump(mode="json"), people)


def extract_one(spec: SourceSpec, config: Config, format: str | None = None) -> Extracted:
    result = Extracted(spec)
    try:
        data, sha = read(spec.path, config.max_source_bytes)
        text, result.warnings = decode(data, spec.display)
        chosen = format or (spec.options.format if spec.options else None)
        result.drafts, result.reasons = readers.extract(text, spec.display, chosen)
    except SourceError as exc:
        result.error = exc.located(spec.display)
        return result
    except RecursionError:
        result.error = SourceError("source nested too deeply to read", spec.display)
        return result
    for draft in result.drafts:
        draft.sha256, draft.origin = sha, origin(spec.path, config.base_dir)
    return result


def build(specs: list[SourceSpec], config: Config, format: str | None = None) -> Build:
    """Every episode of `specs`, in the order given."""
    registry, notes = registry_for(config)
    extracted = [extract_one(spec, config, format) for spec in specs]
    outcome = transform(
        [SourceDrafts(e.drafts, e.spec.options, e.spec.option_index) for e in extracted if not e.error],
        config,
        registry,
    )
    outcome.warnings[:0] = notes
    return Build(extracted, outcome)


def site_for(config: Config, base_url: str | None) -> Site:
    return Site(base_url=base_url or config.base_url, shows={s.id: s for s in config.shows})
