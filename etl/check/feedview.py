"""What the readiness rules look at in a built feed: the channel's and each item's values, with their lines.

Read from the feed file itself, not from the model: a directory sees what ships.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from etl.extract.feedxml import ATOM, CONTENT, ITUNES, podcast, q
from etl.util import xmlsafe
from etl.util.dates import parse_date


@dataclass(frozen=True)
class Value:
    text: str
    line: int


@dataclass
class ItemView:
    line: int
    title: Value | None = None
    guid: Value | None = None
    enclosure: dict[str, str] | None = None  # url, length, type (as written)
    enclosure_line: int = 0
    episode_type: str = "full"
    season: int | None = None
    episode: int | None = None
    notes_bytes: int = 0
    published: str | None = None  # ISO, parsed from pubDate
    image: Value | None = None
    transcripts: list[Value] = field(default_factory=list)  # type (text = MIME, line)


@dataclass
class FeedView:
    path: str  # relative to the out folder, as problems name it
    line: int
    self_url: str | None = None
    title: Value | None = None
    description: Value | None = None
    language: Value | None = None
    categories: list[tuple[str, str | None, int]] = field(default_factory=list)
    owner_email: Value | None = None
    explicit: Value | None = None
    image: Value | None = None
    guid: Value | None = None
    locked: Value | None = None
    locked_owner: str | None = None
    new_feed_url: Value | None = None
    items: list[ItemView] = field(default_factory=list)

    @property
    def base_url(self) -> str | None:
        """The out folder's public URL: the feed's own URL without its path in the out folder."""
        if self.self_url and self.self_url.endswith(self.path):
            return self.self_url[: -len(self.path)]
        return None


def _value(element: etree._Element, *tags: str) -> Value | None:
    for tag in tags:
        found = element.find(tag)
        if found is not None and (found.text or "").strip():
            return Value(" ".join(found.text.split()), found.sourceline)
    return None


def _int(value: Value | None) -> int | None:
    return int(value.text) if value and value.text.isdigit() else None


def read(out: Path, relative: str) -> FeedView:
    """The feed at `out/relative`; a SourceError when it is not a readable RSS feed."""
    text = (out / relative).read_text(encoding="utf-8")
    root = xmlsafe.parse(text, relative)
    channel = root.find("channel")
    view = FeedView(relative, root.sourceline if channel is None else channel.sourceline)
    if channel is None:
        return view
    _channel(view, channel)
    view.items = [_item(item) for item in channel.iter("item")]
    return view


def _channel(view: FeedView, channel: etree._Element) -> None:
    for link in channel.findall(q(ATOM, "link")):
        if link.get("rel") == "self":
            view.self_url = link.get("href")
    view.title = _value(channel, "title")
    view.description = _value(channel, "description", q(ITUNES, "summary"))
    view.language = _value(channel, "language")
    for category in channel.findall(q(ITUNES, "category")):
        subs = [s.get("text") for s in category.findall(q(ITUNES, "category"))]
        for sub in subs or [None]:
            view.categories.append((category.get("text") or "", sub, category.sourceline))
    view.owner_email = _value(channel, f"{q(ITUNES, 'owner')}/{q(ITUNES, 'email')}")
    view.explicit = _value(channel, q(ITUNES, "explicit"))
    image = channel.find(q(ITUNES, "image"))
    if image is not None and image.get("href"):
        view.image = Value(image.get("href", "").strip(), image.sourceline)
    view.guid = _value(channel, *podcast("guid"))
    view.locked = _value(channel, *podcast("locked"))
    locked = next((e for tag in podcast("locked") if (e := channel.find(tag)) is not None), None)
    view.locked_owner = locked.get("owner") if locked is not None else None
    view.new_feed_url = _value(channel, q(ITUNES, "new-feed-url"))


def _item(item: etree._Element) -> ItemView:
    view = ItemView(item.sourceline)
    view.title = _value(item, "title")
    view.guid = _value(item, "guid")
    enclosure = item.find("enclosure")
    if enclosure is not None:
        view.enclosure = {k: enclosure.get(k, "") for k in ("url", "length", "type")}
        view.enclosure_line = enclosure.sourceline
    kind = _value(item, q(ITUNES, "episodeType"))
    view.episode_type = kind.text.lower() if kind else "full"
    view.season = _int(_value(item, q(ITUNES, "season")))
    view.episode = _int(_value(item, q(ITUNES, "episode")))
    notes = item.find(q(CONTENT, "encoded"))
    if notes is None:
        notes = item.find("description")
    view.notes_bytes = len((notes.text or "").encode("utf-8")) if notes is not None else 0
    dated = _value(item, "pubDate")
    view.published = parse_date(dated.text) if dated else None
    image = item.find(q(ITUNES, "image"))
    if image is not None and image.get("href"):
        view.image = Value(image.get("href", "").strip(), image.sourceline)
    view.transcripts = [
        Value(t.get("type") or "", t.sourceline) for tag in podcast("transcript") for t in item.findall(tag)
    ]
    return view
