"""Published JSON is written by orjson: the same bytes json.dumps writes in our style, on whatever the model holds."""

from __future__ import annotations

import json
import math

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import episodes

from etl.util import jsontext


def by_json(document: object, *, indent: bool) -> bytes:
    if indent:
        return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2).encode("utf-8")
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _tiny_float(value: object) -> bool:
    """A float below 1e-4 anywhere in the value (where orjson and json write the same number differently)."""
    if isinstance(value, float):
        return 0 < abs(value) < 1e-4
    if isinstance(value, dict):
        return any(_tiny_float(v) for v in value.values())
    return isinstance(value, list) and any(_tiny_float(v) for v in value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(episodes(["a-show", "b"]))
def test_an_episode_document_is_written_as_json_dumps_writes_it(episode):
    document = episode.document()
    assume(not _tiny_float(document))  # the documented difference, tested below
    assert jsontext.indented(document) == by_json(document, indent=True)
    assert jsontext.compact(document) == by_json(document, indent=False)


# any JSON value: every string (control characters, quotes, U+2028, astral planes), 64-bit integers, floats
# json writes without an exponent below 1e-4 (the documented difference), nested lists and objects
_floats = st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x == 0 or abs(x) >= 1e-4)
_scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | _floats | st.text()
_values = st.recursive(_scalars, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=30)


@settings(max_examples=300)
@given(_values)
def test_any_json_value_is_written_as_json_dumps_writes_it(value):
    assert jsontext.indented(value) == by_json(value, indent=True)
    assert jsontext.compact(value) == by_json(value, indent=False)


def test_what_orjson_refuses_is_written_by_json_and_a_tiny_float_is_the_same_number():
    for value in ({"n": 2**70}, {1: "a"}):  # beyond 64 bits, a key that is not a string
        assert jsontext.indented(value) == by_json(value, indent=True)
        assert jsontext.compact(value) == by_json(value, indent=False)
    for tiny, said in ((1e-05, b"0.00001"), (5.960464477539063e-08, b"5.960464477539063e-8")):
        written = jsontext.compact({"bitrate": tiny})
        assert written == b'{"bitrate":' + said + b"}" != by_json({"bitrate": tiny}, indent=False)
        assert math.isclose(json.loads(written)["bitrate"], tiny, rel_tol=0, abs_tol=0)
