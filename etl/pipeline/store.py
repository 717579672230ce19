"""The cache's records in one SQLite database: drafts, made entries, collection pieces, last good episodes.

They were files, one or more per source (~7,600 files in ~2,500 folders at 2,000 sources); on ext4 each new file
is an inode, a journal entry and a directory entry, and making them was half the kernel time of a full build (a
build with its cache on tmpfs instead of ext4 ran 23.7 → 18.9 s, 11.5 → 5.6 s in the kernel). One database is one
file whatever the number of sources, and a CI cache that carries it between runs carries one file.

Decisions:
- WAL journal, `synchronous=NORMAL`: a commit appends to the log without waiting for the disk; a build killed
  at any point leaves every committed record and none half-written (SQLite rolls back the rest when it opens the
  file again); a machine that loses power may lose the last commits, which is a cache miss, never wrong bytes.
- Each process opens its own connection, on first use: a connection must never cross a fork. One inherited from the
  parent is kept, never used or closed (closing it in the child could touch the parent's locks).
- Several workers write at once; each write is one short transaction, and a writer waits (`TIMEOUT`) for another.
- A record that cannot be read (a damaged file, another layout) is a miss; `prepare` (main process, before any
  worker) starts a damaged or foreign database afresh. A write the machine refuses is an OSError naming the
  database, as a file's write would be (etl.errors.EnvironmentFault).
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

NAME = "cache.sqlite"
LAYOUT = 1  # the database's user_version; bump when a table changes (the database is then started afresh)
TIMEOUT = 120.0  # seconds a writer waits for another process's transaction
COMPACT_PAGES = 4096  # a database smaller than this (16 MB) is never compacted

_TABLES = (
    "CREATE TABLE IF NOT EXISTS drafts (key TEXT PRIMARY KEY, heads BLOB NOT NULL, whole BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS made (key TEXT PRIMARY KEY, entry BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS pieces (owner TEXT NOT NULL, item TEXT NOT NULL, name TEXT NOT NULL,"
    " data BLOB NOT NULL, PRIMARY KEY (owner, item, name))",
    "CREATE TABLE IF NOT EXISTS published (origin TEXT PRIMARY KEY, episodes BLOB NOT NULL)",
)

# What the machine's refusal is called as an OSError (by SQLite's primary result code)
_ERRNO = {
    sqlite3.SQLITE_FULL: errno.ENOSPC,
    sqlite3.SQLITE_READONLY: errno.EROFS,
    sqlite3.SQLITE_PERM: errno.EACCES,
    sqlite3.SQLITE_CANTOPEN: errno.EACCES,
    sqlite3.SQLITE_IOERR: errno.EIO,
}

_INHERITED: list[sqlite3.Connection] = []  # connections a forked child was born with: held, never used


class Store:
    """One cache database; picklable (a worker opens its own connection)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._pending: list[tuple[str, list[Sequence[object]]]] | None = None  # within `batch`

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path, "_connection": None, "_pid": 0, "_pending": None}

    def _db(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            if self._connection is not None:
                _INHERITED.append(self._connection)
            self._connection = _connect(self.path)
            self._pid = os.getpid()
        return self._connection

    def prepare(self) -> None:
        """The database ready for this build's workers: made if missing; started afresh when damaged or of
        another layout. Raises OSError when the machine refuses it."""
        try:
            try:
                self._tables()
            except (sqlite3.Error, OSError) as error:
                if not _damaged(error if isinstance(error, sqlite3.Error) else error.__cause__):
                    raise
                self.close()
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                self._tables()
        except sqlite3.Error as error:
            raise _os_error(error, self.path) from error

    def check_writable(self) -> None:
        """Raises OSError when this database cannot be written (a folder in its place, a read-only file); a damaged
        one is writable (`prepare` starts it afresh), and one another process is writing is too."""
        try:
            db = sqlite3.connect(self.path, timeout=0, isolation_level=None)
            try:
                db.execute("BEGIN IMMEDIATE")
                db.execute("ROLLBACK")
            finally:
                db.close()
        except sqlite3.Error as error:
            code = getattr(error, "sqlite_errorcode", 0) & 0xFF
            if code != sqlite3.SQLITE_BUSY and not _damaged(error):
                raise _os_error(error, self.path) from error

    def _tables(self) -> None:
        if self._db().execute("PRAGMA user_version").fetchone()[0] == LAYOUT:
            return
        with self._transaction() as db:
            for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                db.execute(f'DROP TABLE "{table}"')
            for statement in _TABLES:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {LAYOUT}")

    def one(self, sql: str, args: Sequence[object]) -> Any:
        """The first column of the first row, or None (none, or unreadable: a miss)."""
        try:
            row = self._db().execute(sql, args).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else row[0]

    def document(self, sql: str, args: Sequence[object]) -> Any:
        """`one`'s value read as JSON; None when there is none or it is not JSON (a miss)."""
        data = self.one(sql, args)
        try:
            return None if data is None else json.loads(data)
        except ValueError:
            return None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed whole, or rolled back; SQLite's errors as OSError."""
        try:
            db = self._db()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                if db.in_transaction:  # SQLite ends it itself on some errors (a full disk)
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except sqlite3.Error as error:
            raise _os_error(error, self.path) from error

    def write(self, *steps: tuple[str, Iterable[Sequence[object]]]) -> None:
        """Each step's statement for each of its rows, all in one transaction (or in the batch's)."""
        if self._pending is not None:
            self._pending += [(sql, list(rows)) for sql, rows in steps]
            return
        with self._transaction() as db:
            for sql, rows in steps:
                db.executemany(sql, rows)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Every write in the block in one transaction at its end, none when it raises: a commit appends pages to
        the log, and making one source wrote three (its pieces, its entry, its last good episodes)."""
        if self._pending is not None:  # within a batch already
            yield
            return
        self._pending = []
        try:
            yield
            steps = self._pending
        finally:
            self._pending = None
        if steps:
            self.write(*steps)

    def keep_only(self, table: str, column: str, keep: Iterable[str]) -> int:
        """Delete every row of `table` whose `column` is not in `keep`; how many went. The keys present are read
        from the column's index, not the table: a scan of the table reads every row's first page (at 20,000
        sources, 9 s for the four tables; 0.1 s by their indexes)."""
        kept = set(keep)
        with self._transaction() as db:
            present = [key for (key,) in db.execute(f"SELECT DISTINCT {column} FROM {table}")]
            gone = [(key,) for key in present if key not in kept]
            removed: int = db.executemany(f"DELETE FROM {table} WHERE {column} = ?", gone).rowcount if gone else 0
        return removed

    def compact(self) -> bool:
        """The file rewritten without its free pages when more than a quarter of it is free (main process, no other
        connection open); whether it was. Deleted records leave free pages that later writes reuse, so the file
        holds at its largest: after a new etl version remakes every source, twice the cache (5 GB at 20,000
        sources, not 2.5), which a CI cache would carry on every run. `VACUUM INTO` a temp file, then moved over
        the database: the pages written once (~7 s for 2.5 GB), and a build killed meanwhile leaves the old file
        whole. Never raises: a file left as it was is only larger."""
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}-0.tmp")  # a name files.sweep knows
        try:
            db = self._db()
            pages = db.execute("PRAGMA page_count").fetchone()[0]
            free = db.execute("PRAGMA freelist_count").fetchone()[0]
            if pages < COMPACT_PAGES or free * 4 <= pages:
                return False
            db.execute("PRAGMA busy_timeout = 0")  # another process reading or writing it: not now, and no wait
            try:
                busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            finally:
                db.execute(f"PRAGMA busy_timeout = {int(TIMEOUT * 1000)}")
            if busy:
                return False
            temp.unlink(missing_ok=True)
            db.execute("VACUUM INTO ?", (str(temp),))
            self.close()
            if Path(f"{self.path}-wal").exists() and Path(f"{self.path}-wal").stat().st_size:
                temp.unlink(missing_ok=True)  # a log another connection still writes: not ours to drop
                return False
            os.replace(temp, self.path)
            return True
        except (sqlite3.Error, OSError):
            with suppress(OSError):
                temp.unlink(missing_ok=True)
            return False

    def close(self) -> None:
        """This process's connection closed (the last one to close folds the log into the database file)."""
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=TIMEOUT, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def _damaged(error: BaseException | None) -> bool:
    """Not a database, or a damaged one (not a locked or refused one: those are another process's or the machine's)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _refusal(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else _ERRNO.get(code & 0xFF)


def _os_error(error: sqlite3.Error, path: Path) -> OSError:
    found = _refusal(error)
    number = found if found is not None else errno.EIO
    return OSError(number, f"{os.strerror(number)} ({error})", str(path))
