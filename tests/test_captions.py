import itertools
import re

import pytest
from conftest import FIXTURES, seed
from helpers import run, run_with_fixture_config, words

from etl.extract import cues

STAMP = re.compile(r"^\s*(?:\d{1,2}:)?\d{1,2}:\d{2}\s?")


def cue_words(path) -> list[str]:
    """Every word of every cue, in order, sound tags removed: what the turns must hold."""
    text = path.read_text(encoding="utf-8-sig")
    return [w for line in text.splitlines() if line.strip() for w in words(cues.clean(STAMP.sub("", line)))]


@pytest.mark.parametrize("name", ["release-retro", "meetup-lowercase"])
def test_fixture_golden(name, data_regression):
    result = run_with_fixture_config(FIXTURES / "captions" / f"{name}.txt")
    assert not result.errors
    (episode,) = result.episodes
    data_regression.check(episode.model_dump(mode="json"))


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_seed_keeps_every_word_in_order(prefix):
    path = seed(prefix)
    (episode,) = run(path).episodes
    spoken = [w for t in episode.turns for w in words(t.text)]
    expected = cue_words(path)
    assert len(spoken) == len(expected)
    for i, (got, want) in enumerate(zip(spoken, expected, strict=True)):
        assert got == want, f"word {i}: {got!r} != {want!r}"


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_seed_turns_are_readable_paragraphs(prefix):
    (episode,) = run(seed(prefix)).episodes
    assert all(t.speaker is None for t in episode.turns)
    starts = [t.start for t in episode.turns]
    assert starts == sorted(starts) and starts[0] == 0
    lengths = [b - a for a, b in itertools.pairwise(starts)]
    assert max(lengths) <= 60 + 10  # no wall of text
    assert sum(lengths) / len(lengths) >= 10  # and no one-liners


def test_punctuated_turns_end_at_sentences():
    (episode,) = run(seed("000")).episodes
    ended = sum(1 for t in episode.turns[:-1] if re.search(r"[.?!]$", t.text))
    assert ended >= 0.8 * (len(episode.turns) - 1)


def test_unpunctuated_turns_break_at_the_longest_pause():
    (episode,) = run(FIXTURES / "captions" / "meetup-lowercase.txt").episodes
    # pauses of 7, 9 and 10 s separate the four exchanges
    assert [t.start for t in episode.turns] == [0, 16, 40, 65]


def test_sound_tags_leave_but_words_stay():
    (episode,) = run(FIXTURES / "captions" / "release-retro.txt").episodes
    text = " ".join(t.text for t in episode.turns)
    assert "[" not in text
    assert "So, what went well?" in text and "Nobody noticed for a week." in text


def test_bom_crlf_blank_lines_and_no_final_newline(tmp_path):
    original = (FIXTURES / "captions" / "release-retro.txt").read_text(encoding="utf-8")
    messy = "\ufeff" + original.replace("\n", "\r\n").replace("0:24", "\r\n0:24").rstrip("\r\n")
    path = tmp_path / "messy.txt"
    path.write_bytes(messy.encode("utf-8"))
    (clean_episode,) = run(FIXTURES / "captions" / "release-retro.txt").episodes
    (messy_episode,) = run(path).episodes
    assert messy_episode.turns == clean_episode.turns


def test_backwards_time_and_garbage_lines_warn_with_their_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text(
        "0:00 one two\n0:03 three\n9:59 four\n0:09 five\n@@@ ###\n0:12 six\nseven eight\n", encoding="utf-8"
    )
    result = run(path)
    (episode,) = result.episodes
    assert words(" ".join(t.text for t in episode.turns)) == "one two three four five six seven eight".split()
    notes = {(w.line, w.message.split(";")[0]) for w in result.warnings}
    assert (3, "timestamp goes backwards") in notes
    assert (5, "line is neither a cue nor text") in notes
    starts = [t.start for t in episode.turns if t.start is not None]
    assert starts == sorted(starts)
