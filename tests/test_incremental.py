"""Incremental builds: a source is made again only when what it is made from changed, a collection file is
streamed again only when its records or pieces changed, and whatever happened between two builds, the out
folder ends byte-identical to a build from scratch without a cache."""

from __future__ import annotations

import importlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import searchable

from etl.cli import main
from etl.load import search
from etl.pipeline import cache
from etl.pipeline import make as make_stage

read_stage = importlib.import_module("etl.pipeline.read")  # the package's `read` is the stage's function


@pytest.fixture
def work(tmp_path, monkeypatch) -> Path:
    """The fixtures and their config in a folder of their own, as `make run` builds them."""
    folder = tmp_path / "work"
    shutil.copytree(ROOT / "fixtures", folder / "fixtures")
    shutil.copy(ROOT / "etl.yaml", folder / "etl.yaml")
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def made(monkeypatch) -> list[str]:
    """The path of every draft completed into an episode (the make stage's work), in the main process."""
    calls: list[str] = []
    real = make_stage.complete

    def counted(draft, *args, **kwargs):
        calls.append(Path(draft.path).name)
        return real(draft, *args, **kwargs)

    monkeypatch.setattr(make_stage, "complete", counted)
    return calls


def snapshot(out: Path) -> dict[str, object]:
    """Every published file's bytes, but the search index's: what a search finds in it (`searchable`)."""
    files: dict[str, object] = {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and ".cache" not in p.parts and "pagefind" not in p.parts
    }
    if (out / search.MANIFEST).is_file():
        files["pagefind/ (what a search finds)"] = searchable(out)
    return files


def mtimes(out: Path) -> dict[str, int]:
    return {
        p.relative_to(out).as_posix(): p.stat().st_mtime_ns
        for p in out.rglob("*")
        if p.is_file() and ".cache" not in p.parts
    }


def build(*extra: str) -> None:
    assert main(["build", "--out", "out", "--jobs", "1", *extra]) in (0, 1)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_one_changed_source_makes_only_its_episodes_again(work, made):
    build()
    everything = len(made)
    assert everything == 10  # the episodes etl.yaml lists
    before = mtimes(work / "out")
    made.clear()
    edit(work / "fixtures" / "datatalks" / "s01e02-data-contracts.md", "Without the Hype", "Without Any Hype")
    build()
    assert made == ["s01e02-data-contracts.md"]
    touched = sorted(p for p, t in mtimes(work / "out").items() if before.get(p) != t and not p.startswith("pagefind"))
    assert touched == [  # the title is on these; not in the transcript's JSON, WebVTT or SRT
        "chapters/datatalks-s01e02.json",
        "episodes/datatalks-s01e02.html",
        "episodes/datatalks-s01e02.json",
        "feed.xml",
        "feeds/datatalks.xml",  # not the other shows' feeds, nor their pages
        "index.html",
        "index.json",
        "people/alexeygrigorev.html",  # the pages of the people on it (their list of episodes), no one else's
        "people/ingridsolberg.html",
        "people/tomasvidal.html",
        "shows/datatalks.html",
        "transcripts/datatalks-s01e02.html",
    ]


def test_a_deleted_output_file_is_made_again(work, made):
    build()
    made.clear()
    page = work / "out" / "episodes" / "datatalks-s01e02.html"
    kept = page.read_bytes()
    page.unlink()
    (work / "out" / "people" / "ruthokafor.html").write_bytes(b"truncated")
    build()
    assert made == ["s01e02-data-contracts.md"]
    assert page.read_bytes() == kept
    assert b"truncated" not in (work / "out" / "people" / "ruthokafor.html").read_bytes()


def _change_config(work: Path) -> None:
    edit(work / "etl.yaml", "title: Release Retro", "title: Release Retrospective")


def _change_registry(work: Path) -> None:
    edit(work / "etl.yaml", "aliases: [Alexey]", "aliases: [Alexey, Alexey G.]")


CHAPTERS = ROOT / "fixtures" / "chapters" / "s01e01-streaming-for-small-teams.txt"
ADDED = "s01e02-data-contracts.txt"  # found by the config's glob: chapters for the episode its name gives


def _add_source(work: Path) -> None:
    shutil.copy(CHAPTERS, work / "fixtures" / "chapters" / ADDED)


def _remove_source(work: Path) -> None:
    (work / "fixtures" / "chapters" / ADDED).unlink()


def _change_a_sidecar(work: Path) -> None:
    edit(work / "fixtures" / "formats" / "webvtt" / "coffee-e07.vtt", "Happy to be here.", "Glad to be here.")


def _break_a_source(work: Path) -> None:
    edit(work / "fixtures" / "datatalks" / "s01e01-streaming-for-small-teams.md", "---\n", "--\n")


def _mend_it(work: Path) -> None:
    edit(work / "fixtures" / "datatalks" / "s01e01-streaming-for-small-teams.md", "--\n", "---\n")


def _drop_a_guest(work: Path) -> None:
    edit(work / "fixtures" / "datatalks" / "s01e02-data-contracts.md", "- tomasvidal\n", "")


def _touch_everything(work: Path) -> None:
    for path in (work / "fixtures").rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes())


STEPS: list[Callable[[Path], None]] = [
    _change_config,
    _change_registry,
    _add_source,
    _remove_source,
    _change_a_sidecar,
    _break_a_source,
    _mend_it,
    _drop_a_guest,
    _touch_everything,
]


