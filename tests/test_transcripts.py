"""Cue wrapping and timing of the transcript writers."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st

from etl.load.publication import dump_compact_json
from etl.load.transcripts import CUE_CHARS, VERSION, Cue, json_document, spans, wrap
from etl.util.timecode import whole

# folded text, as cues see it: words of any non-space characters (short, long, one letter) and single spaces
words = st.lists(
    st.text(st.characters(blacklist_categories=("Zs", "Zl", "Zp", "Cc", "Cs")), min_size=1, max_size=80),
    min_size=1,
    max_size=40,
)


@given(words)
def test_wrap_gives_textwraps_lines(parts):
    text = " ".join(" ".join(parts).split())
    expected = textwrap.wrap(text, CUE_CHARS, break_long_words=False, break_on_hyphens=False) or [text]
    assert wrap(text) == expected


def test_wrap_keeps_a_long_word_whole_and_fills_lines():
    long_word = "x" * 90
    text = f"a {long_word} " + " ".join(["word"] * 30)
    lines = wrap(text)
    assert lines[:2] == ["a", long_word]
    assert all(len(line) <= CUE_CHARS for line in lines[2:])
    assert " ".join(lines) == text
    assert len(lines[2]) > CUE_CHARS - len(" word")


def test_spans_share_boundaries_and_format_hours():
    cues = [Cue(None, 0, 1.5, "a", True), Cue(None, 1.5, 3723.25, "b", False)]
    assert [s.vtt for s in spans(cues)] == ["00:00:00.000 --> 00:00:01.500", "00:00:01.500 --> 01:02:03.250"]
    assert [s.srt for s in spans(cues)] == ["00:00:00,000 --> 00:00:01,500", "00:00:01,500 --> 01:02:03,250"]
    assert [(s.start, s.end) for s in spans(cues)] == [("0", "1.5"), ("1.5", "3723.25")]


times = st.floats(min_value=0, max_value=200_000, allow_nan=False).map(lambda t: round(t, 3))
any_text = st.text(min_size=1, max_size=30)  # quotes, backslashes, control characters, astral planes
cue_lists = st.lists(
    st.tuples(st.none() | st.just("") | any_text, times, times, any_text, st.booleans()).map(lambda t: Cue(*t)),
    max_size=12,
)


@given(cue_lists)
def test_json_document_is_what_json_dumps_writes(cues):
    """The hand-written JSON is json.dumps' compact, sorted output of the same document, byte for byte."""
    segments = []
    for cue in cues:
        segment = {"startTime": whole(cue.start), "endTime": whole(cue.end), "body": cue.text}
        if cue.speaker:
            segment["speaker"] = cue.speaker
        segments.append(segment)
    assert json_document(cues, spans(cues)) == dump_compact_json({"version": VERSION, "segments": segments})
