"""A listener's first search, as Chromium makes it: what it fetches under `pagefind/`.

    python bench/firstsearch.py OUT ["two words"]

Serves OUT on 127.0.0.1 with a server that counts every response (the search's web worker's fetches
included), opens `search.html?q=...` in a fresh headless Chromium (an empty cache), waits for the results and
then for the network to be quiet, and prints JSON: requests and bytes under pagefind/, and in all.
"""

from __future__ import annotations

import http.server
import json
import sys
import threading
import time
from functools import partial
from pathlib import Path
from typing import ClassVar
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import driver  # noqa: E402 (the browser tests' Chromium, as they start it)

QUERY = "feature store"  # two words a listener of a data podcast would ask for
QUIET = 1.5  # seconds without a request: the search is done


class _Counting(http.server.SimpleHTTPRequestHandler):
    served: ClassVar[list[tuple[str, int]]] = []
    last = time.monotonic()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        data = source.read()
        outputfile.write(data)
        _Counting.served.append((urlsplit(self.path).path, len(data)))
        _Counting.last = time.monotonic()


def measure(out: Path, query: str = QUERY) -> dict[str, object]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Counting, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    chrome = driver()
    try:
        _Counting.served.clear()
        chrome.get(f"http://127.0.0.1:{server.server_address[1]}/search.html?q={quote(query)}")
        deadline = time.monotonic() + 120
        while not chrome.find_element("css selector", ".status").text and time.monotonic() < deadline:
            time.sleep(0.05)
        status = chrome.find_element("css selector", ".status").text
        while time.monotonic() - _Counting.last < QUIET:
            time.sleep(0.1)
    finally:
        chrome.quit()
        server.shutdown()
        server.server_close()
    index = [(path, size) for path, size in _Counting.served if "/pagefind/" in path]
    return {
        "query": query,
        "status": status,
        "pagefind_requests": len(index),
        "pagefind_bytes": sum(size for _, size in index),
        "all_requests": len(_Counting.served),
        "all_bytes": sum(size for _, size in _Counting.served),
        "largest": sorted(index, key=lambda item: -item[1])[:5],
    }


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), *sys.argv[2:3])))
