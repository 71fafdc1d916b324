"""One definition of the data's shape: the JSON Schemas in data/schema/ say which fields each file has and what
an absent optional field means (its `default`); the compiler fills them in; ruletypes.py names the same
fields as types for mypy. These tests hold the three together key for key."""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints, is_typeddict

import pytest

from build_scripts.paths import RULES_JSON
from build_scripts.rules.schema import SCHEMAS, schema_registry
from horizon_eligibility.ruletypes import CompiledRules

COMPILED = json.loads(Path(RULES_JSON).read_text(encoding="utf-8"))

# Optional fields whose default depends on the entry, so the compiler writes it (and no schema default can):
# a Member State belongs to itself, an action without allowed_parts is in every part, a funding list
# version `based_on` another gets its countries from it. `templates` is dropped after validation.
WRITTEN_BY_THE_COMPILER = {
    ("eu.schema.yaml", "member_state"),
    ("actions.schema.yaml", "allowed_parts"),
    ("actions.schema.yaml", "templates"),
    ("funding.schema.yaml", "countries"),
}
# The general rules' sources are a map read by the rule that needs them (Horizon 2020 has no topic limited to
# listed countries, so no sources for that rule).
WRITTEN_BY_THE_COMPILER |= {("programme.schema.yaml", "topic_country_limits")}


def _mismatches(value: Any, hint: Any, path: str) -> list[str]:
    """Where the compiled value has other keys than its type names (every TypedDict, all the way down)."""
    if hint is Any or isinstance(hint, typing.TypeVar):
        return []
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [h for h in get_args(hint) if h is not type(None)]
        if value is None:
            return []
        found = [_mismatches(value, h, path) for h in options]
        return min(found, key=len)
    if origin is Literal:
        return [] if value in get_args(hint) else [f"{path}: {value!r} is not one of {get_args(hint)}"]
    if is_typeddict(hint):
        if not isinstance(value, dict):
            return [f"{path}: not an object"]
        fields = get_type_hints(hint)
        out = []
        if set(value) != set(fields):
            extra, missing = sorted(set(value) - set(fields)), sorted(set(fields) - set(value))
            out.append(f"{path} ({hint.__name__}): not typed {extra}, missing {missing}")
        for key in set(value) & set(fields):
            out.extend(_mismatches(value[key], fields[key], f"{path}.{key}"))
        return out
    if origin is list:
        (item,) = get_args(hint)
        return [m for i, v in enumerate(value) for m in _mismatches(v, item, f"{path}[{i}]")]
    if origin is dict:
        _, item = get_args(hint)
        return [m for k, v in value.items() for m in _mismatches(v, item, f"{path}.{k}")]
    return []


def test_the_compiled_rules_have_exactly_the_typed_fields() -> None:
    assert _mismatches(COMPILED, CompiledRules, "rules.json") == []


def _optional_without_default(schema: Any, file: str, where: str) -> list[str]:
    """Optional properties of every object in a schema that have no default (an absent one would leave the
    compiled entry without the field)."""
    found: list[str] = []
    if isinstance(schema, dict):
        properties = dict(schema.get("properties", {}))
        for branch in schema.get("allOf", []):
            properties.update(branch.get("then", {}).get("properties", {}))
        required = set(schema.get("required", []))
        for branch in schema.get("allOf", []):
            required |= set(branch.get("then", {}).get("required", []))
        if "$ref" not in schema and (schema.get("type") == "object" or "properties" in schema):
            found.extend(
                f"{file}: {where}.{name}"
                for name, sub in properties.items()
                if name not in required
                and not (isinstance(sub, dict) and "default" in sub)
                and (file, name) not in WRITTEN_BY_THE_COMPILER
            )
        for key, sub in schema.items():
            if key not in ("if", "then", "not"):  # conditions on an entry (a then's fields are its parent's)
                found.extend(_optional_without_default(sub, file, f"{where}.{key}" if key != "properties" else where))
    elif isinstance(schema, list):
        for sub in schema:
            found.extend(_optional_without_default(sub, file, where))
    return found


# The files whose optional fields the compiler fills in (countries.yaml, flags.yaml and topic_options.yaml are
# compiled as they are).
FILLED = [
    "actions",
    "association",
    "funding",
    "programme",
    "restrictions",
    "widening",
    "eu",
    "country_groups",
    "sources",
]


@pytest.mark.parametrize("name", FILLED)
def test_every_optional_field_has_a_default_in_its_schema(name: str) -> None:
    schema = schema_registry(SCHEMAS).contents(f"{name}.schema.yaml")
    assert _optional_without_default(schema, f"{name}.schema.yaml", "") == []
