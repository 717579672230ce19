"""The main process hands freed heap back to the system between stages (etl.pipeline.memory)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from etl.pipeline.memory import _malloc_trim

PROBE = textwrap.dedent(
    """
    from etl.pipeline.memory import give_back

    def rss():
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS"))

    blocks = [dict.fromkeys(range(30)) for _ in range(60_000)]  # ~1 KB tables from the C heap, as heads' fields
    pinned = blocks[::200]  # a few stay, so the freed pages lie between live blocks and free() cannot trim them
    del blocks
    before = rss()
    give_back()
    print(before, rss())
    """
)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads resident memory from /proc (Linux)")
@pytest.mark.skipif(_malloc_trim() is None, reason="a C library without malloc_trim (not glibc)")
def test_freed_heap_is_given_back_to_the_system():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    before, after = map(int, done.stdout.split())
    assert before - after > 30  # MB: ~60 MB of freed tables were still resident before
