"""A finding cites the version of the text in force for the call's year: the General Annexes of the work
programme of that year (HE-GA21: C(2021)1940, for 2021-2022; HE-GA23: C(2022)7550, for 2023-2024; HE-GA25: the
annexes as amended for 2025; HE-GA26: for 2026-2027), and for a partner leaving a Horizon Europe text (the Model
Grant Agreement, HE-MGA Arts 7 and 32), not a Horizon 2020 page.

The expected source ids below are written from those documents, not taken from the engine.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support import p

from horizon_eligibility import InputError, check, country_status, load_rules, rule_ids

# The General Annexes in force for a call of each year.
IN_FORCE = {2021: "HE-GA21", 2022: "HE-GA21", 2023: "HE-GA23", 2024: "HE-GA23", 2025: "HE-GA25", 2026: "HE-GA26",
            2027: "HE-GA26"}  # fmt: skip
VERSION_YEARS = {"HE-GA21": "2021-2022", "HE-GA23": "2023-2024", "HE-GA25": "2025", "HE-GA26": "2026-2027"}
YEARS = [2022, 2024, 2025, 2026]
THREE = (p("A", "DE", "coordinator"), p("B", "FR"), p("C", "IT"))


def he(year: int, *participants: dict[str, Any], **extra: Any) -> Any:
    data = {"programme": "horizon-europe", "action": "RIA", "call_year": year, "participants": list(participants)}
    return check({**data, **extra})


def sources_of(verdict: Any, rule: str) -> tuple[str, ...]:
    return next(f.sources for f in verdict.findings if f.rule == rule)


@pytest.mark.parametrize("year", YEARS)
def test_he_roles_coordinator_cites_the_general_annexes_in_force(year: int) -> None:
    verdict = he(year, p("A", "DE"), p("B", "FR"), p("C", "IT"))
    assert sources_of(verdict, "he.roles.coordinator") == ("HE-MGA", IN_FORCE[year])


@pytest.mark.parametrize("year", YEARS)
def test_he_ria_composition_cites_the_general_annexes_in_force(year: int) -> None:
    verdict = he(year, p("A", "DE", "coordinator"), p("B", "FR"))
    assert sources_of(verdict, "he.RIA.composition") == ("HE-REG", IN_FORCE[year], "SEED-002")


@pytest.mark.parametrize("year", YEARS)
def test_he_ria_note_cites_the_general_annexes_in_force(year: int) -> None:
    assert sources_of(he(year, *THREE), "he.RIA.note") == ("HE-REG", IN_FORCE[year])


@pytest.mark.parametrize("year", YEARS)
def test_he_funding_not_automatic_cites_the_general_annexes_in_force(year: int) -> None:
    verdict = he(year, *THREE, p("MIT", "US"))
    expected = ("HE-REG", IN_FORCE[year], "HE-PG", "SEED-003", "SEED-002")
    assert sources_of(verdict, "he.funding.not-automatic") == expected


@pytest.mark.parametrize("year", YEARS)
def test_he_restriction_russia_cites_the_general_annexes_in_force(year: int) -> None:
    # For 2022, a deadline after 10 May 2022, when the amended work programme excluded Russian entities.
    verdict = he(year, *THREE, p("Moscow", "RU"), deadline=f"{year}-09-15")
    expected = (IN_FORCE[year], "HE-PG", "EC-RUSSIA", "NCPFL")
    assert sources_of(verdict, "he.restriction.russia") == expected


@pytest.mark.parametrize("year", YEARS)
def test_he_partners_leaving_cites_the_horizon_europe_grant_agreement(year: int) -> None:
    # HE-MGA Art 7 (eligible for the whole duration) and Art 32 (a beneficiary's termination); SEED-004 is a
    # Horizon 2020 page.
    assert sources_of(he(year, *THREE), "he.partners-leaving") == ("HE-MGA",)


def test_h2020_partners_leaving_keeps_its_horizon_2020_source() -> None:
    verdict = check(
        {"programme": "horizon-2020", "action": "RIA", "call_year": 2018, "participants": [dict(x) for x in THREE]}
    )
    assert sources_of(verdict, "h2020.partners-leaving") == ("SEED-004",)


@pytest.mark.parametrize("year", YEARS)
def test_member_state_participant_and_country_status_cite_the_general_annexes_in_force(year: int) -> None:
    verdict = he(year, *THREE)
    assert all(r.sources == (IN_FORCE[year],) for r in verdict.participants)
    assert country_status("horizon-europe", year, "pillar-2", "DE").sources == (IN_FORCE[year],)


# -- every finding, every year -------------------------------------------------------------------------------
CONSORTIA = sorted((Path(__file__).resolve().parent / "consortia").glob("*.json")) + sorted(
    (Path(__file__).resolve().parents[2] / "examples").glob("*.json")
)
REGISTRY = rule_ids()


def _other_versions(sources: tuple[str, ...], year: int) -> set[str]:
    return {s for s in sources if s in VERSION_YEARS and s != IN_FORCE[year]}


def _wording(rule: str, message: str) -> str:
    """A finding's message, with the text of the restriction it comes from (its deadline notes say less)."""
    parts = rule.split(".")
    if parts[1:2] == ["restriction"]:
        base = ".".join(parts[:3])
        return f"{message} {REGISTRY[base].explanation}"
    return message


def test_every_finding_cites_the_general_annexes_of_its_call_year() -> None:
    """For each example consortium checked as a call of each year 2021-2027: no finding cites the General
    Annexes as a series (HE-GA) rather than a version, and one cites a version of another year only where its
    message (or the restriction it comes from) names that version, as evidence (the 2026-2027 list)."""
    checked = 0
    for path in CONSORTIA:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("programme") != "horizon-europe":
            continue
        data = {k: v for k, v in data.items() if k not in ("call_id", "deadline", "call_year")}
        for year in range(2021, 2028):
            try:
                verdict = check({**data, "call_year": year})
            except InputError:
                continue
            checked += 1
            cited = [(f.rule, f.message, f.sources) for f in verdict.findings]
            cited += [(r.name, r.reason, r.sources) for r in verdict.participants]
            for rule, message, sources in cited:
                assert "HE-GA" not in sources, (path.name, year, rule)
                for other in _other_versions(sources, year):
                    assert VERSION_YEARS[other] in _wording(rule, message), (path.name, year, rule, other, message)
    assert checked > 100


def test_every_country_status_cites_the_general_annexes_of_its_call_year() -> None:
    for year in range(2021, 2028):
        for code in sorted(load_rules().countries):
            status = country_status("horizon-europe", year, "pillar-2", code)
            assert "HE-GA" not in status.sources, (code, year)
            for _severity, rule, message, sources in status.notes:
                assert "HE-GA" not in sources
                for other in _other_versions(tuple(sources), year):
                    assert VERSION_YEARS[other] in message, (code, year, rule, other)
