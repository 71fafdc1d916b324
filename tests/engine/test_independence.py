"""Independence and control (H2020 RfP Art 8; the usual reading for Horizon Europe)."""

from __future__ import annotations

import pytest
from support import he, p, participant, rules_of, verdict_of

from horizon_eligibility.conditions import rank


def test_controlled_beneficiary_does_not_make_a_third_independent_one() -> None:
    verdict = verdict_of("design-example")
    assert not verdict.eligible
    assert "Firm B and Firm C" in next(f.message for f in verdict.findings if f.rule == "he.RIA.composition")


def test_commonly_controlled_beneficiaries_are_not_independent() -> None:
    assert not verdict_of("commonly-controlled-beneficiaries").eligible


def test_controller_outside_the_consortium_is_matched_by_name_case_and_space_insensitively() -> None:
    verdict = he(
        "IA",
        2025,
        p("A", "DE", "coordinator"),
        p("B", "FR", controlled_by="Acme  Holding"),
        p("C", "IT", controlled_by="acme holding"),
    )
    assert not verdict.eligible


def test_a_spare_partner_makes_up_for_a_controlled_one() -> None:
    assert verdict_of("controlled-beneficiary-with-spare-partner").eligible


def test_control_cycle_is_one_group_with_a_warning() -> None:
    verdict = verdict_of("control-cycle")
    assert not verdict.eligible
    assert [f.rule for f in verdict.findings].count("he.input.control-cycle") == 1


def test_self_control_is_ignored_with_a_warning() -> None:
    verdict = he("RIA", 2025, p("A", "DE", "coordinator", controlled_by="A"), p("B", "FR"), p("C", "IT"))
    assert verdict.eligible and "he.input.controls-itself" in rules_of(verdict, "warning")


def test_duplicate_names_warn() -> None:
    verdict = he("RIA", 2025, p("A", "DE", "coordinator"), p("B", "FR"), p("B", "IT"))
    assert "he.input.duplicate-names" in rules_of(verdict, "warning")


def test_rank_is_a_maximum_matching() -> None:
    # group g1 can use FR or ES, g2 only FR: both fit (g1->ES, g2->FR).
    assert rank([("g1", "FR"), ("g1", "ES"), ("g2", "FR")])[0] == 2
    assert rank([("g1", "FR"), ("g2", "FR")])[0] == 1
    assert rank([("g1", "FR"), ("g1", "ES"), ("g1", "IT")])[0] == 1


def test_independent_group_spread_over_countries_finds_the_matching() -> None:
    verdict = he(
        "RIA",
        2025,
        p("Group FR", "FR", "coordinator", controlled_by="G"),
        p("Group ES", "ES", controlled_by="G"),
        p("Solo FR", "FR"),
        p("Solo DE", "DE"),
    )
    assert verdict.eligible  # G (ES), Solo FR, Solo DE
    assert participant(verdict, "Group ES").counts_towards_minimum


@pytest.mark.parametrize(
    "first, second",
    [
        ("Acme GmbH", "ACME GMBH"),
        ("Acme  GmbH", "acme gmbh"),
        ("Université Alpha", "UNIVERSITÉ ALPHA"),
        ("ﬁrm", "FIRM"),
    ],
)
def test_he_input_duplicate_names_compared_as_names_are_whatever_their_case_spaces_or_ligatures(
    first: str, second: str
) -> None:
    verdict = he("RIA", 2025, p(first, "DE", "coordinator"), p(second, "FR"), p("Università C", "IT"))
    assert "he.input.duplicate-names" in rules_of(verdict, "warning")
    distinct = he("RIA", 2025, p(first, "DE", "coordinator"), p(second + " Two", "FR"), p("Università C", "IT"))
    assert "he.input.duplicate-names" not in rules_of(distinct)
