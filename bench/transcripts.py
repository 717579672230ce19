"""The transcript path against its peer: `etl build` and podcast-transcript-convert on the same files.

    python bench/transcripts.py [--files 600] [--work DIR] [--repeat N]

The files are real transcripts (../shared/corpus, else fixtures/) as a podcaster's tool exports them, half
WebVTT, half SubRip, speakers named. `etl build --jobs 1 --no-cache` with the site off (every file read,
paragraphed, validated and written as the episode JSON and the five transcript files) against
`transcript2json` (one process, Podcasting 2.0 JSON only), each a whole process; and beside them the floor of
writing the five files (bench/transcripts_floor.py: parse, cut, write, nothing checked). Prints JSON; the peer is
a test extra (`pip install -e .[test]`): without it, says so. With `--repeat N`, each runs N times, alternating,
and the fastest of each counts.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from run import templates, transcript_file


def generate(folder: Path, count: int) -> None:
    pages, _ = templates()
    folder.mkdir(parents=True)
    for n in range(count):
        suffix, text = transcript_file(pages[n % len(pages)], n % 2)  # 0: WebVTT, 1: SubRip
        (folder / f"episode-{n:04d}{suffix}").write_text(text, encoding="utf-8")


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"{command[0]} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return took


def measure(work: Path, count: int, repeat: int = 1) -> dict[str, object]:
    peer = shutil.which("transcript2json", path=str(Path(sys.executable).parent))
    if work.exists():
        shutil.rmtree(work)
    generate(work / "src", count)
    (work / "etl.yaml").write_text("site: false\nshows: [{id: t, title: Transcripts}]\nsources: [{path: src}]\n")
    etl = [sys.executable, "-m", "etl", "build", "--config", str(work / "etl.yaml"), "--out", str(work / "out")]
    ours: list[float] = []
    theirs: list[float] = []
    floors: list[float] = []
    floor = [sys.executable, str(Path(__file__).resolve().parent / "transcripts_floor.py"), str(work / "src")]
    for _ in range(repeat):  # each from scratch
        shutil.rmtree(work / "out", ignore_errors=True)
        ours.append(timed([*etl, "--jobs", "1", "--no-cache", "--quiet"]))
        shutil.rmtree(work / "floor", ignore_errors=True)
        floors.append(timed([*floor, str(work / "floor")]))
        if peer:
            shutil.rmtree(work / "peer", ignore_errors=True)
            theirs.append(timed([peer, str(work / "src"), str(work / "peer")]))
    made = len(list((work / "out" / "transcripts").iterdir()))
    said: dict[str, object] = {"files": count, "etl_seconds": min(ours), "etl_files": made, "runs": repeat}
    said["floor_seconds"] = min(floors)
    if not peer:
        return said | {"peer": None}
    return said | {"peer": "transcript2json", "peer_seconds": min(theirs)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=600)
    parser.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / "out" / "transcripts")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(measure(args.work, args.files, args.repeat)))
