"""check(consortium) -> Verdict: may each entity take part, may it be funded, does the consortium meet
the minimum conditions, and which partners can it not lose."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .conditions import Member, critical, date_rule_applies, evaluate
from .inputs import name_key, parse_request
from .model import BENEFICIARY_ROLES, Finding, Funding, Participant, ParticipantResult, Request, Topic, Verdict
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


NAME = "\x00"  # stands for the participant's name in the cached findings of _facts()
Template = tuple[str, str, str, tuple[str, ...], str | None]  # rule, severity, message, sources, guidance


@dataclass(frozen=True, slots=True)
class Facts:
    """What holds for any participant with this country, role, type and flags, in this call."""

    excluded: bool
    deemed: bool
    funding: Funding
    reason: str
    sources: tuple[str, ...]
    findings: tuple[Template, ...]
    # Derived once, for the conditions and the result:
    country_name: str
    slot_name: str  # the name of the country it counts for
    is_ms: bool
    counts_ms_ac: bool  # ms_ac, unless excluded
    takes_part: bool  # may be a beneficiary and is not excluded
    beneficiary: bool  # takes part in a beneficiary role
    result_status: str
    established_in: str
    widening: bool


@lru_cache(maxsize=4096)
def _facts_table(
    rules: Rules, programme_id: str, action: str, year: int, part: str, deadline: Any, topic: Topic
) -> dict[tuple[str, str, str | None, frozenset[str]], Facts]:
    """A per-call memo of _facts (one hash of the call, then one small key per participant)."""
    return {}


def _facts(
    rules: Rules,
    programme_id: str,
    action: str,
    year: int,
    part: str,
    deadline: Any,
    topic: Topic,
    country: str,
    role: str,
    entity_type: str | None,
    flags: frozenset[str],
) -> Facts:
    request = Request(programme_id, action, year, part, (), None, deadline, topic)
    participant = Participant(0, NAME, country, country, role, entity_type, None, flags)
    found: list[Finding] = []
    a = _assess(participant, request, rules.programme(programme_id), rules, found, SHORT[programme_id])
    status = a.status
    takes_part = a.may_be_beneficiary and not a.excluded
    result_status = status.group
    if a.deemed:
        result_status = "deemed-member-state"
    elif status.funding_list and result_status == "third-country":
        result_status = "eligible-third-country"
    return Facts(
        excluded=a.excluded,
        deemed=a.deemed,
        funding=a.funding,
        reason=a.reason,
        sources=tuple(dict.fromkeys(a.sources)),
        findings=tuple((f.rule, f.severity, f.message, f.sources, f.guidance) for f in found),
        country_name=rules.country_name(country),
        slot_name=rules.country_name(status.established_in),
        is_ms=a.deemed or status.is_member_state,
        counts_ms_ac=a.ms_ac and not a.excluded,
        takes_part=takes_part,
        beneficiary=takes_part and role in BENEFICIARY_ROLES,
        result_status=result_status,
        established_in=status.established_in,
        widening=status.widening,
    )


def check(data: dict[str, Any], rules: Rules | None = None) -> Verdict:
    """Check a consortium (the input dictionary of the CLI and the page). Raises InputError on bad input."""
    rules = rules or load_rules()
    return check_request(parse_request(rules, data), rules)


def check_request(request: Request, rules: Rules) -> Verdict:
    programme = rules.programme(request.programme)
    prefix = SHORT[request.programme]
    action = programme.actions[request.action]
    findings: list[Finding] = []
    table = _facts_table(
        rules, request.programme, request.action, request.call_year, request.part, request.deadline, request.topic
    )
    linked = False
    for p in request.participants:
        if p.controlled_by:
            linked = True
            break
    control_findings: list[Finding] = []
    groups = _control_groups(request, control_findings, prefix, linked, programme.rule_sources["independence"])
    facts: list[Facts] = []
    members: list[Member] = []
    for p in request.participants:
        key = (p.country, p.role, p.type, p.flags)
        f = table.get(key)
        if f is None:
            f = table[key] = _facts(
                rules,
                request.programme,
                request.action,
                request.call_year,
                request.part,
                request.deadline,
                request.topic,
                *key,
            )
        facts.append(f)
        name = p.name
        for rule, severity, message, sources, guidance in f.findings:
            findings.append(Finding(rule, severity, message.replace(NAME, name), sources, (name,), guidance))  # type: ignore[arg-type]
        index = p.position
        if f.deemed:
            slot, slot_name = f"deemed:{index}", f"{name}, deemed another Member State"
        else:
            slot, slot_name = f.established_in, f.slot_name
        members.append(
            Member(
                index,
                name,
                p.role,
                p.type,
                groups[index] if groups else index,
                slot,
                slot_name,
                f.is_ms,
                f.counts_ms_ac,
                f.widening,
                f.takes_part,
                f.beneficiary,
            )
        )
    per_participant = len(findings)  # notes about participants, possibly said once for several
    findings.extend(control_findings)
    _check_roles(request, findings, prefix, programme.rule_sources["roles"])

    conditions = action["conditions"]
    outcome = evaluate(conditions, members, request.call_year, request.deadline, linked=linked)
    suggestions: list[str] = []
    for failure in outcome.failures:
        severity = failure.condition.get("severity", "error")
        kind = failure.condition["kind"]
        types = failure.condition.get("entity_types")
        findings.append(
            Finding(
                rule=f"{prefix}.{request.action}.{kind}" + (f".{types[0]}" if types else ""),
                severity=severity,
                message=failure.message,
                sources=tuple(failure.condition.get("sources", ())),
                participants=failure.participants,
                guidance=GUIDANCE["minimum"],
            )
        )
        if failure.suggestion and severity == "error":
            suggestions.append(failure.suggestion)
    findings.extend(_notes(prefix, request.action, action))

    errors = [f for f in findings if f.severity == "error"]
    eligible = not errors
    cannot_lose: tuple[str, ...] = ()
    if eligible:
        indices = outcome.critical
        if indices is None:
            indices = critical(conditions, members, request.call_year, request.deadline, linked=linked)
        cannot_lose = tuple(m.name for m in members if m.index in indices)
        if cannot_lose:
            findings.append(
                Finding(
                    f"{prefix}.partners-leaving",
                    "info",
                    "The minimum conditions must still be met if a partner leaves during the project. Without "
                    f"any one of these the consortium would no longer meet them: {', '.join(cannot_lose)}.",
                    programme.rule_sources["partners_leaving"],
                    cannot_lose,
                    GUIDANCE["leaving"],
                )
            )
    for finding in errors:
        if finding.rule.startswith(f"{prefix}.restriction") and finding.participants:
            they = "they" if len(finding.participants) > 1 else "it"
            suggestions.insert(0, f"Remove {', '.join(finding.participants)}: {they} may not take part.")
    if _has_composition(request.programme, request.action, conditions):
        counted = outcome.counted
    else:
        counted = {m.index for m in members if m.beneficiary and m.ms_ac}
    results = tuple(
        [
            ParticipantResult(
                p.name,
                p.country,
                f.country_name,
                f.established_in,
                p.role,
                p.type,
                f.result_status,
                p.position in counted and not f.excluded,
                f.funding,
                f.reason,
                f.sources,
            )
            for p, f in zip(request.participants, facts, strict=True)
        ]
    )
    if per_participant > 1:
        findings = _dedupe(findings)
    if per_participant or control_findings or outcome.failures:  # otherwise already in severity order
        findings.sort(key=_severity_order)
    return Verdict(
        request=request,
        eligible=eligible,
        findings=tuple(findings),
        participants=results,
        critical_participants=cannot_lose,
        suggestions=tuple(dict.fromkeys(suggestions)) if suggestions else (),
        action_name=action["name"],
        part_name=programme.parts[request.part]["name"],
        data_version=rules.data_version,
        data_verified_on=rules.data_verified_on,
        source_details=rules.sources,
    )


SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _severity_order(finding: Finding) -> int:
    return SEVERITY_ORDER[finding.severity]


_NOTES: dict[tuple[str, str], tuple[Finding, ...]] = {}


def _notes(prefix: str, action_id: str, action: dict[str, Any]) -> tuple[Finding, ...]:
    """The action's notes as information findings (built once: findings are immutable)."""
    key = (prefix, action_id)
    if key not in _NOTES:
        _NOTES[key] = tuple(
            Finding(f"{prefix}.{action_id}.note", "info", note, tuple(action["sources"]), (), GUIDANCE["minimum"])
            for note in action.get("notes", ())
        )
    return _NOTES[key]


