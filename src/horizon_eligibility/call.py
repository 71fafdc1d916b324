"""The call a consortium is checked against: programme rules, action type, budget year, part, deadline
and topic options, with what depends on them alone worked out once (and kept per Rules object)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .conditions import CompiledConditions, compile_conditions, date_rule_applies
from .model import Finding, Request, Topic
from .ruletypes import Action

if TYPE_CHECKING:
    from .decisions import Assessment
    from .rules import ProgrammeRules, Rules

# The site's guidance page for each kind of finding (docs/guidance/<slug>.md).
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

# country, role, type, flags, controllers (facts.Controller tuples)
AssessmentKey = tuple[str, str, "str | None", frozenset[str], tuple[object, ...]]


@dataclass(eq=False, slots=True)
class Call:
    rules: Rules
    programme: ProgrammeRules
    action_id: str
    action: Action
    year: int
    part: str
    deadline: dt.date | None
    topic: Topic
    prefix: str  # of rule ids: "he"
    conditions: CompiledConditions
    notes: tuple[Finding, ...]  # the action's notes, as information findings, and dated conditions the
    # deadline would settle (warnings)
    # What the engine decided for each kind of participant in this call (see decisions.assess).
    assessments: dict[AssessmentKey, Assessment] = field(default_factory=dict)


def call_for(rules: Rules, request: Request) -> Call:
    """The call of a request (one per distinct call and Rules object)."""
    return cached_call(
        rules, request.programme, request.action, request.call_year, request.part, request.deadline, request.topic
    )


def cached_call(
    rules: Rules,
    programme_id: str,
    action_id: str,
    year: int,
    part: str,
    deadline: dt.date | None = None,
    topic: Topic | None = None,
) -> Call:
    """make_call, memoised per Rules object (bounded: a long-running process sees many calls)."""
    key = (programme_id, action_id, year, part, deadline, topic or _NO_TOPIC)
    cache = rules.calls
    found = cache.get(key)
    if found is None:
        if len(cache) >= 4096:
            cache.clear()
        found = cache[key] = make_call(rules, programme_id, action_id, year, part, deadline, topic)
    return found


_NO_TOPIC = Topic()


def make_call(
    rules: Rules,
    programme_id: str,
    action_id: str,
    year: int,
    part: str,
    deadline: dt.date | None = None,
    topic: Topic | None = None,
) -> Call:
    programme = rules.programme(programme_id)
    action = programme.actions[action_id]
    prefix = programme.short_id
    notes = tuple(
        Finding(f"{prefix}.{action_id}.note", "info", note, tuple(action["sources"]), (), GUIDANCE["minimum"])
        for note in action["notes"]
    ) + tuple(
        Finding(
            f"{prefix}.{action_id}.{condition['kind']}.depends-on-deadline",
            "warning",
            f"This condition applies from {condition['from_date']}; without the call deadline we assume it applies "
            f"to this call. Give the deadline to settle it. ({condition['text']})",
            tuple(condition["sources"]),
            (),
            GUIDANCE["minimum"],
        )
        for condition in action["conditions"]
        if condition["from_date"] and date_rule_applies(year, deadline, condition["from_date"])[1]
    )
    return Call(
        rules=rules,
        programme=programme,
        action_id=action_id,
        action=action,
        year=year,
        part=part,
        deadline=deadline,
        topic=topic or _NO_TOPIC,
        prefix=prefix,
        conditions=compile_conditions(
            action["conditions"], frozenset(k for k, v in (topic or _NO_TOPIC)._asdict().items() if v is True)
        ),
        notes=notes,
    )
