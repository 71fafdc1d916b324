"""How rules combine (control, roles, parts, call identifiers, territories): each test is named after the
rule id it proves, and checks the verdict a sceptical National Contact Point would expect."""

from __future__ import annotations

import pytest
from support import h2020, he, p, participant, rules_of

from horizon_eligibility import InputError, check

BASE = (p("Universität A", "DE", "coordinator"), p("Institut B", "FR"), p("Università C", "IT"))
TRUST = ["hungarian-public-interest-trust"]


# -- restrictions follow control ---------------------------------------------------------------------
def test_he_restriction_hungarian_public_interest_trusts_reaches_the_entities_a_trust_maintains() -> None:
    verdict = he(
        "RIA",
        2024,
        *BASE,
        p("Trust", "HU", "associated-partner", flags=TRUST),
        p("University maintained", "HU", controlled_by="Trust"),
    )
    assert not verdict.eligible
    maintained = participant(verdict, "University maintained")
    assert maintained.funding == "not-eligible" and not maintained.counts_towards_minimum
    assert "he.restriction.hungarian-public-interest-trusts" in rules_of(verdict, "error")
    assert any("Make University maintained an associated partner" in s for s in verdict.suggestions)


def test_he_restriction_russian_owned_control_is_a_warning_saying_what_to_check() -> None:
    verdict = he(
        "RIA",
        2025,
        *BASE,
        p("Moscow Holding", "RU", "associated-partner"),
        p("Sub", "ES", controlled_by="Moscow Holding"),
    )
    assert participant(verdict, "Sub").funding == "eligible"
    warnings = [f for f in verdict.findings if f.rule == "he.restriction.russian-owned" and f.severity == "warning"]
    assert warnings and "Check its ownership" in warnings[0].message


def test_he_restriction_third_country_control_reaches_an_entity_a_chinese_company_controls() -> None:
    consortium = (*BASE, p("Parent", "CN", "associated-partner"), p("Subsidiary", "NL", controlled_by="Parent"))
    assert participant(he("RIA", 2025, *consortium), "Subsidiary").funding == "eligible"
    restricted = he("RIA", 2025, *consortium, topic={"control_restriction": True})
    assert participant(restricted, "Subsidiary").funding == "excluded"
    assert "he.restriction.third-country-control" in rules_of(restricted, "error")


def test_he_restriction_third_country_control_follows_a_chain() -> None:
    chain = (
        p("Parent", "CN", "associated-partner"),
        p("Holding", "LU", "associated-partner", controlled_by="Parent"),
        p("Subsidiary", "NL", controlled_by="Holding"),
    )
    verdict = he("IA", 2024, *BASE, *chain, topic={"control_restriction": True})
    assert participant(verdict, "Subsidiary").funding == "excluded"


def test_he_restriction_high_risk_suppliers_reach_what_they_control_in_topics_that_exclude_them() -> None:
    consortium = (
        *BASE,
        p("Vendor", "NL", "associated-partner", flags=["high-risk-supplier"]),
        p("Lab", "DE", controlled_by="Vendor"),
    )
    assert he("RIA", 2026, *consortium).eligible
    verdict = he("RIA", 2026, *consortium, topic={"high_risk_suppliers_excluded": True})
    assert participant(verdict, "Vendor").funding == "excluded"
    assert participant(verdict, "Lab").funding == "excluded"


# -- the JRC, fixes, associated partners that count ---------------------------------------------------
def test_he_msca_se_composition_counts_a_trust_entity_as_associated_partner() -> None:
    consortium = (
        p("Uni A", "DE", "coordinator"),
        p("Uni B", "FR"),
        p("Semmelweis", "HU", "associated-partner", flags=TRUST),
    )
    verdict = he("MSCA-SE", 2024, *consortium)
    assert participant(verdict, "Semmelweis").counts_towards_minimum
    assert "he.MSCA-SE.composition" not in rules_of(verdict, "error")


def test_he_restriction_fixes_say_what_the_rule_allows() -> None:
    as_beneficiary = he("RIA", 2024, *BASE, p("Semmelweis", "HU", flags=TRUST))
    assert any(s.startswith("Make Semmelweis an associated partner") for s in as_beneficiary.suggestions)
    assert not any(s.startswith("Remove Semmelweis") for s in as_beneficiary.suggestions)
    russian = he("RIA", 2024, *BASE, p("MSU", "RU"))
    assert "Remove MSU: it may not take part in any role." in russian.suggestions


