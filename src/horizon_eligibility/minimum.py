"""Stage 4 of a check: the action's minimum conditions (data/<programme>/actions.yaml, compiled in conditions.py)
applied to the members of a consortium: one check per kind of condition (CHECKS), and the partners the
consortium cannot lose. A composition condition is a maximum matching (see conditions.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import replace
from typing import NamedTuple

from .conditions import (
    DEEMED_AS,
    ESTABLISHED_TEXT,
    CompiledCondition,
    CompiledConditions,
    Failure,
    Member,
    Outcome,
    date_rule_applies,
    keys,
    rank,
)
from .model import BENEFICIARY_ROLES
from .ruletypes import Condition


def _pool(members: Iterable[Member], rule: CompiledCondition) -> list[Member]:
    established = rule.established
    types = rule.types
    out = []
    for m in members:
        if not m.in_proposal:
            continue
        if rule.participants:
            # Participants of any role count (MSCA Staff Exchanges), an entity allowed only as an
            # associated partner too; affiliated entities never do.
            if not m.participates or m.role == "affiliated-entity":
                continue
        elif not m.beneficiary:
            continue
        if types is not None and m.type not in types:
            continue
        if established == "ms-ac":
            if not m.counts_in_ms_or_ac:
                continue
        elif established == "widening" and not m.widening:
            continue
        out.append(m)
    return out


def _measure(pool: Sequence[Member], rule: CompiledCondition) -> tuple[int, int, int]:
    """With control groups: how many independent entities the condition can count, in all, in Member
    States, in Member States or associated countries (maximum matchings). Without them, see _spread()."""
    pairs = [keys(m, rule) for m in pool]
    size = rank(pairs)[0]
    ms_size = rank([k for k, m in zip(pairs, pool, strict=True) if m.is_ms])[0] if rule.need_ms else 0
    ac_size = rank([k for k, m in zip(pairs, pool, strict=True) if m.counts_in_ms_or_ac])[0] if rule.need_ac else 0
    return size, ms_size, ac_size


def _spread(pool: Sequence[Member], rule: CompiledCondition) -> tuple[tuple[int, int, int], set[int]]:
    """Without control groups: (measure, members critical to it) in one pass over the pool.

    A member is critical when it is the only one in its country and that country is needed.
    """
    counts: dict[Hashable, list[int]] = {}
    for m in pool:
        entry = counts.get(m.slot if rule.distinct else m.index)
        if entry is None:
            counts[m.slot if rule.distinct else m.index] = [1, m.is_ms, m.counts_in_ms_or_ac]
        else:
            entry[0] += 1
            entry[1] += m.is_ms
            entry[2] += m.counts_in_ms_or_ac
    size = len(counts)
    ms = ac = 0
    for c in counts.values():
        ms += c[1] > 0
        ac += c[2] > 0
    measure = (size, ms, ac)
    out = set()
    if size - 1 < rule.need or ms - 1 < rule.need_ms or ac - 1 < rule.need_ac:
        for m in pool:
            c = counts[m.slot if rule.distinct else m.index]
            if (
                (c[0] == 1 and size - 1 < rule.need)
                or (m.is_ms and c[1] == 1 and ms - 1 < rule.need_ms)
                or (m.counts_in_ms_or_ac and c[2] == 1 and ac - 1 < rule.need_ac)
            ):
                out.add(m.index)
    return measure, out


def _meets(measure: tuple[int, int, int], rule: CompiledCondition) -> bool:
    return measure[0] >= rule.need and measure[1] >= rule.need_ms and measure[2] >= rule.need_ac


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


def _composition_failure(
    condition: Condition,
    pool: list[Member],
    pairs: list[tuple[Hashable, Hashable]],
    size: int,
    shortfalls: list[tuple[str, int, int]],
    independent: bool,
    distinct: bool,
    outside: Sequence[Member] = (),
) -> Failure:
    who = "beneficiary" if condition["count"] == "beneficiaries" else "participant"
    if condition["entity_types"]:
        who = " or ".join(t.replace("-", " ") for t in condition["entity_types"])
    established = condition["established_in"]
    where = ESTABLISHED_TEXT[established]
    places = sorted({m.slot_name for m in pool})
    found = f"found {_plural(size, who)}"
    if size > 1 and distinct:
        found += " that are independent and in different countries" if independent else " in different countries"
    elif size > 1 and independent:
        found += " independent of each other"
    if places:
        found += f" ({'established in ' + where + ': ' if established != 'any' else ''}{', '.join(places)})"
    elif established != "any":
        found += f" established in {where}"
    for kind, got, _want in shortfalls:  # how many of them are where the condition wants some
        if kind in ("ms", "ms-ac"):
            in_ms = kind == "ms"
            there = sorted({m.slot_name for m in pool if (m.is_ms if in_ms else m.counts_in_ms_or_ac)})
            named = f" ({', '.join(there)})" if there else ""
            place = "a Member State" if in_ms else "a Member State or associated country"
            found += f"; {got} of them in {place}{named}" if got else f"; none of them in {place}"
    if outside:
        named = ", ".join(f"{m.name} ({_outside(m)})" for m in outside[:10])
        more = f" and {len(outside) - 10} more" if len(outside) > 10 else ""
        found += f"; not counted, established elsewhere: {named}{more}"
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
            # Countries where one more independent entity would not raise the count (one matching per country).
            blocked: list[str] = []
            if distinct:
                names = {m.slot: m.slot_name for m in pool}
                blocked = sorted(names[slot] for slot in names if rank([*pairs, (("new",), slot)])[0] == size)
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


# -- one check per kind of condition ----------------------------------------------------------------------
class Checked(NamedTuple):
    """What checking one condition on the members found."""

    failure: Failure | None
    counted: Iterable[int] = ()  # members counted towards it (for counts_towards_minimum)
    critical: Iterable[int] = ()  # members without whom it would fail (only where asked, and it holds)
    met: list[Member] | None = None  # a composition condition that holds: the members it counted


Check = Callable[[Sequence[Member], CompiledCondition, bool, bool, bool], Checked]


def _composition(
    members: Sequence[Member], rule: CompiledCondition, linked: bool, departed: bool, want: bool
) -> Checked:
    """At least N (independent, in different countries, some in Member States) of the members it counts.
    `want`: also the members it cannot lose, where it is an error."""
    pool = _pool(members, rule)
    counted = [m.index for m in pool]
    needed: set[int] = set()
    if linked and rule.independent:
        measure = _measure(pool, rule)
        if _meets(measure, rule) and want and rule.binding:
            needed = _critical_in_pool(pool, rule, linked)
    else:
        measure, spread_needed = _spread(pool, rule)
        if want and rule.binding:
            needed = spread_needed
    if _meets(measure, rule):
        return Checked(None, counted, needed, pool)
    shortfalls = [
        (kind, got, wanted)
        for kind, got, wanted in (
            ("all", measure[0], rule.need),
            ("ms", measure[1], rule.need_ms),
            ("ms-ac", measure[2], rule.need_ac),
        )
        if got < wanted
    ]
    pairs = [keys(m, rule) for m in pool]
    in_pool = set(counted)
    outside = [m for m in _pool(members, replace(rule, established="any")) if m.index not in in_pool]
    failure = _composition_failure(
        rule.raw, pool, pairs, measure[0], shortfalls, rule.independent, rule.distinct, outside
    )
    if not departed:
        failure = _unsure_if_octs_counted(members, rule, linked, failure)
    return Checked(failure, counted, needed)


def _coordinator(
    members: Sequence[Member], rule: CompiledCondition, linked: bool, departed: bool, want: bool
) -> Checked:
    """The coordinator (the host) is established in a Member State or associated country, or a widening one."""
    raw = rule.raw
    wants_ms_ac = rule.established == "ms-ac"

    def ok(m: Member) -> bool:
        return m.in_proposal and (m.counts_in_ms_or_ac if wants_ms_ac else m.widening)

    coordinators = [m for m in members if m.role == "coordinator"]
    if departed and not coordinators:
        return Checked(None if any(ok(m) for m in members if m.beneficiary) else Failure(raw, raw["text"], None))
    wrong = [m for m in coordinators if not ok(m)]
    counted = [m.index for m in coordinators if ok(m)]
    if wrong and wants_ms_ac and all(m.oct for m in wrong):
        m = wrong[0]
        unsure = Failure(
            raw,
            f"{raw['text']} {m.name} is established in {m.slot_name}, an overseas country or territory: its "
            "entities may take part and be funded, but no text read says whether they count as established "
            "in a Member State for this condition. Check with the granting authority.",
            None,
            (m.name,),
            unsure=True,
        )
        return Checked(unsure, counted)
    if not wrong:
        needed = set()
        if want and rule.binding:
            for c in coordinators:  # after it leaves, another beneficiary must be able to take over
                if not any(ok(m) for m in members if m.beneficiary and m is not c):
                    needed.add(c.index)
        return Checked(None, counted, needed)
    where = ESTABLISHED_TEXT[rule.established]
    m = wrong[0]
    if not m.participates:
        why = f"{m.name} may not take part (see above), so it cannot be the coordinator."
    elif not m.in_proposal:
        why = f"{m.name} takes no part in preparing the proposal, so it cannot be the coordinator."
    elif m.slot.startswith("deemed:"):  # no country of its own to name: say why it counts as it does
        kind = DEEMED_AS.get(m.type or "", "an entity")
        why = f"{m.name}, {kind}, counts as established in a Member State, not in {where}."
    else:
        why = f"{m.name} ({m.slot_name}) is not established in {where}."
    failure = Failure(
        raw, f"{raw['text']} {why}", f"Choose as coordinator a beneficiary established in {where}.", (m.name,)
    )
    return Checked(failure, counted)


def _max_beneficiaries(
    members: Sequence[Member], rule: CompiledCondition, linked: bool, departed: bool, want: bool
) -> Checked:
    count = sum(1 for m in members if m.role in BENEFICIARY_ROLES)
    if count <= rule.limit:
        return Checked(None)
    plural = "y" if rule.limit == 1 else "ies"
    return Checked(
        Failure(
            rule.raw,
            f"{rule.raw['text']} The consortium has {count} beneficiaries.",
            f"Keep at most {rule.limit} beneficiar{plural}; other entities may take part as associated partners.",
        )
    )


def _beneficiaries_established(
    members: Sequence[Member], rule: CompiledCondition, linked: bool, departed: bool, want: bool
) -> Checked:
    """At most `max_outside` members of these roles outside the Member States and associated countries."""
    raw = rule.raw
    roles = raw["roles"]
    lifted_by = raw["unless_topic"]  # a topic naming the country lets it be a beneficiary
    outside = [
        m for m in members if m.role in roles and m.participates and m.third_country and lifted_by not in m.admitted
    ]
    if len(outside) <= rule.limit:
        return Checked(None)
    return Checked(
        Failure(
            raw,
            f"{raw['text']} Established outside them: {', '.join(f'{m.name} ({_outside(m)})' for m in outside)}.",
            "Make the entities outside the Member States and associated countries associated partners.",
            tuple(m.name for m in outside),
        )
    )


def _no_affiliated_entities(
    members: Sequence[Member], rule: CompiledCondition, linked: bool, departed: bool, want: bool
) -> Checked:
    affiliated = [m for m in members if m.role == "affiliated-entity"]
    if not affiliated:
        return Checked(None)
    return Checked(
        Failure(
            rule.raw,
            f"{rule.raw['text']} Affiliated entities: {', '.join(m.name for m in affiliated)}.",
            "Make them beneficiaries or remove them.",
            tuple(m.name for m in affiliated),
        )
    )


def _beneficiary_types(
    members: Sequence[Member], rule: CompiledCondition, linked: bool, departed: bool, want: bool
) -> Checked:
    raw = rule.raw
    allowed, refused = raw["types"], raw["not_types"]
    wrong = [
        m
        for m in members
        if m.role in BENEFICIARY_ROLES and m.type and (m.type not in allowed if allowed else m.type in refused)
    ]
    if not wrong:
        return Checked(None)
    return Checked(
        Failure(
            raw,
            f"{raw['text']} Not of that type: {', '.join(f'{m.name} ({m.type})' for m in wrong)}.",
            None,
            tuple(m.name for m in wrong),
        )
    )


def _unverifiable(
    members: Sequence[Member], rule: CompiledCondition, linked: bool, departed: bool, want: bool
) -> Checked:
    """What no input shows (a coordinator's past grants): said every time, as a condition to confirm."""
    return Checked(
        Failure(rule.raw, f"{rule.raw['text']} The consortium as entered cannot show this: confirm it.", None)
    )


def _sectors(members: Sequence[Member], rule: CompiledCondition, linked: bool, departed: bool, want: bool) -> Checked:
    failure = _sectors_failure(members, rule)
    needed = _critical_for_sectors(members, rule) if failure is None and want and rule.binding else ()
    return Checked(failure, (), needed)


CHECKS: dict[str, Check] = {
    "composition": _composition,
    "coordinator": _coordinator,
    "max-beneficiaries": _max_beneficiaries,
    "beneficiaries-established": _beneficiaries_established,
    "no-affiliated-entities": _no_affiliated_entities,
    "beneficiary-types": _beneficiary_types,
    "sectors": _sectors,
    "unverifiable": _unverifiable,
}


def _outside(m: Member) -> str:
    """Where a member outside the Member States and associated countries counts as established."""
    if m.type == "international-organisation":  # wherever its seat (HE-REG Art 22(10))
        return f"an international organisation, seat in {m.slot_name}"
    return m.slot_name


def _unsure_if_octs_counted(
    members: Sequence[Member], rule: CompiledCondition, linked: bool, failure: Failure
) -> Failure:
    """A composition condition that fails only because entities in overseas countries or territories are not
    counted as established in their Member State: no text read says how they count, so it is not settled (a
    warning to confirm, as for a coordinator there), not a failure."""
    octs = [m for m in members if m.oct and m.participates and m.in_proposal]
    if not octs:
        return failure
    oct_indices = {m.index for m in octs}
    counted = [replace(m, is_ms=True, counts_in_ms_or_ac=True) if m.index in oct_indices else m for m in members]
    if _composition(counted, rule, linked, True, False).failure is not None:
        return failure
    places = ", ".join(sorted({f"{m.name} as in {m.slot_name}" for m in octs}))
    message = (
        f"{failure.message} It would hold if the entities in overseas countries or territories counted as established "
        f"in their Member State ({places}): they may take part and be funded, but no text read says how they count "
        "for this condition. Check with the granting authority."
    )
    return Failure(failure.condition, message, None, tuple(m.name for m in octs), unsure=True)


def beneficiary_failures(conditions: CompiledConditions, member: Member) -> list[Failure]:
    """The rules on where beneficiaries are established (a CSA's, MSCA Staff Exchanges') that a lone beneficiary
    like `member` fails: what a country's published status says of its entities as beneficiaries of the action."""
    found = []
    for rule in conditions.all:
        if rule.kind == "beneficiaries-established" and member.role in rule.raw["roles"]:
            failure = _beneficiaries_established([member], rule, False, False, False).failure
            if failure is not None:
                found.append(failure)
    return found


SECTOR_TEXT = {"academic": "the academic sector", "non-academic": "the non-academic sector"}


def _sectors_failure(members: Sequence[Member], rule: CompiledCondition) -> Failure | None:
    """Each required sector has an entity among those counted (unless one is in a non-associated third
    country, where the condition allows it). Types we cannot place in a sector make it a warning."""
    raw = rule.raw
    pool = [
        m
        for m in members
        if m.in_proposal and (m.participates and m.role != "affiliated-entity" if rule.participants else m.beneficiary)
    ]
    if raw["unless_third_country"] and any(m.third_country for m in pool):
        return None
    present = {rule.sector_of[m.type] for m in pool if m.type in rule.sector_of}
    missing = [s for s in raw["sectors"] if s not in present]
    if not missing:
        return None
    unplaced = [m for m in pool if m.type not in rule.sector_of]
    who = "participant" if rule.participants else "beneficiary"
    need = " and ".join(SECTOR_TEXT[s] for s in missing)
    research = [m.name for m in pool if m.type == "research-organisation"]
    caveat = (
        " We counted research organisations as academic: a for-profit one is in the non-academic sector."
        if research and "non-academic" in missing
        else ""
    )
    lift = " or one established in a third country that is not associated" if raw["unless_third_country"] else ""
    if unplaced:
        listed = ", ".join(f"{m.name} ({m.type.replace('-', ' ') if m.type else 'type not given'})" for m in unplaced)
        return Failure(
            raw,
            f"{raw['text']} No {who} we could place is in {need}; the type of these does not say which "
            f"sector they are in: {listed}.{caveat} Give their types to check this condition.",
            None,
            tuple(m.name for m in unplaced),
            unsure=True,
        )
    return Failure(
        raw,
        f"{raw['text']} No {who} is in {need}.{caveat}",
        f"Add a {who} from {need}{lift}.",
    )


def _critical_for_sectors(members: Sequence[Member], rule: CompiledCondition) -> set[int]:
    """The members without whom a sector would be missing."""
    out = set()
    for m in members:
        rest = [x for x in members if x is not m]
        failure = _sectors_failure(rest, rule)
        if failure is not None and not failure.unsure:
            out.add(m.index)
    return out


def _option(rule: CompiledCondition, members: Sequence[Member]) -> tuple[CompiledCondition, ...]:
    count = sum(1 for m in members if m.beneficiary)
    chosen: tuple[CompiledCondition, ...] = ()
    for size, rules in rule.options:
        if count >= size:
            chosen = rules
    return chosen


def _flatten(
    rules: Iterable[CompiledCondition], members: Sequence[Member], year: int, deadline: dt.date | None
) -> list[CompiledCondition]:
    """The conditions in force for this call, with size-dependent ones resolved."""
    out = []
    for rule in rules:
        if rule.from_date is not None and not date_rule_applies(year, deadline, rule.from_date)[0]:
            continue
        if rule.kind == "by-size":
            out.extend(_flatten(_option(rule, members), members, year, deadline))
        else:
            out.append(rule)
    return out


def evaluate(
    conditions: CompiledConditions,
    members: Sequence[Member],
    year: int,
    deadline: dt.date | None,
    *,
    linked: bool = True,
    departed: bool = False,
) -> Outcome:
    """Apply the conditions; `linked` is False when no participant names a controller (a faster path).

    Also works out which members the conditions cannot lose (Outcome.critical), except where a
    condition depends on the consortium's size: then critical() does it.
    """
    outcome = Outcome([], set(), [], None if (conditions.by_size or departed) else set())
    want = outcome.critical is not None
    rules = conditions.all
    for rule in rules if conditions.static else _flatten(rules, members, year, deadline):
        checked = CHECKS[rule.kind](members, rule, linked, departed, want)
        outcome.counted.update(checked.counted)
        if outcome.critical is not None:
            outcome.critical.update(checked.critical)
        if checked.met is not None and not departed:
            outcome.met.append((rule, checked.met))
        if checked.failure is not None:
            outcome.failures.append(checked.failure)
    if outcome.critical is not None:
        beneficiaries = [m for m in members if m.beneficiary]
        if len(beneficiaries) == 1:
            outcome.critical.add(beneficiaries[0].index)
    return outcome


def critical(
    conditions: CompiledConditions,
    members: Sequence[Member],
    year: int,
    deadline: dt.date | None,
    *,
    linked: bool = True,
) -> set[int]:
    """Members without whom a condition (an error, or a warning to confirm) that holds now would fail."""
    out: set[int] = set()
    beneficiaries = [m for m in members if m.beneficiary]
    if len(beneficiaries) == 1:
        out.add(beneficiaries[0].index)
    if conditions.by_size:  # a departure may change which option applies
        now = _binding_failures(evaluate(conditions, members, year, deadline, linked=linked, departed=True))
        for m in beneficiaries:
            rest = [x for x in members if x is not m]
            if _binding_failures(evaluate(conditions, rest, year, deadline, linked=linked, departed=True)) - now:
                out.add(m.index)
        return out
    for rule in _flatten(conditions.errors, members, year, deadline):
        if rule.kind == "coordinator":
            for m in members:
                if m.role == "coordinator":
                    rest = [x for x in members if x is not m]
                    if _coordinator(rest, rule, linked, True, False).failure is not None:
                        out.add(m.index)
        elif rule.kind == "composition":
            out.update(_critical_in_pool(_pool(members, rule), rule, linked))
        elif rule.kind == "sectors":
            out.update(_critical_for_sectors(members, rule))
    return out


def _binding_failures(outcome: Outcome) -> set[tuple[str, str]]:
    """The binding conditions that fail (errors, and warnings to confirm that a member could make fail), by kind
    and text: a condition failing already, or one no member can make fail, says nothing of who is needed."""
    return {
        (f.condition["kind"], f.condition["text"])
        for f in outcome.failures
        if f.condition["severity"] == "error" or (f.condition["to_confirm"] and f.condition["kind"] != "unverifiable")
    }


def _critical_in_pool(pool: list[Member], rule: CompiledCondition, linked: bool) -> set[int]:
    if not (linked and rule.independent):
        return _spread(pool, rule)[1]
    # Control groups: only the sole supporter of a matched (group, country) pair can matter.
    supporters: dict[tuple[Hashable, Hashable], list[Member]] = {}
    for m in pool:
        supporters.setdefault(keys(m, rule), []).append(m)
    pairs = list(supporters)
    candidates: set[int] = set()
    for subset in (
        pairs,
        [k for k in pairs if any(m.is_ms for m in supporters[k])],
        [k for k in pairs if any(m.counts_in_ms_or_ac for m in supporters[k])],
    ):
        for edge in rank(subset)[1]:
            if len(supporters[edge]) == 1:
                candidates.add(supporters[edge][0].index)
    return {i for i in candidates if not _meets(_measure([m for m in pool if m.index != i], rule), rule)}
