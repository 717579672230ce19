"""What the last build published, as this build goes: each file's size and stamp, by path.

At 20,000 sources the last build published ~150,000 files. Each one's size and stamp (the packed integer of
`etl.util.files.output_stamp`) are kept in one integer a path, one dict rather than a dict of sizes beside a
dict of stamps, and a file is taken out as this build publishes it again (`claim`): the make stage's results
grow as this shrinks. By the write stage what is left is what no episode made this time (the collection
files, the search index, what has gone stale), and that is all the write stage compares with.
"""

from __future__ import annotations

from collections.abc import Iterable

_SIZE = (1 << 64) - 1  # the low 64 bits hold the size; above them, the stamp plus one (0: none recorded)


class LastFiles:
    __slots__ = ("_files",)

    def __init__(self, files: object = None, stamps: object = None) -> None:
        """`files` and `stamps` as the state keeps them: sizes by path, and stamps in the order of the sorted
        paths (None where a file had none). Anything else is no record: its files are checked by size alone,
        or, when the sizes are unreadable too, made again."""
        self._files: dict[str, int] = {}
        if not isinstance(files, dict):
            return
        if not isinstance(stamps, list) or len(stamps) != len(files):
            stamps = [None] * len(files)
        for relative, stamp in zip(sorted(files), stamps, strict=True):
            size = files[relative]
            if not isinstance(size, int) or not 0 <= size <= _SIZE:
                continue
            valid = isinstance(stamp, int) and stamp >= 0
            self._files[relative] = size | ((stamp + 1) << 64 if valid else 0)

    def __len__(self) -> int:
        return len(self._files)

    def stamp(self, relative: str) -> int | None:
        packed = self._files.get(relative)
        return None if packed is None or packed <= _SIZE else (packed >> 64) - 1

    def sizes(self) -> dict[str, int]:
        """The size of each file not claimed (yet), by path."""
        return {relative: packed & _SIZE for relative, packed in self._files.items()}

    def size(self, relative: str) -> int | None:
        """One file's size as the last build left it (None: not one of its files, or claimed since)."""
        packed = self._files.get(relative)
        return None if packed is None else packed & _SIZE

    def claim(self, files: Iterable[str]) -> None:
        """Files this build publishes again: no longer the last build's to compare with or to find stale."""
        for relative in files:
            self._files.pop(relative, None)

    def settle(self) -> None:
        """Give back the table the claimed entries left behind (a dict does not shrink as entries go)."""
        self._files = dict(self._files)
