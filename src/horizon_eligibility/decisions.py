"""Stage 3 of a check: what the rules decide for each kind of participant.

Two questions, always apart (DESIGN.md):
- may it take part? The restrictions and the topic's country limit, in order: fully, only as an
  associated partner, or not at all (excluded).
- may it receive EU funding? FUNDING_DECIDERS, an ordered list of small named deciders: the first one
  that returns a Decision settles it.

`assess()` is the one decision path: check() uses it for every participant, country_status() for the
status a country's pages show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from .call import GUIDANCE, Call
from .conditions import date_rule_applies
from .facts import Subject, deemed_note, subject
from .model import BENEFICIARY_ROLES, NAME, Finding, Funding
from .rules import CountryStatus

Participation = Literal["full", "associated-partner-only", "excluded"]
Template = tuple[str, str, str, tuple[str, ...], str | None]  # rule, severity, message, sources, guidance


class Decision(NamedTuple):
    funding: Funding
    reason: str
    sources: tuple[str, ...] = ()


@dataclass(slots=True)
class Standing:
    """What the participation deciders found: how the participant may take part, and why not fully."""

    participation: Participation = "full"
    reason: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Assessment:
    """What holds for any participant of this country, role, type and flags, in this call."""

    status: CountryStatus
    participation: Participation
    funding: Funding
    reason: str
    sources: tuple[str, ...]
    findings: tuple[Template, ...]  # NAME stands for the participant's name
    deemed: bool
    # Derived once, for the conditions and the result:
    country_name: str
    slot_name: str  # the name of the country it counts for
    is_ms: bool
    counts_ms_ac: bool  # ms_ac, unless excluded
    takes_part: bool  # may be a beneficiary and is not excluded
    beneficiary: bool  # takes part in a beneficiary role
    result_status: str


def assess(call: Call, country: str, role: str, entity_type: str | None, flags: frozenset[str]) -> Assessment:
    """The decision for a participant of this country, role, type and flags (memoised per call)."""
    key = (country, role, entity_type, flags)
    found_before = call.assessments.get(key)
    if found_before is not None:
        return found_before
    found: list[Finding] = []
    facts = subject(call, country, role, entity_type, flags, found)
    standing = Standing()
    for participation_decider in PARTICIPATION_DECIDERS:
        participation_decider(facts, standing, found)
    note = deemed_note(facts)
    if note is not None:
        found.append(note)
    decision = _decide_funding(facts, standing, found)
    status = facts.status
    takes_part = standing.participation == "full"
    result_status = status.group
    if facts.deemed:
        result_status = "deemed-member-state"
    elif status.funding_list and result_status == "third-country":
        result_status = "eligible-third-country"
    rules = call.rules
    assessment = Assessment(
        status=status,
        participation=standing.participation,
        funding=decision.funding,
        reason=decision.reason,
        sources=tuple(dict.fromkeys((*standing.sources, *decision.sources))),
        findings=tuple((f.rule, f.severity, f.message, f.sources, f.guidance) for f in found),
        deemed=facts.deemed,
        country_name=rules.country_name(country),
        slot_name=rules.country_name(status.established_in),
        is_ms=facts.deemed or status.is_member_state,
        counts_ms_ac=facts.ms_ac and standing.participation != "excluded",
        takes_part=takes_part,
        beneficiary=takes_part and role in BENEFICIARY_ROLES,
        result_status=result_status,
    )
    call.assessments[key] = assessment
    return assessment


# -- may it take part? -------------------------------------------------------------------------------
def restrictions(facts: Subject, standing: Standing, found: list[Finding]) -> None:
    """The programme's restrictions (data/<programme>/restrictions.yaml), in their order."""
    call = facts.call
    for r in call.programme.restrictions:
        if r["countries"] and facts.status.established_in not in r["countries"] and facts.country not in r["countries"]:
            continue
        if r["flags"] and not (facts.flags & set(r["flags"])):
            continue
        if r["actions"] and call.action_id not in r["actions"]:
            continue
        if r["unless_topic"] and getattr(call.topic, r["unless_topic"]):
            continue
        if r["only_if_topic"] and not getattr(call.topic, r["only_if_topic"]):
            continue
        applies, uncertain = date_rule_applies(call.year, call.deadline, r["from_date"], r["from_year"])
        if not applies and not uncertain:
            continue
        rule = f"{call.prefix}.restriction.{r['id']}"
        sources = tuple(r["sources"])
        guidance = GUIDANCE["restriction"]
        if uncertain:
            when = "applies" if applies else "does not apply"
            found.append(
                Finding(
                    f"{rule}.depends-on-deadline",
                    "warning",
                    f"{r['name']}: this restriction applies from {r['from_date']}; without the call deadline we "
                    f"assume it {when} to this call. Give the deadline to settle it.",
                    sources,
                    (NAME,),
                    guidance,
                )
            )
            if not applies:
                continue
        effect = r["effect"]
        if effect == "excluded":
            standing.participation = "excluded"
            standing.reason = r["message"]
            found.append(Finding(rule, "error", f"{NAME}: {r['message']}", sources, (NAME,), guidance))
        elif effect == "associated-partner-only":
            if standing.participation == "full":
                standing.participation = "associated-partner-only"
            standing.reason = r["message"]
            if facts.role != "associated-partner":
                role = facts.role.replace("-", " ")
                found.append(
                    Finding(rule, "error", f"{NAME} may not be a {role}: {r['message']}", sources, (NAME,), guidance)
                )
            else:
                found.append(Finding(rule, "info", f"{NAME}: {r['message']}", sources, (NAME,), guidance))
        else:
            found.append(Finding(rule, "warning", f"{NAME}: {r['message']}", sources, (NAME,), guidance))
        standing.sources += sources


