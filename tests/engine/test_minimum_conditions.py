"""Minimum conditions per action type (HE-REG Art 22; H2020 RfP Art 9; work programmes)."""

from __future__ import annotations

from support import h2020, he, p, participant, rules_of, verdict_of

DE, FR, IT = p("Universität A", "DE", "coordinator"), p("Institut B", "FR"), p("Università C", "IT")


def test_he_ria_three_independent_beneficiaries_in_three_countries_is_eligible() -> None:
    assert he("RIA", 2025, DE, FR, IT).eligible


def test_he_ria_two_countries_is_not_eligible_and_says_how_to_fix() -> None:
    verdict = he("RIA", 2025, DE, FR, p("Institut B2", "FR"))
    assert not verdict.eligible
    assert "he.RIA.composition" in rules_of(verdict, "error")
    assert verdict.suggestions == (
        "Add 1 independent beneficiary established in a Member State or associated country other than France, Germany.",
    )


def test_he_ria_needs_a_member_state_uk_ch_no() -> None:
    verdict = verdict_of("uk-ch-no-2025-no-member-state")
    assert not verdict.eligible
    assert any("EU Member State" in s for s in verdict.suggestions)


def test_h2020_ria_has_no_member_state_rule_uk_no_is() -> None:
    assert verdict_of("h2020-uk-no-is-2018").eligible


def test_affiliated_entities_and_associated_partners_never_count() -> None:
    verdict = verdict_of("affiliated-and-associated-partners")
    assert not verdict.eligible
    assert not participant(verdict, "Institut B Italia").counts_towards_minimum
    assert not participant(verdict, "Universidad D").counts_towards_minimum


def test_he_csa_one_beneficiary_in_member_state_or_associated_country() -> None:
    assert he("CSA", 2025, p("Agency", "NO", "coordinator")).eligible
    assert not he("CSA", 2025, p("Agency", "US", "coordinator")).eligible


def test_erc_host_must_be_in_member_state_or_associated_country() -> None:
    assert verdict_of("ch-erc-2025-host").eligible
    assert not verdict_of("ch-erc-2024-host").eligible


def test_erc_host_pillar_2_only_country_is_not_associated_canada() -> None:
    verdict = verdict_of("ca-2025-erc-host")
    assert not verdict.eligible
    assert "he.ERC-CoG.coordinator" in rules_of(verdict, "error")
    assert "he.association.scope" in rules_of(verdict, "info")


def test_erc_extra_beneficiary_is_a_warning_not_an_error() -> None:
    verdict = he("ERC-StG", 2025, p("Host", "DE", "coordinator"), p("Second", "FR"))
    # HE-WP-ERC26: the host "is expected to be" the only legal entity, and team members may be hosted by other
    # entities (CORDIS-HE holds hundreds of signed ERC grants with a second beneficiary): a general caution,
    # neither an error nor a condition to confirm.
    assert verdict.outcome == "eligible" and verdict.eligible is True
    assert not verdict.conditions_to_confirm
    assert "he.ERC-StG.max-beneficiaries" in rules_of(verdict, "warning")


def test_msca_pf_is_mono_beneficiary() -> None:
    verdict = he("MSCA-PF", 2025, p("Host", "DE", "coordinator"), p("Second", "FR"))
    assert not verdict.eligible
    assert "he.MSCA-PF.max-beneficiaries" in rules_of(verdict, "error")


def test_msca_no_affiliated_entities() -> None:
    verdict = he("MSCA-DN", 2025, DE, FR, IT, p("Affiliate", "ES", "affiliated-entity"))
    assert "he.MSCA-DN.no-affiliated-entities" in rules_of(verdict, "error")


def test_msca_se_third_country_partners_count_but_cannot_be_beneficiaries() -> None:
    assert verdict_of("msca-se-with-third-country-partner").eligible
    verdict = he("MSCA-SE", 2025, p("A", "DE", "coordinator"), p("B", "FR"), p("C", "ZA"))
    assert "he.MSCA-SE.beneficiaries-established" in rules_of(verdict, "error")


