"""`pagefind/`: the site's full-text search index, built by Pagefind over the episode, show and person pages.

Pagefind splits its index into fragments that the browser fetches only as a query needs them, so a search
over tens of thousands of transcripts loads kilobytes, not the whole index; a hand-built JSON index would be
downloaded whole before the first result. The pages say what to index (`data-pagefind-*` in the templates):
each transcript turn's heading is a sub-result, titles and chapter titles weigh more, show, person and
year are filters.

Segments, as Lucene keeps them (decision and numbers: docs/benchmark.md):
- **Parts.** Pagefind holds ~1.5–2 MB per transcript page while it indexes, so the pages are indexed in
  parts of about PART_PAGES (a page goes to the part a hash of its path names; the number of parts doubles as
  the site grows), `jobs` Pagefind processes at a time. A part is kept (in the cache) and indexed again only
  when one of its pages changed.
- **One main bundle.** The parts are merged into one Pagefind bundle (etl/load/search_merge.py), so a
  listener's first search fetches one metadata file and one index chunk per word, whatever the site's size.
- **A recent bundle.** Pages added or changed since the last merge are indexed alone into a small second
  bundle that the search page merges in (Pagefind's `mergeIndex`); their stale copies in the main bundle are
  hidden by the list `pagefind/parts.json` names (`hide`: fragment names the search page drops). When the
  recent bundle passes MERGE_PAGES pages, or the main bundle is not there whole, the parts are merged again.
So a one-change build indexes a few pages, not a part; the main bundle's bytes depend on the pages only, the
recent bundle's on what changed since the last merge (a build from scratch always gives one main bundle).

Bundles are published into folders named by their content (`pagefind/m-<hash>/`, `pagefind/r-<hash>/`),
each file written only when its bytes differ, the entry file last; `pagefind/parts.json` is written after
all of them: until then the old list names the old, whole bundles, which are removed after, as stale.
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
from itertools import pairwise
from pathlib import Path

from etl.errors import SourceError
from etl.load import search_bytes, search_merge
from etl.load.outfolder import OutFolder
from etl.util import lifeline
from etl.util.files import output_stamp, write_atomic

NAME = "search"
FOLDER = "pagefind"
ENTRY = "pagefind-entry.json"  # in each bundle
PAGE_LIST = search_merge.PAGES  # in the main bundle: which fragment holds which page, to hide stale ones
MANIFEST = f"{FOLDER}/parts.json"
PART_PAGES = 400  # ~750 MB of Pagefind memory for transcript pages of ~100 KB (target: <= 1 GB)
MERGE_PAGES = 64  # pages in the recent bundle before the parts are merged again (~1 s of Pagefind)
RAW = "etl-part.json"  # in a kept part: what made it and which pages it holds
RECORD = "pages.json"  # in the cache's search folder: each page's stamp as the index took it in
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
    for module in (Path(__file__), Path(search_bytes.__file__), Path(search_merge.__file__)):
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


def manifest(names: list[str], made_by: str, hide: list[str] | None = None, recent: list[str] | None = None) -> bytes:
    listing = {"etl": made_by, "parts": names, "hide": sorted(hide or ()), "recent": sorted(recent or ())}
    return (json.dumps(listing, separators=(",", ":")) + "\n").encode()


class Last:
    """The published index, as parts.json and the main bundle's page list say (None from `last` when either is
    missing, unreadable or made by another Pagefind or code: then the parts are merged again)."""

    def __init__(self, main: str, located: dict[str, str], recent: list[str], names: list[str]) -> None:
        self.main = main
        self.located = located  # page URL -> its fragment in the main bundle
        self.recent = recent  # pages in the recent bundle
        self.bundle = names[1] if len(names) > 1 else None


def last(folder: OutFolder, made_by: str) -> Last | None:
    try:
        listing = json.loads((folder.root / MANIFEST).read_text(encoding="utf-8"))
        names = listing["parts"]
        main = names[0]
        if listing.get("etl") != made_by or not (folder.root / FOLDER / main / ENTRY).is_file():
            return None
        located = json.loads((folder.root / FOLDER / main / PAGE_LIST).read_text(encoding="utf-8"))
        if len(names) > 1 and not (folder.root / FOLDER / names[1] / ENTRY).is_file():
            return None
        return Last(main, located, list(listing.get("recent", [])), names)
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None


_FOLDERS = tuple(pattern.removesuffix("*.html") for pattern in PAGES)


def _indexed(path: str) -> bool:
    """One of PAGES: an `.html` file right in one of their folders (string tests: a build lists ~6 files a page)."""
    folder, _, name = path.rpartition("/")
    return name.endswith(".html") and f"{folder}/" in _FOLDERS


def build(root: Path, pages: list[str], scratch: Path, language: str, settle: bool = True) -> Path:
    """Pagefind over `pages` (paths in `root`); its files in a new folder under `scratch`, made
    byte-deterministic when `settle` (a part that is only merged needs not be: the merge orders what
    Pagefind leaves unordered).

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
    _ran(done, out / ENTRY, "Pagefind")
    if settle:
        try:
            search_bytes.settle(out, stamp(language))
        except (OSError, ValueError, KeyError, IndexError) as error:  # a Pagefind whose files we do not know
            raise SourceError(f"the search index was not rebuilt, the last one stays: {error}", FOLDER) from None
    return out


