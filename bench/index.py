"""The search index alone, against its peer: Pagefind indexing the same pages in one run.

    python bench/index.py ours OUT JOBS      # parts (JOBS Pagefinds at a time) merged into one bundle
    python bench/index.py pagefind OUT       # one Pagefind over every page

Each is its own process, so that the peak memory it prints (JSON: seconds, pages, peak MB of any process it
ran) is its own: the kernel's high-water mark of the children it waited for.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.load import outfolder, search  # noqa: E402


def main(argv: list[str]) -> None:
    mode, out = argv[0], Path(argv[1])
    pages = sorted(p.relative_to(out).as_posix() for pattern in search.PAGES for p in out.glob(pattern))
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        if mode == "ours":
            folder = outfolder.OutFolder(out, dry_run=True, scratch=Path(scratch) / "check")
            search._merged(folder, pages, None, Path(scratch), "en", int(argv[2]), None)
        else:
            search.build(out, pages, Path(scratch) / "one", "en", settle=False)
        took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": took, "pages": len(pages), "peak_mb": peak, "parts": len(search.parts(pages))}))


if __name__ == "__main__":
    main(sys.argv[1:])