def test_msca_se_needs_two_member_states_or_associated_countries() -> None:
    verdict = he(
        "MSCA-SE",
        2025,
        p("A", "DE", "coordinator"),
        p("C", "ZA", "associated-partner"),
        p("D", "US", "associated-partner"),
    )
    assert not verdict.eligible


def test_pcp_needs_two_public_procurers_in_two_countries() -> None:
    assert verdict_of("pcp-buyers-group").eligible
    verdict = verdict_of("pcp-one-procurer")
    assert not verdict.eligible
    assert "he.PCP.composition.public-procurer" in rules_of(verdict, "error")


def test_eic_transition_two_partners_in_two_member_states() -> None:
    assert verdict_of("eic-transition-two-partners").eligible
    same_country = he("EIC-Transition", 2025, p("A", "NL", "coordinator"), p("B", "NL"))
    assert not same_country.eligible


def test_eic_pathfinder_challenge_single_beneficiary() -> None:
    assert he("EIC-Pathfinder-Challenge", 2025, p("Lab", "IT", "coordinator")).eligible
    assert not he("EIC-Pathfinder-Open", 2025, p("Lab", "IT", "coordinator")).eligible


def test_he_eic_accelerator_beneficiary_types_a_company_not_a_university() -> None:
    assert he("EIC-Accelerator", 2025, p("Start-up", "EE", "coordinator", type="sme")).eligible
    university = he("EIC-Accelerator", 2025, p("Uni", "EE", "coordinator", type="university"))
    assert not university.eligible
    assert "he.EIC-Accelerator.beneficiary-types" in rules_of(university, "error")
    # a natural person may submit for a company to be set up
    assert he("EIC-Accelerator", 2025, p("Founder", "EE", "coordinator", type="natural-person")).eligible


def test_he_eic_accelerator_beneficiary_types_sme_a_larger_company_only_exceptionally() -> None:
    verdict = he("EIC-Accelerator", 2025, p("Mid-cap", "EE", "coordinator", type="company"))
    # HE-REG: a company that is not an SME only exceptionally (a small mid-cap): eligible if that is confirmed.
    assert verdict.outcome == "eligible-if"
    assert "he.EIC-Accelerator.beneficiary-types.sme" in rules_of(verdict, "warning")


def test_he_erc_stg_beneficiary_types_a_researcher_is_not_a_host() -> None:
    verdict = he("ERC-StG", 2025, p("Dr Rossi", "IT", "coordinator", type="natural-person"))
    assert "he.ERC-StG.beneficiary-types" in rules_of(verdict, "warning")
    assert not rules_of(he("ERC-StG", 2025, p("Uni", "IT", "coordinator", type="university")), "warning")


def test_he_erc_stg_coordinator_unsure_for_a_host_in_an_overseas_territory() -> None:
    verdict = he("ERC-StG", 2025, p("Université de la Polynésie française", "PF", "coordinator"))
    # No text read (HE-REG, HE-WP-ERC26) says whether an OCT host counts as in a Member State: to confirm.
    assert verdict.outcome == "eligible-if"
    assert [f.rule for f in verdict.conditions_to_confirm] == ["he.ERC-StG.coordinator.unsure"]
    assert "he.ERC-StG.coordinator.unsure" in rules_of(verdict, "warning")
    assert "he.ERC-StG.coordinator" in rules_of(he("ERC-StG", 2025, p("MIT", "US", "coordinator")), "error")


def test_eic_accelerator_uk_grant_only_note() -> None:
    verdict = he("EIC-Accelerator", 2025, p("Start-up", "UK", "coordinator", type="sme"))
    assert verdict.eligible


def test_widening_coordinator_must_be_in_widening_country() -> None:
    verdict = verdict_of("teaming-coordinator-not-widening")
    assert "he.Teaming.coordinator" in rules_of(verdict, "error")
    assert he("ERA-Chairs", 2025, p("Uni", "PL", "coordinator")).eligible
    assert not he("ERA-Chairs", 2025, p("Uni", "GB", "coordinator")).eligible


def test_widening_greece_in_horizon_europe_luxembourg_in_horizon_2020() -> None:
    assert he("ERA-Chairs", 2025, p("Uni", "EL", "coordinator")).eligible
    assert not he("ERA-Chairs", 2025, p("Uni", "LU", "coordinator")).eligible
    assert h2020("ERA-Chairs", 2018, p("Uni", "LU", "coordinator")).eligible
    assert not h2020("ERA-Chairs", 2018, p("Uni", "EL", "coordinator")).eligible


