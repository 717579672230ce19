"""What flows between the build's stages: one dataclass per thing, never a loose tuple.

read  -> SourceJob   one readable source, hashed, with its cache key
scan  -> Scanned     its drafts' heads (drafts without transcripts), or the error that stopped it
plan  -> MakeJob     a source with what the plan decided for each of its episodes
make  -> Made        what publishing its episodes gave (a Published each), its errors and warnings
keep  -> Published   the last good episodes of sources that failed
write -> Report      what the run did, for the command line
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from etl.config import Config
from etl.errors import Diagnostic, SourceError
from etl.load import artwork
from etl.load.publication import Record, Site
from etl.model import Episode
from etl.pipeline.cache import digest, draft_key
from etl.pipeline.sources import SourceSpec
from etl.transform.heads import Planned
from etl.transform.registry import Registry, load_registry

if TYPE_CHECKING:
    from etl.transform.complete import Assignment

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Settings:
    """What every stage reads and none changes: the config, its people registry, the publication."""

    config: Config
    registry: Registry
    site: Site
    format: str | None = None  # --format: every source is read as this format, without detection
    notes: tuple[Diagnostic, ...] = ()  # warnings from loading the settings (unreadable people pages)

    @classmethod
    def load(cls, config: Config, base_url: str | None = None, format: str | None = None) -> Settings:
        config, files = artwork.publish_local(config, base_url or config.base_url)
        registry, notes = load_registry(config)
        site = dataclasses.replace(Site.of(config, base_url), artwork=files)
        return cls(config, registry, site, format, tuple(notes))

    @functools.cached_property
    def digest(self) -> str:
        """Everything in the configuration that can change an episode, as one hash (a cache key part)."""
        people = [p.model_dump(mode="json") for p in sorted(self.registry.by_id.values(), key=lambda p: p.id)]
        return digest(self.config.model_dump(mode="json"), people)


@dataclass(frozen=True)
class Options:
    """How to run, never what comes out: the same sources give the same bytes with any of these."""

    jobs: int = 1
    cache: Path | None = None  # the persistent cache folder; None: nothing persists between runs
    progress: Progress | None = None
    verbose: bool = False  # keep every detection verdict and cache hit (20,000 sources make many lines)


@dataclass(frozen=True)
class SourceJob:
    """One readable source: where it is, what its bytes hash to, and how to read it."""

    spec: SourceSpec
    origin: str  # provenance path, relative to the config's folder
    position: int  # in the order the sources were given: `etl extract` prints episodes in it
    sha256: str
    format: str | None  # forced by --format or the config entry; None: detect
    config_digest: str  # Settings.digest

    @functools.cached_property
    def key(self) -> str:
        """Its drafts' cache key (bytes, config, code, format, path); made only when a stage needs it, so a
        run that finds nothing changed never spends time on it."""
        return draft_key(self.sha256, self.config_digest, self.format, self.spec.display, self.origin)


def _without_job(result: Scanned | Made) -> dict[str, object]:
    """A result's state as a worker sends it back: without its job, which the main process holds and attaches
    again (scan, make). Each copy (its path, its config entry) was ~0.9 KB a source that the main process held
    beside the original through the build: ~18 MB at 20,000 sources."""
    return {**result.__dict__, "job": None}


@dataclass
class Scanned:
    __getstate__ = _without_job

    job: SourceJob
    heads: list[Planned] = field(default_factory=list)  # Heads, and whole drafts where the plan needs them
    reasons: list[str] = field(default_factory=list)  # every reader's detection verdict
    warnings: list[Diagnostic] = field(default_factory=list)
    cached: bool = False
    error: SourceError | None = None


@dataclass(frozen=True, slots=True)
class MakeJob:
    job: SourceJob
    assignments: list[Assignment]
    whole: bool = True  # the plan kept every episode of the source: only then is what it makes its last good state
    key: str = ""  # everything its episodes are made from (etl.pipeline.make.make_key), set by the make stage


@dataclass(frozen=True, slots=True)
class Published:
    """One episode as a sink published it: what collections (index, feeds) need, and the files written."""

    record: Record
    files: dict[str, int] = field(default_factory=dict)  # relative path -> size in bytes
    changed: list[str] = field(default_factory=list)  # files whose bytes changed (or would, for --check)
    episode: Episode | None = None  # only a sink that hands episodes back (etl extract) keeps it
    piece: str = ""  # the handle its collection pieces are kept by (etl.pipeline.pieces)
    digests: dict[str, str] = field(default_factory=dict)  # each collection writer's piece: a digest of its bytes
    warnings: tuple[str, ...] = ()  # what a writer could not carry, or a directory may refuse (make reports them)


@dataclass
class Outputs:
    """What a build published: every file with its size, and the key of each collection file (the records and
    pieces it was streamed from), so the next build rewrites only the collection files whose inputs changed."""

    files: dict[str, int] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)


@dataclass
class Made:
    __getstate__ = _without_job

    job: SourceJob
    published: list[Published] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


@dataclass
class Report:
    episodes: int = 0
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)  # printed with -v only
    written: int = 0
    removed: int = 0
    kept: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # --check: `+ new`, `~ changed`, `- removed` lines
    unchanged: bool = False  # nothing changed since the last build: nothing was done
    verbose: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage, shown by --verbose

    def add(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Warnings and notes, each to its own list."""
        for item in diagnostics:
            (self.notes if item.severity == "note" else self.warnings).append(item)
