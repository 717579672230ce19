"""Moving in from a hosting service: a feed as a source (guids kept verbatim), a feed that enriches other
sources' episodes, static-site episode pages (Jekyll, Hugo), and this project's own feed read back."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET

import pytest
from conftest import FIXTURES, ROOT
from helpers import run_specs

from etl import extract
from etl.cli import main
from etl.config import Config, EpisodeOverride, ShowConfig, SourceConfig
from etl.model.guids import episode_guid, feed_guid
from etl.pipeline.sources import SourceSpec
from etl.util.dates import rfc2822

FEEDS = FIXTURES / "feeds"
PAGES = FIXTURES / "pages"
MOVING_IN = FIXTURES / "moving-in"


def extracted(path, config: Config | None = None):
    result = run_specs([SourceSpec(path)], config or Config(base_dir=ROOT))
    return result


@pytest.mark.parametrize("path", [*sorted(FEEDS.glob("*.xml")), *sorted(PAGES.glob("*.md*"))], ids=lambda p: p.stem)
def test_golden(path, data_regression):
    result = extracted(path)
    assert not result.errors
    data_regression.check(
        {
            "episodes": [e.document() for e in result.episodes],
            "warnings": [_located(w) for w in result.warnings],
            "notes": [_located(n) for n in result.notes],
        }
    )


def _located(problem) -> str:
    return f"line {problem.line}: {problem.message}" if problem.line else problem.message


def test_moving_in_example_golden(tmp_path, monkeypatch, data_regression):
    monkeypatch.chdir(MOVING_IN)
    out = tmp_path / "out"
    assert main(["build", "--out", str(out)]) == 0
    episodes = [json.loads(p.read_text()) for p in sorted((out / "episodes").glob("*.json"))]
    channel = ET.parse(out / "feeds" / "people.xml").getroot().find("channel")
    shown = {tag: channel.findtext(tag) for tag in ("title", "link", "description", "language")}
    data_regression.check({"episodes": [{k: e[k] for k in e if k != "turns"} for e in episodes], "channel": shown})


# -- the rss reader ---------------------------------------------------------------------------------


def test_a_hosting_services_feed_keeps_every_guid_verbatim_and_ids_never_come_from_titles(tmp_path):
    (first, bonus, numbered, trailer) = extracted(FEEDS / "hosting-service.xml").episodes
    assert [e.guid for e in (first, bonus, numbered, trailer)] == [
        "Buzzsprout-14233121",
        "Buzzsprout-13990457",
        "Buzzsprout-13501116",
        "Buzzsprout-10100100",
    ]
    assert [e.id for e in (first, bonus, numbered, trailer)] == [
        "podcast-s02e04",  # season and episode
        "podcast-bonus-questions",  # no numbers: the enclosure's file name
        "podcast-e23",
        "podcast-trailer",
    ]
    renamed = tmp_path / "feed.xml"
    renamed.write_text((FEEDS / "hosting-service.xml").read_text().replace("Bonus: listener", "Bonus: more"), "utf-8")
    assert [e.id for e in extracted(renamed).episodes] == [e.id for e in (first, bonus, numbered, trailer)]


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("Tue, 04 May 2021 10:00:00 +0000", "2021-05-04T10:00:00+00:00"),
        ("Tue, 4 May 2021 10:00:00 GMT", "2021-05-04T10:00:00+00:00"),
        ("Tue, 04 May 2021 10:00 +0000", "2021-05-04T10:00:00+00:00"),
        ("04 May 2021 10:00:00 +0000", "2021-05-04T10:00:00+00:00"),
        ("Tuesday, 04 May 2021 10:00:00 EST", "2021-05-04T10:00:00-05:00"),
        ("Fri, 1 March 2024 12:30 GMT", "2024-03-01T12:30:00+00:00"),
        ("Tue, 04 May 2021 10:00:00 +02:00", "2021-05-04T10:00:00+02:00"),
        ("2021-05-04T10:00:00Z", "2021-05-04T10:00:00+00:00"),
        ("Tue, 04 May 2021 00:00:00 +0000", "2021-05-04"),  # midnight UTC: a date, as etl writes dates
        ("sometime in August", None),
    ],
)
def test_pub_dates_in_their_real_world_spellings(written, iso):
    assert rfc2822(written) == iso


def test_durations_explicit_types_people_chapters_and_references():
    (first, bonus, numbered, trailer) = extracted(FEEDS / "hosting-service.xml").episodes
    assert [e.duration for e in (first, bonus, numbered, trailer)] == [2577, 754, 3728, 95]  # MM:SS, s, H:MM:SS
    assert [e.explicit for e in (first, bonus, numbered, trailer)] == [False, False, True, None]  # false, clean, yes
    assert [e.episode_type for e in (first, bonus, numbered, trailer)] == ["full", "bonus", "full", "trailer"]
    assert [(p.name, p.role, p.href, p.img) for p in first.people] == [
        ("Lena Ortiz", "host", "https://nightshift.example.org/lena", None),
        ("Kai Mensah", "guest", None, "https://cdn.hosting.example/people/kai.jpg"),
    ]
    assert [(c.start, c.title) for c in first.chapters] == [
        (0, "Cold open"),
        (130, "Why on-call breaks people"),
        (1305.5, "Quiet hours"),
    ]
    assert [(link.url, link.title) for link in first.links][:2] == [
        ("https://cdn.hosting.example/night-shift/ns-024.vtt", "Transcript (text/vtt)"),
        ("https://cdn.hosting.example/night-shift/ns-024-chapters.json", "Chapters"),
    ]


def test_show_notes_keep_their_structure_and_nothing_executable():
    first = extracted(FEEDS / "hosting-service.xml").episodes[0]
    assert first.summary == (
        "How three teams share on-call fairly.\n\n"
        "- Rotations of one week\n- Quiet hours that hold\n\n"
        "Thanks to our sponsor."
    )
    hostile = (
        '<p onclick="x()">Hi <a href="javascript:alert(1)">there</a></p><script>alert(2)</script>'
        '<img src=x onerror=alert(3)><iframe src="https://evil.example"></iframe><style>p{}</style>'
    )
    from etl.extract.notes import from_html

    notes = from_html(hostile)
    assert (notes.summary, notes.links) == ("Hi there", [])


def test_the_channel_fills_what_etl_yaml_leaves_empty_and_says_so_under_verbose(tmp_path, capsys):
    show = ShowConfig(id="night", title="Night Shift (ours)", language="en")  # title and language: ours
    config = Config(shows=[show], base_dir=ROOT)
    spec = SourceSpec(FEEDS / "hosting-service.xml", SourceConfig(path="x", show="night"), 0)
    result = run_specs([spec], config)
    assert {e.show.title for e in result.episodes} == {"Night Shift (ours)"}
    taken = sorted(n.message for n in result.notes if "from the feed's channel" in n.message)
    assert taken == [
        f"show 'night': {key} from the feed's channel"
        for key in ("author", "categories", "description", "explicit", "guid", "image", "link", "owner")
    ]


def test_broken_items_are_warnings_naming_their_lines_and_a_broken_feed_is_an_error(tmp_path):
    result = extracted(FEEDS / "malformed-item.xml")
    assert [e.title for e in result.episodes] == ["The one that survived", "Dated by a plugin"]
    said = {(w.line, w.message.split(";")[0]) for w in result.warnings}
    assert (15, "item has neither a <title> nor an <enclosure>") in said
    assert (12, "itunes:duration 'about an hour' is neither seconds nor a clock") in said
    assert (22, "pubDate 'sometime in August' is not a date") in said
    # a relative enclosure URL: one warning for the source, naming the setting that resolves it
    assert any(w.startswith("1 relative URL in 1 file left out (e.g. '/media/ep11.mp3')") for _, w in said)
    broken = tmp_path / "broken.xml"
    broken.write_text('<rss version="2.0"><channel>\n<item><title>A</title>\n</channel></rss>\n', encoding="utf-8")
    (error,) = extracted(broken).errors
    assert (error.line, error.message.split(":")[0]) == (3, "not well-formed XML")


def test_a_feed_that_declares_entities_is_refused_before_expanding_them(tmp_path):
    bomb = tmp_path / "bomb.xml"
    lol = "".join(f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    bomb.write_text(
        f'<!DOCTYPE rss [<!ENTITY l0 "lol">{lol}]>\n<rss><channel><item><title>&l9;</title></item></channel></rss>'
    )
    (error,) = run_specs([SourceSpec(bomb)], format="rss").errors
    assert "entity declarations are not allowed" in error.message and error.line == 1


# -- enrichment --------------------------------------------------------------------------------------


def test_enrichment_fills_what_pages_lack_by_numbers_link_and_title(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(MOVING_IN)
    out = tmp_path / "out"
    assert main(["build", "--out", str(out), "-v"]) == 0
    err = capsys.readouterr().err
    episodes = {p.stem: json.loads(p.read_text()) for p in (out / "episodes").glob("*.json")}
    assert {k: e["guid"] for k, e in episodes.items()} == {
        "people-s01e01": "oldhost-episode-0001",  # season and episode
        "people-e02": "oldhost-episode-0002",  # the title
        "people-on-call-stories": "oldhost-episode-0003",  # the title, after case and punctuation folding
        "people-0004": "oldhost-episode-0004",  # no page: published from the feed alone, not dropped
    }
    first = episodes["people-s01e01"]
    assert first["published"] == "2024-01-09"  # the page's own date wins
    assert (first["duration"], first["enclosure"]["url"]) == (1310, "https://old-host.example.org/media/0001.mp3")
    assert [s["path"] for s in first["sources"]] == ["pages/s01e01-first-hire.md", "old-host-feed.xml"]
    assert episodes["people-e02"]["summary"].startswith("Tomás on choosing")  # the page has none: the feed's
    assert "pages/s01e01-first-hire.md: warning: published '2024-01-09' differs from" in err
    assert "old-host-feed.xml: warning: 1 feed item matches no episode; published from the feed alone" in err
    assert "old-host-feed.xml:38: note: feed item 'A live show we never wrote up' matches no episode" in err
    feed = (out / "feeds" / "people.xml").read_text()
    assert '<guid isPermaLink="false">oldhost-episode-0001</guid>' in feed
    # the show keeps its identity in podcast indexes: the old feed's podcast:guid (here: of its self URL)
    assert f"<podcast:guid>{feed_guid('https://old-host.example.org/shows/data-people/feed.xml')}<" in feed


def test_match_forces_one_way_and_an_episodes_link_matches(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "---\ntitle: Quiet Hours\nlink: https://nightshift.example.org/episodes/oncall\nguid: keep-me\n---\n"
    )
    feed = FEEDS / "hosting-service.xml"
    enrich = SourceConfig(path=str(feed), enrich=True)
    (episode,) = [e for e in run_specs([SourceSpec(page), SourceSpec(feed, enrich, 1)]).episodes if e.guid == "keep-me"]
    assert episode.enclosure.url.endswith("ns-024-oncall.mp3")  # matched by link
    assert episode.guid == "keep-me"  # the page's own guid wins
    titles_only = SourceConfig(path=str(feed), enrich=True, match="title")
    result = run_specs([SourceSpec(page), SourceSpec(feed, titles_only, 1)])
    (alone,) = [e for e in result.episodes if e.sources[0].format == "frontmatter"]
    assert alone.enclosure is None and len(result.episodes) == 5  # the page, and every item on its own
    said = "4 feed items match no episode; published from the feed alone (listed with -v)"
    assert said in [w.message for w in result.warnings]


# -- static-site pages ------------------------------------------------------------------------------


def test_jekyll_and_hugo_pages_fill_the_model_from_their_keys(tmp_path):
    jekyll = extracted(PAGES / "jekyll-episode-12.md").episodes[0]
    assert (jekyll.guid, jekyll.season, jekyll.episode, jekyll.duration) == ("jekyll-show-ep12", 2, 12, 2835)
    assert (jekyll.enclosure.url, jekyll.enclosure.length) == (
        "https://media.example.org/jekyll-show/ep12.mp3",
        45359104,
    )
    assert jekyll.topics == ["testing", "data quality"] and jekyll.published == "2024-04-02T09:00:00+02:00"
    assert [(p.name, p.role) for p in jekyll.people] == [
        ("alexeygrigorev", "host"),
        ("marenholt", "guest"),
        ("Jo Park", "guest"),
    ]
    assert jekyll.summary.startswith("Maren and Jo walk through") and "alert" not in jekyll.summary
    assert ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube") in [
        (link.url, link.title) for link in jekyll.links
    ]
    hugo = extracted(PAGES / "hugo-episode-7.md").episodes[0]
    assert (hugo.episode, hugo.duration, hugo.explicit, hugo.enclosure.length) == (7, 1900, False, 30408704)
    assert hugo.summary.endswith("- Listing is slow\n- Requests are billed one by one")


def test_pages_of_every_kind_go_to_the_reader_that_knows_them():
    datatalks = FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md"
    community = FIXTURES / "layouts" / "community" / "front-matter-title.md"
    for path, name in (
        (datatalks, "datatalks"),
        (community, "community"),
        (PAGES / "jekyll-episode-12.md", "frontmatter"),
    ):
        (reader, _) = extract.detect(path.read_text(encoding="utf-8"), path.name)
        assert name == reader.NAME


# -- round trip -------------------------------------------------------------------------------------


def test_our_own_feed_read_back_gives_the_same_episodes(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    assert main(["build", "--out", str(out)]) == 0
    shutil.copy(out / "feed.xml", tmp_path / "feed.xml")
    read = {e.guid: e for e in extracted(tmp_path / "feed.xml").episodes}
    built = [json.loads(p.read_text()) for p in (out / "episodes").glob("*.json")]
    assert set(read) == {e["guid"] for e in built}
    for episode in built:
        back = read[episode["guid"]]
        assert (back.title, back.published, back.season, back.episode) == (
            episode["title"],
            episode["published"],
            episode["season"],
            episode["episode"],
        )
        assert back.duration == (int(episode["duration"]) if episode["duration"] is not None else None)
        assert (back.enclosure.model_dump() if back.enclosure else None) == episode["enclosure"]
        assert [(p.name, p.role) for p in back.people] == [(p["name"], p["role"]) for p in episode["people"]]
        listed = [c for c in episode["chapters"] if c["toc"]]
        assert [(c.start, c.title) for c in back.chapters] == [(c["start"], c["title"]) for c in listed]
        assert [c.model_dump() for c in back.clips] == episode["clips"]  # podcast:soundbite, read back
    assert any(episode["clips"] for episode in built)


def test_an_override_guid_is_published_verbatim_and_a_source_without_one_gets_a_minted_one(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: Quiet Hours\nepisode: 3\n---\nNotes.\n", encoding="utf-8")
    (minted,) = run_specs([SourceSpec(page)]).episodes
    assert minted.guid == episode_guid("podcast", "podcast-e03")
    pinned = SourceConfig(path=str(page), override=EpisodeOverride(guid="old-host-0003"))
    (kept,) = run_specs([SourceSpec(page, pinned, 0)]).episodes
    assert kept.guid == "old-host-0003"


def test_an_enclosure_url_urlsplit_refuses_costs_its_item_and_says_why(tmp_path):
    """`http://example.org[` passes the model's URL check; naming the untitled item after the file stopped
    the source with an internal error ("Invalid IPv6 URL") before. With no file name, the guid names it."""
    feed = tmp_path / "odd.xml"
    feed.write_text(
        '<rss version="2.0"><channel><title>Odd</title>\n'
        '<item><title>Kept</title><enclosure url="https://example.org/kept.mp3" length="1" type="audio/mpeg"/></item>\n'
        '<item><enclosure url="http://example.org[/a.mp3" length="1" type="audio/mpeg"/><guid>g1</guid></item>\n'
        "</channel></rss>\n",
        encoding="utf-8",
    )
    result = extracted(feed)
    assert [e.title for e in result.episodes] == ["Kept", "g1"] and not result.errors
    assert any(w.line == 3 and "titled after its guid 'g1'" in w.message for w in result.warnings)