def test_outermost_region_coordinates_widening_action() -> None:
    assert verdict_of("outermost-region-widening-coordinator").eligible


def test_excellence_hubs_two_widening_countries() -> None:
    assert he("Excellence-Hubs", 2025, p("A", "PL", "coordinator"), p("B", "CZ")).eligible
    assert not he("Excellence-Hubs", 2025, p("A", "PL", "coordinator"), p("B", "DE")).eligible


def test_h2020_sme_instrument_max_beneficiaries_single_sme_after_the_5_june_2019_cut_off() -> None:
    two = (p("SME A", "DE", "coordinator", type="sme"), p("SME B", "FR", type="sme"))
    assert not h2020("SME-Instrument", 2019, *two, deadline="2019-10-09").eligible
    assert h2020("SME-Instrument", 2019, *two, deadline="2019-06-05").eligible  # that cut-off still admitted them
    assert h2020("SME-Instrument", 2018, *two, deadline="2018-10-17").eligible
    undated = h2020("SME-Instrument", 2019, *two)
    assert not undated.eligible  # the less favourable reading, and it says what settles it
    assert "h2020.SME-Instrument.max-beneficiaries.depends-on-deadline" in rules_of(undated, "warning")


def test_h2020_fti_three_to_five_entities() -> None:
    five = [
        p(f"E{i}", c, "coordinator" if i == 0 else "beneficiary", type="company")
        for i, c in enumerate(["DE", "FR", "IT", "ES", "NL", "BE"])
    ]
    assert h2020("FTI", 2016, *five[:5]).eligible
    assert "h2020.FTI.max-beneficiaries" in rules_of(h2020("FTI", 2016, *five), "error")


ACADEMIC = (
    p("Universität A", "DE", "coordinator", type="university"),
    p("Université B", "FR", type="university"),
    p("Istituto C", "IT", type="research-organisation"),
)


def test_he_msca_se_sectors_one_sector_needs_a_non_associated_third_country() -> None:
    verdict = he("MSCA-SE", 2025, *ACADEMIC)
    assert not verdict.eligible
    assert "he.MSCA-SE.sectors" in rules_of(verdict, "error")
    assert any("non-academic" in s for s in verdict.suggestions)
    assert he("MSCA-SE", 2025, *ACADEMIC, p("Firm", "ES", type="sme")).eligible
    assert he("MSCA-SE", 2025, *ACADEMIC, p("UCT", "ZA", "associated-partner", type="university")).eligible
    # an associated country is not a third country here
    assert not he("MSCA-SE", 2025, *ACADEMIC, p("Oslo", "NO", type="university")).eligible


def test_he_msca_se_sectors_unsure_when_a_type_does_not_tell_the_sector() -> None:
    verdict = he("MSCA-SE", 2025, *ACADEMIC, p("Foundation", "ES", type="other"))
    # HE-WP-MSCA26 needs both sectors; "other" does not say which: the condition is to confirm.
    assert verdict.outcome == "eligible-if"
    assert [f.rule for f in verdict.conditions_to_confirm] == ["he.MSCA-SE.sectors.unsure"]
    assert "he.MSCA-SE.sectors.unsure" in rules_of(verdict, "warning")


def test_he_msca_se_sectors_the_only_non_academic_partner_cannot_leave() -> None:
    verdict = he("MSCA-SE", 2025, *ACADEMIC, p("Oslo", "NO", type="university"), p("Firm", "ES", type="sme"))
    assert verdict.critical_participants == ("Firm",)


def test_h2020_msca_rise_sectors_one_sector_needs_a_third_country() -> None:
    assert not h2020("MSCA-RISE", 2018, *ACADEMIC).eligible
    assert h2020("MSCA-RISE", 2018, *ACADEMIC, p("Firm", "ES", type="company")).eligible


