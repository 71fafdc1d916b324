"""Every rule id the engine can emit, with what it means: rule_ids().

A finding's `rule` is "<programme short id>.<rule>" (he.restriction.russia). Some ids come from the data
(restrictions, action conditions and notes, entity types), the others from the engine itself; the site
explains each one on its rules page, and the verdict's "Rule:" line links there.
"""

from __future__ import annotations

from typing import NamedTuple

from .call import GUIDANCE
from .conditions import condition_rule
from .rules import ProgrammeRules, Rules, load_rules
from .ruletypes import Condition


class RuleInfo(NamedTuple):
    id: str  # he.restriction.russia
    programme: str
    title: str
    explanation: str
    guidance: str  # the slug of the guidance page (docs/guidance/<slug>.md)
    sources: tuple[str, ...]


# The engine's own rules (ids after the programme prefix): guidance page and explanation.
ENGINE_RULES: dict[str, tuple[str, str, str]] = {
    "association.not-associated": (
        "association",
        "Not associated",
        "The country is not associated to the programme in the call's year; the note says why (for example "
        "Switzerland in 2021-2024).",
    ),
    "association.part-of": (
        "association",
        "A territory of another country",
        "The code is a territory of a country (Svalbard and Jan Mayen: Norway) and takes that country's status.",
    ),
    "association.scope": (
        "association",
        "Associated for some parts only",
        "The country is associated for some parts of the programme only (New Zealand, Canada, Korea: Pillar II); "
        "in this part its entities are from a non-associated third country.",
    ),
    "association.unverified": (
        "association",
        "Association not confirmed",
        "No source read confirms the country's association for this call year; it is not counted.",
    ),
    "association.depends-on-deadline": (
        "association",
        "Association depends on the deadline",
        "The association applies only to deadlines from a date in the call year; without the deadline the "
        "country is not counted, and the verdict says which date settles it.",
    ),
    "association.not-yet": (
        "association",
        "Association not yet applicable",
        "The call's deadline is before the date from which the country counts as associated.",
    ),
    "association.transitional": (
        "association",
        "Transitional arrangement",
        "A country negotiating association: its entities count as associated if the agreement applies at grant "
        "signature; otherwise a beneficiary from there becomes an associated partner without EU funding.",
    ),
    "association.transitional.needed": (
        "association",
        "A partner the consortium needs, under a transitional arrangement",
        "The consortium meets the minimum conditions only with this partner, whose country is under a transitional "
        "arrangement: it is eligible only if the association agreement applies at grant signature.",
    ),
    "association.excluded-component": (
        "association",
        "Part of an action outside the association",
        "The country's association leaves out a component of this action (the UK: the EIC Fund).",
    ),
    "oct-counting": (
        "association",
        "Overseas countries and territories",
        "An entity in an overseas country or territory linked to a Member State is funded like the Member "
        "State's; no text says it counts for the minimum conditions, so it is not counted.",
    ),
    "funding-list.unverified": (
        "funding",
        "Funding list not verified",
        "The country's place on the list of countries automatically eligible for funding could not be "
        "verified for this call year (a version not retrieved, or an entry not read in the copies).",
    ),
    "funding.not-automatic": (
        "funding",
        "Not automatically funded",
        "The entity's country is not a Member State, an associated country or on the funding list: it is "
        "funded only if the topic provides for it or its participation is judged essential.",
    ),
    "deemed-established.unverified": (
        "special",
        "Deemed established in another Member State (not verified)",
        "The rule deeming this entity type established in a Member State other than the others' could not be "
        "verified word for word.",
    ),
    "topic.eligible-countries": (
        "restriction",
        "Topic limited to listed countries",
        "The topic is open only to entities from the Member States and the countries it lists (HE-REG Art 22(5)).",
    ),
    "topic.eligible-countries.deemed": (
        "restriction",
        "International European research organisation in a limited topic",
        "Such an organisation is deemed established in a Member State for the consortium's composition; no "
        "text read says this opens a topic limited to the Member States and listed countries.",
    ),
    "topic.composition": (
        "minimum",
        "Topic composition requirement",
        "A composition requirement the topic adds (at least N entities from at least M countries).",
    ),
    "topic.composition.met": (
        "minimum",
        "How the topic composition requirement is met",
        "The topic's composition requirement holds: which entities and countries meet it.",
    ),
    "topic.composition.unsure": (
        "minimum",
        "Topic composition requirement: unsure",
        "The topic's composition requirement holds only if entities in overseas countries or territories count as "
        "established in their Member State, which no text read settles.",
    ),
    "topic.composition.check": (
        "minimum",
        "Topic requirement to check by hand",
        "A composition requirement the topic adds on facts the input does not hold (first responders, ...).",
    ),
    "topic.funded-admits-beneficiary": (
        "funding",
        "A country the topic funds: its entities may be beneficiaries",
        "The topic gives entities of the country Union funding, which only beneficiaries and affiliated entities "
        "receive: the call conditions provide for them as beneficiaries of a Coordination and Support Action.",
    ),
    "topic.unread": (
        "restriction",
        "Topic condition not understood",
        "A sentence of the topic's conditions that reads like a condition but was not understood: check it.",
    ),
    "input.duplicate-names": (
        "independence",
        "Participants with the same name",
        "'Controlled by' refers to the first participant of a name; give each participant its own name.",
    ),
    "input.control-cycle": (
        "independence",
        "Control in a circle",
        "'Controlled by' goes round in a circle: the entities on it are one group, not independent.",
    ),
    "input.controls-itself": (
        "independence",
        "Controlled by itself",
        "A participant marked as controlled by itself; the mark is ignored.",
    ),
    "input.invisible-characters": (
        "independence",
        "Invisible characters removed",
        "A name held characters that do not show (a soft hyphen, a zero-width space, a byte-order mark, a "
        "direction mark), as copies of Word or PDF text often do: they were taken out, so that 'controlled by' "
        "finds the name as a reader sees it.",
    ),
    "input.flag-country": (
        "restriction",
        "A flag for entities of another country",
        "A participant carries a flag about entities of some countries (a Chinese university under MIIT) but is "
        "established elsewhere: the restriction the flag brings is applied, with this warning.",
    ),
    "input.part-assumed": (
        "association",
        "Programme part assumed",
        "The programme part decides a participant's status here and neither the part nor the call identifier "
        "tells it: the action's usual part is assumed.",
    ),
    "control.outside-consortium": (
        "restriction",
        "A controller outside the consortium",
        "A participant is controlled by an entity that is not in the consortium, in a topic that keeps out "
        "entities controlled from third countries: where the controller is established could not be checked.",
    ),
    "independence.public-body": (
        "independence",
        "Entities under one public body",
        "Being owned or supervised by the same public body does not by itself make entities dependent.",
    ),
    "roles.coordinator": ("roles", "One coordinator", "A proposal has exactly one coordinator."),
    "roles.coordinator-not-funded": (
        "roles",
        "A coordinator without EU funding",
        "A coordinator not eligible for funding would take part as an associated partner, who cannot coordinate.",
    ),
    "roles.coordinator-not-in-proposal": (
        "roles",
        "A coordinator that joins only after evaluation",
        "An entity that takes no part in preparing the proposal (the JRC in Horizon Europe) cannot coordinate it.",
    ),
    "roles.affiliated-entity-link": (
        "roles",
        "Affiliated entities are linked to a beneficiary",
        "An affiliated entity takes part through a beneficiary it is linked to (control, common control or "
        "another legal link); where the consortium names no such link, we say so.",
    ),
    "roles.no-associated-partners": (
        "roles",
        "No associated partners in Horizon 2020",
        "Horizon 2020 had no associated-partner role; entities that did not sign the grant agreement got no "
        "EU funding.",
    ),
    "partners-leaving": (
        "leaving",
        "Partners the consortium cannot lose",
        "The minimum conditions must still be met if a partner leaves: without any one of these they would not.",
    ),
}

