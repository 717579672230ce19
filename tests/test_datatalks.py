"""The DataTalks.Club reader on our fixtures (golden), the seed, and the whole corpus."""

import json
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, seed, shared
from helpers import run_specs

from etl.cli import main
from etl.config import Config, PersonConfig, load
from etl.extract import datatalks
from etl.pipeline.sources import SourceSpec

FIXTURE_FILES = sorted((FIXTURES / "datatalks").glob("*.md"))


def episodes_of(*paths: Path, config: Config | None = None):
    return run_specs([SourceSpec(p) for p in paths], config)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_golden(path, data_regression):
    result = episodes_of(path, config=load(ROOT / "etl.yaml"))
    assert not result.errors
    (episode,) = result.episodes
    data_regression.check(episode.model_dump(mode="json"))


def test_untimed_and_unlabelled_lines_keep_their_words():
    (episode,) = episodes_of(FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md").episodes
    text = "\n".join(t.text for t in episode.turns)
    assert "change data capture the hard way" in text  # a line without sec
    assert "the speaker was not recorded" in text  # a line without who
    unlabelled = [t for t in episode.turns if t.speaker is None]
    assert len(unlabelled) == 1 and unlabelled[0].start == 300


def test_turns_split_at_chapters_and_merge_same_speaker_runs():
    (episode,) = episodes_of(FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md").episodes
    starts = [t.start for t in episode.turns]
    for chapter in episode.chapters:
        assert chapter.start in starts, f"no turn starts at chapter {chapter.title!r}"
    # the two consecutive Alexey lines at 0 and 6 s form one turn of two paragraphs
    assert episode.turns[0].text.count("\n\n") == 1


def test_seed_004_numbers():
    (episode,) = episodes_of(seed("004")).episodes
    assert episode.title == "MLOps Architect"
    assert (episode.season, episode.episode) == (10, 3)
    assert len(episode.chapters) == 17
    assert (episode.chapters[0].title, episode.chapters[0].start) == ("Danny’s background", 192)
    assert {t.speaker for t in episode.turns} == {"Alexey", "Danny"}


def test_seed_004_keeps_every_transcript_line():
    import yaml

    text = seed("004").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---"))
    lines = [item["line"].strip() for item in front["transcript"] if "line" in item]
    (episode,) = episodes_of(seed("004")).episodes
    paragraphs = [p for t in episode.turns for p in t.text.split("\n\n")]
    assert paragraphs == lines


def test_seed_004_resolves_people_with_the_corpus_registry():
    config = Config(people_dir=str(shared("corpus", "datatalks-people")))
    (episode,) = episodes_of(seed("004"), config=config).episodes
    assert [p.name for p in episode.people] == ["Danny Leybzon"]
    # "Danny" resolves through the episode's own guest; "Alexey" has no alias in the pages
    assert {t.speaker for t in episode.turns} == {"Alexey", "Danny Leybzon"}
    config.people.append(PersonConfig(id="alexeygrigorev", name="Alexey Grigorev", aliases=["Alexey"], role="host"))
    (episode,) = episodes_of(seed("004"), config=config).episodes
    assert [(p.name, p.role) for p in episode.people] == [
        ("Alexey Grigorev", "host"),
        ("Danny Leybzon", "guest"),
    ]
    assert {t.speaker for t in episode.turns} == {"Alexey Grigorev", "Danny Leybzon"}


def test_whole_corpus_extracts_with_clear_errors_only():
    folder = shared("corpus", "datatalks")
    files = sorted(folder.glob("*.md"))
    assert len(files) == 203
    result = episodes_of(*files)
    failed = {Path(e.path).name: str(e) for e in result.errors}
    assert set(failed) == {
        "_template.md",  # not YAML: `{{ guest }}` placeholders
        "_theme-park-crowd-modeling-to-tesla-full-stack-data-engineering.md",  # stray `_` before the front matter
        "data-translator-role-and-data-strategy.md",  # claims s03e04 like data-science-interview-and-cv-guide.md
    }
    for message in failed.values():
        assert ": error: " in message and "Traceback" not in message
    assert len(result.episodes) == 200
    assert sum(len(e.chapters) for e in result.episodes) > 4000


def test_detect_claims_datatalks_pages_only():
    assert datatalks.detect(seed("004").read_text(encoding="utf-8"))
    assert not datatalks.detect("0:00 hello\n0:03 world\n")
    assert not datatalks.detect("---\nfoo: bar\n---\n")


def test_the_whole_corpus_built_with_site_url_keeps_every_image_and_clip(tmp_path, capsys):
    """What the pages say reaches the output: `image` (relative to the site they come from) on every page that has
    one, `quotableClips` as clips on every page that has them (in the JSON, the feed and the page)."""
    folder = shared("corpus", "datatalks")
    (tmp_path / "etl.yaml").write_text(
        f"base_url: https://example.org/\nshows: [{{id: dtc, title: DataTalks.Club}}]\n"
        f"sources: [{{path: '{folder}', site_url: 'https://datatalks.club/'}}]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["build", "--config", str(tmp_path / "etl.yaml"), "--out", str(out), "-q"]) == 1  # 3 bad pages
    published = {}
    for path in (out / "episodes").glob("*.json"):
        episode = json.loads(path.read_text(encoding="utf-8"))
        published[episode["sources"][0]["path"].rsplit("/", 1)[-1]] = episode
    assert len(published) == 200
    with_image = with_clips = 0
    for name, episode in published.items():
        front = yaml.safe_load((folder / name).read_text(encoding="utf-8").split("\n---", 1)[0][3:])
        if str(front.get("image") or "").startswith("images/"):
            with_image += 1
            assert episode["image"] == "https://datatalks.club/" + front["image"].replace(" ", "%20"), name
        clips = [c for c in front.get("quotableClips") or [] if c["endOffset"] > c["startOffset"]]
        assert len(episode["clips"]) == len(clips), name
        with_clips += bool(clips)
        if clips:
            page = (out / "episodes" / f"{episode['id']}.html").read_text(encoding="utf-8")
            assert 'id="highlights"' in page and f'href="#t={clips[0]["startOffset"]}"' in page
    assert with_image >= 198 and with_clips >= 180
    feed = (out / "feeds" / "dtc.xml").read_text(encoding="utf-8")
    assert feed.count("<podcast:soundbite ") == sum(len(e["clips"]) for e in published.values())
    assert "relative URL" not in capsys.readouterr().err  # site_url resolved them all
