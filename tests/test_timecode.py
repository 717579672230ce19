import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.util.timecode import (
    format_clock,
    format_timestamp,
    millis_stamps,
    out_of_order,
    parse_clock,
    parse_iso_duration,
    whole,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("0:00", 0),
        ("3:12", 192),
        ("12:14", 734),
        ("1:02:17", 3737),
        ("01:00:19", 3619),
        ("0:01.5", 1.5),
        ("0:59:59,25", 3599.25),
        ("75:30", 4530),
    ],
)
def test_parse_clock(text, seconds):
    assert parse_clock(text) == seconds


@pytest.mark.parametrize("text", ["", "12", "1:2", "1:60", "a:bc", "1:00:00:00", "-1:00", "1:60:00", "0:00.1234"])
def test_parse_clock_rejects(text):
    with pytest.raises(ValueError):
        parse_clock(text)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("PT01H35S", 3635), ("PT58M44S", 3524), ("PT1H2M3S", 3723), ("PT12M30S", 750), ("P1DT1S", 86401)],
)
def test_parse_iso_duration(text, seconds):
    assert parse_iso_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "P", "PT", "1:00", "PT1X", "P1DT"])
def test_parse_iso_duration_rejects(text):
    with pytest.raises(ValueError):
        parse_iso_duration(text)


def test_formatting():
    assert format_clock(192) == "3:12"
    assert format_clock(3737) == "1:02:17"
    assert format_timestamp(3737.25) == "01:02:17.250"
    assert format_timestamp(1.5, ",") == "00:00:01,500"
    assert millis_stamps(3_737_250) == ("01:02:17.250", "3737.25")
    assert millis_stamps(734_000) == ("00:12:14.000", "734")


@given(st.integers(0, 10**12))
def test_millis_stamps_are_the_timestamp_and_the_json_number(millis):
    seconds = millis / 1000
    assert millis_stamps(millis) == (format_timestamp(seconds), repr(whole(seconds)))


def test_out_of_order_drops_the_spike_not_everything_after_it():
    # the corpus shape: 2016 -> 2666 (typo) -> 2092 -> 2093 ...
    times = [1989, 2016, 2666, 2092, 2093, 2107, 2138]
    assert out_of_order(times) == {2}


def test_out_of_order_ignores_unknown_times():
    assert out_of_order([None, 5, None, 3, 4, 6]) == {1}
    assert out_of_order([]) == set()
    assert out_of_order([1, 1, 2]) == set()
