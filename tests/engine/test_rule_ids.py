"""The registry of rule ids (horizon_eligibility.rule_ids()): complete, and every id proved by a test.

`test_rule_is_emitted[<rule id>]` checks, for every id the engine can emit, that a real consortium makes
the engine emit it (the cases below: hand-written for the engine's own rules, built for the rules that
come from data). A rule id the engine emits that the registry does not list fails another test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from horizon_eligibility import check, load_rules, rule_ids

RULES = load_rules()
REGISTRY = rule_ids()
CONSORTIA = Path(__file__).resolve().parent / "consortia"


def p(name: str, country: str, role: str = "beneficiary", **extra: Any) -> dict[str, Any]:
    return {"name": name, "country": country, "role": role, **extra}


def call(programme: str, action: str, year: int, *participants: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"programme": programme, "action": action, "call_year": year, "participants": list(participants), **extra}


THREE = (p("A", "DE", "coordinator"), p("B", "FR"), p("C", "IT"))
PROCURERS = (
    p("Wien", "AT", "coordinator", type="public-procurer"),
    p("Milano", "IT", type="public-procurer"),
    p("F", "FR"),
)

# The engine's own rules and the restrictions: one consortium each (id without the programme prefix).
HAND_WRITTEN: dict[str, dict[str, Any]] = {
    "he.association.not-associated": call("horizon-europe", "RIA", 2023, *THREE, p("Zurich", "CH")),
    "h2020.association.not-associated": call("horizon-2020", "RIA", 2018, *THREE, p("Vaduz", "LI")),
    "he.association.scope": call("horizon-europe", "ERC-StG", 2025, p("Auckland", "NZ", "coordinator")),
    "h2020.association.scope": call("horizon-2020", "RIA", 2015, *THREE, p("Zurich", "CH")),
    "he.association.unverified": call("horizon-europe", "RIA", 2025, *THREE, p("Rabat", "MA")),
    "h2020.association.unverified": call("horizon-2020", "RIA", 2016, *THREE, p("Yerevan", "AM")),
    "he.association.depends-on-deadline": call("horizon-europe", "RIA", 2025, *THREE, p("Cairo", "EG")),
    "h2020.association.depends-on-deadline": call("horizon-2020", "ERC-StG", 2014, p("ETH", "CH", "coordinator")),
    "he.association.not-yet": call("horizon-europe", "RIA", 2025, *THREE, p("Cairo", "EG"), deadline="2025-03-01"),
    "h2020.association.not-yet": call(
        "horizon-2020", "ERC-StG", 2014, p("ETH", "CH", "coordinator"), deadline="2014-03-25"
    ),
    "he.association.transitional": call("horizon-europe", "RIA", 2026, *THREE, p("Tokyo", "JP")),
    "he.association.excluded-component": call(
        "horizon-europe", "EIC-Accelerator", 2025, p("Start-up", "UK", "coordinator", type="sme")
    ),
    "he.oct-counting": call("horizon-europe", "RIA", 2025, *THREE, p("Nuuk", "GL")),
    "h2020.oct-counting": call("horizon-2020", "RIA", 2018, *THREE, p("Nuuk", "GL")),
    "he.funding-list.unverified": call("horizon-europe", "RIA", 2025, *THREE, p("Djibouti", "DJ")),
    "h2020.funding-list.unverified": call("horizon-2020", "RIA", 2018, *THREE, p("Montevideo", "UY")),
    "he.funding.not-automatic": call("horizon-europe", "RIA", 2025, *THREE, p("MIT", "US")),
    "h2020.funding.not-automatic": call("horizon-2020", "RIA", 2018, *THREE, p("MIT", "US")),
    "h2020.deemed-established.unverified": call("horizon-2020", "RIA", 2018, *THREE, p("JRC", "BE", type="jrc")),
    "he.topic.eligible-countries": call(
        "horizon-europe", "RIA", 2026, *THREE, p("Leeds", "UK"), topic={"eligible_countries": ["NO"]}
    ),
    "he.topic.eligible-countries.deemed": call(
        "horizon-europe",
        "RIA",
        2026,
        *THREE,
        p("CERN", "CH", type="international-european-research-organisation"),
        topic={"eligible_countries": []},
    ),
    "he.topic.composition": call(
        "horizon-europe", "RIA", 2025, *THREE, topic={"composition": [{"text": "At least 4 partners.", "min": 4}]}
    ),
    "h2020.topic.composition": call(
        "horizon-2020", "RIA", 2018, *THREE, topic={"composition": [{"text": "At least 4 partners.", "min": 4}]}
    ),
    "he.topic.composition.met": call(
        "horizon-europe", "RIA", 2025, *THREE, topic={"composition": [{"text": "At least 3 partners.", "min": 3}]}
    ),
    "h2020.topic.composition.met": call(
        "horizon-2020", "RIA", 2018, *THREE, topic={"composition": [{"text": "At least 3 partners.", "min": 3}]}
    ),
    "he.PCP.composition.public-procurer.met": call("horizon-europe", "PCP", 2025, *PROCURERS),
    "he.PPI.composition.public-procurer.met": call("horizon-europe", "PPI", 2025, *PROCURERS),
    "h2020.PCP.composition.public-procurer.met": call("horizon-2020", "PCP", 2018, *PROCURERS),
    "h2020.PPI.composition.public-procurer.met": call("horizon-2020", "PPI", 2018, *PROCURERS),
    "h2020.FTI.composition.sme.met": call(
        "horizon-2020", "FTI", 2016, p("A", "DE", "coordinator", type="sme"), p("B", "FR", type="company"), p("C", "IT")
    ),
    "he.Excellence-Hubs.composition.met": call(
        "horizon-europe", "Excellence-Hubs", 2025, p("A", "PL", "coordinator"), p("B", "CZ")
    ),
    "he.topic.composition.check": call(
        "horizon-europe",
        "RIA",
        2025,
        *THREE,
        topic={"composition": [{"text": "Two first responders.", "min": 2, "needs": "first responders"}]},
    ),
    "h2020.topic.composition.check": call(
        "horizon-2020",
        "RIA",
        2018,
        *THREE,
        topic={"composition": [{"text": "Two end users.", "min": 2, "needs": "end users"}]},
    ),
    "he.topic.unread": call(
        "horizon-europe", "RIA", 2025, *THREE, topic={"conditions_text": "Applicants must be OECD members only."}
    ),
    "h2020.topic.unread": call(
        "horizon-2020", "RIA", 2018, *THREE, topic={"conditions_text": "Applicants must be OECD members only."}
    ),
    "he.input.duplicate-names": call("horizon-europe", "RIA", 2025, *THREE, p("A", "ES")),
    "h2020.input.duplicate-names": call("horizon-2020", "RIA", 2018, *THREE, p("A", "ES")),
    "he.input.control-cycle": call(
        "horizon-europe", "RIA", 2025, *THREE, p("X", "ES", controlled_by="Y"), p("Y", "PT", controlled_by="X")
    ),
    "h2020.input.control-cycle": call(
        "horizon-2020", "RIA", 2018, *THREE, p("X", "ES", controlled_by="Y"), p("Y", "PT", controlled_by="X")
    ),
    "he.input.controls-itself": call("horizon-europe", "RIA", 2025, *THREE, p("X", "ES", controlled_by="X")),
    "h2020.input.controls-itself": call("horizon-2020", "RIA", 2018, *THREE, p("X", "ES", controlled_by="X")),
    # A soft hyphen (U+00AD) from a Word or PDF copy: invisible, taken out of the name with a note.
    "he.input.invisible-characters": call("horizon-europe", "RIA", 2025, *THREE, p("Lab\u00adX", "ES")),
    "h2020.input.invisible-characters": call("horizon-2020", "RIA", 2018, *THREE, p("Lab\u00adX", "ES")),
    "he.call.edctp3": call("horizon-europe", "RIA", 2024, *THREE, call_id="HORIZON-JU-GH-EDCTP3-2024-01-03"),
    "he.call.ihi": call("horizon-europe", "RIA", 2024, *THREE, call_id="HORIZON-JU-IHI-2024-07-01"),
    "he.call.eurohpc": call("horizon-europe", "RIA", 2025, *THREE, call_id="HORIZON-EUROHPC-JU-2025-COE-01"),
    "h2020.call.imi2": call("horizon-2020", "RIA", 2018, *THREE, call_id="H2020-JTI-IMI2-2018-14-two-stage"),
    "h2020.call.eurohpc": call(
        "horizon-2020", "RIA", 2019, *THREE, call_id="H2020-EuroHPC-2019-1", part="excellent-science"
    ),
    "he.input.part-assumed": call("horizon-europe", "RIA", 2025, *THREE, p("Auckland", "NZ")),
    "h2020.input.part-assumed": call("horizon-2020", "RIA", 2015, *THREE, call_id="H2020-SMEINST-2-2015"),
    "he.roles.coordinator": call("horizon-europe", "RIA", 2025, p("A", "DE"), p("B", "FR"), p("C", "IT")),
    "h2020.roles.coordinator": call("horizon-2020", "RIA", 2018, p("A", "DE"), p("B", "FR"), p("C", "IT")),
    "h2020.roles.no-associated-partners": call("horizon-2020", "RIA", 2018, *THREE, p("X", "US", "associated-partner")),
    "he.roles.affiliated-entity-link": call("horizon-europe", "RIA", 2025, *THREE, p("X", "DE", "affiliated-entity")),
    "h2020.roles.affiliated-entity-link": call("horizon-2020", "RIA", 2018, *THREE, p("X", "DE", "affiliated-entity")),
    "h2020.ERC-SyG.beneficiaries-established.until-2018": call(
        "horizon-2020", "ERC-SyG", 2018, p("Host", "DE", "coordinator"), p("Stanford", "US")
    ),
    "he.control.outside-consortium": call(
        "horizon-europe",
        "RIA",
        2025,
        *THREE,
        p("Sub", "NL", controlled_by="Parent Holding Ltd"),
        topic={"control_restriction": True},
    ),
    "he.CSA.beneficiaries-established.wp2021-2022": call(
        "horizon-europe", "CSA", 2022, p("A", "DE", "coordinator"), p("Nairobi", "KE")
    ),
    "he.CSA.beneficiaries-established.wp2023-2024": call(
        "horizon-europe", "CSA", 2024, p("A", "DE", "coordinator"), p("Nairobi", "KE")
    ),
    "he.CSA.beneficiaries-established.wp2025": call(
        "horizon-europe", "CSA", 2025, p("A", "DE", "coordinator"), p("Nairobi", "KE")
    ),
    "he.topic.country-group.unverified": call(
        "horizon-europe",
        "CSA",
        2026,
        p("A", "DE", "coordinator"),
        p("Nairobi", "KE"),
        topic={"third_country_beneficiaries": ["african-union"]},
    ),
    "he.input.flag-country": call(
        "horizon-europe", "RIA", 2026, *THREE, p("TU", "DE", "associated-partner", flags=["miit-university"])
    ),
    "he.association.transitional.needed": call(
        "horizon-europe", "RIA", 2026, p("A", "DE", "coordinator"), p("B", "FR"), p("Tokyo", "JP")
    ),
    "he.topic.composition.unsure": call(
        "horizon-europe",
        "CSA",
        2025,
        p("A", "DE", "coordinator"),
        p("Nuuk", "GL"),
        topic={"composition": [{"text": "two entities in two countries", "min": 2, "min_countries": 2}]},
    ),
    "h2020.topic.composition.unsure": call(
        "horizon-2020",
        "CSA",
        2018,
        p("A", "DE", "coordinator"),
        p("Nuuk", "GL"),
        topic={"composition": [{"text": "two entities in two countries", "min": 2, "min_countries": 2}]},
    ),
    "he.Teaming.composition": call("horizon-europe", "Teaming", 2025, p("A", "PL", "coordinator")),
    "he.Teaming.advanced-partner": call("horizon-europe", "Teaming", 2025, p("A", "PL", "coordinator"), p("B", "DE")),
    "he.Teaming.composition.met": call("horizon-europe", "Teaming", 2025, p("A", "PL", "coordinator"), p("B", "DE")),
    "he.Teaming.composition.unsure": call(
        "horizon-europe", "Teaming", 2025, p("A", "PL", "coordinator"), p("Nuuk", "GL")
    ),
    "he.topic.funded-admits-beneficiary": call(
        "horizon-europe",
        "CSA",
        2026,
        p("A", "DE", "coordinator"),
        p("MIT", "US"),
        topic={"funded_third_countries": ["US"]},
    ),
    "he.topic.country-group.suspended.to-confirm": call(
        "horizon-europe",
        "CSA",
        2026,
        p("A", "DE", "coordinator"),
        p("Niamey", "NE"),
        topic={"third_country_beneficiaries": ["african-union"]},
    ),
    "he.topic.country-group.depends-on-deadline": call(
        "horizon-europe",
        "CSA",
        2025,
        p("A", "DE", "coordinator"),
        p("Victoria", "SC"),
        p("Libreville", "GA"),
        topic={"funded_third_countries": ["african-union"], "third_country_beneficiaries": ["african-union"]},
    ),
    "he.topic.country-group.uncertain": call(
        "horizon-europe", "RIA", 2026, *THREE, p("Laayoune", "EH"), topic={"funded_third_countries": ["african-union"]}
    ),
    "he.topic.country-group.uncertain.to-confirm": call(
        "horizon-europe",
        "CSA",
        2026,
        p("A", "DE", "coordinator"),
        p("Laayoune", "EH"),
        topic={"third_country_beneficiaries": ["african-union"]},
    ),
    "he.CSA.beneficiaries-established.affiliated-entity": call(
        "horizon-europe", "CSA", 2025, *THREE, p("Lab", "US", "affiliated-entity", controlled_by="A")
    ),
    "he.association.part-of": call("horizon-europe", "RIA", 2025, *THREE, p("UNIS", "SJ")),
    "h2020.association.part-of": call("horizon-2020", "RIA", 2018, *THREE, p("UNIS", "SJ")),
    "he.roles.coordinator-not-in-proposal": call(
        "horizon-europe",
        "RIA",
        2025,
        p("JRC", "BE", "coordinator", type="jrc"),
        p("B", "FR"),
        p("C", "IT"),
        p("D", "ES"),
    ),
    "he.roles.coordinator-not-funded": call(
        "horizon-europe", "RIA", 2025, p("MIT", "US", "coordinator"), p("B", "FR"), p("C", "IT"), p("D", "ES")
    ),
    "he.independence.public-body": call(
        "horizon-europe",
        "RIA",
        2025,
        *THREE,
        p("Ministry", "ES", "associated-partner", type="public-body"),
        p("Lab 1", "ES", controlled_by="Ministry"),
        p("Lab 2", "ES", controlled_by="Ministry"),
    ),
    "h2020.independence.public-body": call(
        "horizon-2020",
        "RIA",
        2018,
        *THREE,
        p("Ministry", "ES", "beneficiary", type="public-body"),
        p("Lab 1", "ES", controlled_by="Ministry"),
        p("Lab 2", "ES", controlled_by="Ministry"),
    ),
    "he.MSCA-PF.coordinator.widening": call(
        "horizon-europe", "MSCA-PF", 2025, p("Host", "DE", "coordinator", type="university"), part="widening"
    ),
    "he.partners-leaving": call("horizon-europe", "RIA", 2025, *THREE),
    "h2020.partners-leaving": call("horizon-2020", "RIA", 2018, *THREE),
    "he.entity-type.jrc": call("horizon-europe", "RIA", 2025, *THREE, p("JRC", "BE", type="jrc")),
    "he.ERC-SyG.outside-beneficiary-funded.unverified": call(
        "horizon-europe", "ERC-SyG", 2025, p("Host", "DE", "coordinator"), p("Stanford", "US")
    ),
    "h2020.ERC-SyG.outside-beneficiary-funded.unverified": call(
        "horizon-2020", "ERC-SyG", 2019, p("Host", "DE", "coordinator"), p("Stanford", "US")
    ),
}


def _restriction_case(programme: str, restriction: dict[str, Any], variant: str | None) -> dict[str, Any]:
    """A consortium the restriction reaches: its country or flag, in its action and topic, at its date."""
    action = restriction["actions"][0] if restriction["actions"] else "RIA"
    year = RULES.programme(programme).last_call_year
    extra: dict[str, Any] = {}
    if restriction["from_date"]:
        start = restriction["from_date"]
        year = int(start[:4])
        if variant in ("earlier-deadline", "earlier-deadline.needed"):
            extra["deadline"] = f"{year}-01-01" if start[5:] != "01-01" else f"{year - 1}-12-01"
        elif variant is None:
            extra["deadline"] = start
    elif restriction["from_year"]:
        year = restriction["from_year"]
    if restriction["only_if_topic"] and variant != "topic-not-set":
        extra["topic"] = {restriction["only_if_topic"]: True}
    country = restriction["countries"][0] if restriction["countries"] else "NL"
    flags = restriction["flags"][:1]
    roles = restriction["roles"]
    role = "beneficiary" if not roles or "beneficiary" in roles else roles[0]
    entity = p("Entity", country, role, flags=flags) if flags else p("Entity", country, role)
    if variant == "earlier-deadline.needed":  # the third partner the RIA rule needs
        return call(programme, action, year, *THREE[:2], {**entity, "role": "beneficiary"}, **extra)
    if variant == "spared":
        action = restriction["spares"]["actions"][0]
        entity = {**entity, "type": restriction["spares"]["types"][0]}
    participants = [*THREE, entity]
    if (action.startswith("MSCA-") or action.startswith("ERC")) and (not roles or "associated-partner" in roles):
        participants = [*THREE, {**entity, "role": "associated-partner"}]
    return call(programme, action, year, *participants, **extra)


def _action_cases(programme: str, action: str) -> Iterator[dict[str, Any]]:
    """Consortia that fail an action's conditions one way or another."""
    year = RULES.programme(programme).last_call_year
    if programme == "horizon-2020" and action == "SME-Instrument":
        year = 2019
    univ = {"type": "university"}
    yield call(programme, action, year, p("Lone", "US", "coordinator", **univ))
    yield call(programme, action, year, p("Lone", "DE", "coordinator", **univ))
    yield call(
        programme,
        action,
        year,
        p("A", "DE", "coordinator", **univ),
        p("B", "DE", **univ),
        p("C", "DE", "affiliated-entity", **univ),
        *(p(f"N{i}", code, **univ) for i, code in enumerate(("FR", "IT", "ES", "NL", "US", "CN"))),
    )
    # An affiliated entity in an earlier work programme (a rule read only in a later one is a warning there).
    yield call(
        programme, action, year - 2, p("A", "DE", "coordinator", **univ), p("C", "DE", "affiliated-entity", **univ)
    )
    yield call(programme, action, year, p("A", "PL", "coordinator", **univ), p("B", "PL", **univ))
    yield call(programme, action, year, p("A", "DE", "coordinator", type="company"), p("B", "FR", type="company"))
    yield call(programme, action, year, p("A", "US", "coordinator"), p("B", "US"), p("C", "CN"))
    yield call(programme, action, year, *THREE)  # types not given
    yield call(programme, action, year, p("Nuuk", "GL", "coordinator", **univ), p("B", "FR", **univ))
    yield call(programme, action, year, p("Nuuk", "GL", "coordinator", **univ))
    yield call(programme, action, year, p("Researcher", "DE", "coordinator", type="natural-person"))
    # An overseas country or territory the minimum needs (GL with NO and IS): counted as Denmark, it would hold.
    procurer = {"type": "public-procurer"}
    yield call(
        programme,
        action,
        year,
        p("Nuuk", "GL", "coordinator", **procurer),
        p("O", "NO", **procurer),
        p("R", "IS", **procurer),
    )
    yield call(programme, action, year, p("Nuuk", "GL", "coordinator", **procurer), p("O", "NO", **procurer))
    yield call(programme, action, year, p("Large company", "DE", "coordinator", type="company"))


