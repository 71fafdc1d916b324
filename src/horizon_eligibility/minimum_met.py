"""How a composition condition that holds is met: "3 independent beneficiaries in 3 countries (DE, FR, GB),
DE a Member State".

The members named are one maximum matching of control groups to countries (conditions.py), grown from a
maximum matching of the Member States alone (and then of the Member States and associated countries): a
slot once matched stays matched when the matching grows, so the pick holds as many Member States as any.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from .conditions import ESTABLISHED_TEXT, CompiledCondition, Member, keys


def _grow(pairs: Sequence[tuple[Hashable, Hashable]], owner: dict[Hashable, Hashable]) -> None:
    """Grow the matching `owner` (slot -> group) to a maximum one over `pairs` (augmenting paths)."""
    edges: dict[Hashable, list[Hashable]] = {}
    for group, slot in pairs:
        slots = edges.setdefault(group, [])
        if slot not in slots:
            slots.append(slot)

    def augment(group: Hashable, seen: set[Hashable]) -> bool:
        for slot in edges[group]:
            if slot in seen:
                continue
            seen.add(slot)
            if slot not in owner or augment(owner[slot], seen):
                owner[slot] = group
                return True
        return False

    matched = set(owner.values())
    for group in edges:
        if group not in matched:
            augment(group, set())


def witnesses(pool: Sequence[Member], rule: CompiledCondition) -> list[Member]:
    """Members that together meet the condition: one per matched (group, country)."""
    by_key: dict[tuple[Hashable, Hashable], Member] = {}
    for m in pool:
        by_key.setdefault(keys(m, rule), m)
    pairs = list(by_key)
    groups_per_slot: dict[Hashable, Hashable] = {}
    if len({group for group, _ in pairs}) == len(pairs):  # every group in one country: one pick per country
        for group, slot in pairs:
            groups_per_slot.setdefault(slot, group)
    else:
        for wanted, subset in ((rule.need_ms, "is_ms"), (rule.need_ac, "counts_in_ms_or_ac")):
            if wanted:
                _grow([k for k in pairs if getattr(by_key[k], subset)], groups_per_slot)
        _grow(pairs, groups_per_slot)
    return sorted((by_key[(group, slot)] for slot, group in groups_per_slot.items()), key=lambda m: m.index)


def _place(m: Member) -> str:
    # An entity deemed established in a Member State other than the others' counts as a country of its own.
    return f"{m.name} as a country of its own" if m.slot.startswith("deemed:") else m.slot


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


def _among(subset: list[Member], total: int, what: str, plural: str) -> str:
    """ ", DE a Member State" / ", all in Member States" / ", 2 of them in Member States (DE, FR)"."""
    if len(subset) == total:
        return f", all in {plural}"
    if len(subset) == 1:
        return f", {_place(subset[0])} {what}"
    return f", {len(subset)} of them in {plural} ({', '.join(sorted({_place(m) for m in subset}))})"


def how_met(pool: Sequence[Member], rule: CompiledCondition) -> tuple[str, tuple[str, ...]]:
    """The condition's text, then how this consortium meets it; and the names of the members picked."""
    raw = rule.raw
    who = "beneficiary" if not rule.participants else "participant"
    if rule.types:
        who = " or ".join(t.replace("-", " ") for t in sorted(rule.types))
    picked = witnesses(pool, rule)
    places = sorted({_place(m) for m in picked}, key=lambda place: (len(place) > 5, place))
    indep = "independent " if rule.independent else ""
    found = _plural(len(picked), indep + who)
    if rule.distinct:
        found += f" in {_plural(len(places), 'country')} ({', '.join(places)})"
    elif rule.established != "any":
        found += f" established in {ESTABLISHED_TEXT[rule.established]} ({', '.join(places)})"
    else:
        found += f" ({', '.join(places)})"
    if rule.need_ms:
        found += _among([m for m in picked if m.is_ms], len(picked), "a Member State", "Member States")
    if rule.need_ac and rule.established != "ms-ac":
        found += _among(
            [m for m in picked if m.counts_in_ms_or_ac],
            len(picked),
            "a Member State or associated country",
            "Member States or associated countries",
        )
    text, meets = raw["text"], "The consortium meets this"
    if rule.established == "any" and raw["rule"] == "topic.composition":
        # The topic's words may name countries (African Union member states); as given, any country counts.
        text = text if text.endswith((".", "!", "?")) else f"{text}."
        meets = 'As given (established_in "any"), any country counts; the countries the topic names were not checked'
    return f"{text} {meets}: {found}.", tuple(m.name for m in picked)
