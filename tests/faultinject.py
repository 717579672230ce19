"""Faults injected at the N-th file etl writes into a folder, as SQLite's tests inject an I/O error at each
write in turn: `arm` patches the one place every published file passes through (a temp file moved into place,
etl.util.files), so the N-th move fails with an errno, or the process is killed there.

Used in-process by tests/test_faults.py, and in a child process for the kill:
`python tests/faultinject.py OUT N kill -- etl build ...`.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
from pathlib import Path

from etl.util import files

COUNT = "count"  # fail nothing: count the writes


class Armed:
    def __init__(self, folder: Path, at: int, fault: str) -> None:
        self.folder = str(folder.resolve())
        self.at = at
        self.fault = fault
        self.writes: list[str] = []
        self.real = files._replace

    def replace(self, temp: str | Path, target: str | Path) -> None:
        where = Path(target).resolve()
        if str(where).startswith(self.folder) and ".cache" not in where.parts:  # the out folder's, not its cache's
            self.writes.append(str(target))
            if len(self.writes) == self.at:
                if self.fault == "kill":
                    os.kill(os.getpid(), signal.SIGKILL)
                if self.fault != COUNT:
                    code = {"ENOSPC": errno.ENOSPC, "EIO": errno.EIO}[self.fault]
                    raise OSError(code, os.strerror(code), str(temp))
        self.real(temp, target)


def arm(folder: Path, at: int, fault: str) -> Armed:
    armed = Armed(folder, at, fault)
    files._replace = armed.replace  # type: ignore[assignment]
    return armed


def disarm(armed: Armed) -> None:
    files._replace = armed.real  # type: ignore[assignment]


if __name__ == "__main__":
    folder, at, fault, _, *command = sys.argv[1:]
    arm(Path(folder), int(at), fault)
    from etl.cli import main

    sys.exit(main(command[1:]))  # command[0] is "etl"
