"""The rule catalogue: each kind of rule declared once (see rule_kinds.RuleKind for what a declaration holds).

Ids after the programme prefix ("he."). `{name}` in a message is the participant's name (decisions work for a
kind of participant: rule_kinds' callers pass model.NAME and the verdict fills it in).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .conditions import condition_rule
from .model import Severity
from .rule_kinds import RuleEntry, RuleKind, kind
from .ruletypes import Condition, Restriction

if TYPE_CHECKING:
    from .rules import ProgrammeRules

RESTRICTIONS = "data/<programme>/restrictions.yaml"
ASSOCIATION = "data/<programme>/association.yaml"
PROGRAMME = "data/<programme>/programme.yaml"
ACTIONS = "data/<programme>/actions.yaml"
FUNDING = "data/<programme>/funding.yaml"


def _intervals(p: ProgrammeRules) -> list[dict[str, object]]:
    return [dict(i) for entries in p.association.values() for i in entries]


def _restriction_entries(suffix: str, explanation_of: str | None = None) -> object:
    """The ids a restriction kind has: one per restriction whose data has `explanation_of` (its text)."""

    def entries(p: ProgrammeRules) -> Iterator[RuleEntry]:
        for r in p.restrictions:
            ids = {"restriction": r["id"]}
            sources = tuple(r["sources"])
            if suffix == "":
                yield RuleEntry(ids, r["name"], r["message"], sources, _restriction_severities(r))
            elif suffix == "depends-on-deadline" and r["from_date"]:
                yield RuleEntry(ids, r["name"], _DEPENDS_ON_DEADLINE, sources)
            elif suffix == "earlier-deadline" and r["earlier_deadlines"]:
                yield RuleEntry(ids, r["name"], r["earlier_deadlines"], sources)
            elif suffix == "spared" and r["spares"]:
                yield RuleEntry(ids, r["name"], r["spares"]["message"], sources)
            elif suffix == "topic-not-set" and r["only_if_topic"] and r["flags"]:
                yield RuleEntry(ids, r["name"], _TOPIC_NOT_SET, sources)

    return entries


def _restriction_severities(r: Restriction) -> tuple[Severity, ...]:
    """An exclusion is an error; associated partners only: an error for another role, a note for one; a
    restriction that asks to check, or reaches a participant whose controller's share is not known: a warning."""
    by_effect: dict[str, list[Severity]] = {"excluded": ["error"], "associated-partner-only": ["error", "info"]}
    found = list(by_effect.get(r["effect"], []))
    spec = r["controlled_by"]
    if r["effect"] not in ("excluded", "associated-partner-only") or (
        spec and (spec["effect"] == "check" or spec["reach"] == "direct")
    ):
        found.append("warning")
    return tuple(found)


_DEPENDS_ON_DEADLINE = "Without the call deadline the restriction is assumed to apply; the deadline settles it."
_TOPIC_NOT_SET = "A participant carries the flag, but the topic option that brings the restriction in is not set."

