"""check(consortium) -> Verdict: may each entity take part, may it be funded, does the consortium meet
the minimum conditions, and which partners can it not lose.

A check is a pipeline, each stage in its own module and called once, in order:

  1. inputs.parse_request     the input dictionary -> a validated Request
  2. facts                    each participant's country for this call; control groups
  3. decisions.assess         may it take part? may it be funded? (one decision path, also country_status's)
  4. minimum.evaluate         the action's minimum conditions (a maximum matching)
  5. verdict                  findings, fixes, partners it cannot lose, the result per participant
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from .call import call_for
from .conditions import Member
from .decisions import assess
from .facts import control_groups
from .from_directory import directory_findings
from .inputs import parse_request
from .minimum import evaluate
from .model import Request, Verdict
from .rule_catalogue import INPUT_NOTES
from .rules import Rules, load_rules
from .verdict import (
    call_family_findings,
    condition_findings,
    dedupe,
    make_verdict,
    met_findings,
    needed_findings,
    outside_controller_findings,
    part_findings,
    participant_findings,
    participant_fixes,
    partners_leaving,
    results,
    role_findings,
    severity_order,
)


def check(data: dict[str, Any], rules: Rules | None = None) -> Verdict:
    """Check a consortium (the input dictionary of the CLI and the page). Raises InputError on bad input."""
    rules = rules or load_rules()
    return check_request(parse_request(rules, data), rules)


_CONTROLLED_BY = attrgetter("controlled_by")


def check_request(request: Request, rules: Rules) -> Verdict:
    call = call_for(rules, request)
    participants = request.participants

    # 2. facts: control groups (participants with the same ultimate controller are not independent)
    linked = any(map(_CONTROLLED_BY, participants))
    control = control_groups(request, call.prefix, call.rule_sources["independence"], linked)
    groups = control.groups

    # 3. decisions, per participant (memoised per call for each country, role, type and flags)
    chains = control.controllers
    assessments = []
    for p in participants:
        above = chains.get(p.position, ()) if chains else ()
        assessments.append(assess(call, p.country, p.role, p.type, p.flags, above))

    # 4. minimum conditions
    members = []
    for p, a in zip(participants, assessments, strict=True):
        index = p.position
        group = groups[index] if groups else index
        facts = a.member
        if a.deemed:  # a country of its own: it counts as in a Member State other than the others'
            facts = facts._replace(slot=f"deemed:{index}", slot_name=f"{p.name}, deemed another Member State")
        members.append(Member(index, p.name, p.role, p.type, group, *facts))  # MemberFacts: Member's fields, in order
    outcome = evaluate(call.conditions, members, call.year, call.deadline, linked=linked)

    # 5. the verdict
    findings = participant_findings(request, assessments)
    per_participant = len(findings)  # notes about participants, possibly said once for several
    findings.extend(control.findings)
    findings.extend(outside_controller_findings(call, request, control.outside))
    findings.extend(role_findings(call, request, groups, assessments))
    call_notes = part_findings(call, request, assessments) + call_family_findings(call, request)
    findings.extend(call_notes)
    failed, suggestions = condition_findings(call, outcome)
    findings.extend(failed)
    findings.extend(call.notes)
    if request.notes:  # what reading the input changed (invisible characters taken out of a name)
        findings.extend(
            INPUT_NOTES[n.rule].emit(call.prefix, (), n.participants, message=n.message) for n in request.notes
        )
    errors = any(f.severity == "error" for f in findings)
    if outcome.met:
        findings.extend(met_findings(call, outcome))
    cannot_lose: tuple[str, ...] = ()
    if not errors:
        leaving, cannot_lose = partners_leaving(call, members, outcome, linked)
        if leaving is not None:
            findings.append(leaving)
            findings.extend(needed_findings(call, request, assessments, outcome.critical or set()))
    suggestions = participant_fixes(request, assessments) + suggestions
    if per_participant > 1:
        findings = dedupe(findings)
    if per_participant or control.findings or outcome.failures or call_notes or request.notes:  # else already in order
        findings.sort(key=severity_order)
    participant_results = results(call, request, assessments, outcome, members)
    verdict = make_verdict(call, request, errors, findings, participant_results, cannot_lose, suggestions)
    if request.directory:  # participants given by PIC: say what came from CORDIS, and where it is uncertain
        return directory_findings(verdict, request, call, lambda other: check_request(other, rules))
    return verdict
