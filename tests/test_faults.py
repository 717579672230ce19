"""Operational faults: a write that fails at any point of a build (no space left, an I/O error) or a build
killed there leaves every published file the last good build's or the new one's, the feeds, the index and the
search pointing only at files that are there, no temp file, and a next build that publishes everything; the
machine's faults are named as such, with exit codes of their own; one build per out folder at a time."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from faultinject import COUNT, arm, disarm
from helpers import searchable
from lxml import etree

from etl.cli import main
from etl.errors import EnvironmentFault
from etl.load import search, search_merge
from etl.pipeline import lock
from etl.util import files

BASE = "https://example.org/"
SOURCES = ("s01e01-streaming-for-small-teams.md", "s01e02-data-contracts.md")


def _work(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    for name in SOURCES:
        shutil.copy(FIXTURES / "datatalks" / name, work / name)
    sources = ", ".join(f"{{path: {name}}}" for name in SOURCES)
    (work / "etl.yaml").write_text(
        f"base_url: {BASE}\nshows: [{{id: dt, title: DT}}]\nsources: [{sources}]\n", encoding="utf-8"
    )
    return work


def _build(work: Path, out: Path, *extra: str) -> int:
    return main(["build", "--config", str(work / "etl.yaml"), "--out", str(out), "--jobs", "1", "-q", *extra])


def _edit(work: Path) -> None:
    """Every page, transcript, feed item and index entry of one episode changes; another is added."""
    page = work / SOURCES[0]
    page.write_text(page.read_text(encoding="utf-8").replace("Small Teams", "Tiny Teams"), encoding="utf-8")
    config = work / "etl.yaml"
    config.write_text(
        config.read_text().replace(f"{{path: {SOURCES[1]}}}", f"{{path: {SOURCES[1]}}}, {{path: extra.md}}")
    )
    extra = (FIXTURES / "datatalks" / SOURCES[1]).read_text(encoding="utf-8")
    (work / "extra.md").write_text(extra.replace("episode: 2", "episode: 3").replace("Data Contracts", "Extra"))


def _files(out: Path) -> dict[str, bytes]:
    """Every file under a published name (not the cache, nor a temp file on its way to a name)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and ".cache" not in p.parts and not p.name.endswith(".tmp")
    }


def _temp_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".etl-search-")]


def _dangling(out: Path) -> list[str]:
    """What the index, the feeds and the search index point at that is not there."""
    missing = []
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    for episode in index["episodes"]:
        missing += [f"index.json -> {p}" for p in (f"episodes/{episode['id']}.json",) if not (out / p).is_file()]
    for feed in [out / "feed.xml", *(out / "feeds").glob("*.xml")]:
        tree = etree.parse(str(feed))
        for value in tree.xpath("//@url | //@href | //link/text()"):
            path = value.removeprefix(BASE).split("#")[0].split("?")[0]
            if (
                value.startswith(BASE)
                and not (out / (path if path and not path.endswith("/") else f"{path}index.html")).is_file()
            ):
                missing.append(f"{feed.name} -> {value}")
    listing = json.loads((out / search.MANIFEST).read_text(encoding="utf-8"))
    for part in listing["parts"]:
        bundle = out / "pagefind" / part
        entry = json.loads((bundle / search.ENTRY).read_text(encoding="utf-8"))
        (about,) = entry["languages"].values()
        meta = search_merge._load(bundle / f"pagefind.{about['hash']}.pf_meta")
        needed = [f"fragment/{name}.pf_fragment" for name, _ in meta[1]]
        needed += [f"index/{chunk}.pf_index" for _, _, chunk in meta[2]]
        needed += [f"filter/{chunk}.pf_filter" for _, chunk in meta[3]]
        needed += ["pagefind.js", "pagefind-worker.js", f"wasm.{about['wasm'] or 'unknown'}.pagefind"]
        missing += [f"{part} -> {name}" for name in needed if not (bundle / name).is_file()]
    return missing


@pytest.fixture
def builds(tmp_path):
    """(work, the last good build's out folder, its files, the new build's files, how many files it writes,
    what a search finds in the new build)."""
    work = _work(tmp_path)
    good = tmp_path / "good"
    assert _build(work, good) == 0
    old = _files(good)
    _edit(work)
    new_out = tmp_path / "new"
    shutil.copytree(good, new_out)
    counted = arm(new_out, 0, COUNT)
    try:
        assert _build(work, new_out) == 0
    finally:
        disarm(counted)
    assert len(counted.writes) > 20  # episode files, pages, transcripts, the index, feeds, the search index
    return work, good, old, _files(new_out), len(counted.writes), searchable(new_out)