# -- may it take part? (decisions) -----------------------------------------------------------------
RESTRICTION = kind(
    "restriction.{restriction}",
    "restriction",
    ("error", "warning", "info"),
    "(the restriction's name)",
    "(the restriction's message)",
    {
        "": "{name}: {message}",
        "role": "{name} may not be a {role}: {message}",
        "controlled": "it is controlled by {controller}, so the restriction reaches it. {message}",
        "check": "{name}: {check}",
    },
    f"{RESTRICTIONS}: countries, flags, actions, roles, effect, controlled_by, message",
    "decisions.restrictions",
    entries=_restriction_entries(""),  # type: ignore[arg-type]
)
RESTRICTION_DEADLINE = kind(
    "restriction.{restriction}.depends-on-deadline",
    "restriction",
    "warning",
    "(the restriction's name)",
    _DEPENDS_ON_DEADLINE,
    "{restriction}: this restriction applies from {date}; without the call deadline we assume it applies to this "
    "call. Give the deadline to settle it.",
    f"{RESTRICTIONS}: from_date",
    "decisions.restrictions",
    entries=_restriction_entries("depends-on-deadline"),  # type: ignore[arg-type]
)
RESTRICTION_EARLIER = kind(
    "restriction.{restriction}.earlier-deadline",
    "restriction",
    "warning",
    "(the restriction's name)",
    "(the restriction's earlier_deadlines)",
    "{name}: {message}",
    f"{RESTRICTIONS}: from_date, earlier_deadlines",
    "decisions.restrictions",
    entries=_restriction_entries("earlier-deadline"),  # type: ignore[arg-type]
)
RESTRICTION_SPARED = kind(
    "restriction.{restriction}.spared",
    "restriction",
    "warning",
    "(the restriction's name)",
    "(the restriction's spares.message)",
    "{name}: {message}",
    f"{RESTRICTIONS}: spares",
    "decisions.restrictions",
    entries=_restriction_entries("spared"),  # type: ignore[arg-type]
)
RESTRICTION_TOPIC_NOT_SET = kind(
    "restriction.{restriction}.topic-not-set",
    "restriction",
    "info",
    "(the restriction's name)",
    _TOPIC_NOT_SET,
    "{name}: the restriction \u201c{restriction}\u201d applies only where the topic conditions say so (topic option "
    "\u201c{option}\u201d), which is not set for this call. Set it if they do.",
    f"{RESTRICTIONS}: only_if_topic, flags; the topic option's label",
    "decisions.restrictions",
    entries=_restriction_entries("topic-not-set"),  # type: ignore[arg-type]
)
TOPIC_COUNTRIES = kind(
    "topic.eligible-countries",
    "restriction",
    "error",
    "Topic limited to listed countries",
    "The topic is open only to entities from the Member States and the countries it lists (HE-REG Art 22(5)).",
    {
        "": "{name}: {reason}",
        "reason": "This topic is open only to entities from the Member States and the listed countries ({listed}); "
        "{country} is not among them.",
    },
    "input: topic.eligible_countries",
    "decisions.topic_countries",
    fires=lambda p: "eligible_countries" in p.topic_options,
)
TOPIC_COUNTRIES_DEEMED = kind(
    "topic.eligible-countries.deemed",
    "restriction",
    ("warning", "error"),
    "International European research organisation in a limited topic",
    "Such an organisation is deemed established in a Member State for the consortium's composition; no text read "
    "says this opens a topic limited to the Member States and listed countries.",
    {
        "": "{name}: {text}",
        "doubt": "An international European research organisation is deemed established in a Member State for the "
        "consortium's composition; no text read says this also opens a topic limited to the Member States and "
        "listed countries ({listed}). Check whether the topic conditions name such organisations.",
        "reason": "Likely not eligible here: its seat, {country}, is not among them. {doubt}",
    },
    f"input: topic.eligible_countries; {PROGRAMME}: deemed_other_member_state",
    "decisions.topic_countries",
    fires=lambda p: "eligible_countries" in p.topic_options,
)