# A country group a topic option names (data/country_groups.yaml): registered for the programmes it serves.
GROUP_RULES: dict[str, tuple[str, str]] = {
    "topic.country-group.unverified": (
        "Counted in a country group (not verified)",
        "The participant's country is counted among a group the topic names (the African Union member states), "
        "but the group's data rests on secondary sources or does not cover the call's date.",
    ),
    "topic.country-group.suspended": (
        "A suspended member of a country group",
        "The country's membership of the group the topic names was suspended on the call's date, so it is not "
        "counted among the group's members; the topic may say otherwise (a footnote), then list the country.",
    ),
    "topic.country-group.depends-on-deadline": (
        "Country group membership depends on the deadline",
        "The country's membership or standing in the group changed during the call year; without the deadline "
        "it is not counted among the group's members.",
    ),
    "topic.country-group.uncertain": (
        "Country group: not settled",
        "No text read settles whether the group the topic names takes in this country (Western Sahara and the "
        "African Union); it is not counted.",
    ),
    "topic.country-group.suspended.to-confirm": (
        "A suspended member of a group the topic admits as beneficiaries: to confirm",
        "The topic admits the group's members as beneficiaries and this country's membership was suspended on the "
        "call's date: it is counted as admitted, and the verdict is eligible if the topic takes it in (a footnote "
        "may say that suspended members are included).",
    ),
    "topic.country-group.uncertain.to-confirm": (
        "A member of a group the topic admits as beneficiaries, not settled: to confirm",
        "The topic admits the group's members as beneficiaries and no text read settles whether the group takes in "
        "this country (Western Sahara and the African Union): it is counted as admitted, and the verdict is "
        "eligible if the topic takes it in.",
    ),
}

