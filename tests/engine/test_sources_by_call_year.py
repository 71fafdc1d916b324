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


# -- the work programme parts, by call year ------------------------------------------------------------------
# ERC: one work programme a year (HE-WP-ERC21 ... HE-WP-ERC27); MSCA and Widening: one per work programme, as the
# General Annexes; EIC: one a year. The ids are those of data/sources.yaml, written from the documents' titles.
ERC_IN_FORCE = {year: f"HE-WP-ERC{str(year)[2:]}" for year in range(2021, 2028)}
MSCA_IN_FORCE = {2021: "HE-WP-MSCA21", 2022: "HE-WP-MSCA21", 2023: "HE-WP-MSCA23", 2024: "HE-WP-MSCA23",
                 2025: "HE-WP-MSCA25", 2026: "HE-WP-MSCA26", 2027: "HE-WP-MSCA26"}  # fmt: skip
WIDERA_IN_FORCE = {2022: "HE-WP-WIDERA21", 2024: "HE-WP-WIDERA23", 2025: "HE-WP-WIDERA25", 2026: "HE-WP-WIDERA26"}


def action(name: str, year: int, *participants: dict[str, Any]) -> Any:
    return check({"programme": "horizon-europe", "action": name, "call_year": year, "participants": list(participants)})


@pytest.mark.parametrize("year", YEARS)
def test_he_erc_stg_coordinator_cites_the_erc_work_programme_of_its_year(year: int) -> None:
    verdict = action("ERC-StG", year, p("MIT", "US", "coordinator"))
    assert sources_of(verdict, "he.ERC-StG.coordinator") == ("HE-REG", ERC_IN_FORCE[year])


@pytest.mark.parametrize("year", YEARS)
def test_he_eic_single_beneficiary_conditions_cite_the_eic_not_the_erc_or_msca(year: int) -> None:
    # The single-beneficiary host rule of the EIC schemes rests on the EIC FAQ and the EIC work programme of the
    # year, never on the ERC or MSCA work programmes (an NCP review found HE-WP-ERC26 and HE-WP-MSCA26 cited).
    eic = f"HE-WP-EIC{str(year)[2:]}"
    for name in ("EIC-Transition", "EIC-Pathfinder-Challenge"):
        verdict = action(name, year, p("MIT", "US", "coordinator"))
        assert sources_of(verdict, f"he.{name}.coordinator") == ("HE-REG", "EIC-FAQ", eic), name
    accelerator = action("EIC-Accelerator", year, p("Start-up", "US", "coordinator", type="sme"))
    assert sources_of(accelerator, "he.EIC-Accelerator.coordinator") == ("HE-REG", eic)


@pytest.mark.parametrize("year", YEARS)
def test_he_eic_transition_composition_cites_the_eic_for_every_head_count(year: int) -> None:
    # EIC-FAQ (EIC Transition) sets the minimum for one, two, and three or more beneficiaries, the last being the
    # Regulation's rule of three (HE-REG Art 22): each case cites the EIC FAQ and the EIC work programme of the
    # year, not the General Annexes (a review found HE-GA23 and SEED-002 cited for three or more).
    eic = f"HE-WP-EIC{str(year)[2:]}"
    two = action("EIC-Transition", year, p("A", "DE", "coordinator"), p("B", "DE"))
    assert sources_of(two, "he.EIC-Transition.composition") == ("EIC-FAQ", eic)
    three = action("EIC-Transition", year, p("A", "DE", "coordinator"), p("B", "FR"), p("C", "DE"))
    assert sources_of(three, "he.EIC-Transition.composition") == ("HE-REG", "EIC-FAQ", eic)


