"""The JSON contract: every published schema property described with real examples, schemas published at
their `$id`, and no breaking change without a new major version (checked against every released schema)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import ROOT

from etl.model import SCHEMA_VERSION
from etl.model.compat import breaking, major
from etl.model.schema import episode_schema, index_schema

SCHEMAS = ROOT / "schemas"
MADE = {"episode": episode_schema, "index": index_schema}


def _properties(node: Any, where: str = "") -> list[tuple[str, dict]]:
    """Every property schema in a schema, with its path (each `$defs` entry once)."""
    found = []
    if isinstance(node, dict):
        for name, schema in node.get("properties", {}).items():
            found.append((f"{where}/{name}", schema))
            found += _properties(schema, f"{where}/{name}")
        for name, schema in node.get("$defs", {}).items():
            found += _properties(schema, f"#{name}")
        for key in ("items", "anyOf"):
            for part in node.get(key, []) if key == "anyOf" else [node.get(key)]:
                found += _properties(part, where)
    return found


@pytest.mark.parametrize("name", MADE)
def test_the_committed_schema_is_the_one_the_model_makes(name):
    committed = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert committed == MADE[name](), "schema drifted: run `make schema` and commit it deliberately"


@pytest.mark.parametrize("name", MADE)
def test_every_property_is_described_and_its_examples_are_valid(name):
    schema = MADE[name]()
    properties = _properties(schema)
    assert len(properties) > 10
    assert [where for where, p in properties if not p.get("description")] == []
    validator = jsonschema.Draft202012Validator
    for where, prop in properties:
        for example in prop.get("examples", []):
            resolved = {**prop, "$defs": schema.get("$defs", {})}
            assert validator(resolved, format_checker=validator.FORMAT_CHECKER).is_valid(example), (where, example)
    assert sum(1 for _, p in properties if p.get("examples")) >= 15


def _released() -> dict[str, dict[str, dict]]:
    return {
        folder.name: {p.name.removesuffix(".schema.json"): json.loads(p.read_text()) for p in folder.glob("*.json")}
        for folder in sorted((SCHEMAS / "released").iterdir())
    }


def _problems(released: dict[str, dict[str, dict]], current: dict[str, dict], version: str) -> list[str]:
    """The version policy: a released version never changes; a breaking change needs a new major."""
    found = []
    for old_version, schemas in released.items():
        for name, old in schemas.items():
            if name not in current:
                found.append(f"{name}: released in {old_version}, no longer published")
            elif old_version == version and old != current[name]:
                found.append(f"{name}: differs from released {version}: bump the version")
            elif major(version) <= major(old_version):
                found += [f"{name} {old_version} -> {version}: {line}" for line in breaking(old, current[name])]
    return found


def test_no_breaking_change_without_a_new_major_version():
    current = {name: json.loads((SCHEMAS / f"{name}.schema.json").read_text()) for name in MADE}
    released = _released()
    assert SCHEMA_VERSION in released, "release the schema version the code says (`make release-schema`)"
    assert _problems(released, current, SCHEMA_VERSION) == []


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (lambda s: s["properties"].pop("season"), "/season: removed or renamed"),
        (lambda s: s["properties"]["title"].update(type=["string", "null"]), "/title: newly nullable"),
        (lambda s: s["required"].append("summary"), "/summary: newly required"),
        (lambda s: s["$defs"]["Enclosure"]["properties"]["length"].update(type="string"), "/enclosure/length: type"),
        (lambda s: s["properties"]["episode_type"].update(enum=["full"]), "/episode_type: enum lost"),
    ],
)
def test_a_breaking_edit_fails_the_check_unless_the_major_version_goes_up(edit, said):
    released = _released()
    current = {name: MADE[name]() for name in MADE}
    broken = copy.deepcopy(current)
    edit(broken["episode"])
    minor = SCHEMA_VERSION.split(".")[0] + ".99.0"
    problems = _problems(released, broken, minor)
    assert any(said in line for line in problems), problems
    assert _problems(released, broken, f"{major(SCHEMA_VERSION) + 1}.0.0") == []
    assert _problems(released, current, minor) == []  # the unbroken schema passes at a new minor


def test_the_schemas_are_published_at_their_id_and_the_index_points_at_its_own():
    config = (ROOT / "etl.yaml").read_text()
    base = next(line.split(":", 1)[1].strip() for line in config.splitlines() if line.startswith("base_url:"))
    out = ROOT / "output"
    index = json.loads((out / "index.json").read_text())
    assert index["$schema"] == base.rstrip("/") + "/schemas/index.schema.json"
    assert index["schema_version"] == SCHEMA_VERSION
    for name in MADE:
        published = json.loads((out / "schemas" / f"{name}.schema.json").read_text())
        assert published["$id"] == f"{base.rstrip('/')}/schemas/{name}.schema.json"
        committed = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
        assert {**published, "$id": None} == {**committed, "$id": None}
    jsonschema.validate(index, json.loads((SCHEMAS / "index.schema.json").read_text()))


def test_without_a_base_url_schemas_are_found_by_relative_paths(tmp_path: Path, monkeypatch):
    from etl.cli import main

    monkeypatch.chdir(tmp_path)  # no etl.yaml here: no base URL
    episode = ROOT / "fixtures" / "datatalks" / "s01e01-streaming-for-small-teams.md"
    assert main(["build", str(episode), "--out", str(tmp_path / "out"), "-q"]) == 0
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    assert (tmp_path / "out" / index["$schema"]).is_file()
    assert json.loads((tmp_path / "out" / index["$schema"]).read_text())["$id"] == "index.schema.json"
