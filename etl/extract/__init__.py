"""Reader registry: each module exposes NAME, detect(text) -> Verdict and extract(text, path) -> drafts.

Adding a format means adding one module and one entry in READERS. Order matters only
between readers that could both claim a text: the more specific one comes first.
"""

from __future__ import annotations

from types import ModuleType

from etl.draft import EpisodeDraft
from etl.errors import SourceError
from etl.extract import blog, captions, chapterlist, community, datatalks

READERS: tuple[ModuleType, ...] = (datatalks, community, blog, chapterlist, captions)


def names() -> list[str]:
    return [reader.NAME for reader in READERS]


def reader_named(name: str) -> ModuleType:
    for reader in READERS:
        if name == reader.NAME:
            return reader
    raise SourceError(f"unknown format {name!r} (known: {', '.join(names())})")


def detect(text: str, path: str) -> tuple[ModuleType, list[str]]:
    """The first reader that claims `text`, and every reader's reason (for --verbose)."""
    if not text.strip():
        raise SourceError("empty source", path)
    reasons = []
    for reader in READERS:
        verdict = reader.detect(text)
        reasons.append(f"{reader.NAME}: {'yes' if verdict else 'no'}, {verdict.reason}")
        if verdict:
            return reader, reasons
    raise SourceError("unrecognised source format (" + "; ".join(reasons) + "); use --format to force one", path)


def extract(text: str, path: str, format: str | None = None) -> tuple[list[EpisodeDraft], list[str]]:
    """Drafts from one source's text, with the detection reasons."""
    if format:
        reader, reasons = reader_named(format), [f"{format}: forced"]
        if not text.strip():
            raise SourceError("empty source", path)
    else:
        reader, reasons = detect(text, path)
    try:
        drafts = reader.extract(text, path)
    except SourceError as exc:
        raise exc.located(path) from None
    return drafts, reasons