# -- the country's standing (association, overseas countries and territories) ---------------------
ASSOCIATION_NOT_ASSOCIATED = kind(
    "association.not-associated",
    "association",
    "info",
    "Not associated",
    "The country is not associated to the programme in the call's year; the note says why (for example "
    "Switzerland in 2021-2024).",
    "{note}",
    f"{ASSOCIATION}: status not-associated, note",
    "rules.ProgrammeRules._association_group",
)
ASSOCIATION_PART_OF = kind(
    "association.part-of",
    "association",
    "warning",
    "A territory of another country",
    "The code is a territory of a country (Svalbard and Jan Mayen: Norway) and takes that country's status.",
    "{note}",
    f"{ASSOCIATION}: part_of",
    "rules.ProgrammeRules._status",
    fires=lambda p: any(i["part_of"] for i in _intervals(p)),
)
ASSOCIATION_SCOPE = kind(
    "association.scope",
    "association",
    "info",
    "Associated for some parts only",
    "The country is associated for some parts of the programme only (New Zealand, Canada, Korea: Pillar II); in "
    "this part its entities are from a non-associated third country.",
    "{country} is associated to {programme} only for {parts}; in this part of the programme its entities are from "
    "a non-associated third country.",
    f"{ASSOCIATION}: parts",
    "rules.ProgrammeRules._association_group",
    fires=lambda p: any(len(i["parts"]) < len(p.parts) for i in _intervals(p)),  # type: ignore[arg-type]
)
ASSOCIATION_UNVERIFIED = kind(
    "association.unverified",
    "association",
    "warning",
    "Association not confirmed",
    "No source read confirms the country's association for this call year; it is not counted.",
    "{note}",
    f"{ASSOCIATION}: status unverified, evidence",
    "rules.ProgrammeRules._association_group",
    fires=lambda p: any(i["status"] == "unverified" or i["evidence"] == "unverified" for i in _intervals(p)),
)
ASSOCIATION_DEADLINE = kind(
    "association.depends-on-deadline",
    "association",
    "warning",
    "Association depends on the deadline",
    "The association applies only to deadlines from a date in the call year; without the deadline the country is "
    "not counted, and the verdict says which date settles it.",
    "{country} counts as associated for calls of {year} only if the deadline is on or after {date}. Without the "
    "deadline it is treated as a non-associated third country here: give the call deadline to settle it.",
    f"{ASSOCIATION}: from_deadline",
    "rules.ProgrammeRules._association_group",
    fires=lambda p: any(i["from_deadline"] for i in _intervals(p)),
)
ASSOCIATION_NOT_YET = kind(
    "association.not-yet",
    "association",
    "info",
    "Association not yet applicable",
    "The call's deadline is before the date from which the country counts as associated.",
    "{country}'s arrangement applies only to deadlines from {date}.",
    f"{ASSOCIATION}: from_deadline",
    "rules.ProgrammeRules._association_group",
    fires=lambda p: any(i["from_deadline"] for i in _intervals(p)),
)
ASSOCIATION_TRANSITIONAL = kind(
    "association.transitional",
    "association",
    "warning",
    "Transitional arrangement",
    "A country negotiating association: its entities count as associated if the agreement applies at grant "
    "signature; otherwise a beneficiary from there becomes an associated partner without EU funding.",
    {
        "": "{country} is under a transitional arrangement: its entities are treated as from an associated country "
        "only if the association agreement applies at grant signature; {otherwise}.",
        "not-applied": "{note} So here its entities do not count towards the minimum conditions and cannot be the "
        "host: the consortium had to meet them without them.",
        "listed": "otherwise they are from a third country: still funded as from a low- or middle-income country, "
        "but not counted towards the minimum conditions, and not eligible as a host",
        "not-listed": "otherwise a beneficiary from there becomes an associated partner without EU funding",
    },
    f"{ASSOCIATION}: status transitional, at_signature; {FUNDING}",
    "rules.ProgrammeRules._association_group",
    fires=lambda p: any(i["status"] == "transitional" for i in _intervals(p)),
)
ASSOCIATION_EXCLUDED_COMPONENT = kind(
    "association.excluded-component",
    "association",
    "info",
    "Part of an action outside the association",
    "The country's association leaves out a component of this action (the UK: the EIC Fund).",
    "{name}: {message}",
    f"{ASSOCIATION}: excluded_components",
    "decisions.associated_country",
    fires=lambda p: any(i["excluded_components"] for i in _intervals(p)),
)
OCT_COUNTING = kind(
    "oct-counting",
    "association",
    "warning",
    "Overseas countries and territories",
    "An entity in an overseas country or territory linked to a Member State is funded like the Member State's; no "
    "text says it counts for the minimum conditions, so it is not counted.",
    {
        "": "{country} is an overseas country or territory linked to {linked}: its entities are funded like those "
        "of {linked}. {counting}",
        "counted": "No text says how they count for the minimum conditions; we count them as established in "
        "{linked} (so not as a country of their own).",
        "not-counted": "No text says they count for the minimum conditions: the programmes list the overseas "
        "countries and territories apart from the Member States, so an entity here is not counted as established "
        "in a Member State or associated country (nor as a country apart from {linked}). If the consortium needs "
        "it to meet the minimum, ask the granting authority or your National Contact Point.",
    },
    "data/eu.yaml: octs, oct_counting",
    "rules.Rules.oct_note",
)

