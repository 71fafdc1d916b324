"""The call a consortium is checked against: programme rules, action type, budget year, part, deadline
and topic options, with what depends on them alone worked out once (and kept per Rules object)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from .conditions import CompiledConditions, compile_conditions, condition_rule, date_rule_applies
from .model import Finding, Request, Topic, TopicComposition
from .outcome import condition_rules
from .rule_catalogue import ACTION_NOTE, CONDITION_DEADLINE, TOPIC_COMPOSITION_CHECK, TOPIC_UNREAD
from .ruletypes import Action, Condition

if TYPE_CHECKING:
    from .assessment import Assessment
    from .rules import ProgrammeRules, Rules

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
    condition_rules: frozenset[str]  # rule ids whose warnings are conditions to confirm (outcome.condition_rules)
    # The general rules' sources, as this call cites them (the General Annexes in force for its year).
    rule_sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # What the engine decided for each kind of participant in this call (see decisions.assess).
    assessments: dict[AssessmentKey, Assessment] = field(default_factory=dict)

    def cite(self, sources: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        """The sources as a finding of this call cites them: the version in force for its year of a document
        issued with each work programme (the General Annexes)."""
        return self.programme.cite(tuple(sources), self.year)


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
    rule_sources = {rule: programme.cite(sources, year) for rule, sources in programme.rule_sources.items()}
    extra, topic_notes = topic_conditions(programme, topic or _NO_TOPIC, rule_sources["topic_conditions"])
    in_force = [
        _cited(programme, year, c)
        for c in action["conditions"]
        if (c["from_year"] is None or year >= c["from_year"])
        and (c["until_year"] is None or year <= c["until_year"])
        and (c["parts"] is None or part in c["parts"])
    ]
    action_sources = programme.cite(tuple(action["sources"]), year)
    notes = (
        tuple(
            ACTION_NOTE.emit(prefix, action_sources, ids={"action": action_id}, note=note) for note in action["notes"]
        )
        + tuple(
            CONDITION_DEADLINE.emit(
                prefix,
                condition["sources"],
                ids={"condition": condition_rule(action_id, condition)},
                date=condition["from_date"],
                text=condition["text"],
            )
            for condition in in_force
            if condition["from_date"] and date_rule_applies(year, deadline, condition["from_date"])[1]
        )
        + tuple(topic_notes)
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
            in_force + extra,
            (topic or _NO_TOPIC).set_true(),
        ),
        notes=notes,
        condition_rules=condition_rules(prefix, action_id, in_force + extra),
        rule_sources=rule_sources,
    )


def _cited(programme: ProgrammeRules, year: int, condition: Condition) -> Condition:
    """The condition with its sources (and those of its by-size options) as a call of this year cites them."""
    sources = programme.cite(tuple(condition["sources"]), year)
    options = condition["options"]
    if sources == tuple(condition["sources"]) and not options:
        return condition
    cited = {
        **condition,
        "sources": list(sources),
        "options": [{**o, "conditions": [_cited(programme, year, c) for c in o["conditions"]]} for o in options],
    }
    return cast(Condition, cited)


def topic_conditions(
    programme: ProgrammeRules, topic: Topic, sources: tuple[str, ...]
) -> tuple[list[Condition], list[Finding]]:
    """The topic's extra composition requirements as conditions (where the input has the facts), and
    reminders for what the checker cannot judge: requirements on facts the input lacks, and sentences of the
    topic's conditions that read like conditions but were not understood (quoted, to check by hand).
    `sources`: the rule's sources as the call cites them."""
    prefix = programme.short_id
    conditions: list[Condition] = []
    notes: list[Finding] = []
    for requirement in topic.composition:
        if requirement.needs:
            notes.append(TOPIC_COMPOSITION_CHECK.emit(prefix, sources, text=requirement.text, needs=requirement.needs))
            continue
        for minimum, distinct in ((requirement.min_countries, True), (requirement.min, False)):
            if minimum is None or (not distinct and requirement.min_countries and minimum <= requirement.min_countries):
                continue
            defaults = programme.rules.condition_defaults
            conditions.append(_composition_condition(defaults, requirement, minimum, distinct, list(sources)))
    for sentence in topic.unread:
        notes.append(TOPIC_UNREAD.emit(prefix, sources, sentence=sentence))
    return conditions, notes


def _composition_condition(
    defaults: dict[str, Any], requirement: TopicComposition, minimum: int, distinct: bool, sources: list[str]
) -> Condition:
    condition = {
        **defaults,
        "kind": "composition",
        "rule": "topic.composition",
        "text": f"The topic requires: {requirement.text}",
        "sources": sources,
        "min": minimum,
        "established_in": "any" if requirement.established_in == "any" else "ms-ac",
        "independent": True,
        "distinct_countries": distinct,
        "min_member_states": minimum if requirement.established_in == "ms" else 0,
        "entity_types": sorted(requirement.entity_types) if requirement.entity_types else None,
    }
    return cast(Condition, condition)