def _each_file_old_or_new(out: Path, old: dict[str, bytes], new: dict[str, bytes]) -> None:
    for path, data in _files(out).items():
        assert data in (old.get(path), new.get(path)), f"{path} is neither the last good build's nor the new one's"


@pytest.mark.parametrize("fault", ["ENOSPC", "EIO"])
def test_a_write_failing_at_any_point_leaves_every_file_old_or_new(builds, tmp_path, fault, capsys):
    work, good, old, new, writes, found = builds
    for n in range(1, writes + 1):
        out = tmp_path / f"{fault}-{n}"
        shutil.copytree(good, out)
        armed = arm(out, n, fault)
        try:
            code = _build(work, out)
        finally:
            disarm(armed)
        err = capsys.readouterr().err
        assert code == 74, (n, err)
        reason = "no space left on device" if fault == "ENOSPC" else "input/output error"
        assert f"{armed.writes[-1]}: error: {reason}" in err, (n, err)  # the file it was writing, not a temp name
        assert "internal error" not in err and "please report" not in err and "Traceback" not in err
        _each_file_old_or_new(out, old, new)
        assert _dangling(out) == [], n
        assert _temp_files(out) == [], n
        assert _build(work, out) == 0, n  # the fault gone, the next build publishes everything
        assert _files(out).keys() == new.keys(), n
        assert all(out.joinpath(p).read_bytes() == data for p, data in new.items() if "pagefind" not in p), n
        assert searchable(out) == found, n  # what the stopped build wrote but did not index, indexed now
        assert _dangling(out) == [], n
        shutil.rmtree(out)


def test_a_build_killed_at_any_write_leaves_every_file_old_or_new(builds, tmp_path):
    work, good, old, new, writes, found = builds
    for n in range(1, writes + 1):
        out = tmp_path / f"kill-{n}"
        shutil.copytree(good, out)
        command = ["etl", "build", "--config", str(work / "etl.yaml"), "--out", str(out), "--jobs", "1", "-q"]
        killed = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "faultinject.py"), str(out), str(n), "kill", "--", *command],
            capture_output=True,
            cwd=ROOT,
        )
        assert killed.returncode == -9, (n, killed.stderr[-500:])
        assert len(_temp_files(out)) <= 1  # SIGKILL leaves the temp file it was writing, under no published name
        _each_file_old_or_new(out, old, new)
        assert _dangling(out) == [], n
        assert _build(work, out) == 0, n
        assert _temp_files(out) == [], n  # the one the killed build was writing: removed by the next
        assert _files(out).keys() == new.keys(), n
        assert searchable(out) == found, n
        shutil.rmtree(out)


