"""A real browser for the site's tests: Debian's Chromium and chromedriver driven by Selenium, and a local
web server (with byte ranges, as audio seeking needs) for a site built from the fixtures.

Nothing is downloaded: Selenium is given the driver's path, so its manager never runs.
"""

from __future__ import annotations

import http.server
import shutil
import struct
import threading
import time
import wave
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest

INSTALL = "apt-get install -y chromium chromium-driver"
CHROMIUM = ("chromium", "chromium-browser")
DRIVER = "chromedriver"


def _binary() -> tuple[str, str]:
    browser = next((found for name in CHROMIUM if (found := shutil.which(name))), None)
    driver = shutil.which(DRIVER) or (
        "/usr/lib/chromium/chromedriver" if Path("/usr/lib/chromium/chromedriver").exists() else None
    )
    if browser is None or driver is None:
        pytest.skip(f"Chromium is not installed: {INSTALL}")
    return browser, driver


def driver(javascript: bool = True, dark: bool = False):  # -> selenium WebDriver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, chromedriver = _binary()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-dev-shm-usage",
        "--window-size=1100,1400",
        "--autoplay-policy=no-user-gesture-required",
        "--mute-audio",
        "--disable-background-networking",
        "--no-first-run",
    ):
        options.add_argument(argument)
    if dark:
        options.add_argument("--force-dark-mode")
        options.add_argument("--blink-settings=preferredColorScheme=0")  # 0: dark
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with `Range` (a browser seeks in audio by asking for byte ranges)."""

    def log_message(self, format: str, *args: object) -> None:  # quiet tests
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        ranged = self.headers.get("Range", "")
        path = Path(self.translate_path(self.path))
        if not ranged.startswith("bytes=") or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first, _, last = ranged.removeprefix("bytes=").partition("-")
        start = int(first or 0)
        end = min(int(last) if last else size - 1, size - 1)
        handle = path.open("rb")
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        return _Limited(handle, end - start + 1)

    def end_headers(self) -> None:
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()


class _Limited:
    def __init__(self, handle, length: int) -> None:  # type: ignore[no-untyped-def]
        self.handle, self.left = handle, length

    def read(self, size: int = -1) -> bytes:
        size = self.left if size < 0 else min(size, self.left)
        data = self.handle.read(size)
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.handle.close()


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """`folder` over HTTP on a free loopback port; yields the base URL (with a trailing slash)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def silent_wav(path: Path, seconds: int, rate: int = 8000) -> int:
    """A mono 8-bit WAV of `seconds` of silence; returns its size in bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(b"\x80" * rate * seconds)
    return path.stat().st_size


def png(path: Path, size: int = 160, rgb: tuple[int, int, int] = (40, 90, 160)) -> None:
    """A square PNG of one colour, written by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * size))
    path.write_bytes(data + chunk(b"IEND", b""))


def errors(chrome) -> list[str]:
    return [entry["message"] for entry in chrome.get_log("browser") if entry["level"] == "SEVERE"]


def wait(condition, seconds: float = 10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("the page never got there")


def axe(chrome) -> list[dict]:
    from axe_core_python.selenium import Axe

    result = Axe().run(chrome, options={"resultTypes": ["violations"]})
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]]


def click(chrome, selector: str) -> None:
    """Scroll at once, then click: the site scrolls smoothly, and Selenium would aim at where it was."""
    element = chrome.find_element("css selector", selector)
    chrome.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def player_time(chrome) -> float:
    return chrome.execute_script("return document.querySelector('audio').currentTime")
