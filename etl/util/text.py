"""Small pure helpers for names, slugs and readable text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import PurePath

_SLUG_DROP = re.compile(r"[^a-z0-9]+")
# What XML 1.0 cannot carry, so no feed or page could hold it: the C0 controls but tab, line feed and carriage
# return, the non-characters U+FFFE and U+FFFF, and lone surrogates (a JSON source can write "\ud800").
UNCARRYABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


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


def name_key(name: str) -> str:
    """A name as names are compared: case and spacing folded."""
    return " ".join(name.casefold().split())


def match_label(label: str, names: Iterable[str]) -> str | None:
    """The one full name in `names` that a short transcript label (`Gordon`, `Danny`) stands for."""
    key = name_key(label)
    exact = [n for n in names if name_key(n) == key]
    if exact:
        return exact[0]
    firsts = {n for n in names if name_key(n).split(" ")[0] == key}
    return firsts.pop() if len(firsts) == 1 else None


def scrub(text: str) -> tuple[str, int]:
    """`text` without the characters XML 1.0 cannot carry (UNCARRYABLE), and how many there were."""
    if UNCARRYABLE.search(text) is None:
        return text, 0
    return UNCARRYABLE.subn("", text)
