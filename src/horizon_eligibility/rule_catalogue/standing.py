"""A country's standing: association, overseas countries and territories (association.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..rule_kinds import ASSOCIATION, FUNDING, kind

if TYPE_CHECKING:
    from ..rules import ProgrammeRules


def _intervals(p: ProgrammeRules) -> list[dict[str, object]]:
    return [dict(i) for entries in p.association.values() for i in entries]


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
    "association.association_group",
)
ASSOCIATION_PART_OF = kind(
    "association.part-of",
    "association",
    "warning",
    "A territory of another country",
    "The code is a territory of a country (Svalbard and Jan Mayen: Norway) and takes that country's status.",
    "{note}",
    f"{ASSOCIATION}: part_of",
    "association.country_standing",
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
    "association.association_group",
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
    "association.association_group",
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
    "association.association_group",
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
    "association.association_group",
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
    "association.association_group",
    fires=lambda p: any(i["status"] == "transitional" for i in _intervals(p)),
)
TRANSITIONAL_NEEDED = kind(
    "association.transitional.needed",
    "association",
    "warning",
    "A needed partner under a transitional arrangement",
    "A partner the consortium cannot lose for the minimum conditions is from a country under a transitional "
    "arrangement: the consortium is eligible only if the association agreement applies at grant signature (a "
    "condition to confirm).",
    "{name} is a partner the consortium needs for the minimum conditions, and it counts as an entity of an "
    "associated country only if the association agreement applies at grant signature: the consortium is eligible "
    "only if it does (otherwise this partner becomes an associated partner without EU funding and the minimum "
    "conditions no longer hold).",
    f"{ASSOCIATION}: status transitional, at_signature",
    "verdict.needed_findings",
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
    "funding.associated_country",
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
    "association.oct_note",
)
