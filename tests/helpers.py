"""Shared test helpers: run the real pipeline on real files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from conftest import ROOT

from etl.config import Config, load
from etl.errors import Diagnostic, SourceError
from etl.model import Episode
from etl.model.draft import EpisodeDraft
from etl.pipeline import Extraction, Settings, extract
from etl.pipeline.sources import SourceSpec, discover
from etl.transform.complete import complete
from etl.transform.heads import SourceDrafts, head, held
from etl.transform.plan import plan
from etl.transform.registry import Registry


def run(*paths: Path, config: Config | None = None, format: str | None = None) -> Extraction:
    """`etl extract` on `paths`, as the command runs it (every stage, nothing written)."""
    return run_specs([SourceSpec(Path(p)) for p in paths], config, format)


def run_specs(specs: list[SourceSpec], config: Config | None = None, format: str | None = None) -> Extraction:
    return extract(specs, Settings.load(config or Config(), format=format))


def run_with_fixture_config(*paths: Path) -> Extraction:
    """As `make run` would: the project's etl.yaml supplies shows, people and overrides."""
    config = load(ROOT / "etl.yaml")
    return extract(discover([str(p) for p in paths], config), Settings.load(config))


@dataclass
class Transformed:
    episodes: list[Episode] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def transform(sources: list[list[EpisodeDraft]], registry: Registry | None = None) -> Transformed:
    """Plan and complete drafts in memory: the transform's rules without any file."""
    registry = registry or Registry()
    heads = [SourceDrafts([held(head(d)) for d in drafts], handle=str(n)) for n, drafts in enumerate(sources)]
    decided = plan(heads, Config())
    result = Transformed(errors=list(decided.errors), warnings=list(decided.warnings))
    for drafts, assignments in zip(sources, decided.assignments, strict=True):
        for assignment in assignments:
            draft = drafts[assignment.index]
            ref = assignment.transcript
            transcript = sources[int(ref.handle)][ref.index] if ref else None
            try:
                result.episodes.append(complete(draft, assignment, None, None, registry, transcript))
            except SourceError as exc:
                result.errors.append(exc.located(draft.path))
            result.warnings += draft.diagnostics()
    return result


def words(text: str) -> list[str]:
    return text.split()


def searchable(out: Path) -> tuple[dict[str, bytes], dict[str, dict[str, list]]]:
    """What the site's search can find, whatever bundles hold it: each visible page's fragment (its URL,
    words, meta, filters and anchors) and each word's visible pages with their locations. The main bundle's
    bytes depend on the pages only, the recent bundle's on the build history (etl/load/search.py), so an
    incremental build is compared with a build from scratch by this, not by the bundles' bytes."""
    import gzip
    import json

    from etl.load import search, search_merge

    listing = json.loads((out / search.MANIFEST).read_text(encoding="utf-8"))
    fragments: dict[str, bytes] = {}
    words: dict[str, dict[str, list]] = {}
    for part in reversed(listing["parts"]):  # the recent bundle first: its pages replace the main one's
        bundle = out / "pagefind" / part
        entry = json.loads((bundle / search.ENTRY).read_text(encoding="utf-8"))
        (about,) = entry["languages"].values()
        meta = search_merge._load(bundle / f"pagefind.{about['hash']}.pf_meta")
        urls = []
        for name, _ in meta[1]:
            data = search_merge._load_fragment(bundle, name)
            url = json.loads(data)["url"]
            urls.append(None if name in listing["hide"] else url)
            assert not (urls[-1] and url in fragments), f"{url}: in two bundles, the stale copy not hidden"
            if urls[-1]:
                fragments[url] = gzip.compress(data, mtime=0)
        for _, _, chunk in meta[2]:
            for word in search_merge._load(bundle / "index" / f"{chunk}.pf_index")[0]:
                number = 0
                for page in word[1]:
                    number += page[0]
                    if urls[number]:
                        words.setdefault(word[0], {})[urls[number]] = page[1:]
    return fragments, words