# -- call identifiers, parts and actions ---------------------------------------------------------------
def test_h2020_input_multi_year_call_ids_take_the_year_from_call_year_or_deadline() -> None:
    partners = (p("A", "DE", "coordinator"), p("B", "FR"), p("C", "IT"))
    data = {
        "programme": "horizon-2020",
        "action": "RIA",
        "call_id": "H2020-SC1-BHC-2018-2020",
        "participants": list(partners),
    }
    assert check({**data, "call_year": 2019}).request.call_year == 2019
    assert check({**data, "deadline": "2020-04-07"}).request.call_year == 2020
    with pytest.raises(InputError, match="covers the calls of 2018-2020"):
        check(data)
    with pytest.raises(InputError, match="does not match"):
        check({**data, "call_year": 2017})


def test_h2020_association_switzerland_with_a_2017_deadline_in_a_2016_2017_call() -> None:
    # Full association from 2017: the deadline's year decides in H2020-SC5-2016-2017, not the first year.
    data = {
        "programme": "horizon-2020",
        "action": "RIA",
        "call_id": "H2020-SC5-2016-2017",
        "deadline": "2017-03-07",
        "participants": [p("A", "DE", "coordinator"), p("B", "FR"), p("ETH", "CH")],
    }
    verdict = check(data)
    assert verdict.eligible and participant(verdict, "ETH").counts_towards_minimum


def test_h2020_input_einfra_and_fethpc_are_excellent_science() -> None:
    for call_id in ("H2020-EINFRA-2014-1", "H2020-FETHPC-2014"):
        verdict = h2020(
            "RIA",
            2014,
            p("A", "DE", "coordinator"),
            p("B", "FR"),
            p("EPFL", "CH"),
            call_id=call_id,
            deadline="2014-11-25",
        )
        assert verdict.request.part == "excellent-science"
        assert participant(verdict, "EPFL").counts_towards_minimum


def test_h2020_input_part_assumed_where_the_call_id_does_not_say() -> None:
    verdict = h2020("RIA", 2015, *BASE, call_id="H2020-SMEINST-2-2015")
    assert verdict.request.part == "societal-challenges"
    assert "h2020.input.part-assumed" in rules_of(verdict, "warning")
    # and where a participant's association depends on the part
    assert "he.input.part-assumed" in rules_of(he("RIA", 2025, *BASE, p("Auckland", "NZ")), "warning")
    assert "he.input.part-assumed" not in rules_of(he("RIA", 2025, *BASE), "warning")


def test_he_input_action_and_part_cannot_contradict() -> None:
    with pytest.raises(InputError, match="Call identifier") as caught:
        he("ERC-StG", 2025, p("Host", "DE", "coordinator"), call_id="HORIZON-CL5-2025-D3-01")
    assert "ERC-StG" in str(caught.value) and caught.value.field == "call_id"
    with pytest.raises(InputError, match="Programme part") as caught:
        he("ERC-StG", 2025, p("Host", "CA", "coordinator"), part="pillar-2")
    assert caught.value.field == "part"
    # A Pillar-II-only associated country cannot host an ERC grant whatever the part typed.
    assert not he("ERC-StG", 2025, p("Host", "CA", "coordinator")).eligible


def test_he_input_euratom_calls_are_refused_with_a_reason() -> None:
    with pytest.raises(InputError, match="Euratom"):
        he("RIA", 2025, *BASE, call_id="HORIZON-EURATOM-2025-NRT-01-01")


def test_he_restriction_third_country_control_reaches_both_ends_of_a_control_cycle_in_any_order() -> None:
    # Two entities marked as controlling each other: each is controlled by the other, whichever is listed
    # first (a property test found the first-walked one left without a controller).
    berlin = p("Berlin GmbH", "DE", controlled_by="Shenzhen Ltd")
    shenzhen = p("Shenzhen Ltd", "CN", "associated-partner", controlled_by="Berlin GmbH")
    topic = {"control_restriction": True}
    for order in ((berlin, shenzhen), (shenzhen, berlin)):
        verdict = he("RIA", 2025, *BASE, *order, topic=topic)
        assert participant(verdict, "Berlin GmbH").funding == "excluded", [x["name"] for x in order]
        assert "he.restriction.third-country-control" in rules_of(verdict, "error")
        assert "he.input.control-cycle" in rules_of(verdict, "warning")


