"""Files written whole or not at all, and the stamps that tell, without reading a file, that it has not changed.

Every file etl writes (the out folder's, the cache's) goes through a temp file in its own folder and
os.replace, so no reader ever sees half a file.
"""

from __future__ import annotations

import itertools
import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: Path, data: bytes) -> None:
    """`data` as the whole of `path`, as `atomic_file` writes it, without a file object: most files etl writes
    are whole in memory first, and a large build writes tens of thousands (the file object and the context
    managers were a third of the cost of each). SIGINT and SIGTERM wait until the file is in place or its temp
    file gone, so nothing is left half-done; writing bytes already in memory takes no time a user waits on."""
    previous = _hold()
    try:
        temp, fd = _create(os.path.dirname(path), os.path.basename(path))
        try:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
            _replace(temp, path)
        except BaseException:
            with suppress(FileNotFoundError):
                os.unlink(temp)
            raise
    except OSError as error:
        _name(error, path, None)
        raise
    finally:
        _release(previous)


TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.\d+-\d+\.tmp$")  # `_create`'s names: `.NAME.PID-N.tmp`
_serial = itertools.count()
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC


def _create(folder: str, name: str) -> tuple[str, int]:
    """A new temp file for `name` in `folder` (made if missing): its path and descriptor, open for writing.

    Created with mode 0o666 less the umask, as `open()` would: tempfile.mkstemp's 0o600 survives os.replace
    and would leave every published file unreadable to a web server running as another user."""
    while True:
        temp = os.path.join(folder, f".{name}.{os.getpid()}-{next(_serial)}.tmp")
        try:
            return temp, os.open(temp, _CREATE, 0o666)
        except FileExistsError:  # left by a killed run whose process id was ours: take the next name
            continue
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)


def _replace(temp: str | Path, target: str | Path) -> None:
    """The one place every file etl writes is moved into place (tests/faultinject.py fails or kills a build here)."""
    os.replace(temp, target)


def _name(error: OSError, path: str | Path, temp: str | Path | None) -> None:
    """The file a user knows, not its temp name, on an error (a write or a close names none; os.replace names the
    temp)."""
    if (
        error.filename is None
        or (temp is not None and error.filename == str(temp))
        or TEMP_NAME.match(os.path.basename(str(error.filename)))
    ):
        error.filename = str(path)


class _Temp:
    """A new temp file in a folder, open for writing, to be moved into place or dropped."""

    def __init__(self, folder: Path, name: str) -> None:
        temp, fd = _create(str(folder), name)
        self.path = Path(temp)
        self.handle: BinaryIO = os.fdopen(fd, "wb")
        self.moved = False

    def move_to(self, target: Path) -> None:
        self.handle.close()
        _replace(self.path, target)
        self.moved = True


_HELD = {signal.SIGINT, signal.SIGTERM}
_MASKS = hasattr(signal, "pthread_sigmask")


def _hold() -> set[signal.Signals] | None:
    """SIGINT and SIGTERM held (in this thread) until `_release`: the mask before."""
    return signal.pthread_sigmask(signal.SIG_BLOCK, _HELD) if _MASKS else None


def _release(previous: set[signal.Signals] | None) -> None:
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait (in this thread) until the block ends: a stopped build raises where the block
    ends, never between a temp file's creation and the `try` that removes it."""
    previous = _hold()
    try:
        yield
    finally:
        _release(previous)


@contextmanager
def temp_file(folder: Path, name: str) -> Iterator[_Temp]:
    """A temp file that is removed when the block ends without having moved it (and on any error, SIGINT and
    SIGTERM included)."""
    temp: _Temp | None = None
    try:
        with _signals_held():
            temp = _Temp(folder, name)
        yield temp
    except OSError as error:
        _name(error, folder / name, temp.path if temp is not None else None)
        raise
    finally:
        if temp is not None:
            temp.handle.close()
            if not temp.moved:
                temp.path.unlink(missing_ok=True)


def sweep(folder: Path) -> int:
    """Remove the temp files a killed build left in `folder` (a SIGKILL gives no chance to remove the one it
    was writing); only while this build holds the folder's lock, so none is another build's. Returns how
    many."""
    removed = 0
    for parent, _, names in os.walk(folder):
        for name in names:
            if TEMP_NAME.match(name):  # only etl's own: a user's files are never touched
                try:
                    os.unlink(os.path.join(parent, name))
                    removed += 1
                except OSError:
                    pass  # gone already, or not ours to remove: the build goes on
    return removed


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A temp file beside `path`, moved over it when the block ends without error, removed otherwise.

    os.replace is atomic: a reader (or a build killed at any moment) sees the old file or the new one,
    never half of one. No fsync: this guards against a killed process, not a power cut, and fsync per
    file was a fifth of a large build's time.
    """
    with temp_file(path.parent, path.name) as temp:
        yield temp.handle
        temp.move_to(path)


Stamp = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device


def stamp(status: os.stat_result) -> Stamp:
    """What git's index keeps of a file to tell, without reading it, that it has not changed: a rewrite
    changes the modification time, and any change of the file (even a reset mtime) its change time."""
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev)


_BITS = (1 << 64) - 1


def output_stamp(status: os.stat_result) -> int:
    """An output's stamp as the state keeps it: modification time, change time and inode (its size is kept
    apart, and it never moves to another device) packed into one integer, 64 bits each. Equal exactly when
    the three are, for any time in st_mtime_ns's own range (1678-2262); a third of the memory of a list of
    three at 150,000 files."""
    return (status.st_mtime_ns & _BITS) | (status.st_ctime_ns & _BITS) << 64 | (status.st_ino & _BITS) << 128
