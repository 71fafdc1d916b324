"""What may be funded, and a topic's lists of countries and groups (funding.py, groups.py, facts.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..rule_kinds import ACTIONS, FUNDING, PROGRAMME, RuleEntry, RuleKind, kind

if TYPE_CHECKING:
    from ..rules import ProgrammeRules


# -- may it be funded? (decisions) -----------------------------------------------------------------
FUNDING_LIST_UNVERIFIED = kind(
    "funding-list.unverified",
    "funding",
    "warning",
    "Funding list not verified",
    "The country's place on the list of countries automatically eligible for funding could not be verified for "
    "this call year (a version not retrieved, or an entry not read in the copies).",
    {
        "": "{name}: {country} is treated as eligible for funding, but this is not verified. {why}.",
        "not-listed": "{name}: {country} is treated as not on the list of countries eligible for funding, but {note}",
    },
    f"{FUNDING}: evidence, note, note_sources, uncertain_countries, unverified_countries",
    "funding.funding_list",
)
_NOT_AUTOMATIC = (
    "Not automatically funded",
    "The entity's country is not a Member State, an associated country or on the funding list: it is funded only "
    "if the topic provides for it or its participation is judged essential.",
)
NOT_AUTOMATIC = kind(
    "funding.not-automatic",
    "funding",
    ("warning", "info"),
    *_NOT_AUTOMATIC,
    "{message}",
    f"{PROGRAMME}: not_funded_beneficiary (message, affiliated_message, severity)",
    "funding._not_funded",
    entries=lambda p: [
        RuleEntry({}, _NOT_AUTOMATIC[0], _NOT_AUTOMATIC[1], (), (p.not_funded_beneficiary["severity"],))
    ],
)
OUTSIDE_BENEFICIARY_FUNDED = kind(
    "{action}.outside-beneficiary-funded.unverified",
    "funding",
    "warning",
    "(the action's name)",
    "(the action's funds_outside_beneficiaries.message)",
    "{name}: treated as funded: {message}",
    f"{ACTIONS}: funds_outside_beneficiaries",
    "funding.funded_outside_beneficiary",
    entries=lambda p: (
        RuleEntry({"action": a}, action["name"], spec["message"], tuple(spec["sources"]))
        for a, action in p.actions.items()
        if (spec := action["funds_outside_beneficiaries"]) and spec["evidence"] not in (None, "official")
    ),
)
ENTITY_TYPE = kind(
    "entity-type.{type}",
    "special",
    "warning",
    "(the entity type)",
    "(the entity type's note)",
    "{name}: {note}",
    f"{PROGRAMME}: entity_funding.<type>.note",
    "facts.type_notes",
    entries=lambda p: (
        RuleEntry({"type": t}, t.replace("-", " ").capitalize(), e["note"], tuple(e["sources"]))
        for t, e in p.entity_funding.items()
        if e["note"]
    ),
)
DEEMED_UNVERIFIED = kind(
    "deemed-established.unverified",
    "special",
    "warning",
    "Deemed established in another Member State (not verified)",
    "The rule deeming this entity type established in a Member State other than the others' could not be "
    "verified word for word.",
    "{name} counts as established in a Member State or associated country other than those of the other "
    "participants ({type}); the paragraph of {programme}'s rules that says so could not be verified word for word.",
    f"{PROGRAMME}: deemed_other_member_state, deemed_evidence",
    "facts.type_notes",
    fires=lambda p: p.deemed_evidence != "official",
)


# -- the topic's lists of countries and groups (groups) --------------------------------------------
def _group_entries(p: ProgrammeRules) -> list[RuleEntry]:
    groups = [g for g in p.rules.country_groups.values() if p.id in g["programmes"]]
    return [RuleEntry({}, "", "", tuple(dict.fromkeys(s for g in groups for s in g["sources"])))] if groups else []


def _suspended_unfunded(p: ProgrammeRules) -> bool:
    """Whether a topic that funds a group can leave out a suspended member: only where it is on no funding list in
    a call year of its suspension (a member on the list is funded by the list; as a beneficiary, suspension is a
    condition to confirm)."""
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
                        return True
    return False


def _group_kind(
    suffix: str, title: str, explanation: str, message: str, fires: Callable[[ProgrammeRules], bool] | None = None
) -> RuleKind:
    def entries(p: ProgrammeRules) -> list[RuleEntry]:
        if fires is not None and not fires(p):
            return []
        return [e._replace(title=title, explanation=explanation) for e in _group_entries(p)]

    return kind(
        f"topic.country-group.{suffix}",
        "restriction",
        "warning",
        title,
        explanation,
        message,
        "data/country_groups.yaml; input: topic.funded_third_countries, topic.third_country_beneficiaries",
        "groups._group_takes_in",
        entries=entries,
    )


GROUP_UNVERIFIED = _group_kind(
    "unverified",
    "Counted in a country group (not verified)",
    "The participant's country is counted among a group the topic names (the African Union member states), but "
    "the group's data rests on secondary sources or does not cover the call's date.",
    "{name}: {country} is counted among the topic's {group} on the call's date; {caveats}. Check {country}'s "
    "standing if the verdict depends on it.",
)
GROUP_SUSPENDED = _group_kind(
    "suspended",
    "A suspended member of a country group",
    "The country's membership of the group the topic names was suspended on the call's date, so it is not counted "
    "among the group's members; the topic may say otherwise (a footnote), then list the country.",
    "{name}: {country}'s participation in the {union} was suspended on the call's date, so it is not counted among "
    "the topic's {group}. {footnote}",
    _suspended_unfunded,
)
GROUP_DEADLINE = _group_kind(
    "depends-on-deadline",
    "Country group membership depends on the deadline",
    "The country's membership or standing in the group changed during the call year; without the deadline it is "
    "not counted among the group's members.",
    "{name}: {country}'s membership or standing among the {group} changed during {year}; without the call deadline "
    "it is not counted among them. Give the deadline to settle it.",
)
GROUP_UNCERTAIN = _group_kind(
    "uncertain",
    "Country group: not settled",
    "No text read settles whether the group the topic names takes in this country (Western Sahara and the African "
    "Union); it is not counted.",
    "{name}: not counted among the topic's {group}. {why} Check the topic conditions.",
)
_ADMITTED_IF = (
    "It is counted as a beneficiary the topic admits, on condition that the topic's {group} take it in: confirm it "
    "in the topic conditions, or with the granting authority."
)
GROUP_SUSPENDED_ADMITTED = _group_kind(
    "suspended.to-confirm",
    "A suspended member of a country group admitted as a beneficiary (to confirm)",
    "The country's membership of the group a topic admits as beneficiaries was suspended on the call's date: it is "
    "counted as a beneficiary the topic admits on a condition to confirm (the verdict is eligible if), as the "
    "topic's footnote may say either way.",
    "{name}: {country}'s participation in the {union} was suspended on the call's date. "
    + _ADMITTED_IF
    + " {footnote}",
)
GROUP_UNCERTAIN_ADMITTED = _group_kind(
    "uncertain.to-confirm",
    "Country group not settled, admitted as a beneficiary (to confirm)",
    "No text read settles whether the group a topic admits as beneficiaries takes in this country: it is counted as "
    "a beneficiary the topic admits on a condition to confirm (the verdict is eligible if).",
    "{name}: {why} " + _ADMITTED_IF,
)
FUNDED_ADMITS = kind(
    "topic.funded-admits-beneficiary",
    "funding",
    "info",
    "A topic that funds a third country admits its entities as beneficiaries",
    "Union funding goes to beneficiaries and affiliated entities only, so a topic that funds entities of a third "
    "country provides for them as beneficiaries, and the action's rule that beneficiaries are established in "
    "Member States or associated countries gives way (a CSA: unless the call conditions provide otherwise).",
    "{name}: the topic's conditions give entities in {country} Union funding, which only beneficiaries and "
    "affiliated entities receive: read as the call conditions providing for them as beneficiaries, so the rule that "
    "beneficiaries are established in Member States or associated countries gives way here.",
    f"input: topic.funded_third_countries; {ACTIONS}: conditions (beneficiaries-established, unless_topic)",
    "groups.admitted_by",
    fires=lambda p: any(
        c["unless_topic"] == "third_country_beneficiaries"
        for a in p.actions.values()
        for c in [*a["conditions"], *(c for o in a["conditions"] for opt in o["options"] for c in opt["conditions"])]
    ),
)
