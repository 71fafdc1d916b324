"""May a participant receive EU funding? (the guidance page who-can-be-funded: Member States and associated
countries, the funding lists, special entities, a topic that funds a third country)"""

from __future__ import annotations

import pytest
from support import h2020, he, p, participant, rules_of, verdict_of

BASE = (p("Universität A", "DE", "coordinator"), p("Institut B", "FR"), p("Università C", "IT"))


@pytest.mark.parametrize("name", ["MIT", "Universidade de São Paulo", "IIT Bombay", "Tsinghua University", "UNAM"])
def test_us_brazil_india_china_mexico_not_automatically_funded(name: str) -> None:
    verdict = verdict_of("non-eligible-third-countries-2025")
    assert verdict.eligible  # a warning, not an error: such partners are funded in some calls (CORDIS shows it)
    result = participant(verdict, name)
    assert result.funding == "not-eligible" and not result.counts_towards_minimum
    assert "he.funding.not-automatic" in rules_of(verdict, "warning")


def test_brics_reason_names_the_exclusion() -> None:
    verdict = verdict_of("non-eligible-third-countries-2025")
    assert "never automatically funded" in participant(verdict, "IIT Bombay").reason
    assert "never automatically funded" not in participant(verdict, "MIT").reason


def test_low_middle_income_partner_funded_but_does_not_count() -> None:
    verdict = verdict_of("low-middle-income-partner-2025")
    nairobi = participant(verdict, "University of Nairobi")
    assert nairobi.funding == "eligible" and not nairobi.counts_towards_minimum
    assert nairobi.status == "eligible-third-country"


@pytest.mark.parametrize("year", [2022, 2024, 2025])
def test_he_funding_list_unverified_djibouti_before_2026(year: int) -> None:
    # Djibouti is missing from BayFOR's copy of the January 2023 list (SEED-002) but is on Horizon 2020's
    # Annex A (H2020-GA-A-1820) and on the 2026-2027 list (HE-GA26), and CORDIS shows a Djibouti ministry
    # funded as a beneficiary of a 2024 call (CORDIS-HE): funded, with a warning that names those sources.
    verdict = he("RIA", year, *BASE, p("Djibouti U", "DJ"))
    assert participant(verdict, "Djibouti U").funding == "eligible"
    warning = next(f for f in verdict.findings if f.rule == "he.funding-list.unverified")
    assert warning.severity == "warning" and {"H2020-GA-A-1820", "HE-GA26"} <= set(warning.sources)
    assert "2026-2027" in warning.message


def test_he_funding_list_2026_lists_djibouti_without_doubt() -> None:
    # The 2026-2027 General Annexes list Djibouti (HE-GA26 pp. 12-13).
    verdict = he("RIA", 2026, *BASE, p("Djibouti U", "DJ"))
    assert participant(verdict, "Djibouti U").funding == "eligible"
    assert "he.funding-list.unverified" not in rules_of(verdict)


def test_low_middle_income_2025_list_warns_only_where_in_doubt() -> None:
    assert "he.funding-list.unverified" not in rules_of(he("RIA", 2025, *BASE, p("Nairobi", "KE")))
    # Niue is on the 2026-2027 list (HE-GA26) and not on the January 2023 one (SEED-002): for 2025, not funded,
    # with a warning.
    niue = he("RIA", 2025, *BASE, p("Niue U", "NU"))
    assert participant(niue, "Niue U").funding == "not-eligible"
    assert "he.funding-list.unverified" in rules_of(niue, "warning")


def test_panama_only_on_the_2021_2022_list() -> None:
    assert participant(he("RIA", 2022, *BASE, p("Panamá", "PA")), "Panamá").funding == "eligible"
    assert participant(he("RIA", 2024, *BASE, p("Panamá", "PA")), "Panamá").funding == "not-eligible"


def test_topic_that_funds_a_third_country() -> None:
    verdict = verdict_of("topic-funds-us-2025")
    mit = participant(verdict, "MIT")
    assert mit.funding == "eligible" and "exceptionally" in mit.reason
    assert "he.funding.not-automatic" not in rules_of(verdict)


def test_associated_partner_is_not_funded() -> None:
    verdict = he("RIA", 2025, *BASE, p("Partner", "DE", "associated-partner"))
    assert participant(verdict, "Partner").funding == "not-eligible"


def test_outermost_region_is_its_member_state() -> None:
    verdict = verdict_of("outermost-region-counts-as-france")
    assert not verdict.eligible  # Réunion and France are one country
    reunion = participant(verdict, "Université de La Réunion")
    assert reunion.established_in == "FR" and reunion.funding == "eligible"


def test_oct_is_funded_like_its_member_state_and_counts_as_it_with_a_warning() -> None:
    verdict = verdict_of("oct-greenland-with-denmark")
    greenland = participant(verdict, "Greenland Institute of Natural Resources")
    assert greenland.funding == "eligible" and greenland.established_in == "DK"
    assert "he.oct-counting" in rules_of(verdict, "warning")
    assert not verdict.eligible


