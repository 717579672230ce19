"""The rules about a show: its channel's values (artwork: `etl.check.artwork`; identity over time:
`etl.check.memory`)."""

from __future__ import annotations

import re

from etl.check.categories import unknown
from etl.check.feedview import FeedView
from etl.check.rules import Problem

LIMIT_BYTES = 4000
# RFC 5646 (BCP 47), well-formed, with a 2- or 3-letter ISO 639 language first (what directories read)
BCP47 = re.compile(
    r"^[a-z]{2,3}(?:-[a-z]{3}){0,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*"
    r"(?:-[a-wyz\d](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?$",
    re.I,
)


def check(feed: FeedView) -> list[Problem]:
    found: list[Problem] = []

    def say(rule: str, line: int | None, message: str) -> None:
        found.append(Problem(rule, feed.path, line, message))

    if feed.title is None:
        say("title-missing", feed.line, "the show has no <title>")
    if feed.description is None:
        say("description-missing", feed.line, "the show has no <description>")
    elif (size := len(feed.description.text.encode("utf-8"))) > LIMIT_BYTES:
        say("description-long", feed.description.line, f"the show's description is {size:,} bytes (at most 4,000)")
    if feed.language is None:
        say("language", feed.line, "the show has no <language>")
    elif not BCP47.match(feed.language.text):
        say("language", feed.language.line, f"language {feed.language.text!r} is not a BCP 47 tag such as `en`")
    if not feed.categories:
        say("category-missing", feed.line, "the show has no itunes:category")
    for main, sub, line in feed.categories:
        if wrong := unknown(main, sub):
            say("category-unknown", line, wrong)
    if feed.owner_email is None:
        say("owner-email", feed.line, "itunes:owner has no email (set `owner:` in etl.yaml)")
    if feed.explicit is None:
        say("explicit-missing", feed.line, "the show has no itunes:explicit")
    if feed.image is None:
        say("artwork-missing", feed.line, "the show has no artwork (set `image:` in etl.yaml)")
    if feed.guid is None:
        say("guid-missing", feed.line, "the show has no podcast:guid (set `base_url` or `guid:` in etl.yaml)")
    locked = feed.locked is not None and feed.locked.text.lower() == "yes"
    if locked and not feed.locked_owner:
        say("locked-owner", feed.locked.line, "podcast:locked names no owner email (set `owner:` in etl.yaml)")  # type: ignore[union-attr]
    if locked and feed.new_feed_url is not None:
        say(
            "moving-locked",
            feed.new_feed_url.line,
            "the show moves (itunes:new-feed-url) but is podcast:locked: set `locked: false` so the new host can "
            "import it",
        )
    if not feed.items:
        say("no-episodes", feed.line, "the feed has no episodes")
    return found
