"""The episode site in a real browser (headless Chromium): every page kind loads without console errors and
without accessibility violations (axe-core), chapters and `#t=` seek a real player, playback follows the
transcript, the keyboard alone works, and with JavaScript off the whole transcript is there.

Skipped, with the install command, when Chromium is not installed; `.ci/run` installs it.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from browser import axe, click, driver, errors, player_time, wait

PAGES = {
    "episode": "episodes/datatalks-s01e01.html",
    "show": "shows/datatalks.html",
    "person": "people/marenholt.html",
    "home": "index.html",
    "search": "search.html?q=nightly",
}


@pytest.mark.parametrize("kind", PAGES)
def test_every_page_kind_loads_without_console_errors_or_accessibility_violations(site, browser, kind):
    base, _ = site
    browser.get(base + PAGES[kind])
    wait(lambda: browser.execute_script("return document.readyState") == "complete")
    assert browser.find_element("css selector", "h1").text
    assert errors(browser) == []
    assert axe(browser) == []


def test_dark_mode_has_no_contrast_violations_either(site):
    base, _ = site
    dark = driver(dark=True)
    try:
        for path in PAGES.values():
            dark.get(base + path)
            assert dark.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
            assert axe(dark) == [], path
    finally:
        dark.quit()


def test_a_chapter_link_seeks_the_player_to_the_chapter_start(site, browser):
    base, out = site
    browser.get(base + PAGES["episode"])
    chapters = json.loads((out / "chapters" / "datatalks-s01e01.json").read_text())["chapters"]
    third = chapters[2]
    click(browser, f'.chapters a[href="#t={third["startTime"]}"]')
    wait(lambda: abs(player_time(browser) - third["startTime"]) < 1.5)
    assert browser.current_url.endswith(f"#t={third['startTime']}")
    # the current chapter is marked for sight and for screen readers
    wait(lambda: browser.find_elements("css selector", '.chapters li[aria-current="true"]'))
    marked = browser.find_element("css selector", '.chapters li[aria-current="true"]')
    assert marked.get_attribute("data-start") == str(third["startTime"])


def test_opening_a_page_at_t_seeks_there(site, browser):
    base, _ = site
    browser.get(base + PAGES["episode"] + "#t=402")
    wait(lambda: browser.execute_script("return document.readyState") == "complete")
    wait(lambda: abs(player_time(browser) - 402) < 0.5)
    marked = browser.find_element("css selector", '.chapters li[aria-current="true"]')
    assert marked.get_attribute("data-start") == "402"


def test_while_playing_the_current_turn_is_highlighted(site, browser):
    base, out = site
    browser.get(base + PAGES["episode"])
    turns = json.loads((out / "episodes" / "datatalks-s01e01.json").read_text())["turns"]
    target = next(t for t in turns if t["start"] and t["start"] > 100)
    click(browser, f'.turn a[href="#t={int(target["start"])}"]')
    current = wait(lambda: browser.find_elements("css selector", ".turn.current"))
    assert len(current) == 1 and current[0].get_attribute("data-start") == str(int(target["start"]))
    assert not browser.execute_script("return document.querySelector('audio').paused")


def test_the_keyboard_alone_seeks_from_a_chapter(site, browser):
    from selenium.webdriver.common.keys import Keys

    base, _ = site
    browser.get(base + PAGES["episode"])
    link = browser.find_element("css selector", '.chapters a[href="#t=205"]')
    browser.execute_script("arguments[0].focus()", link)
    assert browser.switch_to.active_element == link
    link.send_keys(Keys.ENTER)
    wait(lambda: abs(player_time(browser) - 205) < 1.5)


def test_without_javascript_the_whole_transcript_and_the_chapter_links_are_there(site):
    base, out = site
    episode = json.loads((out / "episodes" / "datatalks-s01e01.json").read_text())
    plain = driver(javascript=False)
    try:
        plain.get(base + PAGES["episode"] + "#t=402")
        # scripts really are off: with them, opening at #t= marks the chapter playing there
        assert plain.find_elements("css selector", ".chapters li[aria-current]") == []
        shown = [t.text for t in plain.find_elements("css selector", ".turn")]
        assert len(shown) == len(episode["turns"])
        for turn, text in zip(episode["turns"], shown, strict=True):
            for paragraph in turn["text"].split("\n\n"):
                assert paragraph in text
        links = [a.get_attribute("href") for a in plain.find_elements("css selector", ".chapters li > a:first-child")]
        assert [link.rsplit("#", 1)[1] for link in links] == [
            f"t={int(c['start'])}" for c in episode["chapters"] if c["toc"]
        ]
    finally:
        plain.quit()


def test_screenshot_of_an_episode_page(site, browser, tmp_path):
    """docs/site.md's picture: `make screenshot` keeps it (ETL_SCREENSHOTS names the folder)."""
    base, _ = site
    browser.set_window_size(1000, 1300)
    browser.get("about:blank")  # a new document: the same page with another #t= would only change its hash
    browser.get(base + PAGES["episode"] + "#t=205")
    wait(lambda: browser.execute_script("return document.readyState") == "complete")
    shot = tmp_path / "episode.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    if os.environ.get("ETL_SCREENSHOTS"):
        shutil.copy(shot, Path(os.environ["ETL_SCREENSHOTS"]) / "episode-page.png")


def test_a_new_t_in_the_address_seeks_without_reloading(site, browser):
    base, _ = site
    browser.get(base + PAGES["episode"] + "#t=14")
    wait(lambda: abs(player_time(browser) - 14) < 0.5)
    browser.execute_script("location.hash = '#t=700'")
    wait(lambda: abs(player_time(browser) - 700) < 0.5)
    marked = browser.find_element("css selector", '.chapters li[aria-current="true"]')
    assert marked.get_attribute("data-start") == "700"
