"""Search across every transcript, in headless Chromium: a phrase a speaker said finds their episode first,
names the speaker, and its link opens the episode at that turn with the player there; filters narrow the
results; a query with no match says so; without JavaScript the search box is a working link.

Skipped, with the install command, when Chromium is not installed; `.ci/run` installs it.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import quote

from browser import driver, errors, player_time, wait
from conftest import EDITED


def _search(browser, base: str, query: str, **filters: str) -> list:
    params = "&".join(f"{key}={quote(value)}" for key, value in {"q": query, **filters}.items())
    browser.get("about:blank")  # a new document each time: only the query string would change otherwise
    browser.get(f"{base}search.html?{params}")
    wait(lambda: browser.find_element("css selector", ".status").text)
    return browser.find_elements("css selector", "ol.results > li")


def test_a_phrase_a_speaker_said_finds_the_episode_and_opens_it_at_that_turn(site, browser):
    base, out = site
    turns = json.loads((out / "episodes" / "datatalks-s01e01.json").read_text())["turns"]
    said = next(t for t in turns if "change data capture the hard way" in t["text"])
    results = _search(browser, base, "change data capture the hard way")
    assert results, browser.find_element("css selector", ".status").text
    first = results[0]
    assert first.find_element("css selector", "h2 a").text == "Streaming Data for Small Teams"
    moment = first.find_element("css selector", ".moments li")
    assert moment.find_element("css selector", ".speaker").text == "Maren Holt"
    assert "change data capture" in moment.find_element("css selector", "mark").find_element("xpath", "..").text
    link = moment.find_element("css selector", "a")
    assert link.get_attribute("href").endswith(f"episodes/datatalks-s01e01.html#t={int(said['start'])}")
    assert errors(browser) == []

    link.click()
    wait(lambda: abs(player_time(browser) - said["start"]) < 0.5)
    turn = wait(lambda: browser.find_elements("css selector", ".turn.current"))[0]
    assert turn.get_attribute("data-start") == str(int(said["start"]))
    assert said["text"].split("\n\n")[0] in turn.text
    # landed on it: the turn is in view, below the sticky player
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", turn)
    assert 0 <= top < browser.execute_script("return innerHeight / 2")


def test_a_person_filter_narrows_the_results(site, browser):
    base, _ = site
    everyone = _search(browser, base, "data")
    titles = {r.find_element("css selector", "h2 a").text for r in everyone}
    assert {"Streaming Data for Small Teams", "Data Contracts Without the Hype"} <= titles
    assert len(browser.find_elements("css selector", 'select[name="person"] option')) == 1  # not fetched yet
    browser.find_element("css selector", 'select[name="person"]').click()  # opening the filters fetches them
    wait(lambda: len(browser.find_elements("css selector", 'select[name="person"] option')) > 1)
    options = [o.text for o in browser.find_elements("css selector", 'select[name="person"] option')]
    assert "Maren Holt" in options and "Ingrid Solberg" in options

    only = _search(browser, base, "data", person="Ingrid Solberg")
    assert [r.find_element("css selector", "h2 a").text for r in only] == ["Data Contracts Without the Hype"]
    assert browser.find_element("css selector", 'select[name="person"]').get_attribute("value") == "Ingrid Solberg"


def test_a_query_with_no_match_says_so(site, browser):
    base, _ = site
    assert _search(browser, base, "zyzzyva quixotic") == []
    assert browser.find_element("css selector", ".status").text == "Nothing matches “zyzzyva quixotic”."


def test_every_page_has_a_search_box_that_opens_the_search_page(site, browser):
    base, _ = site
    browser.get(base + "shows/datatalks.html")
    box = wait(lambda: browser.find_elements("css selector", 'header.site input[type="search"]'))[0]
    box.send_keys("nightly batch\n")
    wait(lambda: "search.html?q=nightly" in browser.current_url)
    results = wait(lambda: browser.find_elements("css selector", "ol.results > li"))
    assert results[0].find_element("css selector", "h2 a").text == "Streaming Data for Small Teams"


def test_without_javascript_the_search_box_is_a_link_to_the_shows(site):
    base, _ = site
    plain = driver(javascript=False)
    try:
        plain.get(base + "episodes/datatalks-s01e01.html")
        assert plain.find_elements("css selector", "header.site input") == []
        link = plain.find_element("css selector", "header.site .search a")
        assert link.get_attribute("href") == base + "index.html#shows"
        plain.get(base + "search.html")
        assert "Searching needs JavaScript" in plain.find_element("css selector", ".no-script").text
        assert not plain.find_element("css selector", "form.search-page").is_displayed()
    finally:
        plain.quit()


def test_screenshot_of_a_search_result(site, browser, tmp_path):
    """docs/site.md's picture of a search: `make screenshot` keeps it (ETL_SCREENSHOTS names the folder)."""
    base, _ = site
    browser.set_window_size(1000, 900)
    assert _search(browser, base, "change data capture")
    shot = tmp_path / "search.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    if os.environ.get("ETL_SCREENSHOTS"):
        shutil.copy(shot, Path(os.environ["ETL_SCREENSHOTS"]) / "search.png")


