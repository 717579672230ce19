"""The cache's database (etl.pipeline.store) and the collection pieces kept in it (etl.pipeline.pieces)."""

from __future__ import annotations

import errno
import multiprocessing
import pickle
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.pipeline.pieces import Pieces
from etl.pipeline.store import Store

names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)


@pytest.fixture
def store(tmp_path):
    made = Store(tmp_path / "cache.sqlite")
    made.prepare()
    yield made
    made.close()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=50)
@given(st.dictionaries(names, st.binary(max_size=300), max_size=6), st.dictionaries(names, st.binary(), max_size=3))
def test_each_piece_comes_back_as_it_was_put_and_a_second_put_replaces_the_first(store, spooled, later):
    pieces = Pieces(store)
    pieces.put("key/0", spooled)
    pieces.put("key/1", {"index": b"the neighbour"})
    for name, data in spooled.items():
        assert pieces.get("key/0", name) == data
    pieces.put("key/0", later)
    for name in set(spooled) | set(later):
        if name in later:
            assert pieces.get("key/0", name) == later[name]
        else:
            with pytest.raises(KeyError):
                pieces.get("key/0", name)
    assert pieces.get("key/1", "index") == b"the neighbour"
    assert pieces.has("key/0") == bool(later) and not pieces.has("other/0")


def test_pruning_keeps_only_the_owners_named(store):
    pieces = Pieces(store)
    for owner in ("a", "b", "kept"):
        pieces.put(f"{owner}/0", {"index": owner.encode()})
    assert store.keep_only("pieces", "owner", {"a"}) == 2
    assert pieces.has("a/0") and not pieces.has("b/0") and not pieces.has("kept/0")


def test_a_damaged_database_is_started_afresh_and_a_foreign_layout_dropped(tmp_path):
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    store = Store(path)
    assert store.one("SELECT 1 FROM made", ()) is None  # unreadable: a miss, not an error
    store.prepare()
    Pieces(store).put("k/0", {"feed": b"<item/>"})
    store.close()
    with sqlite3.connect(path) as db:  # another etl's layout: its tables go
        db.execute("PRAGMA user_version = 999")
        db.execute("CREATE TABLE old (x)")
    again = Store(path)
    again.prepare()
    tables = {row[0] for row in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"drafts", "made", "pieces", "published"}
    assert not Pieces(again).has("k/0")


def test_a_full_database_is_the_machines_refusal_named_by_its_file(store):
    store.one("SELECT 1", ())  # the connection open
    page_count = store._db().execute("PRAGMA page_count").fetchone()[0]
    store._db().execute(f"PRAGMA max_page_count = {page_count}")  # SQLite's own full disk
    with pytest.raises(OSError) as raised:
        Pieces(store).put("k/0", {"feed": b"x" * 100_000})
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == str(store.path)
    assert not Pieces(store).has("k/0")  # the transaction rolled back: nothing half-written


def _child(store: Store, queue: multiprocessing.Queue) -> None:
    Pieces(store).put("child/0", {"index": b"from the child"})
    queue.put(Pieces(store).get("parent/0", "index"))


def test_a_forked_worker_opens_its_own_connection_and_both_see_each_others_writes(store):
    Pieces(store).put("parent/0", {"index": b"from the parent"})  # the parent's connection is open at the fork
    queue: multiprocessing.Queue = multiprocessing.get_context("fork").Queue()
    child = multiprocessing.get_context("fork").Process(target=_child, args=(store, queue))
    child.start()
    child.join(30)
    assert child.exitcode == 0
    assert queue.get(timeout=5) == b"from the parent"
    assert Pieces(store).get("child/0", "index") == b"from the child"
    copy = pickle.loads(pickle.dumps(store))  # a spawned worker's: the path only
    assert copy._connection is None and Pieces(copy).get("child/0", "index") == b"from the child"


def test_a_batch_writes_at_its_end_or_not_at_all(store):
    pieces = Pieces(store)
    with store.batch():
        pieces.put("a/0", {"index": b"one"})
        with store.batch():  # a batch within one joins it
            pieces.put("a/1", {"index": b"two"})
        assert not pieces.has("a/0") and not pieces.has("a/1")  # nothing yet
    assert pieces.get("a/0", "index") == b"one" and pieces.get("a/1", "index") == b"two"
    with pytest.raises(RuntimeError), store.batch():
        pieces.put("b/0", {"index": b"lost"})
        raise RuntimeError("a build stopped")
    assert not pieces.has("b/0")
    pieces.put("c/0", {"index": b"after"})  # and writes go straight to the database again
    assert pieces.has("c/0")


def _size(store: Store) -> int:
    """The database's bytes on disk, its log's included."""
    return sum(p.stat().st_size for p in store.path.parent.glob(f"{store.path.name}*"))


def test_a_database_mostly_free_is_compacted_and_keeps_every_record(tmp_path, monkeypatch):
    monkeypatch.setattr("etl.pipeline.store.COMPACT_PAGES", 64)
    store = Store(tmp_path / "cache.sqlite")
    store.prepare()
    pieces = Pieces(store)
    for n in range(40):
        pieces.put(f"k{n}/0", {"index": bytes([n]) * 20_000})
    assert not store.compact()  # nothing free: left as it is
    store.keep_only("pieces", "owner", {"k3", "k7"})
    size = _size(store)
    assert store.compact()
    assert _size(store) < size / 4
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert pieces.get("k3/0", "index") == b"\x03" * 20_000 and pieces.get("k7/0", "index") == b"\x07" * 20_000
    assert not pieces.has("k4/0")
    pieces.put("k8/0", {"index": b"after"})  # and it is written to as before
    assert Pieces(Store(store.path)).get("k8/0", "index") == b"after"
    store.close()


def test_a_database_another_process_holds_is_not_compacted(tmp_path, monkeypatch):
    monkeypatch.setattr("etl.pipeline.store.COMPACT_PAGES", 64)
    store = Store(tmp_path / "cache.sqlite")
    store.prepare()
    for n in range(40):
        Pieces(store).put(f"k{n}/0", {"index": b"x" * 20_000})
    store.keep_only("pieces", "owner", set())
    reader = sqlite3.connect(store.path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM pieces").fetchone()  # a read under way holds the log
    try:
        assert not store.compact()
    finally:
        reader.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