def topic_countries(facts: Subject, standing: Standing, found: list[Finding]) -> None:
    """A topic open only to the Member States and listed countries (HE-REG Art 22(5))."""
    call = facts.call
    allowed = call.topic.eligible_countries
    if (
        allowed is None
        or standing.participation == "excluded"
        or facts.status.is_member_state
        or facts.type in ("jrc", "eu-body")
    ):
        return
    if facts.country in allowed or facts.status.established_in in allowed:
        return
    rules = call.rules
    listed = ", ".join(sorted(allowed)) or "none"
    standing.participation = "excluded"
    standing.reason = (
        f"This topic is open only to entities from the Member States and the listed countries ({listed}); "
        f"{rules.country_name(facts.country)} is not among them."
    )
    found.append(
        Finding(
            f"{call.prefix}.topic.eligible-countries",
            "error",
            f"{NAME}: {standing.reason}",
            call.programme.rule_sources["topic_country_limits"],
            (NAME,),
            GUIDANCE["restriction"],
        )
    )


PARTICIPATION_DECIDERS: tuple[Callable[[Subject, Standing, list[Finding]], None], ...] = (
    restrictions,
    topic_countries,
)


# -- may it receive EU funding? --------------------------------------------------------------------
FundingDecider = Callable[[Subject, Standing, list[Finding]], Decision | None]


def excluded(facts: Subject, standing: Standing, found: list[Finding]) -> Decision | None:
    if standing.participation == "excluded":
        return Decision("excluded", standing.reason)
    return None


def associated_partner_only(facts: Subject, standing: Standing, found: list[Finding]) -> Decision | None:
    if standing.participation == "associated-partner-only":
        return Decision("not-eligible", standing.reason)
    return None


def associated_partner_role(facts: Subject, standing: Standing, found: list[Finding]) -> Decision | None:
    if facts.role != "associated-partner":
        return None
    programme = facts.call.programme
    return Decision(
        "not-eligible", programme.associated_partners["reason"], tuple(programme.not_funded_beneficiary["sources"])
    )


def special_entity(facts: Subject, standing: Standing, found: list[Finding]) -> Decision | None:
    """International European research organisations, EU bodies, the JRC, international organisations."""
    programme = facts.call.programme
    special = programme.entity_funding.get(facts.type or "")
    if special is None:
        return None
    if special["funding"] != "third-country":
        funding: Funding = "eligible" if special["funding"] == "eligible" else "not-eligible"
        return Decision(funding, special["reason"], tuple(special["sources"]))
    if facts.ms_ac:
        return None  # an international organisation counted where it has its headquarters
    return _not_funded(facts, found, special["reason"], tuple(special["sources"]))


def member_state(facts: Subject, standing: Standing, found: list[Finding]) -> Decision | None:
    status = facts.status
    if not status.is_member_state:
        return None
    state = facts.call.rules.country_name(status.established_in)
    where = {
        "member-state": "an EU Member State",
        "outermost-region": f"an outermost region of {state}",
        "territory": f"a territory of {state} that is part of the EU",
        "oct": f"an overseas country or territory linked to {state}",
    }
    return Decision("eligible", f"Established in {where[status.group]}.", status.sources)


def associated_country(facts: Subject, standing: Standing, found: list[Finding]) -> Decision | None:
    status = facts.status
    interval = status.association
    if not status.counts_ms_ac or interval is None:
        return None
    sources = tuple(interval["sources"])
    if interval["at_signature"] == "not-applied":
        country = facts.call.rules.country_name(facts.country)
        return Decision(
            "not-eligible",
            f"{country} was under a transitional arrangement for calls of {facts.call.year} that did not apply "
            f"at grant signature: {interval['note']}",
            sources,
        )
    if status.group == "associated":
        return Decision("eligible", "Established in an associated country.", sources)
    return Decision(
        "eligible",
        "Established in a country under a transitional arrangement (funded if the association agreement "
        "applies at grant signature).",
        sources,
    )


