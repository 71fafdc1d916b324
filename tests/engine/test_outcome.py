"""The outcome of a check: "eligible", "eligible-if" (conditions of the call the checker could not verify,
listed to confirm) or "not-eligible"; the headline that keeps the two questions apart; and how the minimum
is met.

The expected outcomes follow what the sources say is at stake: the topic conditions prevail over the general
rules (HE-GA26, "unless otherwise provided in the topic conditions"), so a sentence of them not read, or a
composition requirement on facts the input lacks, leaves the verdict open; a funding list not verified is
about the second question (funding), never the first (HE-REG Art 23).
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import p, rules_of

from horizon_eligibility import check, compare_years, load_rules, rule_ids
from horizon_eligibility.cli import main
from horizon_eligibility.conditions import Member, compile_condition, rank
from horizon_eligibility.minimum_met import witnesses
from horizon_eligibility.outcome import CONFIRM_RULES, RESTRICTION_CAUTIONS

THREE = [p("A", "DE", "coordinator"), p("B", "FR"), p("C", "IT")]
UNREAD = "Applicants must be members of the OECD."  # the reader does not understand it (see test_cli)
# A composition need on a fact the input has no field for (the border and coast guard topics of Cluster 3).
GUARDS = (
    "The consortium must include at least two border or coast guard authorities from at least two different "
    "Member States."
)


def he(year: int, participants: list[dict[str, Any]], action: str = "RIA", **extra: Any) -> dict[str, Any]:
    return {"programme": "horizon-europe", "action": action, "call_year": year, "participants": participants, **extra}


def cli(data: dict[str, Any], tmp_path: Path, *options: str) -> tuple[int, str]:
    """`horizon-eligibility check` in this process (so it runs in Pyodide too): exit status and output."""
    path = tmp_path / "consortium.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(["check", str(path), *options])
    return status, out.getvalue()


# -- eligible if -----------------------------------------------------------------------------------------
def test_he_topic_unread_makes_an_eligible_consortium_eligible_if_and_exit_3(tmp_path: Path) -> None:
    data = he(2025, THREE, topic={"conditions_text": UNREAD})
    verdict = check(data)
    assert verdict.outcome == "eligible-if" and verdict.eligible is None
    [condition] = verdict.conditions_to_confirm
    assert condition.rule == "he.topic.unread" and UNREAD in condition.message
    assert verdict.headline == "Eligible if 1 condition is confirmed"
    out = verdict.to_dict()
    assert out["eligible"] is None and out["outcome"] == "eligible-if"
    assert out["conditions_to_confirm"] == [
        {"rule": "he.topic.unread", "message": condition.message, "sources": list(condition.sources)}
    ]
    status, report = cli(data, tmp_path)
    assert status == 3
    assert "VERDICT: ELIGIBLE IF 1 condition is confirmed" in report
    assert "Conditions to confirm" in report and "1. he.topic.unread" in report
    status, as_json = cli(data, tmp_path, "--format", "json")
    assert status == 3 and json.loads(as_json)["eligible"] is None


def test_he_topic_composition_check_a_need_the_input_cannot_show_is_eligible_if() -> None:
    given = he(2025, THREE, topic={"composition": [{"text": GUARDS, "min": 2, "needs": "border guards"}]})
    verdict = check(given)
    assert verdict.outcome == "eligible-if"
    assert [f.rule for f in verdict.conditions_to_confirm] == ["he.topic.composition.check"]
    # The same need pasted as the topic's text: the reader finds it, and the outcome is the same.
    pasted = check(he(2025, THREE, topic={"conditions_text": GUARDS}))
    assert pasted.outcome == "eligible-if"
    assert [f.rule for f in pasted.conditions_to_confirm] == ["he.topic.composition.check"]


def test_he_topic_unread_in_a_not_eligible_consortium_stays_not_eligible(tmp_path: Path) -> None:
    data = he(2025, THREE[:2], topic={"conditions_text": UNREAD})  # two beneficiaries: HE-REG Art 22(2)
    verdict = check(data)
    assert verdict.outcome == "not-eligible" and verdict.eligible is False
    assert "he.topic.unread" in rules_of(verdict, "warning")  # still said, among the findings
    assert verdict.conditions_to_confirm == ()  # the errors come first
    assert cli(data, tmp_path)[0] == 1


def test_he_funding_list_unverified_is_a_general_caution_and_stays_eligible(tmp_path: Path) -> None:
    # The 2025 list was not retrieved (SEED-002, HE-GA26): whether Djibouti is on it decides its funding only.
    data = he(2025, [*THREE, p("Université de Djibouti", "DJ")])
    verdict = check(data)
    assert "he.funding-list.unverified" in rules_of(verdict, "warning")
    assert verdict.outcome == "eligible" and verdict.eligible is True and verdict.conditions_to_confirm == ()
    assert cli(data, tmp_path)[0] == 0


@pytest.mark.parametrize(
    ("rule", "data", "outcome"),
    [
        # EUROHPC-CZ: a EuroHPC call may be open only in participating states: eligibility itself.
        ("he.call.eurohpc", he(2025, THREE, call_id="HORIZON-EUROHPC-JU-2025-COE-01"), "eligible-if"),
        # EDCTP3-NCP-2024: its own consortium composition (a sub-Saharan member country).
        ("he.call.edctp3", he(2024, THREE, call_id="HORIZON-JU-GH-EDCTP3-2024-01-03"), "eligible-if"),
        # IHI-TOPIC: who receives funding, not who may take part.
        ("he.call.ihi", he(2024, THREE, call_id="HORIZON-JU-IHI-2024-07-01"), "eligible"),
        # HE-GA26: a topic excluding entities controlled from third countries; the controller's country unknown.
        (
            "he.control.outside-consortium",
            he(2025, [*THREE, p("Sub", "NL", controlled_by="Parent Ltd")], topic={"control_restriction": True}),
            "eligible-if",
        ),
        # HE-GA26 excludes entities established in China from 2026 RIAs; HK-RGC does not settle Hong Kong.
        (
            "he.restriction.hong-kong-macao-research-and-innovation-actions",
            he(2026, [*THREE, p("HKU", "HK", "associated-partner")]),
            "eligible-if",
        ),
        # HE-WP-MSCA26: both sectors; a type not given does not say which.
        (
            "he.MSCA-SE.sectors.unsure",
            he(
                2025,
                [p("A", "DE", "coordinator", type="university"), p("B", "FR", type="university"), p("C", "IT")],
                action="MSCA-SE",
            ),
            "eligible-if",
        ),
        # The association applies from a deadline (HE-ASSOC): without one, Egypt is not counted (less favourable).
        ("he.association.depends-on-deadline", he(2025, [*THREE, p("Cairo", "EG")]), "eligible"),
        # H2020-SME-FTI: two industry participants, unless industry gets 60% of the budget, which no input holds.
        (
            "h2020.FTI.composition.sme",
            {
                "programme": "horizon-2020",
                "action": "FTI",
                "call_year": 2016,
                "participants": [
                    p("A", "DE", "coordinator", type="university"),
                    p("B", "FR", type="university"),
                    p("C", "IT", type="sme"),
                ],
            },
            "eligible-if",
        ),
    ],
)
def test_which_warnings_are_conditions_to_confirm(rule: str, data: dict[str, Any], outcome: str) -> None:
    verdict = check(data)
    assert rule in rules_of(verdict, "warning")
    assert verdict.outcome == outcome
    assert (rule in {f.rule for f in verdict.conditions_to_confirm}) == (outcome == "eligible-if")


def test_the_rules_named_as_conditions_to_confirm_exist() -> None:
    registered = {rule.split(".", 1)[1] for rule in rule_ids()}
    assert set(CONFIRM_RULES) <= registered
    assert {f"restriction.{r}" for r in RESTRICTION_CAUTIONS} <= registered


# -- the headline: the two questions apart -------------------------------------------------------------
def test_he_funding_not_automatic_the_headline_counts_beneficiaries_not_automatically_funded() -> None:
    # HE-REG Art 23: entities from third countries not on the funding list are not automatically funded;
    # an associated partner is never funded, so it is not counted.
    us = [p("MIT", "US"), p("Stanford", "US", "coordinator"), p("NIH", "US", "associated-partner")]
    verdict = check(he(2025, [p("A", "DE"), p("B", "FR"), p("C", "IT"), *us]))
    assert verdict.outcome == "eligible"
    assert verdict.headline == "Eligible; 2 beneficiaries are not automatically funded"
    one = check(he(2025, [*THREE, p("MIT", "US")], topic={"conditions_text": UNREAD}))
    assert one.headline == "Eligible if 1 condition is confirmed; 1 beneficiary is not automatically funded"
    assert check(he(2025, [*THREE, p("NIH", "US", "associated-partner")])).headline == "Eligible"
    assert check(he(2025, [p("A", "DE", "coordinator"), p("MIT", "US")])).headline == "Not eligible"


def test_the_cli_report_says_the_headline(tmp_path: Path) -> None:
    status, report = cli(he(2025, [*THREE, p("MIT", "US")]), tmp_path)
    assert status == 0
    assert "VERDICT: ELIGIBLE; 1 beneficiary is not automatically funded" in report


# -- how the minimum is met --------------------------------------------------------------------------------
def test_he_ria_composition_met_says_which_beneficiaries_and_countries() -> None:
    # HE-REG Art 22(2): three independent beneficiaries in three Member States or associated countries, one
    # in a Member State. Oslo is controlled by Berlin 2: one group, which counts once (DE or NO).
    verdict = check(
        he(
            2025,
            [
                p("Berlin", "DE", "coordinator"),
                p("Leeds", "UK"),
                p("Oslo", "NO", controlled_by="Berlin 2"),
                p("Berlin 2", "DE"),
            ],
        )
    )
    [met] = [f for f in verdict.findings if f.rule == "he.RIA.composition.met"]
    assert met.severity == "info" and met.participants == ("Berlin", "Leeds", "Oslo")
    assert met.message.endswith(
        "The consortium meets this: 3 independent beneficiaries in 3 countries (DE, GB, NO), DE a Member State."
    )


def test_he_topic_composition_met_with_established_in_any_claims_no_named_group() -> None:
    # README, topic composition: established_in "any" counts a beneficiary in any country. The topic's words
    # (HORIZON-EIE-2024-CONNECT-01-01: "different African Union member states") name a group the engine did not
    # check here, so the note must not say the consortium meets them: it says any country was counted.
    need = {
        "text": "at least three independent legal entities from different African Union member states",
        "min": 3,
        "min_countries": 3,
        "established_in": "any",
    }
    people = [p("A", "DE", "coordinator"), p("K", "KE"), p("N", "NG")]
    topic = {"third_country_beneficiaries": ["KE", "NG"], "composition": [need]}
    verdict = check(he(2024, people, "CSA", topic=topic))
    [met] = [f for f in verdict.findings if f.rule == "he.topic.composition.met"]
    assert "The consortium meets this" not in met.message
    assert 'member states. As given (established_in "any"), any country counts' in met.message
    assert "the countries the topic names were not checked" in met.message
    # A composition of the action (its text is the data's own) keeps its wording.
    [action_met] = [f for f in verdict.findings if f.rule == "he.CSA.composition.met"]
    assert "The consortium meets this" in action_met.message


def test_a_composition_that_fails_says_no_met() -> None:
    verdict = check(he(2025, THREE[:2]))
    assert "he.RIA.composition" in rules_of(verdict, "error")
    assert "he.RIA.composition.met" not in rules_of(verdict)


RIA = compile_condition(
    {
        **load_rules().condition_defaults,
        "kind": "composition",
        "text": "Three independent beneficiaries in three countries, one in a Member State.",
        "min": 3,
        "independent": True,
        "distinct_countries": True,
        "established_in": "ms-ac",
        "min_member_states": 1,
        "sources": [],
    }  # type: ignore[arg-type]
)
COUNTRIES = ["DE", "FR", "NO", "GB", "CH"]  # the first two Member States


@st.composite
def pools(draw: st.DrawFn) -> list[Member]:
    members = []
    for i in range(draw(st.integers(1, 8))):
        country = draw(st.sampled_from(COUNTRIES))
        group = draw(st.integers(0, 4))
        is_ms = country in ("DE", "FR")
        members.append(
            Member(
                i, f"M{i}", "beneficiary", None, group, country, country, is_ms, True, False, True, True, False, True
            )
        )
    return members


@settings(max_examples=300, deadline=None)
@given(pools())
def test_how_the_minimum_is_met_names_a_maximum_pick_with_as_many_member_states_as_any(pool: list[Member]) -> None:
    picked = witnesses(pool, RIA)
    # A valid pick: distinct control groups, distinct countries; as large as the maximum matching (rank), and
    # holding as many Member States as the maximum matching over the Member States alone.
    assert len({m.group for m in picked}) == len(picked) == len({m.slot for m in picked})
    assert len(picked) == rank([(m.group, m.slot) for m in pool])[0]
    assert sum(m.is_ms for m in picked) >= rank([(m.group, m.slot) for m in pool if m.is_ms])[0]


# -- compare-years: the outcome per year -------------------------------------------------------------------
def test_compare_years_gives_each_year_its_outcome_and_the_worst_exit_status(tmp_path: Path) -> None:
    # HE-GA26: entities in Hong Kong may be treated as Chinese, excluded from RIAs from 2026 only.
    data = he(2025, [*THREE, p("HKU", "HK", "associated-partner")])
    years = {y["year"]: y for y in compare_years(data, [2025, 2026])["years"]}
    assert (years[2025]["outcome"], years[2025]["eligible"]) == ("eligible", True)
    assert (years[2026]["outcome"], years[2026]["eligible"]) == ("eligible-if", None)
    assert [c["rule"] for c in years[2026]["conditions_to_confirm"]] == [
        "he.restriction.hong-kong-macao-research-and-innovation-actions"
    ]
    assert years[2026]["changes"][0] == "From 2026: eligible only if conditions are confirmed (in 2025: eligible)."
    status, report = cli(data, tmp_path, "--compare-years", "2025-2026")
    assert status == 3
    assert "2026  ELIGIBLE IF" in report and "2025  ELIGIBLE " in report
    # Switzerland is not associated for 2024 calls (HE-ASSOC): not eligible then, which outranks "eligible if".
    with_swiss = he(
        2025, [p("A", "DE", "coordinator"), p("B", "FR"), p("ETH", "CH"), p("HKU", "HK", "associated-partner")]
    )
    outcomes = [y["outcome"] for y in compare_years(with_swiss, [2024, 2026])["years"]]
    assert outcomes == ["not-eligible", "eligible-if"]
    assert cli(with_swiss, tmp_path, "--compare-years", "2024,2026")[0] == 1


def test_headline_counts_affiliated_entities_not_automatically_funded() -> None:
    # HE-GA26 p. 5: affiliated entities take part only if eligible for participation and funding; the United States
    # is on no funding list (SEED-003). Like a beneficiary, it may still be funded exceptionally (the topic, or the
    # granting authority judging it essential: HE-REG Art 23), so the headline counts it, apart from beneficiaries.
    lab = p("Lab", "US", "affiliated-entity", controlled_by="A")
    verdict = check(he(2025, [*THREE, lab]))
    assert verdict.headline == "Eligible; 1 affiliated entity is not automatically funded"
    both = check(he(2025, [*THREE, lab, p("MIT", "US")]))
    assert both.headline == "Eligible; 1 beneficiary and 1 affiliated entity are not automatically funded"
