"""What kind of audio a file holds, told from its first bytes (never its name): what the build needs to know
before it reads a file, to read it as audio (never whole into memory) rather than as text."""

from __future__ import annotations

from typing import NamedTuple

HEAD_BYTES = 64  # enough for every signature below


class Container(NamedTuple):
    name: str  # mp3, mp4, ogg, flac
    mime: str  # the enclosure type podcast apps and directories expect


def _id3(head: bytes) -> bool:
    """An ID3v2 header: `ID3`, version 2 to 4, then a size in four 7-bit bytes (text that starts `ID3` is not)."""
    return len(head) >= 10 and head[:3] == b"ID3" and head[3] in (2, 3, 4) and all(b < 0x80 for b in head[6:10])


def _frame(head: bytes) -> bool:
    """An MPEG audio frame header: 11 sync bits, a layer, a bitrate and a sample rate that are not reserved."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 3, (head[1] >> 1) & 3
    bitrate, rate = head[2] >> 4, (head[2] >> 2) & 3
    return version != 1 and layer != 0 and bitrate != 15 and rate != 3


def sniff(head: bytes) -> Container | None:
    """The audio container `head` (a file's first bytes) starts, or None: ID3v2 or an MPEG audio frame sync (MP3),
    `ftyp` (MP4/M4A), `OggS` (Opus, Vorbis), `fLaC` (FLAC, also after an ID3v2 tag)."""
    if _id3(head):
        return Container("mp3", "audio/mpeg")  # a FLAC with an ID3 tag in front is told apart by mutagen later
    if _frame(head):
        return Container("mp3", "audio/mpeg")
    if head[4:8] == b"ftyp":
        return Container("mp4", "audio/x-m4a")
    if head.startswith(b"OggS"):
        return Container("ogg", "audio/ogg")
    if head.startswith(b"fLaC"):
        return Container("flac", "audio/flac")
    return None
