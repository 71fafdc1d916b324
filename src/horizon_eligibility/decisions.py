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
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from .call import GUIDANCE, Call
from .conditions import date_rule_applies
from .facts import Controller, Subject, subject, type_notes
from .groups import admitted_by, takes_in
from .model import BENEFICIARY_ROLES, NAME, TOPIC_OPTIONS, Finding, Funding, Severity
from .rules import CountryStatus
from .ruletypes import Restriction
from .topic_reader import ASSOCIATED_COUNTRIES

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
    fixes: list[str] = field(default_factory=list)  # what the rules allow instead (NAME: the participant)


@dataclass(frozen=True, slots=True)
class Assessment:
    """What holds for any participant of this country, role, type and flags, in this call."""

    status: CountryStatus
    participation: Participation
    funding: Funding
    reason: str
    sources: tuple[str, ...]
    findings: tuple[Template, ...]  # NAME stands for the participant's name
    fixes: tuple[str, ...]  # what the rules allow instead, where it may not take part as it is (NAME)
    deemed: bool
    in_proposal: bool  # False: it joins after evaluation and does not count at submission (the JRC)
    # Established outside the Member States (and their regions, territories and OCTs) and the associated
    # countries; international organisations are a category of their own (HE-REG Art 22(10)).
    third_country: bool
    # Derived once, for the conditions and the result:
    country_name: str
    slot_name: str  # the name of the country it counts for
    is_ms: bool
    counts_ms_ac: bool  # ms_ac, unless excluded
    participates: bool  # may take part in some role (not excluded)
    beneficiary: bool  # takes part in a beneficiary role
    result_status: str
    # What the conditions see of it (conditions.Member after index, name, role, type and group), where it is
    # not deemed in another Member State: (slot, slot name, is_ms, ms_ac, widening, participates,
    # in_proposal, third_country, beneficiary, oct, admitted). Built once per kind, not once per participant.
    member_fields: tuple[Any, ...] = ()


def assess(
    call: Call,
    country: str,
    role: str,
    entity_type: str | None,
    flags: frozenset[str],
    controllers: tuple[Controller, ...] = (),
) -> Assessment:
    """The decision for a participant of this country, role, type, flags and controllers (memoised per call)."""
    key = (country, role, entity_type, flags, controllers)
    found_before = call.assessments.get(key)
    if found_before is not None:
        return found_before
    found: list[Finding] = []
    facts = subject(call, country, role, entity_type, flags, controllers, found)
    standing = Standing()
    for participation_decider in PARTICIPATION_DECIDERS:
        participation_decider(facts, standing, found)
    found.extend(type_notes(facts))
    decision = _decide_funding(facts, standing, found)
    status = facts.status
    takes_part = standing.participation == "full"
    result_status = status.group
    rules = call.rules
    # A country under a transitional arrangement counted as associated at submission (its beneficiaries were
    # moved or funded otherwise at signature): not a third country for who may be a beneficiary.
    third_country = not (status.is_member_state or facts.ms_ac or status.counts_ms_ac)
    special = call.programme.entity_funding.get(entity_type or "")
    if special is not None and special["third_country"]:
        # An international organisation counts as established in a non-associated third country wherever it
        # is, unless its headquarters count for this action (HE-REG Art 22(10)).
        third_country = not facts.ms_ac
        if third_country:
            result_status = "third-country"
    elif entity_type == "international-organisation":
        third_country = False  # a category of its own where the programme's data says nothing (Horizon 2020)
    if facts.deemed:
        result_status = "deemed-member-state"
    elif status.funding_list and result_status == "third-country" and not (special and special["third_country"]):
        result_status = "eligible-third-country"
    admitted = admitted_by(facts, found) if third_country else frozenset()
    slot_name = rules.country_name(status.established_in)
    is_ms = facts.deemed or status.counts_as_member_state
    participates = standing.participation != "excluded"
    counts_ms_ac = facts.ms_ac and participates
    beneficiary = takes_part and role in BENEFICIARY_ROLES
    assessment = Assessment(
        status=status,
        participation=standing.participation,
        funding=decision.funding,
        reason=decision.reason,
        # Cited as a call of its year cites them (the General Annexes in force), once per kind of participant.
        sources=call.cite(tuple(dict.fromkeys((*standing.sources, *decision.sources)))),
        findings=tuple((f.rule, f.severity, f.message, call.cite(f.sources), f.guidance) for f in found),
        fixes=tuple(standing.fixes),
        deemed=facts.deemed,
        in_proposal=facts.in_proposal,
        third_country=third_country,
        country_name=rules.country_name(country),
        slot_name=slot_name,
        is_ms=is_ms,
        counts_ms_ac=counts_ms_ac,
        participates=participates,
        beneficiary=beneficiary,
        result_status=result_status,
        member_fields=(
            status.established_in,
            slot_name,
            is_ms,
            counts_ms_ac,
            status.widening,
            participates,
            facts.in_proposal,
            third_country,
            beneficiary,
            status.group == "oct",
            admitted,
        ),
    )
    call.assessments[key] = assessment
    return assessment


