"""One episode's collection pieces packed in one file (etl.pipeline.pieces)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl import load
from etl.pipeline import pieces

names = st.text(st.characters(blacklist_categories=("Zs", "Zl", "Zp", "Cc", "Cs"), max_codepoint=127), min_size=1)


@given(st.dictionaries(names, st.binary(max_size=300), max_size=6))
def test_each_piece_comes_back_as_it_was_spooled(spooled):
    packed = pieces.pack(spooled)
    for name, data in spooled.items():
        assert pieces.unpack(io.BytesIO(packed), name) == data
    with pytest.raises(KeyError):
        pieces.unpack(io.BytesIO(packed), "\x7fnone")


def test_every_collection_writers_name_can_head_a_packed_file():
    """Names are split on white space: no writer's may hold any."""
    spooling = [w.NAME for w in load.COLLECTION_WRITERS if hasattr(w, "spool")]
    assert spooling and all(name.isascii() and name.split() == [name] for name in spooling)
