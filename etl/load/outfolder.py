"""The out folder: the one place that compares new bytes with what is there and writes what differs.

Every file goes through a temp file and os.replace, so no reader ever sees half a file. With
`dry_run` (`etl build --check`) the same comparisons run and nothing in the out folder changes.
"""

from __future__ import annotations

import filecmp
import fnmatch
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from etl.util.files import output_stamp, temp_file, write_atomic

# What etl writes in the out folder, and so may remove; nothing else a user keeps there is touched.
OWNED = (
    *("episodes/*.json", "chapters/*.json", "transcripts/*.*", "feeds/*.xml", "index.json", "feed.xml"),
    *("schemas/*.schema.json", "images/*"),
)
# The site's files: owned only while etl writes a site. With `site: false` a team's own pages may sit there;
# what the last build wrote is still removed (it is listed in the run's state).
SITE_OWNED = (
    *("episodes/*.html", "shows/*.html", "people/*.html", "assets/*", "index.html", "search.html"),
    *("pagefind/*", "pagefind/*/*", "pagefind/*/*/*"),  # the search index, in parts (etl.load.search)
)


class Streamed(NamedTuple):
    changed: bool
    size: int


class OutFolder:
    def __init__(
        self, root: Path, dry_run: bool = False, scratch: Path | None = None, owned: tuple[str, ...] = OWNED
    ) -> None:
        if dry_run and scratch is None:
            raise ValueError("a dry run needs a scratch folder for the files it streams")
        self.root = root
        self.patterns = owned
        self.dry_run = dry_run
        self.scratch = scratch or root  # where a dry run streams files it must not write into the out folder

    def holds(self, relative: str, data: bytes) -> bool:
        """True when the file is there with exactly these bytes."""
        try:
            return (self.root / relative).read_bytes() == data
        except OSError:
            return False

    def put(self, relative: str, data: bytes) -> bool:
        """Write `data` unless the file already holds it; True when it changed (or would, in a dry run)."""
        if self.holds(relative, data):
            return False
        if not self.dry_run:
            write_atomic(self.root / relative, data)
        return True

    def stream(self, relative: str, write: Callable[[BinaryIO], None]) -> Streamed:
        """A file too large to hold in memory: `write` fills a temp file, which then replaces the old file
        unless the two are identical (then the old one, and its mtime, stay)."""
        target = self.root / relative
        folder = self.scratch / Path(relative).parent if self.dry_run else target.parent
        with temp_file(folder, target.name) as temp:
            write(temp.handle)
            temp.handle.close()
            size = temp.path.stat().st_size
            changed = not (target.is_file() and filecmp.cmp(temp.path, target, shallow=False))
            if changed and not self.dry_run:
                temp.move_to(target)
        return Streamed(changed, size)

    def owned(self) -> Iterator[str]:
        """Files here that etl writes (and so may remove), folder by folder, in no set order (a file two
        patterns match comes twice). Listed with os.scandir: a large site holds tens of thousands of files, and
        pathlib's glob costs several times more; yielded, so a caller keeps only the few it wants."""
        for pattern in self.patterns:
            folder, _, name = pattern.rpartition("/")
            for parent in _folders(self.root, folder):
                yield from _matching(self.root, parent, name, folders=False)

    def remove(self, relative: str) -> bool:
        target = self.root / relative
        if not target.is_file():
            return False
        if not self.dry_run:
            target.unlink()
            for folder in target.parents:  # folders left empty (an old part of the search index) go too
                if folder == self.root or not folder.is_relative_to(self.root):
                    break
                try:
                    folder.rmdir()
                except OSError:  # not empty
                    break
        return True

    def intact(self, sizes: dict[str, int], stamp: Callable[[str], int | None] = lambda relative: None) -> bool:
        """Every file is there with the size the last build gave it and, where `stamp` gives the stamp it
        recorded (see `stamps`), that stamp: nobody removed, truncated or rewrote an output since."""
        root = os.fspath(self.root)
        for relative, size in sizes.items():
            try:
                status = os.stat(os.path.join(root, relative))
            except OSError:
                return False
            recorded = stamp(relative)
            if status.st_size != size or (recorded is not None and output_stamp(status) != recorded):
                return False
        return bool(sizes)

    def stamps(self, relatives: Iterable[str]) -> list[int | None]:
        """The stamp of each file as it is now (None for one that is gone), taken when a build ends: a later
        rewrite of it, even to the same size, moves its change time (which nobody can set back), so the next
        build sees it."""
        root = os.fspath(self.root)
        found: list[int | None] = []
        for relative in relatives:
            try:
                found.append(output_stamp(os.stat(os.path.join(root, relative))))
            except OSError:
                found.append(None)
        return found


def _folders(root: Path, pattern: str) -> list[str]:
    """The folders under `root` a folder pattern (`""`, `episodes`, `pagefind/*`) names, relative to it."""
    found = [""]
    for part in pattern.split("/") if pattern else ():
        found = [
            path
            for parent in found
            for path in (
                _matching(root, parent, part, folders=True)
                if any(c in part for c in "*?[")
                else [f"{parent}/{part}" if parent else part]
            )
        ]
    return found


def _matching(root: Path, parent: str, name: str, folders: bool) -> Iterator[str]:
    """The files (or folders) in `root/parent` whose name matches the glob `name`, relative to `root`, in the
    order the file system lists them. Yielded as the folder is read: a site's `transcripts/` holds ~70,000
    files at 20,000 sources, and a list of their entries was the build's peak memory (15 MB)."""
    try:
        with os.scandir(root / parent) as entries:
            for entry in entries:
                if (entry.is_dir() if folders else entry.is_file()) and fnmatch.fnmatchcase(entry.name, name):
                    yield f"{parent}/{entry.name}" if parent else entry.name
    except OSError:  # no such folder
        return