# -- may it take part? -------------------------------------------------------------------------------
def _matches(r: Restriction, country: str, established_in: str, flags: frozenset[str]) -> bool:
    if r["countries"] and established_in not in r["countries"] and country not in r["countries"]:
        return False
    return not r["flags"] or bool(flags & set(r["flags"]))


def _controller_within(facts: Subject, r: Restriction) -> Controller | None:
    """The nearest participant controlling this one that brings it under the restriction, if any."""
    spec = r["controlled_by"]
    if spec is None:
        return None
    call = facts.call
    for controller in facts.controllers:  # the direct controller first
        if controller.flags & set(spec["flags"]) or controller.country in spec["countries"]:
            return controller
        if spec["third_countries"] and _third_country(call, controller.country):
            return controller
    return None


def _third_country(call: Call, country: str) -> bool:
    """Established outside the Member States and the countries this call accepts (associated, or listed)."""
    status = call.programme.status(country, call.year, call.part, call.deadline)
    if status.is_member_state:
        return False
    listed = call.topic.eligible_countries
    if listed is not None:
        return not _listed(listed, country, status)
    return not status.counts_ms_ac


def _listed(allowed: frozenset[str], country: str, status: CountryStatus) -> bool:
    """The topic's list names the country, or the group "Associated Countries" takes it in (for this call's
    year and part, those under a transitional arrangement included)."""
    return (
        country in allowed
        or status.established_in in allowed
        or (ASSOCIATED_COUNTRIES in allowed and status.counts_ms_ac)
    )


_WHAT_IT_MEANS = {
    "excluded": "it may not take part in any role",
    "associated-partner-only": "it may take part only as an associated partner, without EU funding",
}


def _for_this_call(call: Call, r: Restriction, role: str) -> bool:
    """The restriction's action, role and `unless_topic` leave it in play here (its `only_if_topic`, its
    dates and whom it matches are for the caller)."""
    return (
        (not r["actions"] or call.action_id in r["actions"])
        and (not r["roles"] or role in r["roles"])
        and not (r["unless_topic"] and getattr(call.topic, r["unless_topic"]))
    )


def restrictions_in_force(call: Call, role: str) -> list[Restriction]:
    """The restrictions that may reach a participant of this role in this call (action, topic, date)."""
    return [
        r
        for r in call.programme.restrictions
        if _for_this_call(call, r, role)
        and not (r["only_if_topic"] and not getattr(call.topic, r["only_if_topic"]))
        and date_rule_applies(call.year, call.deadline, r["from_date"], r["from_year"])[0]
    ]


