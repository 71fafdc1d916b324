"""Stage 5 of a check: the verdict and its explanation (findings in severity order, fixes, the
partners the consortium cannot lose, what each participant counts for and whether it is funded)."""

from __future__ import annotations

from .call import GUIDANCE, Call
from .conditions import Member, Outcome, critical
from .decisions import Assessment
from .model import NAME, Finding, ParticipantResult, Request, Verdict

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def participant_findings(request: Request, assessments: list[Assessment]) -> list[Finding]:
    """The findings of each participant's assessment, with its name filled in."""
    findings: list[Finding] = []
    for p, a in zip(request.participants, assessments, strict=True):
        name = p.name
        for rule, severity, message, sources, guidance in a.findings:
            findings.append(Finding(rule, severity, message.replace(NAME, name), sources, (name,), guidance))  # type: ignore[arg-type]
    return findings


def role_findings(call: Call, request: Request) -> list[Finding]:
    """Exactly one coordinator; roles the programme does not have."""
    prefix = call.prefix
    programme = call.programme
    sources = programme.rule_sources["roles"]
    findings: list[Finding] = []
    coordinators = [p.name for p in request.participants if p.role == "coordinator"]
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
                    tuple(partners_role["sources"]),
                    partners,
                    GUIDANCE["roles"],
                )
            )
    return findings


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
            programme.programme_sources,
            tuple(partial),
            GUIDANCE["association"],
        )
    ]


def condition_findings(call: Call, outcome: Outcome) -> tuple[list[Finding], list[str]]:
    """The failed conditions as findings, and the fixes they suggest."""
    findings: list[Finding] = []
    suggestions: list[str] = []
    for failure in outcome.failures:
        condition = failure.condition
        severity = condition["severity"]
        types = condition["entity_types"]
        rule = condition["rule"] or f"{call.action_id}.{condition['kind']}" + (f".{types[0]}" if types else "")
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
        if failure.suggestion and severity == "error":
            suggestions.append(failure.suggestion)
    return findings, suggestions


def partners_leaving(
    call: Call, members: list[Member], outcome: Outcome, linked: bool
) -> tuple[Finding | None, tuple[str, ...]]:
    """The partners without whom the consortium would no longer meet the conditions (when it meets them)."""
    indices = outcome.critical
    if indices is None:
        indices = critical(call.conditions, members, call.year, call.deadline, linked=linked)
    cannot_lose = tuple(m.name for m in members if m.index in indices)
    if not cannot_lose:
        return None, ()
    finding = Finding(
        f"{call.prefix}.partners-leaving",
        "info",
        "The minimum conditions must still be met if a partner leaves during the project. Without "
        f"any one of these the consortium would no longer meet them: {', '.join(cannot_lose)}.",
        call.programme.rule_sources["partners_leaving"],
        cannot_lose,
        GUIDANCE["leaving"],
    )
    return finding, cannot_lose


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
    findings: list[Finding],
    participants: tuple[ParticipantResult, ...],
    cannot_lose: tuple[str, ...],
    suggestions: list[str],
) -> Verdict:
    rules = call.rules
    return Verdict(
        request=request,
        eligible=not any(f.severity == "error" for f in findings),
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
