"""Writer registries.

Episode writers expose NAME and render_episode(episode, site) -> {relative path: bytes}: pure, one
episode at a time, so a build never holds more than one transcript in memory.

Collection writers (the index, the feeds) expose NAME, optionally spool(episode, site) -> bytes (their
piece of one episode, made while the episode is at hand), outputs(records, site) -> [(path, records in order)],
write(handle, path, records, site, read), which streams one file from the spooled pieces, and
warnings(records, site) about what the collection lacks. Feeds come last, so they are written after
every file they point to.

Any writer may expose warnings_for(episode, site) -> [message]: what its output cannot carry of a model-valid
episode, or a directory may refuse. A writer takes every value the model allows and never raises on one: it
writes the value where its format allows it, else leaves it out of that output, and says so here
(tests/test_writers_property.py holds every writer to it).

Adding an output means adding one module and one entry in _REGISTRY.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# Imported on first use (PEP 562): a build that finds nothing changed never loads the writers (feedgen,
# Jinja2, nh3, …), and `etl.load.publication` is imported by much that writes nothing.
_REGISTRY = {
    "EPISODE_WRITERS": ("episodes", "chapters", "transcripts", "site.episode_pages"),
    "COLLECTION_WRITERS": ("schemas", "artwork", "index", "site.pages", "feed"),
}
EPISODE_WRITERS: tuple[ModuleType, ...]
COLLECTION_WRITERS: tuple[ModuleType, ...]


def __getattr__(name: str) -> tuple[ModuleType, ...]:
    if name not in _REGISTRY:
        raise AttributeError(f"module 'etl.load' has no attribute {name!r}")
    writers = tuple(importlib.import_module(f"etl.load.{module}") for module in _REGISTRY[name])
    globals()[name] = writers
    return writers