def restrictions(facts: Subject, standing: Standing, found: list[Finding]) -> None:
    """The programme's restrictions (data/<programme>/restrictions.yaml), in their order. A restriction
    reaches the participant through its own country or flags, or through a participant controlling it."""
    call = facts.call
    for r in call.programme.restrictions:
        if not _for_this_call(call, r, facts.role):
            continue
        if r["only_if_topic"] and not getattr(call.topic, r["only_if_topic"]):
            if r["flags"] and facts.flags & set(r["flags"]):
                # The flag says what the entity is; only the topic says whether that matters here.
                option = TOPIC_OPTIONS[r["only_if_topic"]]["label"]
                found.append(
                    Finding(
                        f"{call.prefix}.restriction.{r['id']}.topic-not-set",
                        "info",
                        f"{NAME}: the restriction “{r['name']}” applies only where the topic conditions say so "
                        f"(topic option “{option}”), which is not set for this call. Set it if they do.",
                        tuple(r["sources"]),
                        (NAME,),
                        GUIDANCE["restriction"],
                    )
                )
            continue
        via: Controller | None = None
        if not _matches(r, facts.country, facts.status.established_in, facts.flags):
            via = _controller_within(facts, r)
            if via is None:
                continue
        rule = f"{call.prefix}.restriction.{r['id']}"
        sources = tuple(r["sources"])
        guidance = GUIDANCE["restriction"]
        effect = r["effect"]
        start = r["from_date"]
        earlier = r["earlier_deadlines"]
        if (
            earlier
            and start
            and call.deadline is not None
            and call.deadline.isoformat() < start
            and call.year >= int(start[:4]) - 1  # calls whose grants may be signed after the date
        ):
            # The deadline is before the date, but the measure may still reach the call (it bars grant
            # signature from the date, or the sources leave earlier calls open): a warning, not an error.
            found.append(
                Finding(f"{rule}.earlier-deadline", "warning", f"{NAME}: {earlier}", sources, (NAME,), guidance)
            )
            standing.sources += sources
            continue
        applies, uncertain = date_rule_applies(call.year, call.deadline, start, r["from_year"])
        if not applies:
            continue
        if uncertain:
            found.append(
                Finding(
                    f"{rule}.depends-on-deadline",
                    "warning",
                    f"{r['name']}: this restriction applies from {r['from_date']}; without the call deadline we "
                    "assume it applies to this call. Give the deadline to settle it.",
                    sources,
                    (NAME,),
                    guidance,
                )
            )
        spared = r["spares"]
        if spared and facts.type in spared["types"] and call.action_id in spared["actions"]:
            found.append(
                Finding(f"{rule}.spared", "warning", f"{NAME}: {spared['message']}", sources, (NAME,), guidance)
            )
            standing.sources += sources
            continue
        spec = r["controlled_by"]
        message = r["message"]
        if via is not None:
            assert spec is not None
            indirect = spec["reach"] == "direct" and via is not facts.controllers[0]
            if spec["effect"] == "check" or indirect:
                template = spec["indirect_message"] if indirect else spec["message"]
                check = (template or "").format(controller=via.name)
                found.append(Finding(rule, "warning", f"{NAME}: {check}", sources, (NAME,), guidance))
                standing.sources += sources
                continue
            message = f"it is controlled by {via.name}, so the restriction reaches it. {message}"
        if effect == "excluded":
            standing.participation = "excluded"
            standing.reason = message
            standing.fixes.append(f"Remove {NAME}: {_WHAT_IT_MEANS[effect]}.")
            found.append(Finding(rule, "error", f"{NAME}: {message}", sources, (NAME,), guidance))
        elif effect == "associated-partner-only":
            if standing.participation == "full":
                standing.participation = "associated-partner-only"
            standing.reason = message
            if facts.role != "associated-partner":
                role = facts.role.replace("-", " ")
                standing.fixes.append(
                    f"Make {NAME} an associated partner, or replace it: it may not be a {role} (it may take part "
                    "only as an associated partner, without EU funding)."
                )
                found.append(
                    Finding(rule, "error", f"{NAME} may not be a {role}: {message}", sources, (NAME,), guidance)
                )
            else:
                found.append(Finding(rule, "info", f"{NAME}: {message}", sources, (NAME,), guidance))
        else:  # warning: its reach is not settled; info: a rule on activities, which the input does not show
            severity: Severity = "info" if effect == "info" else "warning"
            found.append(Finding(rule, severity, f"{NAME}: {message}", sources, (NAME,), guidance))
        standing.sources += sources


