import itertools

from helpers import transform
from hypothesis import given
from hypothesis import strategies as st

from etl.config import PersonConfig
from etl.model.draft import ChapterDraft, EpisodeDraft, Paragraph, PersonDraft
from etl.model.guids import episode_guid
from etl.transform import paragraphs
from etl.transform.complete import build_turns
from etl.transform.ids import derive_id
from etl.transform.registry import Registry
from etl.util.text import match_label


def p(speaker, start, text="x"):
    return Paragraph(speaker=speaker, start=start, text=text)


def test_build_turns_merges_runs_and_splits_at_chapters():
    turns = build_turns(
        [p("A", 0, "a1"), p("A", 5, "a2"), p("A", 10, "a3"), p("B", 12), p(None, 13), p(None, 14)], [10]
    )
    assert [(t.speaker, t.start, t.text) for t in turns] == [
        ("A", 0, "a1\n\na2"),
        ("A", 10, "a3"),
        ("B", 12, "x"),
        (None, 13, "x"),
        (None, 14, "x"),
    ]


def test_build_turns_untimed_paragraph_stays_in_its_turn():
    turns = build_turns([p("A", 0, "a"), p("A", None, "b"), p("A", 30, "c")], [20])
    assert [t.text for t in turns] == ["a\n\nb", "c"]


def test_ids_never_come_from_titles():
    draft = EpisodeDraft(path="x/s01.md", format="f", key="s01", title="One", season=1, episode=2)
    assert derive_id("show", draft, many=False) == "show-s01e02"
    draft = EpisodeDraft(path="x/archive.txt", format="f", key="archive", title="One", published="2019-12-18")
    assert derive_id("show", draft, many=True) == "show-archive-2019-12-18"
    assert derive_id("show", draft, many=False) == "show-archive"


def test_guid_is_stable_and_depends_on_show_and_id_only():
    assert episode_guid("show", "show-s01e02") == episode_guid("show", "show-s01e02")
    assert episode_guid("show", "show-s01e02") != episode_guid("other", "show-s01e02")


def test_match_label():
    assert match_label("Gordon", ["Gordon Haff", "Matt Broberg"]) == "Gordon Haff"
    assert match_label("gordon haff", ["Gordon Haff"]) == "Gordon Haff"
    assert match_label("Matt", ["Matt Broberg", "Matt Creager"]) is None


def draft(**kw):
    base = dict(path="a.md", format="datatalks", key="a", sha256="0" * 64, title="T", season=1, episode=1)
    return EpisodeDraft(**{**base, **kw})


def test_transform_resolves_ids_and_speakers_through_the_registry():
    registry = Registry.of([PersonConfig(id="ag", name="Alexey Grigorev", aliases=["Alexey"], role="host")])
    d = draft(people=[PersonDraft(id="ag", role="guest")], paragraphs=[p("Alexey", 0)])
    outcome = transform([[d]], registry)
    (episode,) = outcome.episodes
    assert episode.people[0].name == "Alexey Grigorev"
    assert episode.turns[0].speaker == "Alexey Grigorev"


def test_duplicate_ids_fail_the_second_source_naming_the_first():
    outcome = transform([[draft()], [draft(path="b.md", key="b")]])
    assert len(outcome.episodes) == 1
    (error,) = outcome.errors
    assert error.path == "b.md" and "a.md" in error.message


def test_invalid_episode_is_an_error_with_the_line_of_the_bad_chapter():
    d = draft(duration=60, duration_overridden=True, chapters=[ChapterDraft(start=90, title="late", line=42)])
    outcome = transform([[d]])
    assert not outcome.episodes
    (error,) = outcome.errors
    assert (error.path, error.line) == ("a.md", 42) and "after the end" in error.message


def test_source_duration_shorter_than_its_chapters_is_dropped_with_a_warning():
    d = draft(duration=60, chapters=[ChapterDraft(start=90, title="late", line=42)])
    outcome = transform([[d]])
    (episode,) = outcome.episodes
    assert episode.duration is None and episode.chapters[0].start == 90
    assert any("duration left unknown" in w.message for w in outcome.warnings)


_row_starts = st.lists(st.none() | st.floats(0, 100, allow_nan=False), max_size=12)


@given(_row_starts, st.lists(st.floats(0, 100, allow_nan=False), max_size=5))
def test_cut_at_the_first_row_timed_at_or_after_each_chapter(starts, chapter_starts):
    rows = [Paragraph(start, f"r{n}") for n, start in enumerate(starts)]
    cuts = {0, len(rows)}
    for chapter in chapter_starts:  # the rule, one chapter at a time
        at = next((i for i, row in enumerate(rows) if row.start is not None and row.start >= chapter), None)
        if at is not None:
            cuts.add(at)
    bounds = sorted(cuts)
    expected = [rows[a:b] for a, b in itertools.pairwise(bounds) if b > a]
    assert paragraphs._cut(rows, chapter_starts) == expected
