"""Stage 5 of a check: the verdict and its explanation (findings in severity order, fixes, the
partners the consortium cannot lose, what each participant counts for and whether it is funded)."""

from __future__ import annotations

from .assessment import Assessment
from .call import Call
from .conditions import Member, Outcome, condition_rule
from .decisions import restrictions_in_force
from .minimum import critical
from .minimum_met import how_met
from .model import BENEFICIARY_ROLES, NAME, Finding, Participant, ParticipantResult, Request, Verdict
from .outcome import conditions_to_confirm, headline, not_funded_affiliated, not_funded_beneficiaries, outcome_of
from .rule_catalogue import (
    CALL_CAUTION,
    CONDITION,
    CONDITION_MET,
    CONDITION_UNSURE,
    CONTROL_OUTSIDE,
    PART_ASSUMED,
    PARTNERS_LEAVING,
    RESTRICTION_EARLIER_NEEDED,
    ROLES_AFFILIATED_LINK,
    ROLES_COORDINATOR,
    ROLES_COORDINATOR_NOT_FUNDED,
    ROLES_COORDINATOR_NOT_IN_PROPOSAL,
    ROLES_NO_ASSOCIATED_PARTNERS,
    TRANSITIONAL_NEEDED,
)
from .ruletypes import Restriction

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def participant_findings(request: Request, assessments: list[Assessment]) -> list[Finding]:
    """The findings of each participant's assessment, with its name filled in."""
    findings: list[Finding] = []
    for p, a in zip(request.participants, assessments, strict=True):
        if not a.findings:
            continue
        name = p.name
        for rule, severity, message, sources, guidance in a.findings:
            findings.append(Finding(rule, severity, message.replace(NAME, name), sources, (name,), guidance))  # type: ignore[arg-type]
    return findings


def role_findings(call: Call, request: Request, groups: dict[int, str], assessments: list[Assessment]) -> list[Finding]:
    """Exactly one coordinator; affiliated entities linked to a beneficiary; roles the programme does not
    have. `groups`: the control groups ({} when no participant names a controller)."""
    prefix = call.prefix
    programme = call.programme
    sources = call.rule_sources["roles"]
    findings: list[Finding] = []
    coordinators: list[str] = []
    affiliated: list[Participant] = []
    later: list[str] = []  # coordinators that join only after evaluation
    unfunded: list[str] = []  # coordinators not eligible for funding
    for p, a in zip(request.participants, assessments, strict=True):
        role = p.role
        if role == "coordinator":
            coordinators.append(p.name)
            if not a.member.in_proposal:
                later.append(p.name)
            elif a.funding == "not-eligible" and a.participation == "full":
                unfunded.append(p.name)
        elif role == "affiliated-entity":
            affiliated.append(p)
    unlinked: tuple[str, ...] = ()
    if affiliated:
        beneficiary_groups = {
            groups[p.position] for p in request.participants if groups and p.role in BENEFICIARY_ROLES
        }
        unlinked = tuple(p.name for p in affiliated if not (groups and groups[p.position] in beneficiary_groups))
    if unlinked:
        findings.append(ROLES_AFFILIATED_LINK.emit(prefix, sources, unlinked, names=", ".join(unlinked)))
    # Where the action has a rule on where the coordinator (host) is, that rule speaks instead.
    if (
        unfunded
        and programme.associated_partners["role_exists"]
        and not any(c.kind == "coordinator" for c in call.conditions.all)
    ):
        findings.append(ROLES_COORDINATOR_NOT_FUNDED.emit(prefix, sources, tuple(unfunded), names=", ".join(unfunded)))
    if later:
        findings.append(ROLES_COORDINATOR_NOT_IN_PROPOSAL.emit(prefix, sources, tuple(later), names=", ".join(later)))
    if not coordinators:
        findings.append(ROLES_COORDINATOR.emit(prefix, sources, variant="none"))
    elif len(coordinators) > 1:
        findings.append(
            ROLES_COORDINATOR.emit(
                prefix,
                sources,
                tuple(coordinators),
                variant="several",
                count=len(coordinators),
                names=", ".join(coordinators),
            )
        )
    partners_role = programme.associated_partners
    if not partners_role["role_exists"] and partners_role["note"]:
        partners = tuple(p.name for p in request.participants if p.role == "associated-partner")
        if partners:
            findings.append(
                ROLES_NO_ASSOCIATED_PARTNERS.emit(
                    prefix, call.cite(partners_role["sources"]), partners, note=partners_role["note"]
                )
            )
    return findings


