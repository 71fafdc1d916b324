"""Country codes: real ISO codes with names, the EU's aliases, and no unknown code anywhere in data/."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import jsonschema
import pycountry
import pytest
import referencing
import yaml
from referencing.jsonschema import DRAFT202012

from .helpers import DATA, SCHEMAS, data_files, data_schema, load

USER_ASSIGNED = {"XK"}  # Kosovo: not in ISO 3166-1, used by the EU


@pytest.fixture(scope="module")
def countries() -> dict[str, Any]:
    doc: dict[str, Any] = load("countries.yaml")
    return doc


@pytest.fixture(scope="module")
def eu() -> dict[str, Any]:
    doc: dict[str, Any] = load("eu.yaml")
    return doc


def test_every_code_is_a_real_iso_code(countries: dict[str, Any]) -> None:
    wrong = []
    for code in countries["countries"]:
        if code in USER_ASSIGNED:
            continue
        if "-" in code:
            if pycountry.subdivisions.get(code=code) is None:  # type: ignore[no-untyped-call]
                wrong.append(code)
        elif pycountry.countries.get(alpha_2=code) is None:
            wrong.append(code)
    assert not wrong, f"not ISO 3166-1 alpha-2 (or 3166-2) codes: {wrong}"


def test_subdivision_codes_are_outermost_regions_of_their_country(
    countries: dict[str, Any], eu: dict[str, Any]
) -> None:
    regions = {e["code"]: e["member_state"] for e in eu["outermost_regions"]["entries"]}
    for code in countries["countries"]:
        if "-" in code:
            assert code in regions, f"{code} is a subdivision code but not an outermost region"
            assert pycountry.subdivisions.get(code=code).country_code == regions[code] == code[:2]  # type: ignore[no-untyped-call]


def test_every_iso_country_is_listed(countries: dict[str, Any]) -> None:
    # countries.yaml says it holds pycountry's list: a user may type any country.
    missing = sorted(c.alpha_2 for c in pycountry.countries if c.alpha_2 not in countries["countries"])
    assert not missing, f"ISO countries missing from data/countries.yaml: {missing}"


def test_user_assigned_codes_are_not_iso_codes() -> None:
    for code in USER_ASSIGNED:
        assert pycountry.countries.get(alpha_2=code) is None


def test_names_are_not_empty(countries: dict[str, Any]) -> None:
    empty = [code for code, name in countries["countries"].items() if not str(name).strip()]
    assert not empty


def test_names_are_unique(countries: dict[str, Any]) -> None:
    names = list(countries["countries"].values())
    assert len(names) == len(set(names))


def test_eu_aliases_el_is_greece_and_uk_is_the_united_kingdom(countries: dict[str, Any]) -> None:
    assert countries["aliases"]["EL"] == "GR"
    assert countries["aliases"]["UK"] == "GB"


def test_aliases_point_to_known_codes_and_are_not_codes_themselves(countries: dict[str, Any]) -> None:
    for alias, target in countries["aliases"].items():
        assert target in countries["countries"], f"alias {alias} -> unknown {target}"
        assert alias not in countries["countries"], f"alias {alias} is also a code"
        assert pycountry.countries.get(alpha_2=alias) is None, f"alias {alias} is an ISO code of its own"


def test_alpha3_codes_are_iso_3166_alpha_3(countries: dict[str, Any]) -> None:
    # pycountry packages ISO 3166-1 (source ISO-3166): one alpha-3 code for every alpha-2 code, and that one.
    expected = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    assert countries["alpha3"] == expected


def test_every_member_state_has_its_own_name_where_it_differs_from_the_english_one(
    countries: dict[str, Any], eu: dict[str, Any]
) -> None:
    # EU-ISG 7.1.1: the Member States' short names in their languages; France, Luxembourg, Malta and Portugal
    # write theirs as English does (Finland: Suomi/Finland, Ireland: Éire/Ireland have one more).
    same_in_english = {"FR", "LU", "MT", "PT"}
    current = {e["code"] for e in eu["member_states"]["entries"] if not e.get("until")}
    missing = sorted(current - same_in_english - set(countries["native_names"]))
    assert not missing, f"Member States without their own name in native_names: {missing}"


def _registry_with_known_codes(known: list[str]) -> referencing.Registry[Any]:
    """The schemas, with `code` narrowed from a pattern to the codes of data/countries.yaml."""
    resources = []
    for path in sorted(SCHEMAS.glob("*.schema.yaml")):
        schema = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "common.schema.yaml":
            schema["$defs"]["code"] = {"type": "string", "enum": known}
        resources.append((path.name, DRAFT202012.create_resource(schema)))
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(resources)
    return registry


@pytest.mark.parametrize("path", data_files(), ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_code_used_in_data_is_known(path: Path, countries: dict[str, Any]) -> None:
    # Every field the schemas declare as a country code (lists, keys and values) is checked.
    registry = _registry_with_known_codes(sorted(countries["countries"]))
    schema_name = data_schema.schema_for(path).name
    validator = jsonschema.Draft202012Validator(registry.contents(schema_name), registry=registry)
    doc = load(path.relative_to(DATA).as_posix())
    # The file passes its real schema (test_schema), so every error here is an unknown code.
    unknown = [
        f"{'.'.join(str(p) for p in e.absolute_path) or '(keys)'}: {e.instance!r}" for e in validator.iter_errors(doc)
    ]
    assert not unknown, f"unknown country codes in {path.relative_to(DATA)}: {unknown}"


CODE_FIELD = re.compile(r"^(code|member_state|add|remove|countries|[a-z_]+_countries)$")
NOT_CODES = {"distinct_countries", "associated_countries", "third_countries"}  # flags; a list of entries


def _properties(node: Any) -> list[tuple[str, dict[str, Any]]]:
    """(name, schema) of every property declared anywhere in a schema."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            if isinstance(sub, dict):
                found.append((name, sub))
        for value in node.values():
            found.extend(_properties(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_properties(value))
    return found


def _declares_code(sub: dict[str, Any]) -> bool:
    refs = [sub.get("$ref", ""), (sub.get("propertyNames") or {}).get("$ref", "")]
    return any(ref.endswith(("$defs/code", "$defs/codes")) for ref in refs)


@pytest.mark.parametrize("path", sorted(SCHEMAS.glob("*.schema.yaml")), ids=lambda p: p.name)
def test_every_country_field_of_the_schemas_is_declared_as_a_code(path: Path) -> None:
    # Guards the test above, which checks exactly the fields declared as codes.
    schema = yaml.safe_load(path.read_text(encoding="utf-8"))
    loose = [
        name
        for name, sub in _properties(schema)
        if CODE_FIELD.match(name) and name not in NOT_CODES and not _declares_code(sub)
    ]
    assert not loose, f"{path.name}: country fields not declared as codes: {loose}"


def _current(entries: list[dict[str, Any]], day: dt.date) -> list[str]:
    return [
        e["code"]
        for e in entries
        if dt.date.fromisoformat(e.get("from", "1950-01-01"))
        <= day
        <= dt.date.fromisoformat(e.get("until", "9999-12-31"))
    ]


def test_the_eu_has_27_member_states_since_the_uk_left(eu: dict[str, Any]) -> None:
    entries = eu["member_states"]["entries"]
    assert len(_current(entries, dt.date(2020, 2, 1))) == 27
    assert len(_current(entries, dt.date(2020, 1, 31))) == 28
    former = [e["code"] for e in entries if "until" in e]
    assert former == ["GB"]
    assert len({e["code"] for e in entries}) == len(entries), "a Member State is listed twice"


def test_member_states_are_iso_countries_not_aliases(eu: dict[str, Any]) -> None:
    for entry in eu["member_states"]["entries"]:
        assert pycountry.countries.get(alpha_2=entry["code"]) is not None, entry["code"]


def test_there_are_nine_outermost_regions(eu: dict[str, Any]) -> None:
    # "the nine outermost regions" (EU-OR, Art 349 TFEU); Mayotte since 1 January 2014.
    sources = load("sources.yaml")["sources"]
    assert "the nine outermost regions" in sources["EU-OR"]["reference"]
    entries = eu["outermost_regions"]["entries"]
    assert len(_current(entries, dt.date(2014, 1, 1))) == 9
    assert len(_current(entries, dt.date(2013, 12, 31))) == 8


def test_outermost_regions_without_iso_country_code_use_subdivision_codes(
    countries: dict[str, Any], eu: dict[str, Any]
) -> None:
    # countries.yaml: the outermost regions with no country code of their own (Azores, Madeira, Canaries).
    subdivisions = [e["code"] for e in eu["outermost_regions"]["entries"] if "-" in e["code"]]
    assert sorted(subdivisions) == ["ES-CN", "PT-20", "PT-30"]
    assert countries["aliases"]["IC"] == "ES-CN"


def test_octs_are_13_territories_under_11_codes_and_the_uk_ones_until_brexit(eu: dict[str, Any]) -> None:
    # Annex II TFEU lists 13 OCTs today; Bonaire, Saba and Sint Eustatius share BQ (note in eu.yaml).
    entries = eu["octs"]["entries"]
    today = _current(entries, dt.date(2021, 1, 1))
    assert len(today) == 11
    bq = next(e for e in entries if e["code"] == "BQ")
    assert "Bonaire, Saba and Sint Eustatius" in bq["note"]
    uk = [e for e in entries if e["member_state"] == "GB"]
    assert uk and all(e["until"] == "2020-01-31" for e in uk)
    assert len(_current(entries, dt.date(2020, 1, 31))) == 11 + len(uk)


def test_octs_and_outermost_regions_belong_to_a_member_state_of_the_time(eu: dict[str, Any]) -> None:
    states = {e["code"]: e.get("until", "9999-12-31") for e in eu["member_states"]["entries"]}
    for group in ("outermost_regions", "octs"):
        for entry in eu[group]["entries"]:
            assert entry["member_state"] in states, entry
            assert entry.get("until", "9999-12-31") <= states[entry["member_state"]], entry


def test_a_territory_is_never_an_oct_and_an_outermost_region_on_the_same_day(eu: dict[str, Any]) -> None:
    def spans(group: str) -> dict[str, list[tuple[str, str]]]:
        out: dict[str, list[tuple[str, str]]] = {}
        for e in eu[group]["entries"]:
            out.setdefault(e["code"], []).append((e.get("from", "1950-01-01"), e.get("until", "9999-12-31")))
        return out

    regions, octs = spans("outermost_regions"), spans("octs")
    for code in set(regions) & set(octs):
        for start, end in regions[code]:
            for oct_start, oct_end in octs[code]:
                assert end < oct_start or oct_end < start, f"{code} is both an OCT and an outermost region"