# -- may it be funded? (decisions) -----------------------------------------------------------------
FUNDING_LIST_UNVERIFIED = kind(
    "funding-list.unverified",
    "funding",
    "warning",
    "Funding list not verified",
    "The country's place on the list of countries automatically eligible for funding could not be verified for "
    "this call year (a version not retrieved, or an entry not read in the copies).",
    {
        "": "{name}: {country} is treated as eligible for funding, but this is not verified. {why}.",
        "not-listed": "{name}: {country} is treated as not on the list of countries eligible for funding, but {note}",
    },
    f"{FUNDING}: evidence, note, note_sources, uncertain_countries, unverified_countries",
    "decisions.funding_list",
)
_NOT_AUTOMATIC = (
    "Not automatically funded",
    "The entity's country is not a Member State, an associated country or on the funding list: it is funded only "
    "if the topic provides for it or its participation is judged essential.",
)
NOT_AUTOMATIC = kind(
    "funding.not-automatic",
    "funding",
    ("warning", "info"),
    *_NOT_AUTOMATIC,
    "{message}",
    f"{PROGRAMME}: not_funded_beneficiary (message, affiliated_message, severity)",
    "decisions._not_funded",
    entries=lambda p: [
        RuleEntry({}, _NOT_AUTOMATIC[0], _NOT_AUTOMATIC[1], (), (p.not_funded_beneficiary["severity"],))
    ],
)
OUTSIDE_BENEFICIARY_FUNDED = kind(
    "{action}.outside-beneficiary-funded.unverified",
    "funding",
    "warning",
    "(the action's name)",
    "(the action's funds_outside_beneficiaries.message)",
    "{name}: treated as funded: {message}",
    f"{ACTIONS}: funds_outside_beneficiaries",
    "decisions.funded_outside_beneficiary",
    entries=lambda p: (
        RuleEntry({"action": a}, action["name"], spec["message"], tuple(spec["sources"]))
        for a, action in p.actions.items()
        if (spec := action["funds_outside_beneficiaries"]) and spec["evidence"] not in (None, "official")
    ),
)
ENTITY_TYPE = kind(
    "entity-type.{type}",
    "special",
    "warning",
    "(the entity type)",
    "(the entity type's note)",
    "{name}: {note}",
    f"{PROGRAMME}: entity_funding.<type>.note",
    "facts.type_notes",
    entries=lambda p: (
        RuleEntry({"type": t}, t.replace("-", " ").capitalize(), e["note"], tuple(e["sources"]))
        for t, e in p.entity_funding.items()
        if e["note"]
    ),
)
DEEMED_UNVERIFIED = kind(
    "deemed-established.unverified",
    "special",
    "warning",
    "Deemed established in another Member State (not verified)",
    "The rule deeming this entity type established in a Member State other than the others' could not be "
    "verified word for word.",
    "{name} counts as established in a Member State or associated country other than those of the other "
    "participants ({type}); the paragraph of {programme}'s rules that says so could not be verified word for word.",
    f"{PROGRAMME}: deemed_other_member_state, deemed_evidence",
    "facts.type_notes",
    fires=lambda p: p.deemed_evidence != "official",
)


