"""Pagefind bundles merged into one, as if Pagefind had indexed all of their pages in one run.

Why: Pagefind holds ~1.5–2 MB of memory per transcript page while it indexes, so a site of 20,000 episodes
is indexed in parts of a few hundred pages. Published as parts, each would cost a listener's first search its
own entry, metadata and index chunks per query word (Pagefind's `mergeIndex`): ~5 requests a part, 160 at
20,000 episodes. Merged, the first search fetches one metadata file and one index chunk per query word,
whatever the size of the site.

The format (Pagefind 1.5; gzip around `pagefind_dcd` + CBOR, see search_bytes):
- meta: [version, pages [[fragment, word count]], chunks [[from, to, index file]], filters [[name, file]],
  sorts [[name, [page]]], meta keys]; a page's number is its place in `pages`.
- index chunk: [[word, pages, variants]...] in word order; pages are [[page delta, locations, meta locations]...]
  in page order, the first delta from page 0; variants are [[form, pages]...].
- filter: [name, [[value, [page]]...]], pages absolute.
Merging renumbers each bundle's pages after the ones before it; a word found in several bundles gets one
entry whose page lists follow one another (the first delta of each later list recomputed). The chunks are
cut again by Pagefind's own rule (a chunk ends once it holds CHUNK locations and pages) and the facing
bounds of neighbours cut to the shortest prefixes that tell them apart, as Pagefind does (the browser picks
the chunk whose bounds hold the query word).

Fragments keep their bytes; each is named by a hash of them (Pagefind's 7-character names, unique within one
run, collide across runs at this scale). Runs in its own process (`python -m etl.load.search_merge`): a word
said on every page holds millions of locations, which stay out of the build's main process.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import io
import json
import shutil
import sys
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import cbor2

from etl.load.search_bytes import SIGNATURE, head

CHUNK = 20_000  # locations (+1 a page) a word-index chunk holds before the next begins, as Pagefind cuts them
ENTRY = "pagefind-entry.json"
SHARED = ("pagefind.js", "pagefind-worker.js")  # and the language's wasm: the same bytes in every bundle
PAGES = "etl-pages.json"  # which fragment holds which page: for hiding the ones a newer bundle replaces


def _load(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind file")
    return cbor2.loads(data[len(SIGNATURE) :])


def _load_fragment(bundle: Path, name: str) -> bytes:
    """A page's fragment: its JSON (url, content, meta, filters, anchors)."""
    return gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())[len(SIGNATURE) :]


def _pack(item: Any) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(item), compresslevel=6, mtime=0)


def _name(language: str, data: bytes) -> str:
    return f"{language}_{hashlib.sha256(data).hexdigest()[:12]}"


class _Bundle:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.entry = json.loads((root / ENTRY).read_text(encoding="utf-8"))
        if len(self.entry["languages"]) != 1:
            raise ValueError(f"{root.name}: a bundle of one language is expected")
        ((self.language, about),) = self.entry["languages"].items()
        self.meta = _load(root / f"pagefind.{about['hash']}.pf_meta")
        if self.meta[4]:
            raise ValueError(f"{root.name}: sorted results (data-pagefind-sort) cannot be merged")

    def words(self, n: int, low: str, high: str) -> Iterator[tuple[str, int, list[Any], bytes]]:
        """(word, n, entry, the entry's CBOR bytes) for the words low <= word < high (no end when `high` is
        empty), in word order, a chunk in memory at a time. The bytes are kept so that a word's locations are
        copied as they are, never encoded again (re-encoding them was half the merge's time)."""
        for first, last, chunk in self.meta[2]:
            if last < low[: len(last)] or (high and first >= high):  # bounds are prefixes: compare as such
                continue
            data = gzip.decompress((self.root / "index" / f"{chunk}.pf_index").read_bytes())[len(SIGNATURE) :]
            if data[0] != 0x81:  # [words]
                raise ValueError(f"{chunk}: not a Pagefind word index")
            reader = io.BytesIO(data)
            count, reader_at = _array(data, 1)
            reader.seek(reader_at)
            decoder = cbor2.CBORDecoder(reader)
            for _ in range(count):
                start = reader.tell()
                entry = decoder.decode()
                if entry[0] >= low and not (high and entry[0] >= high):
                    yield entry[0], n, entry, data[start : reader.tell()]


