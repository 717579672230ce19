"""What a publisher says in etl.yaml reaches the feed as the Podcasting 2.0 namespace and Apple define it, and
comes back: every `podcast:` element the namespace's XSD defines validates against it, and the `rss` reader
reads each setting back to the value etl.yaml gave (so two builds of ours can move a show between them)."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import feedparser
import podcastparser
import pytest
import yaml
from conftest import FIXTURES, ROOT, shared
from lxml import etree

from etl.cli import main
from etl.config import ShowConfig
from etl.extract import rss
from etl.load.podcast20_parts import PODCAST_NS
from etl.transform.enrich import fill_show

SPEC_NS = "https://podcastindex.org/namespace/1.0"
XS = "{http://www.w3.org/2001/XMLSchema}"

SHOW = {
    "id": "complete",
    "title": "Every Tag",
    "author": "The etl tests",
    "description": "A show that says everything a publisher can.",
    "image": str(FIXTURES / "art" / "datatalks.png"),
    "link": "https://podcasts.example.org/complete/",
    "categories": ["Technology"],
    "owner": {"name": "Owner", "email": "owner@example.org"},
    "type": "serial",
    "complete": True,
    "block": {"spotify": True, "google": True},
    "medium": "audiobook",
    "seasons": {1: "Where it began"},
    "funding": [
        {"url": "https://example.org/support", "text": "Support us"},
        {"url": "https://example.org/members", "text": "Become a member"},
    ],
    "license": {"name": "My License", "url": "https://example.org/license"},
    "location": {"name": "Austin, TX", "geo": "geo:30.2672,-97.7431", "osm": "R113314"},
    "value": {
        "type": "lightning",
        "method": "keysend",
        "suggested": "0.00000015000",
        "recipients": [
            {"name": "Alice", "type": "node", "address": "02d5c1bf8b940dc9ca", "split": 60},
            {
                "name": "Bob",
                "type": "node",
                "address": "032f4ffbbafffbe51",
                "split": 40,
                "custom_key": "696969",
                "custom_value": "eChoVKtO1KujpAA5HCoB",
            },
            {"name": "Host fee", "type": "lnaddress", "address": "fees@example.org", "split": 1, "fee": True},
        ],
    },
    "podroll": [
        {"feed_guid": "917393e3-1b1e-5cef-ace4-edaa54e1f810", "feed_url": "https://example.org/a.xml"},
        {"feed_guid": "bd630505-d184-5fb8-9328-72ef5a3e5d19"},
    ],
    "update_frequency": {"text": "Weekly", "rrule": "FREQ=WEEKLY", "complete": True, "dtstart": "2023-01-01T09:00:00Z"},
    "txt": [{"text": "S6lpp-7ZCn8-dZfGc-OoyVG", "purpose": "verify"}, {"text": "A note without a purpose"}],
    "trailers": [
        {
            "title": "The trailer",
            "url": "https://example.org/trailer.mp3",
            "published": "2021-04-01T08:00:00+00:00",
            "length": 12345678,
            "type": "audio/mpeg",
            "season": 1,
        },
    ],
    "images": [
        {"url": "https://example.org/art-600.jpg", "width": 600},
        {"url": "https://example.org/art-3000.jpg", "width": 3000},
    ],
    "new_feed_url": "https://new-host.example.net/complete.xml",
}
EPISODE = {
    "enclosure": {"url": "https://media.example.org/complete/1.mp3", "length": 12000000, "type": "audio/mpeg"},
    "short_title": "Streaming, small",
    "clips": [{"start": 126, "duration": 49, "title": "Why a nightly batch is often enough"}],
    "alternate_enclosures": [
        {
            "type": "audio/opus",
            "length": 5400000,
            "bitrate": 48000,
            "title": "Opus",
            "rel": "small",
            "default": True,
            "sources": [{"uri": "https://media.example.org/1.opus"}, {"uri": "ipfs://QmdwGqd3d2gFAoXxmG7uWNq"}],
        },
        {
            "type": "video/mp4",
            "length": 90000000,
            "height": 720,
            "lang": "de",
            "sources": [{"uri": "https://media.example.org/1.mp4", "content_type": "video/mp4"}],
        },
    ],
    "location": {"name": "Amsterdam", "geo": "geo:52.3676,4.9041"},
    "funding": [{"url": "https://example.org/sponsor", "text": "This episode's sponsor"}],
    "value": {
        "type": "lightning",
        "method": "keysend",
        "recipients": [{"type": "node", "address": "02ab", "split": 1}],
    },
    "txt": [{"text": "Recorded live", "purpose": "recording"}],
}


@pytest.fixture(scope="module")
def complete(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("complete")
    config = {
        "base_url": "https://podcasts.example.org/complete/",
        "shows": [SHOW],
        "sources": [
            {
                "path": str(FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md"),
                "show": "complete",
                "override": EPISODE,
            }
        ],
    }
    (folder / "etl.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    assert main(["build", "--config", str(folder / "etl.yaml"), "--out", str(folder / "out"), "-q"]) == 0
    return folder / "out"


@pytest.fixture(scope="module")
def fixtures_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fixtures") / "out"
    assert main(["build", "--config", str(ROOT / "etl.yaml"), "--out", str(out), "-q"]) == 0
    return out


def _schema() -> tuple[etree.XMLSchema, set[str]]:
    folder = shared("specs", "podcast-namespace", "schema")
    defined = {e.get("name") for e in etree.parse(str(folder / "podcast.xsd")).getroot().findall(f"{XS}element")}
    return etree.XMLSchema(etree.parse(str(folder / "podcast-wrapper.xsd"))), defined


def _validated(feed: Path) -> tuple[list[str], list[str]]:
    """Every podcast: element of the feed that the XSD defines, moved to the spec's namespace URI (ours is the
    docs URI the spec makes equal to it) and validated inside the XSD's test wrapper: (names, errors)."""
    schema, defined = _schema()
    wrapper = etree.Element(f"{{{SPEC_NS}}}test-wrapper", nsmap={None: SPEC_NS})
    names = []
    for element in etree.parse(str(feed)).getroot().iter(f"{{{PODCAST_NS}}}*"):
        name = etree.QName(element).localname
        if name in defined and element.getparent().tag in ("channel", "item"):
            moved = copy.deepcopy(element)
            for part in moved.iter():
                part.tag = f"{{{SPEC_NS}}}{etree.QName(part).localname}"
            wrapper.append(moved)
            names.append(name)
    document = etree.fromstring(etree.tostring(wrapper))
    schema.validate(document)
    return names, [f"{feed.name}: {e.message}" for e in schema.error_log]


