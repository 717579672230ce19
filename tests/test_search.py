"""The search index (Pagefind) under the production rules: the same bytes from the same pages, rebuilt
only when a page changed, never half-written, kept when Pagefind fails, only the published pages in it,
off with the site; and the pages tell Pagefind what weighs more."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from lxml import html

from etl.cli import main
from etl.load import outfolder, search, search_bytes
from etl.util import files

EPISODES = [
    FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md",
    FIXTURES / "datatalks" / "s01e02-data-contracts.md",
]


def _index(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "pagefind").rglob("*") if p.is_file()}


def _indexed_urls(out: Path) -> set[str]:
    fragments = (gzip.decompress(p.read_bytes()) for p in (out / "pagefind").rglob("*.pf_fragment"))
    return {json.loads(f.removeprefix(b"pagefind_dcd"))["url"] for f in fragments}


def _work(tmp_path: Path, site: bool = True) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    for episode in EPISODES:
        shutil.copy(episode, work / episode.name)
    flag = "" if site else "site: false\n"
    sources = ", ".join(f"{{path: {e.name}}}" for e in EPISODES)
    (work / "etl.yaml").write_text(f"{flag}shows: [{{id: dt, title: DT}}]\nsources: [{sources}]\n", encoding="utf-8")
    return work


def _edit_a_page(work: Path) -> None:
    """A source edit that changes one episode page's words."""
    page = work / EPISODES[0].name
    page.write_text(page.read_text().replace("nightly batch good enough", "nightly batch ever enough"))


def _build(work: Path, *extra: str) -> int:
    return main(["build", "--config", str(work / "etl.yaml"), "--out", str(work / "out"), "-q", *extra])


def test_the_same_pages_give_the_same_index_bytes(tmp_path):
    outs = []
    for n, jobs in enumerate(("1", "2")):
        out = tmp_path / f"out-{n}"  # another folder, another process count: the same bytes
        assert (
            main(["build", "--config", str(ROOT / "etl.yaml"), "--out", str(out), "--no-cache", "-q", "--jobs", jobs])
            == 0
        )
        outs.append(out)
    first, second = (_index(out) for out in outs)
    assert "pagefind/parts.json" in first and any(p.startswith("pagefind/1-0/fragment/") for p in first)
    assert first == second
    # Pagefind's own search interfaces are not published: the site has its own
    assert not [p for p in first if "-ui." in p or "highlight" in p]


def test_every_published_page_is_indexed_and_a_removed_one_leaves_the_index(tmp_path):
    work = _work(tmp_path)
    assert _build(work) == 0
    assert _indexed_urls(work / "out") == {
        "/episodes/dt-s01e01.html",
        "/episodes/dt-s01e02.html",
        "/shows/dt.html",
        *(f"/people/{p.stem}" + ".html" for p in (work / "out" / "people").iterdir()),
    }
    config = work / "etl.yaml"
    config.write_text(config.read_text().replace(", {path: s01e02-data-contracts.md}", ""))
    assert _build(work) == 0
    urls = _indexed_urls(work / "out")
    assert "/episodes/dt-s01e01.html" in urls and "/episodes/dt-s01e02.html" not in urls
    assert not list((work / "out").glob(".etl-search-*"))  # Pagefind's view of the pages is gone


def test_the_index_is_rebuilt_only_when_a_page_changed(tmp_path, monkeypatch):
    work = _work(tmp_path)
    assert _build(work) == 0
    before = _index(work / "out")

    def refused(*_args):
        raise AssertionError("Pagefind ran although no page changed")

    with monkeypatch.context() as patched:
        patched.setattr(search, "build", refused)
        (work / "out" / "feed.xml").unlink()  # an output to restore, no page among them: not a no-op run
        assert _build(work) == 0
    assert (work / "out" / "feed.xml").is_file()
    assert _index(work / "out") == before

    _edit_a_page(work)
    assert _build(work) == 0
    after = _index(work / "out")
    assert after != before
    assert any(b"ever enough" in gzip.decompress(data) for path, data in after.items() if "/fragment/" in path)


def test_a_build_killed_while_writing_the_index_leaves_the_last_one_whole(tmp_path, monkeypatch):
    work = _work(tmp_path)
    assert _build(work) == 0
    before = _index(work / "out")
    _edit_a_page(work)
    real = files.write_atomic

    def killed_at_the_entry(path: Path, data: bytes) -> None:
        if path.name == "pagefind-entry.json":  # a part's entry: its other files are written
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(outfolder, "write_atomic", killed_at_the_entry)
    assert _build(work) == 130
    now = _index(work / "out")
    assert now["pagefind/1-0/pagefind-entry.json"] == before["pagefind/1-0/pagefind-entry.json"]
    assert all(now.get(path) == data for path, data in before.items())  # every file the old entry needs
    assert len(now) > len(before)  # the new part's files, all but its entry, were there already