def test_a_change_that_leaves_an_episodes_card_alone_streams_no_listing_page_again(work, monkeypatch):
    """A collection file's key names its pieces by their bytes: a link added to one episode's show notes changes
    its index entry and feed item, not its card, so the home, show and person pages are not rendered again."""
    from etl.load.site import pages

    build()
    streamed: list[str] = []
    real = pages.write

    def counted(handle, path, *args, **kwargs):
        streamed.append(path)
        return real(handle, path, *args, **kwargs)

    monkeypatch.setattr(pages, "write", counted)
    before = mtimes(work / "out")
    source = work / "fixtures" / "datatalks" / "s01e02-data-contracts.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n* [One more link](https://example.org/one-more)\n")
    build()
    touched = {p for p, t in mtimes(work / "out").items() if before.get(p) != t}
    assert {"index.json", "feed.xml", "episodes/datatalks-s01e02.html"} <= touched
    assert streamed == [] and not touched & {"index.html", "shows/datatalks.html", "people/alexeygrigorev.html"}
    edit(source, "Without the Hype", "Without Any Hype")  # the card's title: the listings follow
    build()
    assert {"index.html", "shows/datatalks.html", "people/alexeygrigorev.html"} <= set(streamed)
    assert "Without Any Hype" in (work / "out" / "index.html").read_text(encoding="utf-8")


def test_every_incremental_build_equals_a_build_from_scratch(work, tmp_path):
    build()
    for step in STEPS:
        step(work)
        build()
        if step is _break_a_source:  # its last good episode stays published: a build from scratch has none
            continue
        fresh = tmp_path / f"fresh-{step.__name__}"
        build("--no-cache", "--out", str(fresh))
        assert snapshot(work / "out") == snapshot(fresh), step.__name__


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """Every source whose bytes the read stage read (rather than trusting its recorded stamp)."""
    calls: list[str] = []
    real = read_stage.hash_source

    def counted(path, *args, **kwargs):
        calls.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(read_stage, "hash_source", counted)
    return calls


def test_a_source_whose_stamp_is_unchanged_is_not_read_again(work, reads, monkeypatch):
    monkeypatch.setattr(read_stage, "RACY_NS", 0)  # every file here is older than the build that reads it
    build()
    assert len(reads) == 14  # the files etl.yaml lists
    reads.clear()
    build()
    assert reads == []


def test_a_source_rewritten_with_the_same_size_and_mtime_is_read_again(work, reads, monkeypatch):
    monkeypatch.setattr(read_stage, "RACY_NS", 0)
    build()
    source = work / "fixtures" / "datatalks" / "s01e02-data-contracts.md"
    before = source.stat()
    edit(source, "Without the Hype", "Without the Fuss")  # as many bytes
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old modification time
    assert source.stat().st_size == before.st_size and source.stat().st_mtime_ns == before.st_mtime_ns
    reads.clear()
    build()
    assert reads == ["s01e02-data-contracts.md"]  # its change time moved: nobody can set that back
    assert b"Without the Fuss" in (work / "out" / "episodes" / "datatalks-s01e02.json").read_bytes()


def test_a_racily_clean_source_is_hashed_again_until_its_stamp_settles(work, reads):
    build()  # the fixtures were copied just now: within RACY_NS of the build
    recorded = json.loads((work / "out" / ".cache" / "state.json").read_text())["sources"]
    assert recorded == {}
    reads.clear()
    build()
    assert len(reads) == 14  # read and hashed: a rewrite in the same tick would have kept every stamp


def test_an_output_rewritten_to_the_same_size_is_made_again(work, made):
    build()
    made.clear()
    page = work / "out" / "episodes" / "datatalks-s01e02.json"
    feed = work / "out" / "feeds" / "innovate.xml"
    kept = {path: path.read_bytes() for path in (page, feed)}
    for path in (page, feed):  # one byte changed, the size and the modification time kept
        before = path.stat()
        data = bytearray(kept[path])
        data[-2] = ord("X") if data[-2] != ord("X") else ord("Y")
        path.write_bytes(bytes(data))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    build()  # not "nothing changed": the change times moved
    assert made == ["s01e02-data-contracts.md"]
    assert {path: path.read_bytes() for path in (page, feed)} == kept


def test_verbose_says_how_many_sources_were_made_again_and_the_peak_memory(work, capsys):
    build()
    edit(work / "fixtures" / "datatalks" / "s01e02-data-contracts.md", "Without the Hype", "Without Any Hype")
    capsys.readouterr()
    build("-v")
    err = capsys.readouterr().err.splitlines()
    assert "make: 1 of 14 sources made, the rest as last built" in err
    memory = next(line for line in err if line.startswith("peak memory: "))
    assert memory.endswith(" MB the largest it started") and int(memory.split()[2]) > 10


def test_reading_in_batches_and_writing_the_state_in_chunks_change_nothing(work, monkeypatch):
    """The read stage hashes sources a batch at a time and the state is written a chunk at a time (memory at
    20,000 sources); with batches of two and chunks of three, the build and its state are the same."""
    build()
    monkeypatch.setattr(read_stage, "READ_BATCH", 2)
    monkeypatch.setattr(cache, "CHUNK", 3)
    build("--out", "small")
    assert snapshot(work / "small") == snapshot(work / "out")
    text = (work / "small" / ".cache" / "state.json").read_text(encoding="utf-8")
    state = json.loads(text)
    assert text == json.dumps(state, sort_keys=True, ensure_ascii=False)  # one document, as json.dumps writes it
    assert len(state["files"]) > 3 * 10 and len(state["stamps"]) == len(state["files"])
    whole = json.loads((work / "out" / ".cache" / "state.json").read_text(encoding="utf-8"))
    assert state["files"] == whole["files"] and state["collections"].keys() == whole["collections"].keys()