def test_every_podcast_element_the_xsd_defines_validates(complete, fixtures_out):
    seen: set[str] = set()
    for feed in [*sorted((fixtures_out / "feeds").glob("*.xml")), fixtures_out / "feed.xml", complete / "feed.xml"]:
        names, errors = _validated(feed)
        assert errors == []
        seen |= set(names)
    _, defined = _schema()
    assert seen == defined  # each one the XSD knows was written, and held to it, at least once


def test_the_channel_says_every_setting_and_the_rss_reader_reads_it_back(complete):
    text = (complete / "feeds" / "complete.xml").read_text(encoding="utf-8")
    drafts = rss.extract(text, "complete.xml")
    channel = drafts[0].channel
    assert not [n for d in drafts for n in d.notes if n.severity == "warning"]
    given = ShowConfig.model_validate(SHOW)
    read, _ = fill_show(ShowConfig(id="complete"), channel, listed=False)
    for key in ("type", "complete", "block", "medium", "seasons", "funding", "license", "location", "value",
                "podroll", "update_frequency", "txt", "trailers", "images"):  # fmt: skip
        assert getattr(read, key) == getattr(given, key), key
    assert channel.settings["new_feed_url"] == SHOW["new_feed_url"]
    assert read.new_feed_url is None  # moving in, the old feed's new address is never ours to say


def test_the_item_says_every_episode_value_and_the_rss_reader_reads_it_back(complete):
    episode = json.loads((complete / "episodes" / "complete-s01e01.json").read_text(encoding="utf-8"))
    text = (complete / "feeds" / "complete.xml").read_text(encoding="utf-8")
    (draft,) = rss.extract(text, "complete.xml")
    for key in ("short_title", "alternate_enclosures", "location", "funding", "value", "txt", "clips", "enclosure"):
        value = getattr(draft, key)
        read = [v.model_dump(mode="json") for v in value] if isinstance(value, list) else value
        read = read.model_dump(mode="json") if hasattr(read, "model_dump") else read
        assert read == episode[key], key


def test_apple_tags_on_channel_and_item(complete):
    channel = etree.parse(str(complete / "feeds" / "complete.xml")).getroot().find("channel")
    itunes = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
    assert channel.findtext(f"{itunes}type") == "serial"
    assert channel.findtext(f"{itunes}complete") == "Yes"
    assert channel.find(f"{itunes}block") is None  # blocked on Spotify and Google, not on Apple
    assert channel.findtext(f"{itunes}new-feed-url") == "https://new-host.example.net/complete.xml"
    blocks = {b.get("id"): b.text for b in channel.findall(f"{{{PODCAST_NS}}}block")}
    assert blocks == {"google": "yes", "spotify": "yes"}
    assert channel.find("item").findtext(f"{itunes}title") == "Streaming, small"


def test_podcast_clients_still_read_the_complete_feed(complete):
    data = (complete / "feeds" / "complete.xml").read_bytes()
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0 and len(parsed.entries) == 1
    assert parsed.entries[0].enclosures[0].href == EPISODE["enclosure"]["url"]
    podcast = podcastparser.parse("https://podcasts.example.org/complete/feeds/complete.xml", io.BytesIO(data))
    assert podcast["title"] == "Every Tag" and len(podcast["episodes"]) == 1
    assert podcast["episodes"][0]["enclosures"][0]["url"] == EPISODE["enclosure"]["url"]


def test_a_name_longer_than_the_namespace_allows_is_shortened_and_still_validates(tmp_path):
    long_title = "A clip title that goes on " + "and on " * 30
    config = {
        "base_url": "https://podcasts.example.org/",
        "shows": [
            {
                "id": "long",
                "funding": [{"url": "https://example.org/s", "text": "Support " * 40}],
                # the XSD requires what the spec leaves optional: podcast:locked's owner, podcast:season's name
                "owner": {"name": "Owner", "email": "owner@example.org"},
                "seasons": {1: "One"},
            }
        ],
        "sources": [
            {
                "path": str(FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md"),
                "show": "long",
                "override": {"clips": [{"start": 1, "duration": 30, "title": long_title}]},
            }
        ],
    }
    (tmp_path / "etl.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert main(["build", "--config", str(tmp_path / "etl.yaml"), "--out", str(tmp_path / "out"), "-q"]) == 0
    feed = tmp_path / "out" / "feeds" / "long.xml"
    names, errors = _validated(feed)
    assert errors == [] and "soundbite" in names and "funding" in names
    bite = etree.parse(str(feed)).getroot().find(f".//{{{PODCAST_NS}}}soundbite")
    assert len(bite.text) <= 128 and bite.text.endswith("…")
