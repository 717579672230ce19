"""The README and docs/ are the user's manual: what they list must be what the code does, so a new reader, key or
setting cannot land undocumented, and what the README shows a new user must work as shown."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from etl.config import Config, EpisodeOverride, ShowConfig, SourceConfig
from etl.extract import names
from etl.extract.frontmatter import KEYS

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"


def _doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    """From `heading` to the next heading of any level."""
    start = text.index(heading)
    stops = [n for n in (text.find("\n#", start + 1),) if n != -1]
    return text[start : min(stops) if stops else len(text)]


def test_the_docs_list_every_reader_in_the_order_they_are_asked():
    formats = _doc("source-formats.md")
    sentence = " ".join(formats[formats.index("Readers are asked in") :].split("(the registry")[0].split())
    assert re.findall(r"`([\w-]+)`", sentence) == names()  # the text readers in order, then audio
    for name in names():
        assert f"## `{name}`" in formats, name


def key_table(keys: dict[str, str]) -> str:
    """A reader's key table as the docs show it, made from the reader's own table: keys grouped by what they fill."""
    fills: dict[str, list[str]] = {}
    for key, field in keys.items():
        fills.setdefault(field, []).append(key)
    rows = [f"| {', '.join(f'`{k}`' for k in found)} | {field} |" for field, found in fills.items()]
    return "\n".join(["| keys | fill |", "|---|---|", *rows])


def test_the_front_matter_key_table_is_the_readers_own():
    table = key_table(KEYS)
    assert table in _section(_doc("source-formats.md"), "## `frontmatter`"), f"paste into the docs:\n{table}"


@pytest.mark.parametrize("model", [Config, ShowConfig, SourceConfig, EpisodeOverride])
def test_every_etl_yaml_setting_is_in_the_example(model):
    example = _doc("configuration.md").split("```yaml", 1)[1].split("```", 1)[0]
    written = set(re.findall(r"^[\s#-]*([a-z_]+):", example, re.M))
    missing = [name for name in model.model_fields if name not in written and name != "base_dir"]
    assert not missing


def test_the_readme_is_the_front_door():
    """Two commands first, then what a first hour needs; reference material lives in docs/, every page linked."""
    assert README.split("```sh\n", 1)[1].split("```", 1)[0].splitlines() == [
        "make run    # creates .venv, installs etl, builds output/ from fixtures/ (as listed in etl.yaml)",
        "make test   # same venv, runs the whole test suite",
    ]
    assert len(README.splitlines()) < 300
    headings = re.findall(r"^## (.+)$", README, re.M)
    assert headings[:2] == ["Getting started", "Commands"]
    linked = set(re.findall(r"\]\(docs/([\w.-]+\.md)\)", README))
    assert linked == {p.name for p in DOCS.glob("*.md")}


@pytest.mark.parametrize("page", [*sorted(p.name for p in (ROOT / "docs").glob("*.md")), "../README.md"])
def test_every_relative_link_in_the_docs_finds_its_file(page):
    text = (DOCS / page).read_text(encoding="utf-8")
    text = re.sub(r"`[^`\n]*`", "", re.sub(r"```.*?```", "", text, flags=re.S))  # code shows links, never makes them
    for target in re.findall(r"\]\((?!https?:|#|mailto:)([^)#\s]+)", text):
        assert (DOCS / page).parent.joinpath(target).exists(), f"{page} links {target}, which is not there"


def test_the_getting_started_example_builds_as_shown(tmp_path, capsys):
    """The README's first etl.yaml and page, with a transcript beside them, give the files it says they give."""
    import json

    from etl.cli import main

    start = _section(README, "### 1. Your first `etl.yaml`") + _section(README, "### 2. Build")
    page = start.split("```markdown\n", 1)[1].split("```", 1)[0]
    config = start.split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "episodes").mkdir()
    (tmp_path / "transcripts").mkdir()
    (tmp_path / "episodes" / "2024-03-05-why-small-teams-stream.md").write_text(page, encoding="utf-8")
    (tmp_path / "transcripts" / "s01e03-why-small-teams-stream.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Jo Park>Welcome to My Podcast.\n", encoding="utf-8"
    )
    (tmp_path / "etl.yaml").write_text(config, encoding="utf-8")
    out = tmp_path / "output"
    assert main(["build", "--config", str(tmp_path / "etl.yaml"), "--out", str(out), "--no-cache"]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().err
    for named in re.findall(r"`((?:episodes|feeds|transcripts)/[\w.-]+)`", _section(README, "### 2. Build")):
        assert (out / named).is_file(), named
    episode = json.loads((out / "episodes" / "mypod-s01e03.json").read_text(encoding="utf-8"))
    assert episode["turns"][0]["text"] == "Welcome to My Podcast." and episode["duration"] == 2480


def test_the_python_example_for_consumers_runs_against_the_committed_output(capsys):
    from browser import serve

    code = re.search(r"```python\n(import json, urllib.request.*?)```", _doc("model.md"), re.S)
    assert code, "the README's Python example for consumers is gone"
    with serve(ROOT / "output") as base:
        exec(code.group(1).replace('"https://podcasts.example.org/"', repr(base)), {})
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 3 and printed[0].startswith("2024-03-19 Data Contracts Without the Hype")
