"""The feed as real clients read it: feedparser, gPodder's podcastparser, and every file it points to.

The client tests run on two builds: the project's fixtures (always there) and the seeds (when ../shared is).
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import podcastparser
import pytest
from conftest import FIXTURES, ROOT, shared

from etl.cli import main
from etl.load.podcast20 import PODCAST_NS
from etl.model.guids import feed_guid

BASE = "https://example.org/pod/"
NS = {
    "podcast": PODCAST_NS,
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "psc": "http://podlove.org/simple-chapters",
    "content": "http://purl.org/rss/1.0/modules/content/",
}


def build(out: Path, *args: str, cwd: Path) -> Path:
    here = os.getcwd()
    os.chdir(cwd)
    try:
        assert main(["build", *args, "--out", str(out), "--base-url", BASE]) == 0
    finally:
        os.chdir(here)
    return out


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds-out")
    seeds = sorted(str(p.resolve()) for p in shared("seeds").glob("*.txt"))
    return build(out, *seeds, cwd=out)  # away from the project's etl.yaml: the seeds as they are


@pytest.fixture(scope="module")
def fixtures_out(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("fixtures-out"), cwd=ROOT)  # the project's etl.yaml, as `make run`


@pytest.fixture(params=["fixtures_out", "seeds_out"])
def out(request) -> Path:
    return request.getfixturevalue(request.param)


def episodes_in(out: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "episodes").glob("*.json"))]


def local(out: Path, url: str) -> Path:
    assert url.startswith(BASE), url
    return out / url.removeprefix(BASE)


def test_feedparser_reads_every_episode(out):
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    episodes = episodes_in(out)
    assert len(parsed.entries) == len(episodes) > 0
    assert {e.id for e in parsed.entries} == {e["guid"] for e in episodes}
    by_guid = {e["guid"]: e for e in episodes}
    for entry in parsed.entries:
        episode = by_guid[entry.id]
        assert entry.title == episode["title"]
        assert [link.href for link in entry.get("enclosures", [])] == (
            [episode["enclosure"]["url"]] if episode["enclosure"] else []
        )


def test_podcastparser_keeps_episodes_transcripts_chapters_and_people(out):
    with (out / "feed.xml").open("rb") as handle:
        parsed = podcastparser.parse(BASE + "feed.xml", handle)
    episodes = {e["guid"]: e for e in episodes_in(out)}
    assert len(parsed["episodes"]) == len(episodes)
    for item in parsed["episodes"]:
        episode = episodes[item["guid"]]
        assert item["title"] == episode["title"]
        assert item["total_time"] == int(episode["duration"] or 0)
        if episode["chapters"]:
            assert item["chapters_json_url"] == BASE + f"chapters/{episode['id']}.json"
            assert [c["title"] for c in item["chapters"]] == [c["title"] for c in episode["chapters"]]
        else:
            assert "chapters_json_url" not in item
        if episode["turns"]:
            assert item["transcript_url"].startswith(BASE + f"transcripts/{episode['id']}.")
        assert [p["name"] for p in item.get("persons", [])] == [p["name"] for p in episode["people"]]


def test_every_linked_file_exists_and_matches_the_episode(out):
    tree = ET.parse(out / "feed.xml")
    episodes = {e["guid"]: e for e in episodes_in(out)}
    checked = 0
    for item in tree.findall("./channel/item"):
        episode = episodes[item.findtext("guid")]
        chapters = item.find("podcast:chapters", NS)
        if episode["chapters"]:
            document = json.loads(local(out, chapters.get("url")).read_text())
            assert document["version"] == "1.2.0"
            assert [(c["startTime"], c["title"]) for c in document["chapters"]] == [
                (c["start"], c["title"]) for c in episode["chapters"]
            ]
            checked += 1
        else:
            assert chapters is None
        for tag in item.findall("podcast:transcript", NS):
            body = local(out, tag.get("url")).read_text(encoding="utf-8")
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
    assert checked >= len(episodes)


def test_seed_feed_names_the_people_and_chapters_of_each_seed(seeds_out):
    with (seeds_out / "feed.xml").open("rb") as handle:
        parsed = podcastparser.parse(BASE + "feed.xml", handle)
    assert len(parsed["episodes"]) == 10
    by_title = {e["title"]: e for e in parsed["episodes"]}
    mlops = by_title["MLOps Architect"]
    assert mlops["chapters_json_url"] == BASE + "chapters/podcast-s10e03.json"
    assert {p["name"] for p in mlops["persons"]} == {"dannyleybzon"}
    assert len(mlops["chapters"]) == 17  # inline psc:chapters
    devrel = next(e for t, e in by_title.items() if "Developer Relations" in t)
    assert {p["name"] for p in devrel["persons"]} == {"Gordon Haff", "Matt Broberg"}


def test_channel_tags(seeds_out):
    channel = ET.parse(seeds_out / "feeds" / "podcast.xml").getroot().find("channel")
    assert channel.findtext("title") == "Podcast"  # the default show, named as in feed.xml
    assert channel.findtext("itunes:explicit", namespaces=NS) == "false"
    assert channel.findtext("podcast:guid", namespaces=NS) == feed_guid(BASE + "feeds/podcast.xml")
    assert channel.find("{http://www.w3.org/2005/Atom}link").get("href") == BASE + "feeds/podcast.xml"
    assert channel.findtext("lastBuildDate") == "Wed, 18 Dec 2019 00:00:00 +0000"  # the newest episode


def test_last_build_date_is_1970_when_no_episode_has_a_date(tmp_path):
    source = tmp_path / "standup.txt"
    source.write_text("0:00 morning all\n0:03 let us start\n", encoding="utf-8")
    build(tmp_path / "out", str(source), cwd=tmp_path)
    for feed in ("feed.xml", "feeds/podcast.xml"):
        channel = ET.parse(tmp_path / "out" / feed).getroot().find("channel")
        assert channel.findtext("lastBuildDate") == "Thu, 01 Jan 1970 00:00:00 +0000", feed


def test_main_slash_sub_categories_nest(tmp_path):
    config = tmp_path / "etl.yaml"
    config.write_text(
        "shows:\n  - id: show\n    title: Show\n"
        "    categories: [Technology/Software How-To, Business, 'Arts / Design']\n",
        encoding="utf-8",
    )
    build(tmp_path / "out", "--config", str(config), str(FIXTURES / "captions" / "release-retro.txt"), cwd=tmp_path)
    channel = ET.parse(tmp_path / "out" / "feeds" / "show.xml").getroot().find("channel")
    categories = [
        (c.get("text"), [s.get("text") for s in c.findall("itunes:category", NS)])
        for c in channel.findall("itunes:category", NS)
    ]
    assert categories == [("Technology", ["Software How-To"]), ("Business", []), ("Arts", ["Design"])]


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


@pytest.mark.parametrize(
    ("episode_art", "show_art"),
    [
        ("https://cdn.example.com/ep/cover.jpeg", "https://cdn.example.com/show/cover.jpg?v=1"),
        ("https://cdn.example.com/ep/art?id=7", "https://cdn.example.com/show/art"),
    ],
)
def test_artwork_the_model_accepts_is_written_whatever_its_url(tmp_path, capsys, episode_art, show_art):
    """Hosting services serve `cover.jpeg`, `cover.jpg?v=1` and URLs without an extension: every one is written
    (feedgen refused the first kind and dropped the second), and what Apple may not show is a warning."""
    page = tmp_path / "ep1.md"
    page.write_text(f"---\ntitle: Art\nepisode: 1\naudio: https://cdn.example.com/1.mp3\nimage: {episode_art}\n---\n")
    (tmp_path / "etl.yaml").write_text(
        f"shows: [{{id: art, title: Art, image: '{show_art}'}}]\nsources: [{{path: ep1.md}}]\n", encoding="utf-8"
    )
    assert main(["build", "--config", str(tmp_path / "etl.yaml"), "--out", str(tmp_path / "out")]) == 0
    root = ET.parse(tmp_path / "out" / "feeds" / "art.xml").getroot()
    assert root.find("channel/itunes:image", NS).get("href") == show_art
    assert root.find("channel/item/itunes:image", NS).get("href") == episode_art
    err = capsys.readouterr().err
    assert f"ep1.md:1: warning: episode 'art-e01': itunes:image {episode_art!r} does not end in .jpg" in err
    if not show_art.split("?")[0].endswith(".jpg"):
        assert f"warning: show 'art': image {show_art!r} does not end in .jpg or .png" in err
