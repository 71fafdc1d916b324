"""The minimum conditions must still hold when a partner leaves (SEED-004; HE AGA Art 7)."""

from __future__ import annotations

from support import he, p


def test_every_partner_of_a_minimal_consortium_is_critical() -> None:
    verdict = he("RIA", 2025, p("A", "DE", "coordinator"), p("B", "FR"), p("C", "IT"))
    assert verdict.critical_participants == ("A", "B", "C")


def test_a_second_partner_in_a_country_makes_neither_critical() -> None:
    verdict = he("RIA", 2025, p("A", "DE", "coordinator"), p("B", "FR"), p("B2", "FR"), p("C", "IT"))
    assert verdict.critical_participants == ("A", "C")


def test_only_member_state_partner_is_critical() -> None:
    verdict = he("RIA", 2025, p("A", "DE", "coordinator"), p("B", "NO"), p("C", "CH"), p("D", "UK"))
    assert verdict.critical_participants == ("A",)


def test_widening_coordinator_critical_only_without_a_replacement() -> None:
    alone = he("Twinning", 2025, p("A", "PL", "coordinator"), p("B", "DE"), p("C", "FR"))
    assert "A" in alone.critical_participants
    replaceable = he("Twinning", 2025, p("A", "PL", "coordinator"), p("B", "DE"), p("C", "FR"), p("D", "CZ"))
    assert "A" not in replaceable.critical_participants


def test_ineligible_consortium_lists_no_critical_partner() -> None:
    assert he("RIA", 2025, p("A", "DE", "coordinator"), p("B", "FR")).critical_participants == ()
