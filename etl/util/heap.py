"""The cyclic garbage collector, set for a build.

CPython collects its youngest objects every 700 net allocations, the next generation every tenth of those
collections and the whole heap every tenth of those. A build allocates in bursts (one front matter composes tens of
thousands of YAML nodes at once), so at 2,000 sources each worker ran ~6,400 young and ~50 whole-heap collections:
~2 s of the ~17 s of CPU it spent, and each whole-heap one walked the modules' own objects (compiled schemas,
templates, tables), never garbage. So, while a build runs (`settled`):
- what is alive when it starts (the code, loaded) is frozen (`gc.freeze`): never walked again, and shared
  untouched with the workers forked after it (the gc module's own advice for processes that fork);
- the young generation is collected every YOUNG net allocations: cyclic garbage still goes, at most that many
  objects later. Most garbage never waits for the collector at all: reference counting frees it at once.
Measured at 2,000 sources (docs/benchmark.md): the collector's time in a worker went from ~2.0 s to ~0.07 s.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG = 10_000


def settle() -> None:
    """Freeze what is alive and collect the young generation every YOUNG net allocations, from now on, in this
    process and in the ones it forks (a worker started afresh calls it itself)."""
    gc.freeze()
    gc.set_threshold(YOUNG)


@contextmanager
def settled() -> Iterator[None]:
    """`settle` for the block; the collector as it was after it (a program that calls the build goes on as
    before). A program that had frozen objects of its own finds them, and the block's, still frozen: the gc
    module cannot unfreeze only some."""
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    settle()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if not frozen:
            gc.unfreeze()