def topic_countries(facts: Subject, standing: Standing, found: list[Finding]) -> None:
    """A topic open only to the Member States and listed countries (HE-REG Art 22(5))."""
    call = facts.call
    allowed = call.topic.eligible_countries
    if allowed is None or standing.participation == "excluded" or facts.type in ("jrc", "eu-body"):
        return
    rules = call.rules
    listed = ", ".join(sorted(c if c != ASSOCIATED_COUNTRIES else "the associated countries" for c in allowed))
    listed = listed or "none"
    seat_allowed = facts.status.is_member_state or _listed(allowed, facts.country, facts.status)
    rule = f"{call.prefix}.topic.eligible-countries"
    sources = call.rule_sources["topic_country_limits"]
    if facts.deemed:
        # Deemed established in another Member State (HE-REG Art 22(9)): the General Annexes say so under
        # consortium composition, and no text read extends it to a topic's country limit (Art 22(5)).
        doubt = (
            "An international European research organisation is deemed established in a Member State for the "
            "consortium's composition; no text read says this also opens a topic limited to the Member States and "
            f"listed countries ({listed}). Check whether the topic conditions name such organisations."
        )
        if seat_allowed:
            found.append(
                Finding(f"{rule}.deemed", "warning", f"{NAME}: {doubt}", sources, (NAME,), GUIDANCE["restriction"])
            )
            return
        standing.participation = "excluded"
        standing.reason = (
            f"Likely not eligible here: its seat, {rules.country_name(facts.country)}, is not among them. {doubt}"
        )
        standing.fixes.append(f"Check whether the topic admits {NAME}; otherwise remove it.")
        found.append(
            Finding(f"{rule}.deemed", "error", f"{NAME}: {standing.reason}", sources, (NAME,), GUIDANCE["restriction"])
        )
        return
    if seat_allowed:
        return
    standing.participation = "excluded"
    standing.fixes.append(
        f"Remove {NAME}, or replace it with an entity from a Member State or a country the topic lists."
    )
    standing.reason = (
        f"This topic is open only to entities from the Member States and the listed countries ({listed}); "
        f"{rules.country_name(facts.country)} is not among them."
    )
    found.append(Finding(rule, "error", f"{NAME}: {standing.reason}", sources, (NAME,), GUIDANCE["restriction"]))


def flag_countries(facts: Subject, standing: Standing, found: list[Finding]) -> None:
    """A flag about entities of some countries (a Chinese university under MIIT) on a participant established
    elsewhere: the flag's own restriction still decides, and a warning says that the two do not match."""
    rules = facts.call.rules
    for flag in sorted(facts.flags):
        countries = rules.flags[flag]["countries"]
        if not countries or facts.country in countries or facts.status.established_in in countries:
            continue
        where = rules.country_names(countries)
        found.append(
            Finding(
                f"{facts.call.prefix}.input.flag-country",
                "warning",
                f"{NAME} carries the flag “{rules.flags[flag]['label']}”, which is about entities in {where}, but "
                f"is established in {rules.country_name(facts.country)}. The restriction the flag brings is applied "
                "as the flag says: check the flag, or the country.",
                tuple(rules.flags[flag]["sources"]),
                (NAME,),
                GUIDANCE["restriction"],
            )
        )


PARTICIPATION_DECIDERS: tuple[Callable[[Subject, Standing, list[Finding]], None], ...] = (
    restrictions,
    topic_countries,
    flag_countries,
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
    call = facts.call
    for component in interval["excluded_components"]:
        if call.action_id in component["actions"]:
            found.append(
                Finding(
                    f"{call.prefix}.association.excluded-component",
                    "info",
                    f"{NAME}: {component['message']}",
                    sources,
                    (NAME,),
                    GUIDANCE["association"],
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
            Finding(
                f"{call.prefix}.funding-list.unverified",
                "warning",
                f"{NAME}: {country} is treated as eligible for funding, but this is not verified. {why.rstrip('.')}.",
                (*sources, *version["note_sources"]),
                (NAME,),
                GUIDANCE["funding"],
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
            and (option is None or getattr(call.topic, option))
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
            Finding(
                f"{call.prefix}.{call.action_id}.outside-beneficiary-funded.unverified",
                "warning",
                f"{NAME}: treated as funded: {spec['message']}",
                sources,
                (NAME,),
                GUIDANCE["funding"],
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
            Finding(
                f"{call.prefix}.funding-list.unverified",
                "warning",
                f"{NAME}: {country} is treated as not on the list of countries eligible for "
                f"funding, but {version['note']}",
                (*version["sources"], *version["note_sources"]),
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
    funded_outside_beneficiary,
)


def _decide_funding(facts: Subject, standing: Standing, found: list[Finding]) -> Decision:
    for decide in FUNDING_DECIDERS:
        decision = decide(facts, standing, found)
        if decision is not None:
            return decision
    return not_automatically_funded(facts, standing, found)
