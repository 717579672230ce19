"""Where made episodes go. Both commands run the same stages; only the sink differs.

`OutSink` (`etl build`): each episode's files written to the out folder as it is made (in the worker
that made it), its index entry and feed item spooled; at the end, the index and feeds streamed from the
spool and files no longer produced removed. With `check`, every comparison runs and nothing is written.
`MemorySink` (`etl extract`): the episodes themselves, handed back to the command.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Protocol

from etl import load
from etl.errors import SourceError
from etl.load import search
from etl.load.site import Record, Site, person_key
from etl.model import Episode
from etl.pipeline.values import Published, Report
from etl.publish import OWNED, SITE_OWNED, OutFolder, Streamed


class Sink(Protocol):
    name: str  # where output goes: part of the run's fingerprint
    site: Site  # the publication; the plan may fill in show settings from a feed's channel

    def begin(self, scratch: Path) -> None:
        """Before any episode: `scratch` is the run's own temp folder, removed when it ends."""

    def intact(self, files: dict[str, int]) -> bool:
        """The files the last run recorded are all still there as it left them."""

    def publish(self, episode: Episode) -> Published:
        """One episode, in a worker process or the main one."""

    def finish(self, published: list[Published], previous: list[str], report: Report) -> dict[str, int]:
        """After every episode: collections and clean-up; returns every file now published, with its size.
        `previous` lists what the last run wrote."""


def _record(episode: Episode) -> Record:
    people = tuple(sorted({person_key(p) for p in episode.people}))
    return Record(episode.id, episode.show.id, episode.published, people)


class OutSink:
    def __init__(self, out: Path, site: Site, check: bool = False) -> None:
        self.name = str(out)
        self.site = site
        self.check = check
        self.folder = OutFolder(out)
        self.spool = Path()
        self.scratch = Path()

    def begin(self, scratch: Path) -> None:
        self.scratch = scratch
        self.spool = scratch / "spool"
        owned = (*OWNED, *SITE_OWNED) if self.site.pages else OWNED
        self.folder = OutFolder(self.folder.root, dry_run=self.check, scratch=scratch / "check", owned=owned)

    def intact(self, files: dict[str, int]) -> bool:
        return self.folder.intact(files)

    def publish(self, episode: Episode) -> Published:
        files: dict[str, bytes] = {}
        for writer in load.EPISODE_WRITERS:
            files.update(writer.render_episode(episode, self.site))
        changed = [relative for relative, data in files.items() if self.folder.put(relative, data)]
        for writer in load.COLLECTION_WRITERS:
            if not hasattr(writer, "spool"):  # made from the settings alone (the schemas)
                continue
            piece = self.spool / writer.NAME / episode.id
            piece.parent.mkdir(parents=True, exist_ok=True)
            piece.write_bytes(writer.spool(episode, self.site))
        return Published(_record(episode), {relative: len(data) for relative, data in files.items()}, changed)

    def finish(self, published: list[Published], previous: list[str], report: Report) -> dict[str, int]:
        records = [p.record for p in published]
        sizes = {relative: size for p in published for relative, size in p.files.items()}
        changed = [relative for p in published for relative in p.changed]
        for writer in load.COLLECTION_WRITERS:  # feeds come last: written after every file they point to
            report.add(writer.warnings(records, self.site))
            for relative, ordered in writer.outputs(records, self.site):
                result = self._collection(writer, relative, ordered)
                sizes[relative] = result.size
                if result.changed:
                    changed.append(relative)
        if self.site.pages:  # after the pages it reads
            self._search(sizes, changed, report)
        stale = [p for p in sorted({*self.folder.owned(), *previous}) if p not in sizes]
        removed = [p for p in stale if self.folder.remove(p)]
        report.written += len(changed)
        report.removed += len(removed)
        if self.check:
            root = self.folder.root
            lines = {f"{'~' if (root / p).exists() else '+'} {p}" for p in changed} | {f"- {p}" for p in removed}
            report.changes = sorted(lines, key=lambda line: line[2:])
        return sizes

    def _search(self, sizes: dict[str, int], changed: list[str], report: Report) -> None:
        """The search index, rebuilt where a page changed; when Pagefind fails the last one stays."""
        try:
            search.update(self.folder, sizes, changed, self.scratch / "search", self.site.show(None).language)
        except SourceError as error:
            report.errors.append(error)
            sizes.update(search.kept(self.folder))

    def _collection(self, writer: ModuleType, relative: str, records: list[Record]) -> Streamed:
        """One index or feed file, streamed from the pieces its episodes spooled."""
        pieces = self.spool / writer.NAME

        def piece(record: Record) -> bytes:
            return (pieces / record.id).read_bytes()

        return self.folder.stream(relative, lambda handle: writer.write(handle, relative, records, self.site, piece))


class MemorySink:
    name = "memory"

    def __init__(self) -> None:
        self.episodes: list[Episode] = []
        self.site = Site()

    def begin(self, scratch: Path) -> None:
        self.episodes = []

    def intact(self, files: dict[str, int]) -> bool:
        return False

    def publish(self, episode: Episode) -> Published:
        return Published(_record(episode), episode=episode)

    def finish(self, published: list[Published], previous: list[str], report: Report) -> dict[str, int]:
        self.episodes = [p.episode for p in published if p.episode is not None]
        return {}
