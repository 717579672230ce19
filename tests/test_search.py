"""The search index (Pagefind) under the production rules: the same bytes from the same pages, rebuilt
only when a page changed, never half-written, kept when Pagefind fails, only the published pages in it,
off with the site; and the pages tell Pagefind what weighs more."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, shared
from lxml import html

from etl.cli import main
from etl.load import outfolder, search, search_bytes, search_merge
from etl.util import files

EPISODES = [
    FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md",
    FIXTURES / "datatalks" / "s01e02-data-contracts.md",
]


def _index(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "pagefind").rglob("*") if p.is_file()}


def _indexed_urls(out: Path) -> set[str]:
    """The pages a search can find: every bundle parts.json lists, less the fragments it hides."""
    listing = json.loads((out / search.MANIFEST).read_text())
    paths = [p for part in listing["parts"] for p in (out / "pagefind" / part / "fragment").iterdir()]
    fragments = (gzip.decompress(p.read_bytes()) for p in paths if p.stem not in listing["hide"])
    return {json.loads(f.removeprefix(b"pagefind_dcd"))["url"] for f in fragments}


def _main_entry(out: Path) -> str:
    return f"pagefind/{json.loads((out / search.MANIFEST).read_text())['parts'][0]}/{search.ENTRY}"


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
    assert "pagefind/parts.json" in first and any(p.startswith("pagefind/m-") and "/fragment/" in p for p in first)
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
        if path.name == "pagefind-entry.json":  # a bundle's entry: its other files are written
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(outfolder, "write_atomic", killed_at_the_entry)
    assert _build(work) == 130
    now = _index(work / "out")
    assert now["pagefind/parts.json"] == before["pagefind/parts.json"]
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


def test_search_false_publishes_the_pages_without_the_index_and_removes_the_last_one(tmp_path):
    work = _work(tmp_path)
    assert _build(work) == 0
    assert (work / "out" / search.MANIFEST).is_file()
    config = work / "etl.yaml"
    config.write_text("search: false\n" + config.read_text())
    assert _build(work) == 0
    out = work / "out"
    assert not (out / "pagefind").exists() and not (out / "search.html").exists()
    page = (out / "episodes" / "dt-s01e01.html").read_text()
    assert "search.js" not in page and "data-search" not in page  # the header link stays a link to the shows
    assert 'href="../index.html#shows"' in page and "data-pagefind-body" in page


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
    listing = work / "out" / search.MANIFEST
    made = json.loads(listing.read_text())
    assert made["etl"] == search.stamp("en")
    listing.write_text(json.dumps({**made, "etl": "an older etl"}))
    (work / "out" / "feed.xml").unlink()  # not a no-op run, and still no page changed
    assert _build(work) == 0
    assert json.loads(listing.read_text()) == made


def test_without_the_cache_the_same_pages_give_the_same_index_not_a_recent_bundle(tmp_path):
    """A fresh clone of a repository that commits its out folder has no cache: the index cannot tell which
    pages it took in, so it merges every page again, giving the bytes that are there (`make run` changes
    nothing); `--check` does not merge and finds nothing to change either."""
    work = _work(tmp_path)
    assert _build(work) == 0
    before = _index(work / "out")
    shutil.rmtree(work / "out" / ".cache")
    assert _build(work, "--check") == 0
    assert _build(work) == 0
    assert _index(work / "out") == before
    assert json.loads((work / "out" / search.MANIFEST).read_text())["recent"] == []


def _semantics(bundle: Path) -> tuple:
    """What a search can find in a Pagefind bundle, by page URL rather than page number: each word's pages
    with their locations, each filter value's pages, each page's word count, the chunks' bounds."""
    entry = json.loads((bundle / search.ENTRY).read_text())
    (about,) = entry["languages"].values()
    meta = search_merge._load(bundle / f"pagefind.{about['hash']}.pf_meta")
    urls = [json.loads(search_merge._load_fragment(bundle, name))["url"] for name, _ in meta[1]]

    def pages(listed: list) -> dict:
        found, number = {}, 0
        for page in listed:
            number += page[0]
            found[urls[number]] = page[1:]
        return found

    words = {}
    for _, _, chunk in meta[2]:
        for word in search_merge._load(bundle / "index" / f"{chunk}.pf_index")[0]:
            words[word[0]] = (pages(word[1]), {form: pages(p) for form, p in (word[2] if len(word) > 2 else [])})
    filters = {}
    for _, chunk in meta[3]:
        name, values = search_merge._load(bundle / "filter" / f"{chunk}.pf_filter")
        filters[name] = {value: sorted(urls[n] for n in numbers) for value, numbers in values}
    counts = {urls[n]: count for n, (_, count) in enumerate(meta[1])}
    return words, filters, counts, [chunk[:2] for chunk in meta[2]]


