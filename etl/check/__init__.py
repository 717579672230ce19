"""`etl check`: what Apple Podcasts, Spotify and the Podcast Index would refuse (error) or flag (warning) in a
built out folder's feeds, before they ship. Each rule (`etl.check.rules`) names the directory's published
requirement; the report (`etl.check.report`) is a line per problem and a table per directory.

The show feeds (`feeds/<show>.xml`) are what a podcaster submits, so they are what is checked (`feed.xml`
holds every show's episodes under the first show's channel, and is checked only when there is no other).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from etl.check import artwork, episoderules, feedview, online, showrules
from etl.check.memory import Memory
from etl.check.rules import Problem
from etl.errors import SourceError

__all__ = ["Options", "Problem", "Result", "check"]


@dataclass(frozen=True)
class Options:
    online: bool = False
    timeout: float = 10.0
    jobs: int = 4
    memory: Path | None = None  # where the check remembers guids and ETags; None: nothing persists
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


@dataclass
class Result:
    feeds: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)  # a feed that could not be read at all


def feeds_in(out: Path) -> list[str]:
    shows = sorted(p.relative_to(out).as_posix() for p in (out / "feeds").glob("*.xml"))
    return shows or (["feed.xml"] if (out / "feed.xml").is_file() else [])


def check(out: Path, options: Options) -> Result:
    result = Result(feeds=feeds_in(out))
    memory = Memory.load(options.memory)
    targets: list[online.Target] = []
    for relative in result.feeds:
        try:
            feed = feedview.read(out, relative)
        except SourceError as error:
            result.errors.append(error)
            continue
        except (OSError, UnicodeDecodeError) as exc:
            result.errors.append(SourceError(f"cannot read the feed: {exc}", relative))
            continue
        result.problems += showrules.check(feed) + episoderules.check(feed, options.now)
        result.problems += _identity(feed, memory)
        result.problems += _artwork(out, feed, options, targets)
        if options.online:
            targets += [
                online.Target(i.enclosure["url"], "enclosure", relative, i.enclosure_line, _int(i.enclosure["length"]))
                for i in feed.items
                if i.enclosure and i.enclosure["url"].startswith(("http://", "https://"))
            ]
    if targets:
        result.problems += online.probe_all(_unique(targets), options.timeout, memory, options.jobs)
    memory.save()
    return result


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _unique(targets: list[online.Target]) -> list[online.Target]:
    """One probe per URL (a duplicate enclosure is its own rule), in the feeds' order."""
    seen: dict[str, online.Target] = {}
    for target in targets:
        seen.setdefault(target.url, target)
    return list(seen.values())


def _identity(feed: feedview.FeedView, memory: Memory) -> list[Problem]:
    if feed.guid is None:
        return []
    first = memory.guids.setdefault(feed.path, feed.guid.text)
    if first == feed.guid.text:
        return []
    message = (
        f"podcast:guid is {feed.guid.text!r}, and was {first!r}: the Podcast Index would see a new show and lose "
        f"the old one's history (set `guid: {first}` under the show to keep it)"
    )
    return [Problem("guid-changed", feed.path, feed.guid.line, message)]


def _artwork(out: Path, feed: feedview.FeedView, options: Options, targets: list[online.Target]) -> list[Problem]:
    """The show's artwork: the out folder's file when its URL is under the out folder's, else fetched online."""
    if feed.image is None:
        return []
    url, line = feed.image.text, feed.image.line
    problems = []
    if url.startswith("http://"):
        problems.append(Problem("https", feed.path, line, f"the show's artwork {url!r} is not https"))
    base = feed.base_url
    if base and url.startswith(base):
        local = out / url.removeprefix(base)
        if not local.is_file():
            return [*problems, Problem("artwork-unread", feed.path, line, f"artwork {url!r} is not in the out folder")]
        with local.open("rb") as handle:
            return problems + artwork.inspect(handle, feed.path, line, url)
    if options.online:
        targets.append(online.Target(url, "artwork", feed.path, line))
    else:
        message = f"artwork {url!r} is not in the out folder: checked with --online"
        problems.append(Problem("artwork-offline", feed.path, line, message))
    return problems