def _ran(done: subprocess.CompletedProcess[str], made: Path, who: str) -> None:
    if done.returncode != 0 or not made.exists():
        said = (done.stderr or done.stdout).strip().splitlines()
        reason = said[-1] if said else f"exit status {done.returncode}"
        raise SourceError(f"the search index was not rebuilt, the last one stays: {who}: {reason}", FOLDER)


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


def publish(folder: OutFolder, built: Path, name: str) -> tuple[dict[str, int], list[str]]:
    """Every file of a new bundle into the out folder, its entry file last; (sizes, changed paths)."""
    files = sorted(
        p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file() and not p.name.startswith(UNUSED)
    )
    files.sort(key=lambda file: file == ENTRY)  # stable: the rest keep their order
    sizes: dict[str, int] = {}
    changed: list[str] = []
    for file in files:
        data = (built / file).read_bytes()
        relative = f"{FOLDER}/{name}/{file}"
        sizes[relative] = len(data)
        if folder.put(relative, data):
            changed.append(relative)
    return sizes, changed


def kept(folder: OutFolder, name: str | None = None) -> dict[str, int]:
    """Index files left as they are (a bundle that stays, or all of them when Pagefind failed): they stay
    published."""
    bundle = folder.root / FOLDER / (name or "")
    files = bundle.rglob("*") if bundle.is_dir() else ()
    return {p.relative_to(folder.root).as_posix(): p.stat().st_size for p in files if p.is_file()}


def _stamps(root: Path, pages: list[str]) -> dict[str, int]:
    """Each page's stamp (etl.util.files.output_stamp): rewritten, it changes; left alone, it does not."""
    return {page: output_stamp(os.stat(root / page)) for page in pages}


def _taken_in(store: Path | None) -> dict[str, int]:
    """The stamps of the pages as the index last took them in (none without a cache: every page is new)."""
    try:
        record = json.loads((store / RECORD).read_text(encoding="utf-8")) if store else {}
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _remember(store: Path | None, stamps: dict[str, int]) -> None:
    """What the index now holds (each page's stamp), for the next build to compare with; nothing without a
    cache."""
    if store is not None:
        store.mkdir(parents=True, exist_ok=True)
        write_atomic(store / RECORD, json.dumps(stamps, sort_keys=True).encode())


def _named(prefix: str, bundle: Path) -> str:
    """A bundle's folder name: from its metadata file's name, which hashes the metadata (every page, chunk
    and filter), so new contents never overwrite a bundle the published list still names."""
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    (about,) = entry["languages"].values()
    return f"{prefix}-{about['hash'].split('_', 1)[1]}"


