"""Validate each data file against its JSON Schema in data/schema/ (written as YAML).

`data/horizon-europe/actions.yaml` is validated by `data/schema/actions.schema.yaml`, `data/eu.yaml`
by `data/schema/eu.schema.yaml`: one schema per file name, shared by both programmes. The schema
directory is the `schema/` folder of the data directory the file lives in, so a copy of `data/`
(in tests) brings its own schemas. Schemas may refer to each other by file name
(`common.schema.yaml#/$defs/code`).

Errors name the entry (JSON path, e.g. `countries.GB[0]`) and the field; the caller (rules/compile.py)
adds the file. Every error found is listed, the most specific first.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import referencing
import yaml
from jsonschema.exceptions import ValidationError
from referencing.jsonschema import DRAFT202012

from build_scripts.paths import DATA, ROOT

SCHEMAS = DATA / "schema"
SUFFIX = ".schema.yaml"
MAX_LISTED = 10
MAX_MESSAGE = 300


class SchemaError(Exception):
    """A data file does not match its schema (or has none)."""

    def __init__(self, message: str, errors: list[str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or [message]


def schema_dir(path: Path) -> Path:
    """The `schema/` folder of the data directory that holds path (data/schema by default)."""
    for parent in path.resolve().parents:
        if (parent / "schema").is_dir():
            return parent / "schema"
    return SCHEMAS


def schema_for(path: Path) -> Path:
    """data/horizon-europe/actions.yaml -> data/schema/actions.schema.yaml; data/eu.yaml -> eu.schema.yaml."""
    return schema_dir(path) / f"{path.stem}{SUFFIX}"


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


@cache
def _registry(directory: Path, stamp: tuple[tuple[str, int], ...]) -> referencing.Registry[Any]:
    """Every schema of directory, under its file name (what relative `$ref`s resolve to)."""
    del stamp  # part of the cache key only: a changed schema file is read again
    resources = [(path.name, DRAFT202012.create_resource(_load(path))) for path in sorted(directory.glob(f"*{SUFFIX}"))]
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(resources)
    return registry


def _stamp(directory: Path) -> tuple[tuple[str, int], ...]:
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(directory.glob(f"*{SUFFIX}")))


def schema_registry(directory: Path = SCHEMAS) -> referencing.Registry[Any]:
    """The schemas of directory, each under its file name."""
    return _registry(directory, _stamp(directory))


def validator_for(schema_path: Path) -> jsonschema.protocols.Validator:
    registry = schema_registry(schema_path.parent)
    schema = registry.contents(schema_path.name)
    return jsonschema.Draft202012Validator(
        schema, registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _display(path: Path) -> str:
    """A path as the user knows it: relative to the project (or to the data directory's parent)."""
    resolved = path.resolve()
    for base in (ROOT, schema_dir(path).parent.parent):
        try:
            return resolved.relative_to(base).as_posix()
        except ValueError:
            continue
    return str(path)


def location(error: ValidationError) -> str:
    """`countries.GB[0].status`: the entry and the field, as written in the YAML file."""
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return where.lstrip(".") or "(top level)"


def _leaves(error: ValidationError) -> list[ValidationError]:
    """For anyOf/oneOf, the errors of the alternatives (when they say more than "not valid")."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        deepest = max(len(e.absolute_path) for e in error.context)
        if deepest > len(error.absolute_path):
            return [e for e in error.context if len(e.absolute_path) == deepest]
    return [error]


def _rank(error: ValidationError) -> tuple[int, int, list[str]]:
    # "Unexpected property" errors follow from others (an unknown `kind` makes every parameter
    # unexpected), so they come last; otherwise the deepest error first, then in file order.
    vague = error.validator in ("unevaluatedProperties", "additionalProperties")
    return (int(vague), -len(error.absolute_path), [str(p) for p in error.absolute_path])


def _message(error: ValidationError) -> str:
    # The default messages of these start with the whole (possibly long) entry.
    if error.validator in ("anyOf", "oneOf"):
        if error.context:
            alternatives = list(dict.fromkeys(_message(e) for e in error.context))
            return "none of these holds: " + "; or ".join(alternatives)
        return "matches more than one of the alternatives (they exclude each other)"
    if error.validator == "not":
        value = error.validator_value
        if isinstance(value, dict) and set(value) == {"required"}:
            return "must not have " + ", ".join(repr(f) for f in value["required"])
        return f"must not match {value}"
    return str(error.message)


def _drop_consequences(errors: list[ValidationError]) -> list[ValidationError]:
    """Leave out "unevaluated property" errors on an entry that has other errors.

    With an unknown or broken `kind`, no kind-specific branch applies, so each of its parameters is
    also reported as unexpected: a consequence, not a second problem.
    """
    specific = [list(e.absolute_path) for e in errors if e.validator != "unevaluatedProperties"]
    kept = []
    for error in errors:
        here = list(error.absolute_path)
        if error.validator == "unevaluatedProperties" and any(path[: len(here)] == here for path in specific):
            continue
        kept.append(error)
    return kept


def _describe(error: ValidationError) -> str:
    message = _message(error)
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 3] + "..."
    return f"{location(error)}: {message}"


def validate_file(path: Path, data: Any) -> None:
    """Raise SchemaError if data (the parsed file at path, dates as ISO strings) breaks its schema."""
    schema_path = schema_for(path)
    if not schema_path.exists():
        raise SchemaError(f"no schema at {_display(schema_path)}")
    validator = validator_for(schema_path)
    errors = _drop_consequences([leaf for error in validator.iter_errors(data) for leaf in _leaves(error)])
    if not errors:
        return
    described = list(dict.fromkeys(_describe(e) for e in sorted(errors, key=_rank)))
    message = described[0]
    if len(described) > 1:
        more = described[1:MAX_LISTED]
        message += "".join(f"\n  also {line}" for line in more)
        if len(described) > MAX_LISTED:
            message += f"\n  and {len(described) - MAX_LISTED} more"
    raise SchemaError(message, described)
