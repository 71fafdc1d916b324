"""Who may not take part: the restrictions of data/<programme>/restrictions.yaml (the guidance page restrictions)."""

from __future__ import annotations

from support import h2020, he, p, participant, rules_of, verdict_of

from horizon_eligibility import country_status

BASE = (p("Universität A", "DE", "coordinator"), p("Institut B", "FR"), p("Università C", "IT"))


def test_russia_excluded_in_any_role() -> None:
    verdict = verdict_of("russia-2023-ria")
    assert not verdict.eligible
    assert participant(verdict, "Moscow State University").funding == "excluded"
    assert any("Remove Moscow State University" in s for s in verdict.suggestions)


def test_he_restriction_belarus_excluded_even_as_associated_partner() -> None:
    verdict = verdict_of("belarus-2024-msca-dn")
    assert not verdict.eligible
    assert "he.restriction.belarus" in rules_of(verdict, "error")


def test_he_restriction_russia_no_grant_signed_from_4_march_2022() -> None:
    # 2021 calls: no new grant agreements with Russian organisations from 3-4 March 2022 (EC-RUSSIA).
    before = he("RIA", 2021, *BASE, p("MSU", "RU"), deadline="2021-10-06")
    assert before.eligible
    assert "he.restriction.russia.earlier-deadline" in rules_of(before, "warning")
    after = he("RIA", 2021, *BASE, p("MSU", "RU"), deadline="2022-04-21")
    assert not after.eligible and "he.restriction.russia" in rules_of(after, "error")
    undated = he("RIA", 2021, *BASE, p("MSU", "RU"))
    assert not undated.eligible  # the less favourable reading, with what settles it
    assert "he.restriction.russia.depends-on-deadline" in rules_of(undated, "warning")


def test_he_restriction_russia_associated_partners_from_deadlines_after_10_may_2022() -> None:
    # EC-RUSSIA: from 3-4 March 2022 the Commission concluded no new contracts or agreements with Russian
    # organisations; an associated partner signs none. The exclusion in any role applies to calls with a deadline
    # after 10 May 2022 (the amended 2021-2022 work programme, HE-GA21; HE-PG). A Russian associated partner in a
    # call with a deadline of 20 April 2022 is not excluded: a caution says to check with the granting authority.
    between = he("RIA", 2022, *BASE, p("MSU", "RU", "associated-partner"), deadline="2022-04-20")
    assert between.outcome == "eligible" and participant(between, "MSU").funding == "not-eligible"
    assert "he.restriction.russia-associated-partners.earlier-deadline" in rules_of(between, "warning")
    after = he("RIA", 2022, *BASE, p("MSU", "RU", "associated-partner"), deadline="2022-05-11")
    assert "he.restriction.russia-associated-partners" in rules_of(after, "error")
    # As a beneficiary it could sign no grant from 4 March 2022: excluded then already.
    beneficiary = he("RIA", 2022, *BASE, p("MSU", "RU"), deadline="2022-04-20")
    assert "he.restriction.russia" in rules_of(beneficiary, "error")


def test_he_restriction_belarus_from_deadlines_after_10_may_2022() -> None:
    before = he("RIA", 2022, *BASE, p("BSU", "BY"), deadline="2022-04-21")
    assert before.eligible and "he.restriction.belarus.earlier-deadline" in rules_of(before, "warning")
    assert not he("RIA", 2022, *BASE, p("BSU", "BY"), deadline="2022-09-27").eligible


def test_he_restriction_russian_owned_from_24_june_2024() -> None:
    # Council Regulation (EU) 2024/1745, in force on 24 June 2024 (not the Programme Guide's 15 May 2025).
    owned = p("Subsidiary", "CY", flags=["russian-owned"])
    assert "he.restriction.russian-owned" in rules_of(he("RIA", 2024, *BASE, owned, deadline="2024-09-18"), "error")
    earlier = he("RIA", 2024, *BASE, owned, deadline="2024-04-11")
    assert earlier.eligible and "he.restriction.russian-owned.earlier-deadline" in rules_of(earlier, "warning")
    assert "he.restriction.russian-owned" in rules_of(he("RIA", 2026, *BASE, owned), "error")


