"""Stage 5 of a check: the verdict and its explanation (findings in severity order, fixes, the
partners the consortium cannot lose, what each participant counts for and whether it is funded)."""

from __future__ import annotations

from .call import GUIDANCE, Call
from .conditions import Member, Outcome, condition_rule, critical
from .decisions import Assessment, restrictions_in_force
from .minimum_met import how_met
from .model import BENEFICIARY_ROLES, NAME, Finding, Participant, ParticipantResult, Request, Verdict
from .outcome import conditions_to_confirm, headline, not_funded_affiliated, not_funded_beneficiaries, outcome_of
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
            if not a.in_proposal:
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
        findings.append(
            Finding(
                f"{prefix}.roles.affiliated-entity-link",
                "warning",
                "An affiliated entity takes part through a beneficiary it is linked to: one controls the other, "
                "both are under the same control, or another legal link (such as membership of an association). "
                f"No such link is given for {', '.join(unlinked)}: say which beneficiary controls it or "
                "controls it in turn ('controlled by'), or check that the link exists.",
                sources,
                unlinked,
                GUIDANCE["roles"],
            )
        )
    # Where the action has a rule on where the coordinator (host) is, that rule speaks instead.
    if (
        unfunded
        and programme.associated_partners["role_exists"]
        and not any(c.kind == "coordinator" for c in call.conditions.all)
    ):
        findings.append(
            Finding(
                f"{prefix}.roles.coordinator-not-funded",
                "warning",
                f"{', '.join(unfunded)} coordinates but is not eligible for EU funding as things stand (see its "
                "funding). An entity that is not funded takes part as an associated partner, and an associated "
                "partner cannot coordinate: unless the granting authority funds it exceptionally, another "
                "beneficiary will have to coordinate.",
                sources,
                tuple(unfunded),
                GUIDANCE["roles"],
            )
        )
    if later:
        findings.append(
            Finding(
                f"{prefix}.roles.coordinator-not-in-proposal",
                "error",
                f"{', '.join(later)} takes no part in preparing or submitting the proposal (it may join the "
                "consortium selected for funding), so it cannot be the coordinator.",
                sources,
                tuple(later),
                GUIDANCE["roles"],
            )
        )
    if not coordinators:
        findings.append(
            Finding(
                f"{prefix}.roles.coordinator",
                "error",
                "No participant is the coordinator: a proposal has exactly one.",
                sources,
                (),
                GUIDANCE["roles"],
            )
        )
    elif len(coordinators) > 1:
        findings.append(
            Finding(
                f"{prefix}.roles.coordinator",
                "error",
                f"{len(coordinators)} participants are marked coordinator "
                f"({', '.join(coordinators)}): a proposal has exactly one.",
                sources,
                tuple(coordinators),
                GUIDANCE["roles"],
            )
        )
    partners_role = programme.associated_partners
    if not partners_role["role_exists"] and partners_role["note"]:
        partners = tuple(p.name for p in request.participants if p.role == "associated-partner")
        if partners:
            findings.append(
                Finding(
                    f"{prefix}.roles.no-associated-partners",
                    "info",
                    partners_role["note"],
                    call.cite(partners_role["sources"]),
                    partners,
                    GUIDANCE["roles"],
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
        Finding(
            f"{call.prefix}.control.outside-consortium",
            "warning",
            f"{', '.join(controlled)} {'is' if len(controlled) == 1 else 'are'} controlled by {controller}, which is "
            f"not in the consortium, so we cannot see where it is established. This topic keeps out entities "
            f"controlled from non-associated third countries ({names}): check where {controller} is established, "
            "or add it to the consortium (as an associated partner, for instance) with its country.",
            sources,
            tuple(controlled),
            GUIDANCE["restriction"],
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
        f"the call identifier {request.call_id!r} does not say which part of {programme.name} it belongs to"
        if request.call_id
        else "no part or call identifier was given"
    )
    return [
        Finding(
            f"{call.prefix}.input.part-assumed",
            "warning",
            f"The programme part matters here, and {why}: we assumed {part}, where {call.action['name']}s "
            "usually are. Give the part if the call belongs to another.",
            call.cite(programme.programme_sources),
            tuple(partial),
            GUIDANCE["association"],
        )
    ]


def call_family_findings(call: Call, request: Request) -> list[Finding]:
    """A call whose family sets conditions of its own that the engine does not model (Global Health EDCTP3):
    the verdict says that it applies the general rules only."""
    family = call.programme.call_family(request.call_id) if request.call_id else None
    caution = family["caution"] if family else None
    if caution is None:
        return []
    return [
        Finding(
            f"{call.prefix}.call.{caution['id']}",
            "warning",
            caution["message"],
            call.cite(caution["sources"]),
            (),
            GUIDANCE["minimum"],
        )
    ]


def condition_findings(call: Call, outcome: Outcome) -> tuple[list[Finding], list[str]]:
    """The failed conditions as findings, and the fixes they suggest."""
    findings: list[Finding] = []
    suggestions: list[str] = []
    for failure in outcome.failures:
        condition = failure.condition
        severity = "warning" if failure.unsure else condition["severity"]
        rule = condition_rule(call.action_id, condition)
        if failure.unsure:
            rule += ".unsure"
        findings.append(
            Finding(
                rule=f"{call.prefix}.{rule}",
                severity=severity,
                message=failure.message,
                sources=tuple(condition["sources"]),
                participants=failure.participants,
                guidance=GUIDANCE["minimum"],
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
        rule_id = f"{call.prefix}.{condition_rule(call.action_id, rule.raw)}.met"
        findings.append(Finding(rule_id, "info", message, tuple(rule.raw["sources"]), picked, GUIDANCE["minimum"]))
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
    finding = Finding(
        f"{call.prefix}.partners-leaving",
        "info",
        "The minimum conditions must still be met if a partner leaves during the project. Without "
        f"any one of these the consortium would no longer meet them: {', '.join(cannot_lose)}.",
        call.rule_sources["partners_leaving"],
        cannot_lose,
        GUIDANCE["leaving"],
    )
    return finding, cannot_lose


# Cautions about a participant that become conditions to confirm where the consortium needs it for the minimum
# conditions: what they leave open is then whether the consortium is eligible (ids after the programme prefix).
NEEDED_IF = {
    "association.transitional": "it counts as an entity of an associated country only if the association agreement "
    "applies at grant signature: the consortium is eligible only if it does (otherwise this partner becomes an "
    "associated partner without EU funding and the minimum conditions no longer hold).",
    "earlier-deadline": "the measure named above reaches it if the grant is signed on or after the date it gives: the "
    "consortium is eligible only if the grant is signed before then (otherwise this partner may not be a "
    "beneficiary and the minimum conditions no longer hold).",
}


def needed_findings(call: Call, request: Request, assessments: list[Assessment], needed: set[int]) -> list[Finding]:
    """For a partner the consortium cannot lose, the cautions that then decide whether it is eligible (a
    transitional arrangement that must apply at signature, a measure that bars grants signed from a date), as
    conditions to confirm (`<caution rule>.needed`)."""
    found: list[Finding] = []
    start = len(call.prefix) + 1
    for p, a in zip(request.participants, assessments, strict=True):
        if p.position not in needed:
            continue
        for rule, severity, _message, sources, guidance in a.findings:
            local = rule[start:]
            why = NEEDED_IF["earlier-deadline"] if local.endswith(".earlier-deadline") else NEEDED_IF.get(local)
            if severity == "warning" and why:
                message = f"{p.name} is a partner the consortium needs for the minimum conditions, and {why}"
                found.append(Finding(f"{rule}.needed", "warning", message, sources, (p.name,), guidance))
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
        counted = {m.index for m in members if m.beneficiary and m.ms_ac and m.in_proposal}
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