def test_he_call_ihi_and_h2020_call_imi2_warn_that_companies_may_not_be_funded() -> None:
    # IMI2 funds companies only up to EUR 500 million of turnover (IMI2-FUNDING-2014); IHI keeps the entities
    # of its industry members unfunded (IHI-TOPIC; CORDIS-HE: most non-SME companies in IHI got no funding).
    pharma = p("Pharma AG", "DE", type="company")
    ihi = he("RIA", 2024, *BASE, pharma, call_id="HORIZON-JU-IHI-2024-07-01")
    assert "he.call.ihi" in rules_of(ihi, "warning") and ihi.eligible
    imi2 = h2020("RIA", 2018, *BASE, pharma, call_id="H2020-JTI-IMI2-2018-14-two-stage")
    assert "h2020.call.imi2" in rules_of(imi2, "warning")
    assert "h2020.call.imi2" in rules_of(h2020("RIA", 2016, *BASE, call_id="H2020-IMI2-2016-08"), "warning")


def test_he_call_eurohpc_warns_that_the_call_may_be_limited_to_participating_states() -> None:
    for call_id in ("HORIZON-EUROHPC-JU-2025-COE-01", "HORIZON-JU-EUROHPC-2026-COE-LH-01-01"):
        verdict = he("RIA", int(call_id.split("-")[3]), *BASE, p("Seoul Univ", "KR"), call_id=call_id)
        caution = next(f for f in verdict.findings if f.rule == "he.call.eurohpc")
        assert caution.severity == "warning" and "Korea" in caution.message


def test_he_call_edctp3_says_its_own_conditions_are_not_modelled() -> None:
    # Global Health EDCTP3 calls count sub-Saharan African members of the EDCTP Association (EDCTP3-JU,
    # EDCTP3-NCP-2024): the general minimum says "not eligible" for two European and two African partners,
    # and the verdict must say that the call's own conditions may differ.
    africa = (p("Nairobi", "KE"), p("Makerere", "UG"))
    verdict = he(
        "RIA", 2024, p("A", "DE", "coordinator"), p("B", "NL"), *africa, call_id="HORIZON-JU-GH-EDCTP3-2024-01-03"
    )
    assert "he.call.edctp3" in rules_of(verdict, "warning")
    assert "he.RIA.composition" in rules_of(verdict, "error")  # the general rule is still what we check
    caution = next(f for f in verdict.findings if f.rule == "he.call.edctp3")
    assert "EDCTP3-JU" in caution.sources and "own" in caution.message
    # Only that family: another Joint Undertaking's call, or none, carries no such warning.
    other = he("RIA", 2024, *BASE, call_id="HORIZON-JU-CBE-2024-01-01")
    assert not [f for f in other.findings if f.rule.startswith("he.call.")]
    assert not [f for f in he("RIA", 2024, *BASE).findings if f.rule.startswith("he.call.")]


# -- ERC Synergy, FTI, UK and the EIC ------------------------------------------------------------------
def test_he_erc_syg_outside_beneficiary_funded_as_one_host() -> None:
    verdict = he("ERC-SyG", 2025, p("Host A", "DE", "coordinator"), p("Host B", "FR"), p("Stanford", "US"))
    assert verdict.eligible
    assert participant(verdict, "Stanford").funding == "eligible"
    two_outside = he("ERC-SyG", 2025, p("Host A", "DE", "coordinator"), p("Stanford", "US"), p("MIT", "US"))
    assert "he.ERC-SyG.beneficiaries-established" in rules_of(two_outside, "warning")


def test_h2020_fti_composition_independent_and_no_third_country_participants() -> None:
    group = (
        p("Firm A", "DE", "coordinator", type="company"),
        p("Firm A Sub", "FR", type="sme", controlled_by="Firm A"),
        p("Firm C", "IT", type="sme"),
    )
    assert "h2020.FTI.composition" in rules_of(h2020("FTI", 2015, *group), "error")
    with_us = (
        p("A", "DE", "coordinator", type="company"),
        p("B", "FR", type="sme"),
        p("C", "IT", type="sme"),
        p("D", "US", type="company"),
    )
    assert "h2020.FTI.beneficiaries-established" in rules_of(h2020("FTI", 2015, *with_us), "error")


