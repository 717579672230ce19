"""Every layout people paste of the five formats (fixtures/layouts/, one file a layout): golden files, and a
test per class of real-world variant that the readers once got wrong."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from conftest import FIXTURES, ROOT
from helpers import run_specs, words
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import extract
from etl.cli import main
from etl.config import Config
from etl.errors import SourceError
from etl.extract import captions, community, cues, timedlines
from etl.pipeline.sources import SourceSpec

LAYOUTS = FIXTURES / "layouts"
EPISODE_LAYOUTS = sorted(p for p in LAYOUTS.rglob("*.*") if p.parent.name != "chapters")
CHAPTER_LAYOUTS = sorted((LAYOUTS / "chapters").glob("*.txt"))


def episode_of(path, config: Config | None = None):
    result = run_specs([SourceSpec(path)], config or Config(base_dir=ROOT))
    assert not result.errors, result.errors
    (episode,) = result.episodes
    return episode, result


def name(path) -> str:
    return f"{path.parent.name}-{path.stem}"


@pytest.mark.parametrize("path", EPISODE_LAYOUTS, ids=name)
def test_episode_layout_golden(path, data_regression):
    episode, result = episode_of(path)
    notes = [f"{n.line}: {n.message}" for n in result.notes]
    warnings = [f"{w.line}: {w.message}" for w in result.warnings]
    data_regression.check({"episode": episode.document(), "notes": notes, "warnings": warnings})


@pytest.mark.parametrize("path", CHAPTER_LAYOUTS, ids=name)
def test_chapter_list_layout_golden(path, data_regression):
    drafts, reasons = extract.extract(path.read_text(encoding="utf-8"), path.name)
    assert reasons[-1].startswith("chapters: yes")
    (draft,) = drafts
    notes = [n.model_dump() for n in draft.notes]
    data_regression.check({"chapters": [c.model_dump(mode="json") for c in draft.chapters], "notes": notes})


# -- captions ---------------------------------------------------------------------------------------

CAPTION_LAYOUTS = sorted((LAYOUTS / "captions").glob("*.txt"))
SPOKEN = re.compile(r"^(\d{1,2}:)?\d{1,2}:\d{2}\s*$")  # a stamp alone on its line


def spoken_words(path) -> list[str]:
    """Every word of every cue, in order, as the lines are written from the first stamp on: chapter headings
    and sound tags left out (each fixture's header holds a title, a link and rules only)."""
    items = timedlines.parse(path.read_bytes().decode("utf-8").replace("\r\n", "\n"))
    first = next(n for n, item in enumerate(items) if isinstance(item, timedlines.Stamped))
    spoken = [i.text for i in items[first:] if isinstance(i, timedlines.Stamped) or not captions.HEADING.match(i.text)]
    return [word for text in spoken for word in words(cues.clean(text))]


@pytest.mark.parametrize("path", CAPTION_LAYOUTS, ids=name)
def test_every_layout_is_detected_as_captions_and_keeps_every_word_in_order(path):
    text = path.read_text(encoding="utf-8")
    reader, reasons = extract.detect(text, str(path))
    assert reader is captions, reasons
    episode, _ = episode_of(path)
    said = [w for turn in episode.turns for w in words(turn.text)]
    assert said == spoken_words(path)
    assert not any(
        tag in turn.text.lower() for turn in episode.turns for tag in ("[music]", "[laughter]", "[applause]")
    )


def test_stamp_alone_on_its_line_with_the_words_below():
    path = LAYOUTS / "captions" / "stamp-alone.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert sum(1 for line in lines if SPOKEN.match(line)) < len(lines) / 2  # the old rule wanted half or more
    episode, _ = episode_of(path)
    assert episode.turns[0].text.startswith("welcome back to the systems reading group this week")
    assert [t.start for t in episode.turns] == [0, 10, 37]


@pytest.mark.parametrize(
    ("line", "start", "text"),
    [
        ("0:011 second[music]", 1, "[music]"),
        ("0:1212 secondsHey, let's get started", 12, "Hey, let's get started"),
        ("1:081 minute, 8 seconds9 million lines of code", 68, "9 million lines of code"),
        ("2:002 minutes70% of our PRs", 120, "70% of our PRs"),
        ("1:00:001 hourthanks all", 3600, "thanks all"),
        ("1:01:051 hour, 1 minute, 5 seconds5 more", 3665, "5 more"),
        ("0:000 seconds[Music]", 0, "[Music]"),
    ],
)
def test_spoken_duration_labels_are_removed_exactly(line, start, text):
    (item,) = timedlines.parse(line)
    assert item == timedlines.Stamped(1, start, text)


@pytest.mark.parametrize("line", ["1:282 minutes, 28 secondsno", "1:23456 is a number", "10:30am standup"])
def test_digits_or_words_glued_to_a_clock_without_its_label_are_not_a_stamp(line):
    (item,) = timedlines.parse(line)
    assert isinstance(item, timedlines.Plain)


def test_spoken_labels_layout_keeps_words_that_start_with_digits():
    episode, _ = episode_of(LAYOUTS / "captions" / "spoken-labels.txt")
    text = " ".join(t.text for t in episode.turns)
    for phrase in ("shipped 9 million lines", "And 70% of our PRs", "3 teams still skip", "quarantined 40 of"):
        assert phrase in text
    assert not re.search(r"\d+ (?:seconds?|minutes?|hours?)\b", text)  # no label left, glued or not
    assert episode.turns[-1].start == 3600


@pytest.mark.parametrize(
    "header",
    [
        "My Talk\nurl: https://video.example.org/t/1\n-----\n",
        "My Talk\nSource: https://video.example.org/t/1\n=====\n\n",
        "My Talk\n<https://video.example.org/t/1>\n",
        "# My Talk\nhttps://video.example.org/t/1\n***\n",
        "Transcript\nMy Talk\nLink: https://video.example.org/t/1\n",
    ],
)
def test_header_lines_give_the_title_and_link_and_are_never_spoken(tmp_path, header):
    path = tmp_path / "talk.txt"
    path.write_text(header + "0:00 Hello there.\n0:03 Welcome to the talk.\n", encoding="utf-8")
    episode, result = episode_of(path)
    assert (episode.title, episode.link) == ("My Talk", "https://video.example.org/t/1")
    assert [t.text for t in episode.turns] == ["Hello there. Welcome to the talk."]
    assert episode.turns[0].start == 0
    assert not result.warnings


def test_chapter_headings_are_chapters_at_the_next_cue_never_spoken_text():
    path = LAYOUTS / "captions" / "chapter-headings.txt"
    episode, _ = episode_of(path)
    assert [(c.start, c.title) for c in episode.chapters] == [
        (0, "Why a gateway at all"),
        (14, "MCP gateway, and cutting the token tax"),
        (32, "What we measured"),
    ]
    assert not any("Chapter" in t.text or "and cutting the token tax" in t.text for t in episode.turns)
    assert [t.start for t in episode.turns] == [0, 14, 32]  # a turn starts at each chapter; no cue moved


# -- chapter lists ----------------------------------------------------------------------------------


SEPARATED = [
    "00:00 - Intro",
    "00:00 – Intro",
    "00:00 — Intro",
    "00:00 | Intro",
    "00:00: Intro",
    "(00:00) Intro",
    "[00:00] Intro",
    "00:00:00.000 Intro",
    "0:00 -Intro",
]


@pytest.mark.parametrize("line", SEPARATED)
def test_the_separator_after_the_stamp_is_not_part_of_the_title(line):
    text = f"{line}\n05:00 - Second part\n"
    (draft,), reasons = extract.extract(text, "list.txt")
    assert reasons[-1].startswith("chapters: yes")
    assert [(c.start, c.title) for c in draft.chapters] == [(0, "Intro"), (300, "Second part")]


def test_mp4chaps_fractions_and_links():
    (draft,), _ = extract.extract((LAYOUTS / "chapters" / "mp4chaps.txt").read_text(encoding="utf-8"), "m.txt")
    assert [(c.start, c.url) for c in draft.chapters][1:3] == [
        (119, "https://example.org/notes/nightly"),
        (552.5, None),
    ]


def test_a_description_gives_its_chapter_block_and_the_rest_is_a_note_under_verbose(tmp_path, capsys):
    path = LAYOUTS / "chapters" / "description.txt"
    (draft,), _ = extract.extract(path.read_text(encoding="utf-8"), str(path))
    assert [c.title for c in draft.chapters][:2] == ["Intro", "Why row counts are not tests"]
    assert len(draft.chapters) == 6 and not [n for n in draft.notes if n.severity == "warning"]
    assert main(["extract", str(path)]) == 0
    assert "note:" not in capsys.readouterr().err
    assert main(["extract", str(path), "-v"]) == 0
    assert f"{path}:1: note: text around the chapter list left out (lines 1-2, 4, 14-16)" in capsys.readouterr().err


def test_what_already_worked_still_works():
    path = LAYOUTS / "chapters" / "kept.txt"
    assert b"\r\n" in path.read_bytes()
    (draft,), _ = extract.extract(path.read_bytes().decode("utf-8").replace("\r\n", "\n"), str(path))
    assert [(c.start, c.title) for c in draft.chapters] == [
        (0, "開会の挨拶"),
        (270, "Ana Ruiz/Theo Park - Night Shift (live)"),
        (1085, "Q&A - part 1"),
        (2470, "Q&A - part 2"),
        (3765, "Wrap-up and thanks"),
        (4500, "次回予告"),
    ]
    assert not draft.notes


# -- community posts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("CI/CD for ML // Jane Doe // Coffee Sessions #12", "CI/CD for ML"),
        ("Building </agents> safely // Jane Doe // Coffee Sessions #12", "Building </agents> safely"),
        ("A/B tests at scale // Jane Doe // MLOps Podcast #3", "A/B tests at scale"),
    ],
)
def test_titles_may_hold_slashes_only_spaced_double_slashes_separate(line, title):
    (draft,), reasons = extract.extract(f"{line}\n\n//Bio\nJane builds things.\n", "post.txt")
    assert reasons[0].startswith("community: yes")
    assert (draft.title, draft.people[0].name) == (title, "Jane Doe")


