"""Where YAML front matter opens and closes: the hand-written search finds what the pattern describes."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from etl.extract.front import yaml_block

# the rule, as a pattern: a first line `---`, then the next line that is `---` (trailing spaces or tabs allowed).
# `??`: an empty front matter first. The reader's pattern had `?` and took `---\n---\nbody\n---\n` for a front
# matter of `---\nbody\n`: after an empty one, everything up to the body's own `---` line.
PATTERN = re.compile(r"\A---[ \t]*\n(.*?\n)??---[ \t]*(?:\n|\Z)", re.S)

# pages made of the pieces that matter: delimiter lines and near misses, blank lines, text, trailing white space
_pieces = st.sampled_from(["---", "--- ", "---\t", "----", " ---", "-- -", "a: 1", "", "x---", "---x", "\r", "+++"])
pages = st.lists(_pieces | st.text(max_size=5), max_size=12).map("\n".join) | st.text(max_size=30)


@given(pages)
def test_yaml_block_finds_what_the_pattern_matches(page):
    found = PATTERN.match(page)
    assert yaml_block(page) == ((found.group(1) or "", found.end()) if found else None)


def test_yaml_block_on_pages_as_written():
    assert yaml_block("---\ntitle: A\n---\nbody\n") == ("title: A\n", 17)
    assert yaml_block("---\n---\nbody\n---\n") == ("", 8)  # an empty one: the body's own `---` is the body's
    assert yaml_block("---\n---\n") == ("", 8)
    assert yaml_block("--- \na: 1\n----\n---\t\nbody") == ("a: 1\n----\n", 20)
    assert yaml_block("---\na: 1\n") is None  # never closed
    assert yaml_block("a: 1\n---\n") is None  # not opened on line 1
