"""One episode's collection pieces (its index entry, feed item, page card, ...) in one file.

A file made is the dearest thing a build does on a file system that has made and deleted many (ext4 looks
for a free inode past the recently deleted ones): one file per episode, not one per collection writer, was a
tenth of a transcript build's time. The first line names each piece and its length in bytes, in the order
the pieces follow it: `index:812 site.pages:344 feed:1290`.
"""

from __future__ import annotations

import hashlib
from typing import BinaryIO


def digest(piece: bytes) -> str:
    """What names a piece's bytes in a collection file's key (etl.pipeline.sinks)."""
    return hashlib.blake2b(piece, digest_size=16).hexdigest()


def pack(pieces: dict[str, bytes]) -> bytes:
    head = " ".join(f"{name}:{len(data)}" for name, data in pieces.items())
    return b"".join([head.encode("ascii"), b"\n", *pieces.values()])


def unpack(handle: BinaryIO, name: str) -> bytes:
    """The piece `name` of a packed file, reading no piece before it; KeyError when the file has none."""
    skip = 0
    for entry in handle.readline().decode("ascii").split():
        piece, _, size = entry.rpartition(":")
        if piece == name:
            handle.seek(skip, 1)
            return handle.read(int(size))
        skip += int(size)
    raise KeyError(name)
