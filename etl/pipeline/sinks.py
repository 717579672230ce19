"""Where made episodes go. Both commands run the same stages; only the sink differs.

`OutSink` (`etl build`): each episode's files written to the out folder as it is made (in the worker that made
it), its collection pieces (index entry, feed item, page card) kept in the cache's database beside its make key's
entry (etl.pipeline.pieces); at the end, each collection file (index, feeds, show, person and home pages) streamed
from the pieces, unless the last build streamed it from the same records and pieces, and files no longer produced
removed. With `check`, every comparison runs and nothing is written.
`MemorySink` (`etl extract`): the episodes themselves, handed back to the command.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Protocol

from etl import load
from etl.errors import SourceError
from etl.load import search
from etl.load.outfolder import OWNED, SITE_OWNED, OutFolder, Streamed
from etl.load.publication import Record, Site, person_key
from etl.model import Episode
from etl.pipeline import pieces as spool
from etl.pipeline.cache import digest, tool_version
from etl.pipeline.last import LastFiles
from etl.pipeline.values import Outputs, Published, Report


class Sink(Protocol):
    name: str  # where output goes: part of the run's fingerprint
    site: Site  # the publication; the plan may fill in show settings from a feed's channel
    reuses: bool  # a source made from unchanged inputs may be published from what the last build made

    def begin(self, scratch: Path, jobs: int, last: LastFiles, cache: Path | None, pieces: spool.Pieces) -> None:
        """Before any episode: `scratch` is the run's own temp folder, removed when it ends; `jobs` the processes
        the run may use; `last` each file the last build published, with its size and stamp (`LastFiles`);
        `pieces` where episodes' collection pieces are kept, by handle."""

    def intact(self, files: dict[str, int]) -> bool:
        """The files the last run recorded are all still there as it left them."""

    def stamps(self, files: dict[str, int]) -> list[int | None]:
        """What to record of the files a build published, for the next build's `begin`: each one's stamp, in
        the order of their sorted paths."""

    def asset(self, relative: str, data: bytes) -> bool:
        """A file a source holds (an audio file's artwork), published as it is; True when it changed."""

    def publish(self, episode: Episode, piece: str) -> Published:
        """One episode, in a worker process or the main one; its collection pieces are kept under the handle
        `piece`."""

    def finish(self, published: list[Published], previous: Outputs, report: Report) -> Outputs:
        """After every episode: collections and clean-up; returns every file now published, with its size.
        `previous` is what the last run published and this one did not publish again (`LastFiles.claim`)."""


def _record(episode: Episode) -> Record:
    people = tuple(sorted({person_key(p) for p in episode.people}))
    return Record(episode.id, episode.show.id, episode.published, people)


