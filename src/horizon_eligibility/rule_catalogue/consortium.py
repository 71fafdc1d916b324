"""Roles, control and independence, the input, the call (verdict.py, facts.py, inputs.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..rule_kinds import ACTIONS, PROGRAMME, RESTRICTIONS, RuleEntry, kind

if TYPE_CHECKING:
    pass


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
# What the organisation directory (CORDIS) gave for a participant named by its PIC (from_directory.py).
FROM_DIRECTORY = kind(
    "input.from-directory",
    "special",
    "info",
    "Taken from CORDIS",
    "A participant given by its PIC: the name, country and type the input left out were taken from the "
    "organisation directory (CORDIS, with its snapshot date).",
    "{message}",
    "input: participants[].pic; the organisation directory (make directory)",
    "from_directory.directory_findings",
)
DIRECTORY_DIFFERS = kind(
    "input.directory-differs",
    "special",
    "warning",
    "Input and CORDIS differ",
    "The input gives a country or type that CORDIS records differently for the participant's PIC: the input's "
    "value is used, and the verdict says which one it took.",
    "{message}",
    "input: participants[].pic, country, type; the organisation directory",
    "from_directory.directory_findings",
)
DIRECTORY_TYPE_UNCERTAIN = kind(
    "input.directory-type-uncertain",
    "special",
    "warning",
    "Type from CORDIS uncertain",
    "CORDIS's activity type leaves the legal type open (a company that may be an SME, a body that may be public), "
    "and the other reading changes the verdict: a condition to confirm where it would make the consortium not "
    "eligible.",
    "{message}",
    "input: participants[].pic, type; the organisation directory",
    "from_directory.directory_findings",
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