# -- the topic's lists of countries and groups (groups) --------------------------------------------
def _group_entries(p: ProgrammeRules) -> list[RuleEntry]:
    groups = [g for g in p.rules.country_groups.values() if p.id in g["programmes"]]
    return [RuleEntry({}, "", "", tuple(dict.fromkeys(s for g in groups for s in g["sources"])))] if groups else []


def _group_kind(suffix: str, title: str, explanation: str, message: str) -> RuleKind:
    def entries(p: ProgrammeRules) -> list[RuleEntry]:
        return [e._replace(title=title, explanation=explanation) for e in _group_entries(p)]

    return kind(
        f"topic.country-group.{suffix}",
        "restriction",
        "warning",
        title,
        explanation,
        message,
        "data/country_groups.yaml; input: topic.funded_third_countries, topic.third_country_beneficiaries",
        "groups._group_takes_in",
        entries=entries,
    )


GROUP_UNVERIFIED = _group_kind(
    "unverified",
    "Counted in a country group (not verified)",
    "The participant's country is counted among a group the topic names (the African Union member states), but "
    "the group's data rests on secondary sources or does not cover the call's date.",
    "{name}: {country} is counted among the topic's {group} on the call's date; {caveats}. Check {country}'s "
    "standing if the verdict depends on it.",
)
GROUP_SUSPENDED = _group_kind(
    "suspended",
    "A suspended member of a country group",
    "The country's membership of the group the topic names was suspended on the call's date, so it is not counted "
    "among the group's members; the topic may say otherwise (a footnote), then list the country.",
    "{name}: {country}'s participation in the {union} was suspended on the call's date, so it is not counted among "
    "the topic's {group}. {footnote}",
)
GROUP_DEADLINE = _group_kind(
    "depends-on-deadline",
    "Country group membership depends on the deadline",
    "The country's membership or standing in the group changed during the call year; without the deadline it is "
    "not counted among the group's members.",
    "{name}: {country}'s membership or standing among the {group} changed during {year}; without the call deadline "
    "it is not counted among them. Give the deadline to settle it.",
)
GROUP_UNCERTAIN = _group_kind(
    "uncertain",
    "Country group: not settled",
    "No text read settles whether the group the topic names takes in this country (Western Sahara and the African "
    "Union); it is not counted.",
    "{name}: not counted among the topic's {group}. {why} Check the topic conditions.",
)

