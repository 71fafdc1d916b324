"""Stage 3 of a check: what the rules decide for each kind of participant.

Two questions, always apart (see "Uncertain rules are flagged" and the guidance page who-can-be-funded: taking
part and being funded are separate answers):
- may it take part? The restrictions and the topic's country limit, in order: fully, only as an
  associated partner, or not at all (excluded). Here.
- may it receive EU funding? funding.FUNDING_DECIDERS, an ordered list of small named deciders: the first
  one that returns a Decision settles it.

`assess()` is the one decision path: check() uses it for every participant, country_status() for the
status a country's pages show.
"""

from __future__ import annotations

from collections.abc import Callable

from .assessment import Assessment, MemberFacts, Standing
from .association import CountryStatus
from .call import Call
from .conditions import date_rule_applies
from .facts import Controller, Subject, subject, type_notes
from .funding import decide_funding
from .groups import admitted_by
from .model import BENEFICIARY_ROLES, NAME, Finding, Severity
from .rule_catalogue import (
    FLAG_COUNTRY,
    RESTRICTION,
    RESTRICTION_DEADLINE,
    RESTRICTION_EARLIER,
    RESTRICTION_SPARED,
    RESTRICTION_TOPIC_NOT_SET,
    TOPIC_COUNTRIES,
    TOPIC_COUNTRIES_DEEMED,
)
from .ruletypes import Restriction
from .topic_reader import ASSOCIATED_COUNTRIES


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
    decision = decide_funding(facts, standing, found)
    status = facts.status
    result_status = status.group
    if _counts_as_third_country(facts) and not facts.established_in_ms_or_ac:
        result_status = "third-country"  # an international organisation wherever it is (HE-REG Art 22(10))
    if facts.deemed:
        result_status = "deemed-member-state"
    elif status.funding_list and result_status == "third-country" and not _counts_as_third_country(facts):
        result_status = "eligible-third-country"
    member = _member_facts(facts, standing, found)  # before the findings are kept: it may add the groups' own
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
        country_name=call.rules.country_name(country),
        result_status=result_status,
        member=member,
    )
    call.assessments[key] = assessment
    return assessment


def _member_facts(facts: Subject, standing: Standing, found: list[Finding]) -> MemberFacts:
    """What the minimum conditions see of the participant (adding the findings of the topic's groups)."""
    status = facts.status
    # A country under a transitional arrangement counted as associated at submission (its beneficiaries were
    # moved or funded otherwise at signature): not a third country for who may be a beneficiary.
    third_country = not (status.is_member_state or facts.established_in_ms_or_ac or status.in_ms_or_ac)
    if _counts_as_third_country(facts):
        # An international organisation counts as established in a non-associated third country wherever it
        # is, unless its headquarters count for this action (HE-REG Art 22(10)).
        third_country = not facts.established_in_ms_or_ac
    elif facts.type == "international-organisation":
        third_country = False  # a category of its own where the programme's data says nothing (Horizon 2020)
    participates = standing.participation != "excluded"
    return MemberFacts(
        slot=status.established_in,
        slot_name=facts.call.rules.country_name(status.established_in),
        is_ms=facts.deemed or status.counts_as_member_state,
        counts_in_ms_or_ac=facts.established_in_ms_or_ac and participates,
        widening=status.widening,
        participates=participates,
        in_proposal=facts.in_proposal,
        third_country=third_country,
        beneficiary=standing.participation == "full" and facts.role in BENEFICIARY_ROLES,
        oct=status.group == "oct",
        admitted=admitted_by(facts, found) if third_country else frozenset(),
    )


def _counts_as_third_country(facts: Subject) -> bool:
    """The programme's data says entities of this type count as established in a non-associated third country
    wherever they are (unless their headquarters count for the action)."""
    special = facts.call.programme.entity_funding.get(facts.type or "")
    return special is not None and special["third_country"]


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
    return not status.in_ms_or_ac


