"""Cue wrapping and timing of the transcript writers."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st

from etl.load.publication import dump_compact_json
from etl.load.transcripts import CUE_CHARS, VERSION, Cue, folded, timed_files, wrap
from etl.util.timecode import format_timestamp, whole

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


def test_timed_files_share_boundaries_and_format_hours():
    cues = [Cue("Ann", 0, 1500, "a <b> & c", True), Cue("Ann", 1500, 3_723_250, "d", False)]
    files = timed_files(cues)
    assert files.vtt.decode().split("\n\n") == [
        "WEBVTT",
        "00:00:00.000 --> 00:00:01.500\n<v Ann>a &lt;b&gt; &amp; c",
        "00:00:01.500 --> 01:02:03.250\n<v Ann>d\n",
    ]
    assert files.srt == b"1\n00:00:00,000 --> 00:00:01,500\nAnn: a <b> & c\n\n2\n00:00:01,500 --> 01:02:03,250\nd\n"
    assert files.json.startswith(b'{"segments":[{"body":"a <b> & c","endTime":1.5,"speaker":"Ann","startTime":0},')


times = st.integers(min_value=0, max_value=200_000_000)  # whole milliseconds, as cues hold them
any_text = st.text(min_size=1, max_size=30)  # quotes, backslashes, control characters, astral planes
cue_lists = st.lists(
    st.tuples(st.none() | st.just("") | any_text, times, times, any_text, st.booleans()).map(lambda t: Cue(*t)),
    max_size=12,
)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@given(cue_lists)
def test_timed_files_are_what_the_plain_renderings_write(cues):
    """One pass writes what the obvious code does: json.dumps' compact, sorted output of the document, and
    each cue's block with format_timestamp's times, byte for byte."""
    segments = []
    for cue in cues:
        start, end = cue.start_ms / 1000, cue.end_ms / 1000
        segment = {"startTime": whole(start), "endTime": whole(end), "body": cue.text}
        if cue.speaker:
            segment["speaker"] = cue.speaker
        segments.append(segment)
    spans = [f"{format_timestamp(cue.start_ms / 1000)} --> {format_timestamp(cue.end_ms / 1000)}" for cue in cues]
    vtt = ["WEBVTT"] + [
        f"{span}\n{f'<v {_escaped(cue.speaker)}>' if cue.speaker else ''}{_escaped(cue.text)}"
        for cue, span in zip(cues, spans, strict=True)
    ]
    srt = [
        f"{n}\n{format_timestamp(cue.start_ms / 1000, ',')} --> {format_timestamp(cue.end_ms / 1000, ',')}\n"
        f"{f'{cue.speaker}: ' if cue.speaker and cue.first_of_turn else ''}{cue.text}"
        for n, cue in enumerate(cues, 1)
    ]
    files = timed_files(cues)
    assert files.json == dump_compact_json({"version": VERSION, "segments": segments})
    assert files.vtt == ("\n\n".join(vtt) + "\n").encode()
    assert files.srt == ("\n\n".join(srt) + "\n").encode()


# turns as readers leave them: paragraphs between blank lines, and any white space a source kept
turn_texts = st.lists(
    st.sampled_from(["a", "word", "\n\n", " ", "  ", "\n", "\u00a0", "\t", "\u200b", "é"]), max_size=12
)


@given(turn_texts.map("".join))
def test_folded_is_split_and_join(text):
    assert folded(text) == " ".join(text.split())
