"""Stage 2 of a check: the facts about each participant for this call.

- What its country is for this call (rules.ProgrammeRules.status: Member State, associated for this part
  and year, on the funding list, ...), and whether its entity type counts as established elsewhere.
- Which control group it belongs to: participants with the same ultimate controller, in the consortium
  or not, are not independent of each other.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from .association import CountryStatus
from .call import Call
from .inputs import name_key
from .model import NAME, Finding, Participant, Request
from .rule_catalogue import (
    CONTROL_CYCLE,
    CONTROLS_ITSELF,
    DEEMED_UNVERIFIED,
    DUPLICATE_NAMES,
    ENTITY_TYPE,
    PUBLIC_BODY,
)


class Controller(NamedTuple):
    """A participant that controls another, directly or through a chain of controlled_by."""

    name: str
    country: str
    flags: frozenset[str]


class Subject(NamedTuple):
    """A kind of participant in a call: what the deciders (stage 3) decide about."""

    call: Call
    country: str
    role: str
    type: str | None
    flags: frozenset[str]
    controllers: tuple[Controller, ...]  # in the consortium, nearest first
    status: CountryStatus
    deemed: bool  # deemed established in a Member State other than the others' (JRC, ...)
    # The entity counts as established in a Member State or associated country: its country's standing, except
    # an entity type deemed established in a Member State, an international organisation (its headquarters
    # count in some actions only), and a transitional arrangement that did not apply at grant signature.
    established_in_ms_or_ac: bool
    in_proposal: bool  # False for an entity that can only join after evaluation (the JRC in Horizon Europe)


def subject(
    call: Call,
    country: str,
    role: str,
    entity_type: str | None,
    flags: frozenset[str],
    controllers: tuple[Controller, ...],
    found: list[Finding],
) -> Subject:
    """The facts about a participant of this country, role, type and flags (named NAME in findings)."""
    programme = call.programme
    status = programme.status(country, call.year, call.part, call.deadline)
    for severity, declared, message, sources in status.notes:
        found.append(declared.finding(call.prefix, message, sources, (NAME,), severity=severity))  # type: ignore[arg-type]
    special = programme.entity_funding.get(entity_type or "")
    in_proposal = special is None or special["counts_at_submission"]
    deemed = entity_type is not None and entity_type in programme.deemed_other_member_state
    in_ms_or_ac = status.in_ms_or_ac
    if status.group == "transitional" and status.association and status.association["at_signature"] == "not-applied":
        in_ms_or_ac = False  # counted at submission, but the grant was signed without it as a beneficiary
    if deemed:
        in_ms_or_ac = True
    elif entity_type == "international-organisation":
        hq_counts = call.action_id in programme.entity_funding[entity_type]["headquarters_count_for_actions"]
        in_ms_or_ac = status.in_ms_or_ac and hq_counts
    return Subject(call, country, role, entity_type, flags, controllers, status, deemed, in_ms_or_ac, in_proposal)


def type_notes(facts: Subject) -> list[Finding]:
    """What the participant's entity type brings: a note the data gives for the type (the JRC joins after
    evaluation), and a warning where the rule deeming it established in another Member State is not verified."""
    programme = facts.call.programme
    prefix = facts.call.prefix
    notes = []
    special = programme.entity_funding.get(facts.type or "")
    if special is not None and special["note"]:
        notes.append(
            ENTITY_TYPE.emit(
                prefix, special["sources"], (NAME,), ids={"type": facts.type or ""}, name=NAME, note=special["note"]
            )
        )
    if facts.deemed and programme.deemed_evidence != "official":
        notes.append(
            DEEMED_UNVERIFIED.emit(
                prefix,
                programme.rule_sources["deemed_established"],
                (NAME,),
                name=NAME,
                type=(facts.type or "").replace("-", " "),
                programme=programme.name,
            )
        )
    return notes


class ControlGroups(NamedTuple):
    groups: dict[int, str]  # participant position -> its control group ({} when nobody is linked)
    findings: list[Finding]
    # participant position -> the participants that control it (nearest first); only those that have any
    controllers: dict[int, tuple[Controller, ...]]
    outside: dict[int, str]  # participant position -> a controller named but not in the consortium


def control_groups(request: Request, prefix: str, sources: tuple[str, ...], linked: bool) -> ControlGroups:
    """Participants with the same ultimate controller (in the consortium or not) are one group.

    Also warns about duplicate names. Returns no groups when nobody names a controller and every name is
    different (every participant its own group).
    """
    findings: list[Finding] = []
    if not linked:
        # The common case, without name_key() per name: ASCII names without double spaces compare by lower().
        # Names hold no control characters, so NUL can join them.
        joined = "\x00".join(p.name for p in request.participants)
        if joined.isascii() and "  " not in joined:
            lowered = joined.lower().split("\x00")
            if len(set(lowered)) == len(lowered):
                return ControlGroups({}, findings, {}, {})
    keys = [name_key(p.name) for p in request.participants]
    if not linked and len(set(keys)) == len(keys):
        return ControlGroups({}, findings, {}, {})
    by_key: dict[str, Participant] = {}
    duplicates = []
    for p, key in zip(request.participants, keys, strict=True):
        if key in by_key:
            duplicates.append(p.name)
        else:
            by_key[key] = p
    if duplicates:
        named = tuple(dict.fromkeys(duplicates))
        findings.append(DUPLICATE_NAMES.emit(prefix, sources, named, names=", ".join(repr(n) for n in named)))
    # The ultimate controller of each name, memoised along every chain walked (so a chain of 5,000
    # entities is walked once, not once per entity).
    root_of: dict[str, str] = {}
    cycles_seen: set[frozenset[str]] = set()

    def root(start: str) -> str:
        path: list[str] = []
        position: dict[str, int] = {}
        key = start
        while True:
            if key in root_of:
                found = root_of[key]
                break
            if key in position:  # the chain goes round: the entities on the circle are one group
                cycle = path[position[key] :]
                found = min(cycle)
                if frozenset(cycle) not in cycles_seen:
                    cycles_seen.add(frozenset(cycle))
                    chain = " -> ".join(by_key[k].name for k in [*cycle, key])
                    names = tuple(by_key[k].name for k in cycle)
                    findings.append(CONTROL_CYCLE.emit(prefix, sources, names, chain=chain))
                break
            if key not in by_key:  # a controller outside the consortium
                found = key
                break
            position[key] = len(path)
            path.append(key)
            controller = by_key[key].controlled_by
            target = name_key(controller) if controller else key
            if target == key:  # no controller, or itself (warned about below)
                found = key
                break
            key = target
        for k in path:
            root_of[k] = found
        return found

    roots: dict[int, str] = {}
    for p, own in zip(request.participants, keys, strict=True):
        target = name_key(p.controlled_by) if p.controlled_by else None
        if target == own:
            findings.append(CONTROLS_ITSELF.emit(prefix, sources, (p.name,), name=p.name))
        if by_key[own] is p:
            roots[p.position] = root(own)
        elif target and target != own:  # a duplicate name with a controller: the chain from there
            roots[p.position] = root(target)
        else:  # a duplicate name alone: a name identifies a participant only where controlled_by uses it
            roots[p.position] = f"{own}\x00{p.position}"
    findings.extend(_public_body_groups(request, roots, by_key, prefix, sources))
    controllers, outside = _controllers(request, by_key)
    return ControlGroups(roots, findings, controllers, outside)


def _public_body_groups(
    request: Request, roots: dict[int, str], by_key: dict[str, Participant], prefix: str, sources: tuple[str, ...]
) -> list[Finding]:
    """Entities under one public body are one group here, but the rules may not see it so: the Horizon 2020
    Rules for Participation (Art 8(2)) say that being owned or supervised by the same public body does not by
    itself make entities dependent. Say so where a group's controller is a public body."""
    members: dict[str, list[str]] = {}
    for p in request.participants:
        root = by_key.get(roots[p.position])
        if root is not None and root.type == "public-body" and root is not p:
            members.setdefault(root.name, []).append(p.name)
    return [
        PUBLIC_BODY.emit(prefix, sources, tuple(names), names=" and ".join(names), body=body)
        for body, names in members.items()
        if len(names) > 1
    ]


