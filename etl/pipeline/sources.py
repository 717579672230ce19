"""Finding and reading source files: the input edge of the pipeline."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from etl.config import Config, SourceConfig, expand
from etl.errors import Diagnostic, SourceError
from etl.util.files import Stamp, stamp
from etl.util.media import HEAD_BYTES, Container, sniff
from etl.util.text import UNCARRYABLE, scrub

_TEXT_CONTROLS = [bytes([b]) for b in sorted(set(range(32)) - {9, 10, 12, 13})]


@dataclass(frozen=True)
class SourceSpec:
    """One file to read, how the user named it, and the config entry that listed it (if any)."""

    path: Path
    options: SourceConfig | None = None
    option_index: int | None = None

    @property
    def display(self) -> str:
        return str(self.path)


def origin(path: Path, base_dir: Path) -> str:
    """Provenance path: relative to the base folder, else the bare file name, so output never depends on
    where a checkout sits."""
    return origins([path], base_dir)[0]


def origins(paths: list[Path], base_dir: Path) -> list[str]:
    """`origin` of many paths, the base folder resolved once (resolving is most of a no-op build's read)."""
    try:
        base = base_dir.resolve()
    except (OSError, ValueError):
        return [path.name for path in paths]
    found = []
    for path in paths:
        try:
            full = path.resolve()
            found.append(full.relative_to(base).as_posix() if full.is_relative_to(base) else path.name)
        except (OSError, ValueError):
            found.append(path.name)
    return found


def discover(paths: list[str], config: Config) -> list[SourceSpec]:
    """Sources named on the command line (files or folders), else those listed in the config."""
    specs: list[SourceSpec] = []
    if paths:
        for raw in paths:
            given = Path(raw)
            files = expand(config, raw, base=Path(".")) if given.is_dir() or not given.exists() else [given]
            if not files:
                raise SourceError("no such file or folder", raw)
            specs.extend(SourceSpec(f, _options_for(f, config)) for f in files)
        return specs
    for i, entry in enumerate(config.sources):
        files = expand(config, entry.path)
        if not files:
            raise SourceError(f"sources[{i}].path {entry.path!r} matches no file", config.path)
        specs.extend(SourceSpec(f, entry, i) for f in files)
    return specs


def _options_for(path: Path, config: Config) -> SourceConfig | None:
    """A file given on the command line still gets its config entry (show, overrides) when one lists it."""
    for entry in config.sources:
        try:
            if any(path.resolve() == f.resolve() for f in expand(config, entry.path)):
                return entry
        except OSError:
            continue
    return None


def decode(data: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """Bytes to text with `\\n` line ends: UTF-8 (BOM allowed), else Windows-1252 with a warning; binary is refused."""
    notes: list[Diagnostic] = []
    head = data[:8192]
    if b"\x00" in head or sum(head.count(c) for c in _TEXT_CONTROLS) > 8:
        raise SourceError("binary data, not a text source", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
            encoding = "Windows-1252"
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            encoding = "Latin-1"
        notes.append(Diagnostic(f"not UTF-8 (byte 0x{data[exc.start]:02x}); decoded as {encoding}", path, line))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    stray = UNCARRYABLE.search(text)
    if stray is not None:  # decided here, where the line is known: XML (feeds, pages) cannot carry them
        text, count = scrub(text)
        line = text.count("\n", 0, stray.start()) + 1
        what = f"control character U+{ord(stray.group()):04X}" + (f" and {count - 1} more" if count > 1 else "")
        notes.append(Diagnostic(f"{what} removed: no feed or page can carry it", path, line))
    return text, notes


class Hashed(NamedTuple):
    sha256: str
    stamp: Stamp  # taken before the bytes were read: a change while reading shows as a new stamp next time
    audio: Container | None  # what kind of audio the file is (by its first bytes), else None: text


CHUNK = 1 << 20


def hash_source(path: Path, max_bytes: int, max_audio_bytes: int) -> Hashed:
    """A source's sha256, read a megabyte at a time (an audio file may be gigabytes; no source is held whole), its
    stamp, and whether it is audio; refusing a text source over `max_bytes`, an audio file over `max_audio_bytes`."""
    display = str(path)
    try:
        with path.open("rb") as handle:
            status = os.fstat(handle.fileno())
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError
            head = handle.read(HEAD_BYTES)
            audio = sniff(head)
            limit, setting = (max_audio_bytes, "max_audio_bytes") if audio else (max_bytes, "max_source_bytes")
            if status.st_size > limit:
                kind = "audio" if audio else "source"
                message = f"{kind} is {status.st_size:,} bytes, over the limit of {limit:,} ({setting})"
                raise SourceError(message, display)
            digest = hashlib.sha256(head)
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except FileNotFoundError:
        raise SourceError("no such file", display) from None
    except IsADirectoryError:
        raise SourceError("is a folder, not a file", display) from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", display) from None
    return Hashed(digest.hexdigest(), stamp(status), audio)


class RawSource(NamedTuple):
    data: bytes
    sha256: str
    stamp: Stamp  # taken before the bytes were read: a change while reading shows as a new stamp next time


def read_source(path: Path, max_bytes: int) -> RawSource:
    """The raw bytes of a source and their sha256, refusing anything over the size limit."""
    display = str(path)
    try:
        with path.open("rb") as handle:
            status = os.fstat(handle.fileno())
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError
            if status.st_size > max_bytes:
                size = status.st_size
                message = f"source is {size:,} bytes, over the limit of {max_bytes:,} (max_source_bytes)"
                raise SourceError(message, display)
            data = handle.read()
    except FileNotFoundError:
        raise SourceError("no such file", display) from None
    except IsADirectoryError:
        raise SourceError("is a folder, not a file", display) from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", display) from None
    return RawSource(data, hashlib.sha256(data).hexdigest(), stamp(status))