def outside_controller_findings(call: Call, request: Request, outside: dict[int, str]) -> list[Finding]:
    """A controller named but not in the consortium hides where it is established. Where the topic keeps out
    entities controlled from third countries, say that we could not follow control to it."""
    if not outside:
        return []
    by_controller: dict[str, list[str]] = {}
    reaching: dict[str, Restriction] = {}
    for p in request.participants:
        controller = outside.get(p.position)
        if controller is None:
            continue
        found = [
            r
            for r in restrictions_in_force(call, p.role)
            if r["controlled_by"] and r["controlled_by"]["third_countries"]
        ]
        if found:
            by_controller.setdefault(controller, []).append(p.name)
            reaching.update((r["id"], r) for r in found)
    if not by_controller:
        return []
    names = "; ".join(r["name"] for r in reaching.values())
    sources = call.cite(tuple(dict.fromkeys(s for r in reaching.values() for s in r["sources"])))
    return [
        CONTROL_OUTSIDE.emit(
            call.prefix,
            sources,
            tuple(controlled),
            controlled=", ".join(controlled),
            verb="is" if len(controlled) == 1 else "are",
            controller=controller,
            names=names,
        )
        for controller, controlled in by_controller.items()
    ]


def part_findings(call: Call, request: Request, assessments: list[Assessment]) -> list[Finding]:
    """Where the part was assumed (the action's usual one) and it matters: the call id did not tell it, or a
    participant's country is associated to some parts only."""
    if request.part_from != "action":
        return []
    programme = call.programme
    partial = [
        p.name
        for p, a in zip(request.participants, assessments, strict=True)
        if a.status.association is not None and len(a.status.association["parts"]) < len(programme.parts)
    ]
    if not request.call_id and not partial:
        return []
    part = programme.parts[call.part]["name"].split(":")[0]
    why = (
        PART_ASSUMED.text("call-id", call_id=request.call_id, programme=programme.name)
        if request.call_id
        else PART_ASSUMED.text("none")
    )
    sources = call.cite(programme.programme_sources)
    return [PART_ASSUMED.emit(call.prefix, sources, tuple(partial), why=why, part=part, action=call.action["name"])]


def call_family_findings(call: Call, request: Request) -> list[Finding]:
    """A call whose family sets conditions of its own that the engine does not model (Global Health EDCTP3):
    the verdict says that it applies the general rules only."""
    family = call.programme.call_family(request.call_id) if request.call_id else None
    caution = family["caution"] if family else None
    if caution is None:
        return []
    ids = {"caution": caution["id"]}
    return [CALL_CAUTION.emit(call.prefix, call.cite(caution["sources"]), ids=ids, message=caution["message"])]


def condition_findings(call: Call, outcome: Outcome) -> tuple[list[Finding], list[str]]:
    """The failed conditions as findings, and the fixes they suggest."""
    findings: list[Finding] = []
    suggestions: list[str] = []
    for failure in outcome.failures:
        condition = failure.condition
        severity = "warning" if failure.unsure else condition["severity"]
        declared = CONDITION_UNSURE if failure.unsure else CONDITION
        ids = {"condition": condition_rule(call.action_id, condition)}
        findings.append(
            declared.emit(
                call.prefix,
                condition["sources"],
                failure.participants,
                severity=severity,
                ids=ids,
                message=failure.message,
            )
        )
        fix = condition["fix"] or failure.suggestion  # the data's own fix, where the engine's does not fit
        if fix and severity == "error":
            suggestions.append(fix)
    return findings, suggestions


def met_findings(call: Call, outcome: Outcome) -> list[Finding]:
    """How each composition condition that holds is met (information)."""
    findings = []
    for rule, pool in outcome.met:
        message, picked = how_met(pool, rule)
        ids = {"condition": condition_rule(call.action_id, rule.raw)}
        findings.append(CONDITION_MET.emit(call.prefix, rule.raw["sources"], picked, ids=ids, message=message))
    return findings


def partners_leaving(
    call: Call, members: list[Member], outcome: Outcome, linked: bool
) -> tuple[Finding | None, tuple[str, ...]]:
    """The partners without whom the consortium would no longer meet the conditions (when it meets them)."""
    indices = outcome.critical
    if indices is None:
        indices = outcome.critical = critical(call.conditions, members, call.year, call.deadline, linked=linked)
    cannot_lose = tuple(m.name for m in members if m.index in indices)
    if not cannot_lose:
        return None, ()
    sources = call.rule_sources["partners_leaving"]
    finding = PARTNERS_LEAVING.emit(call.prefix, sources, cannot_lose, names=", ".join(cannot_lose))
    return finding, cannot_lose