def _array(data: bytes, at: int) -> tuple[int, int]:
    """The length of the CBOR array whose head is at `at`, and where its first item starts."""
    info = data[at] & 0x1F
    if data[at] >> 5 != 4 or info > 27:
        raise ValueError("a CBOR array of known length was expected")
    if info < 24:
        return info, at + 1
    size = 1 << (info - 24)
    return int.from_bytes(data[at + 1 : at + 1 + size], "big"), at + 1 + size


def _rest(entry: list[Any], raw: bytes, pages: list[list[Any]]) -> bytes:
    """The bytes of a page list of an entry (its pages, or a variant's), from its first page's locations to
    its end: all but the list's head and the first page's head and delta, which a merge writes again."""
    if not pages:  # a word found only in its variants' forms
        return b""
    skip = 1 + len(cbor2.dumps(pages[0][0]))  # the first page's head (an array of 2 or 3) and its delta
    if pages is entry[1]:  # the entry's own pages: cut out of its bytes, never encoded again
        start = _array(raw, _array(raw, 0)[1] + len(cbor2.dumps(entry[0])))[1]
        end = len(raw) - (len(cbor2.dumps(entry[2])) if len(entry) > 2 else 0)
        return raw[start + skip : end]
    encoded = cbor2.dumps(pages)  # a variant's (few, short): encoded again
    return encoded[_array(encoded, 0)[1] + skip :]


def _join(lists: list[tuple[int, list[list[Any]], bytes]]) -> bytes:
    """Page lists of one word from several bundles (each with its bundle's first page number, the list, and
    its bytes without the first page's head and delta), as the bytes of one list: only each list's first
    delta is written again (page numbers are deltas from the page before)."""
    parts: list[bytes] = [head(4, sum(len(pages) for _, pages, _ in lists))]
    last = 0
    for offset, pages, rest in lists:
        if not pages:
            continue
        local = sum(page[0] for page in pages)
        parts.append(head(4, len(pages[0])) + cbor2.dumps(offset + pages[0][0] - last) + rest)
        last = offset + local
    return b"".join(parts)


def _merge_word(found: list[tuple[int, list[Any], bytes]]) -> bytes:
    """One word's entries from several bundles (offset, entry, its bytes), as the bytes of one entry."""
    word = found[0][1][0]
    pages = _join([(offset, entry[1], _rest(entry, raw, entry[1])) for offset, entry, raw in found])
    if all(len(entry) < 3 for _, entry, _ in found):
        return head(4, 2) + cbor2.dumps(word) + pages
    forms: dict[str, list[tuple[int, list[list[Any]], bytes]]] = {}
    for offset, entry, raw in found:
        for form, variant in entry[2] if len(entry) > 2 else ():
            forms.setdefault(form, []).append((offset, variant, _rest(entry, raw, variant)))
    variants = [head(4, 2) + cbor2.dumps(form) + _join(lists) for form, lists in sorted(forms.items())]
    return head(4, 3) + cbor2.dumps(word) + pages + head(4, len(variants)) + b"".join(variants)


def _size(entry: list[Any]) -> int:
    """What an entry counts towards its chunk's CHUNK, as Pagefind counts: a page's locations, its meta
    locations (the third field), and one for the page; its variants' pages too."""
    variants = entry[2] if len(entry) > 2 else ()
    return sum(
        len(page[1]) + 1 + len(page[2] if len(page) > 2 else ())
        for pages in (entry[1], *(v[1] for v in variants))
        for page in pages
    )


def _bounds(last: str, first: str) -> tuple[str, str]:
    """Two neighbouring chunks' facing bounds, cut to the shortest prefixes that still tell them apart."""
    common = 0
    for x, y in zip(last, first, strict=False):
        if x != y:
            break
        common += 1
    return last[: common + 1], first[: common + 1]


def splits(bundles: list[Path], count: int) -> list[str]:
    """`count - 1` words that cut the word space into `count` ranges of about equal work (from the chunk
    bounds of the largest bundle), so that ranges can be merged at the same time."""
    chunks = max((_Bundle(root).meta[2] for root in bundles), key=len)
    step = len(chunks) / count
    return sorted({chunks[round(step * k)][0] for k in range(1, count) if round(step * k) < len(chunks)})


