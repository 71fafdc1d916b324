"""Facts of the funding lists and the sources, as compiled (src/horizon_eligibility/rules.json)."""

from __future__ import annotations

from typing import Any

import pytest

from build_scripts.paths import ROOT
from horizon_eligibility.directory import parse

from .helpers import PROGRAMMES, compile_rules, data_files, load, walk_sources

BRICS_EXCEPT_SOUTH_AFRICA_AND_MEXICO = ("BR", "RU", "IN", "CN", "MX")


def _versions(rules: dict[str, Any], programme: str) -> list[dict[str, Any]]:
    funding = rules["programmes"][programme]["funding"]
    versions: list[dict[str, Any]] = funding.get("low_middle_income") or funding["annex_a"]
    return versions


def _version(rules: dict[str, Any], programme: str, version_id: str) -> dict[str, Any]:
    return next(v for v in _versions(rules, programme) if v["id"] == version_id)


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_brazil_russia_india_china_mexico_are_on_no_funding_list(rules: dict[str, Any], programme: str) -> None:
    for version in _versions(rules, programme):
        listed = set(version["countries"]) | set(version.get("unverified_countries", []))
        on_list = listed & set(BRICS_EXCEPT_SOUTH_AFRICA_AND_MEXICO)
        assert not on_list, f"{programme} {version['id']} lists {sorted(on_list)}"
    never = rules["programmes"][programme]["funding"]["never_listed"]["countries"]
    assert sorted(never) == sorted(BRICS_EXCEPT_SOUTH_AFRICA_AND_MEXICO)


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_south_africa_is_funded_although_a_brics_country(rules: dict[str, Any], programme: str) -> None:
    for version in _versions(rules, programme):
        assert "ZA" in version["countries"], f"{programme} {version['id']}"


def test_horizon_europe_january_2023_list_has_117_countries(rules: dict[str, Any]) -> None:
    assert len(_version(rules, "horizon-europe", "jan-2023")["countries"]) == 117


def test_horizon_europe_2026_2027_list_has_119_countries(rules: dict[str, Any]) -> None:
    assert len(_version(rules, "horizon-europe", "wp-2026-2027")["countries"]) == 119


def test_tunisia_is_not_on_the_2026_2027_list(rules: dict[str, Any]) -> None:
    assert "TN" not in _version(rules, "horizon-europe", "wp-2026-2027")["countries"]
    assert "TN" in _version(rules, "horizon-europe", "jan-2023")["countries"]


def test_djibouti_niue_and_palau_joined_the_list_in_2026_2027(rules: dict[str, Any]) -> None:
    new = set(_version(rules, "horizon-europe", "wp-2026-2027")["countries"]) - set(
        _version(rules, "horizon-europe", "jan-2023")["countries"]
    )
    assert new == {"DJ", "NU", "PW"}


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_compiled_lists_are_sorted_without_duplicates(rules: dict[str, Any], programme: str) -> None:
    for version in _versions(rules, programme):
        assert version["countries"] == sorted(set(version["countries"])), version["id"]


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_each_call_year_has_exactly_one_funding_list(rules: dict[str, Any], programme: str) -> None:
    period = rules["programmes"][programme]["programme"]["period"]
    years = [y for v in _versions(rules, programme) for y in v["call_years"]]
    assert sorted(years) == list(range(period["first_call_year"], period["last_call_year"] + 1))


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_no_member_state_outermost_region_or_oct_is_on_a_funding_list(rules: dict[str, Any], programme: str) -> None:
    # The lists name third countries; EU territory on them would be a typing error.
    eu = rules["eu"]
    eu_codes = {e["code"] for group in ("member_states", "outermost_regions", "octs") for e in eu[group]["entries"]}
    for version in _versions(rules, programme):
        listed = set(version["countries"]) | set(version.get("unverified_countries", []))
        assert not listed & eu_codes, f"{version['id']}: {sorted(listed & eu_codes)}"


def test_every_source_is_cited_somewhere() -> None:
    # A source no fact cites is either a fact not yet written or a leftover: decide, then remove it
    # from data/sources.yaml or cite it.
    sources = set(load("sources.yaml")["sources"])
    cited: set[str] = set()
    for path in data_files():
        if path.name == "sources.yaml":
            continue
        doc = compile_rules.load_yaml(path)
        if isinstance(doc, dict):
            doc.pop("templates", None)
        cited.update(source_id for _, source_id in walk_sources(doc))
    # The organisation directory (data from CORDIS, committed beside the engine) names its extracts' sources.
    directory = ROOT / "src" / "horizon_eligibility" / "directory" / "organisations.tsv.gz"
    cited.update(parse(directory.read_bytes()).meta["sources"].values())
    unused = sorted(sources - cited)
    assert not unused, f"sources in data/sources.yaml cited by no data entry: {unused}"
