"""Turn the input dictionary (JSON/YAML/CSV, page or CLI) into a validated Request.

Every problem is reported at once (InputError.errors, up to MAX_ERRORS), each with its path in the input,
the field, a plain message for a person and a hint; a check that depends on a field already at fault is
skipped. Never a traceback. The call is read by input_call.py, the topic by input_topic.py.
"""

from __future__ import annotations

import re
import unicodedata
from operator import attrgetter
from typing import Any, NamedTuple

from .country_names import read_country
from .from_directory import FromDirectory, fill_participants, left_to_pic
from .input_call import header, programme_if_valid, top
from .input_text import (
    MAX_NAME_LENGTH,
    MAX_PARTICIPANTS,
    WHOLE,
    Failed,
    Problems,
    Where,
    attempt,
    choice,
    clean,
    clean_text,
    differences,
    kind,
    loose_key,
    shown,
    text,
    unknown_fields,
)
from .input_topic import TOPIC_TEXT, parse_topic
from .model import ROLES, TYPES, InputError, InputNote, Participant, Request, Topic
from .rule_catalogue import INVISIBLE_CHARACTERS
from .rules import Rules

TOP_LEVEL_FIELDS = (
    "programme",
    "action",
    "call_year",
    "call_id",
    "deadline",
    "part",
    "participants",
    "topic",
)
PARTICIPANT_FIELDS = ("name", "country", "role", "type", "controlled_by", "flags", "pic")
_ROLES = {r.lower(): r for r in ROLES}
_TYPES = {t.lower(): t for t in TYPES}
_PARTICIPANT_FIELDS = frozenset(PARTICIPANT_FIELDS)
_TOP_LEVEL_FIELDS = frozenset(TOP_LEVEL_FIELDS)
_SCALARS = frozenset({str, int, type(None)})
_CONTROLLED_BY = attrgetter("controlled_by")
_NO_TOPIC = Topic()
__all__ = ["TOPIC_TEXT", "name_key", "parse_request"]


def name_key(name: str) -> str:
    """How names are compared (for controlled_by): Unicode-normalised, case- and space-insensitive."""
    if name.isascii():  # NFKC leaves ASCII alone, and casefold() is lower() there
        # Names hold no control characters (tabs, newlines) and are stripped: only double spaces to fold.
        return name.lower() if "  " not in name else " ".join(name.lower().split())
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def parse_request(rules: Rules, data: Any) -> Request:
    if not isinstance(data, dict):
        raise not_a_consortium(data)
    problems = Problems()
    if not data.keys() <= _TOP_LEVEL_FIELDS:
        unknown_fields(problems, data, TOP_LEVEL_FIELDS, WHOLE)
    get = data.get
    raw = (get("programme"), get("action"), get("call_id"), get("deadline"), get("call_year"), get("part"))
    # Many checks share a call (a batch, a page edit): its header is parsed once. The value types are in
    # the key, so that True is never taken for 1; only valid headers are kept.
    types = tuple(map(type, raw))
    key = raw + types if _SCALARS.issuperset(types) else None
    call = rules.headers.get(key) if key is not None else None
    if call is None:
        call = header(rules, data, problems)
        if key is not None and call is not None:
            if len(rules.headers) >= 4096:
                rules.headers.clear()
            rules.headers[key] = call
    cleaned_names: list[_Cleaned] = []
    from_directory: list[FromDirectory] = []
    participants = _participants(rules, get("participants"), problems, cleaned_names, from_directory)
    given_topic = get("topic")
    topic: Topic | None = _NO_TOPIC
    if given_topic is not None:  # the topic's options depend on the programme only
        programme = call.programme if call else programme_if_valid(rules, get("programme"))
        topic = parse_topic(rules, programme, given_topic, problems) if programme else None
    problems.check()
    assert call is not None and participants is not None and topic is not None
    if call.implied_options:  # options every call of the family has (H2020 Health calls), unless given
        given = get("topic") or {}
        implied: dict[str, Any] = {o: True for o in call.implied_options if o not in given}
        if implied:
            topic = topic.with_options(implied)
    return Request(
        programme=call.programme,
        action=call.action,
        call_year=call.call_year,
        part=call.part,
        participants=participants,
        call_id=call.call_id,
        deadline=call.deadline,
        topic=topic,
        part_from=call.part_from,
        notes=_invisible_note(cleaned_names),
        directory=tuple(from_directory),
    )


