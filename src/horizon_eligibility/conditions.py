"""Minimum conditions of an action type: what a condition is (compiled once per call), what a participant
is to them (Member), and the maximum matching they rest on. minimum.py applies them (stage 4).

"At least three independent beneficiaries, each in a different Member State or associated country, at
least one in a Member State" is a matching problem: pick beneficiaries from distinct control groups
(independence) and distinct countries. The largest such pick is a maximum bipartite matching between
control groups and countries (its size is the rank of a transversal matroid), so:
  - the consortium has N such beneficiaries iff the matching has size >= N;
  - "at least k of them in a Member State" holds too iff the matching restricted to Member States has
    size >= k (matroid augmentation extends those k to a full pick).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from .ruletypes import Condition


def condition_rule(action_id: str, condition: Condition) -> str:
    """A condition's rule id after the programme prefix: <action>.<kind>[.<entity type>], unless the data
    names it (two conditions of one kind)."""
    if condition["rule"]:
        return condition["rule"]
    types = condition["entity_types"]
    return f"{action_id}.{condition['kind']}" + (f".{types[0]}" if types else "")


@dataclass(slots=True)
class Member:
    """A participant as the conditions see it."""

    index: int
    name: str
    role: str
    type: str | None
    group: Hashable  # control group: members of one group are not independent of each other
    slot: str  # the country it counts for ("deemed:N" for entities deemed in another Member State)
    slot_name: str
    is_ms: bool  # established in (or deemed in) a Member State
    counts_in_ms_or_ac: bool  # established in a Member State or associated country, and may take part
    widening: bool
    participates: bool  # may take part in some role (not excluded)
    in_proposal: bool  # False: joins only after evaluation, so it counts for no condition at submission
    third_country: bool  # established outside the EU (regions, territories, OCTs) and associated countries
    beneficiary: bool  # a coordinator or beneficiary that may be one (not excluded, not associated-partner-only)
    oct: bool = False  # established in an overseas country or territory (not counted as in its Member State)
    # The topic options whose list of countries and groups takes it in (a third country the topic admits)
    admitted: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Failure:
    condition: Condition
    message: str
    suggestion: str | None
    participants: tuple[str, ...] = ()
    # A condition that could not be checked on what was given: a warning under its own rule id suffix.
    unsure: bool = False


@dataclass(slots=True)
class Outcome:
    failures: list[Failure]
    counted: set[int]  # members that count towards a composition condition
    # The composition conditions that hold, each with the members it counted (to say how it is met).
    met: list[tuple[CompiledCondition, list[Member]]]
    # Members without whom a condition (severity error) that holds would fail; None when not worked out
    # in this pass (size-dependent conditions): see critical().
    critical: set[int] | None = None


@dataclass(frozen=True, slots=True)
class CompiledCondition:
    """A condition of data/<programme>/actions.yaml, read once."""

    raw: Condition
    kind: str
    severity: str
    # An error, or a warning to confirm: a member without whom it would fail is one the consortium cannot lose.
    binding: bool
    participants: bool  # count participants (all roles but affiliated entities), not only beneficiaries
    types: frozenset[str] | None
    established: str
    need: int
    need_ms: int
    need_ac: int
    independent: bool
    distinct: bool
    limit: int
    from_date: str | None
    sector_of: dict[str, str]  # sectors: entity type -> its sector
    options: tuple[tuple[int, tuple[CompiledCondition, ...]], ...]


def compile_condition(raw: Condition) -> CompiledCondition:
    return CompiledCondition(
        raw=raw,
        kind=raw["kind"],
        severity=raw["severity"],
        binding=raw["severity"] == "error" or raw["to_confirm"],
        participants=raw["count"] == "participants",
        types=frozenset(raw["entity_types"]) if raw["entity_types"] else None,
        established=raw["established_in"],
        need=raw["min"],
        need_ms=raw["min_member_states"],
        need_ac=raw["min_ms_ac"],
        independent=raw["independent"],
        distinct=raw["distinct_countries"],
        limit=raw["max"] or raw["max_outside"],
        from_date=raw["from_date"],
        sector_of={t: sector for sector, types in raw["sector_types"].items() for t in types},
        options=tuple(
            (o["beneficiaries"], tuple(compile_condition(c) for c in o["conditions"])) for o in raw["options"]
        ),
    )


@dataclass(frozen=True, slots=True)
class CompiledConditions:
    """An action's conditions, compiled once per call."""

    all: tuple[CompiledCondition, ...]
    errors: tuple[CompiledCondition, ...]  # binding ones: severity error, or warnings to confirm
    by_size: bool  # an error condition depends on the number of beneficiaries
    static: bool  # none is dated or depends on size
    has_composition: bool  # some condition counts entities (composition or by-size)


