"""Safe YAML: the C loader when present, node positions for line numbers, no alias bombs."""

from __future__ import annotations

import re
from typing import Any

import yaml

from etl.errors import SourceError
from etl.util import yamllist

try:  # the C loader is ~10x faster on the corpus; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 100
# a line that opens with more indentation and block indicators than MAX_DEPTH levels take: the first line, or one
# after a newline. Not `^` with re.M: the newline, a literal, lets the search skip ahead (~50 us on a 60 KB front
# matter, ~330 us with `^`, ~590 us as the loop over every line's prefix it replaces)
_DEEP = rf"[ \t?:-]{{{4 * MAX_DEPTH + 1}}}"
_DEEP_FIRST, _DEEP_LATER = re.compile(_DEEP), re.compile(rf"\n{_DEEP}")


def _guard_nesting(text: str, path: str, first_line: int) -> None:
    """Refuse deeply nested YAML before libyaml sees it: its composer recurses and crashes the process.

    Both measures over-count (brackets inside quoted text count too), which only ever
    rejects a document that is absurd anyway.
    """
    if text.count("[") + text.count("{") > MAX_DEPTH:
        depth = 0
        for match in re.finditer(r"[\[\]{}]", text):
            depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + first_line
                raise SourceError(f"YAML nested deeper than {MAX_DEPTH} levels", path, line)
    if _DEEP_FIRST.match(text):
        raise SourceError(f"YAML nested deeper than {MAX_DEPTH} levels", path, first_line)
    deep = _DEEP_LATER.search(text)
    if deep is not None:
        line = text.count("\n", 0, deep.start() + 1) + first_line
        raise SourceError(f"YAML nested deeper than {MAX_DEPTH} levels", path, line)


def _refuse_aliases(root: yaml.Node, path: str, first_line: int) -> None:
    """Safe loaders expand `*alias` into shared references: a "billion laughs" document is small in
    memory but explodes in whoever walks it. Front matter never needs aliases, so none are allowed."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise SourceError("YAML aliases are not allowed", path, node.start_mark.line + first_line)
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)


def load(text: str, path: str, first_line: int = 1) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML document; returns the data and its node tree (for line numbers).

    `first_line` is the file line where `text` starts, so errors point into the file.
    """
    _guard_nesting(text, path, first_line)
    return _load(text, path, first_line)


def load_lifting(
    text: str, path: str, first_line: int, keys: tuple[str, ...]
) -> tuple[Any, yaml.Node | None, dict[str, list[int]]]:
    """`load`, with the long lists at top-level `keys` read line by line where they have the shape
    `etl.util.yamllist` reads (equal data, a fraction of the time), and the file line of each of their items
    (a key YAML read is not there: `item_lines` finds them in the node tree). Anything else, errors included,
    is `load`'s."""
    _guard_nesting(text, path, first_line)
    lifted = yamllist.lift(text, keys, first_line)
    if lifted.lists:
        try:
            data, node = _load(lifted.text, path, first_line)
        except SourceError:
            data = node = None  # the whole text's own error, from YAML below
        if isinstance(data, dict) and all(yamllist.placed(node, k, at) for k, (_, _, at) in lifted.lists.items()):
            for key, (items, _, _) in lifted.lists.items():
                data[key] = items
            return data, node, {key: lines for key, (_, lines, _) in lifted.lists.items()}
    return (*_load(text, path, first_line), {})


def _load(text: str, path: str, first_line: int) -> tuple[Any, yaml.Node | None]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        if "*" in text:  # no alias without a star: skip the walk on the common path
            _refuse_aliases(node, path, first_line)
        return loader.construct_document(node), node
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else None
        raise SourceError(f"invalid YAML: {exc.problem or exc.context}", path, line) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid YAML: {exc}", path, first_line) from None
    except RecursionError:
        raise SourceError("YAML nested too deeply", path, first_line) from None
    finally:
        loader.dispose()


def line_of(node: yaml.Node | None, first_line: int, *keys: str | int) -> int | None:
    """The file line of the value at `keys` (mapping keys or sequence indexes), or of the nearest parent."""
    if node is None:
        return None
    return _nearest(node, keys)[0].start_mark.line + first_line


def item_lines(node: yaml.Node | None, first_line: int, *keys: str | int) -> list[int]:
    """The file line of each item of the sequence at `keys`, from one walk (line_of on each item walks from the
    root again: a transcript of thousands of lines); [] when the value there is not a sequence."""
    if node is None:
        return []
    found, there = _nearest(node, keys)
    if not there or not isinstance(found, yaml.SequenceNode):
        return []
    return [item.start_mark.line + first_line for item in found.value]


def _nearest(node: yaml.Node, keys: tuple[str | int, ...]) -> tuple[yaml.Node, bool]:
    """The node at `keys`, or the nearest parent that is there; whether it is the node at `keys`."""
    best = node
    for key in keys:
        if isinstance(best, yaml.MappingNode):
            match = next((v for k, v in best.value if getattr(k, "value", None) == key), None)
        elif isinstance(best, yaml.SequenceNode) and isinstance(key, int) and key < len(best.value):
            match = best.value[key]
        else:
            match = None
        if match is None:
            return best, False
        best = match
    return best, True
