"""check(consortium) -> Verdict: may each entity take part, may it be funded, does the consortium meet
the minimum conditions, and which partners can it not lose."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .conditions import Member, date_rule_applies, evaluate
from .inputs import name_key, parse_request
from .model import BENEFICIARY_ROLES, Finding, Funding, Participant, ParticipantResult, Request, Verdict
from .rules import CountryStatus, ProgrammeRules, Rules, load_rules

SHORT = {"horizon-europe": "he", "horizon-2020": "h2020"}
GUIDANCE = {
    "minimum": "minimum-conditions",
    "independence": "independence-and-control",
    "restriction": "restrictions",
    "funding": "who-can-be-funded",
    "association": "who-can-take-part",
    "roles": "roles",
    "special": "special-entities",
    "leaving": "partners-leaving",
}


@dataclass(slots=True)
class _Assessment:
    """What the engine found out about one participant."""

    participant: Participant
    status: CountryStatus
    excluded: bool = False
    may_be_beneficiary: bool = True
    deemed: bool = False
    ms_ac: bool = False
    funding: Funding = "not-eligible"
    reason: str = ""
    sources: list[str] = field(default_factory=list)


def check(data: dict[str, Any], rules: Rules | None = None) -> Verdict:
    """Check a consortium (the input dictionary of the CLI and the page). Raises InputError on bad input."""
    rules = rules or load_rules()
    return check_request(parse_request(rules, data), rules)


def check_request(request: Request, rules: Rules) -> Verdict:
    programme = rules.programme(request.programme)
    prefix = SHORT[request.programme]
    action = programme.actions[request.action]
    findings: list[Finding] = []

    assessments = [_assess(p, request, programme, rules, findings, prefix) for p in request.participants]
    members = _members(assessments, request, rules, findings, prefix)
    _check_roles(request, assessments, findings, prefix)

    conditions = action["conditions"]
    outcome = evaluate(conditions, members, request.call_year, request.deadline)
    suggestions: list[str] = []
    for failure in outcome.failures:
        severity = failure.condition.get("severity", "error")
        findings.append(
            Finding(
                rule=f"{prefix}.{request.action}.{failure.condition['kind']}"
                + (f".{failure.condition['entity_types'][0]}" if failure.condition.get("entity_types") else ""),
                severity=severity,
                message=failure.message,
                sources=tuple(failure.condition.get("sources", ())),
                participants=failure.participants,
                guidance=GUIDANCE["minimum"],
            )
        )
        if failure.suggestion and severity == "error":
            suggestions.append(failure.suggestion)
    for note in action.get("notes", ()):
        findings.append(
            Finding(
                f"{prefix}.{request.action}.note",
                "info",
                note,
                tuple(action["sources"]),
                guidance=GUIDANCE["minimum"],
            )
        )

    errors = [f for f in findings if f.severity == "error"]
    eligible = not errors
    critical: tuple[str, ...] = ()
    if eligible:
        critical = _critical(conditions, members, outcome.candidates, request)
        if critical:
            findings.append(
                Finding(
                    f"{prefix}.partners-leaving",
                    "info",
                    "The minimum conditions must still be met if a partner leaves during the project. Without "
                    f"any one of these the consortium would no longer meet them: {', '.join(critical)}.",
                    tuple(programme.programme_sources),
                    critical,
                    GUIDANCE["leaving"],
                )
            )
    for finding in errors:
        if finding.rule.startswith(f"{prefix}.restriction") and finding.participants:
            suggestions.insert(
                0,
                f"Remove {', '.join(finding.participants)}: "
                f"{'they' if len(finding.participants) > 1 else 'it'} may not take part.",
            )
    counted = (
        outcome.counted
        if any(c["kind"] in ("composition", "by-size") for c in conditions)
        else {m.index for m in members if m.beneficiary and m.ms_ac}
    )
    results = tuple(_result(a, a.participant.index in counted and not a.excluded, rules) for a in assessments)
    findings.sort(key=lambda f: ("error", "warning", "info").index(f.severity))
    return Verdict(
        request=request,
        eligible=eligible,
        findings=tuple(_dedupe(findings)),
        participants=results,
        critical_participants=critical,
        suggestions=tuple(dict.fromkeys(suggestions)),
        action_name=action["name"],
        part_name=programme.parts[request.part]["name"],
        data_version=rules.data_version,
        data_verified_on=rules.data_verified_on,
        source_details=rules.sources,
    )


def _dedupe(findings: list[Finding]) -> list[Finding]:
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


def _assess(
    p: Participant,
    request: Request,
    programme: ProgrammeRules,
    rules: Rules,
    findings: list[Finding],
    prefix: str,
) -> _Assessment:
    status = programme.status(p.country, request.call_year, request.part, request.deadline)
    a = _Assessment(p, status)
    for severity, rule, message, srcs in status.notes:
        guidance = GUIDANCE["association"]
        findings.append(Finding(f"{prefix}.{rule}", severity, message, srcs, (p.name,), guidance))  # type: ignore[arg-type]
    _restrictions(a, request, programme, findings, prefix)
    _topic_country_limit(a, request, rules, findings, prefix)
    a.ms_ac = status.counts_ms_ac
    if p.type is not None and p.type in programme.deemed_other_member_state:
        a.deemed = True
        a.ms_ac = True
        if programme.deemed_evidence != "official":
            findings.append(
                Finding(
                    f"{prefix}.deemed-established.unverified",
                    "warning",
                    f"{p.name} counts as established in a Member State or associated country other than those of "
                    f"the other participants ({p.type.replace('-', ' ')}); the paragraph of {programme.name}'s "
                    "rules that says so could not be verified word for word.",
                    ("H2020-RfP",),
                    (p.name,),
                    GUIDANCE["special"],
                )
            )
    elif p.type == "international-organisation":
        hq_counts = request.action in programme.entity_funding["international-organisation"].get(
            "headquarters_count_for_actions", ()
        )
        a.ms_ac = status.counts_ms_ac and hq_counts
    _funding(a, request, programme, rules, findings, prefix)
    return a


def _restrictions(
    a: _Assessment, request: Request, programme: ProgrammeRules, findings: list[Finding], prefix: str
) -> None:
    p = a.participant
    for r in programme.restrictions:
        if r.get("countries") and a.status.established_in not in r["countries"] and p.country not in r["countries"]:
            continue
        if r.get("flags") and not (p.flags & set(r["flags"])):
            continue
        if r.get("actions") and request.action not in r["actions"]:
            continue
        if r.get("unless_topic") and getattr(request.topic, r["unless_topic"]):
            continue
        if r.get("only_if_topic") and not getattr(request.topic, r["only_if_topic"]):
            continue
        applies, uncertain = date_rule_applies(
            request.call_year, request.deadline, r.get("from_date"), r.get("from_year")
        )
        if not applies and not uncertain:
            continue
        rule = f"{prefix}.restriction.{r['id']}"
        sources = tuple(r["sources"])
        if uncertain:
            when = "applies" if applies else "does not apply"
            findings.append(
                Finding(
                    f"{rule}.depends-on-deadline",
                    "warning",
                    f"{r['name']}: this restriction applies from {r['from_date']}; without the call deadline we "
                    f"assume it {when} to this call. Give the deadline to settle it.",
                    sources,
                    (p.name,),
                    GUIDANCE["restriction"],
                )
            )
            if not applies:
                continue
        effect = r["effect"]
        if effect == "excluded":
            a.excluded = True
            a.may_be_beneficiary = False
            a.funding = "excluded"
            a.reason = r["message"]
            findings.append(
                Finding(rule, "error", f"{p.name}: {r['message']}", sources, (p.name,), GUIDANCE["restriction"])
            )
        elif effect == "associated-partner-only":
            a.may_be_beneficiary = False
            a.reason = r["message"]
            if p.role != "associated-partner":
                findings.append(
                    Finding(
                        rule,
                        "error",
                        f"{p.name} may not be a {p.role.replace('-', ' ')}: {r['message']}",
                        sources,
                        (p.name,),
                        GUIDANCE["restriction"],
                    )
                )
            else:
                findings.append(
                    Finding(rule, "info", f"{p.name}: {r['message']}", sources, (p.name,), GUIDANCE["restriction"])
                )
        else:
            findings.append(
                Finding(rule, "warning", f"{p.name}: {r['message']}", sources, (p.name,), GUIDANCE["restriction"])
            )
        a.sources.extend(sources)


def _topic_country_limit(a: _Assessment, request: Request, rules: Rules, findings: list[Finding], prefix: str) -> None:
    allowed = request.topic.eligible_countries
    p = a.participant
    if allowed is None or a.excluded or a.status.is_member_state or p.type in ("jrc", "eu-body"):
        return
    if p.country in allowed or a.status.established_in in allowed:
        return
    a.excluded = True
    a.may_be_beneficiary = False
    a.funding = "excluded"
    listed = ", ".join(sorted(allowed)) or "none"
    a.reason = (
        f"This topic is open only to entities from the Member States and the listed countries ({listed}); "
        f"{rules.country_name(p.country)} is not among them."
    )
    findings.append(
        Finding(
            f"{prefix}.topic.eligible-countries",
            "error",
            f"{p.name}: {a.reason}",
            ("HE-REG", "HE-GA26"),
            (p.name,),
            GUIDANCE["restriction"],
        )
    )


def _funding(
    a: _Assessment,
    request: Request,
    programme: ProgrammeRules,
    rules: Rules,
    findings: list[Finding],
    prefix: str,
) -> None:
    p, status = a.participant, a.status
    if a.excluded:
        return
    if not a.may_be_beneficiary:  # associated partner only (reason already set)
        a.funding = "not-eligible"
        return
    country = rules.country_name(p.country)
    if p.role == "associated-partner":
        a.funding = "not-eligible"
        if request.programme == "horizon-europe":
            a.reason = (
                "Associated partners take part without signing the grant agreement and without EU "
                "funding: they bear their own costs."
            )
        else:
            a.reason = (
                "Horizon 2020 had no 'associated partners': an entity that does not sign the grant "
                "agreement (MSCA partner organisation, international partner) gets no EU funding."
            )
        a.sources.extend(programme.not_funded_beneficiary["sources"])
        return
    special = programme.entity_funding.get(p.type or "")
    if special and special["funding"] != "third-country":
        a.funding = "eligible" if special["funding"] == "eligible" else "not-eligible"
        a.reason = special["reason"]
        a.sources.extend(special["sources"])
        return
    if special and not a.ms_ac:
        _not_funded(a, request, programme, findings, prefix, special["reason"])
        a.sources.extend(special["sources"])
        return
    if status.is_member_state:
        a.funding = "eligible"
        where = {
            "member-state": "an EU Member State",
            "outermost-region": f"an outermost region of {rules.country_name(status.established_in)}",
            "oct": f"an overseas country or territory linked to {rules.country_name(status.established_in)}",
        }
        a.reason = f"Established in {where[status.group]}."
        a.sources.extend(status.sources)
        return
    interval = status.association
    if status.counts_ms_ac and interval is not None:
        if interval.get("at_signature") == "not-applied":
            a.funding = "not-eligible"
            a.reason = (
                f"{country} was under a transitional arrangement for calls of {request.call_year} that "
                "did not apply at grant signature: " + interval["note"]
            )
        else:
            a.funding = "eligible"
            a.reason = (
                "Established in an associated country."
                if status.group == "associated"
                else "Established in a country under a transitional arrangement (funded if the association "
                "agreement applies at grant signature)."
            )
        a.sources.extend(interval["sources"])
        return
    if status.funding_list:
        version = programme.funding_version(request.call_year) or {}
        a.funding = "eligible"
        list_name = (
            "low- and middle-income countries automatically eligible for funding"
            if programme.funding_kind == "low-middle-income"
            else "General Annex A"
        )
        a.reason = f"{country} is on the list of {list_name} ({version.get('title', '')})."
        a.sources.extend(version.get("sources", ()))
        if status.funding_list_unverified:
            why = (
                version["note"]
                if version.get("evidence") == "unverified"
                else "this entry of the list could not be verified against the annex"
            )
            findings.append(
                Finding(
                    f"{prefix}.funding-list.unverified",
                    "warning",
                    f"{p.name}: {country} is treated as eligible for funding, but {why}.",
                    tuple(version.get("sources", ())),
                    (p.name,),
                    GUIDANCE["funding"],
                )
            )
        older = version.get("older_call_years_warning")
        if older and request.call_year < older:
            findings.append(
                Finding(
                    f"{prefix}.funding-list.older-work-programme",
                    "warning",
                    f"{p.name}: {version.get('note', '')}",
                    tuple(version.get("sources", ())),
                    (p.name,),
                    GUIDANCE["funding"],
                )
            )
        return
    if p.country in request.topic.funded_third_countries:
        a.funding = "eligible"
        a.reason = f"This topic's conditions exceptionally provide funding for entities in {country}."
        a.sources.extend(("HE-REG", "SEED-003") if request.programme == "horizon-europe" else ("H2020-RfP",))
        return
    for exception in programme.programme_exceptions:
        if (
            p.country in exception["countries"]
            and getattr(request.topic, exception["topic_option"])
            and request.action not in exception.get("not_for_actions", ())
        ):
            a.funding = "eligible"
            a.reason = exception["message"]
            a.sources.extend(exception["sources"])
            return
    version = programme.funding_version(request.call_year) or {}
    if p.country in version.get("uncertain_countries", ()):
        findings.append(
            Finding(
                f"{prefix}.funding-list.unverified",
                "warning",
                f"{p.name}: {country} is treated as not on the list of countries eligible for "
                f"funding, but {version['note']}",
                tuple(version["sources"]),
                (p.name,),
                GUIDANCE["funding"],
            )
        )
    never = programme.never_listed["countries"]
    extra = (
        f" {country} is one of Brazil, Russia, India, China and Mexico, which are never automatically funded."
        if p.country in never
        else ""
    )
    _not_funded(
        a,
        request,
        programme,
        findings,
        prefix,
        f"{country} is not a Member State, an associated country (for this part and year) or on the "
        f"list of countries automatically eligible for funding.{extra}",
    )
    a.sources.extend(programme.never_listed["sources"] if extra else ())


def _not_funded(
    a: _Assessment,
    request: Request,
    programme: ProgrammeRules,
    findings: list[Finding],
    prefix: str,
    reason: str,
) -> None:
    p = a.participant
    a.funding = "not-eligible"
    a.reason = reason
    template = programme.not_funded_beneficiary
    a.sources.extend(template["sources"])
    if p.role in BENEFICIARY_ROLES or p.role == "affiliated-entity":
        message = template["message"].strip().format(name=p.name, country=a.status.code)
        if p.role == "affiliated-entity" and request.programme == "horizon-europe":
            message = (
                f"{p.name} ({a.status.code}) is an affiliated entity but is not automatically eligible for "
                "funding; affiliated entities must themselves be eligible for participation and funding. "
                "Unless the topic funds its country, make it an associated partner."
            )
        findings.append(
            Finding(
                f"{prefix}.funding.not-automatic",
                template["severity"],
                message,
                tuple(template["sources"]),
                (p.name,),
                GUIDANCE["funding"],
            )
        )


def _members(
    assessments: list[_Assessment], request: Request, rules: Rules, findings: list[Finding], prefix: str
) -> list[Member]:
    groups = _control_groups(request, findings, prefix)
    members = []
    for a in assessments:
        p = a.participant
        slot = f"deemed:{p.index}" if a.deemed else a.status.established_in
        slot_name = (
            f"{p.name}, deemed another Member State" if a.deemed else rules.country_name(a.status.established_in)
        )
        members.append(
            Member(
                index=p.index,
                name=p.name,
                role=p.role,
                type=p.type,
                group=groups[p.index],
                slot=slot,
                slot_name=slot_name,
                is_ms=a.deemed or a.status.is_member_state,
                ms_ac=a.ms_ac and not a.excluded,
                widening=a.status.widening,
                may_be_beneficiary=a.may_be_beneficiary and not a.excluded,
            )
        )
    return members


def _control_groups(request: Request, findings: list[Finding], prefix: str) -> dict[int, str]:
    """Participants with the same ultimate controller (in the consortium or not) are one group."""
    by_key: dict[str, Participant] = {}
    duplicates = []
    for p in request.participants:
        key = name_key(p.name)
        if key in by_key:
            duplicates.append(p.name)
        else:
            by_key[key] = p
    if duplicates:
        findings.append(
            Finding(
                f"{prefix}.input.duplicate-names",
                "warning",
                f"More than one participant is called {', '.join(repr(n) for n in dict.fromkeys(duplicates))}; "
                "'controlled by' refers to the first of them. Give each participant its own name.",
                (),
                tuple(dict.fromkeys(duplicates)),
                GUIDANCE["independence"],
            )
        )
    roots: dict[int, str] = {}
    cycles_seen: set[frozenset[str]] = set()
    for p in request.participants:
        seen = [name_key(p.name)]
        current = p
        while current.controlled_by:
            target = name_key(current.controlled_by)
            if target == seen[-1] and len(seen) == 1:
                findings.append(
                    Finding(
                        f"{prefix}.input.controls-itself",
                        "warning",
                        f"{p.name} is marked as controlled by itself; ignored.",
                        (),
                        (p.name,),
                        GUIDANCE["independence"],
                    )
                )
                break
            if target in seen:
                cycle = seen[seen.index(target) :]
                seen = [min(cycle)]
                if frozenset(cycle) in cycles_seen:
                    break
                cycles_seen.add(frozenset(cycle))
                findings.append(
                    Finding(
                        f"{prefix}.input.control-cycle",
                        "warning",
                        "'Controlled by' goes round in a circle ("
                        + " -> ".join(by_key[k].name if k in by_key else k for k in [*cycle, target])
                        + "); these entities are treated as one group, not independent of each other.",
                        (),
                        tuple(by_key[k].name for k in cycle if k in by_key),
                        GUIDANCE["independence"],
                    )
                )
                break
            seen.append(target)
            if target not in by_key:
                break
            current = by_key[target]
        roots[p.index] = seen[-1]
    return roots


def _check_roles(request: Request, assessments: list[_Assessment], findings: list[Finding], prefix: str) -> None:
    coordinators = [a.participant.name for a in assessments if a.participant.role == "coordinator"]
    if not coordinators:
        findings.append(
            Finding(
                f"{prefix}.roles.coordinator",
                "error",
                "No participant is the coordinator: a proposal has exactly one.",
                (),
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
                (),
                tuple(coordinators),
                GUIDANCE["roles"],
            )
        )
    if request.programme == "horizon-2020":
        partners = tuple(a.participant.name for a in assessments if a.participant.role == "associated-partner")
        if partners:
            findings.append(
                Finding(
                    f"{prefix}.roles.no-associated-partners",
                    "info",
                    "Horizon 2020 had no 'associated partner' role; entities that did not sign the "
                    "grant agreement (MSCA partner organisations, international partners) are "
                    "shown as such and get no EU funding.",
                    ("SEED-004",),
                    partners,
                    GUIDANCE["roles"],
                )
            )


def _critical(
    conditions: list[dict[str, Any]], members: list[Member], candidates: set[int], request: Request
) -> tuple[str, ...]:
    """Participants without whom the consortium would no longer meet the minimum conditions."""
    hard = [c for c in conditions if c.get("severity", "error") == "error"]
    out = []
    for member in members:
        if member.index not in candidates:
            continue
        rest = [m for m in members if m.index != member.index]
        if evaluate(hard, rest, request.call_year, request.deadline, departed=True).failures:
            out.append(member.name)
    return tuple(out)


def _result(a: _Assessment, counts: bool, rules: Rules) -> ParticipantResult:
    p = a.participant
    status = a.status
    group = status.group
    if a.deemed:
        group = "deemed-member-state"
    elif status.funding_list and group == "third-country":
        group = "eligible-third-country"
    return ParticipantResult(
        name=p.name,
        country=p.country,
        country_name=rules.country_name(p.country),
        established_in=status.established_in,
        role=p.role,
        type=p.type,
        status=group,
        counts_towards_minimum=counts,
        funding=a.funding,
        reason=a.reason,
        sources=tuple(dict.fromkeys(a.sources)),
    )