def merge_words(bundles: list[Path], out: Path, low: str, high: str) -> list[list[str]]:
    """The words `low` <= word < `high` (an empty `high`: no end) of every bundle, merged into index chunks
    in `out/index`; returns their [first word, last word, name] in order."""
    parts = [_Bundle(root) for root in bundles]
    offsets = [sum(len(part.meta[1]) for part in parts[:n]) for n in range(len(parts))]
    language = parts[0].language
    (out / "index").mkdir(parents=True, exist_ok=True)
    chunks: list[list[str]] = []
    pending: list[tuple[str, bytes]] = []
    held = 0

    def cut() -> None:
        nonlocal held
        data = gzip.compress(
            SIGNATURE + head(4, 1) + head(4, len(pending)) + b"".join(b for _, b in pending), 6, mtime=0
        )
        name = _name(language, data)
        (out / "index" / f"{name}.pf_index").write_bytes(data)
        chunks.append([pending[0][0], pending[-1][0], name])
        pending.clear()
        held = 0

    streams = [part.words(n, low, high) for n, part in enumerate(parts)]
    group: list[tuple[int, list[Any], bytes]] = []
    for word, n, entry, raw in heapq.merge(*streams, key=lambda item: (item[0], item[1])):
        if group and group[0][1][0] != word:
            pending.append((group[0][1][0], _merge_word(group)))
            held += sum(_size(e) for _, e, _ in group)
            group = []
            if held >= CHUNK:
                cut()
        group.append((offsets[n], entry, raw))
    if group:
        pending.append((group[0][1][0], _merge_word(group)))
    if pending:
        cut()
    return chunks


def finish(bundles: list[Path], out: Path, chunks: list[list[str]]) -> dict[str, str]:
    """The rest of the merged bundle in `out` (fragments, filters, meta, entry, scripts), around the index
    chunks `merge_words` wrote, listed in word order; returns each page's URL → its fragment name."""
    parts = [_Bundle(root) for root in bundles]
    languages = {part.language for part in parts}
    if len(languages) != 1:
        raise ValueError(f"bundles of several languages: {sorted(languages)}")
    (language,) = languages
    for folder in ("fragment", "filter"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    chunks = [list(chunk) for chunk in chunks]
    for left, right in pairwise(chunks):
        upper, right[0] = _bounds(left[1], right[0])
        if upper >= left[0]:  # a bound cut below its own chunk's first word stays whole, as Pagefind's do
            left[1] = upper

    pages: list[list[Any]] = []
    offsets: list[int] = []
    located: dict[str, str] = {}
    for part in parts:
        offsets.append(len(pages))
        for fragment, count in part.meta[1]:
            data = (part.root / "fragment" / f"{fragment}.pf_fragment").read_bytes()
            name = _name(language, data)
            target = out / "fragment" / f"{name}.pf_fragment"
            if not target.exists():
                target.write_bytes(data)
            located[json.loads(_load_fragment(out, name))["url"]] = name
            pages.append([name, count])

    filters: dict[str, dict[str, list[int]]] = {}
    for offset, part in zip(offsets, parts, strict=True):
        for _, chunk in part.meta[3]:
            name, values = _load(part.root / "filter" / f"{chunk}.pf_filter")
            into = filters.setdefault(name, {})
            for value, numbers in values:
                into.setdefault(value, []).extend(offset + number for number in numbers)
    listed = []
    for name, values in sorted(filters.items()):
        data = _pack([name, [[value, numbers] for value, numbers in sorted(values.items())]])
        chunk = _name(language, data)
        (out / "filter" / f"{chunk}.pf_filter").write_bytes(data)
        listed.append([name, chunk])

    keys = sorted({key for part in parts for key in part.meta[5]})
    meta = _pack([parts[0].meta[0], pages, chunks, listed, [], keys])
    meta_name = _name(language, meta)
    (out / f"pagefind.{meta_name}.pf_meta").write_bytes(meta)
    first = parts[0]
    for name in SHARED:
        shutil.copyfile(first.root / name, out / name)
    wasm = first.entry["languages"][language]["wasm"]  # the other languages' modules are never fetched
    module = f"wasm.{wasm or 'unknown'}.pagefind"  # a language without a stemmer: Pagefind's "unknown" one
    shutil.copyfile(first.root / module, out / module)
    about = {"hash": meta_name, "wasm": wasm, "page_count": len(pages)}
    entry = {**first.entry, "languages": {language: about}}
    (out / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return located


def merge(bundles: list[Path], out: Path) -> dict[str, str]:
    """The bundles merged into `out` in this process (one range of words): see `finish`."""
    return finish(bundles, out, merge_words(bundles, out, "", ""))


def main(argv: list[str]) -> int:
    """`python -m etl.load.search_merge OUT LOW HIGH BUNDLE...`: one range of words merged into OUT/index;
    writes the chunks' list (JSON) to stdout."""
    out, low, high, *bundles = argv
    chunks = merge_words([Path(b) for b in bundles], Path(out), low, high)
    sys.stdout.write(json.dumps(chunks, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
