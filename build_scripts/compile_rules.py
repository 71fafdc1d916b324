"""Compile the rule data in data/ into src/horizon_eligibility/rules.json.

The engine reads only the compiled file (it has no YAML dependency). Bad data stops the build with
the file, the entry and the field named. `--check` fails when the committed rules.json is stale.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
OUTPUT = ROOT / "src" / "horizon_eligibility" / "rules.json"
PROGRAMMES = ("horizon-europe", "horizon-2020")
PROGRAMME_FILES = ("programme", "association", "funding", "actions", "restrictions", "widening")

sys.path.insert(0, str(ROOT / "build_scripts"))
from data_schema import SchemaError, validate_file  # noqa: E402


class DataError(Exception):
    """A problem in a data file, located by file and path."""

    def __init__(self, file: Path, path: str, message: str) -> None:
        super().__init__(f"{file.relative_to(ROOT)}: {path}: {message}")


def _plain(value: Any) -> Any:
    """YAML dates become ISO strings; everything else is JSON already."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class _Loader(yaml.SafeLoader):
    """yaml.safe_load, except that an impossible date (2025-02-30) is a YAML error with its line."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"invalid date {node.value!r} ({exc})", node.start_mark
        ) from exc


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def load_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise DataError(path, "(file)", f"not valid YAML: {exc}") from exc
    except OSError as exc:
        raise DataError(path, "(file)", f"cannot be read: {exc}") from exc
    plain = _plain(data)
    try:
        validate_file(path, plain)
    except SchemaError as exc:
        raise DataError(path, "(schema)", str(exc)) from exc
    return plain


def walk_sources(node: Any, path: str) -> list[tuple[str, str]]:
    """Every (path, source id) named in a `sources` list below node."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            sub = f"{path}.{key}" if path else str(key)
            if key == "sources" and isinstance(value, list):
                found.extend((sub, str(v)) for v in value)
            elif key == "sources" and isinstance(value, dict):  # sources per programme
                for programme, ids in value.items():
                    found.extend((f"{sub}.{programme}", str(v)) for v in ids)
            else:
                found.extend(walk_sources(value, sub))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(walk_sources(value, f"{path}[{index}]"))
    return found


def _expand_versions(entries: list[dict[str, Any]], path: Path, key: str) -> list[dict[str, Any]]:
    """Resolve `based_on` + add/remove into a full `countries` list (kept sorted)."""
    by_id = {e["id"]: e for e in entries}
    out = []
    for index, entry in enumerate(entries):
        countries = set(entry.get("countries", []))
        if "based_on" in entry:
            base = by_id.get(entry["based_on"])
            if base is None or "based_on" in base:
                raise DataError(path, f"{key}[{index}].based_on", f"unknown or chained version {entry['based_on']!r}")
            countries = set(base["countries"])
        for code in entry.get("remove", []):
            if code not in countries:
                raise DataError(path, f"{key}[{index}].remove", f"{code} is not in the base list")
            countries.discard(code)
        countries.update(entry.get("add", []))
        out.append({**entry, "countries": sorted(countries)})
    return out


def _check_codes(codes: list[str], known: set[str], path: Path, where: str) -> None:
    for code in codes:
        if code not in known:
            raise DataError(path, where, f"unknown country code {code!r} (not in data/countries.yaml)")


