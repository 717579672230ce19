import itertools
import re

from helpers import transform
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.config import PersonConfig
from etl.extract.cues import clean
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


_SPLIT = re.compile(r"(?<=[.?!…])\s+(?=\S)")
_END = re.compile(r"[.?!…][\"'”’)]*$")


def _grouped_by_the_rule(cues, chapter_starts, grouping):
    """The paragraph rule as the module's docstring states it, step by step: every cue split into its sentences,
    each sentence a row, paragraphs ended after a row by the time and the sentence's end."""
    rows = [c for c in cues if c.text]
    if grouping == "sentence":
        rows = [Paragraph(c.start, part, c.line, c.speaker) for c in rows for part in _SPLIT.split(c.text)]
    out = []
    for _, run in itertools.groupby(rows, key=lambda row: row.speaker):
        for part in paragraphs._cut(list(run), chapter_starts):
            if grouping == "sentence":
                groups, start = [[]], None
                for i, row in enumerate(part):
                    groups[-1].append(row)
                    start = row.start if start is None else start
                    elapsed = row.start - start if row.start is not None and start is not None else 0.0
                    nxt = part[i + 1].start if i + 1 < len(part) else None
                    run_s = nxt - start if nxt is not None and start is not None else elapsed
                    if run_s >= paragraphs.PARAGRAPH_MAX or (
                        run_s >= paragraphs.PARAGRAPH_MIN and _END.search(row.text)
                    ):
                        groups.append([])
                        start = None
            else:
                groups = [part[g[0] : g[-1] + 1] for g in _pause_indexes(part)]
            for g in filter(None, groups):
                start = next((r.start for r in g if r.start is not None), None)
                out.append(Paragraph(start, " ".join(r.text for r in g), g[0].line, g[0].speaker))
    return out


def _pause_indexes(rows):
    groups, i = [], 0
    while i < len(rows):
        start = rows[i].start
        if start is None:
            groups.append([i])
            i += 1
            continue
        best, best_gap, j, previous = None, -1.0, i, start
        while j + 1 < len(rows) and (nxt := rows[j + 1].start) is not None and nxt - start <= 30.0:
            if nxt - start >= 10.0 and nxt - previous >= best_gap:
                best, best_gap = j, nxt - previous
            j, previous = j + 1, nxt
        end = best if best is not None and j + 1 < len(rows) else j
        groups.append(list(range(i, end + 1)))
        i = end + 1
    return groups


_words = st.sampled_from(
    ["yes", "data", "well.", "why?", "no!", "so…", 'said."', "it.)", "end.’", "a,", "Dr.", "ok.\u00a0"]
)
_cue_texts = st.lists(_words, min_size=1, max_size=8).map(" ".join).map(clean)  # as readers hand them: folded
_cue_rows = st.lists(
    st.tuples(st.sampled_from([None, "A", "A", "B"]), st.none() | st.floats(0, 25, allow_nan=False), _cue_texts),
    max_size=30,
)


@settings(max_examples=400)
@given(_cue_rows, st.lists(st.floats(0, 200, allow_nan=False), max_size=3), st.sampled_from(["sentence", "pause"]))
def test_paragraphs_follow_the_sentence_rule_cutting_a_cue_at_most_once(rows, chapter_starts, grouping):
    cues, clock = [], 0.0
    for n, (speaker, step, text) in enumerate(rows):  # times that rise, some missing, as a reader leaves them
        if step is not None:
            clock += step
        cues.append(Paragraph(None if step is None else clock, text, n + 1, speaker))
    assert paragraphs.group(cues, chapter_starts, grouping) == _grouped_by_the_rule(cues, chapter_starts, grouping)