def test_h2020_msca_itn_eid_sectors_a_non_academic_beneficiary() -> None:
    two = (p("Universität A", "DE", "coordinator", type="university"), p("Université B", "FR", type="university"))
    verdict = h2020("MSCA-ITN-EID", 2018, *two)
    assert "h2020.MSCA-ITN-EID.sectors" in rules_of(verdict, "error")
    assert h2020("MSCA-ITN-EID", 2018, *two[:1], p("Firm", "FR", type="company")).eligible


def test_h2020_erc_syg_beneficiaries_established_until_2018_no_host_outside() -> None:
    hosts = (p("Host", "DE", "coordinator"), p("Stanford", "US"))
    assert "h2020.ERC-SyG.beneficiaries-established.until-2018" in rules_of(h2020("ERC-SyG", 2018, *hosts), "warning")
    assert "h2020.ERC-SyG.beneficiaries-established.until-2018" not in rules_of(h2020("ERC-SyG", 2019, *hosts))


def test_h2020_msca_rise_three_countries_two_member_or_associated() -> None:
    assert h2020(
        "MSCA-RISE", 2018, p("A", "DE", "coordinator"), p("B", "FR"), p("C", "BR", "associated-partner")
    ).eligible


def test_coordinator_is_required_and_unique() -> None:
    assert "he.roles.coordinator" in rules_of(he("RIA", 2025, p("A", "DE"), FR, IT), "error")
    assert "he.roles.coordinator" in rules_of(he("RIA", 2025, DE, FR, p("C", "IT", "coordinator")), "error")


def test_h2020_msca_cofund_max_beneficiaries_a_sole_beneficiary() -> None:
    # "Each proposal funded under the COFUND scheme must have a sole beneficiary" (H2020-COFUND-TOPIC).
    funder = p("Funder", "DE", "coordinator", type="public-body")
    assert h2020("MSCA-COFUND", 2018, funder).eligible
    verdict = h2020("MSCA-COFUND", 2018, funder, p("Second", "FR", type="university"))
    assert not verdict.eligible
    assert "h2020.MSCA-COFUND.max-beneficiaries" in rules_of(verdict, "error")
    # The fix names Horizon 2020's partner organisations, not Horizon Europe's associated partners.
    assert any(s.startswith("Keep one beneficiary") and "partner organisations" in s for s in verdict.suggestions)


def test_he_eic_transition_max_beneficiaries_five_is_a_condition_to_confirm() -> None:
    # At most five partners (EIC-NCP-TRANSITION, secondary; no EIC Transition grant in CORDIS-HE has more); the
    # EIC FAQ says only "lean consortia" (EIC-FAQ): never an error, but a sixth beneficiary makes the consortium
    # eligible only if the call's work programme allows it (a condition to confirm).
    five = [p(n, c) for n, c in (("A", "DE"), ("B", "FR"), ("C", "IT"), ("D", "ES"), ("E", "NL"))]
    five[0]["role"] = "coordinator"
    assert "he.EIC-Transition.max-beneficiaries" not in rules_of(he("EIC-Transition", 2025, *five))
    verdict = he("EIC-Transition", 2025, *five, p("F", "PT"))
    assert verdict.outcome == "eligible-if"
    assert [c.rule for c in verdict.conditions_to_confirm] == ["he.EIC-Transition.max-beneficiaries"]
    # Losing one of six breaks nothing (six in six Member States): no partner is one the consortium cannot lose.
    assert verdict.critical_participants == ()
    warning = next(f for f in verdict.findings if f.rule == "he.EIC-Transition.max-beneficiaries")
    assert warning.severity == "warning" and {"EIC-NCP-TRANSITION", "CORDIS-HE"} <= set(warning.sources)


def test_he_teaming_composition_the_coordinator_alone_is_not_eligible() -> None:
    # HE-NCP-TEAMING (the 2023-2024 work programme) and ISERD-TEAMING: a Teaming project involves at least two
    # beneficiaries, the coordinator in a widening country and an advanced partner from another Member State or
    # associated country. The count the input shows: an error. Whether the partner is "advanced" it cannot show:
    # a condition to confirm (he.Teaming.advanced-partner), so a consortium of two is eligible if it is confirmed.
    alone = he("Teaming", 2024, p("Uni", "PL", "coordinator", type="university"))
    assert "he.Teaming.composition" in rules_of(alone, "error")
    same = he("Teaming", 2024, p("Uni", "PL", "coordinator"), p("Uni 2", "PL"))
    assert "he.Teaming.composition" in rules_of(same, "error")
    pair = he("Teaming", 2024, p("Uni", "PL", "coordinator"), p("Partner", "DE"))
    assert pair.outcome == "eligible-if"
    assert [c.rule for c in pair.conditions_to_confirm] == ["he.Teaming.advanced-partner"]
    # Both are needed for the two beneficiaries: the consortium can lose neither.
    assert set(pair.critical_participants) == {"Uni", "Partner"}


