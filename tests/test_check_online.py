"""`etl check --online` against a real HTTP server on 127.0.0.1, started by the test: byte ranges honoured and
ignored, a wrong length, redirect chains, a 404, HEAD refused, a slow host, remote artwork, and ETags that spare
the second run its downloads."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from etl.check import Options, check
from etl.cli import main

AUDIO = bytes(range(256)) * 40  # 10,240 bytes


def _png(side: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (side, side), (10, 80, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


COVERS = {"/art/small.png": _png(600), "/art/right.png": _png(1400)}


class Host(BaseHTTPRequestHandler):
    """Each path is one kind of host; every request is logged for the test to count."""

    log: list[tuple[str, str, dict[str, str]]]

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def _handle(self) -> None:
        self.log.append((self.command, self.path, dict(self.headers)))
        path = self.path
        if path.startswith("/hop/"):  # /hop/N: N redirects before the file
            left = int(path.rsplit("/", 1)[1])
            target = f"/hop/{left - 1}" if left > 1 else "/ranged.mp3"
            return self._send(302, {"Location": target, "Content-Length": "0"})
        if path == "/badhop.mp3":  # a Location urljoin refuses ("Invalid IPv6 URL")
            return self._send(302, {"Location": "http://example.org[/a.mp3", "Content-Length": "0"})
        if path == "/missing.mp3":
            return self._send(404, {"Content-Length": "0"})
        if path == "/slow.mp3":
            time.sleep(1.5)
            return self._send(200, {"Content-Length": str(len(AUDIO))})
        if path == "/nohead.mp3" and self.command == "HEAD":
            return self._send(405, {"Allow": "GET", "Content-Length": "0"})
        if path in COVERS:
            body = COVERS[path]
            etag = f'"{len(body)}"'
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, {"ETag": etag})
            return self._send(200, {"Content-Type": "image/png", "Content-Length": str(len(body)), "ETag": etag}, body)
        body = AUDIO
        etag = '"audio-1"'
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, {"ETag": etag})
        ranged = self.headers.get("Range")
        if ranged and path != "/norange.mp3":
            start, end = (int(x) for x in ranged.removeprefix("bytes=").split("-"))
            part = body[start : end + 1]
            headers = {"Content-Range": f"bytes {start}-{end}/{len(body)}", "Content-Length": str(len(part))}
            return self._send(206, {**headers, "ETag": etag, "Accept-Ranges": "bytes"}, part)
        return self._send(200, {"Content-Length": str(len(body)), "ETag": etag, "Content-Type": "audio/mpeg"}, body)

    do_GET = do_HEAD = _handle


@pytest.fixture
def host() -> Iterator[tuple[str, list]]:
    log: list = []
    handler = type("LoggedHost", (Host,), {"log": log})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()


def _out(tmp_path: Path, base: str, enclosures: list[tuple[str, int]], cover: str = "/art/right.png") -> Path:
    items = "".join(
        f"<item><title>Episode {n}</title><guid>g{n}</guid><pubDate>Mon, 06 Jan 2025 09:00:00 +0000</pubDate>"
        f'<enclosure url="{base}{path}" length="{length}" type="audio/mpeg"/></item>\n'
        for n, (path, length) in enumerate(enclosures, 1)
    )
    feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel><title>Hosted</title><description>A show on a test host.</description><language>en</language>
<itunes:image href="{base}{cover}"/><itunes:explicit>false</itunes:explicit>
<itunes:category text="Technology"/><itunes:owner><itunes:email>o@example.org</itunes:email></itunes:owner>
{items}</channel></rss>
"""
    out = tmp_path / "out"
    (out / "feeds").mkdir(parents=True)
    (out / "feeds" / "hosted.xml").write_text(feed, encoding="utf-8")
    return out


def _rules(out: Path, memory: Path | None = None, timeout: float = 5.0) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in check(out, Options(online=True, timeout=timeout, memory=memory)).problems:
        if problem.rule.startswith("http-") or problem.rule.startswith("artwork-"):
            found.setdefault(problem.rule, []).append(problem.message)
    return found


