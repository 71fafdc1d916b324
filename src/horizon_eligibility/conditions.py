"""Minimum conditions of an action type, applied to the members of a consortium.

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
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .model import BENEFICIARY_ROLES


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
    ms_ac: bool  # established in a Member State or associated country, for this part and year
    widening: bool
    may_be_beneficiary: bool  # not excluded, and allowed in a beneficiary role

    @property
    def beneficiary(self) -> bool:
        return self.may_be_beneficiary and self.role in BENEFICIARY_ROLES


@dataclass(frozen=True, slots=True)
class Failure:
    condition: dict[str, Any]
    message: str
    suggestion: str | None
    participants: tuple[str, ...] = ()


@dataclass(slots=True)
class Outcome:
    failures: list[Failure]
    counted: set[int]  # members that count towards a composition condition
    candidates: set[int]  # members whose departure could break a condition


def rank(pairs: Sequence[tuple[Hashable, str]]) -> tuple[int, list[tuple[Hashable, str]]]:
    """Size of a maximum matching between groups and slots, and the matched (group, slot) pairs."""
    edges: dict[Hashable, list[str]] = {}
    for group, slot in pairs:
        slots = edges.setdefault(group, [])
        if slot not in slots:
            slots.append(slot)
    all_slots = {slot for _, slot in pairs}
    if all(len(s) == 1 for s in edges.values()):
        by_slot: dict[str, Hashable] = {}
        for group, slots in edges.items():
            by_slot.setdefault(slots[0], group)
        # Every group is in one country: one pick per country.
        return len(by_slot), [(g, s) for s, g in by_slot.items()]
    owner: dict[str, Hashable] = {}

    def augment(group: Hashable, seen: set[str]) -> bool:
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
    """(applies, uncertain) for a rule in force from a date or a call year.

    Without a deadline, a call of the year before or of the year of the date may fall either side of it.
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
    return year == start.year, True


ESTABLISHED_TEXT = {
    "ms-ac": "a Member State or associated country",
    "widening": "a widening country",
    "any": "any country",
}


def _pool(members: Iterable[Member], condition: dict[str, Any]) -> list[Member]:
    count = condition.get("count", "beneficiaries")
    types = condition.get("entity_types")
    established = condition.get("established_in", "any")
    out = []
    for m in members:
        if count == "beneficiaries":
            if not m.beneficiary:
                continue
        elif not m.may_be_beneficiary or m.role == "affiliated-entity":
            continue
        if types and m.type not in types:
            continue
        if established == "ms-ac" and not m.ms_ac:
            continue
        if established == "widening" and not m.widening:
            continue
        out.append(m)
    return out


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


def _composition(members: Sequence[Member], condition: dict[str, Any], outcome: Outcome) -> None:
    pool = _pool(members, condition)
    independent = condition.get("independent", False)
    distinct = condition.get("distinct_countries", False)

    def pairs(selected: Iterable[Member]) -> list[tuple[Hashable, str]]:
        return [(m.group if independent else m.index, m.slot if distinct else str(m.index)) for m in selected]

    by_key: dict[tuple[Hashable, str], list[Member]] = {}
    for m in pool:
        by_key.setdefault((m.group if independent else m.index, m.slot if distinct else str(m.index)), []).append(m)
    need = int(condition.get("min", 0))
    all_pairs = pairs(pool)
    size, matched = rank(all_pairs)
    checks = [("all", size, need, matched)]
    need_ms = int(condition.get("min_member_states", 0))
    if need_ms:
        ms_size, ms_matched = rank(pairs(m for m in pool if m.is_ms))
        checks.append(("ms", ms_size, need_ms, ms_matched))
    need_ms_ac = int(condition.get("min_ms_ac", 0))
    if need_ms_ac:
        ac_size, ac_matched = rank(pairs(m for m in pool if m.ms_ac))
        checks.append(("ms-ac", ac_size, need_ms_ac, ac_matched))
    outcome.counted.update(m.index for m in pool)
    for _, _, _, edges in checks:
        for edge in edges:
            supporters = by_key.get(edge, ())
            if len(supporters) == 1:
                outcome.candidates.add(supporters[0].index)
    shortfalls = [(kind, got, want) for kind, got, want, _ in checks if got < want]
    if not shortfalls:
        return
    outcome.failures.append(_composition_failure(condition, pool, all_pairs, size, shortfalls, independent, distinct))


