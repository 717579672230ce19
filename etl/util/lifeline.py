"""Child processes that end with their parent: a build killed by SIGKILL (a CI time-out, the OOM killer) must not
leave its workers or its Pagefind running, blocked on pipes nobody will read.

On Linux the kernel sends the child SIGTERM when its parent dies (`PR_SET_PDEATHSIG`, kept across exec);
elsewhere a thread in the child watches for its parent to change. Run as a program
(`python -m etl.util.lifeline PID COMMAND...`), it sets the same for COMMAND and becomes it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5  # where there is no PR_SET_PDEATHSIG: how often a child looks for its parent


def _kernel_watch(sig: int) -> bool:
    """Ask Linux to send `sig` when the parent dies; False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _thread_watch(parent: int, sig: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os.kill(os.getpid(), sig)

    threading.Thread(target=watch, name="etl-lifeline", daemon=True).start()


def die_with(parent: int, sig: int = signal.SIGTERM) -> None:
    """This process gets `sig` when `parent` (the process that started it) dies, or at once if it has."""
    if not _kernel_watch(sig):
        _thread_watch(parent, sig)
    if os.getppid() != parent:  # it died before the watch was set
        os.kill(os.getpid(), sig)


def main(argv: list[str]) -> None:
    parent, command = int(argv[0]), argv[1:]
    if not _kernel_watch(signal.SIGTERM):
        os.execvp(command[0], command)  # nothing survives exec here but the kernel's watch: run it as it is
    if os.getppid() != parent:
        sys.exit(143)
    os.execvp(command[0], command)


def command(*argv: str) -> list[str]:
    """`argv` run so that it ends with this process (Linux: also when this process is killed)."""
    return [sys.executable, "-m", "etl.util.lifeline", str(os.getpid()), *argv]


if __name__ == "__main__":
    main(sys.argv[1:])