# -- participants ----------------------------------------------------------------------------------
def _participants(
    rules: Rules, value: Any, problems: Problems, cleaned_names: list[_Cleaned], from_directory: list[FromDirectory]
) -> tuple[Participant, ...] | None:
    where = top("participants")
    hint = "List at least one participant, each with its name, country and role."
    if value is None or value == []:
        problems.add(where.problem("none are given." if value is None else "the list is empty.", hint))
        return None
    if not isinstance(value, list):
        problems.add(where.problem(f"is {kind(value)}; a list is expected.", hint))
        return None
    if len(value) > MAX_PARTICIPANTS:
        problems.add(
            where.problem(f"{len(value):,} are given; at most {MAX_PARTICIPANTS:,} are accepted.", "Check the file.")
        )
        return None
    # Participants given by PIC: completed from the organisation directory first (from_directory.py).
    value, notes, pic_failed = fill_participants(rules, value)
    from_directory.extend(notes)
    out: list[Participant] = []
    failed = False
    for index, item in enumerate(value):
        if pic_failed and index in pic_failed:  # what the PIC would have given is not asked for
            _participant(rules, index, item, left_to_pic(index, item, problems, pic_failed[index]), cleaned_names)
            failed = True
            continue
        participant = _participant(rules, index, item, problems, cleaned_names)
        if participant is None:
            failed = True
        elif not failed:
            out.append(participant)
    if failed:
        return None
    if any(map(_CONTROLLED_BY, out)):
        _control_links(out, problems)
    return tuple(out)


def _participant(
    rules: Rules, index: int, item: Any, problems: Problems, cleaned_names: list[_Cleaned]
) -> Participant | None:
    """One participant, read carefully: every problem recorded; None if there was one."""
    where = Where(f"participants[{index}]", "", f"Participant {index + 1}")
    if not isinstance(item, dict):
        problems.add(
            where.problem(
                f"is {kind(item)}, not a participant.",
                'Give each participant as an object: {"name": "Uni A", "country": "DE", "role": "coordinator"}.',
            )
        )
        return None
    before = len(problems)
    name = attempt(problems, _name, item.get("name"), where.at("name", "name"), cleaned_names)
    if isinstance(name, str) and name:
        where = where._replace(label=f"Participant {index + 1} ({shown(name)})")
    if not item.keys() <= _PARTICIPANT_FIELDS:
        unknown_fields(problems, item, PARTICIPANT_FIELDS, where)
    country = attempt(problems, read_country, rules, item.get("country"), where.at("country", "country"), problems.full)
    if isinstance(country, tuple) and not item["country"].isascii():
        _note_invisible(item["country"], f"Participant {index + 1}'s country", cleaned_names)
    role = attempt(problems, _role, item.get("role"), where.at("role", "role"))
    entity_type = attempt(problems, _type, item.get("type"), where.at("type", "type"))
    controlled_by = attempt(
        problems,
        _name,
        item.get("controlled_by"),
        where.at("controlled_by", "controlled by"),
        cleaned_names,
        required=False,
    )
    flags = attempt(problems, _flags, rules, item.get("flags"), where.at("flags", "flags"))
    if len(problems) > before:
        return None
    assert isinstance(name, str) and isinstance(country, tuple) and isinstance(role, str)
    assert not isinstance(entity_type, Failed) and not isinstance(controlled_by, Failed)
    assert isinstance(flags, frozenset)
    code, typed = country
    return Participant(index, name, code, typed, role, entity_type, controlled_by or None, flags)


def not_a_consortium(data: Any) -> InputError:
    return WHOLE.error(
        f"is {kind(data)}, not a consortium.",
        'Give an object with the call and a "participants" list, as in the examples.',
    )


class _Cleaned(NamedTuple):
    """A name that held invisible characters: whose ("Participant 3's name"), what was removed, what is left."""

    whose: str
    removed: tuple[str, ...]
    name: str
    participant: str | None  # the participant's name, when it is its own name that was cleaned


def _name(value: Any, where: Where, cleaned_names: list[_Cleaned], required: bool = True) -> str:
    """A name (of a participant, or of its controller), its invisible characters removed (and recorded)."""
    if value is None or type(value) is not str:
        return text(value, where, required=required, hint="Give the organisation's name.")
    cleaned, removed = clean_text(value, where, MAX_NAME_LENGTH)
    if not cleaned:
        if required:
            raise where.error("is empty.", "Give the organisation's name.")
        return ""
    if removed:
        number = int(where.path.split("[", 1)[1].split("]", 1)[0]) + 1
        own = where.field == "name"
        whose = f"Participant {number}'s {'name' if own else 'controlled by'}"
        cleaned_names.append(_Cleaned(whose, removed, cleaned, cleaned if own else None))
    return cleaned