def _corpus_site(tmp_path: Path) -> Path:
    """30 real DataTalks.Club episodes' pages: long transcripts, enough words for many index chunks."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for page in sorted(shared("corpus", "datatalks").glob("s*.md"))[:30]:
        shutil.copy(page, folder / page.name)
    config = tmp_path / "etl.yaml"
    config.write_text(f"shows: [{{id: dtc, title: DataTalks.Club}}]\nsources: [{{path: '{folder}'}}]\n")
    return config


@pytest.mark.parametrize("pages", ["fixtures", "corpus"])
def test_parts_merged_hold_what_pagefind_holds_indexing_every_page_in_one_run(tmp_path, pages):
    config = ROOT / "etl.yaml" if pages == "fixtures" else _corpus_site(tmp_path)
    out = tmp_path / "out"
    assert main(["build", "--config", str(config), "--out", str(out), "--no-cache", "-q"]) in (0, 1)
    every = search.pages({p.relative_to(out).as_posix(): 0 for p in out.rglob("*.html")})
    whole = search.build(out, every, tmp_path / "whole", "en", settle=False)
    thirds = [search.build(out, every[n::3], tmp_path / f"part-{n}", "en", settle=False) for n in range(3)]
    merged = tmp_path / "merged"
    search_merge.merge(thirds, merged)
    one, three = _semantics(whole), _semantics(merged)
    assert len(one[0]) > 300 and len(one[2]) == len(every)
    if pages == "corpus":
        assert len(one[3]) > 10  # many chunks: their bounds are compared too
    assert one == three  # the same words on the same pages at the same places, filters, counts, chunk bounds
    # in two ranges at a time (as a build runs them), the same but where the second range's chunks begin
    ranges = tmp_path / "ranges"
    cuts = ["", *search_merge.splits(thirds, 2), ""]
    chunks = [c for low, high in pairwise(cuts) for c in search_merge.merge_words(thirds, ranges, low, high)]
    search_merge.finish(thirds, ranges, chunks)
    assert _semantics(ranges)[:3] == one[:3]


def test_a_changed_page_goes_to_a_recent_bundle_until_a_merge_folds_it_in(tmp_path, monkeypatch):
    work = _work(tmp_path)
    cache = ("--cache", str(tmp_path / "cache"))
    monkeypatch.setattr(search, "PART_PAGES", 2)
    assert _build(work, *cache) == 0
    first = json.loads((work / "out" / search.MANIFEST).read_text())
    main_bundle = first["parts"][0]
    located = json.loads((work / "out" / "pagefind" / main_bundle / search.PAGE_LIST).read_text())
    assert first["hide"] == [] and len(located) == len(_indexed_urls(work / "out"))

    indexed = []
    real = search.build
    monkeypatch.setattr(search, "build", lambda root, pages, *rest: indexed.append(pages) or real(root, pages, *rest))
    _edit_a_page(work)
    assert _build(work, *cache) == 0
    listing = json.loads((work / "out" / search.MANIFEST).read_text())
    assert listing["parts"][0] == main_bundle and len(listing["parts"]) == 2
    assert "episodes/dt-s01e01.html" in listing["recent"]
    assert located["/episodes/dt-s01e01.html"] in listing["hide"]
    assert indexed == [listing["recent"]]  # only the recent pages were indexed: no part

    indexed.clear()
    monkeypatch.setattr(search, "MERGE_PAGES", 0)
    page = work / EPISODES[1].name
    page.write_text(page.read_text().replace("Where do they break", "Where do they crack"))
    assert _build(work, *cache) == 0
    merged = json.loads((work / "out" / search.MANIFEST).read_text())
    assert len(merged["parts"]) == 1 and merged["hide"] == [] and merged["recent"] == []
    changed = {"episodes/dt-s01e01.html", "episodes/dt-s01e02.html"}
    assert indexed and all(changed.intersection(pages) for pages in indexed)  # parts of other pages: kept
    assert (
        not (work / "out" / "pagefind" / main_bundle).exists()
        and not (work / "out" / "pagefind" / listing["parts"][1]).exists()
    )
    # the same pages built from scratch give this main bundle, byte for byte
    fresh = tmp_path / "fresh"
    assert main(["build", "--config", str(work / "etl.yaml"), "--out", str(fresh), "--no-cache", "-q"]) == 0
    assert _index(fresh) == _index(work / "out")


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