def compile_conditions(raw: list[Condition], topic_options: frozenset[str] = frozenset()) -> CompiledConditions:
    """An action's conditions for a call; those a topic option set in the call lifts are left out."""
    compiled = tuple(compile_condition(c) for c in raw if c["unless_topic"] not in topic_options)
    errors = tuple(c for c in compiled if c.binding)
    return CompiledConditions(
        all=compiled,
        errors=errors,
        by_size=any(c.kind == "by-size" for c in errors),
        static=all(c.from_date is None and c.kind != "by-size" for c in compiled),
        has_composition=any(c.kind in ("composition", "by-size") for c in compiled),
    )


def rank(pairs: Sequence[tuple[Hashable, Hashable]]) -> tuple[int, list[tuple[Hashable, Hashable]]]:
    """Size of a maximum matching between groups and slots, and the matched (group, slot) pairs."""
    edges: dict[Hashable, list[Hashable]] = {}
    for group, slot in pairs:
        slots = edges.setdefault(group, [])
        if slot not in slots:
            slots.append(slot)
    all_slots = {slot for _, slot in pairs}
    if all(len(s) == 1 for s in edges.values()):
        by_slot: dict[Hashable, Hashable] = {}
        for group, slots in edges.items():
            by_slot.setdefault(slots[0], group)
        # Every group is in one country: one pick per country.
        return len(by_slot), [(g, s) for s, g in by_slot.items()]
    owner: dict[Hashable, Hashable] = {}

    def augment(group: Hashable, seen: set[Hashable]) -> bool:
        for slot in edges[group]:
            if slot in seen:
                continue
            seen.add(slot)
            if slot not in owner or augment(owner[slot], seen):
                owner[slot] = group
                return True
        return False

    size = 0
    for group in edges:
        if size == len(all_slots):
            break
        if augment(group, set()):
            size += 1
    return size, [(g, s) for s, g in owner.items()]


def date_rule_applies(
    year: int, deadline: dt.date | None, from_date: str | None = None, from_year: int | None = None
) -> tuple[bool, bool]:
    """(applies, uncertain) for a rule in force from a date (compared with the deadline) or a call year.

    Without a deadline, a call of the year before or of the year of the date may fall either side of it:
    the rule is then assumed to apply (the less favourable reading, never a confident "eligible") and
    `uncertain` tells the caller to say so.
    """
    if from_year is not None and year < from_year:
        return False, False
    if from_date is None:
        return True, False
    start = dt.date.fromisoformat(from_date)
    if deadline is not None:
        return deadline >= start, False
    if year > start.year:
        return True, False
    if year < start.year - 1:
        return False, False
    return True, True


# The types deemed established in a Member State other than the others' (programme.yaml), in words.
DEEMED_AS = {
    "jrc": "the Joint Research Centre",
    "international-european-research-organisation": "an international European research organisation",
    "eu-body": "a legal entity created under Union law",
}
ESTABLISHED_TEXT = {
    "ms-ac": "a Member State or associated country",
    "widening": "a widening country",
    "any": "any country",
}


def keys(m: Member, rule: CompiledCondition) -> tuple[Hashable, Hashable]:
    """A member's (group, slot) for a condition's matching: its control group where the condition wants
    independent entities, its country where it wants different countries; else the member itself."""
    return (m.group if rule.independent else m.index), (m.slot if rule.distinct else m.index)
