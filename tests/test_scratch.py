"""A build's scratch folder, and the ones killed builds left behind (etl.util.scratch)."""

from __future__ import annotations

import os
import tempfile
import time

from etl.util import scratch


def _aged(path, seconds=scratch.STALE + 5):
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_only_our_unheld_stale_scratch_folders_are_swept(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    left = tmp_path / "etl-scratch-left"  # a killed build's: marked, old, no one holds it
    left.mkdir()
    (left / scratch.MARK).touch()
    (left / "search").mkdir()
    (left / "search" / "part.pf_index").write_bytes(b"x" * 1000)
    young = tmp_path / "etl-scratch-young"  # marked, unheld, but made a moment ago: maybe not yet locked
    young.mkdir()
    (young / scratch.MARK).touch()
    unmarked = tmp_path / "etl-scratch-unmarked"  # someone else's, though named like ours
    unmarked.mkdir()
    (unmarked / "theirs.txt").write_text("keep me")
    empty = tmp_path / "etl-scratch-empty"  # killed before it was marked
    empty.mkdir()
    other = tmp_path / "etl-other"  # not a scratch folder at all
    other.mkdir()
    (other / scratch.MARK).touch()
    (tmp_path / "etl-scratch-file").write_text("a file, not a folder")
    for path in (left, unmarked, empty, other):
        _aged(path)
    with scratch.scratch() as held:
        assert held.parent == tmp_path and (held / scratch.MARK).is_file()
        _aged(held)
        assert scratch.sweep(tmp_path) == 0  # a running build's scratch is held, however old
        assert held.is_dir()
        assert not left.exists() and not empty.exists()  # swept when this build began
    assert not held.exists()
    assert young.is_dir() and (unmarked / "theirs.txt").read_text() == "keep me" and other.is_dir()
    assert (tmp_path / "etl-scratch-file").is_file()
