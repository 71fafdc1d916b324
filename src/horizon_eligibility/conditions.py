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
from dataclasses import dataclass, replace

from .model import BENEFICIARY_ROLES
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
    ms_ac: bool  # established in a Member State or associated country, for this part and year
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


ESTABLISHED_TEXT = {
    "ms-ac": "a Member State or associated country",
    "widening": "a widening country",
    "any": "any country",
}


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
            if not m.ms_ac:
                continue
        elif established == "widening" and not m.widening:
            continue
        out.append(m)
    return out


def keys(m: Member, rule: CompiledCondition) -> tuple[Hashable, Hashable]:
    """A member's (group, slot) for a condition's matching: its control group where the condition wants
    independent entities, its country where it wants different countries; else the member itself."""
    return (m.group if rule.independent else m.index), (m.slot if rule.distinct else m.index)


def _measure(pool: Sequence[Member], rule: CompiledCondition) -> tuple[int, int, int]:
    """With control groups: how many independent entities the condition can count, in all, in Member
    States, in Member States or associated countries (maximum matchings). Without them, see _spread()."""
    pairs = [keys(m, rule) for m in pool]
    size = rank(pairs)[0]
    ms_size = rank([k for k, m in zip(pairs, pool, strict=True) if m.is_ms])[0] if rule.need_ms else 0
    ac_size = rank([k for k, m in zip(pairs, pool, strict=True) if m.ms_ac])[0] if rule.need_ac else 0
    return size, ms_size, ac_size


def _spread(pool: Sequence[Member], rule: CompiledCondition) -> tuple[tuple[int, int, int], set[int]]:
    """Without control groups: (measure, members critical to it) in one pass over the pool.

    A member is critical when it is the only one in its country and that country is needed.
    """
    counts: dict[Hashable, list[int]] = {}
    for m in pool:
        entry = counts.get(m.slot if rule.distinct else m.index)
        if entry is None:
            counts[m.slot if rule.distinct else m.index] = [1, m.is_ms, m.ms_ac]
        else:
            entry[0] += 1
            entry[1] += m.is_ms
            entry[2] += m.ms_ac
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
                or (m.ms_ac and c[2] == 1 and ac - 1 < rule.need_ac)
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
            there = sorted({m.slot_name for m in pool if (m.is_ms if in_ms else m.ms_ac)})
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


def _fails(
    members: Sequence[Member],
    rule: CompiledCondition,
    linked: bool,
    counted: set[int],
    departed: bool,
    critical: set[int] | None = None,
    met: list[tuple[CompiledCondition, list[Member]]] | None = None,
) -> Failure | None:
    """The failure of one condition on these members, or None. Where `critical` is given, adds the members
    without whom this condition would fail; where `met` is, the composition conditions that hold."""
    raw = rule.raw
    kind = rule.kind
    if kind == "composition":
        pool = _pool(members, rule)
        for m in pool:
            counted.add(m.index)
        if linked and rule.independent:
            measure = _measure(pool, rule)
            if _meets(measure, rule) and critical is not None and rule.binding:
                critical.update(_critical_in_pool(pool, rule, linked))
        else:
            measure, needed = _spread(pool, rule)
            if critical is not None and needed and rule.binding:
                critical.update(needed)
        if measure[0] >= rule.need and measure[1] >= rule.need_ms and measure[2] >= rule.need_ac:
            if met is not None:
                met.append((rule, pool))
            return None
        shortfalls = [
            (kind_, got, want)
            for kind_, got, want in (
                ("all", measure[0], rule.need),
                ("ms", measure[1], rule.need_ms),
                ("ms-ac", measure[2], rule.need_ac),
            )
            if got < want
        ]
        pairs = [keys(m, rule) for m in pool]
        counted = {m.index for m in pool}
        outside = [m for m in _pool(members, replace(rule, established="any")) if m.index not in counted]
        return _composition_failure(raw, pool, pairs, measure[0], shortfalls, rule.independent, rule.distinct, outside)
    if kind == "coordinator":
        wants_ms_ac = rule.established == "ms-ac"

        def ok(m: Member) -> bool:
            return m.in_proposal and (m.ms_ac if wants_ms_ac else m.widening)

        coordinators = [m for m in members if m.role == "coordinator"]
        if departed and not coordinators:
            return None if any(ok(m) for m in members if m.beneficiary) else Failure(raw, raw["text"], None)
        wrong = [m for m in coordinators if not ok(m)]
        counted.update(m.index for m in coordinators if ok(m))
        if wrong and wants_ms_ac and all(m.oct for m in wrong):
            m = wrong[0]
            return Failure(
                raw,
                f"{raw['text']} {m.name} is established in {m.slot_name}, an overseas country or territory: its "
                "entities may take part and be funded, but no text read says whether they count as established "
                "in a Member State for this condition. Check with the granting authority.",
                None,
                (m.name,),
                unsure=True,
            )
        if not wrong:
            if critical is not None and rule.binding:
                for c in coordinators:  # after it leaves, another beneficiary must be able to take over
                    if not any(ok(m) for m in members if m.beneficiary and m is not c):
                        critical.add(c.index)
            return None
        where = ESTABLISHED_TEXT[rule.established]
        m = wrong[0]
        if not m.participates:
            why = f"{m.name} may not take part (see above), so it cannot be the coordinator."
        elif not m.in_proposal:
            why = f"{m.name} takes no part in preparing the proposal, so it cannot be the coordinator."
        else:  # an entity deemed in another Member State has no country of its own to name
            why = f"{m.name} ({m.slot_name.removeprefix(f'{m.name}, ')}) is not established in {where}."
        return Failure(
            raw,
            f"{raw['text']} {why}",
            f"Choose as coordinator a beneficiary established in {where}.",
            (m.name,),
        )
    if kind == "max-beneficiaries":
        count = sum(1 for m in members if m.role in BENEFICIARY_ROLES)
        if count <= rule.limit:
            return None
        plural = "y" if rule.limit == 1 else "ies"
        return Failure(
            raw,
            f"{raw['text']} The consortium has {count} beneficiaries.",
            f"Keep at most {rule.limit} beneficiar{plural}; other entities may take part as associated partners.",
        )
    if kind == "beneficiaries-established":
        roles = raw["roles"]
        lifted_by = raw["unless_topic"]  # a topic naming the country lets it be a beneficiary
        outside = [
            m for m in members if m.role in roles and m.participates and m.third_country and lifted_by not in m.admitted
        ]
        if len(outside) <= rule.limit:
            return None
        return Failure(
            raw,
            f"{raw['text']} Established outside them: {', '.join(f'{m.name} ({_outside(m)})' for m in outside)}.",
            "Make the entities outside the Member States and associated countries associated partners.",
            tuple(m.name for m in outside),
        )
    if kind == "no-affiliated-entities":
        affiliated = [m for m in members if m.role == "affiliated-entity"]
        if not affiliated:
            return None
        return Failure(
            raw,
            f"{raw['text']} Affiliated entities: {', '.join(m.name for m in affiliated)}.",
            "Make them beneficiaries or remove them.",
            tuple(m.name for m in affiliated),
        )
    if kind == "beneficiary-types":
        allowed, refused = raw["types"], raw["not_types"]
        wrong = [
            m
            for m in members
            if m.role in BENEFICIARY_ROLES and m.type and (m.type not in allowed if allowed else m.type in refused)
        ]
        if not wrong:
            return None
        return Failure(
            raw,
            f"{raw['text']} Not of that type: {', '.join(f'{m.name} ({m.type})' for m in wrong)}.",
            None,
            tuple(m.name for m in wrong),
        )
    if kind == "unverifiable":  # what no input shows: said every time, as a condition to confirm
        return Failure(raw, f"{raw['text']} The consortium as entered cannot show this: confirm it.", None)
    if kind == "sectors":
        failure = _sectors_failure(members, rule)
        if failure is None and critical is not None and rule.binding:
            critical.update(_critical_for_sectors(members, rule))
        return failure
    raise ValueError(f"unknown condition kind {kind!r}")  # pragma: no cover - the schema allows no other