def _listed(allowed: frozenset[str], country: str, status: CountryStatus) -> bool:
    """The topic's list names the country, or the group "Associated Countries" takes it in (for this call's
    year and part, those under a transitional arrangement included)."""
    return (
        country in allowed
        or status.established_in in allowed
        or (ASSOCIATED_COUNTRIES in allowed and status.in_ms_or_ac)
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
        and not (r["unless_topic"] and call.topic.value(r["unless_topic"]))
    )


def restrictions_in_force(call: Call, role: str) -> list[Restriction]:
    """The restrictions that may reach a participant of this role in this call (action, topic, date)."""
    return [
        r
        for r in call.programme.restrictions
        if _for_this_call(call, r, role)
        and not (r["only_if_topic"] and not call.topic.value(r["only_if_topic"]))
        and date_rule_applies(call.year, call.deadline, r["from_date"], r["from_year"])[0]
    ]


def restrictions(facts: Subject, standing: Standing, found: list[Finding]) -> None:
    """The programme's restrictions (data/<programme>/restrictions.yaml), in their order. A restriction
    reaches the participant through its own country or flags, or through a participant controlling it."""
    call = facts.call
    for r in call.programme.restrictions:
        if not _for_this_call(call, r, facts.role):
            continue
        if r["only_if_topic"] and not call.topic.value(r["only_if_topic"]):
            _topic_not_set(facts, r, found)
            continue
        via: Controller | None = None
        if not _matches(r, facts.country, facts.status.established_in, facts.flags):
            via = _controller_within(facts, r)
            if via is None:
                continue
        if _held_back(facts, r, standing, found):
            continue
        message = r["message"]
        if via is not None:
            spec = r["controlled_by"]
            assert spec is not None
            indirect = spec["reach"] == "direct" and via is not facts.controllers[0]
            if spec["effect"] == "check" or indirect:
                template = spec["indirect_message"] if indirect else spec["message"]
                check = (template or "").format(controller=via.name)
                found.append(_emit(call.prefix, r, "warning", variant="check", check=check))
                standing.sources += tuple(r["sources"])
                continue
            message = RESTRICTION.text("controlled", controller=via.name, message=message)
        _apply(facts, r, message, standing, found)


def _emit(prefix: str, r: Restriction, severity: Severity, variant: str = "", **fields: str) -> Finding:
    """A finding of the restriction itself (rule id restriction.<id>) about the participant (NAME)."""
    ids = {"restriction": r["id"]}
    return RESTRICTION.emit(
        prefix, r["sources"], (NAME,), severity=severity, ids=ids, variant=variant, name=NAME, **fields
    )


def _topic_not_set(facts: Subject, r: Restriction, found: list[Finding]) -> None:
    """The flag says what the entity is; only the topic says whether that matters here."""
    if r["flags"] and facts.flags & set(r["flags"]):
        call = facts.call
        option = call.rules.topic_options[r["only_if_topic"] or ""]["label"]
        ids = {"restriction": r["id"]}
        finding = RESTRICTION_TOPIC_NOT_SET.emit(
            call.prefix, r["sources"], (NAME,), ids=ids, name=NAME, restriction=r["name"], option=option
        )
        found.append(finding)


def _held_back(facts: Subject, r: Restriction, standing: Standing, found: list[Finding]) -> bool:
    """Whether the restriction's date or its spared participants keep it from applying here (with a warning where
    it may still reach the call); a note where the deadline would settle it."""
    call = facts.call
    prefix, ids, sources = call.prefix, {"restriction": r["id"]}, tuple(r["sources"])
    start, earlier = r["from_date"], r["earlier_deadlines"]
    if (
        earlier
        and start
        and call.deadline is not None
        and call.deadline.isoformat() < start
        and call.year >= int(start[:4]) - 1  # calls whose grants may be signed after the date
    ):
        # The deadline is before the date, but the measure may still reach the call (it bars grant
        # signature from the date, or the sources leave earlier calls open): a warning, not an error.
        found.append(RESTRICTION_EARLIER.emit(prefix, sources, (NAME,), ids=ids, name=NAME, message=earlier))
        standing.sources += sources
        return True
    applies, uncertain = date_rule_applies(call.year, call.deadline, start, r["from_year"])
    if not applies:
        return True
    if uncertain:
        found.append(RESTRICTION_DEADLINE.emit(prefix, sources, (NAME,), ids=ids, restriction=r["name"], date=start))
    spared = r["spares"]
    if spared and facts.type in spared["types"] and call.action_id in spared["actions"]:
        found.append(RESTRICTION_SPARED.emit(prefix, sources, (NAME,), ids=ids, name=NAME, message=spared["message"]))
        standing.sources += sources
        return True
    return False


