"""Association by the call's budget year and programme part (the guidance page who-can-take-part)."""

from __future__ import annotations

from support import example, h2020, he, p, participant, rules_of, verdict_of

from horizon_eligibility import load_rules


def test_he_association_transitional_uk_2023_did_not_apply_at_signature_so_it_does_not_count() -> None:
    # The General Annexes treat a negotiating country as associated only if the agreement applies at
    # signature; for budgets 2021-2023 it did not (UK partners became associated partners): the consortium
    # had to meet the minimum conditions without them.
    verdict = verdict_of("uk-2023-ria-transitional")
    assert not verdict.eligible
    leeds = participant(verdict, "University of Leeds")
    assert not leeds.counts_towards_minimum and leeds.funding == "not-eligible"
    assert "UK Government guarantee" in leeds.reason
    assert "he.association.transitional" in rules_of(verdict, "warning")
    assert "he.RIA.composition" in rules_of(verdict, "error")
    assert verdict_of(
        "uk-2023-ria-transitional",
        participants=[*example("uk-2023-ria-transitional")["participants"], p("Università C", "IT")],
    ).eligible


def test_he_association_transitional_morocco_2022_funded_as_low_income_but_not_counted() -> None:
    verdict = he("RIA", 2022, p("A", "DE", "coordinator"), p("B", "FR"), p("Rabat", "MA"))
    rabat = participant(verdict, "Rabat")
    assert rabat.funding == "eligible" and not rabat.counts_towards_minimum
    assert not verdict.eligible


def test_he_association_transitional_japan_2026_counts_if_the_agreement_applies_at_signature() -> None:
    # JP-HE: Japan under a transitional arrangement from the 2026 calls (Pillar II); HE-GA26: its entities count as
    # associated only if the association agreement applies at grant signature.
    verdict = he("RIA", 2026, p("A", "DE", "coordinator"), p("B", "FR"), p("Tokyo", "JP"))
    assert participant(verdict, "Tokyo").counts_towards_minimum
    assert "he.association.transitional" in rules_of(verdict, "warning")


def test_he_association_transitional_needed_a_partner_the_minimum_needs_is_a_condition_to_confirm() -> None:
    # The same rule (JP-HE, HE-GA26): where Tokyo is one of the three the RIA rule needs (HE-REG Art 22(2)), the
    # consortium is eligible only if the agreement applies at signature: a condition to confirm. With a fourth
    # partner in a Member State it is not needed, and the arrangement stays a caution.
    needed = he("RIA", 2026, p("A", "DE", "coordinator"), p("B", "FR"), p("Tokyo", "JP"))
    assert needed.outcome == "eligible-if"
    [condition] = needed.conditions_to_confirm
    assert condition.rule == "he.association.transitional.needed" and condition.participants == ("Tokyo",)
    assert "JP-HE" in condition.sources and "grant signature" in condition.message
    spare = he("RIA", 2026, p("A", "DE", "coordinator"), p("B", "FR"), p("C", "IT"), p("Tokyo", "JP"))
    assert spare.outcome == "eligible" and "he.association.transitional" in rules_of(spare, "warning")


def test_uk_2024_associated_and_funded() -> None:
    verdict = verdict_of("uk-2024-ria-associated")
    assert verdict.eligible and participant(verdict, "University of Leeds").funding == "eligible"


def test_switzerland_he_2024_third_country_2025_associated() -> None:
    before = verdict_of("ch-2024-ria-not-associated")
    assert not before.eligible and participant(before, "ETH Zürich").funding == "not-eligible"
    after = verdict_of("ch-2025-ria-associated")
    assert after.eligible and participant(after, "ETH Zürich").funding == "eligible"


def test_switzerland_h2020_2015_partial_association_by_part() -> None:
    assert verdict_of("h2020-ch-2015-excellent-science").eligible
    assert not verdict_of("h2020-ch-2015-societal-challenges").eligible
    assert verdict_of("h2020-ch-2017-societal-challenges").eligible


def test_pillar_2_only_associated_countries() -> None:
    assert verdict_of("ca-2025-pillar-2").eligible
    assert verdict_of("nz-2023-pillar-2").eligible
    assert not verdict_of("nz-2023-msca-dn").eligible
    assert verdict_of("kr-2025-pillar-2").eligible
    assert not verdict_of("kr-2024-pillar-2").eligible


def test_missions_count_as_pillar_2_for_pillar_2_only_countries() -> None:
    verdict = he(
        "RIA",
        2025,
        p("A", "DE", "coordinator"),
        p("B", "FR"),
        p("C", "KR"),
        call_id="HORIZON-MISS-2025-CANCER-01",
    )
    assert verdict.request.part == "pillar-2" and verdict.eligible


