"""Freed memory handed back to the system between stages.

glibc keeps what a process frees in its heap, still counted in the process's resident memory, and reuses it
only for blocks of the sizes that were freed. The plan's heads (~70 MB at 20,000 sources) are freed before the
make stage, whose results are of other sizes: without a trim the main process's peak is the two together.
`malloc_trim` is glibc's own call for this (as Dask's workers use it); elsewhere it does not exist, and the
process keeps its allocator's behaviour.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not glibc (macOS, musl), or no C library to load
        return None


def give_back() -> None:
    """Return the heap's free pages to the system, where the C library can."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
