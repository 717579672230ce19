from conftest import FIXTURES, shared
from helpers import run, run_specs, run_with_fixture_config

from etl.config import Config, SourceConfig
from etl.pipeline.sources import SourceSpec

EPISODE = FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md"
SIDECAR = FIXTURES / "chapters" / "s01e01-streaming-for-small-teams.txt"


def test_fixture_golden(data_regression):
    result = run_with_fixture_config(EPISODE, SIDECAR)
    assert not result.errors
    (episode,) = result.episodes
    data_regression.check(episode.model_dump(mode="json", include={"chapters", "sources", "turns"}))


def test_sidecar_replaces_chapters_and_is_in_provenance():
    (episode,) = run(EPISODE, SIDECAR).episodes
    assert next(c.title for c in episode.chapters) == "Welcome and introductions"
    assert [s.format for s in episode.sources] == ["datatalks", "chapters"]
    assert {c.start for c in episode.chapters} <= {t.start for t in episode.turns}


def test_sidecar_alone_is_no_episode_and_says_what_to_set():
    result = run(SIDECAR)
    assert result.episodes == [] and not result.errors
    assert any("set `target`" in w.message for w in result.warnings)


def test_target_in_config_names_the_episode(tmp_path):
    other = tmp_path / "chapters-final.txt"
    other.write_text("00:00:00 Start\n00:05:00 Middle\n", encoding="utf-8")
    config = Config()
    specs = [SourceSpec(EPISODE), SourceSpec(other, SourceConfig(path=str(other), target="podcast-s01e01"))]
    (episode,) = run_specs(specs, config).episodes
    assert [c.title for c in episode.chapters] == ["Start", "Middle"]


def test_corpus_chapter_lists_merge_into_corpus_episodes():
    episodes_dir = shared("corpus", "datatalks")
    lists = sorted(shared("corpus", "datatalks-timestamps").glob("*.txt"))
    assert len(lists) == 187
    result = run(*sorted(episodes_dir.glob("*.md")), *lists)
    merged = [e for e in result.episodes if any(s.format == "chapters" for s in e.sources)]
    assert len(merged) >= 180
    # the few left over belong to pages that fail (stray line, duplicate s03e04) or numbers no page has
    unmatched = [w for w in result.warnings if "matches no episode" in w.message]
    assert len(unmatched) <= 3
