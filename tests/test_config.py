import pytest
from conftest import FIXTURES, ROOT
from helpers import run_with_fixture_config

from etl.config import load, parse
from etl.errors import ConfigError


def test_project_config_loads():
    config = load(ROOT / "etl.yaml")
    assert [s.id for s in config.shows] == ["datatalks", "innovate", "coffee", "retro", "sounds"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("shows:\n  - id: ok\n    title: x\n    colour: red\n", 4, "colour"),
        ("sources:\n  - path: a.txt\n    show: nope\n", 3, "which `shows` does not list"),
        ("shows:\n  - {id: a, title: A}\n  - {id: a, title: B}\n", 3, "listed twice"),
        ("sources:\n  - path: a\n    override:\n      published: yesterday\n", 4, "ISO 8601"),
        ("- a\n- b\n", 1, "mapping"),
        ("shows: [\n", 2, "invalid YAML"),
    ],
)
def test_config_errors_name_the_line(text, line, message):
    with pytest.raises(ConfigError, match=message) as info:
        parse(text, "etl.yaml")
    assert (info.value.path, info.value.line) == ("etl.yaml", line)


def test_overrides_and_show_apply():
    result = run_with_fixture_config(FIXTURES / "captions" / "release-retro.txt")
    (episode,) = result.episodes
    assert episode.id == "retro-e12" and episode.show.id == "retro"
    assert episode.title == "Release retro: the importer ships"
    assert [(p.name, p.role) for p in episode.people] == [("Dana Whitfield", "host")]


def test_missing_title_falls_back_with_a_warning_naming_the_key(tmp_path):
    from helpers import run

    path = tmp_path / "weekly-sync_03.txt"
    path.write_text("0:00 hello\n0:02 there\n", encoding="utf-8")
    result = run(path)
    assert result.episodes[0].title == "Weekly sync 03"
    (warning,) = result.warnings
    assert "override.title" in warning.message


def test_people_dir_and_people_merge_later_wins():
    from etl.transform.registry import load_registry

    registry, notes = load_registry(load(ROOT / "etl.yaml"))
    assert not notes
    assert registry.get("marenholt").name == "Maren Holt"
    assert registry.get(name="Alexey").id == "alexeygrigorev"
