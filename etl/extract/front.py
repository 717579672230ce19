"""Front matter at the top of a markdown page, for the readers of such pages (`datatalks`, `frontmatter`).

YAML between `---` lines (Jekyll, and Hugo's default), TOML between `+++` lines (Hugo's other), or a JSON
object that opens the page (Hugo's third: `{` on line 1, the body after its closing `}`). Parsed
safely (`etl.util.yamlsafe`, the standard library's tomllib), with the file line of each key, and the helpers for
the values both readers take: whole numbers, dates, one-line titles.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml

from etl.errors import SourceError
from etl.extract.common import load_json
from etl.model.draft import EpisodeDraft
from etl.util import yamlsafe

_YAML_OPEN = re.compile(r"\A---[ \t]*\n")
_CLOSE_REST = re.compile(r"[ \t]*(?:\n|\Z)")
_TOML = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.S)
OPEN = re.compile(r"\A(?:---|\+\+\+)[ \t]*\n")
CLOSE = re.compile(r"^(?:---|\+\+\+)[ \t]*$", re.M)
LONG_TITLE = 200  # characters: longer is a description pasted into `title`


@dataclass
class Front:
    data: dict[str, Any]
    body: str  # the markdown below the front matter
    path: str
    node: yaml.Node | None  # YAML's node tree, for line numbers
    raw: str  # the front matter's text (TOML has no node tree: keys are found in it)
    body_line: int = 1  # the file line the body starts on
    kind: str = "yaml"  # yaml, toml or json: how keys are found for their lines
    lifted: dict[str, list[int]] = field(default_factory=dict)  # the file line of each item of a lifted list

    def item_lines(self, key: str) -> list[int]:
        """The file line of each item of the list at `key` ([] when it is not a list)."""
        if key in self.lifted:
            return self.lifted[key]
        return yamlsafe.item_lines(self.node, 2, key)

    def line(self, *keys: str | int) -> int | None:
        """The file line of the value at `keys` (or of its nearest parent)."""
        if self.node is not None:
            return yamlsafe.line_of(self.node, 2, *keys)
        key = re.escape(str(keys[0])) if keys else None
        pattern = rf'"{key}"\s*:' if self.kind == "json" else rf"^\s*{key}\s*="
        found = re.search(pattern, self.raw, re.M) if key else None
        first = 1 if self.kind == "json" else 2
        return self.raw.count("\n", 0, found.start()) + first if found else 1


def closed(text: str) -> bool:
    """Front matter that opens on line 1 and is closed. The closing line is looked for from the end first: a page
    that holds its transcript in front matter closes it tens of kilobytes down, just above a short body."""
    if not OPEN.match(text):
        return False
    mark = text[:3]
    last = text.rfind(f"\n{mark}")
    if last > 3 and CLOSE.match(text, last + 1):
        return True
    return CLOSE.search(text, 4) is not None


def json_front(text: str) -> tuple[dict[str, Any], int] | None:
    """A JSON object that opens the page, and where it ends; None when the page does not open with one."""
    if not text.startswith("{"):
        return None
    try:
        found, end = json.JSONDecoder().raw_decode(text)
    except (json.JSONDecodeError, RecursionError):
        return None
    return (found, end) if isinstance(found, dict) else None


def yaml_block(text: str) -> tuple[str, int] | None:
    """The YAML front matter between a first line `---` and the next line `---` (trailing spaces allowed), and
    where that line ends; None when the page does not open and close it so (tests/test_front.py holds it to that
    rule written as a pattern). Found with str.find: the lazy pattern that did this took ~0.7 ms a page whose
    front matter holds its transcript, and after an empty front matter took the body up to its own `---` line."""
    opened = _YAML_OPEN.match(text)
    if opened is None:
        return None
    start = at = opened.end()
    while True:  # `at`: the start of a line that may close it
        if text.startswith("---", at) and (rest := _CLOSE_REST.match(text, at + 3)):
            return text[start:at], rest.end()
        at = text.find("\n---", at) + 1
        if not at:
            return None


def split(text: str, path: str, lift: tuple[str, ...] = ()) -> Front:
    """The page's front matter and body (raises SourceError, with the line, for broken front matter).

    `lift`: top-level keys whose values are long lists of flat mappings (a transcript), read line by line where
    they have the shape `etl.util.yamllist` reads (`Front.item_lines` gives their items' lines)."""
    if text.startswith("{"):
        opened = json_front(text)
        if opened is None:
            load_json(text, path)  # raises with the line where the JSON stops being JSON
            raise SourceError("front matter in JSON must be an object", path, 1)
        data, end = opened
        raw = text[:end]
        return Front(data, text[end:].lstrip("\n"), path, None, raw, text.count("\n", 0, end) + 2, "json")
    yaml_found, toml_match = yaml_block(text), _TOML.match(text)
    if toml_match:
        raw = toml_match.group(1) or ""
        try:
            data = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            line = getattr(exc, "lineno", None)
            raise SourceError(f"invalid TOML front matter: {exc.args[0]}", path, line + 1 if line else 2) from None
        return Front(data, text[toml_match.end() :], path, None, raw, text.count("\n", 0, toml_match.end()) + 1)
    if yaml_found is None:
        raise SourceError("no front matter: the page must start with `---` (or `+++`) and close it", path, 1)
    raw, end = yaml_found
    data, node, lifted = yamlsafe.load_lifting(raw, path, 2, lift)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError("front matter must be a YAML mapping", path, 2)
    body_line = text.count("\n", 0, end) + 1
    return Front(data, text[end:], path, node, raw, body_line, lifted=lifted)


def whole_number(front: Front, key: str, *, text_too: bool = False) -> int | None:
    """A whole number of 0 or more (`text_too`: "12" as well, as Hugo pages write them)."""
    value = front.data.get(key)
    if value is None:
        return None
    if text_too and isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SourceError(f"`{key}` must be a whole number of 0 or more, not {value!r}", front.path, front.line(key))
    return value


def published(value: Any) -> str | None:
    """ISO 8601 from a YAML date or date-time, or from text in either form (None when it is neither)."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            if len(text) <= 10:
                return dt.date.fromisoformat(text).isoformat()
            return dt.datetime.fromisoformat(text).isoformat()
        except ValueError:
            return None
    return None


def title(draft: EpisodeDraft, front: Front, key: str = "title") -> None:
    """One line, white space folded: a title pasted with newlines (or a whole description) still publishes as
    a title, with a warning that says how to give a better one."""
    value = front.data.get(key)
    if value is None:
        return
    if not isinstance(value, str):
        raise SourceError(f"`{key}` must be text, not {value!r}", front.path, front.line(key))
    if not value.strip():
        return
    draft.title = " ".join(value.split())
    if "\n" in value.strip() or len(draft.title) > LONG_TITLE:
        lines = value.strip().count("\n") + 1
        shape = f"{lines} lines, " if lines > 1 else ""
        draft.warn(
            f"title is {shape}{len(draft.title)} characters; published as one line "
            "(set `override.title` in etl.yaml for a shorter one)",
            front.line(key),
        )