def test_when_pagefind_fails_the_last_index_stays_and_the_run_says_so(tmp_path, monkeypatch, capsys):
    work = _work(tmp_path)
    assert _build(work) == 0
    before = _index(work / "out")
    _edit_a_page(work)
    monkeypatch.setattr(search.sys, "executable", str(tmp_path / "no-such-python"))
    assert _build(work) == 1
    err = capsys.readouterr().err
    assert "pagefind: error: the search index was not rebuilt, the last one stays" in err
    assert "Traceback" not in err
    assert _index(work / "out") == before
    assert b"ever enough" in (work / "out" / "episodes" / "dt-s01e01.html").read_bytes()  # the pages still publish


def test_check_says_the_index_would_be_rebuilt_and_writes_nothing(tmp_path, capsys):
    work = _work(tmp_path)
    assert _build(work) == 0
    before = _index(work / "out")
    _edit_a_page(work)
    capsys.readouterr()
    assert _build(work, "--check") == 1
    out = capsys.readouterr().out
    assert "~ pagefind/" in out.splitlines() and "~ episodes/dt-s01e01.html" in out
    assert _index(work / "out") == before


def test_site_false_builds_no_index_and_no_search_page(tmp_path):
    work = _work(tmp_path, site=False)
    assert _build(work) == 0
    assert not (work / "out" / "pagefind").exists() and not (work / "out" / "search.html").exists()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("weights") / "out"
    assert main(["build", "--config", str(ROOT / "etl.yaml"), "--out", str(out), "--no-cache", "-q"]) == 0
    return html.fromstring((out / "episodes" / "datatalks-s01e01.html").read_bytes())


def test_titles_and_chapter_titles_weigh_more_than_what_was_said(page):
    body = page.xpath("//*[@data-pagefind-body]")
    assert [b.tag for b in body] == ["article"]  # the player, file links and site chrome are not searched
    assert page.xpath("//h1/@data-pagefind-weight") == ["10"]
    chapters = page.xpath("//ol[@class='chapters']//span[@data-pagefind-weight]")
    assert chapters and {c.get("data-pagefind-weight") for c in chapters} == {"5"}
    turns = page.xpath("//section[@class='transcript']//h3[@id]")
    assert turns and all(t.get("data-pagefind-weight") == "0.5" and t.get("id").startswith("turn-") for t in turns)
    assert all(not p.get("data-pagefind-weight") for p in page.xpath("//div[@class='turn']/p"))  # text: 1


def test_show_person_and_year_are_filters(page):
    filters = {e.get("data-pagefind-filter") for e in page.xpath("//*[@data-pagefind-filter]")}
    assert filters == {"show", "person", "year:2024"}
    assert page.xpath("//*[@data-pagefind-filter='show']/text()") == ["DataTalks.Club Fixture Podcast"]


def test_the_cbor_codec_gives_back_every_byte_pagefind_wrote(tmp_path):
    # settle() rewrites filter and meta files through this codec: it must be exact on all of Pagefind's files
    site = tmp_path / "site"
    shutil.copytree(ROOT / "output", site, ignore=shutil.ignore_patterns("pagefind"))
    bundle = tmp_path / "raw"
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle), "--silent"], check=True
    )
    files = [p for p in bundle.rglob("*") if p.suffix.startswith(".pf_")]
    assert {p.suffix for p in files} == {".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta"}
    for path in files:
        data = gzip.decompress(path.read_bytes())
        if path.suffix == ".pf_fragment":
            continue  # fragments are JSON, not CBOR
        assert search_bytes.SIGNATURE + search_bytes.encode(search_bytes.read(path)) == data, path.name


def test_an_index_made_by_another_pagefind_or_code_is_rebuilt_though_no_page_changed(tmp_path):
    work = _work(tmp_path)
    assert _build(work) == 0
    entry = work / "out" / "pagefind" / "1-0" / search.ENTRY
    made = json.loads(entry.read_text())
    assert made["etl"] == search.stamp("en")
    entry.write_text(json.dumps({**made, "etl": "an older etl"}))
    (work / "out" / "feed.xml").unlink()  # not a no-op run, and still no page changed
    assert _build(work) == 0
    assert json.loads(entry.read_text()) == made


def test_the_index_is_in_parts_and_a_new_page_moves_no_other(monkeypatch):
    monkeypatch.setattr(search, "PART_PAGES", 10)
    pages = [f"episodes/show-e{n:03}.html" for n in range(35)]
    groups = search.parts(pages)
    assert len({name.split("-")[0] for name in groups}) == 1 and all(name.startswith("4-") for name in groups)
    assert sorted(p for chosen in groups.values() for p in chosen) == sorted(pages)  # each page once
    grown = search.parts([*pages, "episodes/show-e035.html"])
    where = {p: name for name, chosen in groups.items() for p in chosen}
    assert all(where[p] == name for name, chosen in grown.items() for p in chosen if p in where)
    assert all(name.startswith("8-") for name in search.parts([f"e{n}.html" for n in range(41)]))
