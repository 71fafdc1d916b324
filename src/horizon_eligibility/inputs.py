"""Turn the input dictionary (JSON/YAML/CSV, page or CLI) into a validated Request.

Every problem raises InputError naming the field (e.g. `participants[2].country`), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from typing import Any

from .from_directory import fill_participants
from .model import ROLES, TOPIC_OPTIONS, TYPES, InputError, Participant, Request, Topic, TopicComposition
from .rules import ProgrammeRules, Rules
from .topic_reader import ASSOCIATED_COUNTRIES, read_topic

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
MAX_PARTICIPANTS = 10_000
MAX_NAME_LENGTH = 300
_YEAR_IN_CALL = re.compile(r"(?:^|[-_/ ])(20[1-3]\d)(?=$|[-_/ ])")
_SHORT_RANGE = re.compile(r"(?:^|[-_/ ])(20[1-3]\d)-([1-3]\d)(?=$|[-_/ ])")  # 2014-20
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc
_ROLES = {r.lower(): r for r in ROLES}
_TYPES = {t.lower(): t for t in TYPES}
_PARTICIPANT_FIELDS = frozenset(PARTICIPANT_FIELDS)
_TOP_LEVEL_FIELDS = frozenset(TOP_LEVEL_FIELDS)


def name_key(name: str) -> str:
    """How names are compared (for controlled_by): Unicode-normalised, case- and space-insensitive."""
    if name.isascii():  # NFKC leaves ASCII alone, and casefold() is lower() there
        # Names hold no control characters (tabs, newlines) and are stripped: only double spaces to fold.
        return name.lower() if "  " not in name else " ".join(name.lower().split())
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@lru_cache(maxsize=1024)
def years_from_call_id(call_id: str) -> tuple[int, int] | None:
    """The budget years a call identifier names: (2025, 2025) for HORIZON-CL5-2025-D3-01, (2018, 2020) for
    the multi-year H2020-SC1-BHC-2018-2020 (and H2020-Adhoc-2014-20), None when it names none."""
    found = [int(y) for y in _YEAR_IN_CALL.findall(call_id.strip())]
    short_end = _SHORT_RANGE.search(call_id)
    if short_end:
        found.append(int(short_end.group(1)[:2] + short_end.group(2)))
    if not found:
        return None
    first = found[0]
    # Later years count only where they continue a range (2018-2019-2020), not in a topic number.
    last = first
    for year in found[1:]:
        if year == last + 1 or (last < year <= first + 7 and year == found[-1]):
            last = year
    return first, last


# A full Horizon Europe topic identifier: a call identifier and the topic's own segments after it
# (HORIZON-CL4-2026-01-DIGITAL-EMERGING-02, HORIZON-CL5-2024-D3-01-05; the call HORIZON-CL5-2024-D3-01 has
# five segments, its topics six or more), or an ERC call, which is its own topic (ERC-2025-STG).
_TOPIC_ID = re.compile(r"^(?:HORIZON-[A-Z0-9]+-20\d\d(?:-[A-Z0-9]+){3,}|ERC-20\d\d-[A-Z]+)$")
TOPIC_PAGE = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/"


def topic_page_url(call_id: str) -> str | None:
    """The topic's page on the Funding & Tenders portal, for a full topic identifier; None otherwise."""
    text = call_id.strip().upper()
    return TOPIC_PAGE + text if _TOPIC_ID.match(text) else None


def year_from_call_id(call_id: str) -> int | None:
    """The budget year of a single-year call identifier (the first year of a multi-year one)."""
    years = years_from_call_id(call_id)
    return years[0] if years else None


def _text(value: Any, field: str, *, required: bool = True, max_length: int = 200) -> str | None:
    if type(value) is str and value and len(value) <= max_length and value.isprintable():
        stripped = value.strip()
        if stripped:
            return stripped
    if value is None:
        if required:
            raise InputError(field, "missing")
        return None
    if not isinstance(value, str):
        raise InputError(field, f"must be text, not {_kind(value)}")
    stripped = value.strip()
    if not stripped:
        if required:
            raise InputError(field, "is empty")
        return None
    if len(stripped) > max_length:
        raise InputError(field, f"is {len(stripped):,} characters long; at most {max_length} are accepted")
    if _CONTROL.search(stripped):
        raise InputError(field, "contains control characters")
    return stripped


def _kind(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__
    )