def test_todays_layout_abstract_bio_related_links_and_linkedin_handles():
    episode, _ = episode_of(LAYOUTS / "community" / "today.txt")
    assert episode.summary.startswith("Omar walks through why his team retired a feature store")
    assert "Omar Haddad leads the data platform" in episode.summary  # `// BIO`, in capitals
    assert [(link.url, link.title) for link in episode.links][:3] == [
        ("https://omar-haddad.example.org", "Website"),
        ("https://blog.example.org/feature-store-retro", "The feature store retrospective"),
        ("https://example.org/talks/owners-not-tools", "Owners, not tools (talk)"),
    ]
    profiles = {p.name: p.links[0].url for p in episode.people}
    assert profiles == {
        "Demetrios": "https://www.linkedin.com/in/dpexample/",
        "Omar Haddad": "https://www.linkedin.com/in/omar-haddad-example/",
    }


@pytest.mark.parametrize(
    ("fixture", "title"),
    [("heading-title.md", "Observability for Small Data Teams"), ("front-matter-title.md", "Small Models, Big Wins")],
)
def test_a_post_without_a_title_line_takes_its_title_from_a_heading_or_front_matter(fixture, title):
    episode, _ = episode_of(LAYOUTS / "community" / fixture)
    assert episode.title == title and episode.sources[0].format == "community"
    assert len(episode.chapters) == 3