@pytest.mark.parametrize("year", [2022, 2024, 2025])
def test_he_era_fellowships_no_affiliated_entities_wp2021_2025_cites_the_version_it_names(year: int) -> None:
    # The condition says the 2026-2027 MSCA work programme forbids affiliated entities (HE-WP-MSCA26, read) and
    # that the call year's version was not read: it cites the first, then the second as the text to check.
    lab = p("Lab", "PL", "affiliated-entity", controlled_by="Host")
    verdict = action("ERA-Fellowships", year, p("Host", "PL", "coordinator"), lab)
    [condition] = [c for c in verdict.conditions_to_confirm if c.rule.endswith(".no-affiliated-entities.wp2021-2025")]
    assert "2026-2027 MSCA work programme" in condition.message
    assert condition.sources == ("HE-WP-MSCA26", MSCA_IN_FORCE[year])


@pytest.mark.parametrize("year", YEARS)
def test_he_msca_pf_host_rules_cite_the_msca_work_programme_of_its_year(year: int) -> None:
    verdict = action("MSCA-PF", year, p("Researcher", "DE", "coordinator", type="natural-person"))
    assert sources_of(verdict, "he.MSCA-PF.beneficiary-types") == (MSCA_IN_FORCE[year],)
    host = action("MSCA-PF", year, p("MIT", "US", "coordinator"))
    assert sources_of(host, "he.MSCA-PF.coordinator") == ("HE-REG", MSCA_IN_FORCE[year])


@pytest.mark.parametrize("year", YEARS)
def test_he_era_chairs_cites_the_widening_work_programme_of_its_year(year: int) -> None:
    verdict = action("ERA-Chairs", year, p("Uni", "PL", "coordinator"), p("B", "DE"))
    assert sources_of(verdict, "he.ERA-Chairs.max-beneficiaries") == (WIDERA_IN_FORCE[year],)


@pytest.mark.parametrize(("year", "ended_after"), [(2025, "after 1 January 2024"), (2026, "1 January 2025")])
def test_he_erc_poc_note_says_the_rule_of_every_year(year: int, ended_after: str) -> None:
    # ERC-POC-RULE: a grant ongoing or ended less than 12 months before 1 January of the call year (ISERD for 2021,
    # grantway for 2023, grants8 for 2025: after 1 January 2024); WP 2026: on or after 1 January 2025.
    note = next(
        f for f in action("ERC-PoC", year, p("Host", "DE", "coordinator")).findings if f.rule == "he.ERC-PoC.note"
    )
    assert "less than 12 months before 1 January of the call year" in note.message and ended_after in note.message
    assert note.sources == (ERC_IN_FORCE[year], "ERC-POC-RULE")


@pytest.mark.parametrize("year", YEARS)
def test_he_msca_pf_no_affiliated_entities_is_a_condition_to_confirm_before_2026(year: int) -> None:
    # HE-WP-MSCA26 says affiliated entities are not allowed; the MSCA work programmes of 2021-2025 were not read on
    # this point (HE-WP-MSCA21, HE-WP-MSCA23, HE-WP-MSCA25): before 2026 a condition to confirm, from 2026 an error.
    # For the Doctoral Networks NCPs say the same of Horizon Europe (MSCA-NET-FAQ): an error in every year.
    lab = p("Lab", "DE", "affiliated-entity", controlled_by="Host")
    verdict = action("MSCA-PF", year, p("Host", "DE", "coordinator"), lab)
    if year >= 2026:
        assert "he.MSCA-PF.no-affiliated-entities" in {f.rule for f in verdict.findings if f.severity == "error"}
    else:
        assert verdict.outcome == "eligible-if"
        assert [c.rule for c in verdict.conditions_to_confirm] == ["he.MSCA-PF.no-affiliated-entities.wp2021-2025"]
        # It says the 2026-2027 version says so: it cites that one, and the call year's version to check.
        assert verdict.conditions_to_confirm[0].sources == ("HE-WP-MSCA26", MSCA_IN_FORCE[year])
    network = action(
        "MSCA-DN",
        year,
        p("A", "DE", "coordinator"),
        p("B", "FR"),
        p("C", "IT"),
        p("Lab", "DE", "affiliated-entity", controlled_by="A"),
    )
    [error] = [f for f in network.findings if f.rule == "he.MSCA-DN.no-affiliated-entities"]
    assert error.severity == "error" and error.sources == (MSCA_IN_FORCE[year], "MSCA-NET-FAQ")