def test_he_association_excluded_component_uk_eic_accelerator_grant_only() -> None:
    verdict = he("EIC-Accelerator", 2025, p("UK start-up", "UK", "coordinator", type="sme"))
    assert verdict.eligible
    assert "he.association.excluded-component" in rules_of(verdict, "info")
    note = next(f for f in verdict.findings if f.rule == "he.association.excluded-component")
    assert "EIC Fund" in note.message


# -- names and control groups --------------------------------------------------------------------------
def test_he_input_duplicate_names_do_not_make_one_control_group() -> None:
    # Two partners called the same, and someone else naming a controller: the two stay independent.
    consortium = (
        p("Institut", "DE", "coordinator"),
        p("Institut", "FR"),
        p("Lab", "IT"),
        p("Lab Spin-off", "IT", controlled_by="Lab"),
    )
    verdict = he("RIA", 2025, *consortium)
    assert verdict.eligible
    assert "he.input.duplicate-names" in rules_of(verdict, "warning")


# -- territories ---------------------------------------------------------------------------------------
def test_he_territory_aland_is_finland() -> None:
    verdict = he("RIA", 2025, p("Åbo", "AX", "coordinator"), p("B", "FR"), p("C", "IT"))
    aland = participant(verdict, "Åbo")
    assert verdict.eligible and aland.established_in == "FI" and aland.funding == "eligible"
    # ... so it is Finland, not a country of its own
    assert not he("RIA", 2025, p("Åbo", "AX", "coordinator"), p("Helsinki", "FI"), p("C", "IT")).eligible


def test_gibraltar_in_horizon_2020_as_uk_territory_not_in_horizon_europe() -> None:
    assert participant(h2020("RIA", 2018, *BASE, p("Gib", "GI")), "Gib").funding == "eligible"
    verdict = he("RIA", 2025, *BASE, p("Gib", "GI"))
    assert participant(verdict, "Gib").funding == "not-eligible"
    assert "he.association.not-associated" in rules_of(verdict, "info")


def test_he_restriction_hong_kong_macao_innovation_actions_warn() -> None:
    verdict = he("IA", 2024, *BASE, p("HKU", "HK", "associated-partner"))
    # HE-GA26 excludes entities established in China from IAs in any role; no text read (HK-RGC) says whether
    # Hong Kong counts: eligible if it does not.
    assert verdict.outcome == "eligible-if"
    assert [f.rule for f in verdict.conditions_to_confirm] == ["he.restriction.hong-kong-macao-innovation-actions"]
    assert "he.restriction.hong-kong-macao-innovation-actions" in rules_of(verdict, "warning")


def test_he_oct_counting_an_overseas_territory_does_not_count_for_the_minimum() -> None:
    # HE-PG, MSCA-BLOG-OCT (the oct_counting rule): entities in an overseas country or territory are funded like
    # their Member State's; no text says how they count for the minimum conditions. Where the minimum holds only
    # if Greenland counts as Denmark, that is not settled: a condition to confirm, not a failure (nor a pass).
    verdict = he("RIA", 2025, p("Nuuk", "GL", "coordinator"), p("B", "FR"), p("C", "IT"))
    assert verdict.outcome == "eligible-if"
    assert [c.rule for c in verdict.conditions_to_confirm] == ["he.RIA.composition.unsure"]
    assert verdict.conditions_to_confirm[0].participants == ("Nuuk",)
    nuuk = participant(verdict, "Nuuk")
    assert nuuk.funding == "eligible" and not nuuk.counts_towards_minimum
    assert "he.oct-counting" in rules_of(verdict, "warning")


