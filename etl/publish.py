"""Writing the out folder: every file via a temp file and os.replace, so no reader ever sees half a file."""

from __future__ import annotations

import filecmp
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: Path, data: bytes) -> None:
    with atomic_file(path) as handle:
        handle.write(data)


@contextmanager
def atomic_file(path: Path, *, only_if_changed: bool = False) -> Iterator[BinaryIO]:
    """A temp file beside `path`, moved over it when the block ends without error, removed otherwise.

    os.replace is atomic: a reader (or a build killed at any moment) sees the old file or the new one,
    never half of one. No fsync: this guards against a killed process, not a power cut, and fsync per
    file was a fifth of a large build's time. With only_if_changed, identical content leaves the old
    file (and its mtime) alone.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        if only_if_changed and path.is_file() and filecmp.cmp(tmp, path, shallow=False):
            Path(tmp).unlink()
        else:
            os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_all(out: Path, files: dict[str, bytes]) -> list[str]:
    """Write `files` (in order) under `out`, skipping files whose bytes are unchanged; returns what changed."""
    changed = []
    for relative, data in files.items():
        target = out / relative
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            pass
        write_atomic(target, data)
        changed.append(relative)
    return changed


def remove_stale(out: Path, files: dict[str, bytes], previous: list[str]) -> list[str]:
    """Delete files the last build wrote that this one does not (outputs of removed sources)."""
    removed = []
    for relative in previous:
        if relative not in files:
            target = out / relative
            if target.is_file():
                target.unlink()
                removed.append(relative)
    return removed


OWNED = ("episodes/*.json", "chapters/*.json", "transcripts/*.*", "feeds/*.xml", "index.json", "feed.xml")


def owned(out: Path) -> list[str]:
    """Files in `out` that etl writes (and so may remove): never anything else a user keeps there."""
    found = {p.relative_to(out).as_posix() for pattern in OWNED for p in out.glob(pattern) if p.is_file()}
    return sorted(found)