def test_japan_2026_pillar_2_transitional_with_warning() -> None:
    # Tokyo is the third partner the RIA rule needs: eligible if the agreement applies at signature (JP-HE).
    verdict = verdict_of("jp-2026-pillar-2-transitional")
    assert verdict.outcome == "eligible-if"
    assert [c.rule for c in verdict.conditions_to_confirm] == ["he.association.transitional.needed"]
    assert "he.association.transitional" in rules_of(verdict, "warning")
    assert not verdict_of("jp-2026-erc").eligible


def test_egypt_2024_not_associated_2025_from_10_april() -> None:
    assert not verdict_of("eg-2024-ria").eligible
    assert verdict_of("eg-2025-ria-after-april").eligible
    assert not verdict_of("eg-2025-ria-before-april").eligible
    # Without the deadline the less favourable reading holds, and the verdict says what would settle it.
    undated = he("RIA", 2025, p("A", "DE", "coordinator"), p("B", "FR"), p("Cairo University", "EG"))
    assert not undated.eligible
    assert "he.association.depends-on-deadline" in rules_of(undated, "warning")


def test_he_association_unverified_morocco_2025_not_counted_but_funded_as_low_income() -> None:
    # No agreement signed and no arrangement confirmed after March 2024: the less favourable reading, said.
    verdict = he("RIA", 2025, p("A", "DE", "coordinator"), p("B", "FR"), p("Rabat", "MA"))
    assert not verdict.eligible
    assert "he.association.unverified" in rules_of(verdict, "warning")
    rabat = participant(verdict, "Rabat")
    assert rabat.funding == "eligible" and not rabat.counts_towards_minimum


def test_he_twinning_coordinator_morocco_2022_is_not_a_widening_country() -> None:
    # The arrangement never applied at signature: Morocco was never a widening associated country.
    verdict = he("Twinning", 2022, p("Rabat", "MA", "coordinator"), p("B", "FR"), p("C", "IT"))
    assert "he.Twinning.coordinator" in rules_of(verdict, "error")


def test_he_association_transitional_canada_2023_neither_counts_nor_is_funded() -> None:
    # The agreement covers budget 2024 onwards: Canadian partners of 2023 grants became associated partners.
    verdict = he("RIA", 2023, p("A", "DE", "coordinator"), p("B", "FR"), p("Toronto", "CA"))
    assert not verdict.eligible
    toronto = participant(verdict, "Toronto")
    assert not toronto.counts_towards_minimum and toronto.funding == "not-eligible"
    assert "he.association.transitional" in rules_of(verdict, "warning")
    assert he("RIA", 2024, p("A", "DE", "coordinator"), p("B", "FR"), p("Toronto", "CA")).eligible
    erc = he("ERC-StG", 2023, p("Toronto", "CA", "coordinator"))
    assert not erc.eligible  # Pillar II only


def test_kosovo_is_associated_to_horizon_europe() -> None:
    assert verdict_of("kosovo-2025").eligible


def test_kosovo_was_an_annex_a_country_in_horizon_2020() -> None:
    verdict = h2020("RIA", 2018, p("A", "DE", "coordinator"), p("B", "FR"), p("C", "IT"), p("Prishtina", "XK"))
    prishtina = participant(verdict, "Prishtina")
    assert prishtina.funding == "eligible" and not prishtina.counts_towards_minimum


def test_h2020_ukraine_associated_from_2015() -> None:
    ua = load_rules().programme("horizon-2020")
    assert not ua.status("UA", 2014, "societal-challenges").in_ms_or_ac
    assert ua.status("UA", 2015, "societal-challenges").in_ms_or_ac


def test_liechtenstein_does_not_associate() -> None:
    status = load_rules().programme("horizon-europe").status("LI", 2025, "pillar-2")
    assert status.group == "third-country" and not status.in_ms_or_ac


def test_associated_country_counts_in_horizon_europe_2026_list_has_22() -> None:
    programme = load_rules().programme("horizon-europe")
    statuses = {c: programme.status(c, 2026, "pillar-2") for c in load_rules().countries}
    associated = {c for c, s in statuses.items() if s.group == "associated" and s.established_in == c}
    assert len(associated) == 22  # HE-GA26 p. 12 lists 22; Japan is transitional, not associated


def test_he_association_part_of_svalbard_takes_norways_status() -> None:
    svalbard = load_rules().programme("horizon-europe").status("SJ", 2025, "pillar-2")
    assert svalbard.established_in == "NO" and svalbard.in_ms_or_ac
    assert any(kind.pattern == "association.part-of" for _, kind, _, _ in svalbard.notes)
    verdict = he("RIA", 2025, p("A", "DE", "coordinator"), p("B", "FR"), p("UNIS", "SJ"), p("Oslo", "NO"))
    assert participant(verdict, "UNIS").funding == "eligible"
    assert not he("RIA", 2025, p("A", "DE", "coordinator"), p("UNIS", "SJ"), p("Oslo", "NO")).eligible
