"""compare_years(): the same consortium checked for other call years of its programme.

The questions people bring are comparative ("what changes if we wait for the 2026 calls?"). Every year is
checked by the engine itself (engine.check_request), with the same action, part, topic and participants;
only the budget year changes. Two inputs belong to one year and so cannot travel:

- a call identifier that names its year(s) (HORIZON-CL5-2025-D3-01): when a compared year falls outside
  them, every year is checked without it (the part it implied is kept) and a note says so;
- a deadline: it is kept for its own call year only, the other years are checked without one, and a note
  says so.

The result is JSON-friendly (the CLI's `check --compare-years` and the checker page both show it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .conditions import condition_rule
from .engine import check_request
from .input_call import years_from_call_id
from .input_text import Where, kind, number, shown
from .inputs import parse_request
from .model import FUNDING_LABELS, STATUS_LABELS, Finding, ParticipantResult, Request, Verdict
from .rules import ProgrammeRules, Rules, load_rules
from .ruletypes import Condition

_RANGE = re.compile(r"^\s*(\d{4})\s*(?:-|–|\.\.)\s*(\d{4})\s*$")
MAX_ERRORS_LISTED = 5
_OUTCOME_WORDS = {
    "eligible": "eligible",
    "eligible-if": "eligible only if conditions are confirmed",
    "not-eligible": "not eligible",
}


def parse_years(text: str, field: str = "years") -> list[int]:
    """ "2023-2026" or "2023,2025" (or one year) -> sorted years; InputError at `field` otherwise."""
    where = _years_at(field)
    hint = "Write a year, a range such as 2023-2026, or years separated by commas, such as 2023,2025."
    found: set[int] = set()
    for piece in text.split(","):
        if not piece.strip():
            continue
        span = _RANGE.match(piece)
        if span:
            first, last = int(span.group(1)), int(span.group(2))
            if first > last:
                raise where.error(f"{piece.strip()} runs backwards.", "Write the earlier year first.")
            found.update(range(first, last + 1))
        elif piece.strip().isascii() and piece.strip().isdigit() and len(piece.strip()) == 4:
            found.add(int(piece.strip()))
        else:
            raise where.error(f"'{shown(piece.strip())}' is not a year or a range of years.", hint)
    if not found:
        raise where.error("none is given.", hint)
    return sorted(found)


def _years_at(field: str) -> Where:
    return Where(field, field, "The option --compare-years" if field.startswith("--") else "The years to compare")


def _wanted_years(programme: ProgrammeRules, years: Iterable[int] | str | None) -> list[int]:
    """The years to compare, sorted: each a whole number within the programme; text as --compare-years
    takes it ("2023-2026"). InputError otherwise, listing at most MAX_ERRORS_LISTED years."""
    first, last = programme.first_call_year, programme.last_call_year
    if years is None:
        return list(range(first, last + 1))
    if isinstance(years, str):
        return _wanted_years(programme, parse_years(years))
    where = _years_at("years")
    hint = f"Give a list of years from {first} to {last}, such as [{first}, {last}], or text such as '{first}-{last}'."
    try:
        given = list(years)
    except TypeError:
        raise where.error(f"is {kind(years)}; a list of years is expected.", hint) from None
    odd = [y for y in given if isinstance(y, bool) or not isinstance(y, int)]
    if odd:
        raise where.error(f"holds {kind(odd[0])}{_quoted(odd[0])}; each year is a whole number.", hint)
    wanted = sorted(set(given))
    if not wanted:
        raise where.error("none is given.", "Name at least one year.")
    outside = [y for y in wanted if not first <= y <= last]
    if outside:
        listed = ", ".join(number(y) for y in outside[:MAX_ERRORS_LISTED])
        if len(outside) > MAX_ERRORS_LISTED:
            listed = f"{len(outside):,} of the years given ({listed} ...) are"
        else:
            listed += " is" if len(outside) == 1 else " are"
        raise where.error(
            f"{listed} outside {programme.name}, whose calls run from {first} to {last}.",
            "Compare years within the programme.",
        )
    return wanted


def _quoted(value: Any) -> str:
    return f" ('{shown(value)}')" if isinstance(value, str) else ""


def compare_years(data: Any, years: Iterable[int] | str | None = None, rules: Rules | None = None) -> dict[str, Any]:
    """Check the consortium `data` (the input of check()) for each call year in `years` (default: every
    call year of its programme; or text as --compare-years takes it, "2023-2026"). Raises InputError for bad
    input, as check() does."""
    rules = rules or load_rules()
    base = parse_request(rules, data)
    programme = rules.programme(base.programme)
    wanted = _wanted_years(programme, years)
    notes = []
    call_id = base.call_id
    span = years_from_call_id(call_id) if call_id else None
    if call_id and span and any(not span[0] <= y <= span[1] for y in wanted):
        named = str(span[0]) if span[0] == span[1] else f"{span[0]}-{span[1]}"
        notes.append(
            f"The call identifier {call_id} is a call of {named}: every year is checked without it"
            f" (in {programme.parts[base.part]['name'].split(':')[0]}, the part it implies)."
            if base.part_from == "call_id"
            else f"The call identifier {call_id} is a call of {named}: every year is checked without it."
        )
        call_id = None
    if base.deadline is not None and any(y != base.call_year for y in wanted):
        notes.append(
            f"The deadline {base.deadline.isoformat()} belongs to the calls of {base.call_year}: "
            + (
                "the other years are checked without a deadline."
                if base.call_year in wanted
                else "the years compared are checked without a deadline."
            )
        )
    conditions = _condition_texts(programme, base.action)
    verdicts = []
    for year in wanted:
        request = base._replace(
            call_year=year, call_id=call_id, deadline=base.deadline if year == base.call_year else None
        )
        verdicts.append(check_request(request, rules))
    return {
        "programme": base.programme,
        "programme_name": programme.name,
        "action": base.action,
        "action_name": verdicts[0].action_name,
        "part": base.part,
        "part_name": verdicts[0].part_name,
        "call_year": base.call_year,
        "notes": notes,
        "years": [
            _year_entry(v, previous, conditions) for v, previous in zip(verdicts, [None, *verdicts[:-1]], strict=True)
        ],
        "participants": _participants(base, verdicts),
        "data_version": rules.data_version,
        "data_verified_on": rules.data_verified_on,
    }


def _errors(verdict: Verdict) -> dict[str, str]:
    return {f.rule: f.message for f in verdict.findings if f.severity == "error"}


# A rule id written for one work programme (he.CSA.beneficiaries-established.wp2023-2024): the condition is the
# same under the next one, only its text and sources change.
_WORK_PROGRAMME = re.compile(r"\.wp(\d{4}(?:-\d{4})?)$")


def _to_confirm(verdict: Verdict) -> dict[tuple[str, tuple[str, ...]], Finding]:
    """The conditions to confirm by what they mean (the rule without its work programme, and whom it names)."""
    return {(_WORK_PROGRAMME.sub("", f.rule), f.participants): f for f in verdict.conditions_to_confirm}


def _confirm_changes(
    before: dict[tuple[str, tuple[str, ...]], Finding], now: dict[tuple[str, tuple[str, ...]], Finding], year: int
) -> list[str]:
    changes = [f"No longer to confirm from {year}: {f.message}" for key, f in before.items() if key not in now]
    for key, f in now.items():
        old = before.get(key)
        if old is None:
            changes.append(f"To confirm from {year}: {f.message}")
        elif old.rule != f.rule:
            version = _WORK_PROGRAMME.search(f.rule)
            under = f"the {version.group(1)} work programme" if version else f"rule {f.rule}"
            changes.append(f"Still to confirm, the same condition under {under} ({', '.join(f.sources)}).")
    return changes


def _condition_texts(programme: ProgrammeRules, action_id: str) -> dict[str, str]:
    """The action's minimum conditions (by-size options included) by rule id, in their own words."""
    out: dict[str, str] = {}

    def walk(conditions: list[Condition]) -> None:
        for condition in conditions:
            if condition["kind"] == "by-size":
                for option in condition["options"]:
                    walk(option["conditions"])
            else:
                out[f"{programme.short_id}.{condition_rule(action_id, condition)}"] = condition["text"]

    walk(programme.actions[action_id]["conditions"])
    return out


