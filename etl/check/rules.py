"""Every readiness rule: the directory it speaks for, how much it matters there, what it checks, and the
published requirement it comes from. `etl check` reports a rule's id; docs/feeds.md's table is this list.

Levels: `error`, the directory refuses the feed or the episode; `warning`, it shows it worse or may demote it;
`note`, worth knowing and nothing wrong (a scheduled episode).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "note"]
DIRECTORIES = ("apple", "spotify", "podcastindex")

APPLE_REQUIREMENTS = "https://podcasters.apple.com/support/823-podcast-requirements"
APPLE_ARTWORK = "https://podcasters.apple.com/support/896-artwork-requirements"
APPLE_CATEGORIES = "https://podcasters.apple.com/support/1691-apple-podcasts-categories"
APPLE_TAGS = "https://help.apple.com/itc/podcasts_connect/#/itcb54353390"
APPLE_TRANSCRIPTS = "https://podcasters.apple.com/support/5316-transcripts-on-apple-podcasts"
SPOTIFY_SPEC = "https://support.spotify.com/us/podcasters/article/podcast-specification-doc/"
NAMESPACE = "https://podcastindex.org/namespace/1.0"


@dataclass(frozen=True)
class Rule:
    id: str
    levels: str  # `apple=error spotify=warning`: the directories it speaks for, and how much it matters to each
    source: str  # the published requirement
    text: str  # what it checks, for the docs' table

    @property
    def directories(self) -> dict[str, Level]:
        return dict(pair.split("=", 1) for pair in self.levels.split())  # type: ignore[misc]


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {rule.id: rule for rule in rules}


RULES = _rules(
    Rule("artwork-missing", "apple=error spotify=error", APPLE_ARTWORK,
         "the show has artwork (itunes:image)"),
    Rule("artwork-square", "apple=error spotify=error", APPLE_ARTWORK,
         "the artwork is square"),
    Rule("artwork-size", "apple=error", APPLE_ARTWORK,
         "the artwork is 1400 to 3000 pixels a side"),
    Rule("artwork-format", "apple=error spotify=error", APPLE_ARTWORK,
         "the artwork is a JPEG or a PNG"),
    Rule("artwork-rgb", "apple=error", APPLE_ARTWORK,
         "the artwork is in RGB colour (not CMYK, greyscale or a palette)"),
    Rule("artwork-offline", "apple=note", APPLE_ARTWORK,
         "the artwork is not in the out folder: checked only with --online"),
    Rule("artwork-unread", "apple=error spotify=error", APPLE_ARTWORK,
         "the artwork can be read as an image"),
    Rule("title-missing", "apple=error spotify=error podcastindex=error", APPLE_TAGS,
         "the show and each episode have a title"),
    Rule("description-missing", "apple=error spotify=error", APPLE_TAGS,
         "the show has a description"),
    Rule("description-long", "apple=error spotify=warning", APPLE_TAGS,
         "the show's description is at most 4,000 bytes"),
    Rule("language", "apple=error spotify=error", APPLE_TAGS,
         "`language` is a BCP 47 tag with an ISO 639 language (`en`, `pt-BR`)"),
    Rule("category-missing", "apple=error", APPLE_CATEGORIES,
         "the show has an itunes:category"),
    Rule("category-unknown", "apple=error", APPLE_CATEGORIES,
         "each category (and subcategory) is one Apple lists"),
    Rule("owner-email", "apple=warning spotify=error", SPOTIFY_SPEC,
         "itunes:owner has an email (Spotify sends its verification code there)"),
    Rule("explicit-missing", "apple=error", APPLE_TAGS,
         "itunes:explicit is set"),
    Rule("no-episodes", "apple=error spotify=error", APPLE_REQUIREMENTS,
         "the feed has at least one episode"),
    Rule("guid-missing", "podcastindex=warning", f"{NAMESPACE}#guid",
         "the show has a podcast:guid"),
    Rule("guid-changed", "podcastindex=error", f"{NAMESPACE}#guid",
         "podcast:guid is the one the last check saw (a new one is a new show to the index)"),
    Rule("locked-owner", "podcastindex=warning", f"{NAMESPACE}#locked",
         "podcast:locked names an owner email (the only way to prove the feed is yours)"),
    Rule("moving-locked", "podcastindex=warning", f"{NAMESPACE}#locked",
         "a show moving away (`new_feed_url`) is not podcast:locked, or the new host cannot import it"),
    Rule("enclosure-missing", "apple=error spotify=error", APPLE_REQUIREMENTS,
         "every full episode has an enclosure"),
    Rule("enclosure-type", "apple=error spotify=error", APPLE_REQUIREMENTS,
         "the enclosure's type is one the directory plays"),
    Rule("enclosure-length", "apple=error", APPLE_REQUIREMENTS,
         "the enclosure's length (bytes) is more than 0"),
    Rule("https", "apple=warning podcastindex=warning", f"{NAMESPACE}",
         "the feed's URLs (enclosures, artwork, transcripts) are https"),
    Rule("guid-duplicate", "apple=error podcastindex=error", APPLE_REQUIREMENTS,
         "no two episodes share a guid"),
    Rule("enclosure-duplicate", "apple=error", APPLE_REQUIREMENTS,
         "no two episodes share an enclosure URL (Apple ignores the second)"),
    Rule("title-duplicate", "apple=warning", APPLE_TAGS,
         "no two episodes share a title"),
    Rule("number-repeated", "apple=warning", APPLE_TAGS,
         "no episode number repeats within a season"),
    Rule("title-number", "apple=warning", APPLE_TAGS,
         "a title does not repeat the episode number Apple shows beside it"),
    Rule("notes-long", "apple=warning spotify=warning", APPLE_TAGS,
         "an episode's notes are at most 4,000 bytes"),
    Rule("scheduled", "apple=note", APPLE_TAGS,
         "an episode dated in the future (a scheduled one: shown from its date)"),
    Rule("transcript-format", "apple=warning", APPLE_TRANSCRIPTS,
         "an episode with transcripts has one in a format Apple reads (VTT or SRT)"),
    Rule("http-status", "apple=error spotify=error", APPLE_REQUIREMENTS,
         "--online: the enclosure and artwork answer 200 (after redirects)"),
    Rule("http-head", "apple=error", APPLE_REQUIREMENTS,
         "--online: the host answers HEAD requests"),
    Rule("http-range", "apple=error", APPLE_REQUIREMENTS,
         "--online: the enclosure's host honours byte-range requests (206)"),
    Rule("http-length", "apple=warning", APPLE_REQUIREMENTS,
         "--online: Content-Length equals the enclosure's length"),
    Rule("http-redirects", "apple=warning", APPLE_REQUIREMENTS,
         "--online: at most 5 redirects before the file"),
    Rule("http-timeout", "apple=error spotify=error", APPLE_REQUIREMENTS,
         "--online: the host answers within the time-out"),
)  # fmt: skip


def table() -> str:
    """The rules as a Markdown table (docs/feeds.md holds a copy; a test keeps the two equal)."""
    lines = ["| Rule | Apple | Spotify | Podcast Index | Checks that | Source |", "|---|---|---|---|---|---|"]
    for rule in RULES.values():
        levels = [rule.directories.get(d, "") for d in DIRECTORIES]
        lines.append(f"| `{rule.id}` | {' | '.join(levels)} | {rule.text} | [link]({rule.source}) |")
    return "\n".join(lines)


@dataclass(frozen=True)
class Problem:
    """One rule a feed breaks, where."""

    rule: str
    path: str
    line: int | None
    message: str
    only: tuple[str, ...] = ()  # some of the rule's directories (a type one plays and another does not)

    def levels(self) -> dict[str, Level]:
        levels = RULES[self.rule].directories
        return {d: level for d, level in levels.items() if d in self.only} if self.only else levels