def test_he_teaming_synergies_coordinator_is_always_a_condition_to_confirm_from_2026() -> None:
    # HE-WP-WIDERA26: in 2026-2027 only Teaming Synergies, whose coordinator must be a past or current Horizon 2020
    # or Horizon Europe Teaming coordinator, which no input shows: always a condition to confirm. The work
    # programme was not read on an advanced partner: that rule stays a warning to confirm, whose members the
    # consortium still cannot lose.
    pair = he("Teaming", 2026, p("Uni", "PL", "coordinator"), p("Partner", "DE"))
    assert pair.outcome == "eligible-if"
    assert [c.rule for c in pair.conditions_to_confirm] == ["he.Teaming.synergies-coordinator"]
    assert set(pair.critical_participants) == {"Uni", "Partner"}
    alone = he("Teaming", 2026, p("Uni", "PL", "coordinator"))
    assert alone.outcome == "eligible-if" and not rules_of(alone, "error")
    assert {c.rule for c in alone.conditions_to_confirm} == {
        "he.Teaming.synergies-coordinator",
        "he.Teaming.composition.synergies",
    }


def test_he_csa_composition_failure_names_the_beneficiaries_established_elsewhere() -> None:
    # HE-REG Art 22(4), HE-GA26: one beneficiary in a Member State or associated country. A consortium whose only
    # beneficiary is in the United States has none; the message says so, and names the one not counted.
    verdict = he("CSA", 2026, p("MIT", "US", "coordinator"))
    [failure] = [f for f in verdict.findings if f.rule == "he.CSA.composition"]
    assert "found 0 beneficiaries established in a Member State or associated country" in failure.message
    assert "not counted, established elsewhere: MIT (United States)" in failure.message


def test_he_msca_se_composition_failure_says_how_many_are_in_member_states_or_associated_countries() -> None:
    # HE-WP-MSCA26, MSCA-SE-EC: three entities in three countries, two of them in different Member States or
    # associated countries. Germany, the United States and Japan are three, but only Germany is one of those.
    verdict = he(
        "MSCA-SE",
        2024,
        p("A", "DE", "coordinator", type="university"),
        p("B", "US", "associated-partner", type="university"),
        p("C", "JP", "associated-partner", type="university"),
    )
    [failure] = [f for f in verdict.findings if f.rule == "he.MSCA-SE.composition"]
    assert "1 of them in a Member State or associated country (Germany)" in failure.message


def test_he_era_fellowships_coordinator_says_in_words_why_a_deemed_host_counts_as_it_does() -> None:
    # HE-REG Art 22(9): an international European research organisation is deemed established in a Member State
    # other than the others'; HE-WP-WIDERA26: an ERA Fellowships host is in a widening country. The message names
    # the host once, says what it is and where it counts (the second review's wording).
    verdict = he(
        "ERA-Fellowships", 2024, p("H", "DE", "coordinator", type="international-european-research-organisation")
    )
    [failure] = [f for f in verdict.findings if f.rule == "he.ERA-Fellowships.coordinator"]
    assert (
        "H, an international European research organisation, counts as established in a Member State, not in a "
        "widening country." in failure.message
    )
    assert "deemed another" not in failure.message


def test_member_facts_are_the_members_fields_in_order() -> None:
    # engine.check_request builds each Member from who it is and its assessment's MemberFacts, unpacked in order.
    from dataclasses import fields

    from horizon_eligibility.assessment import MemberFacts
    from horizon_eligibility.conditions import Member

    assert tuple(f.name for f in fields(Member)) == ("index", "name", "role", "type", "group", *MemberFacts._fields)
