"""Country groups a topic names as a whole (data/country_groups.yaml): "legal entities established in all
African Union member states may exceptionally participate ... as a beneficiary".

The topic options funded_third_countries and third_country_beneficiaries hold country codes and group ids;
`takes_in()` says whether such a list takes in a country on the call's date (the deadline; without one, the
call year), with the findings that go with the answer. Where a change of membership or standing falls in the
call year and no deadline settles it, the country is not taken in (the less favourable reading) and the
finding says which date would settle it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from .call import Call
from .facts import Subject
from .model import NAME, Finding
from .rule_catalogue import (
    FUNDED_ADMITS,
    GROUP_DEADLINE,
    GROUP_SUSPENDED,
    GROUP_SUSPENDED_ADMITTED,
    GROUP_UNCERTAIN,
    GROUP_UNCERTAIN_ADMITTED,
    GROUP_UNVERIFIED,
)
from .ruletypes import CountryGroup

State = Literal["member", "suspended", "not-member"]


def _state(group: CountryGroup, code: str, on: dt.date) -> State:
    if code not in group["members"]:
        return "not-member"
    intervals = group["intervals"].get(code, [])
    spans = [i for i in intervals if i["status"] == "member"]
    if spans and not any(_within(i["from"], i["until"], on) for i in spans):
        return "not-member"
    if any(i["status"] == "suspended" and _within(i["from"], i["until"], on) for i in intervals):
        return "suspended"
    return "member"


def _within(start: str, until: str | None, on: dt.date) -> bool:
    return dt.date.fromisoformat(start) <= on and (until is None or on <= dt.date.fromisoformat(until))


def states(group: CountryGroup, code: str, year: int, deadline: dt.date | None) -> frozenset[State]:
    """The country's membership of the group on the deadline, or every state it has during the call year
    when there is none."""
    if deadline is not None:
        return frozenset({_state(group, code, deadline)})
    days = {dt.date(year, 1, 1)}
    for interval in group["intervals"].get(code, []):
        days.add(dt.date.fromisoformat(interval["from"]))
        if interval["until"]:
            days.add(dt.date.fromisoformat(interval["until"]) + dt.timedelta(days=1))
    return frozenset(_state(group, code, day) for day in days if day.year == year)


def _taken(group: CountryGroup, state: State) -> bool:
    return state == "member" or (state == "suspended" and group["suspended"] == "included")


def takes_in(
    call: Call, listed: frozenset[str], country: str, doubt_admits: bool = False
) -> tuple[bool, list[Finding]]:
    """Whether a topic option's list (codes and group ids) takes in this country in this call, and the
    findings that say how sure that is (NAME stands for the participant).

    `doubt_admits`: a member suspended on the call's date, or one whose membership no text settles, is taken in
    with a condition to confirm (who may be a beneficiary: the verdict is then "eligible if" the topic takes it
    in); otherwise (funding) it is not, with a caution."""
    if country in listed:
        return True, []
    groups = call.rules.country_groups
    findings: list[Finding] = []
    for group_id in sorted(listed & groups.keys()):
        group = groups[group_id]
        taken, found = _group_takes_in(call, group, country, doubt_admits)
        findings.extend(found)
        if taken:
            return True, findings
    return False, findings


def _group_takes_in(call: Call, group: CountryGroup, country: str, doubt_admits: bool) -> tuple[bool, list[Finding]]:
    prefix = call.prefix
    sources = tuple(group["sources"])
    name = call.rules.country_name(country)
    if country in group["uncertain"]:
        why = group["uncertain"][country]
        if doubt_admits:
            admitted = GROUP_UNCERTAIN_ADMITTED.emit(prefix, sources, (NAME,), name=NAME, group=group["name"], why=why)
            return True, [admitted]
        return False, [GROUP_UNCERTAIN.emit(prefix, sources, (NAME,), name=NAME, group=group["name"], why=why)]
    found = states(group, country, call.year, call.deadline)
    taken = {_taken(group, state) for state in found}
    if len(taken) > 1:
        changed = GROUP_DEADLINE.emit(
            prefix, sources, (NAME,), name=NAME, country=name, group=group["name"], year=call.year
        )
        return False, [changed]
    if not taken.pop():
        if "suspended" not in found:
            return False, []
        union = group["name"].removesuffix(" member states")
        kind = GROUP_SUSPENDED_ADMITTED if doubt_admits else GROUP_SUSPENDED
        suspended = kind.emit(
            prefix,
            sources,
            (NAME,),
            name=NAME,
            country=name,
            union=union,
            group=group["name"],
            footnote=group["footnote"],
        )
        return doubt_admits, [suspended]
    caveats = []
    if group["evidence"] != "official":
        caveats.append("the group's members and suspensions rest on secondary sources")
    first, last = (
        (call.deadline, call.deadline) if call.deadline else (dt.date(call.year, 1, 1), dt.date(call.year, 12, 31))
    )
    recorded = group["recorded"]
    if first < dt.date.fromisoformat(recorded["from"]) or last > dt.date.fromisoformat(recorded["until"]):
        caveats.append(f"changes before {recorded['from']} or after {recorded['until']} are not recorded")
    if not caveats:
        return True, []
    caveat = " and ".join(caveats)
    return True, [
        GROUP_UNVERIFIED.emit(prefix, sources, (NAME,), name=NAME, country=name, group=group["name"], caveats=caveat)
    ]


ADMITTED = frozenset({"third_country_beneficiaries"})


def admitted_by(facts: Subject, found: list[Finding]) -> frozenset[str]:
    """The topic options whose list of countries and groups takes in this third-country participant (the
    action's beneficiaries-established conditions then let it be a beneficiary), adding their findings.

    A topic that funds the participant's country admits it too, where the action's rule on where beneficiaries
    are established gives way to the call conditions (a CSA): Union funding goes to beneficiaries and
    affiliated entities only, so such a topic provides for them (HE-GA26: "unless the call conditions provide
    otherwise"; CORDIS-HE: a United States university funded as a beneficiary of a 2023 health CSA)."""
    if facts.role == "associated-partner":
        return frozenset()  # an associated partner needs no admission: it may be established anywhere
    call = facts.call
    listed = call.topic.third_country_beneficiaries
    if isinstance(listed, frozenset) and listed:
        taken, notes = takes_in(call, listed, facts.country, doubt_admits=True)
        found.extend(n for n in notes if n not in found)
        if taken:
            return ADMITTED
    funded = call.topic.funded_third_countries
    if not funded or not _topic_lifts_beneficiary_rule(call):
        return frozenset()
    taken, notes = takes_in(call, funded, facts.country, doubt_admits=True)
    if not taken:
        return frozenset()
    found.extend(n for n in notes if n not in found)
    name = call.rules.country_name(facts.country)
    sources = (*call.rule_sources["topic_funding"], *call.cite(("HE-GA", "CORDIS-HE")))
    found.append(FUNDED_ADMITS.emit(call.prefix, sources, (NAME,), name=NAME, country=name))
    return ADMITTED


def _topic_lifts_beneficiary_rule(call: Call) -> bool:
    """The action has a rule on where beneficiaries are established that the topic's conditions may lift."""
    return any(
        c.kind == "beneficiaries-established" and c.raw["unless_topic"] == "third_country_beneficiaries"
        for c in call.conditions.all
    )