def _outside(m: Member) -> str:
    """Where a member outside the Member States and associated countries counts as established."""
    if m.type == "international-organisation":  # wherever its seat (HE-REG Art 22(10))
        return f"an international organisation, seat in {m.slot_name}"
    return m.slot_name


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
    met = None if departed else outcome.met
    rules = conditions.all
    for rule in rules if conditions.static else _flatten(rules, members, year, deadline):
        failure = _fails(members, rule, linked, outcome.counted, departed, outcome.critical, met)
        if failure is not None:
            if rule.kind == "composition" and not departed:
                failure = _unsure_if_octs_counted(members, rule, linked, failure)
            outcome.failures.append(failure)
    if outcome.critical is not None:
        beneficiaries = [m for m in members if m.beneficiary]
        if len(beneficiaries) == 1:
            outcome.critical.add(beneficiaries[0].index)
    return outcome


def beneficiary_failures(conditions: CompiledConditions, member: Member) -> list[Failure]:
    """The rules on where beneficiaries are established (a CSA's, MSCA Staff Exchanges') that a lone beneficiary
    like `member` fails: what a country's published status says of its entities as beneficiaries of the action."""
    found = []
    for rule in conditions.all:
        if rule.kind == "beneficiaries-established" and member.role in rule.raw["roles"]:
            failure = _fails([member], rule, False, set(), False)
            if failure is not None:
                found.append(failure)
    return found


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
    counted = [replace(m, is_ms=True, ms_ac=True) if m.index in oct_indices else m for m in members]
    if _fails(counted, rule, linked, set(), False) is not None:
        return failure
    places = ", ".join(sorted({f"{m.name} as in {m.slot_name}" for m in octs}))
    message = (
        f"{failure.message} It would hold if the entities in overseas countries or territories counted as established "
        f"in their Member State ({places}): they may take part and be funded, but no text read says how they count "
        "for this condition. Check with the granting authority."
    )
    return Failure(failure.condition, message, None, tuple(m.name for m in octs), unsure=True)


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
                    if _fails(rest, rule, linked, set(), True) is not None:
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
        [k for k in pairs if any(m.ms_ac for m in supporters[k])],
    ):
        for edge in rank(subset)[1]:
            if len(supporters[edge]) == 1:
                candidates.add(supporters[edge][0].index)
    return {i for i in candidates if not _meets(_measure([m for m in pool if m.index != i], rule), rule)}