def test_a_changed_page_is_found_by_its_new_words_once_and_never_by_its_old_ones(site, browser):
    """The site's last build changed one page: the recent bundle holds it, the main one its hidden stale copy."""
    base, _ = site
    new, old = EDITED[1].split()[-1], EDITED[0].split()[-1]
    found = _search(browser, base, new)
    assert [r.find_element("css selector", "h2 a").text for r in found] == ["Data Contracts Without the Hype"]
    stale = _search(browser, base, old)  # said only in the stale copy, which the search page hides
    assert "Data Contracts Without the Hype" not in {r.find_element("css selector", "h2 a").text for r in stale}
    assert errors(browser) == []


def test_after_the_recent_bundle_is_merged_the_same_searches_find_the_same(site, browser, tmp_path, monkeypatch):
    """A merge folds the recent bundle into the main one: one bundle, nothing hidden, the same answers."""
    from browser import serve

    from etl.cli import main
    from etl.load import search

    base, out = site
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    shutil.copytree(out.parent / "cache", tmp_path / "cache")
    contracts = out.parent / "s01e02-data-contracts.md"
    edited = tmp_path / contracts.name  # one more change, and the recent bundle has passed its size
    edited.write_text(contracts.read_text(encoding="utf-8").replace("Hello!", "Hello again!"), encoding="utf-8")
    config = tmp_path / "etl.yaml"
    config.write_text((out.parent / "etl.yaml").read_text(encoding="utf-8").replace(str(contracts), str(edited)))
    monkeypatch.setattr(search, "MERGE_PAGES", 0)
    build = ["build", "--config", str(config), "--out", str(copy), "--cache", str(tmp_path / "cache"), "-q"]
    assert main(build) == 0
    listing = json.loads((copy / "pagefind" / "parts.json").read_text())
    assert len(listing["parts"]) == 1 and listing["hide"] == [] and listing["recent"] == []
    assert not (copy / "pagefind" / json.loads((out / "pagefind" / "parts.json").read_text())["parts"][1]).exists()
    with serve(copy) as merged:
        for query in (EDITED[1].split()[-1], "change data capture the hard way", "data"):
            before = [r.find_element("css selector", "h2 a").text for r in _search(browser, base, query)]
            after = [r.find_element("css selector", "h2 a").text for r in _search(browser, merged, query)]
            # the same best page; the recent bundle alone may add lower ones (see docs/site.md, "Search")
            assert after and after[0] == before[0] and set(after) <= set(before), query
        only = _search(browser, merged, "data", person="Ingrid Solberg")
        assert [r.find_element("css selector", "h2 a").text for r in only] == ["Data Contracts Without the Hype"]
        stale = _search(browser, merged, EDITED[0].split()[-1])
        assert "Data Contracts Without the Hype" not in {r.find_element("css selector", "h2 a").text for r in stale}
        assert _search(browser, merged, "zyzzyva quixotic") == []
        assert errors(browser) == []