def compile_rules() -> dict[str, Any]:
    sources_file = DATA / "sources.yaml"
    sources = load_yaml(sources_file)["sources"]
    countries_file = DATA / "countries.yaml"
    countries_doc = load_yaml(countries_file)
    eu_file = DATA / "eu.yaml"
    eu = load_yaml(eu_file)
    known = set(countries_doc["countries"])
    for alias, target in countries_doc["aliases"].items():
        if target not in known:
            raise DataError(countries_file, f"aliases.{alias}", f"points to unknown code {target!r}")

    _check_name_variants(countries_doc, countries_file)

    for group in ("member_states", "outermost_regions", "octs"):
        for index, entry in enumerate(eu[group]["entries"]):
            _check_codes([entry["code"]], known, eu_file, f"{group}.entries[{index}].code")
            if "member_state" in entry:
                _check_codes([entry["member_state"]], known, eu_file, f"{group}.entries[{index}].member_state")

    checked: list[tuple[Path, Any]] = [(countries_file, countries_doc), (eu_file, eu)]
    programmes: dict[str, Any] = {}
    for programme in PROGRAMMES:
        parts: dict[str, Any] = {}
        for name in PROGRAMME_FILES:
            path = DATA / programme / f"{name}.yaml"
            doc = load_yaml(path)
            doc.pop("templates", None)
            checked.append((path, doc))
            parts[name] = doc
        _check_programme(programme, parts, known)
        funding = parts["funding"]
        list_key = "low_middle_income" if "low_middle_income" in funding else "annex_a"
        funding[list_key] = _expand_versions(funding[list_key], DATA / programme / "funding.yaml", list_key)
        programmes[programme] = parts

    for path, doc in checked:
        for where, source_id in walk_sources(doc, ""):
            if source_id not in sources:
                raise DataError(path, where, f"unknown source id {source_id!r} (not in data/sources.yaml)")

    digest = hashlib.sha256()
    for path in sorted(DATA.rglob("*.yaml")):
        if "schema" in path.parts:
            continue
        digest.update(path.relative_to(DATA).as_posix().encode())
        digest.update(path.read_bytes())
    verified = sorted(s["verified_on"] for s in sources.values())
    return {
        "format": 1,
        "data_version": digest.hexdigest()[:12],
        "data_verified_on": verified[-1],
        "sources": sources,
        "countries": countries_doc["countries"],
        "aliases": countries_doc["aliases"],
        "name_variants": countries_doc["name_variants"],
        "eu": eu,
        "programmes": programmes,
    }


def _check_name_variants(doc: dict[str, Any], path: Path) -> None:
    """A name may stand for one country only: the topic reader must never have to choose."""
    owner = {name.casefold(): code for code, name in doc["countries"].items()}
    for code, variants in doc["name_variants"].items():
        _check_codes([code], set(doc["countries"]), path, f"name_variants.{code}")
        for variant in variants:
            other = owner.setdefault(variant.casefold(), code)
            if other != code:
                raise DataError(path, f"name_variants.{code}", f"{variant!r} already names {other}")


def _check_programme(programme: str, parts: dict[str, Any], known: set[str]) -> None:
    base = DATA / programme
    part_ids = set(parts["programme"]["parts"])
    actions = parts["actions"]["actions"]
    for code, intervals in parts["association"]["countries"].items():
        _check_codes([code], known, base / "association.yaml", f"countries.{code}")
        for index, interval in enumerate(intervals):
            scope = interval.get("parts", "all")
            if scope != "all":
                for part in scope:
                    if part not in part_ids:
                        raise DataError(
                            base / "association.yaml",
                            f"countries.{code}[{index}].parts",
                            f"unknown programme part {part!r}",
                        )
    for action_id, action in actions.items():
        if action["default_part"] not in part_ids:
            raise DataError(
                base / "actions.yaml",
                f"actions.{action_id}.default_part",
                f"unknown programme part {action['default_part']!r}",
            )
    for index, restriction in enumerate(parts["restrictions"]["restrictions"]):
        where = f"restrictions[{index}]"
        _check_codes(restriction.get("countries", []), known, base / "restrictions.yaml", f"{where}.countries")
        for action_id in restriction.get("actions", []):
            if action_id not in actions:
                raise DataError(base / "restrictions.yaml", f"{where}.actions", f"unknown action {action_id!r}")
    for index, prefix in enumerate(parts["programme"]["call_prefixes"]):
        if prefix["part"] not in part_ids:
            raise DataError(
                base / "programme.yaml",
                f"call_prefixes[{index}].part",
                f"unknown programme part {prefix['part']!r}",
            )
    funding = parts["funding"]
    for key in ("low_middle_income", "annex_a"):
        for index, version in enumerate(funding.get(key, [])):
            for field in ("countries", "add", "remove", "unverified_countries", "uncertain_countries"):
                _check_codes(version.get(field, []), known, base / "funding.yaml", f"{key}[{index}].{field}")
    widening = parts["widening"]
    _check_codes(widening["member_states"]["countries"], known, base / "widening.yaml", "member_states.countries")
    for index, entry in enumerate(widening["associated_countries"]):
        _check_codes(entry["countries"], known, base / "widening.yaml", f"associated_countries[{index}].countries")


def render(rules: dict[str, Any]) -> str:
    return json.dumps(rules, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if rules.json is not up to date")
    args = parser.parse_args(argv)
    try:
        text = render(compile_rules())
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(
                "error: src/horizon_eligibility/rules.json is stale: run `make rules` and commit it",
                file=sys.stderr,
            )
            return 1
        print("rules.json is up to date")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