def test_he_ria_composition_unsure_only_where_counting_the_oct_as_its_member_state_would_meet_the_minimum() -> None:
    # The Member State leg held by New Caledonia alone (NO and IS are associated, HE-LPC-2.8): unsure, as above.
    leg = he("RIA", 2025, p("Noumea", "NC", "coordinator"), p("Oslo", "NO"), p("Reykjavik", "IS"))
    assert [c.rule for c in leg.conditions_to_confirm] == ["he.RIA.composition.unsure"]
    assert not rules_of(leg, "error")
    # Counting Greenland as Denmark would still leave two: the condition fails (HE-REG Art 22(2)).
    short = he("RIA", 2025, p("Nuuk", "GL", "coordinator"), p("B", "FR"))
    assert "he.RIA.composition" in rules_of(short, "error")
    # A CSA with only a New Caledonian coordinator: unsure (HE-REG Art 22(4): one beneficiary in a MS or AC).
    alone = he("CSA", 2026, p("Noumea", "NC", "coordinator"))
    assert [c.rule for c in alone.conditions_to_confirm] == ["he.CSA.composition.unsure"]


def test_he_topic_eligible_countries_deemed_research_organisation_is_not_let_in_by_deeming() -> None:
    cern = p("CERN", "CH", type="international-european-research-organisation")
    member_states_only = he("RIA", 2026, *BASE, cern, topic={"eligible_countries": []})
    assert "he.topic.eligible-countries.deemed" in rules_of(member_states_only, "error")
    embl = p("EMBL", "DE", type="international-european-research-organisation")
    verdict = he("RIA", 2026, *BASE, embl, topic={"eligible_countries": []})
    assert verdict.eligible and "he.topic.eligible-countries.deemed" in rules_of(verdict, "warning")


def test_he_topic_eligible_countries_associated_countries_group_follows_year_and_part() -> None:
    group = {"eligible_countries": ["associated-countries"]}
    assert he("RIA", 2025, *BASE, p("Zurich", "CH"), topic=group).eligible
    assert not he("RIA", 2024, *BASE, p("Zurich", "CH"), topic=group).eligible  # not associated in 2024
    assert not he("RIA", 2025, *BASE, p("Tokyo", "JP"), topic=group).eligible
    assert he("RIA", 2026, *BASE, p("Tokyo", "JP"), topic=group).eligible  # transitional, Pillar II


# -- YAML ------------------------------------------------------------------------------------------------
def test_input_norway_read_by_yaml_as_false_says_to_quote_it() -> None:
    with pytest.raises(InputError, match='"NO"'):
        check(
            {
                "programme": "horizon-europe",
                "action": "RIA",
                "call_year": 2025,
                "participants": [{"name": "SINTEF", "country": False, "role": "coordinator"}],
            }
        )


# -- the NCP review of this round ----------------------------------------------------------------------
def test_he_restriction_hungarian_public_interest_trusts_further_down_a_chain_is_a_warning() -> None:
    verdict = he(
        "RIA",
        2024,
        *BASE,
        p("Trust", "HU", "associated-partner", flags=TRUST),
        p("University maintained", "HU", controlled_by="Trust"),
        p("Spin-off", "HU", controlled_by="University maintained"),
    )
    assert participant(verdict, "Spin-off").funding == "eligible"
    warnings = [f for f in verdict.findings if f.rule == "he.restriction.hungarian-public-interest-trusts"]
    assert any(f.severity == "warning" and f.participants == ("Spin-off",) for f in warnings)
    assert participant(verdict, "University maintained").funding == "not-eligible"


def test_he_restriction_russian_owned_any_role_reaches_associated_partners_from_15_may_2025() -> None:
    owned = p("Owned", "NL", "associated-partner", flags=["russian-owned"])
    before = he("RIA", 2025, *BASE, owned, deadline="2025-04-01")
    assert before.eligible
    assert "he.restriction.russian-owned-any-role.earlier-deadline" in rules_of(before, "warning")
    after = he("RIA", 2025, *BASE, owned, deadline="2025-09-01")
    assert "he.restriction.russian-owned-any-role" in rules_of(after, "error")
    funded = he("RIA", 2024, *BASE, p("Owned", "NL", flags=["russian-owned"]), deadline="2024-09-01")
    assert "he.restriction.russian-owned" in rules_of(funded, "error")


def test_he_restriction_occupied_ukraine_earlier_deadline_is_a_warning() -> None:
    entity = p("Donetsk Institute", "UA", flags=["non-government-controlled-territory"])
    verdict = he("RIA", 2022, *BASE, entity, deadline="2022-04-01")
    assert "he.restriction.occupied-ukraine.earlier-deadline" in rules_of(verdict, "warning")
    assert "he.restriction.occupied-ukraine" in rules_of(he("RIA", 2022, *BASE, entity, deadline="2022-09-01"), "error")