def _apply(facts: Subject, r: Restriction, message: str, standing: Standing, found: list[Finding]) -> None:
    """The restriction's effect on the participant: excluded, associated partner only, or a warning."""
    prefix, effect = facts.call.prefix, r["effect"]
    if effect == "excluded":
        standing.participation = "excluded"
        standing.reason = message
        standing.fixes.append(f"Remove {NAME}: {_WHAT_IT_MEANS[effect]}.")
        found.append(_emit(prefix, r, "error", message=message))
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
            found.append(_emit(prefix, r, "error", variant="role", role=role, message=message))
        else:
            found.append(_emit(prefix, r, "info", message=message))
    else:  # warning: its reach is not settled; info: a rule on activities, which the input does not show
        severity: Severity = "info" if effect == "info" else "warning"
        found.append(_emit(prefix, r, severity, message=message))
    standing.sources += tuple(r["sources"])


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
    prefix = call.prefix
    sources = call.rule_sources["topic_country_limits"]
    if facts.deemed:
        # Deemed established in another Member State (HE-REG Art 22(9)): the General Annexes say so under
        # consortium composition, and no text read extends it to a topic's country limit (Art 22(5)).
        doubt = TOPIC_COUNTRIES_DEEMED.text("doubt", listed=listed)
        if seat_allowed:
            found.append(TOPIC_COUNTRIES_DEEMED.emit(prefix, sources, (NAME,), name=NAME, text=doubt))
            return
        standing.participation = "excluded"
        country = rules.country_name(facts.country)
        standing.reason = TOPIC_COUNTRIES_DEEMED.text("reason", country=country, doubt=doubt)
        standing.fixes.append(f"Check whether the topic admits {NAME}; otherwise remove it.")
        found.append(
            TOPIC_COUNTRIES_DEEMED.emit(prefix, sources, (NAME,), severity="error", name=NAME, text=standing.reason)
        )
        return
    if seat_allowed:
        return
    standing.participation = "excluded"
    standing.fixes.append(
        f"Remove {NAME}, or replace it with an entity from a Member State or a country the topic lists."
    )
    standing.reason = TOPIC_COUNTRIES.text("reason", listed=listed, country=rules.country_name(facts.country))
    found.append(TOPIC_COUNTRIES.emit(prefix, sources, (NAME,), name=NAME, reason=standing.reason))


def flag_countries(facts: Subject, standing: Standing, found: list[Finding]) -> None:
    """A flag about entities of some countries (a Chinese university under MIIT) on a participant established
    elsewhere: the flag's own restriction still decides, and a warning says that the two do not match."""
    rules = facts.call.rules
    for flag in sorted(facts.flags):
        countries = rules.flags[flag]["countries"]
        if not countries or facts.country in countries or facts.status.established_in in countries:
            continue
        found.append(
            FLAG_COUNTRY.emit(
                facts.call.prefix,
                rules.flags[flag]["sources"],
                (NAME,),
                name=NAME,
                label=rules.flags[flag]["label"],
                where=rules.country_names(countries),
                country=rules.country_name(facts.country),
            )
        )


PARTICIPATION_DECIDERS: tuple[Callable[[Subject, Standing, list[Finding]], None], ...] = (
    restrictions,
    topic_countries,
    flag_countries,
)
