"""A consumer's check outside Python: ajv (npm; JSON Schema 2020-12, strict, formats on) validates the built
output of fixtures/ and of the seeds against the schemas published beside it. Runs when node is installed
(`.ci/run` makes sure it is); otherwise skipped with the install command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, shared

from etl.cli import main

CHECK = Path(__file__).with_name("ajv_check.js")


@pytest.fixture(scope="module")
def ajv(tmp_path_factory) -> Path:
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("node is not installed: apt-get install -y nodejs npm")
    modules = tmp_path_factory.mktemp("ajv")
    install = ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(modules), "ajv@8", "ajv-formats@3"]
    done = subprocess.run(install, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return modules / "node_modules"


def _ajv(modules: Path, out: Path) -> dict:
    env = {**os.environ, "NODE_PATH": str(modules)}
    done = subprocess.run(["node", str(CHECK), str(out)], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(done.stdout)


def test_ajv_accepts_the_committed_output_of_the_fixtures(ajv):
    result = _ajv(ajv, ROOT / "output")
    assert result["failures"] == [] and result["checked"] == 1 + len(
        list((ROOT / "output" / "episodes").glob("*.json"))
    )


def test_ajv_accepts_the_build_of_the_seeds(ajv, tmp_path, monkeypatch):
    seeds = shared("seeds")
    monkeypatch.chdir(tmp_path)  # no etl.yaml: the seeds as they are
    out = tmp_path / "out"
    assert main(["build", str(seeds), "--out", str(out), "--base-url", "https://example.org/pod/", "-q"]) == 0
    assert _ajv(ajv, out)["checked"] > 5


def test_ajv_rejects_an_episode_that_breaks_the_contract(ajv, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(ROOT / "output", out, ignore=shutil.ignore_patterns(".cache", "pagefind"))
    broken = out / "episodes" / "datatalks-s01e01.json"
    episode = json.loads(broken.read_text())
    broken.write_text(json.dumps({**episode, "published": "5 March 2024"}))
    env = {**os.environ, "NODE_PATH": str(ajv)}
    done = subprocess.run(["node", str(CHECK), str(out)], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 1
    (failure,) = json.loads(done.stdout)["failures"]
    assert failure["file"] == "episodes/datatalks-s01e01.json"


def test_the_docs_javascript_example_runs_against_a_published_site(ajv, tmp_path, monkeypatch):
    import re

    from browser import serve

    guide = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    code = re.search(r"```js\n(import Ajv2020.*?)```", guide, re.S)
    assert code, "docs/model.md's JavaScript example for consumers is gone"
    example = ajv.parent / "example.mjs"  # beside node_modules, where an ES module finds its imports
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(ROOT)
    with serve(out) as base:  # published at the URL it is served from: the index's $schema resolves there
        assert main(["build", "--out", str(out), "--base-url", base, "--no-cache", "-q"]) == 0
        example.write_text(code.group(1).replace('"https://podcasts.example.org/"', json.dumps(base)))
        done = subprocess.run(["node", str(example)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[0].startswith("2024-03-19 Data Contracts Without the Hype")
