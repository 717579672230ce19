"""What a source says reaches the output, and what cannot is said: show notes keep their links where they stand,
a show takes its title from its feed, a refused value names its own line, a feed without an identity is named."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from etl.cli import main


def _build(tmp_path, config: str, *files: tuple[str, str], extra: tuple[str, ...] = ()) -> int:
    for name, text in files:
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "etl.yaml").write_text(config, encoding="utf-8")
    return main(["build", "--config", str(tmp_path / "etl.yaml"), "--out", str(tmp_path / "out"), *extra])


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Launched</title>
  <description>A show from a host</description>
  <item>
    <title>First</title>
    <guid>host-ep-1</guid>
    <enclosure url="https://cdn.example.org/1.mp3" length="100" type="audio/mpeg"/>
    <content:encoded><![CDATA[<p>With our guest.</p><ul><li><a href="https://social.example.org/@guest">Our guest on
    Mastodon</a></li></ul><p>Also see <a href="https://example.org/elsewhere">elsewhere</a>.</p>]]></content:encoded>
  </item>
</channel>
</rss>
"""


def test_show_notes_keep_their_links_inline_and_links_lists_only_the_rest(tmp_path):
    config = "base_url: https://example.org/\nshows: [{id: launched}]\nsources: [{path: feed.xml, show: launched}]\n"
    assert _build(tmp_path, config, ("feed.xml", FEED)) == 0
    out = tmp_path / "out"
    item = ET.parse(out / "feeds" / "launched.xml").getroot().find("channel/item")
    notes = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert '<li><a href="https://social.example.org/@guest">Our guest on' in notes  # where it stood
    assert "<strong>Links</strong>" not in notes  # every link of the notes is in them already
    page = (out / "episodes" / "launched-1.html").read_text(encoding="utf-8")
    assert 'see <a href="https://example.org/elsewhere">elsewhere</a>' in page
    assert 'id="links"' not in page
    episode = json.loads((out / "episodes" / "launched-1.json").read_text(encoding="utf-8"))
    assert [link["url"] for link in episode["links"]] == [
        "https://social.example.org/@guest",
        "https://example.org/elsewhere",
    ]


def test_a_show_listed_by_id_alone_takes_its_feeds_title(tmp_path, capsys):
    config = "shows: [{id: launched}]\nsources: [{path: feed.xml, show: launched}]\n"
    assert _build(tmp_path, config, ("feed.xml", FEED), extra=("-v",)) == 0
    channel = ET.parse(tmp_path / "out" / "feeds" / "launched.xml").getroot().find("channel")
    assert channel.findtext("title") == "Launched"
    err = capsys.readouterr().err
    assert "note: show 'launched': title from the feed's channel" in err
    # and the feed has no podcast:guid and no self link: the fix is named
    assert "the feed has neither a podcast:guid nor a self link" in err and "`old_feed_url:`" in err


def test_a_show_with_no_title_anywhere_is_titled_by_its_id_with_a_warning(tmp_path, capsys):
    page = "---\ntitle: One\nepisode: 1\naudio: https://cdn.example.org/1.mp3\n---\n"
    assert _build(tmp_path, "shows: [{id: quiet}]\nsources: [{path: ep.md}]\n", ("ep.md", page)) == 0
    assert (
        "show 'quiet' has no title in etl.yaml, and no feed of it gives one: titled 'quiet'" in capsys.readouterr().err
    )
    channel = ET.parse(tmp_path / "out" / "feeds" / "quiet.xml").getroot().find("channel")
    assert channel.findtext("title") == "quiet"


def test_old_feed_url_keeps_the_shows_identity(tmp_path, capsys):
    config = (
        "base_url: https://new.example.org/\n"
        "shows: [{id: launched, old_feed_url: 'https://old-host.example/feeds/launched'}]\n"
        "sources: [{path: feed.xml, show: launched}]\n"
    )
    assert _build(tmp_path, config, ("feed.xml", FEED)) == 0
    assert "neither a podcast:guid nor a self link" not in capsys.readouterr().err
    channel = ET.parse(tmp_path / "out" / "feeds" / "launched.xml").getroot().find("channel")
    guid = channel.findtext("{https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md}guid")
    from etl.model.guids import feed_guid

    assert guid == feed_guid("https://old-host.example/feeds/launched")


def test_a_value_the_model_refuses_names_its_own_line(tmp_path, capsys):
    page = "---\ntitle: One\nepisode: 1\naudio: https://cdn.example.org/1.mp3\nguid: ' '\n---\n"
    assert _build(tmp_path, "sources: [{path: ep.md}]\n", ("ep.md", page)) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'ep.md'}:5: error: guid: '' is empty; accepted: Stable for the life of the episode" in err


def test_a_naive_date_time_is_read_in_the_shows_time_zone(tmp_path, capsys):
    page = "---\ntitle: One\nepisode: 1\naudio: https://cdn.example.org/1.mp3\ndate: 2019-04-02 18:30:00\n---\n"
    config = "shows: [{id: berlin, title: B, timezone: Europe/Berlin}]\nsources: [{path: ep.md}]\n"
    assert _build(tmp_path, config, ("ep.md", page), extra=("-v",)) == 0
    episode = json.loads((tmp_path / "out" / "episodes" / "berlin-e01.json").read_text(encoding="utf-8"))
    assert episode["published"] == "2019-04-02T18:30:00+02:00"
    assert ":5: note: date-time 2019-04-02T18:30:00 has no offset: read in Europe/Berlin" in capsys.readouterr().err


def test_an_unknown_time_zone_is_a_config_error_naming_its_line(tmp_path, capsys):
    config = "shows:\n  - id: x\n    title: X\n    timezone: Mars/Olympus\n"
    assert _build(tmp_path, config) == 2
    assert "etl.yaml:4: error: shows.0.timezone: 'Mars/Olympus' is not an IANA time zone" in capsys.readouterr().err


def test_a_transcript_file_of_its_own_says_each_warning_once(tmp_path, capsys):
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello.\n"
    assert _build(tmp_path, "sources: [{path: talk.vtt}]\n", ("talk.vtt", vtt)) == 0
    said = capsys.readouterr().err
    assert said.count("no title in the source") == 1, said
