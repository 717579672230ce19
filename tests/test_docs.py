"""The README is the user's manual: what it lists must be what the code does, so a new reader, key or
setting cannot land undocumented."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from etl.config import Config, EpisodeOverride, ShowConfig, SourceConfig
from etl.extract import READERS
from etl.extract.frontmatter import KEYS

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(heading: str) -> str:
    start = README.index(heading)
    end = README.find("\n## ", start + 1)
    nested = README.find("\n### ", start + 1)
    stops = [n for n in (end, nested) if n != -1]
    return README[start : min(stops) if stops else len(README)]


def test_the_readme_lists_every_reader_in_the_order_they_are_asked():
    sentence = " ".join(README[README.index("Readers are asked in") :].split("(the registry")[0].split())
    assert re.findall(r"`([\w-]+)`", sentence) == [reader.NAME for reader in READERS]
    for reader in READERS:
        assert f"### `{reader.NAME}`" in README, reader.NAME


def test_every_front_matter_key_the_reader_takes_is_in_its_table():
    table = _section("### `frontmatter`")
    missing = [key for key in KEYS if f"`{key}`" not in table]
    assert not missing


@pytest.mark.parametrize("model", [Config, ShowConfig, SourceConfig, EpisodeOverride])
def test_every_etl_yaml_setting_is_in_the_example(model):
    example = _section("## Configuration").split("```yaml", 1)[1].split("```", 1)[0]
    written = set(re.findall(r"^[\s#-]*([a-z_]+):", example, re.M))
    missing = [name for name in model.model_fields if name not in written and name != "base_dir"]
    assert not missing


def test_the_python_example_for_consumers_runs_against_the_committed_output(capsys):
    from browser import serve

    code = re.search(r"```python\n(import json, urllib.request.*?)```", README, re.S)
    assert code, "the README's Python example for consumers is gone"
    with serve(ROOT / "output") as base:
        exec(code.group(1).replace('"https://podcasts.example.org/"', repr(base)), {})
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 3 and printed[0].startswith("2024-03-19 Data Contracts Without the Hype")
