"""Whether a schema change breaks consumers: the rules of the version policy (docs/model.md), as code.

Breaking (needs a new major version): a property removed or renamed, a type narrowed (a value that was valid
is not), an enum that lost a value, a property newly required, a value newly nullable (consumers that never
saw null would now get it). Everything else (a new optional property, a description, a looser constraint)
is a minor change. Both schemas are compared with their `$ref`s inlined, property by property.
"""

from __future__ import annotations

from typing import Any

from etl.model.schema import inline_refs

JSON_TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")


def _types(node: dict[str, Any]) -> set[str]:
    """The JSON types a schema node allows (an integer is a number too)."""
    if "anyOf" in node:
        return set().union(*(_types(branch) for branch in node["anyOf"]))
    declared = node.get("type")
    if declared is None:
        return {"string"} if "enum" in node or "const" in node else set(JSON_TYPES)
    found = {declared} if isinstance(declared, str) else set(declared)
    return found | {"integer"} if "number" in found else found


def _branch(node: dict[str, Any], kind: str) -> dict[str, Any]:
    """The part of a node that applies to values of one type (`anyOf` branches merged naively)."""
    for branch in node.get("anyOf", []):
        if kind in _types(branch):
            return branch
    return node


def breaking(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Every breaking difference from `old` to `new`, one line each (empty: a minor change at most)."""
    return _compare(inline_refs(old, old.get("$defs", {})), inline_refs(new, new.get("$defs", {})), "")


def _compare(old: dict[str, Any], new: dict[str, Any], where: str) -> list[str]:
    found: list[str] = []
    here = where or "/"
    lost = _types(old) - _types(new)
    if lost - {"null"}:
        found.append(f"{here}: type narrowed, no longer {', '.join(sorted(lost - {'null'}))}")
    if "null" in _types(new) - _types(old):
        found.append(f"{here}: newly nullable")
    old_enum, new_enum = _branch(old, "string").get("enum"), _branch(new, "string").get("enum")
    if old_enum is not None and new_enum is not None and set(old_enum) - set(new_enum):
        found.append(f"{here}: enum lost {sorted(set(old_enum) - set(new_enum))}")
    old_object, new_object = _branch(old, "object"), _branch(new, "object")
    for name in sorted(set(new_object.get("required", [])) - set(old_object.get("required", []))):
        found.append(f"{where}/{name}: newly required")
    new_properties = new_object.get("properties", {})
    for name, schema in sorted(old_object.get("properties", {}).items()):
        if name not in new_properties:
            found.append(f"{where}/{name}: removed or renamed")
        else:
            found += _compare(schema, new_properties[name], f"{where}/{name}")
    old_items, new_items = _branch(old, "array").get("items"), _branch(new, "array").get("items")
    if isinstance(old_items, dict) and isinstance(new_items, dict):
        found += _compare(old_items, new_items, f"{where}/[]")
    return found


def major(version: str) -> int:
    return int(version.split(".", 1)[0])
