"""Small pure helpers for names, slugs and readable text."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath

_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """ASCII slug `[a-z0-9][a-z0-9-]*`; empty when nothing survives."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SLUG_DROP.sub("-", ascii_text.lower()).strip("-")


def humanize_stem(path: str) -> str:
    """`s01e03-building-ds-team.txt` -> `S01e03 building ds team`: a last-resort title."""
    stem = PurePath(path).stem.lstrip("_")
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Untitled"


def squash(text: str) -> str:
    """Collapse runs of white space into one space."""
    return " ".join(text.split())