def funding_list(facts: Subject, standing: Standing, found: list[Finding]) -> Decision | None:
    """The low/middle-income countries (Horizon Europe) or General Annex A (Horizon 2020)."""
    status = facts.status
    if not status.funding_list:
        return None
    call = facts.call
    programme = call.programme
    version = programme.funding_version(call.year)
    assert version is not None  # the country is on it
    country = call.rules.country_name(facts.country)
    list_name = (
        "low- and middle-income countries automatically eligible for funding"
        if programme.funding_kind == "low-middle-income"
        else "General Annex A"
    )
    sources = tuple(version["sources"])
    if status.funding_list_unverified:
        why = (
            version["note"]
            if version["evidence"] == "unverified"
            else "this entry of the list could not be verified against the annex"
        )
        found.append(
            Finding(
                f"{call.prefix}.funding-list.unverified",
                "warning",
                f"{NAME}: {country} is treated as eligible for funding, but {why}.",
                sources,
                (NAME,),
                GUIDANCE["funding"],
            )
        )
    older = version["older_call_years_warning"]
    if older and call.year < older:
        found.append(
            Finding(
                f"{call.prefix}.funding-list.older-work-programme",
                "warning",
                f"{NAME}: {version['note'] or ''}",
                sources,
                (NAME,),
                GUIDANCE["funding"],
            )
        )
    return Decision("eligible", f"{country} is on the list of {list_name} ({version['title']}).", sources)


def topic_funds_country(facts: Subject, standing: Standing, found: list[Finding]) -> Decision | None:
    call = facts.call
    if facts.country not in call.topic.funded_third_countries:
        return None
    country = call.rules.country_name(facts.country)
    return Decision(
        "eligible",
        f"This topic's conditions exceptionally provide funding for entities in {country}.",
        call.programme.rule_sources["topic_funding"],
    )


def programme_exception(facts: Subject, standing: Standing, found: list[Finding]) -> Decision | None:
    """Funding a work programme grants a third country in part of it (US entities in H2020 health)."""
    call = facts.call
    for exception in call.programme.programme_exceptions:
        option = exception["topic_option"]
        if (
            facts.country in exception["countries"]
            and (option is None or getattr(call.topic, option))
            and call.action_id not in exception["not_for_actions"]
        ):
            return Decision("eligible", exception["message"], tuple(exception["sources"]))
    return None


def not_automatically_funded(facts: Subject, standing: Standing, found: list[Finding]) -> Decision:
    call = facts.call
    programme = call.programme
    rules = call.rules
    country = rules.country_name(facts.country)
    version = programme.funding_version(call.year)
    if version is not None and facts.country in (version["uncertain_countries"] or ()):
        found.append(
            Finding(
                f"{call.prefix}.funding-list.unverified",
                "warning",
                f"{NAME}: {country} is treated as not on the list of countries eligible for "
                f"funding, but {version['note']}",
                tuple(version["sources"]),
                (NAME,),
                GUIDANCE["funding"],
            )
        )
    never = programme.never_listed["countries"]
    extra = (
        f" {country} is one of {rules.country_names(never)}, which are never automatically funded."
        if facts.country in never
        else ""
    )
    return _not_funded(
        facts,
        found,
        f"{country} is not a Member State, an associated country (for this part and year) or on the "
        f"list of countries automatically eligible for funding.{extra}",
        tuple(programme.never_listed["sources"]) if extra else (),
    )


def _not_funded(facts: Subject, found: list[Finding], reason: str, sources: tuple[str, ...]) -> Decision:
    """Not automatically funded: a note (severity from the data) for a participant in a funded role."""
    template = facts.call.programme.not_funded_beneficiary
    template_sources = tuple(template["sources"])
    if facts.role in BENEFICIARY_ROLES or facts.role == "affiliated-entity":
        text = template["message"]
        if facts.role == "affiliated-entity" and template["affiliated_message"]:
            text = template["affiliated_message"]
        found.append(
            Finding(
                f"{facts.call.prefix}.funding.not-automatic",
                template["severity"],
                text.strip().format(name=NAME, country=facts.status.code),
                template_sources,
                (NAME,),
                GUIDANCE["funding"],
            )
        )
    return Decision("not-eligible", reason, template_sources + sources)


FUNDING_DECIDERS: tuple[FundingDecider, ...] = (
    excluded,
    associated_partner_only,
    associated_partner_role,
    special_entity,
    member_state,
    associated_country,
    funding_list,
    topic_funds_country,
    programme_exception,
)


def _decide_funding(facts: Subject, standing: Standing, found: list[Finding]) -> Decision:
    for decide in FUNDING_DECIDERS:
        decision = decide(facts, standing, found)
        if decision is not None:
            return decision
    return not_automatically_funded(facts, standing, found)
