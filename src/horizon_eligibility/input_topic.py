"""The topic's options (input `topic`), given one by one or as the conditions text the topic reader reads.

Every option is checked on its own (all problems at once); an option given explicitly that contradicts the
conditions text is an error quoting the sentence.
"""

from __future__ import annotations

import re
from typing import Any

from .country_names import find_country, read_country
from .input_call import top
from .input_text import (
    Failed,
    Problems,
    Where,
    attempt,
    choice,
    clean_long_text,
    closest,
    kind,
    shown,
    text,
    unknown_fields,
)
from .model import TYPES, InputError, Topic, TopicComposition
from .rules import Rules
from .topic_reader import ASSOCIATED_COUNTRIES, read_topic

TOPIC_TEXT = "conditions_text"  # the topic's conditions as pasted from the portal, read by read_topic()
COMPOSITION_FIELDS = ("text", "min", "min_countries", "established_in", "entity_types", "needs")
_TYPES = {t.lower(): t for t in TYPES}
_ESTABLISHED = {"ms-ac": "ms-ac", "ms": "ms", "any": "any"}


def option_where(rules: Rules, key: str) -> Where:
    """Where a topic option is, named as the checker's form labels it."""
    label = rules.topic_options[key]["label"] if key in rules.topic_options else key.replace("_", " ")
    return Where(f"topic.{key}", key, f"Topic option ‘{label}’")


def parse_topic(rules: Rules, programme_id: str, value: Any, problems: Problems) -> Topic | None:
    """The topic's options, validated; None when a problem was found (recorded in `problems`)."""
    if value is None:
        return Topic()
    where = top("topic")
    if not isinstance(value, dict):
        problems.add(where.problem(f"is {kind(value)}; an object of topic options is expected."))
        return None
    before = len(problems)
    allowed = (*rules.programme(programme_id).topic_options, TOPIC_TEXT)
    unknown_fields(problems, value, allowed, where)
    values: dict[str, Any] = {}
    for key, item in value.items():
        if key != TOPIC_TEXT and key in allowed:
            parsed = attempt(
                problems, topic_value, rules, programme_id, key, item, option_where(rules, key), problems.full
            )
            if not isinstance(parsed, Failed):
                values[key] = parsed
    conditions = value.get(TOPIC_TEXT)
    if conditions is not None and len(problems) == before:
        attempt(problems, _read_conditions, rules, programme_id, conditions, values)
    return None if len(problems) > before else Topic.of(values)


def _read_conditions(rules: Rules, programme_id: str, conditions: Any, values: dict[str, Any]) -> None:
    """Take in what the topic reader reads in the conditions text (into `values`), and its unread sentences."""
    where = Where(f"topic.{TOPIC_TEXT}", TOPIC_TEXT, "Topic, conditions text")
    if not isinstance(conditions, str):
        raise where.error(f"is {kind(conditions)}; text is expected.", "Paste the topic's conditions as text.")
    try:
        reading = read_topic(clean_long_text(conditions), programme_id)
    except ValueError as exc:  # InputError (too long) or a broken character
        detail = exc.detail.split(": ", 1)[-1] if isinstance(exc, InputError) else str(exc)
        raise where.error(f"{detail}.", "Paste only the topic's conditions.") from None
    for key, read in reading.topic.items():
        parsed = topic_value(rules, programme_id, key, read, where)
        if key in values and _adds_to(values[key], parsed):
            continue  # the option given keeps what the text says and adds to it (a code a group's doubt left out)
        if key in values and values[key] != parsed:
            sentence = next((c.sentence for c in reading.clauses if key in c.sets), "")
            raise option_where(rules, key).error(
                f"contradicts the conditions text, which says: \u201c{shown(sentence, 300)}\u201d.",
                "Keep one of the two, or correct it.",
            )
        values[key] = parsed
    values["unread"] = reading.uninterpreted


def _adds_to(given: Any, read: Any) -> bool:
    """Whether an option given explicitly keeps every country (and group) the text sets and only adds to them:
    no contradiction, and the option given is the one taken. `true` (any country) takes in every list."""
    return isinstance(read, frozenset) and (given is True or (isinstance(given, frozenset) and given >= read))


def topic_value(rules: Rules, programme_id: str, key: str, item: Any, where: Where, quick: bool = False) -> Any:
    """One topic option's value: true/false, a list of composition requirements, or a list of countries (and,
    where the option takes them, country groups, or true for any country)."""
    option = rules.topic_options[key]
    option_kind, takes = option["kind"], option["takes"]
    if option_kind == "bool" and "countries" not in takes:
        if not isinstance(item, bool):
            shown_value = f" ('{shown(item)}')" if isinstance(item, str) else ""
            raise where.error(f"is {kind(item)}{shown_value}; true or false is expected.", "Write true or false.")
        return item
    if option_kind == "composition":
        if not isinstance(item, list):
            raise where.error(f"is {kind(item)}; a list of requirements is expected.")
        problems = Problems()
        found = [attempt(problems, _composition, entry, where.item(i)) for i, entry in enumerate(item)]
        problems.check()
        return tuple(c for c in found if isinstance(c, TopicComposition))
    if isinstance(item, bool) and "true" in takes:
        return item
    return _countries(rules, programme_id, key, item, where, quick)