# -- roles and control (verdict, facts) ------------------------------------------------------------
ROLES_COORDINATOR = kind(
    "roles.coordinator",
    "roles",
    "error",
    "One coordinator",
    "A proposal has exactly one coordinator.",
    {
        "none": "No participant is the coordinator: a proposal has exactly one.",
        "several": "{count} participants are marked coordinator ({names}): a proposal has exactly one.",
    },
    "input: participants[].role",
    "verdict.role_findings",
)
ROLES_COORDINATOR_NOT_FUNDED = kind(
    "roles.coordinator-not-funded",
    "roles",
    "warning",
    "A coordinator without EU funding",
    "A coordinator not eligible for funding would take part as an associated partner, who cannot coordinate.",
    "{names} coordinates but is not eligible for EU funding as things stand (see its funding). An entity that is not "
    "funded takes part as an associated partner, and an associated partner cannot coordinate: unless the granting "
    "authority funds it exceptionally, another beneficiary will have to coordinate.",
    f"{PROGRAMME}: associated_partners.role_exists; {ACTIONS}: conditions of kind coordinator",
    "verdict.role_findings",
    fires=lambda p: bool(p.associated_partners["role_exists"]),
)
ROLES_COORDINATOR_NOT_IN_PROPOSAL = kind(
    "roles.coordinator-not-in-proposal",
    "roles",
    "error",
    "A coordinator that joins only after evaluation",
    "An entity that takes no part in preparing the proposal (the JRC in Horizon Europe) cannot coordinate it.",
    "{names} takes no part in preparing or submitting the proposal (it may join the consortium selected for "
    "funding), so it cannot be the coordinator.",
    f"{PROGRAMME}: entity_funding.<type>.counts_at_submission",
    "verdict.role_findings",
    fires=lambda p: not all(e["counts_at_submission"] for e in p.entity_funding.values()),
)
ROLES_AFFILIATED_LINK = kind(
    "roles.affiliated-entity-link",
    "roles",
    "warning",
    "Affiliated entities are linked to a beneficiary",
    "An affiliated entity takes part through a beneficiary it is linked to (control, common control or another "
    "legal link); where the consortium names no such link, we say so.",
    "An affiliated entity takes part through a beneficiary it is linked to: one controls the other, both are under "
    "the same control, or another legal link (such as membership of an association). No such link is given for "
    "{names}: say which beneficiary controls it or controls it in turn ('controlled by'), or check that the link "
    "exists.",
    "input: participants[].role, controlled_by",
    "verdict.role_findings",
)
ROLES_NO_ASSOCIATED_PARTNERS = kind(
    "roles.no-associated-partners",
    "roles",
    "info",
    "No associated partners in Horizon 2020",
    "Horizon 2020 had no associated-partner role; entities that did not sign the grant agreement got no EU funding.",
    "{note}",
    f"{PROGRAMME}: associated_partners (role_exists, note)",
    "verdict.role_findings",
    fires=lambda p: not p.associated_partners["role_exists"] and bool(p.associated_partners["note"]),
)
CONTROL_OUTSIDE = kind(
    "control.outside-consortium",
    "restriction",
    "warning",
    "A controller outside the consortium",
    "A participant is controlled by an entity that is not in the consortium, in a topic that keeps out entities "
    "controlled from third countries: where the controller is established could not be checked.",
    "{controlled} {verb} controlled by {controller}, which is not in the consortium, so we cannot see where it is "
    "established. This topic keeps out entities controlled from non-associated third countries ({names}): check "
    "where {controller} is established, or add it to the consortium (as an associated partner, for instance) with "
    "its country.",
    f"{RESTRICTIONS}: controlled_by.third_countries",
    "verdict.outside_controller_findings",
    fires=lambda p: any(r["controlled_by"] and r["controlled_by"]["third_countries"] for r in p.restrictions),
)
DUPLICATE_NAMES = kind(
    "input.duplicate-names",
    "independence",
    "warning",
    "Participants with the same name",
    "'Controlled by' refers to the first participant of a name; give each participant its own name.",
    "More than one participant is called {names}; 'controlled by' refers to the first of them, and the verdict "
    "counts them as different legal entities: if they are one entity (one PIC), it counts once. Give each "
    "participant its own name.",
    "input: participants[].name",
    "facts.control_groups",
)
CONTROL_CYCLE = kind(
    "input.control-cycle",
    "independence",
    "warning",
    "Control in a circle",
    "'Controlled by' goes round in a circle: the entities on it are one group, not independent.",
    "'Controlled by' goes round in a circle ({chain}); these entities are treated as one group, not independent of "
    "each other.",
    "input: participants[].controlled_by",
    "facts.control_groups",
)
CONTROLS_ITSELF = kind(
    "input.controls-itself",
    "independence",
    "warning",
    "Controlled by itself",
    "A participant marked as controlled by itself; the mark is ignored.",
    "{name} is marked as controlled by itself; ignored.",
    "input: participants[].controlled_by",
    "facts.control_groups",
)
PUBLIC_BODY = kind(
    "independence.public-body",
    "independence",
    "warning",
    "Entities under one public body",
    "Being owned or supervised by the same public body does not by itself make entities dependent.",
    "{names} are treated as one group because {body}, a public body, controls them. Being owned or supervised by "
    "the same public body does not by itself make entities dependent under the Horizon 2020 Rules for "
    "Participation (Art 8(2)); for Horizon Europe no text read settles it. If that is all that links them, check "
    "with the granting authority whether they count as independent.",
    "input: participants[].type, controlled_by",
    "facts._public_body_groups",
)
INVISIBLE_CHARACTERS = kind(
    "input.invisible-characters",
    "independence",
    "info",
    "Invisible characters removed",
    "A name held characters that do not show (a soft hyphen, a zero-width space, a byte-order mark, a direction "
    "mark), as copies of Word or PDF text often do: they were taken out, so that 'controlled by' finds the name as "
    "a reader sees it.",
    "{message}",
    "input: participants[].name, controlled_by",
    "inputs._invisible_note",
)
# The notes input parsing makes (model.InputNote, by its rule id after the programme prefix).
INPUT_NOTES = {k.pattern: k for k in (INVISIBLE_CHARACTERS,)}
PART_ASSUMED = kind(
    "input.part-assumed",
    "association",
    "warning",
    "Programme part assumed",
    "The programme part decides a participant's status here and neither the part nor the call identifier tells it: "
    "the action's usual part is assumed.",
    {
        "": "The programme part matters here, and {why}: we assumed {part}, where {action}s usually are. Give the "
        "part if the call belongs to another.",
        "call-id": "the call identifier {call_id!r} does not say which part of {programme} it belongs to",
        "none": "no part or call identifier was given",
    },
    f"{PROGRAMME}: call_prefixes; {ACTIONS}: default_part",
    "verdict.part_findings",
)
CALL_CAUTION = kind(
    "call.{caution}",
    "minimum",
    "warning",
    "(the caution's title)",
    "(the caution's message)",
    "{message}",
    f"{PROGRAMME}: call_prefixes[].caution",
    "verdict.call_family_findings",
    entries=lambda p: (
        RuleEntry({"caution": c["id"]}, c["title"], c["message"], tuple(c["sources"]))
        for family in p.call_prefixes
        if (c := family["caution"])
    ),
)