@cache
def emitted_by_case() -> dict[str, set[str]]:
    """For every registered id: the rule ids its case(s) make the engine emit."""
    out: dict[str, set[str]] = {}
    for rule_id, info in REGISTRY.items():
        cases: list[dict[str, Any]] = []
        case = HAND_WRITTEN.get(rule_id)
        if case:
            cases.append(case)
        short = rule_id.split(".", 1)[1]
        programme = RULES.programme(info.programme)
        if short.startswith("restriction."):
            rid, _, variant = short.removeprefix("restriction.").partition(".")
            restriction = next(r for r in programme.restrictions if r["id"] == rid)
            cases.append(_restriction_case(info.programme, dict(restriction), variant or None))
        elif short.split(".")[0] in programme.actions:
            cases.extend(_action_cases(info.programme, short.split(".")[0]))
        found: set[str] = set()
        for data in cases:
            found |= {f.rule for f in check(data).findings}
        out[rule_id] = found
    return out


@pytest.mark.parametrize("rule_id", list(REGISTRY))
def test_rule_is_emitted(rule_id: str) -> None:
    assert rule_id in emitted_by_case()[rule_id], f"no case makes the engine emit {rule_id}"


def test_every_rule_the_engine_emits_is_registered() -> None:
    emitted: set[str] = set()
    for found in emitted_by_case().values():
        emitted |= found
    for path in sorted(CONSORTIA.glob("*.json")):
        emitted |= {f.rule for f in check(json.loads(path.read_text(encoding="utf-8"))).findings}
    assert not sorted(emitted - set(REGISTRY))


def test_every_registered_rule_is_explained_with_sources() -> None:
    for rule_id, info in REGISTRY.items():
        assert info.title and info.explanation, rule_id
        assert info.sources and all(s in RULES.sources for s in info.sources), rule_id
        assert rule_id.startswith(RULES.programme(info.programme).short_id + ".")
