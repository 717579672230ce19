"""GUIDs: UUIDv5 in the Podcasting 2.0 namespace, for episodes (`<guid>`) and feeds (`podcast:guid`)."""

from __future__ import annotations

import uuid

# The namespace the Podcasting 2.0 spec fixes for podcast:guid; episode guids are minted in the same family.
PODCAST_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def episode_guid(show_id: str, episode_id: str) -> str:
    """Stable for the life of the episode: it depends on the show and episode ids only."""
    return str(uuid.uuid5(PODCAST_NAMESPACE, f"{show_id}/{episode_id}"))


def feed_guid(feed_url: str) -> str:
    """podcast:guid: UUIDv5 over the feed URL without scheme and trailing slashes, as the spec defines."""
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_NAMESPACE, bare))
