"""Fill in a data file's optional fields from the `default` its JSON Schema gives them.

The schemas in data/schema/ are the one definition of the data's shape: which fields a file has, which are
optional, and (here) what an absent one means. The compiler writes every field into rules.json, so that the
engine, the command line and the site read the fields directly and never re-default them; ruletypes.py names
the same fields as types, and tests/data/test_data_shape.py holds the compiled file to them key for key.

A property's default sits next to its schema (`{$ref: ..., default: null}`). Where a kind of entry has
parameters of its own (a condition's `allOf` of `if`/`then` by kind), every branch's properties are filled in,
so that each compiled entry has every field.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from build_scripts.rules.schema import SCHEMAS, schema_for, schema_registry


def fill_defaults(path: Path, value: Any) -> Any:
    """The data of the file at path (already valid) with every defaulted field that is absent filled in."""
    schema_path = schema_for(path)
    registry = schema_registry(schema_path.parent)
    resolver = registry.resolver(base_uri=schema_path.name)
    return _fill(registry.contents(schema_path.name), value, resolver)


def condition_defaults(schemas: Path | None = None) -> dict[str, Any]:
    """Every field of an action's condition with its default (for the conditions the engine builds itself, from
    a topic's composition requirements)."""
    directory = schemas or SCHEMAS
    registry = schema_registry(directory)
    resolver = registry.resolver(base_uri="actions.schema.yaml")
    condition, resolver = _resolve({"$ref": "#/$defs/condition"}, resolver)
    filled: dict[str, Any] = _fill(condition, {}, resolver)
    return filled


def _resolve(schema: Any, resolver: Any) -> tuple[Any, Any]:
    while isinstance(schema, dict) and "$ref" in schema:
        resolved = resolver.lookup(schema["$ref"])
        schema, resolver = resolved.contents, resolved.resolver
    return schema, resolver


def _properties(schema: dict[str, Any]) -> dict[str, Any]:
    """The properties an object may have: its own and those of each `then` of its `allOf`."""
    found = dict(schema.get("properties", {}))
    for branch in schema.get("allOf", []):
        for name, sub in branch.get("then", {}).get("properties", {}).items():
            found.setdefault(name, sub)
            if "default" in sub:
                found[name] = sub
    return found


def _fill(schema: Any, value: Any, resolver: Any) -> Any:
    schema, resolver = _resolve(schema, resolver)
    if not isinstance(schema, dict):
        return value
    if isinstance(value, dict):
        properties = _properties(schema)
        for name, sub in properties.items():
            if name not in value and isinstance(sub, dict) and "default" in sub:
                value[name] = copy.deepcopy(sub["default"])
        extra = schema.get("additionalProperties")
        for name, item in value.items():
            sub = properties.get(name, extra if isinstance(extra, dict) else None)
            if sub is not None and item is not None:
                value[name] = _fill(sub, item, resolver)
        return value
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [_fill(schema["items"], item, resolver) for item in value]
    return value