def _year_entry(verdict: Verdict, previous: Verdict | None, conditions: dict[str, str]) -> dict[str, Any]:
    request = verdict.request
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in verdict.findings:
        counts[finding.severity] += 1
    errors = _errors(verdict)
    changes = [] if previous is None else _changes(previous, verdict, conditions)
    return {
        "year": request.call_year,
        "outcome": verdict.outcome,
        "eligible": verdict.eligible,
        "headline": verdict.headline,
        "conditions_to_confirm": [
            {"rule": f.rule, "message": f.message, "sources": list(f.sources)} for f in verdict.conditions_to_confirm
        ],
        "call_id": request.call_id,
        "deadline": request.deadline.isoformat() if request.deadline else None,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "notes": counts["info"],
        "error_messages": list(errors.values())[:MAX_ERRORS_LISTED],
        "changes": changes,
    }


def _changes(previous: Verdict, verdict: Verdict, conditions: dict[str, str]) -> list[str]:
    """What changes from the year before, each naming the year it holds from. An error that goes away is said
    as what it has become, never as a bare "no longer", which reads as if the condition were gone: a minimum
    condition met ("Met from 2025: ...", with how where a .met finding says it), a warning in its place, or a
    rule that no longer applies."""
    year, before, errors = verdict.request.call_year, _errors(previous), _errors(verdict)
    changes = []
    if previous.outcome != verdict.outcome:
        was = _OUTCOME_WORDS[previous.outcome]
        changes.append(f"From {year}: {_OUTCOME_WORDS[verdict.outcome]} (in {previous.request.call_year}: {was}).")
    changes += [_gone(rule, message, verdict, conditions) for rule, message in before.items() if rule not in errors]
    changes += [f"New from {year}: {errors[rule]}" for rule in errors if rule not in before]
    changes += _confirm_changes(_to_confirm(previous), _to_confirm(verdict), year)
    return changes