def _note_invisible(value: str, whose: str, cleaned_names: list[_Cleaned]) -> None:
    """Record the invisible characters a valid value held (a country), for the note names get."""
    cleaned, removed = clean(value)
    if removed:
        cleaned_names.append(_Cleaned(whose, removed, cleaned, None))


def _invisible_note(cleaned_names: list[_Cleaned]) -> tuple[InputNote, ...]:
    """One note for all the names that held invisible characters (a Word or PDF copy may give hundreds)."""
    if not cleaned_names:
        return ()
    participants = tuple(dict.fromkeys(c.participant for c in cleaned_names if c.participant))
    if len(cleaned_names) == 1:
        whose, removed, name, _ = cleaned_names[0]
        each = [("an " if r[0] in "aeiou" else "a ") + r for r in removed]
        listed = " and ".join([", ".join(each[:-1]), each[-1]] if len(each) > 1 else each)
        one = len(removed) == 1
        message = (
            f"{whose} held {listed}, {'which does' if one else 'which do'} not show (copies of Word or PDF text "
            f"often carry such characters): {'it was' if one else 'they were'} removed, and it reads "
            f"'{shown(name, 80)}'."
        )
    else:
        kinds = ", ".join(dict.fromkeys(r for c in cleaned_names for r in c.removed))
        named = ", ".join(c.whose for c in cleaned_names[:10])
        more = f", and {len(cleaned_names) - 10:,} more" if len(cleaned_names) > 10 else ""
        message = (
            f"Characters that do not show ({kinds}) were removed from {len(cleaned_names):,} names, as copies of "
            f"Word or PDF text often carry them: {named}{more}."
        )
    return (InputNote(INVISIBLE_CHARACTERS.pattern, message, participants),)


def _role(value: Any, where: Where) -> str:
    return choice(text(value, where, hint=f"Choose one of: {', '.join(ROLES)}."), where, _ROLES, "a role")


def _type(value: Any, where: Where) -> str | None:
    given = text(value, where, required=False)
    return choice(given, where, _TYPES, "a type of organisation") if given else None


def _flags(rules: Rules, value: Any, where: Where) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [v for v in re.split(r"[;,]", value) if v.strip()]
        if not value:  # blank text: left out or an empty list was meant, not for us to guess
            raise where.error(
                "is empty text; a list of flags is expected.",
                f"Leave the field out if the participant has no flag, or write a list of: {', '.join(rules.flags)}.",
            )
    if not isinstance(value, list):
        raise where.error(f"is {kind(value)}; a list of flags is expected.", f"Flags are: {', '.join(rules.flags)}.")
    problems = Problems()
    flags = set()
    for index, flag in enumerate(value):
        found = attempt(problems, _flag, rules, flag, where.item(index))
        if isinstance(found, str):
            flags.add(found)
    problems.check()
    return frozenset(flags)


def _flag(rules: Rules, value: Any, where: Where) -> str:
    return choice(text(value, where), where, rules.flag_ids, "a flag")


def _control_links(participants: list[Participant], problems: Problems) -> None:
    """A controlled_by that names no participant, but one after folding what a reader would not notice
    (case, accents, spaces, look-alike letters of other alphabets), is an error naming the near match: read
    as it is, it would be an outside controller, and the control link would silently be lost."""
    exact = {name_key(p.name) for p in participants}
    loose: dict[str, Participant] | None = None
    for p in participants:
        if p.controlled_by is None or name_key(p.controlled_by) in exact:
            continue
        if loose is None:
            loose = {}
            for other in participants:
                loose.setdefault(loose_key(other.name), other)
        key = loose_key(p.controlled_by)
        near = loose.get(key) if key else None
        if near is None:
            continue  # a controller outside the consortium
        differ = differences(p.controlled_by, near.name)
        where = Where(
            f"participants[{p.position}].controlled_by",
            "controlled_by",
            f"Participant {p.position + 1} ({shown(p.name)}), controlled by",
        )
        problems.add(
            where.problem(
                f"'{shown(p.controlled_by)}' is the name of no participant, but looks like participant "
                f"{near.position + 1}, '{shown(near.name)}'" + (f" (it differs in: {differ})." if differ else "."),
                f"If participant {near.position + 1} is meant, write its name as given there; if the controller is "
                "not in the consortium, give it a name no participant has.",
            )
        )
