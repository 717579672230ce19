"""`pagefind/`: the site's full-text search index, built by Pagefind over the episode, show and person pages.

Pagefind splits its index into fragments that the browser fetches only as a query needs them, so a search
over tens of thousands of transcripts loads kilobytes, not the whole index; a hand-built JSON index would be
downloaded whole before the first result. The pages say what to index (`data-pagefind-*` in the templates):
each transcript turn's heading is a sub-result, titles and chapter titles weigh more, show, person and
year are filters.

Pagefind writes into a scratch folder; its files then go through the out folder like every other file,
written only when their bytes differ, the entry file last. Fragment, index and meta files are named by a
hash of their content, so until the new entry file replaces the old one, the old entry still finds all of
its own files: a build killed at any moment leaves a whole index. The old files are removed after, as stale.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from etl.errors import SourceError
from etl.load import search_bytes
from etl.publish import OutFolder

NAME = "search"
FOLDER = "pagefind"
ENTRY = f"{FOLDER}/pagefind-entry.json"
PAGES = ("episodes/*.html", "shows/*.html", "people/*.html")
OWNED = (f"{FOLDER}/*", f"{FOLDER}/*/*")
# Pagefind's own search interfaces: our search page has its own (search.js), so these are not published.
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
TIMEOUT = 3600  # seconds; a hung indexer must not hold a scheduled job forever


def pages(sizes: dict[str, int]) -> list[str]:
    """The published pages the index reads, in path order."""
    return sorted(path for path in sizes if _indexed(path))


def stamp(language: str) -> str:
    """What the index depends on besides the pages: Pagefind's version, the code that runs it and makes
    its bytes settle, and the language. Kept in the entry file (`"etl"`; Pagefind's script reads only its
    own keys), so a new Pagefind or a change here rebuilds an index whose pages did not change."""
    code = hashlib.sha256(f"{version('pagefind')}\0{language}\0".encode())
    for module in (Path(__file__), Path(search_bytes.__file__)):
        code.update(module.read_bytes())
    return code.hexdigest()[:16]


def needed(folder: OutFolder, changed: list[str], language: str) -> bool:
    """The index is rebuilt when a page it reads changed, or when it is not there whole or not of this
    Pagefind and this code."""
    if any(_indexed(path) for path in changed):
        return True
    try:
        entry = json.loads((folder.root / ENTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    return not isinstance(entry, dict) or entry.get("etl") != stamp(language)


def _indexed(path: str) -> bool:
    return any(Path(path).match(pattern) for pattern in PAGES)


def build(root: Path, pages: list[str], scratch: Path, language: str) -> Path:
    """Pagefind over `pages` (paths in `root`); its files in a new folder under `scratch`.

    Only the pages this build published are indexed (a removed episode's page is still on disk until the
    build ends), so Pagefind reads a view of them: hard links in a hidden folder beside them, which cost
    no copy (a copy where the file system has no hard links)."""
    out = scratch / FOLDER
    for left in root.glob(".etl-search-*"):  # by a build killed while it indexed
        shutil.rmtree(left, ignore_errors=True)
    view = Path(tempfile.mkdtemp(prefix=".etl-search-", dir=root))
    try:
        for page in pages:
            _link(root / page, view / page)
        command = [sys.executable, "-m", "pagefind", "--site", str(view), "--output-path", str(out)]
        # One language for every show: a search from any page finds every show (Pagefind would otherwise
        # keep one index per page language and search only the one of the page it runs on).
        command += ["--force-language", language, "--keep-index-url", "--silent"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SourceError(f"the search index was not rebuilt, the last one stays: {error}", FOLDER) from None
    finally:
        shutil.rmtree(view, ignore_errors=True)
    if done.returncode != 0 or not (out / "pagefind-entry.json").is_file():
        said = (done.stderr or done.stdout).strip().splitlines()
        reason = said[-1] if said else f"exit status {done.returncode}"
        raise SourceError(f"the search index was not rebuilt, the last one stays: Pagefind: {reason}", FOLDER)
    try:
        search_bytes.settle(out, stamp(language))
    except (OSError, ValueError, KeyError, IndexError) as error:  # a Pagefind whose files we do not know
        raise SourceError(f"the search index was not rebuilt, the last one stays: {error}", FOLDER) from None
    return out


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def publish(folder: OutFolder, built: Path) -> tuple[dict[str, int], list[str]]:
    """Every file of the new index into the out folder, the entry file last; (sizes, changed paths)."""
    files = sorted(
        p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file() and not p.name.startswith(UNUSED)
    )
    files.sort(key=lambda name: name == "pagefind-entry.json")  # stable: the rest keep their order
    sizes: dict[str, int] = {}
    changed: list[str] = []
    for name in files:
        data = (built / name).read_bytes()
        relative = f"{FOLDER}/{name}"
        sizes[relative] = len(data)
        if folder.put(relative, data):
            changed.append(relative)
    return sizes, changed


def kept(folder: OutFolder) -> dict[str, int]:
    """The last index, left as it is (no page changed, or Pagefind failed): its files stay published."""
    bundle = folder.root / FOLDER
    files = bundle.rglob("*") if bundle.is_dir() else ()
    return {p.relative_to(folder.root).as_posix(): p.stat().st_size for p in files if p.is_file()}
