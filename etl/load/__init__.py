"""Writer registries.

Episode writers expose NAME and render_episode(episode, site) -> {relative path: bytes}: pure, one
episode at a time, so a build never holds more than one transcript in memory.

Collection writers (the index, the feeds) expose NAME, optionally spool(episode, site) -> bytes (their
piece of one episode, made while the episode is at hand), outputs(records, site) -> [(path, records in order)],
write(handle, path, records, site, read), which streams one file from the spooled pieces, and
warnings(records, site) about what the collection lacks. Feeds come last, so they are written after
every file they point to.

Adding an output means adding one module and one entry here.
"""

from __future__ import annotations

from types import ModuleType

from etl.load import chapters, episode_pages, episodes, feed, index, schemas, site_pages, transcripts

EPISODE_WRITERS: tuple[ModuleType, ...] = (episodes, chapters, transcripts, episode_pages)
COLLECTION_WRITERS: tuple[ModuleType, ...] = (schemas, index, site_pages, feed)