# -- detection and extraction agree ------------------------------------------------------------------


def test_a_reader_never_claims_a_file_it_cannot_read():
    text = "Some notes\n\n//Bio\nA person.\n\n//Takeaways\nOne thing.\n"  # two sections, no title anywhere
    assert not community.detect(text)
    with pytest.raises(SourceError) as info:
        extract.extract(text, "notes.txt")
    assert "unrecognised source format (community: no, 2 community-post sections, but no title" in info.value.message
    assert info.value.line is None  # the error is about the file, not about line 1 of a community post


def test_verbose_prints_every_verdict_even_when_the_chosen_reader_fails(tmp_path, capsys):
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: x\nseason: [1\nepisode: 2\n---\n", encoding="utf-8")
    assert main(["extract", str(page), "-v"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert (
        f"{page}: detect: community: no, no `Title // Guest // Series #N` line and fewer than two // Bio-style sections"
        in err
    )
    assert any(line.startswith(f"{page}: detect: frontmatter: yes") for line in err)
    assert any(line.startswith(f"{page}:4: error: invalid YAML") for line in err)


def test_chapter_lists_whose_names_carry_no_numbers_say_how_to_join_an_episode(tmp_path):
    path = tmp_path / "agenda.txt"
    path.write_text("00:00 Intro\n10:00 Main part\n", encoding="utf-8")
    result = run_specs([SourceSpec(path)])
    assert [w.message for w in result.warnings] == [
        "chapter list names no episode: name the file sNNeMM-... or set `target` in etl.yaml"
    ]


# -- DataTalks pages --------------------------------------------------------------------------------


def test_a_long_or_multi_line_title_is_one_line_with_a_warning_naming_the_line(tmp_path):
    path = LAYOUTS / "datatalks" / "long-title.md"
    episode, result = episode_of(path)
    assert "\n" not in episode.title and episode.title.startswith("Building a Data Team From Zero: Hiring")
    (warning,) = [w for w in result.warnings if "title" in w.message]
    assert warning.line == 2 and "override.title" in warning.message and "3 lines, 258 characters" in warning.message
    out = tmp_path / "out"
    assert main(["build", str(path), "--out", str(out)]) == 0
    (title,) = [i.findtext("title") for i in ET.parse(out / "feed.xml").findall("./channel/item")]
    assert title == episode.title
    assert json.loads((out / "index.json").read_text())["episodes"][0]["title"] == episode.title


# -- random mixtures of every layout ----------------------------------------------------------------

LAYOUT_LINES = [
    "0:05",
    "multi-level feedback queue",
    "0:011 second[music]",
    "0:1212 secondsHey, let's get started",
    "1:081 minute, 8 seconds9 million lines of code",
    "1:00:001 hourthat is all",
    "Chapter 3: MCP gateway, and cutting the token tax",
    "My Talk Title",
    "url: https://video.example.org/v",
    "Source: https://e.org/s",
    "https://e.org/x",
    "https://.",
    "-----",
    *SEPARATED,
    "00:01:59.000 Title <https://e.org/c>",
    "Chapters:",
    "Timestamps:",
    "CI/CD for ML // Jane Doe // Coffee Sessions #12",
    "Building </x> // Jane // Series #3",
    "// Abstract",
    "// BIO",
    "//Bio",
    "// Related Links",
    "[text](https://e.org/a)",
    "Website: <https://e.org/w>",
    "Connect with Jane on LinkedIn: /jane",
    "Connect with Sam on Twitter: @sam",
    "--------------- Connect With Us -------------",
    "# A Heading",
    "Monday, January 13, 2020",
    "Podcast: A title",
    "[MP3 - 12:14]",
    "[MP3 - 1:99]",
    "Gordon Haff:  hello there",
    "",
    "prose about the episode.",
]
# Whole pieces of each layout, so that random mixtures often hold a structure a reader claims.
BLOCKS = [
    ["Monday, January 13, 2020", "", "Podcast: A title"],
    ["Tuesday, January 14, 2020", "Not a podcast post.", "[MP3 - 9:33]"],
    ["Chapters:", "0:00 Intro", "5:00 - Tools", "12:30 | Q&A"],
    ["My Talk", "url: https://e.org/v", "-----", "0:00 Hello.", "0:03 Welcome."],
    ["0:00", "hello there", "0:03", "general kenobi"],
    ["CI/CD for ML // Jane Doe // Coffee Sessions #12", "", "Intro text."],
    ["// Bio", "Jane does things."],
    ["Timestamps:", "[00:00] Hi", "[01:30] Later [02:00] Later still"],
    ["# A Heading", "", "// Abstract", "Words.", "// Related Links", "[t](https://e.org/r)"],
]
YAML_LINES = ["---", "title: x", "season: 1", "episode: 2", "guests: [a]", "- line: hi", "  sec: 5", "title: |"]
STAMPS = st.from_regex(r"\A[\[(]?(\d:)?\d{1,2}:\d{2}(\.\d{3})?[\])]?( ?[-–|:]? ?[^\n]{0,20})?\Z", fullmatch=True)


CLOCK = r"(\d{1,2}:)?\d{1,2}:\d{2}"  # any digits in clock shape: `1:99` and `7:75` too
# Each format's clock-bearing structure, with a random clock in it.
CLOCKED = st.one_of(
    st.from_regex(rf"\A\[?MP3[ ,:-]*{CLOCK}\]?\Z", fullmatch=True).map(
        lambda mp3: ["Monday, January 13, 2020", "Podcast: A title", mp3]
    ),
    st.from_regex(rf"\A(\[{CLOCK}\] ?\w*){{1,3}}\Z", fullmatch=True).map(
        lambda stamps: ["T // G // Series #1", "Timestamps:", stamps]
    ),
    st.from_regex(rf"\A{CLOCK}\Z", fullmatch=True).map(lambda clock: ["Chapter 1: Intro", clock, "words"]),
)


def layouts(*lines: list[str]) -> st.SearchStrategy[list[str]]:
    """Random lists of single lines (from `lines` and random stamps) and whole layout blocks, flattened."""
    one = st.one_of(st.sampled_from([x for group in lines for x in group]), STAMPS).map(lambda line: [line])
    parts = st.lists(st.one_of(one, st.sampled_from(BLOCKS), CLOCKED), max_size=15)
    return parts.map(lambda found: [line for part in found for line in part])


mixture = layouts(LAYOUT_LINES)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=layouts(LAYOUT_LINES, YAML_LINES))
def test_any_mixture_of_layouts_gives_episodes_or_our_error(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("mix") / "mix.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run_specs([SourceSpec(path)])  # never raises: a failure is a SourceError about this file
    for error in result.errors:
        assert isinstance(error, SourceError) and error.path == str(path)
    assert all(e.sources[0].path.endswith("mix.txt") for e in result.episodes)


@settings(max_examples=200, deadline=None)
@given(lines=mixture)
def test_a_reader_that_claims_a_mixture_reads_it(lines):
    text = "\n".join(lines)
    if not text.strip():
        return
    choice = extract.choose(text, "mix.txt")
    if choice.reader is not None:  # no YAML in these: nothing a reader claims may fail it
        assert extract.read(choice, text, "mix.txt") is not None
