"""The last build's files as a build goes (`etl.pipeline.last`): sizes and stamps packed one integer a path,
each file taken out as this build publishes it again, so the write stage holds only what is left."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from etl.cli import main
from etl.pipeline import sinks
from etl.pipeline.last import LastFiles

LARGEST = (1 << 192) - 1  # a stamp is three 64-bit fields


def test_sizes_and_stamps_come_back_as_the_state_kept_them():
    files = {"b.json": 0, "a.html": 123_456_789_012, "c.vtt": 7}
    last = LastFiles(files, [LARGEST, 0, None])  # stamps in the order of the sorted paths
    assert last.sizes() == files
    assert [last.stamp(p) for p in ("a.html", "b.json", "c.vtt", "gone.txt")] == [LARGEST, 0, None, None]


def test_claimed_files_are_no_longer_compared_or_found_stale():
    last = LastFiles({"a": 1, "b": 2, "c": 3}, [10, 20, 30])
    last.claim(["a", "c", "never-there"])
    last.settle()
    assert last.sizes() == {"b": 2} and len(last) == 1
    assert last.stamp("a") is None and last.stamp("b") == 20


@pytest.mark.parametrize(
    ("files", "stamps", "sizes", "stamped"),
    [
        (None, None, {}, {}),  # no state
        (["a"], [1], {}, {}),  # not a dict
        ({"a": 1, "b": 2}, [5], {"a": 1, "b": 2}, {"a": None, "b": None}),  # stamps that do not match: sizes alone
        ({"a": "1", "b": -2, "c": 3}, [1, 2, "x"], {"c": 3}, {"c": None}),  # unreadable values left out
        ({"a": 1, "b": 2}, [-1, 9], {"a": 1, "b": 2}, {"a": None, "b": 9}),
    ],
)
def test_a_damaged_state_is_read_as_far_as_it_can_be(files, stamps, sizes, stamped):
    last = LastFiles(files, stamps)
    assert last.sizes() == sizes
    assert {p: last.stamp(p) for p in sizes} == stamped


def test_the_write_stage_compares_only_with_what_no_episode_published_again(tmp_path, monkeypatch):
    work = tmp_path / "work"
    shutil.copytree(ROOT / "fixtures", work / "fixtures")
    shutil.copy(ROOT / "etl.yaml", work / "etl.yaml")
    monkeypatch.chdir(work)
    assert main(["build", "--out", "out", "--jobs", "1", "-q"]) == 0
    episode_files = {p.relative_to(work / "out").as_posix() for p in (work / "out" / "episodes").glob("*.json")}
    gone = work / "out" / "episodes" / "left-over.json"  # as if from a source since removed
    gone.write_text("{}", encoding="utf-8")
    page = work / "fixtures" / "datatalks" / "s01e02-data-contracts.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Without the Hype", "Without Any Hype"), encoding="utf-8")
    seen: dict[str, int] = {}
    real = sinks.OutSink.finish

    def finish(self, published, previous, report):
        seen.update(previous.files)
        return real(self, published, previous, report)

    monkeypatch.setattr(sinks.OutSink, "finish", finish)
    assert main(["build", "--out", "out", "--jobs", "1", "-q"]) == 0
    assert episode_files and not episode_files & seen.keys()  # every episode was published again: all claimed
    assert "index.json" in seen and "feed.xml" in seen  # collection files: compared, not claimed
    assert not gone.exists()  # found stale by the folder's listing all the same
    assert Path(work / "out" / "index.json").is_file()
