"""A draft's head: what the plan reads of it. The scan hands the plan heads, never whole drafts, so what the
main process holds of 20,000 sources stays small; whole drafts stay on disk until the make stage."""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.config import SourceConfig
from etl.model.draft import ChannelDraft, EpisodeDraft, Kind, Note, Said

# What `plan` reads of a draft: its place, and what ids derive from. Nothing else is kept.
HEAD_FIELDS = (
    *("path", "format", "sha256", "origin", "key", "kind", "line", "title", "season", "episode", "published"),
    *("link", "guid", "channel"),  # what an `enrich` feed's items are matched on
    "relative",  # relative URLs left out: the plan says so once a source
)


def head(draft: EpisodeDraft, whole: bool = False) -> EpisodeDraft:
    """The part of a draft the plan needs, as the draft cache stores it (validated as it is made: a value the
    reader set and no draft may hold is refused here). Chapters files (small, merged by the plan) and the items
    of an `enrich` feed (the plan hands their values to the episodes they fill) stay whole."""
    if whole or draft.kind == "chapters":
        return draft
    return EpisodeDraft(**{name: getattr(draft, name) for name in HEAD_FIELDS})


@dataclass(slots=True, eq=False)
class Head(Said):
    """A head as the main process holds it: the plan's fields and nothing else, in slots. The same values in an
    EpisodeDraft cost ~3.3 KB (pydantic keeps a dict of all its ~45 fields, and a list for each empty one, with
    every instance), ~65 MB of the main process at 20,000 sources; a Head ~1.0 KB (tests/test_heads.py).

    The plan reads and changes it as it would a draft (duck-typed: the fields below, and Said's notes). What
    only completing an episode reads (people, overridden durations, the source lines of fields) it does not
    carry: the make stage prepares the whole draft again, and says its notes then."""

    path: str
    format: str
    sha256: str
    origin: str
    key: str
    kind: Kind
    line: int | None
    title: str | None
    season: int | None
    episode: int | None
    published: str | None
    link: str | None
    guid: str | None
    channel: ChannelDraft | None
    relative: list[str]
    notes: list[Note] = field(default_factory=list)

    @classmethod
    def of(cls, draft: EpisodeDraft) -> Head:
        return cls(*(getattr(draft, name) for name in HEAD_FIELDS))

    @property
    def lines(self) -> dict[str, int]:
        return {}  # not carried (see the class): a note the plan makes on a head names the draft's first line


Planned = EpisodeDraft | Head  # what the plan is given of each draft


def held(draft: EpisodeDraft, whole: bool = False) -> Planned:
    """What the main process holds of a stored head (`head`'s result, made now or read from the cache): a Head,
    or the whole draft where `head` kept it whole."""
    return draft if whole or draft.kind == "chapters" else Head.of(draft)


@dataclass(frozen=True)
class SourceDrafts:
    """Everything one source yielded (whole drafts or heads), with the config entry (if any) that named it."""

    drafts: list[Planned]
    options: SourceConfig | None = None
    option_index: int | None = None
    handle: str = ""  # where the source's whole drafts are loaded from (a draft cache key)