def _composition_failure(
    condition: dict[str, Any],
    pool: list[Member],
    pairs: list[tuple[Hashable, str]],
    size: int,
    shortfalls: list[tuple[str, int, int]],
    independent: bool,
    distinct: bool,
) -> Failure:
    who = "beneficiary" if condition.get("count", "beneficiaries") == "beneficiaries" else "participant"
    if condition.get("entity_types"):
        who = " or ".join(t.replace("-", " ") for t in condition["entity_types"])
    established = condition.get("established_in", "any")
    where = ESTABLISHED_TEXT[established]
    places = sorted({m.slot_name for m in pool})
    found = f"found {_plural(size, who)}"
    if size and distinct:
        found += " that are independent and in different countries" if independent else " in different countries"
    elif size and independent:
        found += " independent of each other"
    if places:
        found += f" ({'established in ' + where + ': ' if established != 'any' else ''}{', '.join(places)})"
    message = f"{condition['text']} The consortium does not meet this: {found}."
    if independent:
        groups: dict[Hashable, list[str]] = {}
        for m in pool:
            groups.setdefault(m.group, []).append(m.name)
        linked = [names for names in groups.values() if len(names) > 1]
        if linked:
            message += (
                " Not independent of each other (one controls the other, or both share a controller): "
                + "; ".join(" and ".join(names) for names in linked)
                + "."
            )
    suggestion_parts = []
    for kind, got, want in shortfalls:
        missing = want - got
        if kind == "all":
            # Countries where one more independent entity would not raise the count.
            blocked = sorted({m.slot_name for m in pool if distinct and rank([*pairs, (("new",), m.slot)])[0] == size})
            other = f" other than {', '.join(blocked)}" if blocked else ""
            indep = "independent " if independent else ""
            suggestion_parts.append(f"add {_plural(missing, indep + who)} established in {where}{other}")
        elif kind == "ms":
            suggestion_parts.append(
                f"make sure at least {want} of them {'is' if want == 1 else 'are'} established in an EU Member State"
            )
        else:
            suggestion_parts.append(f"make sure at least {want} are in different Member States or associated countries")
    suggestion = "; ".join(suggestion_parts)
    return Failure(condition, message, suggestion[:1].upper() + suggestion[1:] + ".")


def _coordinator(members: Sequence[Member], condition: dict[str, Any], outcome: Outcome) -> None:
    established = condition["established_in"]
    coordinators = [m for m in members if m.role == "coordinator"]
    if not coordinators:
        return  # reported once by the engine
    for m in coordinators:
        ok = m.ms_ac if established == "ms-ac" else m.widening
        if ok:
            outcome.counted.add(m.index)
            outcome.candidates.add(m.index)
            continue
        where = ESTABLISHED_TEXT[established]
        outcome.failures.append(
            Failure(
                condition,
                f"{condition['text']} {m.name} ({m.slot_name}) is not established in {where}.",
                f"Choose as coordinator a beneficiary established in {where}.",
                (m.name,),
            )
        )


def _after_departure_coordinator(members: Sequence[Member], condition: dict[str, Any]) -> bool:
    """Once the coordinator has left, another beneficiary must be able to take over."""
    established = condition["established_in"]
    return any((m.ms_ac if established == "ms-ac" else m.widening) for m in members if m.beneficiary)


def evaluate(
    conditions: Sequence[dict[str, Any]],
    members: Sequence[Member],
    year: int,
    deadline: dt.date | None,
    *,
    departed: bool = False,
) -> Outcome:
    outcome = Outcome([], set(), set())
    for condition in conditions:
        applies, _ = date_rule_applies(year, deadline, condition.get("from_date"))
        if not applies:
            continue
        kind = condition["kind"]
        if kind == "composition":
            _composition(members, condition, outcome)
        elif kind == "coordinator":
            if departed and not any(m.role == "coordinator" for m in members):
                if not _after_departure_coordinator(members, condition):
                    outcome.failures.append(Failure(condition, condition["text"], None))
            else:
                _coordinator(members, condition, outcome)
        elif kind == "max-beneficiaries":
            beneficiaries = [m for m in members if m.role in BENEFICIARY_ROLES]
            if len(beneficiaries) > int(condition["max"]):
                outcome.failures.append(
                    Failure(
                        condition,
                        f"{condition['text']} The consortium has {len(beneficiaries)} beneficiaries.",
                        f"Keep at most {condition['max']} beneficiar{'y' if condition['max'] == 1 else 'ies'}; "
                        "other entities may take part as associated partners.",
                    )
                )
        elif kind == "beneficiaries-established":
            outside = [m for m in members if m.beneficiary and not m.ms_ac]
            if len(outside) > int(condition.get("max_outside", 0)):
                outcome.failures.append(
                    Failure(
                        condition,
                        f"{condition['text']} Beneficiaries outside them: "
                        f"{', '.join(f'{m.name} ({m.slot_name})' for m in outside)}.",
                        "Make the entities outside the Member States and associated countries associated partners.",
                        tuple(m.name for m in outside),
                    )
                )
        elif kind == "no-affiliated-entities":
            affiliated = [m for m in members if m.role == "affiliated-entity"]
            if affiliated:
                outcome.failures.append(
                    Failure(
                        condition,
                        f"{condition['text']} Affiliated entities: {', '.join(m.name for m in affiliated)}.",
                        "Make them beneficiaries or remove them.",
                        tuple(m.name for m in affiliated),
                    )
                )
        elif kind == "beneficiary-types":
            wrong = [m for m in members if m.role in BENEFICIARY_ROLES and m.type and m.type not in condition["types"]]
            if wrong:
                outcome.failures.append(
                    Failure(
                        condition,
                        f"{condition['text']} Not of that type: {', '.join(f'{m.name} ({m.type})' for m in wrong)}.",
                        None,
                        tuple(m.name for m in wrong),
                    )
                )
        elif kind == "by-size":
            count = sum(1 for m in members if m.beneficiary)
            chosen = None
            for option in condition["options"]:
                if count >= int(option["beneficiaries"]):
                    chosen = option
            if chosen is not None:
                inner = evaluate(chosen["conditions"], members, year, deadline, departed=departed)
                outcome.failures.extend(inner.failures)
                outcome.counted.update(inner.counted)
                # A departure may change which option applies: every beneficiary is a candidate.
                outcome.candidates.update(m.index for m in members if m.beneficiary)
        else:  # pragma: no cover - the data schema allows no other kind
            raise ValueError(f"unknown condition kind {kind!r}")
    return outcome