class OutSink:
    reuses = True

    def __init__(self, out: Path, site: Site, check: bool = False) -> None:
        self.name = str(out)
        self.site = site
        self.check = check
        self.folder = OutFolder(out)
        self.scratch = Path()
        self.cache: Path | None = None  # where the search index keeps its parts between builds
        self.jobs = 1
        self.last = LastFiles()
        self.pieces: spool.Pieces | None = None

    def __getstate__(self) -> dict[str, object]:
        return self.__dict__ | {"last": LastFiles()}  # only the main process checks files: not pickled to workers

    def begin(self, scratch: Path, jobs: int, last: LastFiles, cache: Path | None, pieces: spool.Pieces) -> None:
        self.scratch = scratch
        self.pieces = pieces
        self.jobs = jobs
        self.last = last
        self.cache = cache
        owned = (*OWNED, *SITE_OWNED) if self.site.pages else OWNED
        self.folder = OutFolder(self.folder.root, dry_run=self.check, scratch=scratch / "check", owned=owned)

    def intact(self, files: dict[str, int]) -> bool:
        return self.folder.intact(files, self.last.stamp)

    def stamps(self, files: dict[str, int]) -> list[int | None]:
        return [] if self.check else self.folder.stamps(sorted(files))

    def asset(self, relative: str, data: bytes) -> bool:
        return self.folder.put(relative, data)

    def publish(self, episode: Episode, piece: str) -> Published:
        assert self.pieces is not None, "begin() first"
        files: dict[str, bytes] = {}
        said: list[str] = []
        for writer in (*load.EPISODE_WRITERS, *load.COLLECTION_WRITERS):
            if hasattr(writer, "warnings_for"):  # what an output may not carry of this episode
                said += writer.warnings_for(episode, self.site)
        for writer in load.EPISODE_WRITERS:
            files.update(writer.render_episode(episode, self.site))
        changed = [relative for relative, data in files.items() if self.folder.put(relative, data)]
        spooled = {w.NAME: w.spool(episode, self.site) for w in load.COLLECTION_WRITERS if hasattr(w, "spool")}
        self.pieces.put(piece, spooled)  # the schemas have none: made from the settings alone
        sizes = {relative: len(data) for relative, data in files.items()}
        digests = {name: spool.digest(data) for name, data in spooled.items()}
        return Published(_record(episode), sizes, changed, piece=piece, digests=digests, warnings=tuple(said))

    def finish(self, published: list[Published], previous: Outputs, report: Report) -> Outputs:
        records = [p.record for p in published]
        now = Outputs({relative: size for p in published for relative, size in p.files.items()})
        changed = [relative for p in published for relative in p.changed]
        pieces = {p.record.id: p.piece for p in published}
        digests = {p.record.id: p.digests for p in published}
        for writer in load.COLLECTION_WRITERS:  # feeds come last: written after every file they point to
            report.add(writer.warnings(records, self.site))
            for relative, ordered in writer.outputs(records, self.site):
                key = now.keys[relative] = self._key(writer, relative, ordered, digests)
                size = previous.files.get(relative)
                if previous.keys.get(relative) == key and size is not None and self.intact({relative: size}):
                    now.files[relative] = size  # streamed from the same records and pieces: the same bytes
                    continue
                result = self._collection(writer, relative, ordered, pieces)
                now.files[relative] = result.size
                if result.changed:
                    changed.append(relative)
        if self.site.pages and self.site.search:  # after the pages it reads
            self._search(now.files, changed, report)
        self.last = LastFiles()  # the last build's stamps: every check is done, and the new state is built next
        gone = {p for p in self.folder.owned() if p not in now.files}  # a set of what goes, not of every file
        stale = sorted(gone.union(p for p in previous.files if p not in now.files))
        removed = [p for p in stale if self.folder.remove(p)]
        report.written += len(changed)
        report.removed += len(removed)
        if self.check:
            root = self.folder.root
            lines = {f"{'~' if (root / p).exists() else '+'} {p}" for p in changed} | {f"- {p}" for p in removed}
            report.changes = sorted(lines, key=lambda line: line[2:])
        return now

    def _search(self, sizes: dict[str, int], changed: list[str], report: Report) -> None:
        """The search index, rebuilt where a page changed; when Pagefind fails the last one stays."""
        try:
            language = self.site.show(None).language
            search.update(self.folder, sizes, changed, self.scratch / "search", language, self.jobs, self.cache)
        except SourceError as error:
            report.errors.append(error)
            sizes.update(search.kept(self.folder))

    def _key(self, writer: ModuleType, relative: str, records: list[Record], digests: dict[str, dict[str, str]]) -> str:
        """What one collection file is streamed from: the code, the publication, its records in order and the
        bytes of their pieces for this writer (its `write` reads no other). By the pieces' bytes, not by the make
        key they were made under: a change to an episode that leaves its card as it was (a link added to its show
        notes) leaves the home, show and person pages' keys as they were, and they are not rendered again."""
        chosen = [(r.id, r.show, r.published, r.people, digests[r.id].get(writer.NAME, "")) for r in records]
        return digest(tool_version(), writer.NAME, relative, self.site.digest, chosen)

    def _collection(self, writer: ModuleType, relative: str, records: list[Record], pieces: dict[str, str]) -> Streamed:
        """One index or feed file, streamed from the pieces its episodes spooled."""

        kept = self.pieces
        assert kept is not None, "begin() first"

        def piece(record: Record) -> bytes:
            return kept.get(pieces[record.id], writer.NAME)

        return self.folder.stream(relative, lambda handle: writer.write(handle, relative, records, self.site, piece))


class MemorySink:
    name = "memory"
    reuses = False  # it hands back the episodes themselves: each must be made

    def __init__(self) -> None:
        self.episodes: list[Episode] = []
        self.site = Site()

    def begin(self, scratch: Path, jobs: int, last: LastFiles, cache: Path | None, pieces: spool.Pieces) -> None:
        self.episodes = []

    def intact(self, files: dict[str, int]) -> bool:
        return False

    def stamps(self, files: dict[str, int]) -> list[int | None]:
        return []

    def asset(self, relative: str, data: bytes) -> bool:
        return False  # `etl extract` writes nothing

    def publish(self, episode: Episode, piece: str) -> Published:
        return Published(_record(episode), episode=episode)

    def finish(self, published: list[Published], previous: Outputs, report: Report) -> Outputs:
        self.episodes = [p.episode for p in published if p.episode is not None]
        return Outputs()
