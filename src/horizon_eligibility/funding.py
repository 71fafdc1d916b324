"""Stage 3 of a check, second question: may the participant receive EU funding?

FUNDING_DECIDERS, an ordered list of small named deciders: the first one that returns a Decision settles it;
without one, the participant is not automatically funded.
"""

from __future__ import annotations

from collections.abc import Callable

from .assessment import Decision, Standing
from .facts import Subject
from .groups import takes_in
from .model import BENEFICIARY_ROLES, NAME, Finding, Funding
from .rule_catalogue import (
    ASSOCIATION_EXCLUDED_COMPONENT,
    FUNDING_LIST_UNVERIFIED,
    NOT_AUTOMATIC,
    OUTSIDE_BENEFICIARY_FUNDED,
)

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
    if facts.established_in_ms_or_ac:
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
    if not status.in_ms_or_ac or interval is None:
        return None
    sources = tuple(interval["sources"])
    call = facts.call
    for component in interval["excluded_components"]:
        if call.action_id in component["actions"]:
            found.append(
                ASSOCIATION_EXCLUDED_COMPONENT.emit(
                    call.prefix, sources, (NAME,), name=NAME, message=component["message"]
                )
            )
    if interval["at_signature"] == "not-applied":
        if status.funding_list:
            return None  # funded anyway, as a low- or middle-income country
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
        why = version["note"] or (
            "The list was not retrieved"
            if version["evidence"] == "unverified"
            else "This entry of the list could not be checked against the annex"
        )
        found.append(
            FUNDING_LIST_UNVERIFIED.emit(
                call.prefix,
                (*sources, *version["note_sources"]),
                (NAME,),
                name=NAME,
                country=country,
                why=why.rstrip("."),
            )
        )
    return Decision("eligible", f"{country} is on the list of {list_name} ({version['title']}).", sources)


def topic_funds_country(facts: Subject, standing: Standing, found: list[Finding]) -> Decision | None:
    call = facts.call
    listed = call.topic.funded_third_countries
    if not listed:
        return None
    taken, notes = takes_in(call, listed, facts.country)
    found.extend(n for n in notes if n not in found)
    if not taken:
        return None
    country = call.rules.country_name(facts.country)
    return Decision(
        "eligible",
        f"This topic's conditions exceptionally provide funding for entities in {country}.",
        call.rule_sources["topic_funding"],
    )


def programme_exception(facts: Subject, standing: Standing, found: list[Finding]) -> Decision | None:
    """Funding a work programme grants a third country in part of it (US entities in H2020 health)."""
    call = facts.call
    for exception in call.programme.programme_exceptions:
        option = exception["topic_option"]
        if (
            facts.country in exception["countries"]
            and (option is None or call.topic.value(option))
            and call.action_id not in exception["not_for_actions"]
        ):
            return Decision("eligible", exception["message"], tuple(exception["sources"]))
    return None


def funded_outside_beneficiary(facts: Subject, standing: Standing, found: list[Finding]) -> Decision | None:
    """An action that funds a beneficiary outside the Member States and associated countries (an ERC
    Synergy host); how many such beneficiaries it allows is one of the action's conditions."""
    call = facts.call
    spec = call.action["funds_outside_beneficiaries"]
    if spec is None or call.year < spec["from_year"] or facts.role not in BENEFICIARY_ROLES:
        return None
    sources = tuple(spec["sources"])
    if spec["evidence"] not in (None, "official"):
        found.append(
            OUTSIDE_BENEFICIARY_FUNDED.emit(
                call.prefix, sources, (NAME,), ids={"action": call.action_id}, name=NAME, message=spec["message"]
            )
        )
    return Decision("eligible", spec["message"], sources)


def not_automatically_funded(facts: Subject, standing: Standing, found: list[Finding]) -> Decision:
    call = facts.call
    programme = call.programme
    rules = call.rules
    country = rules.country_name(facts.country)
    version = programme.funding_version(call.year)
    if version is not None and facts.country in (version["uncertain_countries"] or ()):
        found.append(
            FUNDING_LIST_UNVERIFIED.emit(
                call.prefix,
                (*version["sources"], *version["note_sources"]),
                (NAME,),
                variant="not-listed",
                name=NAME,
                country=country,
                note=version["note"],
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
            NOT_AUTOMATIC.emit(
                facts.call.prefix,
                template_sources,
                (NAME,),
                severity=template["severity"],
                message=text.strip().format(name=NAME, country=facts.status.code),
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
    funded_outside_beneficiary,
)


def decide_funding(facts: Subject, standing: Standing, found: list[Finding]) -> Decision:
    for decide in FUNDING_DECIDERS:
        decision = decide(facts, standing, found)
        if decision is not None:
            return decision
    return not_automatically_funded(facts, standing, found)
