"""The published episode schema, and the check every episode passes against it before it is written.

pydantic validates an episode as it is made; this module then validates its JSON document against
the committed schema, so what consumers read is what the contract says, whatever pydantic allowed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import fastjsonschema

from etl.errors import SourceError
from etl.model import SCHEMA_VERSION, Episode

if TYPE_CHECKING:
    import jsonschema

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS = "schemas"  # the folder, in the repository and in the out folder, that holds the schemas


def schema_id(name: str, base_url: str | None = None) -> str:
    """A schema's `$id`: its URL under the publication's base URL (where consumers fetch it beside the
    data), or its file name alone, relative to wherever it was fetched, when there is no base URL."""
    return schema_url(name, base_url) if base_url else f"{name}.schema.json"


def schema_url(name: str, base_url: str | None = None) -> str:
    """Where a published file's schema is: its URL, or without a base URL its path from the out folder."""
    relative = f"{SCHEMAS}/{name}.schema.json"
    return base_url.rstrip("/") + "/" + relative if base_url else relative


def episode_schema(base_url: str | None = None) -> dict[str, Any]:
    """The JSON Schema of one episode file, generated from the model (committed as
    schemas/episode.schema.json, published at `<base_url>/schemas/episode.schema.json`)."""
    schema = Episode.model_json_schema(mode="serialization")
    schema["description"] = (
        f"One episode, `episodes/<id>.json`. Schema version {SCHEMA_VERSION}: the index's `schema_version` "
        "says which version a build follows; see docs/model.md for the version policy."
    )
    return {"$schema": DIALECT, "$id": schema_id("episode", base_url), **schema}


def index_schema(base_url: str | None = None) -> dict[str, Any]:
    """The JSON Schema of `index.json`: its entries are episodes without `turns`, from the same model."""
    episode = Episode.model_json_schema(mode="serialization")
    entry = {key: value for key, value in episode.items() if key != "$defs"}
    entry["properties"] = {k: v for k, v in entry["properties"].items() if k != "turns"}
    entry["required"] = [k for k in entry.get("required", []) if k != "turns"]
    entry["title"] = "IndexEntry"
    entry["description"] = "An episode as in `episodes/<id>.json`, without `turns` (fetch that file for them)."
    defs = {key: value for key, value in episode.get("$defs", {}).items() if key != "Turn"}
    return {
        "$schema": DIALECT,
        "$id": schema_id("index", base_url),
        "title": "Index",
        "description": "`index.json`: every published episode, the file a consumer reads first. Schema version "
        f"{SCHEMA_VERSION}.",
        "type": "object",
        "additionalProperties": False,
        "required": ["$schema", "episodes", "schema_version"],
        "properties": {
            "$schema": {
                "type": "string",
                "description": "This schema's URL; without a base URL, its path from the index "
                "(`schemas/index.schema.json`).",
                "examples": [schema_url("index", "https://podcasts.example.org/")],
            },
            "schema_version": {
                "type": "string",
                "pattern": r"^\d+\.\d+\.\d+$",
                "description": "The version of this schema and of the episode schema the build follows "
                "(MAJOR.MINOR.PATCH; see docs/model.md for the version policy).",
                "examples": [SCHEMA_VERSION],
            },
            "episodes": {
                "type": "array",
                "items": {"$ref": "#/$defs/IndexEntry"},
                "description": "Every episode: newest `published` first, undated last, then by `id`.",
            },
        },
        "$defs": {**defs, "IndexEntry": entry},
    }


def inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """`node` with every `$ref` to `defs` replaced by its definition (none of ours is recursive)."""
    if isinstance(node, dict):
        if "$ref" in node:
            return inline_refs(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
        return {k: inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [inline_refs(item, defs) for item in node]
    return node


_TYPED_KEYWORDS = {
    "type",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "items",
    "properties",
    "required",
    "additionalProperties",
    "minItems",
    "title",
    "description",
}


def _merge_nullable(node: Any) -> Any:
    """`anyOf: [{type: T, ...}, {type: null}]` -> `{type: [T, null], ...}`: the same constraint (each
    keyword here only applies to its own type), checked in one step instead of two branches."""
    if isinstance(node, list):
        return [_merge_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _merge_nullable(value) for key, value in node.items()}
    branches = node.get("anyOf")
    if isinstance(branches, list) and len(branches) == 2 and {"type": "null"} in branches:
        other = next(b for b in branches if b != {"type": "null"})
        if isinstance(other.get("type"), str) and set(other) <= _TYPED_KEYWORDS:
            merged = {key: value for key, value in node.items() if key != "anyOf"}
            merged.update(other)
            merged["type"] = [other["type"], "null"]
            return merged
    return node


@functools.cache
def _validator() -> Callable[[Any], Any]:
    # Validating each of thousands of turns through the committed schema's $defs and nullable
    # anyOf branches with jsonschema was a fifth of a build. The build validates an equivalent
    # form (refs inlined, none is recursive; nullable branches merged) compiled to Python code by
    # fastjsonschema. Its keywords mean the same in draft 7, which fastjsonschema implements.
    # A test holds the compiled form to jsonschema's verdicts on the committed schema.
    schema = episode_schema()
    flat = _merge_nullable(inline_refs(schema, schema.get("$defs", {})))
    flat = {key: value for key, value in flat.items() if key not in ("$schema", "$id")}
    return fastjsonschema.compile(flat, use_default=False)  # by default it writes schema defaults into the data


@functools.cache
def _reference() -> jsonschema.protocols.Validator:
    """jsonschema on the committed schema itself: slower, with the clearest message for a failure. Imported here,
    when an episode fails: most builds never need it, and importing it was a tenth of a one-change build's
    start."""
    import jsonschema

    schema = episode_schema()
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def is_valid(document: dict[str, Any]) -> bool:
    try:
        _validator()(document)
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


def validate_document(document: dict[str, Any]) -> None:
    """Raise SourceError unless `document` is valid against the published episode schema."""
    try:
        _validator()(document)
    except fastjsonschema.JsonSchemaValueException as exc:
        from jsonschema.exceptions import best_match

        error = best_match(_reference().iter_errors(document))
        if error is None:  # only the compiled form's stricter format checks object: its words, our shape
            where = exc.name.removeprefix("data").lstrip(".").replace(".", "/") or "episode"
            said = exc.message.removeprefix(exc.name).strip()
        else:
            where, said = "/".join(str(p) for p in error.absolute_path) or "episode", error.message
        field = episode_schema()["properties"].get(where.split("/")[0], {})
        value = document.get(where) if "/" not in where else None
        shown = f" ({value!r})" if isinstance(value, str | int | float) else ""
        accepted = f"; accepted: {field['description']}" if "description" in field else ""
        raise SourceError(f"schema: {where}{shown}: {said}{accepted}") from None