def test_a_host_that_does_everything_right_passes(host, tmp_path):
    base, log = host
    assert _rules(_out(tmp_path, base, [("/ranged.mp3", len(AUDIO))])) == {}
    assert ("GET", "/ranged.mp3") in [(m, p) for m, p, _ in log]
    ranged = next(h for m, p, h in log if m == "GET" and p == "/ranged.mp3")
    assert ranged["Range"] == "bytes=0-1"  # two bytes, never the whole file
    assert all(h["Host"].startswith("127.0.0.1") for _, _, h in log)


def test_a_host_that_ignores_byte_ranges(host, tmp_path):
    base, _ = host
    found = _rules(_out(tmp_path, base, [("/norange.mp3", len(AUDIO))]))
    assert list(found) == ["http-range"]


def test_a_length_the_host_contradicts(host, tmp_path):
    base, _ = host
    found = _rules(_out(tmp_path, base, [("/ranged.mp3", 999)]))
    assert list(found) == ["http-length"]
    assert "Content-Length is 10,240, the feed says 999" in found["http-length"][0]


def test_redirects_are_followed_and_counted(host, tmp_path):
    base, _ = host
    assert _rules(_out(tmp_path, base, [("/hop/3", len(AUDIO))])) == {}
    found = _rules(_out(tmp_path / "long", base, [("/hop/7", len(AUDIO))]))
    assert list(found) == ["http-redirects"] and "7 redirects" in found["http-redirects"][0]


def test_a_redirect_to_what_is_not_a_url_is_a_problem_not_a_crash(host, tmp_path):
    base, log = host
    found = _rules(_out(tmp_path, base, [("/badhop.mp3", len(AUDIO))]))
    said = [message for messages in found.values() for message in messages]
    assert any("'http://example.org[/a.mp3', which is not a URL" in message for message in said), found
    assert all(p != "/a.mp3" for _, p, _ in log)  # never followed


def test_a_missing_file(host, tmp_path):
    base, _ = host
    found = _rules(_out(tmp_path, base, [("/missing.mp3", 10)]))
    assert list(found) == ["http-status"] and "answered 404" in found["http-status"][0]


def test_a_host_that_refuses_head(host, tmp_path):
    base, _ = host
    found = _rules(_out(tmp_path, base, [("/nohead.mp3", len(AUDIO))]))
    assert list(found) == ["http-head"]  # the ranged GET still answered: range and length are as they should be


def test_a_slow_host_times_out(host, tmp_path):
    base, _ = host
    found = _rules(_out(tmp_path, base, [("/slow.mp3", len(AUDIO))]), timeout=0.5)
    assert list(found) == ["http-timeout"] and "no answer within 0.5 s" in found["http-timeout"][0]


def test_remote_artwork_is_fetched_and_measured(host, tmp_path):
    base, _ = host
    found = _rules(_out(tmp_path, base, [("/ranged.mp3", len(AUDIO))], cover="/art/small.png"))
    assert list(found) == ["artwork-size"] and "600×600 px" in found["artwork-size"][0]


def test_offline_remote_artwork_is_a_note_not_a_fetch(host, tmp_path):
    base, log = host
    problems = check(_out(tmp_path, base, [("/ranged.mp3", len(AUDIO))]), Options()).problems
    assert "artwork-offline" in [p.rule for p in problems]
    assert not [p for p in problems if p.rule.startswith("http-")]
    assert log == []  # nothing goes on the network without --online


def test_etags_spare_the_second_run_its_downloads(host, tmp_path):
    base, log = host
    out = _out(tmp_path, base, [("/norange.mp3", len(AUDIO))], cover="/art/small.png")
    memory = tmp_path / "memory.json"
    first = _rules(out, memory)
    gets = [p for m, p, _ in log if m == "GET"]
    assert sorted(gets) == ["/art/small.png", "/norange.mp3"]
    log.clear()
    assert _rules(out, memory) == first  # the same findings, from memory
    assert [m for m, _, _ in log] == ["HEAD", "HEAD"]  # a 304 each: nothing downloaded again
    assert all(h.get("If-None-Match") for _, _, h in log)


def test_the_command_line_runs_online(host, tmp_path, capsys):
    base, _ = host
    out = _out(tmp_path, base, [("/missing.mp3", 10)])
    assert main(["check", str(out), "--online", "--timeout", "5", "--strict"]) == 1
    assert "(http-status)" in capsys.readouterr().out
