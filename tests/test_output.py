"""The committed output/ is exactly what `make run` builds, and every file in it honours the schema."""

import json

import jsonschema
from conftest import ROOT

from etl.cli import main


def test_rebuild_reproduces_committed_output_byte_for_byte(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    assert main(["build", "--out", str(out)]) == 0
    committed = {
        p.relative_to(ROOT / "output"): p.read_bytes()
        for p in (ROOT / "output").rglob("*")
        if p.is_file() and ".cache" not in p.parts
    }
    rebuilt = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and ".cache" not in p.parts}
    assert sorted(rebuilt) == sorted(committed)
    for name, data in rebuilt.items():
        assert data == committed[name], f"{name} differs from the committed output"


def test_every_published_episode_is_schema_valid():
    schema = json.loads((ROOT / "schemas" / "episode.schema.json").read_text(encoding="utf-8"))
    files = sorted((ROOT / "output" / "episodes").glob("*.json"))
    assert files
    for path in files:
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)
    index = json.loads((ROOT / "output" / "index.json").read_text(encoding="utf-8"))
    assert {e["id"] for e in index["episodes"]} == {p.stem for p in files}
    assert all("turns" not in e for e in index["episodes"])