def _gone(rule: str, message: str, verdict: Verdict, conditions: dict[str, str]) -> str:
    """An error of the year before that this year's verdict does not hold, in words."""
    year = verdict.request.call_year
    related = [f for f in verdict.findings if f.rule == rule or f.rule.startswith(f"{rule}.")]
    warning = next((f for f in related if f.severity == "warning"), None)
    if warning is not None:
        return f"From {year} a warning, no longer an error: {warning.message}"
    met = next((f for f in related if f.rule == f"{rule}.met"), None)
    if met is not None:
        return f"Met from {year}: {met.message}"
    if rule in conditions:
        return f"Met from {year}: {conditions[rule]}"
    return f"No longer applies from {year}: {message}"


def _standing(result: ParticipantResult) -> tuple[str, bool, str]:
    return result.status, result.counts_towards_minimum, result.funding


def _change_text(before: ParticipantResult, after: ParticipantResult) -> str:
    """What differs for one participant from one year to the next, in the engine's words."""
    bits = []
    if before.status != after.status:
        bits.append(
            f"{STATUS_LABELS.get(after.status, after.status)} (was: {STATUS_LABELS.get(before.status, before.status)})"
        )
    if before.counts_towards_minimum != after.counts_towards_minimum:
        bits.append(
            "now counts towards the minimum" if after.counts_towards_minimum else "no longer counts towards the minimum"
        )
    if before.funding != after.funding:
        bits.append(f"EU funding: {FUNDING_LABELS[after.funding]} (was: {FUNDING_LABELS[before.funding]})")
    return "; ".join(bits) + f". Why: {after.reason}"


def _participants(base: Request, verdicts: list[Verdict]) -> list[dict[str, Any]]:
    out = []
    for index, participant in enumerate(base.participants):
        results = [v.participants[index] for v in verdicts]
        changes = [
            {"year": v.request.call_year, "from_year": prev.request.call_year, "text": _change_text(b, a)}
            for prev, v, b, a in zip(verdicts, verdicts[1:], results, results[1:], strict=False)
            if _standing(b) != _standing(a)
        ]
        out.append(
            {
                "name": participant.name,
                "country": participant.country,
                "country_name": results[0].country_name,
                "role": participant.role,
                "years": [
                    {
                        "year": v.request.call_year,
                        "status": r.status,
                        "counts_towards_minimum": r.counts_towards_minimum,
                        "funding": r.funding,
                        "reason": r.reason,
                    }
                    for v, r in zip(verdicts, results, strict=True)
                ],
                "changes": changes,
            }
        )
    return out
