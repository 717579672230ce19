from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


def shared(*parts: str) -> Path:
    """A path in ../shared; the test is skipped (not passed) when the folder is absent."""
    path = SHARED.joinpath(*parts)
    if not SHARED.is_dir():
        pytest.skip(
            "../shared (the team's seeds, real corpus and Podcasting 2.0 specs, a folder beside this checkout) "
            "is not present: this test reads real files from it"
        )
    return path


def seed(prefix: str) -> Path:
    folder = shared("seeds")
    (match,) = sorted(folder.glob(f"{prefix}_*.txt"))
    return match


AUDIO_SECONDS = 750  # the browser tests' episode runs 12:30; its last chapter starts at 11:40


def _browser_config(base: str, size: int, contracts: Path) -> str:
    return f"""
base_url: {base}
shows:
  - id: datatalks
    title: Browser Test Show
    author: The etl tests
    description: A show built for the browser tests.
    image: {base}art.png
    link: {base}
    owner: {{name: Test Owner, email: owner@example.org}}
    categories: [Technology]
people_dir: {FIXTURES / "people"}
people:
  - {{id: alexeygrigorev, name: Alexey Grigorev, aliases: [Alexey], role: host}}
sources:
  - path: {FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md"}
    show: datatalks
    override:
      enclosure: {{url: "{base}media/s01e01.wav", length: {size}, type: audio/wav}}
  - path: {FIXTURES / "chapters" / "s01e01-streaming-for-small-teams.txt"}
    show: datatalks
  - path: {contracts}
    show: datatalks
"""


EDITED = ("freshness that the producer signs", "freshness that the producer countersigns")  # a recent page's words


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The browser tests' site, served over HTTP (with Range requests, as audio needs): (base URL, folder)."""
    from browser import png, serve, silent_wav

    from etl.cli import main
    from etl.load import search

    out = tmp_path_factory.mktemp("site")
    with serve(out) as base:
        size = silent_wav(out / "media" / "s01e01.wav", AUDIO_SECONDS)
        png(out / "art.png")
        contracts = out.parent / "s01e02-data-contracts.md"
        contracts.write_bytes((FIXTURES / "datatalks" / contracts.name).read_bytes())
        config = out.parent / "etl.yaml"
        config.write_text(_browser_config(base, size, contracts), encoding="utf-8")
        build = ["build", "--config", str(config), "--out", str(out), "--cache", str(out.parent / "cache"), "-q"]
        pages, search.PART_PAGES = search.PART_PAGES, 2  # indexed in parts, as a large site's, then merged
        try:
            assert main(build) == 0
            # then one page changed: it goes to a recent bundle, and its stale copy in the main one is hidden
            contracts.write_text(contracts.read_text(encoding="utf-8").replace(*EDITED), encoding="utf-8")
            assert main(build) == 0
        finally:
            search.PART_PAGES = pages
        listing = json.loads((out / "pagefind" / "parts.json").read_text())
        assert len(listing["parts"]) == 2 and listing["hide"] and "episodes/datatalks-s01e02.html" in listing["recent"]
        yield base, out


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium with JavaScript (skips the test when Chromium is not installed)."""
    from browser import driver

    chrome = driver()
    yield chrome
    chrome.quit()
