"""The episode site in a real browser (headless Chromium): every page kind loads without console errors and
without accessibility violations (axe-core), chapters and `#t=` seek a real player, playback follows the
transcript, the keyboard alone works, and with JavaScript off the whole transcript is there.

Skipped, with the install command, when Chromium is not installed; `.ci/run` installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from browser import driver, png, serve, silent_wav
from conftest import FIXTURES

from etl.cli import main

AUDIO_SECONDS = 750  # the fixture episode runs 12:30; its last chapter starts at 11:40
PAGES = {
    "episode": "episodes/datatalks-s01e01.html",
    "show": "shows/datatalks.html",
    "person": "people/marenholt.html",
    "home": "index.html",
}


def _config(base: str, size: int) -> str:
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
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    with serve(out) as base:
        size = silent_wav(out / "media" / "s01e01.wav", AUDIO_SECONDS)
        png(out / "art.png")
        config = out.parent / "etl.yaml"
        config.write_text(_config(base, size), encoding="utf-8")
        assert main(["build", "--config", str(config), "--out", str(out), "--no-cache", "-q"]) == 0
        yield base, out


@pytest.fixture(scope="module")
def browser():
    chrome = driver()
    yield chrome
    chrome.quit()


def _errors(chrome) -> list[str]:
    return [entry["message"] for entry in chrome.get_log("browser") if entry["level"] == "SEVERE"]


def _wait(condition, seconds: float = 10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("the page never got there")


def _axe(chrome) -> list[dict]:
    from axe_core_python.selenium import Axe

    result = Axe().run(chrome, options={"resultTypes": ["violations"]})
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]]


@pytest.mark.parametrize("kind", PAGES)
def test_every_page_kind_loads_without_console_errors_or_accessibility_violations(site, browser, kind):
    base, _ = site
    browser.get(base + PAGES[kind])
    _wait(lambda: browser.execute_script("return document.readyState") == "complete")
    assert browser.find_element("css selector", "h1").text
    assert _errors(browser) == []
    assert _axe(browser) == []


def test_dark_mode_has_no_contrast_violations_either(site):
    base, _ = site
    dark = driver(dark=True)
    try:
        for path in PAGES.values():
            dark.get(base + path)
            assert dark.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
            assert _axe(dark) == [], path
    finally:
        dark.quit()


def _click(browser, selector: str) -> None:
    """Scroll at once, then click: the site scrolls smoothly, and Selenium would aim at where it was."""
    element = browser.find_element("css selector", selector)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def _time(browser) -> float:
    return browser.execute_script("return document.querySelector('audio').currentTime")


def test_a_chapter_link_seeks_the_player_to_the_chapter_start(site, browser):
    base, out = site
    browser.get(base + PAGES["episode"])
    chapters = json.loads((out / "chapters" / "datatalks-s01e01.json").read_text())["chapters"]
    third = chapters[2]
    _click(browser, f'.chapters a[href="#t={third["startTime"]}"]')
    _wait(lambda: abs(_time(browser) - third["startTime"]) < 1.5)
    assert browser.current_url.endswith(f"#t={third['startTime']}")
    # the current chapter is marked for sight and for screen readers
    _wait(lambda: browser.find_elements("css selector", '.chapters li[aria-current="true"]'))
    marked = browser.find_element("css selector", '.chapters li[aria-current="true"]')
    assert marked.get_attribute("data-start") == str(third["startTime"])


def test_opening_a_page_at_t_seeks_there(site, browser):
    base, _ = site
    browser.get(base + PAGES["episode"] + "#t=402")
    _wait(lambda: browser.execute_script("return document.readyState") == "complete")
    _wait(lambda: abs(_time(browser) - 402) < 0.5)
    marked = browser.find_element("css selector", '.chapters li[aria-current="true"]')
    assert marked.get_attribute("data-start") == "402"


def test_while_playing_the_current_turn_is_highlighted(site, browser):
    base, out = site
    browser.get(base + PAGES["episode"])
    turns = json.loads((out / "episodes" / "datatalks-s01e01.json").read_text())["turns"]
    target = next(t for t in turns if t["start"] and t["start"] > 100)
    _click(browser, f'.turn a[href="#t={int(target["start"])}"]')
    current = _wait(lambda: browser.find_elements("css selector", ".turn.current"))
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
    _wait(lambda: abs(_time(browser) - 205) < 1.5)


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
    """The README's picture: `make screenshot` keeps it (ETL_SCREENSHOT names where)."""
    base, _ = site
    browser.set_window_size(1000, 1300)
    browser.get("about:blank")  # a new document: the same page with another #t= would only change its hash
    browser.get(base + PAGES["episode"] + "#t=205")
    _wait(lambda: browser.execute_script("return document.readyState") == "complete")
    shot = tmp_path / "episode.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    if os.environ.get("ETL_SCREENSHOT"):
        shutil.copy(shot, Path(os.environ["ETL_SCREENSHOT"]))


def test_a_new_t_in_the_address_seeks_without_reloading(site, browser):
    base, _ = site
    browser.get(base + PAGES["episode"] + "#t=14")
    _wait(lambda: abs(_time(browser) - 14) < 0.5)
    browser.execute_script("location.hash = '#t=700'")
    _wait(lambda: abs(_time(browser) - 700) < 0.5)
    marked = browser.find_element("css selector", '.chapters li[aria-current="true"]')
    assert marked.get_attribute("data-start") == "700"
