"""Consistency of the association intervals (what the schema cannot say) and counts stated in comments."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import DATA, PROGRAMMES


def _intervals(rules: dict[str, Any], programme: str) -> dict[str, list[dict[str, Any]]]:
    countries: dict[str, list[dict[str, Any]]] = rules["programmes"][programme]["association"]["countries"]
    return countries


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_intervals_are_in_order_and_do_not_overlap(rules: dict[str, Any], programme: str) -> None:
    period = rules["programmes"][programme]["programme"]["period"]
    for code, intervals in _intervals(rules, programme).items():
        previous_end = period["first_call_year"] - 1
        for index, interval in enumerate(intervals):
            where = f"{programme} {code}[{index}]"
            start, end = interval["from_year"], interval["until_year"] or period["last_call_year"]
            assert start <= end, f"{where}: until_year before from_year"
            assert start > previous_end, f"{where}: overlaps or precedes the interval before"
            assert period["first_call_year"] <= start <= period["last_call_year"], f"{where}: outside the programme"
            previous_end = end
        assert (intervals[-1]["until_year"] or period["last_call_year"]) <= period["last_call_year"]


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_from_deadline_falls_in_the_first_year_of_its_interval(rules: dict[str, Any], programme: str) -> None:
    for code, intervals in _intervals(rules, programme).items():
        for interval in intervals:
            if interval["from_deadline"]:
                assert interval["from_deadline"][:4] == str(interval["from_year"]), code


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_no_eu_territory_is_an_associated_country(rules: dict[str, Any], programme: str) -> None:
    eu = rules["eu"]
    eu_codes = {e["code"] for g in ("member_states", "outermost_regions", "octs") for e in eu[g]["entries"]}
    # GB: a Member State until 2020, associated to Horizon Europe afterwards.
    clash = sorted((set(_intervals(rules, programme)) & eu_codes) - {"GB"})
    assert not clash


def test_horizon_2020_had_16_associated_countries(rules: dict[str, Any]) -> None:
    # "Association to Horizon 2020 (16 countries)" (comment in data/horizon-2020/association.yaml).
    assert "(16 countries)" in (DATA / "horizon-2020" / "association.yaml").read_text(encoding="utf-8")
    associated = {
        code
        for code, intervals in _intervals(rules, "horizon-2020").items()
        if any(i["status"] == "associated" for i in intervals)
    }
    assert len(associated) == 16


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_widening_associated_countries_are_associated_or_about_to_be(rules: dict[str, Any], programme: str) -> None:
    # Widening associated countries "count only while associated"; each must at least appear in
    # association.yaml (Morocco and Egypt are listed "once associated").
    known = set(_intervals(rules, programme))
    for entry in rules["programmes"][programme]["widening"]["associated_countries"]:
        missing = sorted(set(entry["countries"]) - known)
        assert not missing, f"{programme} widening {entry['call_years']}: {missing} not in association.yaml"
