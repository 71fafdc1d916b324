"""The call a request is about: programme, action, call year, deadline, part and call identifier, validated.

Each field's own problems are found independently; a check across fields (the year of the call identifier,
the part an action belongs to) only runs when the fields it compares are sound.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any, NamedTuple

from .input_text import FAILED, Failed, Problems, Where, attempt, choice, choices_hint, kind, number, shown, text
from .rules import ProgrammeRules, Rules

FIELD_LABELS = {
    "programme": "Programme",
    "action": "Type of action",
    "call_year": "Call year",
    "call_id": "Call identifier",
    "deadline": "Deadline",
    "part": "Programme part",
    "participants": "Participants",
    "topic": "Topic",
}
DATE_HINT = "Write a date as YYYY-MM-DD, such as 2025-09-16."
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YEAR_IN_CALL = re.compile(r"(?:^|[-_/ ])(20[1-3]\d)(?=$|[-_/ ])")
_SHORT_RANGE = re.compile(r"(?:^|[-_/ ])(20[1-3]\d)-([1-3]\d)(?=$|[-_/ ])")  # 2014-20
# A full Horizon Europe topic identifier: a call identifier and the topic's own segments after it
# (HORIZON-CL4-2026-01-DIGITAL-EMERGING-02, HORIZON-CL5-2024-D3-01-05; the call HORIZON-CL5-2024-D3-01 has
# five segments, its topics six or more), or an ERC call, which is its own topic (ERC-2025-STG).
_TOPIC_ID = re.compile(r"^(?:HORIZON-[A-Z0-9]+-20\d\d(?:-[A-Z0-9]+){3,}|ERC-20\d\d-[A-Z]+)$")
TOPIC_PAGE = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/"


def top(field: str) -> Where:
    """A top-level field of the input."""
    return Where(field, field, FIELD_LABELS[field])


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


def topic_page_url(call_id: str) -> str | None:
    """The topic's page on the Funding & Tenders portal, for a full topic identifier; None otherwise."""
    text = call_id.strip().upper()
    return TOPIC_PAGE + text if _TOPIC_ID.match(text) else None


# -- one field -----------------------------------------------------------------------------------------
def year(value: Any, where: Where) -> int:
    """A year given as a number or as digits."""
    hint = "Write the year as a whole number, such as 2025."
    if isinstance(value, bool) or not isinstance(value, int | str | float):
        raise where.error(f"is {kind(value)}; a year is expected.", hint)
    if isinstance(value, float):
        raise where.error(f"{number(value) if value == value else 'NaN'} is not a whole year.", hint)
    if isinstance(value, str):
        digits = value.strip()
        if not (digits.isascii() and digits.isdigit() and len(digits) <= 6):
            raise where.error(f"'{shown(digits)}' is not a year.", hint)
        return int(digits)
    return value


