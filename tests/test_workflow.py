"""The scheduled workflow reads etl's exit codes as docs/operations.md says: what a build published is deployed
(0, 1, 70) and ready for the directories (`etl check --strict`), a usage or config error (2), a build the
machine stopped (73, 74) or another build held (75) deploys nothing,
and the pull-request job runs the browser tests."""

from __future__ import annotations

import re

import yaml
from conftest import ROOT

WORKFLOW = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))


def _deployed(status: str) -> bool:
    condition = WORKFLOW["jobs"]["deploy"]["if"]
    listed = re.search(r"fromJSON\('(\[.*?\])'\)", condition)
    assert listed and "needs.build.outputs.status" in condition
    return status in yaml.safe_load(listed.group(1))


def test_what_a_build_published_is_deployed_and_a_config_error_deploys_nothing():
    assert [code for code in ("0", "1", "2", "70", "73", "74", "75") if _deployed(code)] == ["0", "1", "70"]


def test_a_build_the_machine_stopped_or_another_build_held_uploads_nothing_and_fails_with_its_code():
    """73/74 (a full disk, no permission) and 75 (the out folder held): the build stopped part-way."""
    steps = WORKFLOW["jobs"]["build"]["steps"]
    stop = next(s for s in steps if "nothing to deploy" in (s.get("name") or ""))
    upload = next(i for i, s in enumerate(steps) if "upload-pages-artifact" in (s.get("uses") or ""))
    assert steps.index(stop) < upload and stop["run"] == 'exit "$status"'
    for code in ("73", "74", "75"):  # the step's condition runs for every code but those that published
        assert all(f"env.status != '{kept}'" in stop["if"] for kept in ("0", "1", "70")) and code not in stop["if"]
    text = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert "Exit 73/74" in text and "75 = another build" in text  # named where the exit code is read


def test_the_build_job_stops_before_uploading_after_a_config_error_and_fails_visibly_after_a_failed_source():
    steps = WORKFLOW["jobs"]["build"]["steps"]
    names = [step.get("name") or step.get("uses") for step in steps]
    stop = next(i for i, s in enumerate(steps) if "nothing to deploy" in (s.get("name") or ""))
    upload = next(i for i, name in enumerate(names) if "upload-pages-artifact" in name)
    fail = next(i for i, s in enumerate(steps) if (s.get("name") or "").startswith("Fail visibly"))
    assert stop < upload < fail
    assert "'70'" in steps[stop]["if"] and "'1'" in steps[stop]["if"]


def test_readiness_is_checked_after_the_build_and_gates_the_deploy():
    steps = WORKFLOW["jobs"]["build"]["steps"]
    build = next(i for i, s in enumerate(steps) if s.get("id") == "build")
    ready = next(i for i, s in enumerate(steps) if s.get("id") == "ready")
    assert build < ready
    assert "etl check output --strict" in steps[ready]["run"]
    assert WORKFLOW["jobs"]["build"]["outputs"]["ready"] == "${{ steps.ready.outputs.ready }}"
    assert "needs.build.outputs.ready == '0'" in WORKFLOW["jobs"]["deploy"]["if"]


def test_the_pull_request_job_installs_chromium_before_the_tests():
    runs = [step.get("run", "") for step in WORKFLOW["jobs"]["check"]["steps"]]
    chromium = next(i for i, run in enumerate(runs) if "chromium-driver" in run)
    assert chromium < runs.index("make test")