_DEPENDS_ON_DEADLINE = "Without the call deadline the restriction is assumed to apply; the deadline settles it."


def rule_anchor(rule_id: str) -> str:
    """The anchor of a rule on the site's rules page (rules/#rule-he-restriction-russia)."""
    return "rule-" + rule_id.lower().replace(".", "-")


def rule_ids(rules: Rules | None = None) -> dict[str, RuleInfo]:
    """Every rule id the engine can emit, for every programme in the data."""
    rules = rules or load_rules()
    out: dict[str, RuleInfo] = {}
    for programme in rules.programmes.values():
        for info in _programme_rules(programme):
            out[info.id] = info
    return dict(sorted(out.items()))


def _programme_rules(p: ProgrammeRules) -> list[RuleInfo]:
    prefix = p.short_id
    general = p.programme_sources
    found: list[RuleInfo] = []

    def add(rule: str, guidance: str, title: str, text: str, sources: tuple[str, ...] | list[str] = ()) -> None:
        found.append(RuleInfo(f"{prefix}.{rule}", p.id, title, text, GUIDANCE[guidance], tuple(sources) or general))

    skip = _engine_rules_not_used(p)
    for rule, (guidance, title, text) in ENGINE_RULES.items():
        if rule not in skip:
            add(rule, guidance, title, text)
    groups = [g for g in p.rules.country_groups.values() if p.id in g["programmes"]]
    if groups:
        group_sources = tuple(dict.fromkeys(s for g in groups for s in g["sources"]))
        unused = _group_rules_not_used(p)
        for rule, (title, text) in GROUP_RULES.items():
            if rule not in unused:
                add(rule, "restriction", title, text, group_sources)
    for r in p.restrictions:
        rid, name, sources = f"restriction.{r['id']}", r["name"], r["sources"]
        add(rid, "restriction", name, r["message"], sources)
        if r["from_date"]:
            add(f"{rid}.depends-on-deadline", "restriction", name, _DEPENDS_ON_DEADLINE, sources)
        if r["earlier_deadlines"]:
            add(f"{rid}.earlier-deadline", "restriction", name, r["earlier_deadlines"], sources)
            # Only an entity that counts for the minimum can be needed: one a flag names, in any country, in a role
            # that counts (a country restriction names countries that never count: Russia, Belarus).
            if (
                r["flags"]
                and not r["countries"]
                and (not r["roles"] or {"coordinator", "beneficiary"} & set(r["roles"]))
            ):
                text = f"A partner the consortium needs for the minimum conditions: {r['earlier_deadlines']}"
                add(f"{rid}.earlier-deadline.needed", "restriction", name, text, sources)
        if r["spares"]:
            add(f"{rid}.spared", "restriction", name, r["spares"]["message"], sources)
        if r["only_if_topic"] and r["flags"]:
            text = "A participant carries the flag, but the topic option that brings the restriction in is not set."
            add(f"{rid}.topic-not-set", "restriction", name, text, sources)
    for family in p.call_prefixes:
        if family["caution"]:
            c = family["caution"]
            add(f"call.{c['id']}", "minimum", c["title"], c["message"], c["sources"])
    for kind, entry in p.entity_funding.items():
        if entry["note"]:
            add(f"entity-type.{kind}", "special", kind.replace("-", " ").capitalize(), entry["note"], entry["sources"])
    for action_id, action in p.actions.items():
        name = action["name"]
        if action["notes"]:
            add(f"{action_id}.note", "minimum", f"{name}: notes", " ".join(action["notes"]), action["sources"])
        for condition in _conditions(action["conditions"]):
            rule = condition_rule(action_id, condition)
            add(rule, "minimum", name, condition["text"], condition["sources"])
            if condition["kind"] == "composition":
                text = f"{condition['text']} Where the consortium meets it, we say with which entities and countries."
                add(f"{rule}.met", "minimum", name, text, condition["sources"])
                if condition["established_in"] == "ms-ac":
                    text = (
                        f"{condition['text']} Where it holds only if entities in overseas countries or territories "
                        "count as established in their Member State, we say it is unsure."
                    )
                    add(f"{rule}.unsure", "minimum", name, text, condition["sources"])
            elif condition["kind"] == "sectors":
                text = f"{condition['text']} Where a participant's type does not say its sector, we say so."
                add(f"{rule}.unsure", "minimum", name, text, condition["sources"])
            elif condition["kind"] == "coordinator" and condition["established_in"] == "ms-ac":
                text = f"{condition['text']} Where it is in an overseas country or territory, we say it is unsure."
                add(f"{rule}.unsure", "minimum", name, text, condition["sources"])
            if condition["from_date"]:
                text = f"From {condition['from_date']}: {condition['text']}"
                add(f"{rule}.depends-on-deadline", "minimum", name, text, condition["sources"])
        spec = action["funds_outside_beneficiaries"]
        if spec and spec["evidence"] not in (None, "official"):
            add(f"{action_id}.outside-beneficiary-funded.unverified", "funding", name, spec["message"], spec["sources"])
    return found


