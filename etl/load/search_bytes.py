"""Pagefind's index, made byte-deterministic.

Pagefind 1.5 writes its filter files and its meta file from Rust hash maps, whose order changes from one
process to the next: the same pages gave other bytes on every build (the page fragments and word index were
already stable). The values are the same; only the order of map entries varies. So after Pagefind runs,
each filter file's values are sorted by name, the meta's list of filters too, and the files are renamed by
a hash of their new content (the names only bust caches: nothing checks them), the meta's references and
the entry file's following. Files are gzip with a `pagefind_dcd` signature around CBOR; the small CBOR
codec here reads and writes exactly what Pagefind writes (tested: decoding then encoding any of its files
gives the same bytes).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
META_FILTERS = 3  # the meta's fields: version, fragments, index chunks, filters, sorts, meta keys


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def _take(self, size: int) -> bytes:
        piece = self.data[self.at : self.at + size]
        if len(piece) != size:
            raise ValueError("truncated CBOR")
        self.at += size
        return piece

    def item(self) -> Any:
        head = self._take(1)[0]
        major, info = head >> 5, head & 0x1F
        if major == 7:
            return {20: False, 21: True, 22: None}[info]
        size = info if info < 24 else int.from_bytes(self._take(1 << (info - 24)), "big")
        if major == 0:
            return size
        if major == 1:
            return -1 - size
        if major in (2, 3):
            raw = self._take(size)
            return raw if major == 2 else raw.decode("utf-8")
        if major == 4:
            return [self.item() for _ in range(size)]
        if major == 5:
            return {self.item(): self.item() for _ in range(size)}
        raise ValueError(f"CBOR type {major} is not one Pagefind writes")


def head(major: int, size: int) -> bytes:
    """A CBOR item's head: its major type and its length (or value), in the fewest bytes."""
    if size < 24:
        return bytes([major << 5 | size])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if size < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, size)
    raise ValueError("integer too large for CBOR")


def encode(item: Any) -> bytes:
    if item is None or isinstance(item, bool):
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[item]])
    if isinstance(item, int):
        return head(0, item) if item >= 0 else head(1, -1 - item)
    if isinstance(item, bytes):
        return head(2, len(item)) + item
    if isinstance(item, str):
        raw = item.encode("utf-8")
        return head(3, len(raw)) + raw
    if isinstance(item, list):
        return head(4, len(item)) + b"".join(encode(x) for x in item)
    if isinstance(item, dict):
        return head(5, len(item)) + b"".join(encode(k) + encode(v) for k, v in item.items())
    raise TypeError(f"cannot encode {type(item).__name__}")


def read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind file")
    reader = _Reader(data[len(SIGNATURE) :])
    item = reader.item()
    if reader.at != len(reader.data):
        raise ValueError(f"{path.name}: bytes after the CBOR item")
    return item


def _pack(item: Any) -> bytes:
    return gzip.compress(SIGNATURE + encode(item), compresslevel=9, mtime=0)


def _name(language: str, data: bytes, length: int) -> str:
    return f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"


def settle(bundle: Path, stamp: str) -> None:
    """Rewrite the filter and meta files of the Pagefind bundle in `bundle` in one order; `stamp` (what
    made the index) goes into the entry file."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = read(meta_path)
        renamed = {}
        for pair in meta[META_FILTERS]:
            name, old = pair
            source = bundle / "filter" / f"{old}.pf_filter"
            filter_name, values = read(source)
            data = _pack([filter_name, sorted(values, key=lambda value: value[0])])
            new = _name(old.split("_", 1)[0], data, len(old.split("_", 1)[1]))
            source.unlink()
            (bundle / "filter" / f"{new}.pf_filter").write_bytes(data)
            renamed[name] = new
        meta[META_FILTERS] = sorted([[name, renamed[name]] for name, _ in meta[META_FILTERS]])
        data = _pack(meta)
        old_hash = language["hash"]
        language["hash"] = _name(old_hash.split("_", 1)[0], data, len(old_hash.split("_", 1)[1]))
        meta_path.unlink()
        (bundle / f"pagefind.{language['hash']}.pf_meta").write_bytes(data)
    entry["etl"] = stamp
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
