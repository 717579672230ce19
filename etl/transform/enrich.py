"""Moving in from a hosting service: what its feed adds to what the other sources say.

- The channel fills the show's settings that etl.yaml leaves empty (a show etl.yaml does not list takes all
  of them), each with a note under `-v`.
- A source with `enrich: true` makes no episodes: each item fills in the `guid`, `enclosure`, `published`,
  `duration`, `image`, `explicit` and `summary` (its show notes) of the episode it matches (same show and
  season/episode, else the same `link`, else the same title after case and punctuation folding; `match:`
  forces one way). What the episode's own source says wins, with a warning where the two disagree (show
  notes never warn: they are rewritten for each place). With the old host's guid, moving the feed to a new
  URL re-downloads nothing in subscribers' apps. An item that matches no episode is published from the feed
  alone, so no episode subscribers have disappears in the move.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from etl.config import Owner, ShowConfig
from etl.errors import Diagnostic
from etl.model import Enclosure, Source
from etl.model.draft import ChannelDraft, EpisodeDraft
from etl.transform.heads import Planned
from etl.util.text import name_key

FILLED = ("guid", "enclosure", "published", "duration", "image", "explicit", "summary")
_SHOW_FIELDS = ("title", "description", "author", "image", "link", "language", "categories", "explicit", "guid")
# Moving in, the old feed says where it moved: taking that would send our subscribers back to it
_NOT_TAKEN = {"new_feed_url": "it points to the feed the show moves from; set it in etl.yaml when moving away"}
_PUNCTUATION = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class Enrichment:
    """The values one feed item offers the episode it matched, and where they come from."""

    values: dict[str, Any]
    source: Source
    line: int | None


def fill_show(show: ShowConfig, channel: ChannelDraft, listed: bool) -> tuple[ShowConfig, list[str]]:
    """The show with what its feed's channel says where etl.yaml says nothing (a show it does not list: all of
    it), and a note for each setting taken."""
    given = show.model_fields_set if listed else {"id"}
    update: dict[str, Any] = {}
    for key in _SHOW_FIELDS:
        value = getattr(channel, key)
        if key not in given and value not in (None, []):
            update[key] = value
    if "owner" not in given and channel.owner_email:
        update["owner"] = Owner(name=channel.owner_name or channel.owner_email, email=channel.owner_email)
    notes = [f"show {show.id!r}: {key} from the feed's channel" for key in update]
    for key, value in channel.settings.items():
        if key in given or key not in ShowConfig.model_fields:
            continue
        if key in _NOT_TAKEN:
            notes.append(f"show {show.id!r}: {key} in the feed's channel not taken ({_NOT_TAKEN[key]})")
            continue
        try:  # each setting alone: one the config refuses costs only itself
            update[key] = getattr(ShowConfig.model_validate({"id": show.id, key: value}), key)
            notes.append(f"show {show.id!r}: {key} from the feed's channel")
        except ValidationError as error:
            notes.append(f"show {show.id!r}: {key} in the feed's channel is not valid ({error.errors()[0]['msg']})")
    return show.model_copy(update=update), notes


def _folded(title: str | None) -> str:
    return name_key(_PUNCTUATION.sub(" ", title or ""))


@dataclass
class Matcher:
    """Episodes by each way a feed item can name one: numbers, link, folded title (first wins in each)."""

    by_numbers: dict[tuple[str, int | None, int], str] = field(default_factory=dict)
    by_link: dict[tuple[str, str], str] = field(default_factory=dict)
    by_title: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, show: str, draft: Planned, episode_id: str) -> None:
        if draft.episode is not None:
            self.by_numbers.setdefault((show, draft.season, draft.episode), episode_id)
        if draft.link:
            self.by_link.setdefault((show, draft.link), episode_id)
        if draft.title:
            self.by_title.setdefault((show, _folded(draft.title)), episode_id)

    def find(self, show: str, item: EpisodeDraft, only: str | None) -> str | None:
        """The id of the episode a feed item fills, or None."""
        ways = {
            "numbers": (self.by_numbers, (show, item.season, item.episode) if item.episode is not None else None),
            "link": (self.by_link, (show, item.link) if item.link else None),
            "title": (self.by_title, (show, _folded(item.title)) if item.title else None),
        }
        for name, (index, key) in ways.items():
            if (only is None or only == name) and key is not None and key in index:
                return index[key]
        return None


def offer(item: EpisodeDraft) -> Enrichment:
    values = {key: getattr(item, key) for key in FILLED if getattr(item, key) is not None}
    return Enrichment(values, item.provenance(), item.line)


def apply(draft: EpisodeDraft, enrichment: Enrichment) -> None:
    """The feed's values where the episode's own source has none; a warning where the two disagree."""
    for key, given in enrichment.values.items():
        own = getattr(draft, key)
        if own is None:
            setattr(draft, key, given)
        elif _disagree(key, own, given):
            where = f"{enrichment.source.path}:{enrichment.line}" if enrichment.line else enrichment.source.path
            draft.warn(
                f"{key} {_shown(own)} differs from {_shown(given)} in the feed ({where}); the episode's own is kept"
            )


def _disagree(key: str, own: Any, given: Any) -> bool:
    if key == "summary":  # show notes are rewritten for each place (sponsor reads, links): only ever filled
        return False
    if key == "published":  # a page's date and a feed's date-time on the same day agree
        return str(own)[:10] != str(given)[:10]
    if key == "duration":
        return abs(float(own) - float(given)) > 1
    if key == "enclosure":
        return isinstance(own, Enclosure) and isinstance(given, Enclosure) and own.url != given.url
    return own != given


def _shown(value: Any) -> str:
    return repr(value.url) if isinstance(value, Enclosure) else repr(value)


def unmatched(items: list[EpisodeDraft], path: str) -> list[Diagnostic]:
    """One warning counting the items that matched no episode (each then published alone), and a note for
    each (-v)."""
    if not items:
        return []
    notes = [Diagnostic(f"feed item {i.title!r} matches no episode", path, i.line, "note") for i in items]
    counted = "1 feed item matches" if len(items) == 1 else f"{len(items)} feed items match"
    warning = Diagnostic(f"{counted} no episode; published from the feed alone (listed with -v)", path)
    return [warning, *notes]
