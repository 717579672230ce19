"""A build killed or stopped at any moment leaves no process of its own and no half-written file behind.

Each test starts a real `etl build` process in a session of its own (so every process it starts is found by its
session id), waits until the make stage is publishing, and stops it: SIGKILL (a CI time-out, the OOM killer),
SIGTERM (`systemctl stop`) or SIGINT (Ctrl-C).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

from etl.util import scratch

PAGE = (FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md").read_text(encoding="utf-8")
SOURCES = 160

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")


def _sources(folder: Path, title: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(SOURCES):
        text = re.sub(r"^episode: .*$", f"episode: {n + 1}", PAGE, count=1, flags=re.M)
        text = re.sub(r"^title: .*$", f'title: "{title} {n + 1}"', text, count=1, flags=re.M)
        (folder / f"page-{n:03d}.md").write_text(text, encoding="utf-8")


def _work(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    _sources(work / "src", "First")
    (work / "etl.yaml").write_text(
        "base_url: https://example.org/\nshows: [{id: dt, title: DT}]\nsources: [{path: src}]\n", encoding="utf-8"
    )
    return work


def _start(work: Path, *extra: str) -> subprocess.Popen[bytes]:
    """A build in a session of its own, its temp folder `work/tmp` (where its scratch folder is seen)."""
    command = [sys.executable, "-m", "etl", "build", "--config", str(work / "etl.yaml"), "--out", str(work / "out")]
    (work / "tmp").mkdir(exist_ok=True)
    return subprocess.Popen(
        [*command, "--jobs", "2", "-q", *extra],
        cwd=work,
        env={**os.environ, "TMPDIR": str(work / "tmp")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its session id is its pid: every process it starts shares it
    )


def _session(sid: int) -> list[int]:
    """The processes still alive in session `sid` (zombies are dead already: their parent only has to reap them)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def _when_making(work: Path, process: subprocess.Popen[bytes], changed: set[str] | None = None) -> None:
    """Wait until the make stage has published some episodes (or, given `changed`, changed some) and not all."""
    episodes = work / "out" / "episodes"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the build ended before it could be stopped: give it more sources"
        found = list(episodes.glob("*.json")) if episodes.is_dir() else []
        if changed is not None:
            found = [p for p in found if p.read_bytes() != changed.get(p.name)]  # type: ignore[union-attr]
        if 0 < len(found) < SOURCES:
            return
        time.sleep(0.01)
    raise AssertionError("the build never reached the make stage")


def _gone(sid: int, seconds: float = 3.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := _session(sid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def _temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".etl-search-")]


def test_a_killed_build_leaves_no_process_running(tmp_path):
    work = _work(tmp_path)
    process = _start(work)
    _when_making(work, process)
    assert len(_session(process.pid)) >= 2  # the build and its workers
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert _gone(process.pid) == []  # workers end within seconds of their parent's death
    assert _temp_files(work / "out") == []  # each worker unwound its job before it went
    (left,) = (work / "tmp").glob("etl-scratch-*")  # SIGKILL gave the build no chance to remove its scratch folder
    then = time.time() - scratch.STALE - 5
    os.utime(left, (then, then))
    assert _start(work).wait() == 0
    assert list((work / "tmp").iterdir()) == []  # the next build removed it (and its own)


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_stopped_build_ends_cleanly_and_every_file_is_old_or_new(tmp_path, sig, code):
    work = _work(tmp_path)
    assert _start(work).wait() == 0
    old = {p.relative_to(work / "out"): p.read_bytes() for p in (work / "out").rglob("*") if p.is_file()}
    _sources(work / "src", "Second")  # every episode changes
    fresh = tmp_path / "fresh"
    (fresh / "src").parent.mkdir(exist_ok=True)
    _sources(fresh / "src", "Second")
    (fresh / "etl.yaml").write_text((work / "etl.yaml").read_text(), encoding="utf-8")
    assert _start(fresh, "--no-cache").wait() == 0
    new = {p.relative_to(fresh / "out"): p.read_bytes() for p in (fresh / "out").rglob("*") if p.is_file()}

    process = _start(work)
    _when_making(work, process, changed={p.name: data for p, data in old.items() if p.parts[0] == "episodes"})
    os.kill(process.pid, sig)
    assert process.wait(timeout=30) == code
    assert "every published file is whole" in process.stderr.read().decode()  # type: ignore[union-attr]
    assert _gone(process.pid) == []
    out = work / "out"
    assert _temp_files(out) == []
    assert list((work / "tmp").iterdir()) == []  # its scratch folder removed as it stopped
    for path in (p for p in out.rglob("*") if p.is_file() and ".cache" not in p.parts):
        relative = path.relative_to(out)
        assert path.read_bytes() in (old.get(relative), new.get(relative)), f"{relative} is neither old nor new"
    assert _start(work).wait() == 0  # the next build, left alone, publishes everything
    for relative, data in new.items():
        if ".cache" not in relative.parts:
            assert (out / relative).read_bytes() == data, relative