def _countries(rules: Rules, programme_id: str, key: str, item: Any, where: Where, quick: bool) -> frozenset[str]:
    takes = rules.topic_options[key]["takes"]
    if isinstance(item, str):
        item = _split_countries(rules, item)
        if not item:  # blank text is neither "no country" ([]) nor "no restriction" (left out): not guessed
            empty = rules.topic_options[key].get("empty")
            meaning = f"[] means ‘{empty}’; " if empty else ""
            raise where.error(
                "is empty text; a list of countries is expected.",
                f'{meaning}leave the field out if the topic says nothing of it, or write a list, such as ["NO", "CH"].',
            )
    if not isinstance(item, list):
        expected = "true or false, or a list of countries" if "true" in takes else "a list of countries"
        raise where.error(f"is {kind(item)}; {expected} is expected.", 'Write a list, such as ["NO", "CH"].')
    groups = _groups(rules, programme_id) if "groups" in takes else {}
    problems = Problems()
    codes = set()
    for i, entry in enumerate(item):
        if "associated-countries" in takes and entry == ASSOCIATED_COUNTRIES:
            codes.add(ASSOCIATED_COUNTRIES)  # the group, resolved for the call year and part by the engine
            continue
        group = entry.strip().lower() if type(entry) is str else None
        if group in groups:
            codes.add(group)  # a country group, resolved on the call's date by the engine
            continue
        if "groups" in takes and group in rules.country_groups:
            kept_for = ", ".join(rules.country_groups[group]["programmes"])
            problems.add(
                where.item(i).problem(
                    f"the country group '{shown(entry)}' is kept for {kept_for} calls only.",
                    "List the countries instead.",
                )
            )
            continue
        if groups and type(entry) is str and not any(find_country(rules, entry)):
            near = closest(entry, tuple(groups))
            problems.add(
                where.item(i).problem(
                    f"'{shown(entry)}' is neither a country nor a country group.",
                    f"Did you mean '{near}'?" if near else f"Groups: {', '.join(groups)}.",
                )
            )
            continue
        found = attempt(problems, read_country, rules, entry, where.item(i), quick or problems.full)
        if isinstance(found, tuple):
            codes.add(found[0])
    problems.check()
    return frozenset(codes)


def _groups(rules: Rules, programme_id: str) -> dict[str, str]:
    """The country groups a topic option of this programme may name (id -> name)."""
    return {gid: g["name"] for gid, g in rules.country_groups.items() if programme_id in g["programmes"]}


def _split_countries(rules: Rules, written: str) -> list[str]:
    """'NO, CH' or 'NO CH' or 'Norway; South Korea': commas and semicolons part names, spaces only codes."""
    out: list[str] = []
    for piece in re.split(r"[,;\n]+", written):
        piece = piece.strip()
        if not piece:
            continue
        if piece == ASSOCIATED_COUNTRIES or find_country(rules, piece).code or find_country(rules, piece).candidates:
            out.append(piece)
        else:
            out.extend(piece.split())
    return out


def _composition(entry: Any, where: Where) -> TopicComposition:
    if not isinstance(entry, dict):
        raise where.error(f"is {kind(entry)}; an object with text and min is expected.")
    problems = Problems()
    unknown_fields(problems, entry, COMPOSITION_FIELDS, where)
    requirement = attempt(problems, text, entry.get("text"), where.at("text", "text"), max_length=2000)
    minimum = attempt(problems, _count, entry.get("min"), where.at("min", "min"))
    countries = entry.get("min_countries")
    at_least = (
        None if countries is None else attempt(problems, _count, countries, where.at("min_countries", "min countries"))
    )
    established = attempt(
        problems, _established, entry.get("established_in"), where.at("established_in", "established in")
    )
    types = attempt(problems, _entity_types, entry.get("entity_types"), where.at("entity_types", "entity types"))
    needs = attempt(problems, text, entry.get("needs"), where.at("needs", "needs"), required=False, max_length=300)
    problems.check()
    assert isinstance(requirement, str) and isinstance(minimum, int) and isinstance(established, str)
    assert not isinstance(at_least, Failed) and not isinstance(types, Failed) and isinstance(needs, str)
    return TopicComposition(requirement, minimum, at_least, established, types, needs or None)


def _count(value: Any, where: Where) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
        raise where.error("must be a whole number from 1 to 1000.", "Write a whole number, such as 2.")
    return value


# Where the entities a composition requirement counts are established: a country group is not one of the
# choices (the requirement would count entities the group does not take in, a Member State among them).
ESTABLISHED_HINT = (
    "Write 'ms-ac' (Member States or associated countries), 'ms' or 'any'. A requirement cannot name a country "
    "group (such as the African Union member states): describe it in 'needs' instead, and the verdict lists it "
    "as a condition to check by hand."
)


def _established(value: Any, where: Where) -> str:
    written = text(value, where, required=False, hint=ESTABLISHED_HINT) or "ms-ac"
    found = _ESTABLISHED.get(written.lower())
    if found is None:
        near = closest(written, tuple(_ESTABLISHED))
        hint = f"Did you mean '{near}'? {ESTABLISHED_HINT}" if near else ESTABLISHED_HINT
        raise where.error(f"'{shown(written)}' is not a choice we know.", hint)
    return found


def _entity_types(value: Any, where: Where) -> frozenset[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        raise where.error(f"is {kind(value)}; a list of types of organisation is expected.")
    problems = Problems()
    found = [attempt(problems, _entity_type, t, where.item(i)) for i, t in enumerate(value)]
    problems.check()
    return frozenset(t for t in found if isinstance(t, str))


def _entity_type(value: Any, where: Where) -> str:
    return choice(text(value, where), where, _TYPES, "a type of organisation")
