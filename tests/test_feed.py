"""The feed as real clients read it: feedparser, gPodder's podcastparser, and every file it points to."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import podcastparser
import pytest
from conftest import ROOT, SHARED, shared

from etl.cli import main
from etl.guids import feed_guid
from etl.load.podcast20 import PODCAST_NS
from etl.roles import ROLE_GROUPS

BASE = "https://example.org/pod/"
NS = {
    "podcast": PODCAST_NS,
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "psc": "http://podlove.org/simple-chapters",
    "content": "http://purl.org/rss/1.0/modules/content/",
}


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds-out")
    seeds = sorted(str(p.resolve()) for p in shared("seeds").glob("*.txt"))
    here = os.getcwd()
    os.chdir(out)  # away from the project's etl.yaml: the seeds as they are
    try:
        assert main(["build", *seeds, "--out", str(out), "--base-url", BASE]) == 0
    finally:
        os.chdir(here)
    return out


def local(out: Path, url: str) -> Path:
    assert url.startswith(BASE), url
    return out / url.removeprefix(BASE)


def test_feedparser_reads_every_episode(seeds_out):
    parsed = feedparser.parse((seeds_out / "feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    episodes = list((seeds_out / "episodes").glob("*.json"))
    assert len(parsed.entries) == len(episodes) == 10
    assert len({e.id for e in parsed.entries}) == 10


def test_podcastparser_keeps_episodes_transcripts_chapters_and_people(seeds_out):
    with (seeds_out / "feed.xml").open("rb") as handle:
        parsed = podcastparser.parse(BASE + "feed.xml", handle)
    assert len(parsed["episodes"]) == 10
    by_title = {e["title"]: e for e in parsed["episodes"]}
    mlops = by_title["MLOps Architect"]
    assert mlops["chapters_json_url"] == BASE + "chapters/podcast-s10e03.json"
    assert mlops["transcript_url"].startswith(BASE + "transcripts/podcast-s10e03.")
    assert {p["name"] for p in mlops["persons"]} == {"dannyleybzon"}
    assert len(mlops["chapters"]) == 17  # inline psc:chapters
    devrel = next(e for t, e in by_title.items() if "Developer Relations" in t)
    assert {p["name"] for p in devrel["persons"]} == {"Gordon Haff", "Matt Broberg"}


def test_every_linked_file_exists_and_matches_the_episode(seeds_out):
    tree = ET.parse(seeds_out / "feed.xml")
    items = tree.findall("./channel/item")
    checked = 0
    for item in items:
        guid = item.findtext("guid")
        episode = next(
            json.loads(p.read_text())
            for p in (seeds_out / "episodes").glob("*.json")
            if json.loads(p.read_text())["guid"] == guid
        )
        chapters = item.find("podcast:chapters", NS)
        if episode["chapters"]:
            document = json.loads(local(seeds_out, chapters.get("url")).read_text())
            assert document["version"] == "1.2.0"
            assert [(c["startTime"], c["title"]) for c in document["chapters"]] == [
                (c["start"], c["title"]) for c in episode["chapters"]
            ]
            checked += 1
        else:
            assert chapters is None
        for tag in item.findall("podcast:transcript", NS):
            path = local(seeds_out, tag.get("url"))
            body = path.read_text(encoding="utf-8")
            words = " ".join(t["text"] for t in episode["turns"]).split()
            if tag.get("type") == "application/json":
                document = json.loads(body)
                assert document["version"] == "1.0.0"
                assert " ".join(s["body"] for s in document["segments"]).split() == words
                starts = [s["startTime"] for s in document["segments"]]
                assert starts == sorted(starts)
                assert all(s["endTime"] >= s["startTime"] for s in document["segments"])
            elif tag.get("type") == "text/vtt":
                assert tag.get("rel") == "captions" and body.startswith("WEBVTT\n")
                cue_lines = [line for line in body.split("\n\n")[1:]]
                assert all(len(c.split("\n", 1)[1].split(">", 1)[-1]) <= 65 for c in cue_lines)
            elif tag.get("type") == "application/x-subrip":
                assert body.startswith("1\n00:")
            else:
                assert tag.get("type") == "text/html" and "<p>" in body
            checked += 1
    assert checked >= 15


def test_channel_tags(seeds_out):
    channel = ET.parse(seeds_out / "feeds" / "podcast.xml").getroot().find("channel")
    assert channel.findtext("itunes:explicit", namespaces=NS) == "false"
    assert channel.findtext("podcast:guid", namespaces=NS) == feed_guid(BASE + "feeds/podcast.xml")
    assert channel.find("{http://www.w3.org/2005/Atom}link").get("href") == BASE + "feeds/podcast.xml"
    assert channel.findtext("lastBuildDate") == "Wed, 18 Dec 2019 00:00:00 +0000"  # the newest episode


def test_podcast_guid_follows_the_spec_example():
    # the namespace docs' example: podcastindex.org/namespace/1.0 feed URL -> this guid
    assert feed_guid("https://mp3s.nashownotes.com/pc20rss.xml") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert feed_guid("https://example.org/feed.xml/") == feed_guid("http://example.org/feed.xml")


def test_items_newest_first_with_episode_tags(seeds_out):
    items = ET.parse(seeds_out / "feed.xml").findall("./channel/item")
    titles = [i.findtext("title") for i in items]
    assert titles[0].startswith("Martin Mao")  # 2019-12-18, the newest dated
    mlops = items[titles.index("MLOps Architect")]
    assert mlops.findtext("podcast:season", namespaces=NS) == "10"
    assert mlops.findtext("itunes:episode", namespaces=NS) == "3"
    assert mlops.findtext("itunes:episodeType", namespaces=NS) == "full"
    assert len(mlops.find("psc:chapters", NS)) == 17
    for item in items:
        enclosure = item.find("enclosure")
        assert enclosure is None or enclosure.get("length").isdigit()


def test_project_feed_has_enclosures_and_true_false_explicit():
    tree = ET.parse(ROOT / "output" / "feeds" / "retro.xml")
    assert tree.find("./channel/itunes:explicit", NS).text == "true"
    enclosures = ET.parse(ROOT / "output" / "feeds" / "datatalks.xml").findall("./channel/item/enclosure")
    assert [e.get("length") for e in enclosures] == ["59600000", "12000000"]


def test_person_roles_and_groups_exist_in_the_taxonomy():
    taxonomy = (
        json.loads((SHARED / "specs" / "podcast-namespace" / "taxonomy.json").read_text())
        if SHARED.is_dir()
        else pytest.skip("../shared absent")
    )
    known = {(t["role"].lower(), t["group"].lower()) for t in taxonomy}
    for role, group in ROLE_GROUPS.items():
        assert (role, group) in known