def test_uk_octs_are_octs_in_horizon_2020_only() -> None:
    assert participant(h2020("RIA", 2018, *BASE, p("Bermuda", "BM")), "Bermuda").funding == "eligible"
    assert participant(he("RIA", 2025, *BASE, p("Bermuda", "BM")), "Bermuda").funding == "not-eligible"


def test_eu_aliases_el_and_uk() -> None:
    verdict = verdict_of("aliases-el-uk-2025")
    assert verdict.eligible
    assert participant(verdict, "National Technical University of Athens").country == "GR"
    assert participant(verdict, "University of Leeds").country == "GB"


def test_uk_was_a_member_state_for_horizon_2020() -> None:
    verdict = h2020("RIA", 2020, p("Leeds", "UK", "coordinator"), p("B", "FR"), p("C", "IT"))
    assert participant(verdict, "Leeds").status == "member-state"


def test_international_european_research_organisation_funded_and_deemed_another_member_state() -> None:
    verdict = verdict_of("international-european-research-organisation")
    assert verdict.eligible
    embl = participant(verdict, "EMBL")
    assert embl.funding == "eligible" and embl.counts_towards_minimum and embl.status == "deemed-member-state"


def test_he_entity_type_jrc_joins_after_evaluation_and_does_not_count_at_submission() -> None:
    # HE-GA26 p.6: the JRC takes no part in preparing or submitting the proposal.
    verdict = verdict_of("jrc-as-beneficiary")
    jrc = participant(verdict, "Joint Research Centre")
    assert jrc.funding == "not-eligible" and not jrc.counts_towards_minimum
    assert "he.entity-type.jrc" in rules_of(verdict, "warning")
    two = (p("A", "DE", "coordinator"), p("B", "FR"))
    needs_jrc = he("RIA", 2025, *two, p("JRC", "BE", type="jrc"))
    assert not needs_jrc.eligible
    assert he("RIA", 2025, *two, p("C", "IT"), p("JRC", "BE", type="jrc")).eligible


def test_h2020_jrc_is_a_participant_that_counts() -> None:
    verdict = h2020("RIA", 2018, p("A", "DE", "coordinator"), p("B", "FR"), p("JRC", "BE", type="jrc"))
    assert verdict.eligible and participant(verdict, "JRC").counts_towards_minimum


def test_international_organisation_hq_counts_only_in_erc_and_msca() -> None:
    io = p("UN Agency", "IT", "coordinator", type="international-organisation")
    assert he("ERC-StG", 2025, io).eligible
    assert not he("RIA", 2025, io, p("B", "FR"), p("C", "DE")).eligible


def test_h2020_us_funded_in_health_topics_only() -> None:
    assert participant(verdict_of("h2020-us-health-2018"), "Johns Hopkins University").funding == "eligible"
    assert participant(verdict_of("h2020-us-ict-2018"), "Johns Hopkins University").funding == "not-eligible"


def test_h2020_beneficiary_not_receiving_eu_funding_art_9_is_information() -> None:
    verdict = verdict_of("h2020-beneficiary-not-funded-art9")
    assert verdict.eligible
    tokyo = participant(verdict, "University of Tokyo")
    assert tokyo.funding == "not-eligible"
    assert any(
        f.rule == "h2020.funding.not-automatic" and f.severity == "info" and "amendment" in f.message
        for f in verdict.findings
    )


def test_h2020_annex_a_unverified_tail_warns() -> None:
    verdict = h2020("RIA", 2018, *BASE, p("Montevideo", "UY"))
    assert participant(verdict, "Montevideo").funding == "eligible"
    assert "h2020.funding-list.unverified" in rules_of(verdict, "warning")


def test_h2020_funding_list_unverified_annex_a_by_work_programme() -> None:
    # Armenia was on the WP 2014-2015 Annex A (before it associated in 2016), not on the 2018-2020 one.
    armenia_2015 = participant(h2020("RIA", 2015, *BASE, p("Yerevan", "AM")), "Yerevan")
    armenia_2018 = h2020("RIA", 2018, *BASE, p("Yerevan", "AM"))
    assert armenia_2015.funding == "eligible" and armenia_2015.status == "eligible-third-country"
    assert participant(armenia_2018, "Yerevan").status == "associated"
    # Georgia, Ukraine, Tunisia associated later: treated as listed for 2014, with a warning.
    georgia = h2020("RIA", 2014, *BASE, p("Tbilisi", "GE"))
    assert participant(georgia, "Tbilisi").funding == "eligible"
    assert "h2020.funding-list.unverified" in rules_of(georgia, "warning")
    # Every entry of a list not retrieved in full warns: no silent answer from a later list.
    kenya = h2020("RIA", 2016, *BASE, p("Nairobi", "KE"))
    assert participant(kenya, "Nairobi").funding == "eligible"
    assert "h2020.funding-list.unverified" in rules_of(kenya, "warning")
    assert "h2020.funding-list.unverified" not in rules_of(h2020("RIA", 2018, *BASE, p("Nairobi", "KE")))