def _conditions(conditions: list[Condition]) -> list[Condition]:
    out = []
    for condition in conditions:
        if condition["kind"] == "by-size":
            for option in condition["options"]:
                out.extend(_conditions(option["conditions"]))
        else:
            out.append(condition)
    return out


def _engine_rules_not_used(p: ProgrammeRules) -> set[str]:
    """Engine rules this programme's data can never trigger."""
    skip = set()
    if "eligible_countries" not in p.topic_options:
        skip |= {"topic.eligible-countries", "topic.eligible-countries.deemed"}
    if "composition" not in p.topic_options:
        skip |= {"topic.composition", "topic.composition.met", "topic.composition.check", "topic.composition.unsure"}
    if p.associated_partners["role_exists"] or not p.associated_partners["note"]:
        skip.add("roles.no-associated-partners")
    if not p.associated_partners["role_exists"]:
        skip.add("roles.coordinator-not-funded")
    if all(e["counts_at_submission"] for e in p.entity_funding.values()):
        skip.add("roles.coordinator-not-in-proposal")
    lifted = [c for a in p.actions.values() for c in _conditions(a["conditions"]) if c["unless_topic"]]
    if not any(c["unless_topic"] == "third_country_beneficiaries" for c in lifted):
        skip.add("topic.funded-admits-beneficiary")
    if not any(r["controlled_by"] and r["controlled_by"]["third_countries"] for r in p.restrictions):
        skip.add("control.outside-consortium")
    flagged = {f for r in p.restrictions for f in r["flags"]}
    if not any(p.rules.flags[f]["countries"] for f in flagged):
        skip.add("input.flag-country")
    if p.deemed_evidence == "official":
        skip.add("deemed-established.unverified")
    intervals = [i for entries in p.association.values() for i in entries]
    if not any(i["excluded_components"] for i in intervals):
        skip.add("association.excluded-component")
    if not any(i["from_deadline"] for i in intervals):
        skip |= {"association.depends-on-deadline", "association.not-yet"}
    if not any(i["status"] == "transitional" for i in intervals):
        skip |= {"association.transitional", "association.transitional.needed"}
    if not any(i["status"] == "unverified" or i["evidence"] == "unverified" for i in intervals):
        skip.add("association.unverified")
    if not any(i["part_of"] for i in intervals):
        skip.add("association.part-of")
    if not any(len(i["parts"]) < len(p.parts) for i in intervals):
        skip.add("association.scope")
    return skip


def _group_rules_not_used(p: ProgrammeRules) -> set[str]:
    """Group rules this programme's data can never trigger: a suspended member is said not to be funded by a
    topic that funds the group only where it is on no funding list in a call year of its suspension (a member
    on the list is funded by the list; as a beneficiary, suspension is a condition to confirm)."""
    for group in p.rules.country_groups.values():
        if p.id not in group["programmes"]:
            continue
        for code, intervals in group["intervals"].items():
            for i in intervals:
                if i["status"] != "suspended":
                    continue
                last = int(i["until"][:4]) if i["until"] else p.last_call_year
                for year in range(max(int(i["from"][:4]), p.first_call_year), last + 1):
                    version = p.funding_version(year)
                    if version is None or code not in version["countries"]:
                        return set()
    return {"topic.country-group.suspended"}
