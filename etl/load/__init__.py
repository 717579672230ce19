"""Writer registry: each module exposes NAME and render(episodes, site) -> {relative path: bytes}.

Writers are pure: they never touch the disk, so a build can be compared before it is
written (`--check`) and written atomically in one place (etl.publish). Adding an output
means adding one module and one entry in WRITERS. Feeds come last so they are written
after every file they point to.
"""

from __future__ import annotations

from types import ModuleType

from etl.load import chapters, episodes, feed, index, transcripts

WRITERS: tuple[ModuleType, ...] = (episodes, chapters, transcripts, index, feed)
