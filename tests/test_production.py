"""Unattended runs: deterministic, incremental, keep-last-good, atomic, --check, annotations, --jobs."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from conftest import FIXTURES, shared
from helpers import searchable

from etl.cli import main
from etl.extract import datatalks
from etl.load import outfolder
from etl.pipeline import cache
from etl.util import files

EPISODE = FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md"


def snapshot(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file() and ".cache" not in p.parts
    }


def etl(*args: str, cwd: Path, monkeypatch) -> int:
    monkeypatch.chdir(cwd)
    return main([*args])


@pytest.fixture
def seeds(tmp_path) -> list[Path]:
    folder = tmp_path / "sources-a"
    folder.mkdir()
    for path in sorted(shared("seeds").glob("*.txt")):
        shutil.copy(path, folder / path.name)
    return sorted(folder.iterdir())


def test_same_output_whatever_the_order_folder_and_jobs(tmp_path, seeds, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    other = tmp_path / "elsewhere" / "deeper"
    other.mkdir(parents=True)
    moved = [Path(shutil.copy(p, other / p.name)) for p in seeds]
    runs = {
        "forward": [str(p) for p in seeds] + ["--jobs", "1"],
        "reversed": [str(p) for p in reversed(seeds)] + ["--jobs", "2"],
        "moved": [str(p) for p in moved[2:] + moved[:2]] + ["--jobs", "2"],
    }
    outputs = {}
    for name, args in runs.items():
        out = tmp_path / f"out-{name}"
        assert (
            etl(
                "build",
                *args,
                "--out",
                str(out),
                "--base-url",
                "https://example.org/",
                cwd=work,
                monkeypatch=monkeypatch,
            )
            == 0
        )
        outputs[name] = snapshot(out)
    assert outputs["forward"] == outputs["reversed"] == outputs["moved"]
    site = [p for p in outputs["forward"] if not p.startswith("pagefind/")]
    assert len(site) == 58  # 27 the site's (10 episode pages, 10 people, home, search, show, 4 assets), 2 schemas
    assert "pagefind/parts.json" in outputs["forward"]


def test_check_lists_changes_and_writes_nothing(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    assert etl("build", str(EPISODE), "--out", str(out), cwd=tmp_path, monkeypatch=monkeypatch) == 0
    assert etl("build", str(EPISODE), "--out", str(out), "--check", cwd=tmp_path, monkeypatch=monkeypatch) == 0
    (out / "episodes" / "podcast-s01e01.json").write_text("{}\n")
    (out / "episodes" / "stale.json").write_text("{}\n")
    before = snapshot(out)
    capsys.readouterr()
    assert etl("build", str(EPISODE), "--out", str(out), "--check", cwd=tmp_path, monkeypatch=monkeypatch) == 1
    listed = capsys.readouterr().out.splitlines()
    assert listed == ["~ episodes/podcast-s01e01.json", "- episodes/stale.json"]
    assert snapshot(out) == before


def test_unchanged_sources_are_not_parsed_again(tmp_path, monkeypatch, capsys):
    calls = []
    real = datatalks.extract
    monkeypatch.setattr(
        datatalks, "extract", lambda text, path, options: calls.append(path) or real(text, path, options)
    )
    other = FIXTURES / "datatalks" / "s01e02-data-contracts.md"
    out = tmp_path / "out"
    args = ("build", str(EPISODE), str(other), "--out", str(out), "--jobs", "1")
    assert etl(*args, cwd=tmp_path, monkeypatch=monkeypatch) == 0
    assert len(calls) == 2
    first = snapshot(out)
    assert etl(*args, cwd=tmp_path, monkeypatch=monkeypatch) == 0  # no-op
    assert len(calls) == 2 and "nothing changed" in capsys.readouterr().err
    edited = tmp_path / "s01e02.md"
    edited.write_text(other.read_text(encoding="utf-8").replace("Without the Hype", "Without Hype"), encoding="utf-8")
    assert (
        etl("build", str(EPISODE), str(edited), "--out", str(out), "--jobs", "1", cwd=tmp_path, monkeypatch=monkeypatch)
        == 0
    )
    assert len(calls) == 3  # only the edited source was parsed
    assert snapshot(out)["episodes/podcast-s01e02.json"] != first["episodes/podcast-s01e02.json"]


def test_a_change_to_etls_code_invalidates_the_cache(tmp_path, monkeypatch):
    calls = []
    real = datatalks.extract
    monkeypatch.setattr(
        datatalks, "extract", lambda text, path, options: calls.append(path) or real(text, path, options)
    )
    args = ("build", str(EPISODE), "--out", str(tmp_path / "out"), "--jobs", "1")
    monkeypatch.setattr(cache, "tool_version", lambda: "0.1.0+aaaa")
    assert etl(*args, cwd=tmp_path, monkeypatch=monkeypatch) == 0
    assert etl(*args, cwd=tmp_path, monkeypatch=monkeypatch) == 0
    assert len(calls) == 1
    monkeypatch.setattr(cache, "tool_version", lambda: "0.1.0+bbbb")  # a reader changed, same version number
    assert etl(*args, cwd=tmp_path, monkeypatch=monkeypatch) == 0
    assert len(calls) == 2


def test_the_code_version_changes_with_any_file_of_the_package(tmp_path):
    package = tmp_path / "etl"
    shutil.copytree(Path(cache.__file__).parents[1], package, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache.code_version(package)
    assert before.startswith("0.1.0+") and before == cache.tool_version()
    reader = package / "extract" / "captions.py"
    reader.write_text(reader.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert cache.code_version(package) != before


def test_outputs_of_removed_sources_are_removed(tmp_path, monkeypatch):
    out = tmp_path / "out"
    both = (str(EPISODE), str(FIXTURES / "datatalks" / "s01e02-data-contracts.md"))
    assert etl("build", *both, "--out", str(out), cwd=tmp_path, monkeypatch=monkeypatch) == 0
    assert (out / "transcripts" / "podcast-s01e02.vtt").exists()
    (out / "notes.txt").write_text("mine")  # not etl's: never touched
    assert etl("build", both[0], "--out", str(out), cwd=tmp_path, monkeypatch=monkeypatch) == 0
    assert not (out / "episodes" / "podcast-s01e02.json").exists()
    assert not (out / "transcripts" / "podcast-s01e02.vtt").exists()
    assert (out / "notes.txt").read_text() == "mine"
    assert b"Data Contracts" not in (out / "feed.xml").read_bytes()


def test_cache_keeps_only_what_the_current_sources_need(tmp_path, monkeypatch):
    out = tmp_path / "out"
    source = tmp_path / "s01e02.md"
    text = (FIXTURES / "datatalks" / "s01e02-data-contracts.md").read_text(encoding="utf-8")

    def cached() -> tuple[list[str], list[str]]:
        with contextlib.closing(sqlite3.connect(out / ".cache" / "cache.sqlite")) as db:
            drafts = [key for (key,) in db.execute("SELECT key FROM drafts")]
            kept = [origin for (origin,) in db.execute("SELECT origin FROM published")]
        return drafts, kept

    for title in ("Without the Hype", "Without Hype", "With Some Hype"):
        source.write_text(text.replace("Without the Hype", title), encoding="utf-8")
        assert etl("build", str(EPISODE), str(source), "--out", str(out), cwd=tmp_path, monkeypatch=monkeypatch) == 0
        drafts, kept = cached()
        assert len(drafts) == 2 and len(kept) == 2  # one drafts file per source; one last good each
    assert etl("build", str(EPISODE), "--out", str(out), cwd=tmp_path, monkeypatch=monkeypatch) == 0
    drafts, kept = cached()
    assert len(drafts) == 1 and len(kept) == 1


def test_a_cache_carried_from_the_file_layout_is_cleared_of_its_folders(tmp_path, monkeypatch):
    """Layout 3 kept drafts, made entries and last good episodes as files in three folders; a cache restored from
    such a run (a CI cache) sheds them at the first build, keeping what else it holds."""
    out = tmp_path / "out"
    old = {"drafts/ab/ab12.json": "{}", "made/ab/ab12/made.json": "{}", "made/ab/ab12/0": "x", "published/x.json": "[]"}
    for relative, text in old.items():
        (out / ".cache" / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / ".cache" / relative).write_text(text)
    (out / ".cache" / "check.json").write_text("{}")  # etl check's memory: not the build's to remove
    assert etl("build", str(EPISODE), "--out", str(out), cwd=tmp_path, monkeypatch=monkeypatch) == 0
    left = sorted(p.name for p in (out / ".cache").iterdir())
    assert left == [".writable", "cache.sqlite", "check.json", "search", "state.json"]


def test_a_source_that_breaks_keeps_its_last_good_episode(tmp_path, monkeypatch, capsys):
    source = tmp_path / "s01e01.md"
    source.write_text(EPISODE.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert etl("build", str(source), "--out", str(out), cwd=tmp_path, monkeypatch=monkeypatch) == 0
    good = snapshot(out)
    source.write_text("---\nepisode: 1\ntitle: [broken\n---\n", encoding="utf-8")
    new_bad = tmp_path / "new.md"
    new_bad.write_text("---\ntitle: x\nseason: nope\nepisode: 1\n---\n", encoding="utf-8")
    capsys.readouterr()
    assert etl("build", str(source), str(new_bad), "--out", str(out), cwd=tmp_path, monkeypatch=monkeypatch) == 1
    err = capsys.readouterr().err
    assert f"{source}:4: error: invalid YAML" in err and f"{new_bad}:3: error:" in err
    assert snapshot(out) == good  # JSON, files and feed item all still published
    assert "kept from the last good build" in err


def test_write_is_atomic_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "feed.xml"
    target.write_bytes(b"old complete file")

    def killed(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(target, b"new file")
    assert target.read_bytes() == b"old complete file"
    assert [p.name for p in tmp_path.iterdir()] == ["feed.xml"]  # no temp file left behind


def test_published_files_are_readable_as_the_umask_allows(tmp_path, monkeypatch):
    # A web server serving the out folder runs as another user: temp files' private 0600 must not survive.
    previous = os.umask(0o022)
    try:
        assert etl("build", str(EPISODE), "--out", str(tmp_path / "out"), cwd=tmp_path, monkeypatch=monkeypatch) == 0
        files.write_atomic(tmp_path / "new" / "folder" / "file.txt", b"made with its folders")
    finally:
        os.umask(previous)
    published = [p for p in (tmp_path / "out").rglob("*") if p.is_file() and ".cache" not in p.parts]
    assert len(published) > 5
    assert {stat.S_IMODE(p.stat().st_mode) for p in published} == {0o644}
    assert (tmp_path / "new" / "folder" / "file.txt").read_bytes() == b"made with its folders"


def test_feeds_are_written_after_every_file_they_point_to(tmp_path, monkeypatch):
    order: list[str] = []
    real = files.os.replace
    monkeypatch.setattr(files.os, "replace", lambda src, dst: order.append(Path(dst).as_posix()) or real(src, dst))
    out = tmp_path / "out"
    args = ("build", str(EPISODE), "--out", str(out), "--jobs", "1", "--base-url", "https://example.org/")
    assert etl(*args, cwd=tmp_path, monkeypatch=monkeypatch) == 0
    feeds = [n for n, name in enumerate(order) if name.endswith(".xml")]
    # the search index comes after the feeds: no feed points into it, and it reads the pages they link
    pointed = [name for name in order if "/pagefind/" not in name and "/.cache/" not in name]  # the cache: no feed's
    others = [n for n, name in enumerate(order) if name in pointed and not name.endswith(".xml")]
    assert feeds and others and min(feeds) > max(others)
    assert any("/pagefind/" in name for name in order[max(feeds) :])


def test_github_annotations_and_summary(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: x\nseason: nope\nepisode: 1\n---\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert etl("build", str(bad), "--out", str(tmp_path / "out"), cwd=tmp_path, monkeypatch=monkeypatch) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"::error file={bad},line=3::`season` must be a whole number of 0 or more, not 'nope'" in err
    assert err[-1].startswith("etl: 0 episodes, 1 errors, ")


def test_quiet_prints_errors_and_summary_only(tmp_path, monkeypatch, capsys):
    quiet = tmp_path / "t.txt"
    quiet.write_text("0:00 hello\n0:02 there\n", encoding="utf-8")  # no title: a warning
    assert etl("build", str(quiet), "--out", str(tmp_path / "o"), "-q", cwd=tmp_path, monkeypatch=monkeypatch) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("etl: 1 episodes, 0 errors, 3 warnings")


def test_verbose_says_what_was_detected_cached_and_how_long_each_step_took(tmp_path, monkeypatch, capsys):
    other = FIXTURES / "datatalks" / "s01e02-data-contracts.md"
    out = str(tmp_path / "out")
    assert etl("build", str(EPISODE), "--out", out, cwd=tmp_path, monkeypatch=monkeypatch) == 0
    assert "detect:" not in capsys.readouterr().err
    assert etl("build", str(EPISODE), str(other), "--out", out, "-v", cwd=tmp_path, monkeypatch=monkeypatch) == 0
    err = capsys.readouterr().err.splitlines()
    assert f"{EPISODE}: cached (unchanged since the last build)" in err
    assert any(line.startswith(f"{other}: detect: datatalks: yes") for line in err)
    steps = next(line for line in err if line.startswith("time per step: "))
    assert [part.split()[0] for part in steps.removeprefix("time per step: ").split(", ")] == [
        "read",
        "scan",
        "plan",
        "make",
        "keep",
        "write",
    ]


def test_a_removed_file_takes_the_folders_it_leaves_empty_but_never_the_out_folder(tmp_path):
    folder = outfolder.OutFolder(tmp_path / "out")
    folder.put("pagefind/1-0/fragment/a.pf_fragment", b"a")
    folder.put("pagefind/1-0/entry.json", b"{}")
    assert folder.remove("pagefind/1-0/fragment/a.pf_fragment")
    assert not (tmp_path / "out" / "pagefind" / "1-0" / "fragment").exists()
    assert (tmp_path / "out" / "pagefind" / "1-0" / "entry.json").exists()
    assert folder.remove("pagefind/1-0/entry.json")
    assert (tmp_path / "out").is_dir() and list((tmp_path / "out").iterdir()) == []


def test_a_run_that_finds_nothing_changed_loads_no_reader_and_no_writer(tmp_path):
    # The cron job's usual path: importing the readers and writers was a third of a no-op run
    import subprocess
    import sys

    out = tmp_path / "out"
    args = ["build", str(EPISODE), "--out", str(out), "-q"]
    probe = (
        "import json, sys\nfrom etl.cli import main\n"
        f"code = main({args!r})\n"
        "heavy = ('etl.extract', 'etl.load.feed', 'etl.load.site', 'etl.transform.complete', 'etl.transform.plan',"
        " 'etl.transform.people', 'feedgen', 'jinja2',"
        " 'nh3', 'markdown_it', 'lxml')\n"
        "print(json.dumps([code, sorted(m for m in sys.modules if m.startswith(heavy))]))\n"
    )

    def run() -> list:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True)
        return json.loads(done.stdout)

    first = run()
    assert first[0] == 0 and "etl.extract" in first[1] and "jinja2" in first[1]  # a real build loads them
    assert run() == [0, []]


def test_a_cache_record_gone_is_a_miss_never_an_error(tmp_path, monkeypatch):
    """The cache's promise: a missing cache record is a miss. An episode's collection pieces gone (a cache restored
    in part, a hand clean-up) made the next build stop with an internal error when it streamed the index."""
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    source = tmp_path / "s01e02.md"
    source.write_text(
        (FIXTURES / "datatalks" / "s01e02-data-contracts.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert etl("build", str(EPISODE), str(source), "--out", str(out), cwd=tmp_path, monkeypatch=monkeypatch) == 0
    with contextlib.closing(sqlite3.connect(out / ".cache" / "cache.sqlite")) as db, db:
        assert db.execute("SELECT count(DISTINCT owner || '/' || item) FROM pieces").fetchone() == (2,)
        db.execute("DELETE FROM pieces")  # a cache restored in part, a hand clean-up
    source.write_text(source.read_text(encoding="utf-8") + "\n* [One more](https://example.org/one-more)\n")
    assert etl("build", str(EPISODE), str(source), "--out", str(out), cwd=tmp_path, monkeypatch=monkeypatch) == 0
    assert etl("build", str(EPISODE), str(source), "--out", str(fresh), cwd=tmp_path, monkeypatch=monkeypatch) == 0
    for path in fresh.rglob("*"):  # the search index by what it finds: a recent bundle's bytes follow history
        if path.is_file() and ".cache" not in path.parts and "pagefind" not in path.parts:
            assert (out / path.relative_to(fresh)).read_bytes() == path.read_bytes(), path
    assert searchable(out) == searchable(fresh)