def _around_a_cycle(by_key: dict[str, Participant], cycle: list[str]) -> list[tuple[Controller, ...]]:
    """For each entity on a control cycle (each controlled by the next): the others, nearest first, keeping the
    nearest of each (country, flags). By the positions of each kind, so a cycle of 5,000 is quick."""
    positions: dict[tuple[str, frozenset[str]], list[int]] = {}
    for j, k in enumerate(cycle):
        positions.setdefault((by_key[k].country, by_key[k].flags), []).append(j)
    n = len(cycle)
    answers = []
    for i in range(n):
        nearest = []
        for at in positions.values():
            after = bisect_right(at, i)
            j = at[after] if after < len(at) else at[0]
            if j != i:
                nearest.append(((j - i) % n, j))
        nearest.sort()
        answers.append(tuple(Controller(b.name, b.country, b.flags) for b in (by_key[cycle[j]] for _, j in nearest)))
    return answers


def _controllers(
    request: Request, by_key: dict[str, Participant]
) -> tuple[dict[int, tuple[Controller, ...]], dict[int, str]]:
    """For each participant that has any: its controllers in the consortium, nearest first, keeping the
    nearest of each (country, flags) (all that restrictions look at), and a controller outside it.

    Memoised by name along each chain, so a chain of 5,000 entities is walked once.
    """
    memo: dict[str, tuple[tuple[Controller, ...], str | None]] = {}

    def above(key: str) -> tuple[tuple[Controller, ...], str | None]:
        """The controllers of the participant called `key` (the first of that name) and an outside one."""
        start = key
        path: list[str] = []
        on_path: set[str] = set()
        while key not in memo:
            holder = by_key[key]
            target = name_key(holder.controlled_by) if holder.controlled_by else None
            if target is None or target == key:  # the top, or marked as controlled by itself
                memo[key] = ((), None)
                break
            if target in on_path:  # a cycle: each entity on it is controlled by the others, nearest first
                at = path.index(target)
                cycle = [*path[at:], key]
                for member, found in zip(cycle, _around_a_cycle(by_key, cycle), strict=True):
                    memo[member] = (found, None)
                del path[at:]  # settled; those below the cycle take their answer from it
                break
            if target not in by_key:
                memo[key] = ((), holder.controlled_by)
                break
            path.append(key)
            on_path.add(key)
            key = target
        for below in reversed(path):  # each one from its controller's answer
            target = name_key(by_key[below].controlled_by or "")
            boss = by_key[target]
            chain, out = memo[target]
            facts = {(boss.country, boss.flags)}
            kept = [Controller(boss.name, boss.country, boss.flags)]
            for c in chain:
                if (c.country, c.flags) not in facts and c.name != by_key[below].name:
                    facts.add((c.country, c.flags))
                    kept.append(c)
            memo[below] = (tuple(kept), out)
        return memo[start]

    controllers: dict[int, tuple[Controller, ...]] = {}
    outside: dict[int, str] = {}
    for p in request.participants:
        if not p.controlled_by:
            continue
        own = name_key(p.name)
        if by_key.get(own) is p:
            chain, out = above(own)
        else:  # a duplicate name: from its own controller
            target = name_key(p.controlled_by)
            if target not in by_key:
                chain, out = (), p.controlled_by
            else:
                boss = by_key[target]
                upper, out = above(target)
                chain = (Controller(boss.name, boss.country, boss.flags), *upper)
        if chain:
            controllers[p.position] = chain
        if out:
            outside[p.position] = out
    return controllers, outside