def deadline(value: Any, where: Where) -> dt.date | None:
    """A date written YYYY-MM-DD (nothing else: no week dates, no time, no trailing text)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise where.error(f"is {kind(value)}; a date is expected.", DATE_HINT)
    written = value.strip()
    if not _DATE.fullmatch(written):
        raise where.error(f"'{shown(written)}' is not a date in the form YYYY-MM-DD.", DATE_HINT)
    try:
        return dt.date.fromisoformat(written)
    except ValueError:
        raise where.error(f"{written} is not a day of the calendar.", DATE_HINT) from None


# -- the call ------------------------------------------------------------------------------------------
class Header(NamedTuple):
    programme: str
    action: str
    call_year: int
    part: str
    part_from: str  # where the part came from: "part", "call_id" or "action"
    call_id: str | None
    deadline: dt.date | None
    implied_options: tuple[str, ...]  # the topic options its call family implies


def programme_of(rules: Rules, value: Any) -> str:
    where = top("programme")
    hint = f"Choose one of: {', '.join(rules.programmes)}."
    return choice(text(value, where, hint=hint), where, rules.programme_ids, "a programme")


def programme_if_valid(rules: Rules, value: Any) -> str | None:
    """The programme a value names, or None (its problem is reported by header())."""
    return rules.programme_ids.get(value.strip().lower()) if isinstance(value, str) else None


def header(rules: Rules, data: dict[str, Any], problems: Problems) -> Header | None:
    """The call, validated; None when a problem was found (recorded in `problems`)."""
    # In the order of the input's fields, so that the problems are listed in that order.
    programme_id = attempt(problems, programme_of, rules, data.get("programme"))
    programme = None if isinstance(programme_id, Failed) else rules.programme(programme_id)
    action = FAILED if programme is None else attempt(problems, _action, programme, data.get("action"))
    given = data.get("call_year")
    year_value: int | Failed | None = None if given is None else attempt(problems, year, given, top("call_year"))
    call_id = attempt(problems, text, data.get("call_id"), top("call_id"), required=False, max_length=100)
    when = attempt(problems, deadline, data.get("deadline"), top("deadline"))
    if isinstance(programme_id, Failed) or programme is None:
        return None
    if isinstance(call_id, Failed) or isinstance(when, Failed) or isinstance(year_value, Failed):
        return None  # the checks across fields compare these
    call_year = attempt(problems, _call_year, programme, year_value, call_id or None, when)
    if isinstance(action, Failed):
        return None
    part = attempt(problems, _part, programme, data.get("part"), call_id or None, action)
    if isinstance(call_year, Failed) or isinstance(part, Failed):
        return None
    family = programme.call_family(call_id) if call_id else None
    implied = tuple(family["topic_options"]) if family else ()
    return Header(programme_id, action, call_year, part[0], part[1], call_id or None, when, implied)


def _action(programme: ProgrammeRules, value: Any) -> str:
    where = top("action")
    hint = f"Choose one of: {', '.join(programme.actions)}."
    action_text = text(value, where, hint=hint)
    action = programme.action_id(action_text)
    if action is None:
        near = choices_hint(action_text, list(programme.actions))
        raise where.error(f"'{shown(action_text)}' is not a type of action of {programme.name}.", near)
    return action


def _call_year(programme: ProgrammeRules, value: int | None, call_id: str | None, when: dt.date | None) -> int:
    span = years_from_call_id(call_id) if call_id else None
    if value is None:
        if span is None:
            raise top("call_year").error(
                "is missing.", "Give the call year, or a call identifier that holds it (HORIZON-CL5-2025-D3-01)."
            )
        first, last = span
        if first == last:
            found, where = first, top("call_id")
        elif when is not None and first <= when.year <= last:
            # A multi-year call: the year of the deadline decides association and funding lists.
            found, where = when.year, top("deadline")
        else:
            raise top("call_year").error(
                f"is missing, and the call identifier {call_id} covers the calls of {first}-{last}.",
                "Give the call year, or the deadline, to say which.",
            )
    else:
        found, where = value, top("call_year")
    if not programme.first_call_year <= found <= programme.last_call_year:
        raise where.error(
            f"{number(found)} is outside {programme.name}, whose calls run from {programme.first_call_year} to "
            f"{programme.last_call_year}.",
            "Check the year, or choose the other programme.",
        )
    if span is not None and not span[0] <= found <= span[1]:
        years = str(span[0]) if span[0] == span[1] else f"{span[0]}-{span[1]}"
        raise where.error(
            f"{found} does not match the call identifier {call_id}, a call of {years}.",
            "Correct one of the two, or leave the call year out: the identifier gives it.",
        )
    # A call's deadline falls from the autumn before its year (ERC) to two years after it (multi-year
    # calls); any other deadline belongs to another call: one of the two was mistyped.
    if when is not None and not found - 1 <= when.year <= found + 2:
        raise top("deadline").error(
            f"{when.isoformat()} cannot be the deadline of a call of {found}: deadlines fall between "
            f"{found - 1} and {found + 2}.",
            "Check the deadline and the call year.",
        )
    return found


def _part(programme: ProgrammeRules, value: Any, call_id: str | None, action: str) -> tuple[str, str]:
    """(part, where it came from: "part", "call_id" or "action"). A call id or part that contradicts an
    action bound to certain parts (ERC and MSCA: Pillar I) is bad input naming both fields."""
    allowed = programme.actions[action]["allowed_parts"]
    family = programme.call_family(call_id) if call_id else None
    where = top("call_id")
    if family is not None and family["refused"]:
        raise where.error(family["refused"])
    if family is not None and call_id:
        allowed_actions = family["actions"]
        segments = family["segments"]
        if segments:  # the identifier may name the action (ERC-2025-STG)
            for segment in call_id.upper().split("-"):
                allowed_actions = segments.get(segment, allowed_actions)
        if allowed_actions and action not in allowed_actions:
            raise where.error(
                f"{call_id} is a call for {', '.join(allowed_actions)}, not for the type of action {action}.",
                "Check the type of action and the call identifier.",
            )
    from_call = family["part"] if family else None
    belongs = " or ".join(part_name(programme, p) for p in allowed)
    if from_call is not None and from_call not in allowed:
        raise where.error(
            f"{call_id} is a call of {part_name(programme, from_call)}, but {action} belongs to {belongs}.",
            "Check the type of action and the call identifier.",
        )
    given = text(value, top("part"), required=False)
    if given:
        part = choice(given, top("part"), {p.lower(): p for p in programme.parts}, "a part of the programme")
        if part not in allowed:
            raise top("part").error(
                f"{part} contradicts the type of action {action}, which belongs to {belongs}.",
                "Leave the part out: the type of action gives it.",
            )
        if from_call is not None and part != from_call:
            raise top("part").error(
                f"{part} contradicts the call identifier {call_id}, a call of {part_name(programme, from_call)}.",
                "Leave the part out: the call identifier gives it.",
            )
        return part, "part"
    if from_call is not None:
        return from_call, "call_id"
    return programme.actions[action]["default_part"], "action"


def part_name(programme: ProgrammeRules, part: str) -> str:
    return programme.parts[part]["name"].split(":")[0].split(" (")[0]