def test_sanctioned_entity_excluded_in_both_programmes() -> None:
    assert not he("RIA", 2025, *BASE, p("S", "NL", flags=["sanctioned"])).eligible
    assert not h2020("RIA", 2018, *BASE, p("S", "NL", flags=["sanctioned"])).eligible


def test_occupied_ukraine_excluded() -> None:
    verdict = he("RIA", 2024, *BASE, p("Donetsk", "UA", flags=["non-government-controlled-territory"]))
    assert "he.restriction.occupied-ukraine" in rules_of(verdict, "error")


def test_china_excluded_from_innovation_actions_from_2023() -> None:
    assert not verdict_of("china-2024-ia").eligible
    assert verdict_of("china-2024-ria").eligible
    assert he("IA", 2022, *BASE, p("Tsinghua", "CN", "associated-partner")).eligible


def test_china_excluded_from_most_ria_from_2026_unless_exempt_destination() -> None:
    assert not verdict_of("china-2026-ria").eligible
    assert verdict_of("china-2026-ria-exempt-destination").eligible


def test_miit_university_excluded_everywhere_from_2026() -> None:
    verdict = he("MSCA-DN", 2026, *BASE, p("BUAA", "CN", "associated-partner", flags=["miit-university"]))
    assert "he.restriction.miit-universities" in rules_of(verdict, "error")


def test_hungarian_trust_associated_partner_only_from_16_december_2022() -> None:
    assert not verdict_of("hungarian-trust-beneficiary-2024").eligible
    assert verdict_of("hungarian-trust-associated-partner-2024").eligible
    trust = p("Semmelweis", "HU", flags=["hungarian-public-interest-trust"])
    assert he("RIA", 2022, *BASE, trust, deadline="2022-09-21").eligible


def test_topic_restricted_to_listed_countries_article_22_5() -> None:
    topic = {"eligible_countries": ["NO", "IS", "IL"]}
    assert he("RIA", 2026, *BASE, p("SINTEF", "NO"), topic=topic).eligible
    verdict = he("RIA", 2026, *BASE, p("Leeds", "UK"), topic=topic)
    assert not verdict.eligible and "he.topic.eligible-countries" in rules_of(verdict, "error")


def test_topic_control_restriction_excludes_controlled_entities() -> None:
    controlled = p("Sub", "NL", flags=["third-country-controlled"])
    assert he("IA", 2026, *BASE, controlled).eligible
    assert not he("IA", 2026, *BASE, controlled, topic={"control_restriction": True}).eligible


def test_he_restriction_israel_occupied_territories_is_information_in_the_verdict_and_the_published_status() -> None:
    # IL-GUIDELINES-2013 (section D), applied in Horizon Europe (HE-GA26 p. 11, HE-PG) and Horizon 2020
    # (H2020-GA-C-1617): an Israeli entity established in the territories occupied since June 1967 is not
    # eligible, and its activities under the grant must not take place there. Where an entity is established
    # within Israel and where it works, the input does not show: a note, never a condition or an error.
    verdict = he("RIA", 2026, *BASE, p("Technion", "IL"))
    assert verdict.outcome == "eligible"
    [note] = [f for f in verdict.findings if f.rule == "he.restriction.israel-occupied-territories"]
    assert note.severity == "info" and "IL-GUIDELINES-2013" in note.sources and "1967" in note.message
    assert "h2020.restriction.israel-occupied-territories" in rules_of(h2020("RIA", 2018, *BASE, p("Technion", "IL")))
    published = country_status("horizon-europe", 2026, None, "IL")
    assert any(rule == "he.restriction.israel-occupied-territories" for _, rule, _, _ in published.notes)
    assert published.funding == "eligible" and published.counts_towards_minimum