_COMPOSITION: dict[tuple[str, str], bool] = {}


def _has_composition(programme_id: str, action_id: str, conditions: list[dict[str, Any]]) -> bool:
    key = (programme_id, action_id)
    if key not in _COMPOSITION:
        _COMPOSITION[key] = any(c["kind"] in ("composition", "by-size") for c in conditions)
    return _COMPOSITION[key]


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


def _control_groups(
    request: Request, findings: list[Finding], prefix: str, linked: bool, sources: tuple[str, ...]
) -> dict[int, str]:
    """Participants with the same ultimate controller (in the consortium or not) are one group.

    Also warns about duplicate names. Returns {} when nobody names a controller (every one its own group).
    """
    keys = [name_key(p.name) for p in request.participants]
    if not linked and len(set(keys)) == len(keys):
        return {}
    by_key: dict[str, Participant] = {}
    duplicates = []
    for p, key in zip(request.participants, keys, strict=True):
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
                sources,
                tuple(dict.fromkeys(duplicates)),
                GUIDANCE["independence"],
            )
        )
    # The ultimate controller of each name, memoised along every chain walked (so a chain of 5,000
    # entities is walked once, not once per entity).
    root_of: dict[str, str] = {}
    cycles_seen: set[frozenset[str]] = set()

    def root(start: str) -> str:
        path: list[str] = []
        position: dict[str, int] = {}
        key = start
        while True:
            if key in root_of:
                found = root_of[key]
                break
            if key in position:  # the chain goes round: the entities on the circle are one group
                cycle = path[position[key] :]
                found = min(cycle)
                if frozenset(cycle) not in cycles_seen:
                    cycles_seen.add(frozenset(cycle))
                    findings.append(
                        Finding(
                            f"{prefix}.input.control-cycle",
                            "warning",
                            "'Controlled by' goes round in a circle ("
                            + " -> ".join(by_key[k].name for k in [*cycle, key])
                            + "); these entities are treated as one group, not independent of each other.",
                            sources,
                            tuple(by_key[k].name for k in cycle),
                            GUIDANCE["independence"],
                        )
                    )
                break
            if key not in by_key:  # a controller outside the consortium
                found = key
                break
            position[key] = len(path)
            path.append(key)
            controller = by_key[key].controlled_by
            target = name_key(controller) if controller else key
            if target == key:  # no controller, or itself (warned about below)
                found = key
                break
            key = target
        for k in path:
            root_of[k] = found
        return found

    roots: dict[int, str] = {}
    for p, own in zip(request.participants, keys, strict=True):
        target = name_key(p.controlled_by) if p.controlled_by else None
        if target == own:
            findings.append(
                Finding(
                    f"{prefix}.input.controls-itself",
                    "warning",
                    f"{p.name} is marked as controlled by itself; ignored.",
                    sources,
                    (p.name,),
                    GUIDANCE["independence"],
                )
            )
        if by_key[own] is p:
            roots[p.position] = root(own)
        else:  # a duplicate name: its own controller, if any, then the chain from there
            roots[p.position] = root(target) if target and target != own else own
    return roots


def _check_roles(request: Request, findings: list[Finding], prefix: str, sources: tuple[str, ...]) -> None:
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
    if request.programme == "horizon-2020":
        partners = tuple(p.name for p in request.participants if p.role == "associated-partner")
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
