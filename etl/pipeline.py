"""discover -> read -> extract (cached, parallel) -> transform -> keep-last-good -> render.

Everything but writing the out folder (etl.publish) and talking to the user (etl.cli).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from etl import __version__
from etl import extract as readers
from etl.cache import Cache, digest
from etl.config import Config, load_people_dir
from etl.draft import EpisodeDraft
from etl.errors import Diagnostic, SourceError
from etl.load import WRITERS
from etl.load.site import Site
from etl.model import Episode
from etl.people import Registry
from etl.sources import SourceSpec, decode, origin, read
from etl.transform import Outcome, SourceDrafts, transform


@dataclass
class Extracted:
    """What one source gave: drafts, or the error that stopped it."""

    spec: SourceSpec
    origin: str = ""
    drafts: list[EpisodeDraft] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    error: SourceError | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
    sha256: str = ""
    cached: bool = False


def registry_for(config: Config) -> tuple[Registry, list[Diagnostic]]:
    pages, notes = load_people_dir(config)
    return Registry.of([*pages, *config.people]), notes


@dataclass
class Build:
    extracted: list[Extracted]
    outcome: Outcome
    key: str = ""
    kept: list[str] = field(default_factory=list)  # ids kept from the last good build
    unchanged: bool = False
    replay: dict[str, Any] = field(default_factory=dict)

    @property
    def episodes(self) -> list[Episode]:
        return self.outcome.episodes

    @property
    def errors(self) -> list[SourceError]:
        return [e.error for e in self.extracted if e.error] + self.outcome.errors

    @property
    def warnings(self) -> list[Diagnostic]:
        return [w for e in self.extracted for w in e.warnings] + self.outcome.warnings


def _extract_text(text: str, path: str, format: str | None) -> tuple[list[EpisodeDraft], list[str], tuple | None]:
    """Worker-process entry point; errors travel as plain tuples (exceptions lose fields in pickling)."""
    try:
        drafts, reasons = readers.extract(text, path, format)
        return drafts, reasons, None
    except SourceError as exc:
        return [], [], (exc.message, exc.path, exc.line)
    except RecursionError:
        return [], [], ("source nested too deeply to read", path, None)


Progress = Callable[[int, int], None]


def _extract_all(jobs: list[tuple[str, str, str | None]], workers: int, progress: Progress | None) -> list[tuple]:
    results: list[tuple] = []
    if workers <= 1 or len(jobs) < 2:
        stream: Iterable[tuple] = (_extract_text(*job) for job in jobs)
        return _collect(stream, len(jobs), progress)
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        # chunks keep pickling overhead low; map keeps source order, so results do not depend on timing
        chunk = max(1, len(jobs) // (workers * 8))
        results = _collect(pool.map(_extract_text, *zip(*jobs, strict=True), chunksize=chunk), len(jobs), progress)
    return results


def _collect(stream: Iterable[tuple], total: int, progress: Progress | None) -> list[tuple]:
    results = []
    for result in stream:
        results.append(result)
        if progress:
            progress(len(results), total)
    return results


def build(
    specs: list[SourceSpec],
    config: Config,
    format: str | None = None,
    *,
    jobs: int = 1,
    cache: Cache | None = None,
    base_url: str | None = None,
    out: str | None = None,
    ordered: bool = True,
    progress: Progress | None = None,
) -> Build:
    cache = cache or Cache(None)
    registry, notes = registry_for(config)
    config_digest = digest(
        config.model_dump(mode="json"),
        [p.model_dump(mode="json") for p in sorted(registry.by_id.values(), key=lambda p: p.id)],
    )
    extracted = [Extracted(spec, origin(spec.path, config.base_dir)) for spec in specs]
    if ordered:  # the same sources in any order give the same build
        extracted.sort(key=lambda e: (e.origin, e.spec.display))

    misses: list[tuple[Extracted, str, str | None, str]] = []
    for item in extracted:
        spec = item.spec
        chosen = format or (spec.options.format if spec.options else None)
        try:
            data, item.sha256 = read(spec.path, config.max_source_bytes)
            text, item.warnings = decode(data, spec.display)
        except SourceError as exc:
            item.error = exc.located(spec.display)
            continue
        key = cache.source_key(item.sha256, config_digest, f"{chosen}|{spec.display}|{item.origin}")
        hit = cache.drafts(key)
        if hit is not None:
            item.drafts, item.reasons = hit
            item.cached = True
        else:
            misses.append((item, text, chosen, key))

    key = digest(
        __version__, config_digest, format, base_url, out, [(e.origin, e.spec.display, e.sha256) for e in extracted]
    )
    state = cache.state()
    if state.get("key") == key and _outputs_intact(state):
        return Build(extracted, Outcome(), key=key, unchanged=True, replay=state)

    results = _extract_all([(text, item.spec.display, chosen) for item, text, chosen, _ in misses], jobs, progress)
    for (item, _, _, draft_key), (drafts, reasons, error) in zip(misses, results, strict=True):
        if error:
            item.error = SourceError(*error)
            continue
        item.drafts, item.reasons = drafts, reasons
        cache.store_drafts(draft_key, drafts, reasons)
    for item in extracted:
        for draft in item.drafts:
            draft.sha256, draft.origin = item.sha256, item.origin

    outcome = transform(
        [SourceDrafts(e.drafts, e.spec.options, e.spec.option_index) for e in extracted if not e.error],
        config,
        registry,
    )
    outcome.warnings[:0] = notes
    result = Build(extracted, outcome, key=key)
    _keep_last_good(result, cache)
    return result


def _outputs_intact(state: dict[str, Any]) -> bool:
    out = state.get("out")
    files = state.get("files")
    if not isinstance(out, str) or not isinstance(files, dict):
        return False
    for relative, size in files.items():
        try:
            if os.path.getsize(os.path.join(out, relative)) != size:
                return False
        except OSError:
            return False
    return True


def failed_origins(result: Build) -> set[str]:
    by_display = {e.spec.display: e.origin for e in result.extracted}
    failed = {e.origin for e in result.extracted if e.error}
    failed |= {by_display.get(path, path) for path in result.outcome.failed_sources}
    return failed


def _keep_last_good(result: Build, cache: Cache) -> None:
    """A source that fails now keeps the episodes it last built: a bad edit never unpublishes an episode."""
    produced = {e.id for e in result.outcome.episodes}
    for source in sorted(failed_origins(result)):
        for document in cache.last_good(source):
            try:
                episode = Episode.model_validate(document)
            except ValueError:
                continue
            if episode.id not in produced:
                result.outcome.episodes.append(episode)
                result.kept.append(episode.id)
                produced.add(episode.id)
                result.outcome.warnings.append(
                    Diagnostic(f"kept the last good version of episode {episode.id!r}", source)
                )


def remember_last_good(result: Build, cache: Cache) -> None:
    failed = failed_origins(result)
    by_origin: dict[str, list[dict[str, Any]]] = {e.origin: [] for e in result.extracted if e.origin not in failed}
    for episode in result.episodes:
        primary = episode.sources[0].path
        if primary in by_origin:
            by_origin[primary].append(episode.model_dump(mode="json"))
    for source, episodes in by_origin.items():
        cache.store_last_good(source, episodes)


def render(episodes: list[Episode], site: Site) -> dict[str, bytes]:
    """Every output file, keyed by its path in the out folder, in write order (feeds last)."""
    files: dict[str, bytes] = {}
    for writer in WRITERS:
        files.update(writer.render(episodes, site))
    return files


def writer_warnings(episodes: list[Episode], site: Site) -> list[Diagnostic]:
    return [w for writer in WRITERS if hasattr(writer, "warnings") for w in writer.warnings(episodes, site)]


def site_for(config: Config, base_url: str | None) -> Site:
    return Site(base_url=base_url or config.base_url, shows={s.id: s for s in config.shows})