# -- the minimum conditions (conditions, verdict, call) ---------------------------------------------
def _flat(conditions: list[Condition]) -> Iterator[Condition]:
    for condition in conditions:
        if condition["kind"] == "by-size":
            for option in condition["options"]:
                yield from _flat(option["conditions"])
        else:
            yield condition


def _condition_entries(suffix: str) -> object:
    """The ids of a condition kind: one per condition of each action (by-size options included) that can have
    it, and the topic's composition requirement where the programme takes it."""

    def entries(p: ProgrammeRules) -> Iterator[RuleEntry]:
        if "composition" in p.topic_options and suffix in ("", ".met"):
            title, text = TOPIC_COMPOSITION[suffix]
            yield RuleEntry({"condition": "topic.composition"}, title, text, (), ("error",) if suffix == "" else ())
        for action_id, action in p.actions.items():
            for c in _flat(action["conditions"]):
                rule, text, sources = condition_rule(action_id, c), c["text"], tuple(c["sources"])
                ids = {"condition": rule}
                if suffix == "":
                    yield RuleEntry(ids, action["name"], text, sources, (c["severity"],))
                elif suffix == ".met" and c["kind"] == "composition":
                    more = " Where the consortium meets it, we say with which entities and countries."
                    yield RuleEntry(ids, action["name"], text + more, sources)
                elif suffix == ".unsure" and c["kind"] == "sectors":
                    more = " Where a participant's type does not say its sector, we say so."
                    yield RuleEntry(ids, action["name"], text + more, sources)
                elif suffix == ".unsure" and c["kind"] == "coordinator" and c["established_in"] == "ms-ac":
                    more = " Where it is in an overseas country or territory, we say it is unsure."
                    yield RuleEntry(ids, action["name"], text + more, sources)
                elif suffix == ".depends-on-deadline" and c["from_date"]:
                    yield RuleEntry(ids, action["name"], f"From {c['from_date']}: {text}", sources)

    return entries


