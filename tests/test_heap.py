"""The collector's settings while a build runs (etl.util.heap), and after it."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap

from conftest import ROOT

from etl.cli import main
from etl.util import heap


def test_settled_freezes_what_is_alive_and_restores_the_collector_after():
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    alive = object.__new__(type("Alive", (), {}))  # a tracked object made before the block
    with heap.settled():
        assert gc.get_threshold()[0] == heap.YOUNG and gc.get_threshold()[1:] == before[1:]
        assert gc.get_freeze_count() > frozen and gc.is_tracked(alive)
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen


def test_a_program_that_froze_its_heap_finds_it_frozen_after():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with heap.settled():
            pass
        assert gc.get_freeze_count() >= frozen > 0
    finally:
        gc.unfreeze()


def test_a_build_leaves_the_collector_of_the_program_that_called_it_as_it_was(tmp_path):
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    assert main(["build", str(ROOT / "fixtures" / "datatalks"), "--out", str(tmp_path / "out"), "--jobs", "2"]) == 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen


def test_workers_run_with_the_settled_collector_whatever_the_default_start_method(tmp_path):
    """Each worker reports its collector from inside a job. On Linux workers are forked whatever the default (a
    forkserver's, Python 3.14's default there, would have the server for a parent: etl.util.lifeline stopped them
    at once) and inherit the main process's collector; a worker started afresh (elsewhere) settles its own."""
    script = textwrap.dedent(
        """
        import gc, multiprocessing, sys
        from etl.pipeline import workers

        def report(_):
            return gc.get_threshold()[0], gc.get_freeze_count() > 0

        if __name__ == "__main__":
            from etl.util import heap
            if sys.argv[1] == "afresh":  # a worker as any system starts it: its own interpreter, then _start
                import os
                from concurrent.futures import ProcessPoolExecutor
                spawn = multiprocessing.get_context("spawn")
                with ProcessPoolExecutor(2, spawn, initializer=workers._start, initargs=(None, os.getpid())) as pool:
                    print(sorted(set(pool.map(report, range(4)))))
                sys.exit()
            multiprocessing.set_start_method(sys.argv[1])
            with heap.settled():
                pool = workers.Workers(None, 2, 4, None)
                with pool:
                    print(sorted(set(pool.map(report, range(4)))))
        """
    )
    (tmp_path / "probe.py").write_text(script)
    for method in ("fork", "forkserver", "spawn", "afresh"):
        done = subprocess.run(
            [sys.executable, str(tmp_path / "probe.py"), method],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"[({heap.YOUNG}, True)]", (method, done.stdout, done.stderr)