def update(
    folder: OutFolder,
    sizes: dict[str, int],
    changed: list[str],
    scratch: Path,
    language: str,
    jobs: int = 1,
    cache: Path | None = None,
) -> None:
    """The index after a build: the recent bundle rebuilt when a page changed, or the parts merged again
    (see the module's text); `sizes` and `changed` (the build's published files and those it changed) gain
    the index's. Raises SourceError when Pagefind or the merge fails, after which every index file on disk
    stays published."""
    made_by = stamp(language)
    current = pages(sizes)
    present = set(current)
    store = cache / "search" if cache is not None else None
    now = {} if folder.dry_run else _stamps(folder.root, current)
    record = _taken_in(store)
    # A page counts as changed when this build wrote it, and when it is not as the index took it in: a build
    # stopped by a fault (a full disk), or whose index failed, wrote it without indexing it.
    moved = {page for page, stamped in now.items() if record.get(page) != stamped}
    touched = present.intersection(changed) | moved
    before = last(folder, made_by)
    if not record and not folder.dry_run:  # no memory of what the index took in (no cache): every page again
        before = None
    recent: list[str] = []
    if before is not None:
        fresh = {page for page in current if "/" + page not in before.located}  # added since the merge
        recent = sorted((set(before.recent) | touched | fresh) & present)
        gone = any(url[1:] not in present for url in before.located)
        if not touched and not gone and recent == before.recent:
            sizes.update(kept(folder))  # nothing the index holds changed
            if record != now:
                _remember(store, now)
            return
    if folder.dry_run:  # pages it did not write: not indexed
        sizes.update(kept(folder))
        changed.append(FOLDER + "/")
        return
    for left in folder.root.glob(".etl-search-*"):  # by a build killed while it indexed
        shutil.rmtree(left, ignore_errors=True)
    if before is not None and len(recent) <= MERGE_PAGES:
        stale = set(recent)
        names = [before.main]
        hide = [fragment for url, fragment in before.located.items() if url[1:] in stale or url[1:] not in present]
        sizes.update(kept(folder, before.main))
        if recent and before.bundle and not touched.intersection(recent) and recent == before.recent:
            names.append(before.bundle)
            sizes.update(kept(folder, before.bundle))
        elif recent:
            built = build(folder.root, recent, scratch / "recent", language)
            names.append(_named("r", built))
            made, written = publish(folder, built, names[-1])
            sizes.update(made)
            changed.extend(written)
    else:
        dirty = None if before is None else touched | set(before.recent)
        main, made, written = _merged(folder, current, dirty, scratch, language, jobs, cache)
        sizes.update(made)
        changed.extend(written)
        names, hide, recent = [main], [], []
    listing = manifest(names, made_by, hide, recent)
    sizes[MANIFEST] = len(listing)
    if folder.put(MANIFEST, listing):  # last: until now the old list names the old, whole bundles
        changed.append(MANIFEST)
    # stamped again: Pagefind read hard links to the pages, and linking changes a file's change time
    _remember(store, _stamps(folder.root, current))


def _merged(
    folder: OutFolder,
    current: list[str],
    dirty: set[str] | None,
    scratch: Path,
    language: str,
    jobs: int,
    cache: Path | None,
) -> tuple[str, dict[str, int], list[str]]:
    """The parts indexed where needed (every part when `dirty` is None: nothing says which pages changed
    since they were made) and merged into a new main bundle, published; (its folder's name, sizes, changed)."""
    store = (cache / "search" / "parts") if cache is not None else scratch / "parts"
    store.mkdir(parents=True, exist_ok=True)
    groups = parts(current)
    for stale in store.iterdir():
        if stale.name not in groups:
            shutil.rmtree(stale, ignore_errors=True)
    todo = [name for name, chosen in groups.items() if not _intact(store / name, chosen, dirty)]
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        made = {name: pool.submit(build, folder.root, groups[name], scratch / name, language, False) for name in todo}
        for name, future in made.items():
            shutil.rmtree(store / name, ignore_errors=True)
            shutil.move(future.result(), store / name)
            raw = {"pages": groups[name]}  # the store is per stamp: see `update`
            (store / name / RAW).write_text(json.dumps(raw), encoding="utf-8")
        bundles = [store / name for name in groups]
        cuts = ["", *search_merge.splits(bundles, max(1, jobs)), ""]
        out = scratch / "merged"
        merging = [sys.executable, "-m", search_merge.__name__, str(out)]
        commands = [lifeline.command(*merging, low, high, *map(str, bundles)) for low, high in pairwise(cuts)]
        ranges = [pool.submit(_run, command) for command in commands]
        chunks = []
        for future in ranges:
            done = future.result()
            _ran(done, out / "index", "merging the index")
            chunks += json.loads(done.stdout)
    except BaseException:  # failed or interrupted: the other Pagefinds are stopped, not waited for
        pool.shutdown(wait=False, cancel_futures=True)
        _stop_running()
        raise
    pool.shutdown()
    try:
        located = search_merge.finish(bundles, out, chunks)
    except (OSError, ValueError, KeyError, IndexError) as error:  # a Pagefind whose files we do not know
        raise SourceError(f"the search index was not rebuilt, the last one stays: {error}", FOLDER) from None
    (out / PAGE_LIST).write_text(json.dumps(located, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    name = _named("m", out)
    return name, *publish(folder, out, name)


def _intact(part: Path, pages: list[str], dirty: set[str] | None) -> bool:
    """A kept part can be merged again: made by this code from these pages, none changed since."""
    if dirty is None or dirty.intersection(pages):
        return False
    try:
        raw = json.loads((part / RAW).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(raw, dict) and raw.get("pages") == pages and (part / ENTRY).is_file()