TOPIC_COMPOSITION = {
    "": (
        "Topic composition requirement",
        "A composition requirement the topic adds (at least N entities from at least M countries).",
    ),
    ".met": (
        "How the topic composition requirement is met",
        "The topic's composition requirement holds: which entities and countries meet it.",
    ),
}
CONDITION = kind(
    "{condition}",
    "minimum",
    ("error", "warning"),
    "(the action's name)",
    "(the condition's text)",
    "{message}",
    f"{ACTIONS}: conditions (kind, severity, text); input: topic.composition",
    "verdict.condition_findings",
    entries=_condition_entries(""),  # type: ignore[arg-type]
)
CONDITION_UNSURE = kind(
    "{condition}.unsure",
    "minimum",
    "warning",
    "(the action's name)",
    "(the condition's text)",
    "{message}",
    f"{ACTIONS}: conditions of kind sectors, and coordinator established in ms-ac",
    "verdict.condition_findings",
    entries=_condition_entries(".unsure"),  # type: ignore[arg-type]
)
CONDITION_MET = kind(
    "{condition}.met",
    "minimum",
    "info",
    "(the action's name)",
    "(the condition's text)",
    "{message}",
    f"{ACTIONS}: conditions of kind composition; input: topic.composition",
    "verdict.met_findings",
    entries=_condition_entries(".met"),  # type: ignore[arg-type]
)
CONDITION_DEADLINE = kind(
    "{condition}.depends-on-deadline",
    "minimum",
    "warning",
    "(the action's name)",
    "(the condition's text)",
    "This condition applies from {date}; without the call deadline we assume it applies to this call. Give the "
    "deadline to settle it. ({text})",
    f"{ACTIONS}: conditions[].from_date",
    "call.make_call",
    entries=_condition_entries(".depends-on-deadline"),  # type: ignore[arg-type]
)
ACTION_NOTE = kind(
    "{action}.note",
    "minimum",
    "info",
    "(the action's name): notes",
    "(the action's notes)",
    "{note}",
    f"{ACTIONS}: notes",
    "call.make_call",
    entries=lambda p: (
        RuleEntry({"action": a}, f"{action['name']}: notes", " ".join(action["notes"]), tuple(action["sources"]))
        for a, action in p.actions.items()
        if action["notes"]
    ),
)
TOPIC_COMPOSITION_CHECK = kind(
    "topic.composition.check",
    "minimum",
    "warning",
    "Topic requirement to check by hand",
    "A composition requirement the topic adds on facts the input does not hold (first responders, ...).",
    "The topic requires: {text} The checker cannot tell {needs} from the consortium as entered: check this yourself.",
    "input: topic.composition[].needs",
    "call.topic_conditions",
    fires=lambda p: "composition" in p.topic_options,
)
TOPIC_UNREAD = kind(
    "topic.unread",
    "restriction",
    "warning",
    "Topic condition not understood",
    "A sentence of the topic's conditions that reads like a condition but was not understood: check it.",
    "The topic conditions say: \u201c{sentence}\u201d The checker did not understand this sentence, so the verdict "
    "does not take it into account: if it changes who may take part, who is funded or what the consortium must "
    "include, the verdict may be wrong. Check it yourself.",
    "input: topic.conditions_text (topic_reader)",
    "call.topic_conditions",
)
PARTNERS_LEAVING = kind(
    "partners-leaving",
    "leaving",
    "info",
    "Partners the consortium cannot lose",
    "The minimum conditions must still be met if a partner leaves: without any one of these they would not.",
    "The minimum conditions must still be met if a partner leaves during the project. Without any one of these the "
    "consortium would no longer meet them: {names}.",
    f"{ACTIONS}: conditions of severity error",
    "verdict.partners_leaving",
)