def _choice(value: str, field: str, allowed: tuple[str, ...] | list[str] | dict[str, str]) -> str:
    options = allowed if isinstance(allowed, dict) else {o.lower(): o for o in allowed}
    found = options.get(value.lower())
    if found is None:
        raise InputError(field, f"{value!r} is not one of: {', '.join(options.values())}")
    return found


def _unknown(data: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
    for key in data:
        if key not in allowed:
            prefix = f"{where}." if where else ""
            raise InputError(f"{prefix}{clip(str(key))}", unknown_message("field", str(key), allowed))


def clip(text: str, limit: int = 40) -> str:
    """A name as quoted in a message: at most `limit` characters (a key may be a megabyte of junk)."""
    return text if len(text) <= limit else text[:limit] + "…"


def unknown_message(what: str, name: str, allowed: tuple[str, ...]) -> str:
    """'unknown field, did you mean "country"? (allowed: …)'; the page words it the same (form-state.mjs)."""
    hint = closest(name, allowed)
    did_you_mean = f', did you mean "{hint}"?' if hint else ""
    return f"unknown {what}{did_you_mean} (allowed: {', '.join(allowed)})"


def closest(name: str, allowed: tuple[str, ...]) -> str | None:
    """The allowed name a slip of the keyboard away (one edit per three letters, at least one), if any.

    Plain edit distance with adjacent swaps, so that the page (form-state.mjs) gives the very same hint.
    """
    key = name.strip().lower()
    if not key or len(key) > 60:
        return None
    best, best_distance = None, max(1, len(key) // 3) + 1
    for option in allowed:
        distance = _edit_distance(key, option.lower())
        if distance < best_distance:
            best, best_distance = option, distance
    return best


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance counting a swap of two neighbouring letters as one edit."""
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        two_back, before, row = before, row, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(before[j] + 1, row[j - 1] + 1, before[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], two_back[j - 2] + 1)
    return row[len(b)]


def _country(rules: Rules, value: Any, field: str) -> str:
    text = _text(value, field, max_length=10)
    assert text is not None
    code = rules.resolve_country(text)
    if code is None:
        raise InputError(field, f"unknown country code {text!r} (use ISO 3166-1 alpha-2, such as DE, EL or UK)")
    return code


def _year(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(field, f"must be a year such as 2025, not {_kind(value)}")
    if isinstance(value, str):
        if not value.strip().isdigit():
            raise InputError(field, f"must be a year such as 2025, not {value!r}")
        value = int(value.strip())
    return int(value)


def parse_request(rules: Rules, data: Any) -> Request:
    data, from_directory = fill_participants(rules, data)  # participants given by PIC (from_directory.py)
    if not isinstance(data, dict):
        raise InputError("", f"the input must be a JSON object with a 'participants' list, not {_kind(data)}")
    if not data.keys() <= _TOP_LEVEL_FIELDS:
        _unknown(data, TOP_LEVEL_FIELDS, "")
    get = data.get
    raw = (get("programme"), get("action"), get("call_id"), get("deadline"), get("call_year"), get("part"))
    # Many checks share a call (a batch, a page edit): its header is parsed once. The value types are in
    # the key, so that True is never taken for 1; only valid headers are kept.
    types = tuple(map(type, raw))
    key = raw + types if _SCALARS.issuperset(types) else None
    header = rules.headers.get(key) if key is not None else None
    if header is None:
        header = _header(rules, data)
        if key is not None:
            if len(rules.headers) >= 4096:
                rules.headers.clear()
            rules.headers[key] = header
    programme_id, action, call_year, part, part_from, call_id, deadline, implied_options = header
    participants = _participants(rules, get("participants"))
    topic = _topic(rules, programme_id, get("topic"))
    if implied_options:  # options every call of the family has (H2020 Health calls), unless given
        given = get("topic") or {}
        implied: dict[str, Any] = {o: True for o in implied_options if o not in given}
        if implied:
            topic = topic._replace(**implied)
    return Request(
        programme=programme_id,
        action=action,
        call_year=call_year,
        part=part,
        participants=participants,
        call_id=call_id,
        deadline=deadline,
        topic=topic,
        part_from=part_from,
        directory=from_directory,
    )


_SCALARS = frozenset({str, int, type(None)})


def _header(
    rules: Rules, data: dict[str, Any]
) -> tuple[str, str, int, str, str, str | None, dt.date | None, tuple[str, ...]]:
    """The call a request is about: (programme, action, call year, part, where the part came from, call id,
    deadline, the topic options its call family implies), validated."""
    programme_text = _text(data.get("programme"), "programme")
    assert programme_text is not None
    programme_id = _choice(programme_text, "programme", rules.programme_ids)
    programme = rules.programme(programme_id)

    action_text = _text(data.get("action"), "action")
    assert action_text is not None
    action = programme.action_id(action_text)
    if action is None:
        raise InputError(
            "action",
            f"{action_text!r} is not an action type of {programme.name} (one of: {', '.join(programme.actions)})",
        )

    call_id = _text(data.get("call_id"), "call_id", required=False, max_length=100)
    deadline = _deadline(data.get("deadline"))
    call_year = _call_year(programme, data.get("call_year"), call_id, deadline)
    part, part_from = _part(programme, data.get("part"), call_id, action)
    family = programme.call_family(call_id) if call_id else None
    implied = tuple(family["topic_options"]) if family else ()
    return programme_id, action, call_year, part, part_from, call_id, deadline, implied


def _call_year(programme: ProgrammeRules, value: Any, call_id: str | None, deadline: dt.date | None) -> int:
    span = years_from_call_id(call_id) if call_id else None
    if value is None:
        if span is None:
            raise InputError("call_year", "missing (give call_year, or a call_id that contains the year)")
        first, last = span
        if first == last:
            year, field = first, "call_id"
        elif deadline is not None and first <= deadline.year <= last:
            # A multi-year call: the year of the deadline decides association and funding lists.
            year, field = deadline.year, "deadline"
        else:
            raise InputError(
                "call_year",
                f"call_id {call_id!r} covers calls of {first}-{last}: give call_year, or the deadline, to say which",
            )
    else:
        year = _year(value, "call_year")
        field = "call_year"
        if span is not None and not span[0] <= year <= span[1]:
            years = str(span[0]) if span[0] == span[1] else f"{span[0]}-{span[1]}"
            raise InputError("call_year", f"{year} does not match the year(s) {years} in call_id {call_id!r}")
    if not programme.first_call_year <= year <= programme.last_call_year:
        raise InputError(
            field,
            f"{year} is outside {programme.name} (calls of {programme.first_call_year}-{programme.last_call_year})",
        )
    # A call's deadline falls from the autumn before its year (ERC) to two years after it (multi-year
    # calls); any other deadline belongs to another call: one of the two was mistyped.
    if deadline is not None and not year - 1 <= deadline.year <= year + 2:
        raise InputError(
            "deadline",
            f"{deadline.isoformat()} cannot be the deadline of a call of {year} (deadlines fall between "
            f"{year - 1} and {year + 2}): check the deadline and the call year",
        )
    return year


def _deadline(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise InputError("deadline", f"must be a date such as 2025-09-16, not {_kind(value)}")
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise InputError("deadline", f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _part(programme: ProgrammeRules, value: Any, call_id: str | None, action: str) -> tuple[str, str]:
    """(part, where it came from: "part", "call_id" or "action"). A call id or part that contradicts an
    action bound to certain parts (ERC and MSCA: Pillar I) is bad input naming both fields."""
    allowed = programme.actions[action]["allowed_parts"]
    family = programme.call_family(call_id) if call_id else None
    if family is not None and family["refused"]:
        raise InputError("call_id", family["refused"])
    if family is not None and call_id:
        allowed_actions = family["actions"]
        segments = family["segments"]
        if segments:  # the identifier may name the action (ERC-2025-STG)
            for segment in call_id.upper().split("-"):
                allowed_actions = segments.get(segment, allowed_actions)
        if allowed_actions and action not in allowed_actions:
            raise InputError(
                "call_id",
                f"{call_id!r} is a call for {', '.join(allowed_actions)}, not for action {action}: check the "
                "action and the call_id",
            )
    from_call = family["part"] if family else None
    if from_call is not None and from_call not in allowed:
        raise InputError(
            "call_id",
            f"{call_id!r} is a call of {_part_name(programme, from_call)}, but action {action} belongs to "
            f"{' or '.join(_part_name(programme, p) for p in allowed)}: check the action and the call_id",
        )
    text = _text(value, "part", required=False)
    if text is not None:
        part = _choice(text, "part", programme.part_ids)
        if part not in allowed:
            raise InputError(
                "part",
                f"{part!r} contradicts action {action}, which belongs to "
                f"{' or '.join(_part_name(programme, p) for p in allowed)}",
            )
        if from_call is not None and part != from_call:
            raise InputError("part", f"{part!r} contradicts call_id {call_id!r}, a call of {from_call!r}")
        return part, "part"
    if from_call is not None:
        return from_call, "call_id"
    return programme.actions[action]["default_part"], "action"


def _part_name(programme: ProgrammeRules, part: str) -> str:
    return programme.parts[part]["name"].split(":")[0].split(" (")[0]


def _participants(rules: Rules, value: Any) -> tuple[Participant, ...]:
    if value is None:
        raise InputError("participants", "missing: list at least one participant")
    if not isinstance(value, list):
        raise InputError("participants", f"must be a list, not {_kind(value)}")
    if not value:
        raise InputError("participants", "is empty: list at least one participant")
    if len(value) > MAX_PARTICIPANTS:
        raise InputError("participants", f"{len(value):,} participants; at most {MAX_PARTICIPANTS:,} are accepted")
    out = []
    for index, item in enumerate(value):
        fast = _plain_participant(rules, index, item)
        if fast is not None:
            out.append(fast)
            continue
        where = f"participants[{index}]"
        if not isinstance(item, dict):
            raise InputError(where, f"must be an object with name, country and role, not {_kind(item)}")
        if not item.keys() <= _PARTICIPANT_FIELDS:
            _unknown(item, PARTICIPANT_FIELDS, where)
        name = _text(item.get("name"), f"{where}.name", max_length=MAX_NAME_LENGTH)
        assert name is not None
        label = f"{where} ({name})"
        if isinstance(item.get("country"), bool):  # YAML 1.1 reads an unquoted NO (Norway) as false
            raise InputError(
                f"{label}.country",
                f"is {str(item['country']).lower()}, not a country code: in YAML write Norway's code in quotes, "
                'country: "NO" (an unquoted NO, no or off reads as false)',
            )
        input_country = _text(item.get("country"), f"{label}.country", max_length=10)
        assert input_country is not None
        country = _country(rules, input_country, f"{label}.country")
        role_text = _text(item.get("role"), f"{label}.role")
        assert role_text is not None
        role = _choice(role_text, f"{label}.role", _ROLES)
        type_text = _text(item.get("type"), f"{label}.type", required=False)
        entity_type = _choice(type_text, f"{label}.type", _TYPES) if type_text else None
        controlled_by = _text(
            item.get("controlled_by"), f"{label}.controlled_by", required=False, max_length=MAX_NAME_LENGTH
        )
        flags = _flags(rules, item.get("flags"), f"{label}.flags")
        out.append(Participant(index, name, country, input_country, role, entity_type, controlled_by, flags))
    return tuple(out)


def _clean(value: Any, max_length: int) -> str | None:
    if type(value) is not str:
        return None
    text = value.strip()
    if not text or len(text) > max_length or _CONTROL.search(text):
        return None
    return text


_NO_FLAGS: frozenset[str] = frozenset()


def _plain_participant(rules: Rules, index: int, item: Any) -> Participant | None:
    """The common case, validated quickly; None sends the item through the careful path (and its errors)."""
    if type(item) is not dict or not item.keys() <= _PARTICIPANT_FIELDS:
        return None
    get = item.get
    name, country_text, role_text = get("name"), get("country"), get("role")
    if type(name) is not str or type(country_text) is not str or type(role_text) is not str or get("flags"):
        return None
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH or not name.isprintable():
        return None
    country_text = country_text.strip()
    lookup = rules.country_lookup  # exact and upper-case keys: most input needs no case change
    country = lookup.get(country_text) or lookup.get(country_text.upper())
    role = _ROLES.get(role_text) or _ROLES.get(role_text.strip().lower())
    if country is None or role is None:
        return None
    entity_type = get("type")
    if entity_type is not None:
        if type(entity_type) is not str:
            return None
        entity_type = _TYPES.get(entity_type) or _TYPES.get(entity_type.strip().lower())
        if entity_type is None:
            return None
    controlled_by = get("controlled_by")
    if controlled_by is not None:
        controlled_by = _clean(controlled_by, MAX_NAME_LENGTH)
        if controlled_by is None:
            return None
    return Participant(index, name, country, country_text, role, entity_type, controlled_by, _NO_FLAGS)


def _flags(rules: Rules, value: Any, field: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [v for v in re.split(r"[;,]", value) if v.strip()]
    if not isinstance(value, list):
        raise InputError(field, f"must be a list of flags, not {_kind(value)}")
    flags = set()
    for index, flag in enumerate(value):
        text = _text(flag, f"{field}[{index}]")
        assert text is not None
        flags.add(_choice(text, f"{field}[{index}]", rules.flag_ids))
    return frozenset(flags)


TOPIC_TEXT = "conditions_text"  # the topic's conditions as pasted from the portal, read by read_topic()
COMPOSITION_FIELDS = ("text", "min", "min_countries", "established_in", "entity_types", "needs")


def _topic(rules: Rules, programme_id: str, value: Any) -> Topic:
    if value is None:
        return Topic()
    if not isinstance(value, dict):
        raise InputError("topic", f"must be an object, not {_kind(value)}")
    _unknown(value, (*rules.programme(programme_id).topic_options, TOPIC_TEXT), "topic")
    values: dict[str, Any] = {
        key: _topic_value(rules, key, item, f"topic.{key}") for key, item in value.items() if key != TOPIC_TEXT
    }
    text = value.get(TOPIC_TEXT)
    if text is not None:
        if not isinstance(text, str):
            raise InputError(f"topic.{TOPIC_TEXT}", f"must be text, not {_kind(text)}")
        reading = read_topic(text, programme_id)
        for key, read in reading.topic.items():
            parsed = _topic_value(rules, key, read, f"topic.{TOPIC_TEXT}")
            if key in values and values[key] != parsed:
                sentence = next((c.sentence for c in reading.clauses if key in c.sets), "")
                raise InputError(
                    f"topic.{key}",
                    f"contradicts topic.{TOPIC_TEXT}, which says: {sentence!r}. Keep one of the two, or correct it",
                )
            values[key] = parsed
        values["unread"] = reading.uninterpreted
    return Topic(**values)


def _topic_value(rules: Rules, key: str, item: Any, field: str) -> Any:
    kind = TOPIC_OPTIONS[key]["kind"]
    if kind == "bool":
        if not isinstance(item, bool):
            raise InputError(field, f"must be true or false, not {_kind(item)}")
        return item
    if kind == "composition":
        if not isinstance(item, list):
            raise InputError(field, f"must be a list of requirements, not {_kind(item)}")
        return tuple(_composition(entry, f"{field}[{i}]") for i, entry in enumerate(item))
    if isinstance(item, str):
        item = [c for c in re.split(r"[\s,;]+", item) if c]
    if not isinstance(item, list):
        raise InputError(field, f"must be a list of country codes, not {_kind(item)}")
    codes = set()
    for i, code in enumerate(item):
        if key == "eligible_countries" and code == ASSOCIATED_COUNTRIES:
            codes.add(ASSOCIATED_COUNTRIES)  # the group, resolved for the call year and part by the engine
        else:
            codes.add(_country(rules, code, f"{field}[{i}]"))
    return frozenset(codes)


def _composition(entry: Any, field: str) -> TopicComposition:
    if not isinstance(entry, dict):
        raise InputError(field, f"must be an object with text and min, not {_kind(entry)}")
    _unknown(entry, COMPOSITION_FIELDS, field)
    text = _text(entry.get("text"), f"{field}.text", max_length=2000)
    assert text is not None
    numbers: dict[str, int | None] = {}
    for name in ("min", "min_countries"):
        number = entry.get(name)
        if number is None and name == "min_countries":
            numbers[name] = None
            continue
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 1000:
            raise InputError(f"{field}.{name}", "must be a whole number from 1 to 1000")
        numbers[name] = number
    established = _choice(entry.get("established_in") or "ms-ac", f"{field}.established_in", ("ms-ac", "ms", "any"))
    types = entry.get("entity_types")
    if types is not None:
        if not isinstance(types, list) or not types:
            raise InputError(f"{field}.entity_types", "must be a list of entity types")
        types = frozenset(_choice(str(t), f"{field}.entity_types", _TYPES) for t in types)
    needs = _text(entry.get("needs"), f"{field}.needs", required=False, max_length=300)
    minimum = numbers["min"]
    assert minimum is not None
    return TopicComposition(text, minimum, numbers["min_countries"], established, types, needs)
