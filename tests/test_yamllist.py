"""The transcript list read line by line (`etl.util.yamllist`) gives what YAML gives, or leaves the text to YAML.

Held three ways: on lists a YAML dumper writes (every kind of value, any width), on those texts broken in
random places (each break is either read as YAML reads it or declined, never read otherwise), and on every
real DataTalks.Club page, most of which it must read itself (else it saves nothing).
"""

from __future__ import annotations

from typing import Any

import yaml
from conftest import shared
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.errors import SourceError
from etl.extract import front
from etl.util import yamllist, yamlsafe


def typed(value: Any) -> Any:
    """A value with its types spelled out: 1, 1.0 and True are equal in Python, not in YAML."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, repr(value))


def outcome(load: Any) -> Any:
    try:
        data, _ = load()
    except SourceError as error:
        return ("error", str(error))
    return ("data", typed(data))


KEYS = ("transcript", "quotableClips")


def assert_same(text: str) -> dict[str, list[int]]:
    """`load_lifting` reads `text` as YAML does (data, key order, types, errors), and gives the lines YAML's node
    tree gives for the items of each list it read itself; those lists' keys."""
    want = outcome(lambda: yamlsafe.load(text, "page.md", 2))
    lifted: dict[str, list[int]] = {}

    def lifting() -> Any:
        data, node, found = yamlsafe.load_lifting(text, "page.md", 2, KEYS)
        lifted.update(found)
        return data, node

    assert outcome(lifting) == want
    if lifted:
        _, node = yamlsafe.load(text, "page.md", 2)
        for key, lines in lifted.items():
            assert lines == yamlsafe.item_lines(node, 2, key)
    return lifted


# mostly what people say (long enough for a dumper to fold, with the punctuation that makes it quote), sometimes
# what YAML reads otherwise, sometimes anything
said = st.text(st.sampled_from(list("abcdefghij ABCXYZ  .,;!?'\"-:#[]()0129éü–’")), max_size=150)
_odd = "yes|No|1:03|0:12|012|0x1F|1e3|2020-01-01|~|null|| |a: b|a #b|'|''|-|- a|[laughs]|#|*a|&a|!x|>|%|@|`"
tricky = st.sampled_from([*_odd.split("|"), "|", "a\n", "\ta", "\ufeffa", "a\x85b", "a\u2028b", "a\n\nb"])
anything = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]))
others = st.one_of(st.integers(-(10**6), 10**6), st.floats(allow_nan=False), st.booleans(), st.dates())
# a page of what a transcript holds (its keys, said text, seconds), or of anything a dumper writes
plain_items = st.dictionaries(
    st.sampled_from(["line", "sec", "time", "who", "header"]), said | st.integers(0, 10**4) | st.none(), min_size=1
)
mixed_items = st.dictionaries(
    st.sampled_from(["line", "sec", "who", "yes", "x y", "1"]),
    said | tricky | anything | st.none() | others,
    min_size=1,
)


@st.composite
def pages(draw: st.DrawFn, kinds: tuple[Any, ...] = (plain_items, mixed_items)) -> str:
    """Front matter as a dumper writes it: the transcript list among other keys, at some line width."""
    page: dict[str, Any] = {"title": draw(said)}
    page["transcript"] = draw(st.lists(draw(st.sampled_from(kinds)), min_size=1, max_size=6))
    if draw(st.booleans()):
        page["links"] = {"youtube": "https://youtu.be/x"}
    if draw(st.booleans()):
        page["quotableClips"] = draw(st.lists(draw(st.sampled_from(kinds)), min_size=1, max_size=3))
    text = yaml.safe_dump(
        page,
        allow_unicode=draw(st.booleans()),
        width=draw(st.sampled_from([20, 40, 80, 1000])),
        sort_keys=draw(st.booleans()),
        indent=draw(st.sampled_from([2, 4])),
    )
    return indented(text) if draw(st.booleans()) else text


