"""A long YAML list of flat mappings read line by line, or not at all (then YAML reads the whole document).

A DataTalks.Club page holds its transcript in front matter: hundreds of `- line: … / sec: … / time: … /
who: …` items, as a YAML dumper writes them. PyYAML builds a node and a Python object for every key and
value (its constructor is Python even with the C parser): 5.4 ms a page, ~2.2 ms read here. `lift` reads
the lists that have exactly that shape and leaves any other to YAML, which reads the rest of the document
(`etl.util.yamlsafe.load_lifting`); what comes out is equal to what YAML gives for the same text, or YAML
reads the whole text as before (tests/test_yamllist.py holds the two equal on generated and real documents).

The shape read, everything else declined:
- the key on a line of its own at column 0, its items at one indentation (`- ` at column S), each item's
  keys at S + 2: simple keys, each read once;
- values: plain scalars (continued on lines indented deeper, folded as YAML folds them) that YAML resolves
  to text, a whole number without sign or leading zero, a decimal fraction or null; single-quoted scalars
  (on one line or several);
- not read (declined): double quotes (escapes), block scalars (`|`, `>`), flow collections, anchors,
  aliases, tags, comments, tabs, characters YAML does not allow, and a plain scalar that could end early
  (`: `, ` #`) or that YAML resolves to anything else (`yes`, `1:03`, `2020-01-01`, `0x1F`).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import yaml

# The resolvers the C and the Python loaders both apply to plain scalars (by first character)
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_STR, _INT, _FLOAT, _NULL = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "null"))
_DECIMAL = re.compile(r"(?:0|[1-9][0-9]*)\Z")
_FRACTION = re.compile(r"[0-9]+\.[0-9]+\Z")
# what may not start a plain scalar read here (indicators, quotes), what may not be in one (a colon or hash that
# could end it), and what may not be anywhere in the list: tabs, characters outside YAML's printable set, a BOM,
# and the line breaks YAML 1.1 has besides \n (NEL, U+2028, U+2029)
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_UNREAD = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _cut(text: str) -> bool:
    """Whether a plain scalar could end early: `: `, ` #` or a colon last (str's search: a pattern was slower)."""
    return ": " in text or " #" in text or text[-1] == ":"


class _Declined(Exception):
    """The text is not the shape read here: YAML reads it."""


def _resolved(value: str) -> Any:
    """A plain scalar as YAML resolves it, where that is text, a number written simply or null."""
    if value.isdigit() and value.isascii() and (value[0] != "0" or len(value) == 1):  # seconds, mostly
        return int(value)
    tag = _STR
    for candidate, pattern in _RESOLVERS.get(value[:1], ()):
        if pattern.match(value):
            tag = candidate
            break
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _INT and _DECIMAL.match(value):
        return int(value)
    if tag == _FLOAT and _FRACTION.match(value):
        return float(value)
    raise _Declined


def _folded(lines: list[str], quoted: bool = False) -> str:
    """Lines of one scalar joined as YAML folds them: a line break is a space, each empty line between two lines
    a newline; white space at each break dropped (and, for a plain scalar, at its ends)."""
    out = [lines[0].rstrip(" ") if len(lines) > 1 or not quoted else lines[0]]
    blanks = 0
    for n, line in enumerate(lines[1:], 2):
        text = line.lstrip(" ") if quoted and n == len(lines) else line.strip(" ")
        if not text and n < len(lines):
            blanks += 1
            continue
        out.append("\n" * blanks if blanks else " ")
        out.append(text)
        blanks = 0
    return "".join(out)


def _plain(lines: list[str]) -> Any:
    """A plain scalar on several lines (the first rstripped)."""
    first = lines[0]
    if first[0] in _PLAIN_START:
        raise _Declined
    below = [line.strip(" ") for line in lines[1:]]
    joined = "\n".join([first, *below])
    if _cut(joined) or "\n#" in joined or ":\n" in joined:
        raise _Declined
    value = joined.replace("\n", " ") if all(below) else _folded(lines)
    return _resolved(value) if value[0] in _RESOLVERS else value


def _quoted(lines: list[str]) -> str:
    """A single-quoted scalar: its opening quote starts the first line, its closing quote ends the last."""
    last = lines[-1]
    if not last.endswith("'") or (last == "'" and len(lines) == 1):  # no closing quote (one line: the opening one)
        raise _Declined
    lines = [lines[0][1:], *lines[1:]]
    lines[-1] = lines[-1][:-1]
    for line in lines:  # a lone quote inside would close it early
        if "'" in line and "'" in line.replace("''", ""):
            raise _Declined
    return _folded(lines, quoted=True).replace("''", "'")


def _value(first: str | None, more: str) -> Any:
    """A value from the rest of its key's line and the lines under it (indented deeper, or blank)."""
    if first and first[-1] == " ":
        first = first.rstrip(" ")
    if more and not more.isspace():
        if not first:
            raise _Declined  # a value that starts on the line below its key
        lines = [first, *more.rstrip(" \n").split("\n")]
        return _quoted(lines) if first[0] == "'" else _plain(lines)
    if not first:
        return None
    start = first[0]
    if start == "'":  # most quoted values: on one line, no quote inside
        inner = first[1:-1]
        return inner if first[-1] == "'" and len(first) > 1 and "'" not in inner else _quoted([first])
    if start in _PLAIN_START or _cut(first):
        raise _Declined
    return _resolved(first) if start in _RESOLVERS else first


def _field(indent: int) -> re.Pattern[str]:
    """One key and its value at this list's indentation: `- key: …` opening an item or `  key: …` in one, then
    the lines under it that are blank or indented deeper (a value continued, or blank lines between items)."""
    pad = " " * indent
    return re.compile(rf"{pad}(- |  )([A-Za-z_][A-Za-z0-9_]{{0,127}}):(?: +([^\n]*))?\n((?:[ ]*\n|{pad}   [^\n]*\n)*)")


def _items(block: str, first_line: int) -> tuple[list[dict[str, Any]], list[int]]:
    if _UNREAD.search(block):
        raise _Declined
    field = _field(len(block) - len(block.lstrip(" ")))
    keys: set[str] = set()  # the keys seen resolve to themselves (not `yes`, `null`)
    items: list[dict[str, Any]] = []
    starts: list[int] = []
    mapping: dict[str, Any] = {}
    pos, line, end = 0, first_line, len(block)
    while pos < end:
        found = field.match(block, pos)
        if found is None:
            raise _Declined
        dash, key, first, more = found.groups()
        if dash == "- ":
            mapping = {}
            items.append(mapping)
            starts.append(line)
        elif not items or key in mapping:
            raise _Declined
        if key not in keys:
            if _resolved(key) != key:
                raise _Declined
            keys.add(key)
        mapping[key] = _value(first, more)
        line += 1 + more.count("\n") if more else 1
        pos = found.end()
    return items, starts


class Lifted(NamedTuple):
    """A document with its lists taken out: the text left (their lines blank, so every other line keeps its
    number, and `KEY: []` for each), and for each key its items, each item's file line and the line of `KEY:`
    (from 0, as YAML counts)."""

    text: str
    lists: dict[str, tuple[list[dict[str, Any]], list[int], int]]


# the end of a list at column 0: the first line that opens with anything but a space or `- ` (or the end)
_LIST_END = re.compile(r"\n(?=[^ \n])(?!- )")


def lift(text: str, keys: tuple[str, ...], first_line: int) -> Lifted:
    """`text` (a YAML mapping) with the lists at top-level `keys` that have the shape read here taken out and
    read; those that are not there, or not in that shape, are left to YAML. `first_line` is the file line
    `text` starts on.

    The caller checks that YAML reads each `KEY: []` from the text left as the mapping's own (`placed`): only
    then were the lines taken out the list's."""
    lists: dict[str, tuple[list[dict[str, Any]], list[int], int]] = {}
    for key in keys:
        head = f"{key}:"
        if text.startswith(head):
            at = 0
        else:
            at = text.find(f"\n{head}") + 1
            if not at:
                continue
        opened = text.find("\n", at) + 1
        if not opened or text.find(f"\n{head}", at) >= 0 or text[at + len(head) : opened].strip(" \n"):
            continue
        ended = _LIST_END.search(text, opened - 1)
        closed = ended.start() + 1 if ended else len(text)
        block = text[opened:closed].rstrip(" \n")
        if not block.lstrip(" ").startswith("- "):
            continue
        key_line = text.count("\n", 0, at)
        try:
            items, starts = _items(block + "\n", first_line + key_line + 1)
        except _Declined:
            continue
        lists[key] = (items, starts, key_line)
        blank = "\n" * block.count("\n")  # the list's lines but its last, whose line break stays in the text
        text = f"{text[:at]}{head} []\n{blank}{text[opened + len(block) :]}"
    return Lifted(text, lists)


def placed(node: yaml.Node | None, key: str, line: int) -> bool:
    """Whether the mapping YAML read holds `key` last on `line` (0-based, as YAML counts), with `[]` for it."""
    if not isinstance(node, yaml.MappingNode):
        return False
    found = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key]
    if not found:
        return False
    name, value = found[-1]
    return (
        name.start_mark.line == line
        and name.tag == _STR
        and isinstance(value, yaml.SequenceNode)
        and not value.value
        and value.start_mark.line == line
    )
