"""The plan over heads (etl.transform.heads.Head) decides what it decides over whole drafts, and a head held by
the main process stays a fraction of a draft's size."""

from __future__ import annotations

import hashlib
import pickle
import tracemalloc

import pytest
from conftest import ROOT

from etl import extract as readers
from etl.config import load
from etl.extract.common import Options
from etl.pipeline.scan import is_audio
from etl.pipeline.sources import discover
from etl.transform.heads import Head, SourceDrafts, head, held
from etl.transform.plan import plan


def fixture_sources():
    """Every source `make run` builds (the project's etl.yaml: overrides, roles, targets, an enrich feed), read."""
    config = load(ROOT / "etl.yaml")
    sources = []
    for spec in discover([], config):
        given = spec.options
        options = Options(site_url=given.site_url, media_url=given.media_url) if given else Options()
        if is_audio(spec.path, None):
            drafts = readers.read_audio(str(spec.path), spec.display, options)
        else:
            text = spec.path.read_text(encoding="utf-8")
            drafts = readers.read(readers.choose(text, spec.display), text, spec.display, options)
        for draft in drafts:  # as the scan stamps them
            draft.sha256, draft.origin = hashlib.sha256(spec.path.read_bytes()).hexdigest(), spec.display
        sources.append((spec, drafts))
    return config, sources


def test_the_plan_decides_the_same_over_heads_as_over_whole_drafts(monkeypatch):
    monkeypatch.chdir(ROOT)
    config, sources = fixture_sources()

    def planned(made):
        given = [
            SourceDrafts(
                [made(d, bool(s.options and s.options.enrich)) for d in drafts], s.options, s.option_index, str(n)
            )
            for n, (s, drafts) in enumerate(sources)
        ]
        return plan(given, config)

    whole = planned(lambda d, _: d.model_copy(deep=True))
    heads = planned(lambda d, keep: held(head(d, keep), keep))
    assert any(isinstance(h, Head) for s in sources for h in [held(head(d)) for d in s[1]])
    assert heads.assignments == whole.assignments  # ids, shows, chapters, transcripts, audio, merges, enrichments
    decided = [a for source in heads.assignments for a in source]
    assert all(any(getattr(a, kind) for a in decided) for kind in ("chapters", "transcript", "audio", "enrich"))
    assert [str(e) for e in heads.errors] == [str(e) for e in whole.errors]
    assert heads.failed == whole.failed
    assert heads.shows == whole.shows
    # a whole transcript's reader notes are said when its episode is made; the plan's own warnings are the same
    assert set(map(str, heads.warnings)) <= set(map(str, whole.warnings))


def _held_bytes(items: list[object]) -> float:
    """Bytes a main process allocates a head to hold `items` received from a worker (unpickled), each."""
    data = pickle.dumps(items)
    tracemalloc.start()
    try:
        kept = pickle.loads(data)
        size, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(kept) == len(items)
    return size / len(items)


def test_a_head_held_by_the_main_process_is_a_fraction_of_a_draft():
    corpus = ROOT.parent / "shared" / "corpus" / "datatalks"
    pages = sorted(corpus.glob("[!_]*.md"))[:300] or pytest.skip("needs ../shared/corpus")
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in pages]
    drafts = [d for name, text in texts for d in readers.read(readers.choose(text, name), text, name)]
    for n, draft in enumerate(drafts):
        draft.sha256, draft.origin = f"{n:064x}", f"src/{draft.path}"
    as_drafts = _held_bytes([head(d) for d in drafts])
    as_heads = _held_bytes([held(head(d)) for d in drafts])
    # ~75 MB at 20,000 sources as drafts, against the main process's 200 MB budget (README, bench)
    assert as_heads < 1200, f"{as_heads:.0f} bytes a head"
    assert as_heads < as_drafts / 3, (as_heads, as_drafts)