def test_a_full_disk_is_named_with_what_was_published(tmp_path, capsys):
    """A real full disk: a 256 KB tmpfs (root only; skipped where it cannot be mounted)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        work = _work(tmp_path)
        code = _build(work, disk / "out", "--cache", str(tmp_path / "cache"))
        err = capsys.readouterr().err
        assert code == 74, err
        assert ": error: no space left on device" in err and str(disk / "out") in err
        assert "every file in" in err and "please report" not in err and "Traceback" not in err
        assert _temp_files(disk / "out") == []
    finally:
        subprocess.run(["umount", str(disk)], check=True)


@pytest.mark.parametrize(
    ("problem", "said", "code"),
    [
        ("read-only", "read-only file system", 73),
        ("a file", "a file where a folder is needed", 73),
        ("no permission", "permission denied", 73),
    ],
)
def test_the_machine_refusing_the_out_folder_is_named_not_reported_as_a_bug(tmp_path, capsys, problem, said, code):
    work = _work(tmp_path)
    out = tmp_path / "out"
    if problem == "a file":
        out.write_text("not a folder")
    else:
        out.mkdir()
        fault = errno.EROFS if problem == "read-only" else errno.EACCES
        real = os.open

        def refused(path, flags, *args, **kwargs):  # the out folder refuses every new file, as such a folder does
            if str(path).startswith(str(out)) and flags & os.O_CREAT:
                raise OSError(fault, os.strerror(fault), str(path))
            return real(path, flags, *args, **kwargs)

        os.open = refused
    try:
        assert _build(work, out, "--cache", str(tmp_path / "cache")) == code
    finally:
        if problem != "a file":
            os.open = real
    err = capsys.readouterr().err
    assert f"error: {said}" in err and str(out) in err, err
    assert "internal error" not in err and "please report" not in err


def test_a_cache_database_that_cannot_be_opened_is_a_warning_and_the_build_runs_without_it(tmp_path, capsys):
    work = _work(tmp_path)
    cache = tmp_path / "cache"
    (cache / "cache.sqlite").mkdir(parents=True)  # a folder where the database should be
    assert _build(work, tmp_path / "out", "--cache", str(cache)) == 0
    err = capsys.readouterr().err
    assert f"{cache}: warning: the cache cannot be written" in err and "building without it" in err, err
    assert "Traceback" not in err and (tmp_path / "out" / "index.json").is_file()
    assert not (tmp_path / "out" / ".cache").exists()


def test_a_cache_that_cannot_be_written_is_a_warning_and_the_build_runs_without_it(tmp_path, capsys):
    work = _work(tmp_path)
    cache = tmp_path / "cache"
    cache.write_text("a file where the cache folder should be")
    assert _build(work, tmp_path / "out", "--cache", str(cache)) == 0
    err = capsys.readouterr().err
    assert f"{cache}: warning: the cache cannot be written" in err and "building without it" in err
    assert (tmp_path / "out" / "index.json").is_file()


def test_an_environment_fault_names_the_file_being_written_not_its_temp_and_pickles_with_its_code(tmp_path):
    import pickle

    target = tmp_path / "episodes" / "x.json"
    for named in (True, False):  # os.replace names the temp file; a failed write or close names none
        with pytest.raises(OSError) as raised, files.atomic_file(target):
            (temp,) = target.parent.glob(".x.json.*.tmp")
            raise OSError(errno.ENOSPC, "No space left on device", *([str(temp)] if named else []))
        fault = EnvironmentFault.of(raised.value)
        assert fault is not None and fault.path == str(target) and fault.code == 74
        assert pickle.loads(pickle.dumps(fault)).code == 74
    assert not list(target.parent.iterdir())  # and the temp file is gone
    assert EnvironmentFault.of(ValueError("not the machine")) is None


def test_the_sweep_removes_only_etls_own_temp_files(tmp_path):
    (tmp_path / "episodes").mkdir()
    ours = tmp_path / "episodes" / ".x.json.4242-7.tmp"
    theirs = [tmp_path / ".notes.tmp", tmp_path / "episodes" / "draft.tmp", tmp_path / ".x.json.tmp"]
    for path in (ours, *theirs):
        path.write_text("left")
    assert files.sweep(tmp_path) == 1
    assert not ours.exists() and all(path.exists() for path in theirs)


def test_a_second_build_waits_for_the_first_then_runs(tmp_path, capsys):
    work = _work(tmp_path)
    out = tmp_path / "out"
    with lock.holding(out, say=lambda line: None):  # the first build, holding the folder
        released = threading.Timer(1.0, lambda: None)
        results: list[int] = []
        second = threading.Thread(target=lambda: results.append(_build(work, out, "--wait", "30")))
        second.start()
        time.sleep(1.0)
        assert second.is_alive() and not (out / "index.json").exists()  # waiting, nothing written
        released.cancel()
    second.join(timeout=60)
    assert results == [0] and (out / "index.json").is_file()
    err = capsys.readouterr().err
    assert "etl: waiting for the build started at " in err and f"by pid {os.getpid()}" in err


def test_a_second_build_gives_up_after_wait_with_a_code_of_its_own(tmp_path, capsys):
    work = _work(tmp_path)
    out = tmp_path / "out"
    holding = (
        "import sys, time\nfrom pathlib import Path\nfrom etl.pipeline import lock\n"
        "with lock.holding(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", holding, str(out)], stdout=subprocess.PIPE, cwd=ROOT)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        started = time.monotonic()
        assert _build(work, out, "--wait", "1") == 75
        assert 1 <= time.monotonic() - started < 10
        err = capsys.readouterr().err
        assert f"by pid {holder.pid}" in err and "--wait SECONDS" in err
        assert _build(work, out, "--check") == 1  # --check writes nothing and takes no lock
    finally:
        holder.kill()
        holder.wait()
    assert _build(work, out, "--wait", "5") == 0  # the kernel released the dead holder's lock
    assert not [p for p in out.iterdir() if "lock" in p.name]  # the lock is the folder's own: no file of it
