"""One build per out folder at a time.

Two builds writing one folder (a cron job and a manual run, two CI jobs without a concurrency group) would
each remove what the other just wrote. A build holds an `fcntl` lock (flock) on the out folder itself from
before it reads the last build's state until its last file is written. The kernel releases the lock when the
process ends, however it ends, so a killed build never leaves a stale lock, and no lock file joins the
published files. Who holds it (a process id and when it started) comes from the kernel's list of locks
(/proc/locks, Linux; elsewhere the waiting build says "another process"). `--check` writes nothing and takes
no lock.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from etl.errors import SourceError

WAIT = 300.0  # seconds a second build waits by default: longer than a one-change build, shorter than a CI step
POLL = 0.2


class Locked(SourceError):
    """Another build held the out folder for longer than we were to wait (exit 75, EX_TEMPFAIL: try again)."""


@contextmanager
def holding(out: Path, wait: float = WAIT, say: Callable[[str], None] = print) -> Iterator[None]:
    """The out folder's lock, waited for up to `wait` seconds (saying once who holds it); OSError when the out
    folder cannot be made or opened (the caller names the fault), Locked when the wait ran out."""
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        if not _take(fd):
            say(f"etl: waiting for the build {_holder(fd)} to finish with {out} (up to {wait:.0f} s; --wait SECONDS)")
            deadline = time.monotonic() + wait
            while not _take(fd):
                if time.monotonic() >= deadline:
                    raise Locked(
                        f"another build ({_holder(fd)}) still writes this folder after {wait:.0f} s; run again "
                        "when it has finished, or give it longer with --wait SECONDS",
                        out,
                    )
                time.sleep(POLL)
        yield
    finally:
        os.close(fd)  # and with it the lock


def _take(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(fd: int) -> str:
    """`started at TIME by pid PID`, from the kernel's list of locks on this folder's inode."""
    status = os.fstat(fd)
    place = f"{os.major(status.st_dev):02x}:{os.minor(status.st_dev):02x}:{status.st_ino}"
    try:
        with open("/proc/locks", encoding="ascii") as locks:
            pids = [int(line.split()[4]) for line in locks if "FLOCK" in line and line.split()[5] == place]
        with open("/proc/stat", encoding="ascii") as stat:
            boot = next(int(line.split()[1]) for line in stat if line.startswith("btime "))
        with open(f"/proc/{pids[0]}/stat", encoding="ascii") as process:
            ticks = int(process.read().rsplit(")", 1)[1].split()[19])  # field 22: its start, in clock ticks
    except (OSError, ValueError, IndexError, StopIteration):
        return "of another process"
    started = dt.datetime.fromtimestamp(boot + ticks / os.sysconf("SC_CLK_TCK"), dt.UTC).replace(microsecond=0)
    return f"started at {started.isoformat()} by pid {pids[0]}"
