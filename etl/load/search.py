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

The index is built in parts (`pagefind/<count>-<k>/`, each a Pagefind bundle of about PART_PAGES pages,
which the search page merges with Pagefind's `mergeIndex`): Pagefind holds ~1.5 MB per transcript page in
memory, so one bundle of 20,000 pages would need ~30 GB; and a changed page rebuilds only its own part. A page
goes to the part a hash of its path names, so adding an episode moves no other page; the number of parts
doubles as the site grows (then every part is new, in new folders). `pagefind/parts.json` lists the parts and
is written after all of them: until then the old list names the old, whole parts.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

from etl.errors import SourceError
from etl.load import search_bytes
from etl.load.outfolder import OutFolder
from etl.util import lifeline

NAME = "search"
FOLDER = "pagefind"
ENTRY = "pagefind-entry.json"  # in each part
MANIFEST = f"{FOLDER}/parts.json"
PART_PAGES = 200
PAGES = ("episodes/*.html", "shows/*.html", "people/*.html")
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


def parts(pages: list[str]) -> dict[str, list[str]]:
    """The pages of each part of the index, by part name, in path order; no part is empty."""
    count = 1
    while count * PART_PAGES < len(pages):
        count *= 2
    found: dict[str, list[str]] = {}
    for page in sorted(pages):
        bucket = int.from_bytes(hashlib.sha256(page.encode()).digest()[:8], "big") % count
        found.setdefault(f"{count}-{bucket}", []).append(page)
    return dict(sorted(found.items(), key=lambda item: int(item[0].split("-")[1])))


def manifest(names: list[str], made_by: str) -> bytes:
    return (json.dumps({"etl": made_by, "parts": names}, separators=(",", ":")) + "\n").encode()


def needed(folder: OutFolder, part: str, pages: list[str], changed: set[str], made_by: str) -> bool:
    """A part is rebuilt when one of its pages changed, or when it is not there whole or not made by this
    Pagefind and this code (`stamp`)."""
    if changed.intersection(pages):
        return True
    try:
        entry = json.loads((folder.root / FOLDER / part / ENTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    return not isinstance(entry, dict) or entry.get("etl") != made_by


_FOLDERS = tuple(pattern.removesuffix("*.html") for pattern in PAGES)


def _indexed(path: str) -> bool:
    """One of PAGES: an `.html` file right in one of their folders (string tests: a build lists ~6 files a page)."""
    folder, _, name = path.rpartition("/")
    return name.endswith(".html") and f"{folder}/" in _FOLDERS


def build(root: Path, pages: list[str], scratch: Path, language: str) -> Path:
    """Pagefind over `pages` (paths in `root`); its files in a new folder under `scratch`.

    Only the pages this build published are indexed (a removed episode's page is still on disk until the
    build ends), so Pagefind reads a view of them: hard links in a hidden folder beside them, which cost
    no copy (a copy where the file system has no hard links)."""
    out = scratch / FOLDER
    view = Path(tempfile.mkdtemp(prefix=".etl-search-", dir=root))
    try:
        for page in pages:
            _link(root / page, view / page)
        command = [sys.executable, "-m", "pagefind", "--site", str(view), "--output-path", str(out)]
        # One language for every show: a search from any page finds every show (Pagefind would otherwise
        # keep one index per page language and search only the one of the page it runs on).
        command += ["--force-language", language, "--keep-index-url", "--silent"]
        done = _run(lifeline.command(*command))
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SourceError(f"the search index was not rebuilt, the last one stays: {error}", FOLDER) from None
    finally:
        shutil.rmtree(view, ignore_errors=True)
    if done.returncode != 0 or not (out / ENTRY).is_file():
        said = (done.stderr or done.stdout).strip().splitlines()
        reason = said[-1] if said else f"exit status {done.returncode}"
        raise SourceError(f"the search index was not rebuilt, the last one stays: Pagefind: {reason}", FOLDER)
    try:
        search_bytes.settle(out, stamp(language))
    except (OSError, ValueError, KeyError, IndexError) as error:  # a Pagefind whose files we do not know
        raise SourceError(f"the search index was not rebuilt, the last one stays: {error}", FOLDER) from None
    return out


_RUNNING: set[subprocess.Popen[str]] = set()  # Pagefind processes under way, stopped when the build is
_LOCK = threading.Lock()


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    """`command` to its end (TIMEOUT at most), listed in _RUNNING meanwhile so an interrupted build stops it."""
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        with _LOCK:
            _RUNNING.add(process)
        try:
            out, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
        finally:
            with _LOCK:
                _RUNNING.discard(process)
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def _stop_running() -> None:
    with _LOCK:
        for process in _RUNNING:
            process.terminate()


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def publish(folder: OutFolder, built: Path, part: str) -> tuple[dict[str, int], list[str]]:
    """Every file of a new part into the out folder, its entry file last; (sizes, changed paths)."""
    files = sorted(
        p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file() and not p.name.startswith(UNUSED)
    )
    files.sort(key=lambda name: name == ENTRY)  # stable: the rest keep their order
    sizes: dict[str, int] = {}
    changed: list[str] = []
    for name in files:
        data = (built / name).read_bytes()
        relative = f"{FOLDER}/{part}/{name}"
        sizes[relative] = len(data)
        if folder.put(relative, data):
            changed.append(relative)
    return sizes, changed


def kept(folder: OutFolder, part: str | None = None) -> dict[str, int]:
    """Index files left as they are (a part whose pages did not change, or all of them when Pagefind
    failed): they stay published."""
    bundle = folder.root / FOLDER / (part or "")
    files = bundle.rglob("*") if bundle.is_dir() else ()
    return {p.relative_to(folder.root).as_posix(): p.stat().st_size for p in files if p.is_file()}


def update(
    folder: OutFolder, sizes: dict[str, int], changed: list[str], scratch: Path, language: str, jobs: int = 1
) -> None:
    """The index after a build: the parts whose pages changed rebuilt (`jobs` Pagefind processes at a time, as
    Pagefind indexes on one core), the rest left; `sizes` and `changed` (the build's published files and those
    it changed) gain the index's. Raises SourceError when Pagefind fails, after which every index file on disk
    stays published."""
    made_by = stamp(language)
    groups = parts(pages(sizes))
    touched = set(changed)
    listing = manifest(list(groups), made_by)
    todo = [name for name, chosen in groups.items() if needed(folder, name, chosen, touched, made_by)]
    if folder.dry_run and (todo or not folder.holds(MANIFEST, listing)):  # pages it did not write: not indexed
        sizes.update(kept(folder))
        changed.append(FOLDER + "/")
        return
    for left in folder.root.glob(".etl-search-*"):  # by a build killed while it indexed
        shutil.rmtree(left, ignore_errors=True)
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        built = {name: pool.submit(build, folder.root, groups[name], scratch / name, language) for name in todo}
        for name in groups:  # published in part order, whichever Pagefind finishes first
            if name not in built:
                sizes.update(kept(folder, name))
                continue
            made, written = publish(folder, built[name].result(), name)
            sizes.update(made)
            changed.extend(written)
    except BaseException:  # failed or interrupted: the other Pagefinds are stopped, not waited for
        pool.shutdown(wait=False, cancel_futures=True)
        _stop_running()
        raise
    pool.shutdown()
    sizes[MANIFEST] = len(listing)
    if folder.put(MANIFEST, listing):  # last: until now the old list names the old, whole parts
        changed.append(MANIFEST)