def indented(text: str) -> str:
    """Each top-level list indented under its key by two spaces, as people write lists by hand (the same YAML)."""
    out, inside = [], False
    for line in text.split("\n"):
        if line and not line.startswith((" ", "- ")):
            inside = line.endswith(":")  # a key whose value starts on the next line
        out.append(f"  {line}" if inside and line.startswith(("- ", "  ")) else line)
    return "\n".join(out)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_lists_a_dumper_writes_read_as_yaml_reads_them(text):
    assert_same(text)


breaks = st.sampled_from(
    [
        *[": ", " #", "#", "'", "''", '"', "\n", "\n  ", "\n    ", "\n- ", "\n\n", "\t", "\ufeff", "\x85", "\u2028"],
        *["*a", "&a ", "!!str ", "|", ">", "- ", "yes", "1:03", "~", "\\", "?", "{", "[", "---", "...", " ", "  "],
        *["x:", "\ntranscript:", "\ntranscript: x\n", "\nquotableClips:\n", "\nother: 1\n", "\r\n", "\x00"],
    ]
)


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(pages((plain_items,)), st.lists(st.tuples(st.floats(0, 1), breaks, st.integers(0, 3)), min_size=1, max_size=2))
def test_broken_lists_are_read_as_yaml_reads_them_or_declined(text, changes):
    for where, piece, cut in changes:
        at = int(where * len(text))
        text = text[:at] + piece + text[at + cut :]
    assert_same(text)


def test_the_shape_is_read_with_its_lines():
    text = (
        "title: A\ntranscript:\n- header: Start\n- line: It's a long line, folded\n    over two\n"
        "  sec: 63\n  time: '1:03'\n  who: Alexey\n\n- line: 'Yes: it''s\n\n    so'\n  who:\n"
        "links:\n  youtube: https://youtu.be/x\n"
    )
    assert assert_same(text) == {"transcript": [4, 5, 11]}
    data, _, _ = yamlsafe.load_lifting(text, "page.md", 2, KEYS)
    assert data["transcript"] == [
        {"header": "Start"},
        {"line": "It's a long line, folded over two", "sec": 63, "time": "1:03", "who": "Alexey"},
        {"line": "Yes: it's\nso", "who": None},
    ]
    assert list(data) == ["title", "transcript", "links"]


def test_a_list_indented_under_its_key():
    text = "title: A\ntranscript:\n  - line: one\n      two\n    who: B\n  - header: C\nlinks: {}\n"
    assert assert_same(text) == {"transcript": [4, 7]}
    data, _, _ = yamlsafe.load_lifting(text, "page.md", 2, KEYS)
    assert data["transcript"] == [{"line": "one two", "who": "B"}, {"header": "C"}]
    # an item at the key's own column ends such a list: YAML reads that as an error, so the line parser declines
    assert assert_same(text.replace("  - header", "- header")) == {}


def test_what_yaml_reads_otherwise_is_declined():
    """Each of these YAML reads as something other than text, or the line parser cannot tell: it declines them
    all (and YAML, reading them, agrees with itself)."""
    for value in ["1:03", "yes", "2020-01-01", "0x1F", '"quoted"', "|\n    block", "[a, b]", "*alias", "a # note"]:
        text = f"transcript:\n- line: {value}\n  who: A\n"
        assert yamllist.lift(text, KEYS, 2).lists == {}, value
        assert assert_same(text) == {}


def test_a_list_inside_another_value_is_not_taken_for_the_key():
    text = "title: 'a\ntranscript:\n- line: x'\ntranscript2: 1\n"
    assert yamllist.lift(text, KEYS, 2).lists  # the lines look like the list; YAML then says they are the title's
    assert assert_same(text) == {}


def test_real_pages_read_as_yaml_reads_them():
    folder = shared("corpus", "datatalks")
    read = 0
    for path in sorted(folder.glob("*.md")):
        found = front.yaml_block(path.read_text(encoding="utf-8"))
        if found is None:
            continue
        read += "transcript" in assert_same(found[0])
    assert read >= 190  # of 203: the few with double quotes or unusual values go to YAML
