"""`etl check --online`: what the hosts of the enclosures and the artwork answer, as a directory asks them.

Each URL gets a HEAD (with the ETag the last run saw: a 304 means nothing changed, and the last answer stands),
redirects followed one by one and counted, then for an enclosure a GET of its first two bytes (`Range:
bytes=0-1`: Apple requires a 206) and for artwork a GET of the image (at most MAX_IMAGE bytes) for Pillow.
A few URLs at a time, each request with a time-out; only http(s), never a redirect to anything else.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from etl import __version__
from etl.check.artwork import inspect
from etl.check.memory import Memory
from etl.check.rules import Problem
from etl.util import urls

MAX_REDIRECTS = 5  # what the rule allows; the probe follows up to 10 before it gives up
FOLLOW = 10
MAX_IMAGE = 16 * 1024 * 1024
USER_AGENT = f"etl-check/{__version__} (podcast feed readiness)"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Every hop is ours to count, and its Location ours to read: urllib's own handler parses the Location
    before it asks whether to follow, and one it cannot split (`http://host[`) came back as a bare
    "Invalid IPv6 URL" instead of the redirect it was."""

    def http_error_302(self, *args: Any, **kwargs: Any) -> None:
        return None  # the opener then raises the HTTPError `_request` follows by hand

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass(frozen=True)
class Target:
    url: str
    kind: str  # "enclosure" or "artwork"
    path: str  # the feed, for the problems
    line: int | None
    length: int | None = None  # the enclosure's, as the feed says


@dataclass
class Answer:
    status: int | None = None  # None: no answer (time-out, refused)
    final: str = ""
    redirects: int = 0
    headers: dict[str, str] | None = None
    body: bytes = b""
    error: str = ""


def _request(url: str, method: str, timeout: float, headers: dict[str, str], read: int = 0) -> Answer:
    """One request and its redirects, followed by hand (counted, and only ever to http(s))."""
    answer = Answer(final=url)
    for _ in range(FOLLOW + 1):
        request = urllib.request.Request(answer.final, method=method, headers={"User-Agent": USER_AGENT, **headers})
        try:
            with _OPENER.open(request, timeout=timeout) as response:
                answer.status, answer.headers = response.status, {k.lower(): v for k, v in response.headers.items()}
                answer.body = response.read(read) if read else b""
                return answer
        except urllib.error.HTTPError as exc:
            location = exc.headers.get("Location") if exc.code in (301, 302, 303, 307, 308) else None
            answer.status, answer.headers = exc.code, {k.lower(): v for k, v in exc.headers.items()}
            exc.close()
            if location is None:
                return answer
            joined = urls.join(answer.final, location)
            if joined is None:
                answer.error = f"redirected to {location!r}, which is not a URL"
                return answer
            answer.final = joined
            answer.redirects += 1
            if not answer.final.startswith(("http://", "https://")):
                answer.error = f"redirected to {answer.final!r}, which is not http(s)"
                return answer
        except TimeoutError:
            answer.status, answer.error = None, f"no answer within {timeout:g} s"
            return answer
        except (urllib.error.URLError, OSError, ValueError) as exc:
            answer.status, answer.error = None, str(getattr(exc, "reason", exc))
            return answer
    answer.error = f"more than {FOLLOW} redirects"
    return answer


def probe(target: Target, timeout: float, memory: Memory) -> list[Problem]:
    found: list[Problem] = []

    def say(rule: str, message: str, raw: bool = False) -> None:
        said = message if raw else f"{target.kind} {target.url!r}: {message}"
        found.append(Problem(rule, target.path, target.line, said))

    remembered = memory.urls.get(target.url) or {}
    conditional = {"If-None-Match": remembered["etag"]} if remembered.get("etag") and remembered.get("facts") else {}
    head = _request(target.url, "HEAD", timeout, conditional)
    if head.status == 304 and remembered.get("facts"):
        facts = remembered["facts"]
    else:
        facts = _facts(target, head, timeout, say)
        etag = (head.headers or {}).get("etag")
        memory.urls[target.url] = {"etag": etag, "facts": facts} if etag and facts else {}
    _judge(target, facts, say)
    return found


def _facts(target: Target, head: Answer, timeout: float, say: Callable[[str, str], None]) -> dict[str, Any] | None:
    """What the host answered, kept for the next run; None when there is nothing to judge (reported here)."""
    if head.status is None:
        say("http-timeout" if "no answer" in head.error else "http-status", head.error)
        return None
    if head.status in (405, 501):
        say("http-head", f"the host refuses HEAD requests ({head.status})")
    elif head.status != 200:
        answered = f"answered {head.status}" + (f" after {head.redirects} redirects" if head.redirects else "")
        say("http-status", f"{answered}, {head.error}" if head.error else answered)  # a redirect that led nowhere
        return None
    facts: dict[str, Any] = {"redirects": head.redirects, "length": _int((head.headers or {}).get("content-length"))}
    if target.kind == "enclosure":
        ranged = _request(head.final, "GET", timeout, {"Range": "bytes=0-1"}, read=2)
        facts["range"] = ranged.status == 206
        if head.status in (405, 501) and ranged.status in (200, 206):  # only the GET tells the length then
            facts["length"] = _total(ranged)
    else:
        image = _request(head.final, "GET", timeout, {}, read=MAX_IMAGE)
        if image.status != 200:
            say("http-status", f"answered {image.status or image.error} to a GET")
            return None
        facts["image"] = [(p.rule, p.message) for p in inspect(image.body, target.path, target.line, target.url)]
    return facts


def _judge(target: Target, facts: dict[str, Any] | None, say: Callable[..., None]) -> None:
    if facts is None:
        return
    if facts["redirects"] > MAX_REDIRECTS:
        say("http-redirects", f"{facts['redirects']} redirects before the file (at most {MAX_REDIRECTS})")
    if target.kind == "enclosure":
        if not facts.get("range"):
            say("http-range", "the host ignores byte-range requests (Range: bytes=0-1 did not get a 206)")
        if target.length and facts.get("length") is not None and facts["length"] != target.length:
            say("http-length", f"Content-Length is {facts['length']:,}, the feed says {target.length:,}")
    for rule, message in facts.get("image", []):
        say(rule, message, raw=True)  # Pillow's findings name the artwork already


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def _total(answer: Answer) -> int | None:
    """The whole file's size from a ranged answer's Content-Range (`bytes 0-1/12345`), else its length."""
    headers = answer.headers or {}
    ranged = headers.get("content-range", "")
    if "/" in ranged and ranged.rsplit("/", 1)[1].isdigit():
        return int(ranged.rsplit("/", 1)[1])
    return _int(headers.get("content-length"))


def probe_all(targets: list[Target], timeout: float, memory: Memory, jobs: int = 4) -> list[Problem]:
    """Every target, a few at a time; problems in the targets' order."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = list(pool.map(lambda t: probe(t, timeout, memory), targets))
    return [problem for found in results for problem in found]