def needed_findings(call: Call, request: Request, assessments: list[Assessment], needed: set[int]) -> list[Finding]:
    """For a partner the consortium cannot lose, the cautions that then decide whether it is eligible (a
    transitional arrangement that must apply at signature, a measure that bars grants signed from a date), as
    conditions to confirm (`<caution rule>.needed`)."""
    found: list[Finding] = []
    start = len(call.prefix) + 1
    for p, a in zip(request.participants, assessments, strict=True):
        if p.position not in needed:
            continue
        for rule, severity, _message, sources, _guidance in a.findings:
            if severity != "warning":
                continue
            kind, _, rest = rule[start:].partition(".")
            if kind == "restriction" and rest.endswith(".earlier-deadline"):
                ids = {"restriction": rest.removesuffix(".earlier-deadline")}
                found.append(RESTRICTION_EARLIER_NEEDED.emit(call.prefix, sources, (p.name,), ids=ids, name=p.name))
            elif rule[start:] == "association.transitional":
                found.append(TRANSITIONAL_NEEDED.emit(call.prefix, sources, (p.name,), name=p.name))
    return found


def participant_fixes(request: Request, assessments: list[Assessment]) -> list[str]:
    """What the rules allow instead, for participants a restriction or the topic keeps out (said first)."""
    fixes: list[str] = []
    if any(a.fixes for a in assessments):
        for p, a in zip(request.participants, assessments, strict=True):
            fixes.extend(fix.replace(NAME, p.name) for fix in a.fixes)
    return fixes


def results(
    call: Call, request: Request, assessments: list[Assessment], outcome: Outcome, members: list[Member]
) -> tuple[ParticipantResult, ...]:
    if call.conditions.has_composition:
        counted = outcome.counted
    else:
        counted = {m.index for m in members if m.beneficiary and m.counts_in_ms_or_ac and m.in_proposal}
    return tuple(
        [
            ParticipantResult(
                p.name,
                p.country,
                a.country_name,
                a.status.established_in,
                p.role,
                p.type,
                a.result_status,
                p.position in counted and a.participation != "excluded",
                a.funding,
                a.reason,
                a.sources,
            )
            for p, a in zip(request.participants, assessments, strict=True)
        ]
    )


def dedupe(findings: list[Finding]) -> list[Finding]:
    """The same note for several participants is said once, naming them all."""
    merged: dict[tuple[str, str, str], Finding] = {}
    for f in findings:
        key = (f.rule, f.severity, f.message)
        if key in merged:
            old = merged[key]
            names = old.participants + tuple(n for n in f.participants if n not in old.participants)
            merged[key] = Finding(old.rule, old.severity, old.message, old.sources, names, old.guidance)
        else:
            merged[key] = f
    return list(merged.values())


def severity_order(finding: Finding) -> int:
    return SEVERITY_ORDER[finding.severity]


def make_verdict(
    call: Call,
    request: Request,
    errors: bool,
    findings: list[Finding],
    participants: tuple[ParticipantResult, ...],
    cannot_lose: tuple[str, ...],
    suggestions: list[str],
) -> Verdict:
    """The verdict; its outcome is "eligible-if" where a warning is a condition of the call to confirm (a
    not-eligible verdict lists none: its errors come first)."""
    rules = call.rules
    to_confirm = () if errors else tuple(conditions_to_confirm(findings, call.prefix, call.condition_rules))
    outcome = outcome_of(errors, to_confirm)
    return Verdict(
        request=request,
        eligible=None if outcome == "eligible-if" else not errors,
        outcome=outcome,
        conditions_to_confirm=to_confirm,
        headline=headline(
            outcome,
            len(to_confirm),
            len(not_funded_beneficiaries(participants)),
            len(not_funded_affiliated(participants)),
        ),
        findings=tuple(findings),
        participants=participants,
        critical_participants=cannot_lose,
        suggestions=tuple(dict.fromkeys(suggestions)) if suggestions else (),
        action_name=call.action["name"],
        part_name=call.programme.parts[request.part]["name"],
        data_version=rules.data_version,
        data_verified_on=rules.data_verified_on,
        source_details=rules.sources,  # type: ignore[arg-type]
    )