def test_he_restriction_high_risk_suppliers_topic_not_set_says_the_flag_is_unused() -> None:
    supplier = p("Supplier", "NL", flags=["high-risk-supplier"])
    verdict = he("RIA", 2025, *BASE, supplier)
    assert verdict.eligible
    assert "he.restriction.high-risk-suppliers.topic-not-set" in rules_of(verdict, "info")
    restricted = he("RIA", 2025, *BASE, supplier, topic={"high_risk_suppliers_excluded": True})
    assert "he.restriction.high-risk-suppliers" in rules_of(restricted, "error")


def test_he_control_outside_consortium_in_a_topic_that_keeps_out_third_country_control() -> None:
    sub = p("Subsidiary", "NL", controlled_by="Parent Group")
    verdict = he("RIA", 2025, *BASE, sub, topic={"control_restriction": True})
    assert "he.control.outside-consortium" in rules_of(verdict, "warning")
    assert "he.control.outside-consortium" not in rules_of(he("RIA", 2025, *BASE, sub))


def test_he_roles_affiliated_entity_link_is_asked_for() -> None:
    loose = he("RIA", 2025, *BASE, p("Lab", "DE", "affiliated-entity"))
    assert "he.roles.affiliated-entity-link" in rules_of(loose, "warning")
    linked = he("RIA", 2025, *BASE, p("Lab", "DE", "affiliated-entity", controlled_by="Universität A"))
    assert "he.roles.affiliated-entity-link" not in rules_of(linked)


def test_he_csa_beneficiaries_established_affiliated_entity_outside_is_a_warning() -> None:
    verdict = he("CSA", 2025, *BASE, p("Lab", "US", "affiliated-entity", controlled_by="Universität A"))
    # An NCP's reading (HE-NCP-CSA), not the Regulation's words: a caution about the rule's evidence, neither an
    # error nor a condition of the call to confirm.
    assert verdict.outcome == "eligible"
    assert "he.CSA.beneficiaries-established.affiliated-entity" in rules_of(verdict, "warning")
    # A beneficiary outside them, by contrast, is an error where the General Annexes in force say so (HE-GA26).
    assert "he.CSA.beneficiaries-established" in rules_of(he("CSA", 2026, *BASE, p("MIT", "US")), "error")


def test_call_id_family_of_another_action_is_bad_input() -> None:
    with pytest.raises(InputError) as error:
        check({"programme": "horizon-europe", "action": "RIA", "call_id": "ERC-2025-STG", "participants": list(BASE)})
    assert error.value.field == "call_id" and "ERC-StG" in str(error.value)
    assert check(
        {
            "programme": "horizon-europe",
            "action": "CSA",
            "call_id": "HORIZON-MSCA-2025-CITIZENS-01",
            "participants": list(BASE),
        }
    ).eligible


def test_deadline_of_another_call_year_is_bad_input() -> None:
    with pytest.raises(InputError) as error:
        he("RIA", 2022, *BASE, deadline="2030-01-01")
    assert error.value.field == "deadline"
    assert he("ERC-StG", 2025, p("Host", "DE", "coordinator"), deadline="2024-10-15").eligible


# -- the second NCP review -------------------------------------------------------------------------------
def test_he_association_transitional_uk_2023_coordinator_is_not_funded_and_says_it_cannot_coordinate() -> None:
    verdict = he("RIA", 2023, p("Leeds", "UK", "coordinator"), *BASE[1:], p("Universidad D", "ES"))
    assert "he.roles.coordinator-not-funded" in rules_of(verdict, "warning")
    assert "he.roles.coordinator-not-funded" not in rules_of(he("RIA", 2023, *BASE))


def test_he_roles_coordinator_not_in_proposal_the_jrc_cannot_coordinate_or_host() -> None:
    jrc = p("JRC", "BE", "coordinator", type="jrc")
    assert "he.roles.coordinator-not-in-proposal" in rules_of(he("RIA", 2026, jrc, *BASE[1:], p("D", "ES")), "error")
    erc = he("ERC-StG", 2025, jrc)
    assert not erc.eligible and "he.ERC-StG.coordinator" in rules_of(erc, "error")


