from conftest import FIXTURES, seed
from helpers import run, run_with_fixture_config

from etl.extract import blog


def test_fixture_golden(data_regression):
    result = run_with_fixture_config(FIXTURES / "blog" / "innovate-archive.txt")
    assert not result.errors
    data_regression.check([e.model_dump(mode="json") for e in result.episodes])


def test_seed_002_numbers():
    episodes = run(seed("002")).episodes
    assert [e.published for e in episodes] == [
        "2019-12-18",
        "2019-12-16",
        "2019-12-10",
        "2019-12-09",
        "2019-10-21",
        "2019-08-29",
    ]
    assert [e.duration for e in episodes] == [734, 573, 1455, 1432, 1057, 1331]
    assert episodes[0].title == "Martin Mao of Chronosphere talks open sourcing internal projects"
    assert len({e.id for e in episodes}) == 6


def test_seed_002_transcripts_belong_to_their_posts_and_short_labels_resolve():
    episodes = run(seed("002")).episodes
    devrel = next(e for e in episodes if "Developer Relations" in e.title)
    assert {t.speaker for t in devrel.turns} == {"Gordon Haff", "Matt Broberg"}
    assert {p.name: p.aliases for p in devrel.people} == {"Gordon Haff": ["Gordon"], "Matt Broberg": ["Matt"]}
    odh = next(e for e in episodes if "OpenDataHub" in e.title)
    assert {t.speaker for t in odh.turns} == {"Gordon Haff", "Steven Huels", "Sherard Griffin", "Pete MacKinnon"}
    assert all(not e.turns for e in episodes if e not in (devrel, odh))
    # the one-space label of a speaker already heard is still a turn, not Gordon's words
    assert odh.turns[-1].speaker == "Steven Huels"
    assert odh.turns[-1].text.startswith("is the community site.")


def test_seed_002_summary_keeps_description_and_bullets_but_not_the_mp3_line():
    first = run(seed("002")).episodes[0]
    assert first.summary.startswith("Chronosphere provides a monitoring platform")
    assert "- How to ramp up contributors outside of the core team" in first.summary
    assert "MP3" not in first.summary


def test_every_mp3_spelling_gives_the_duration():
    for spelling, seconds in [
        ("[MP3 - 12:14]", 734),
        ("[MP3 9:33]", 573),
        ("[MP3, 17:37]", 1057),
        ("MP3 - 22:11", 1331),
        ("[MP3 - 1:02:09]", 3729),
        ("[mp3: 5:00]", 300),
    ]:
        match = blog.MP3.search(f"Listen to the podcast {spelling}")
        assert match, spelling
        from etl.util.timecode import parse_clock

        assert parse_clock(match.group(1)) == seconds


def test_site_chrome_and_posts_that_are_not_podcasts_are_left_out_with_a_word():
    from etl.extract import extract

    archive = "\n".join(
        [
            "Innovate blog",  # chrome above the first post
            "Home | About",
            "",
            "Monday, January 13, 2020",
            "Podcast: The real episode",
            "[MP3 - 12:14]",
            "",
            "Friday, January 10, 2020",
            "Conference photos from last week.",  # a post, but not a podcast
            "",
            "Thursday, January 9, 2020",
            "Meant as an episode, but the title line is missing.",
            "[MP3 - 9:33]",
            "",
            "Wednesday, January 8, 2020",
            "Podcast: Clock typo",
            "[MP3 - 7:75]",
        ]
    )
    drafts, _ = extract(archive, "archive.txt")
    assert [d.title for d in drafts] == ["The real episode", "Clock typo"]
    assert drafts[1].duration is None
    said = [(n.severity, n.line, n.message) for d in drafts for n in d.notes]
    assert said == [
        ("note", 1, "2 lines above the first post's date line left out"),
        ("note", 8, "post of 2020-01-10 has no `Podcast:` title line; not an episode, left out"),
        ("warning", 11, "post of 2020-01-09 has no `Podcast:` title line; not an episode, left out"),
        ("warning", 17, "minutes and seconds must be below 60: '7:75'; duration unknown"),
    ]
