"""A build's own temp folder, and the ones killed builds left behind.

A build's scratch (the search index's parts on their way, `--check`'s copies, the cache database of a build
without a cache) is a folder in the system's temp folder, removed when the build ends, however it ends, but for
SIGKILL (the OOM killer, a CI runner's time-out), which gives a process no chance. So a build holds a flock on its
scratch folder while it runs (the kernel releases it when the build and its workers, which inherit it, are gone),
and each build first removes the scratch folders killed builds left: each of ours (`etl-scratch-*`, owned by
this user, holding our mark) whose lock it can take and that nothing has touched for `STALE` seconds (a folder
is locked a moment after it is made: the age keeps a sweep from taking one in that moment).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

PREFIX = "etl-scratch-"
MARK = ".etl-scratch"  # inside: a folder of this name without it is someone else's
STALE = 60.0
_OPEN = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)


@contextmanager
def scratch() -> Iterator[Path]:
    """A new scratch folder, held for the block; the ones killed builds left, removed first."""
    sweep(Path(tempfile.gettempdir()))
    with tempfile.TemporaryDirectory(prefix=PREFIX) as folder:
        fd = os.open(folder, _OPEN)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # just made: no one else holds it
            Path(folder, MARK).touch()
            yield Path(folder)
        finally:
            os.close(fd)


def sweep(root: Path) -> int:
    """Remove the scratch folders in `root` that no running build holds; how many. Never raises: a folder it
    cannot look at or remove is left as it is."""
    removed = 0
    try:
        entries = [e for e in os.scandir(root) if e.name.startswith(PREFIX)]
    except OSError:
        return 0
    for entry in entries:
        try:
            status = entry.stat(follow_symlinks=False)
            if not entry.is_dir(follow_symlinks=False) or status.st_uid != os.getuid():
                continue
            if time.time() - status.st_mtime < STALE:
                continue
            if not os.path.exists(os.path.join(entry.path, MARK)):  # killed before its mark, or not ours
                with suppress(OSError):
                    os.rmdir(entry.path)  # only ever an empty one
                continue
            fd = os.open(entry.path, _OPEN)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held: a build is running with it
            os.close(fd)
            continue
        try:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed += not os.path.exists(entry.path)
        finally:
            os.close(fd)
    return removed
