"""Episode ids: never from a title (fixing a typo must not move an episode), stable for the episode's life."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from etl.transform.heads import Planned
from etl.util.text import slugify


class Named(Protocol):
    """A draft with the id the plan would give it."""

    draft: Planned
    episode_id: str


def derive_id(show_id: str, draft: Planned, many: bool) -> str:
    """Show + season/episode when the source has them, else the draft's key: its file name, or what a feed item
    is known by (+ the date when other episodes of the source share the key: `many`)."""
    if draft.season is not None and draft.episode is not None:
        return f"{show_id}-s{draft.season:02d}e{draft.episode:02d}"
    if draft.episode is not None:
        return f"{show_id}-e{draft.episode:02d}"
    base = f"{show_id}-{draft.key}"
    if many and draft.published:
        base += "-" + slugify(draft.published[:10])
    return base


def number_repeats(episodes: Sequence[Named]) -> None:
    """Two episodes of one source on the same day get `-2`, `-3` in source order."""
    counts = Counter((e.draft.path, e.episode_id) for e in episodes)
    seen: Counter[tuple[str, str]] = Counter()
    for item in episodes:
        key = (item.draft.path, item.episode_id)
        if counts[key] > 1:
            seen[key] += 1
            if seen[key] > 1:
                item.episode_id = f"{item.episode_id}-{seen[key]}"
