"""country_status(): what a country is for a programme, call year and part, as the engine decides it.

The country pages, their "In short" box, `country-statuses.csv`, the data page and the command line's
`countries` all show this, and it comes from the engine's own decision path (decisions.assess, the
function check() uses for every participant): a published status is what check() says for a
beneficiary of that country in the programme's reference action (a Research and Innovation Action),
plus what differs in other actions (China in Innovation Actions) and, where the call deadline decides,
the status on either side of the date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .call import cached_call
from .country_names import read_country
from .decisions import Assessment, assess
from .input_call import deadline as deadline_of
from .input_text import Where, kind, number, shown
from .model import NAME
from .rules import ProgrammeRules, Rules, load_rules

ROLE = "beneficiary"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What check() says about a beneficiary of the country, in one action and (maybe) by one deadline."""

    status: str  # ParticipantResult.status: member-state, associated, third-country, eligible-third-country, ...
    counts_towards_minimum: bool
    funding: str  # eligible | not-eligible | excluded
    reason: str

    def same_standing(self, other: Outcome) -> bool:
        """The same status, count and funding (whatever the reason's wording)."""
        return (self.status, self.counts_towards_minimum, self.funding) == (
            other.status,
            other.counts_towards_minimum,
            other.funding,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "counts_towards_minimum": self.counts_towards_minimum,
            "funding": self.funding,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class ActionOutcome:
    action: str
    action_name: str
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class DeadlineSplit:
    """The call deadline decides: the outcome before the date, and from it."""

    date: str
    before: Outcome
    from_date: Outcome


@dataclass(frozen=True, slots=True)
class PublishedStatus:
    programme: str
    code: str
    name: str
    call_year: int
    part: str
    action: str  # the action the outcome is for (the programme's reference action unless one was given)
    action_name: str
    deadline: str | None
    outcome: Outcome  # where the deadline decides and none is given: the engine's assumption (see notes)
    established_in: str
    group: str  # member-state | outermost-region | territory | oct | associated | transitional | third-country
    funding_list: str | None
    funding_list_unverified: bool
    widening: bool
    depends_on_deadline: DeadlineSplit | None
    other_actions: tuple[ActionOutcome, ...]  # actions in which the outcome differs, and how
    notes: tuple[tuple[str, str, str, tuple[str, ...]], ...]  # (severity, rule id, message, sources)
    sources: tuple[str, ...]

    @property
    def status(self) -> str:
        return self.outcome.status

    @property
    def counts_towards_minimum(self) -> bool:
        return self.outcome.counts_towards_minimum

    @property
    def funding(self) -> str:
        return self.outcome.funding

    def to_dict(self) -> dict[str, Any]:
        split = self.depends_on_deadline
        return {
            "programme": self.programme,
            "code": self.code,
            "name": self.name,
            "call_year": self.call_year,
            "part": self.part,
            "action": self.action,
            "deadline": self.deadline,
            **self.outcome.to_dict(),
            "established_in": self.established_in,
            "group": self.group,
            "funding_list": self.funding_list,
            "funding_list_unverified": self.funding_list_unverified,
            "widening": self.widening,
            "depends_on_deadline": (
                {"date": split.date, "before": split.before.to_dict(), "from": split.from_date.to_dict()}
                if split
                else None
            ),
            "other_actions": [
                {"action": a.action, "action_name": a.action_name, **a.outcome.to_dict()} for a in self.other_actions
            ],
            "notes": [{"severity": s, "rule": r, "message": m, "sources": list(src)} for s, r, m, src in self.notes],
            "sources": list(self.sources),
        }


def _outcome(assessment: Assessment) -> Outcome:
    # As check() reports a beneficiary: it counts where it may be a beneficiary in a Member State or
    # associated country (verdict.results: the pool of the reference action's composition condition).
    counts = assessment.beneficiary and assessment.counts_ms_ac and assessment.in_proposal
    return Outcome(assessment.result_status, counts, assessment.funding, assessment.reason)


def _deadline_dates(rules: Rules, programme_id: str, code: str, year: int) -> list[dt.date]:
    """The dates on which a rule for this country changes during calls of this year (call deadline)."""
    programme = rules.programme(programme_id)
    dates = set()
    for interval in programme.association.get(code, ()):
        if interval["from_deadline"] and interval["from_year"] == year:
            dates.add(dt.date.fromisoformat(interval["from_deadline"]))
    for restriction in programme.restrictions:
        start = restriction["from_date"]
        if start and code in restriction["countries"] and year in (int(start[:4]) - 1, int(start[:4])):
            dates.add(dt.date.fromisoformat(start))
    return sorted(dates)


def _at(field: str) -> Where:
    labels = {"call_year": "The call year", "code": "The country", "part": "The programme part"}
    return Where(field, field, labels.get(field, f"The {field}"))


def _checked_call(
    rules: Rules, programme: str, call_year: int, part: str | None, action: str | None
) -> tuple[ProgrammeRules, str]:
    """The programme and the part (the action's usual one if none is given), or InputError saying what is wrong."""
    for field, value in (("programme", programme), ("part", part), ("action", action)):
        if value is not None and not isinstance(value, str):
            raise _at(field).error(f"is {kind(value)}; text is expected.")
    if programme not in rules.programmes:
        raise _at("programme").error(
            f"'{shown(programme)}' is not a programme we know.", f"Choose one of: {', '.join(rules.programmes)}."
        )
    prog = rules.programme(programme)
    if isinstance(call_year, bool) or not isinstance(call_year, int):
        raise _at("call_year").error(f"is {kind(call_year)}; a year such as 2025 is expected.")
    if not prog.first_call_year <= call_year <= prog.last_call_year:
        raise _at("call_year").error(
            f"{number(call_year)} is outside {prog.name}, whose calls run from {prog.first_call_year} to "
            f"{prog.last_call_year}."
        )
    if action is not None and action not in prog.actions:
        raise _at("action").error(
            f"'{shown(action)}' is not a type of action of {prog.name}.", f"Choose one of: {', '.join(prog.actions)}."
        )
    # Without a part, the action's usual one (ERC and MSCA: Pillar I), as check() assumes.
    part = part or (prog.actions[action]["default_part"] if action else prog.default_part)
    if part not in prog.parts:
        raise _at("part").error(
            f"'{shown(part)}' is not a part of {prog.name}.", f"Choose one of: {', '.join(prog.parts)}."
        )
    if action is not None and part not in prog.actions[action]["allowed_parts"]:
        raise _at("part").error(f"{part} contradicts the type of action {action}, which belongs to another part.")
    return prog, part


def country_status(
    programme: str,
    call_year: int,
    part: str | None,
    code: str,
    action: str | None = None,
    deadline: dt.date | str | None = None,
    rules: Rules | None = None,
) -> PublishedStatus:
    """The status of a country (ISO code; EL and UK accepted) for calls of this programme, year and part."""
    rules = rules or load_rules()
    prog, part = _checked_call(rules, programme, call_year, part, action)
    resolved = read_country(rules, code, _at("code"))[0]
    action = action or prog.reference_action
    when = deadline_of(deadline, _at("deadline"))

    def decide(action_id: str, on: dt.date | None) -> Assessment:
        return assess(cached_call(rules, programme, action_id, call_year, part, on), resolved, ROLE, None, frozenset())

    main = decide(action, when)
    outcome = _outcome(main)
    split = None
    if when is None:
        for date in _deadline_dates(rules, programme, resolved, call_year):
            before, after = _outcome(decide(action, date - dt.timedelta(days=1))), _outcome(decide(action, date))
            if not before.same_standing(after):
                split = DeadlineSplit(date.isoformat(), before, after)
                break
    others = []
    for action_id in dict.fromkeys(a for r in prog.restrictions if resolved in r["countries"] for a in r["actions"]):
        if action_id == action:
            continue
        other = _outcome(decide(action_id, when))
        if not other.same_standing(outcome):
            others.append(ActionOutcome(action_id, prog.actions[action_id]["name"], other))
    who = f"An entity in {rules.country_name(resolved)}"
    notes = tuple(
        (severity, rule, message.replace(NAME, who), sources)
        for rule, severity, message, sources, _guidance in main.findings
        if not rule.endswith(".funding.not-automatic")  # the outcome says it
    )
    status = main.status
    return PublishedStatus(
        programme=programme,
        code=resolved,
        name=rules.country_name(resolved),
        call_year=call_year,
        part=part,
        action=action,
        action_name=prog.actions[action]["name"],
        deadline=when.isoformat() if when else None,
        outcome=outcome,
        established_in=status.established_in,
        group=status.group,
        funding_list=status.funding_list,
        funding_list_unverified=status.funding_list_unverified,
        widening=status.widening,
        depends_on_deadline=split,
        other_actions=tuple(others),
        notes=notes,
        sources=main.sources or status.sources,
    )


# The map's classes of a published status (the countries index's world map), in the legend's order.
STATUS_CLASSES = ("member-state", "associated", "transitional", "funded-third-country", "third-country", "excluded")


def status_class(status: PublishedStatus) -> str:
    """The map class of a published status: excluded (any role) first; then the country's group (a Member
    State with its outermost regions and territories, an associated country, a transitional arrangement);
    then funded-third-country for what is funded without being either (a country on the funding list, an
    overseas country or territory, a programme exception), else third-country (not funded)."""
    if status.funding == "excluded":
        return "excluded"
    if status.group in ("member-state", "outermost-region", "territory"):
        return "member-state"
    if status.group in ("associated", "transitional"):
        return status.group
    return "funded-third-country" if status.funding == "eligible" else "third-country"


# The words for each map class (the legend, a country's label on the map).
STATUS_CLASS_LABELS = {
    "member-state": "EU Member State (with its outermost regions and territories)",
    "associated": "Associated country",
    "transitional": "Transitional arrangement (treated as associated if the agreement applies at signature)",
    "funded-third-country": "Funded, but not a Member State or associated country (funding list, OCTs)",
    "third-country": "Third country, not automatically funded",
    "excluded": "Excluded (may not take part in any role)",
}