def test_he_erc_stg_coordinator_an_excluded_host_is_named_as_such_not_as_outside_the_eu() -> None:
    verdict = he("ERC-StG", 2025, p("Nicosia Labs", "CY", "coordinator", flags=["russian-owned"]))
    host = next(f for f in verdict.findings if f.rule == "he.ERC-StG.coordinator")
    assert "may not take part" in host.message and "not established in" not in host.message


def test_he_restriction_russia_spared_a_natural_person_in_msca() -> None:
    researcher = p("Researcher", "RU", "associated-partner", type="natural-person")
    verdict = he("MSCA-DN", 2024, *BASE, researcher)
    assert "he.restriction.russia-associated-partners.spared" in rules_of(verdict, "warning")
    assert not rules_of(verdict, "error")
    organisation = he("MSCA-DN", 2024, *BASE, p("Institute", "RU", "associated-partner"))
    assert "he.restriction.russia-associated-partners" in rules_of(organisation, "error")


def test_call_id_segment_names_the_action() -> None:
    for call_id, action in (
        ("HORIZON-EIC-2025-ACCELERATOR-01", "RIA"),
        ("HORIZON-MSCA-2025-PF-01", "MSCA-DN"),
        ("ERC-2025-STG", "ERC-AdG"),
    ):
        with pytest.raises(InputError) as error:
            check({"programme": "horizon-europe", "action": action, "call_id": call_id, "participants": list(BASE)})
        assert error.value.field == "call_id", call_id
    support = {"programme": "horizon-europe", "action": "CSA", "call_id": "HORIZON-MSCA-2023-DNK-IBA"}
    assert check({**support, "participants": list(BASE)}).eligible  # DNK is not DN


def test_h2020_health_call_ids_fund_us_entities() -> None:
    consortium = (*BASE, p("Massachusetts General Hospital", "US"))
    health = h2020("RIA", 2018, *consortium, call_id="H2020-SC1-BHC-2018-2020")
    assert participant(health, "Massachusetts General Hospital").funding == "eligible"
    energy = h2020("RIA", 2018, *consortium, call_id="H2020-LC-SC3-2018-2019-2020")
    assert participant(energy, "Massachusetts General Hospital").funding == "not-eligible"
    explicit = h2020("RIA", 2018, *consortium, call_id="H2020-SC1-BHC-2018-2020", topic={"health_challenge": False})
    assert participant(explicit, "Massachusetts General Hospital").funding == "not-eligible"


def test_input_duplicate_names_says_the_verdict_counts_them_as_two_entities() -> None:
    verdict = he("RIA", 2025, p("CNRS", "FR", "coordinator"), p("CNRS", "BE"), p("Università C", "IT"))
    warning = next(f for f in verdict.findings if f.rule == "he.input.duplicate-names")
    assert "different legal entities" in warning.message


def test_he_independence_public_body_warns_that_one_public_owner_may_not_make_entities_dependent() -> None:
    ministry = p("Ministerio", "ES", "associated-partner", type="public-body")
    labs = (p("Lab 1", "ES", controlled_by="Ministerio"), p("Lab 2", "PT", controlled_by="Ministerio"))
    verdict = he("RIA", 2025, p("Universität A", "DE", "coordinator"), *labs, ministry)
    assert "he.independence.public-body" in rules_of(verdict, "warning")
    company = he("RIA", 2025, p("Universität A", "DE", "coordinator"), *labs, {**ministry, "type": "company"})
    assert "he.independence.public-body" not in rules_of(company)


def test_he_input_flag_country_a_miit_flag_outside_china_is_applied_with_a_warning() -> None:
    # HE-GA26: universities in China under MIIT may not take part in any action from the 2026 calls. The flag is
    # about entities in China: set on a German entity, its restriction still applies (the flag decides), and a
    # warning says that the flag and the country do not match. On a Chinese entity, no such warning.
    flagged = p("TU", "DE", "associated-partner", flags=["miit-university"])
    verdict = he("RIA", 2026, *BASE, flagged)
    assert "he.restriction.miit-universities" in rules_of(verdict, "error")
    assert "he.input.flag-country" in rules_of(verdict, "warning")
    chinese = he("RIA", 2026, *BASE, p("BIT", "CN", "associated-partner", flags=["miit-university"]))
    assert "he.input.flag-country" not in rules_of(chinese)
