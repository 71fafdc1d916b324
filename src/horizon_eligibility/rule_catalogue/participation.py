"""What may take part: the restrictions and a topic's list of countries (decisions.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Severity
from ..rule_kinds import PROGRAMME, RESTRICTIONS, RuleEntry, kind
from ..ruletypes import Restriction

if TYPE_CHECKING:
    from ..rules import ProgrammeRules


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
            elif suffix == "earlier-deadline.needed" and r["earlier_deadlines"] and _may_be_needed(r):
                yield RuleEntry(ids, r["name"], _EARLIER_NEEDED, sources)
            elif suffix == "spared" and r["spares"]:
                yield RuleEntry(ids, r["name"], r["spares"]["message"], sources)
            elif suffix == "topic-not-set" and r["only_if_topic"] and r["flags"]:
                yield RuleEntry(ids, r["name"], _TOPIC_NOT_SET, sources)

    return entries


def _may_be_needed(r: Restriction) -> bool:
    """Only an entity that counts for the minimum can be needed: one a flag names, in any country, in a role that
    counts (a country restriction names countries that never count: Russia, Belarus)."""
    return (
        bool(r["flags"])
        and not r["countries"]
        and (not r["roles"] or bool({"coordinator", "beneficiary"} & set(r["roles"])))
    )


def _restriction_severities(r: Restriction) -> tuple[Severity, ...]:
    """An exclusion is an error; associated partners only: an error for another role, a note for one; a rule on
    activities (info): a note; a restriction that asks to check, or reaches a participant whose controller's
    share is not known: a warning."""
    by_effect: dict[str, list[Severity]] = {
        "excluded": ["error"],
        "associated-partner-only": ["error", "info"],
        "info": ["info"],  # a rule on the participant's activities, which the input cannot show: a note
    }
    found = list(by_effect.get(r["effect"], []))
    spec = r["controlled_by"]
    if r["effect"] not in ("excluded", "associated-partner-only", "info") or (
        spec and (spec["effect"] == "check" or spec["reach"] == "direct")
    ):
        found.append("warning")
    return tuple(found)


_DEPENDS_ON_DEADLINE = "Without the call deadline the restriction is assumed to apply; the deadline settles it."
_EARLIER_NEEDED = (
    "A partner the consortium cannot lose for the minimum conditions is reached by the measure if the grant is signed "
    "on or after its date: a condition to confirm."
)
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
    "decisions._held_back",
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
    "decisions._held_back",
    entries=_restriction_entries("earlier-deadline"),  # type: ignore[arg-type]
)
RESTRICTION_EARLIER_NEEDED = kind(
    "restriction.{restriction}.earlier-deadline.needed",
    "restriction",
    "warning",
    "(the restriction's name)",
    _EARLIER_NEEDED,
    "{name} is a partner the consortium needs for the minimum conditions, and the measure named above reaches it if "
    "the grant is signed on or after the date it gives: the consortium is eligible only if the grant is signed "
    "before then (otherwise this partner may not be a beneficiary and the minimum conditions no longer hold).",
    f"{RESTRICTIONS}: from_date, earlier_deadlines",
    "verdict.needed_findings",
    entries=_restriction_entries("earlier-deadline.needed"),  # type: ignore[arg-type]
)
RESTRICTION_SPARED = kind(
    "restriction.{restriction}.spared",
    "restriction",
    "warning",
    "(the restriction's name)",
    "(the restriction's spares.message)",
    "{name}: {message}",
    f"{RESTRICTIONS}: spares",
    "decisions._held_back",
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
    "decisions._topic_not_set",
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


def _flag_about_countries(p: ProgrammeRules) -> bool:
    """A flag a restriction of the programme names is about some countries' entities."""
    flags = p.rules.flags
    return any(flags[f]["countries"] for r in p.restrictions for f in r["flags"])


FLAG_COUNTRY = kind(
    "input.flag-country",
    "restriction",
    "warning",
    "A flag about another country's entities",
    "A participant carries a flag about entities of some countries (a Chinese university under MIIT) but is "
    "established elsewhere: the restriction the flag brings is applied as the flag says, with this warning.",
    "{name} carries the flag \u201c{label}\u201d, which is about entities in {where}, but is established in "
    "{country}. The restriction the flag brings is applied as the flag says: check the flag, or the country.",
    "data/flags.yaml: countries",
    "decisions.flag_countries",
    fires=_flag_about_countries,
)
