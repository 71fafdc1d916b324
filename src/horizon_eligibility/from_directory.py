"""Participants given by PIC (the participant identification code of the EU Funding & Tenders portal): their
name, country and type come from the organisation directory (directory.py, from CORDIS), and the verdict
says so.

- `fill_participants(rules, data)`, called by inputs.parse_request before anything else: each participant
  with a `pic` gets the name, country and type it does not give from the directory. What the input gives
  wins; where it differs from the directory, a warning says so. An unknown PIC is bad input.
- `directory_findings(verdict, request, recheck)`, called by engine.check_request last: the notes
  (`<prefix>.input.from-directory`, `.input.directory-differs`), and, where the type read from CORDIS is
  uncertain (a public body may be a public procurer, a company's SME status is not recorded, ...), the
  consortium is checked again with the other type: if that changes the verdict, a warning says how
  (`.input.directory-type-uncertain`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from .model import FUNDING_LABELS, TYPES, Finding, InputError, Request, Severity, Verdict
from .rules import Rules

if TYPE_CHECKING:  # the directory module is imported only when a participant has a PIC (see fill_participants)
    from .directory import Organisation

PIC_FIELD = "pic"
PIC = re.compile(r"^\d{9}$")
# Checking again with another type costs a check each: past this many uncertain participants, say so instead.
MAX_RECHECKS = 20
_TYPES = {t.lower(): t for t in TYPES}


class FromDirectory(NamedTuple):
    """A participant given by PIC: what was taken from the directory and what the input says otherwise."""

    position: int
    pic: str
    organisation: Organisation
    taken: tuple[str, ...]  # fields filled in from the directory: name, country, type
    differs: tuple[tuple[str, str, str], ...]  # (field, the input's value, the directory's)
    chosen: str | None  # a type the input gives that CORDIS leaves open (public-procurer for a public body)
    snapshot: str  # the date of the CORDIS extract
    source: str  # its source id in data/sources.yaml


def _given(item: dict[str, Any], field: str) -> str | None:
    value = item.get(field)
    return value.strip() or None if isinstance(value, str) else None


def _pic(value: Any, field: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # YAML reads an unquoted PIC as a number
    if not isinstance(value, str):
        raise InputError(field, 'must be a PIC, nine digits such as "999984059"')
    text = value.strip()
    if not PIC.match(text):
        shown = text if len(text) <= 20 else text[:20] + "…"
        raise InputError(field, f'{shown!r} is not a PIC: a PIC has nine digits, such as "999984059"')
    return text


def fill_participants(rules: Rules, data: Any) -> tuple[Any, tuple[FromDirectory, ...]]:
    """The input with every participant given by PIC completed from the directory, and what was done; the
    input itself when no participant has a PIC (the common case, checked first and fast)."""
    participants = data.get("participants") if type(data) is dict else None
    if type(participants) is not list:
        return data, ()
    for item in participants:
        if type(item) is dict and PIC_FIELD in item:
            break
    else:
        return data, ()
    # Imported only now: a check without PICs (nearly all, and the page's first verdict) never loads it.
    from .directory import load_directory

    directory = load_directory()
    out: list[Any] = []
    notes: list[FromDirectory] = []
    for index, item in enumerate(participants):
        if type(item) is not dict or PIC_FIELD not in item:
            out.append(item)
            continue
        field = f"participants[{index}].{PIC_FIELD}"
        pic = _pic(item[PIC_FIELD], field)
        if directory is None:
            raise InputError(
                field,
                "the organisation directory is not available here, so a PIC cannot be looked up: give the "
                "participant's name, country and type instead",
            )
        found = directory.get(pic)
        if found is None:
            raise InputError(
                field,
                f"unknown PIC {pic}: no organisation in the CORDIS directory (Horizon Europe, snapshot "
                f"{directory.snapshot('HE')}) has it; check the number, or give the participant's name, country and "
                "type instead",
            )
        filled, note = _fill(rules, index, pic, found, item)
        filled = {key: value for key, value in filled.items() if key != PIC_FIELD}
        out.append(filled)
        notes.append(
            note._replace(snapshot=directory.snapshot(found.programme), source=directory.source(found.programme))
        )
    return {**data, "participants": out}, tuple(notes)


def _fill(
    rules: Rules, index: int, pic: str, org: Organisation, item: dict[str, Any]
) -> tuple[dict[str, Any], FromDirectory]:
    filled = dict(item)
    taken: list[str] = []
    differs: list[tuple[str, str, str]] = []
    chosen = None
    if _given(item, "name") is None:
        filled["name"] = org.name
        taken.append("name")
    country = _given(item, "country")
    if country is None:
        if not org.country:
            raise InputError(
                f"participants[{index}].country",
                f"missing: CORDIS records no country the engine knows for PIC {pic} ({org.name}); give the country",
            )
        filled["country"] = org.country
        taken.append("country")
    else:
        code = rules.resolve_country(country)
        if code is not None and org.country and code != org.country:
            differs.append(("country", country, org.country))
    reading = org.type_reading
    given_type = _given(item, "type")
    if given_type is None:
        if reading.type is not None:
            filled["type"] = reading.type
            taken.append("type")
    else:
        kind = _TYPES.get(given_type.lower())
        if kind is not None and reading.type is not None and kind != reading.type:
            if kind in reading.alternatives:
                chosen = kind
            else:
                differs.append(("type", kind, reading.type))
    note = FromDirectory(index, pic, org, tuple(taken), tuple(differs), chosen, "", "")
    return filled, note


# ----- the verdict ------------------------------------------------------------------------------------


def _type_name(kind: str | None) -> str:
    return kind.replace("-", " ") if kind else "not given"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def directory_findings(
    verdict: Verdict, request: Request, prefix: str, recheck: Callable[[Request], Verdict]
) -> Verdict:
    """The verdict with what the directory said about each participant given by PIC; `prefix` is the
    programme's rule prefix (he), `recheck` checks a request (to see what another type would change)."""
    # Imported here: inputs.py imports this module, and these modules import inputs.py.
    from .call import GUIDANCE
    from .verdict import severity_order

    def finding(rule: str, severity: Severity, message: str, notes: list[FromDirectory]) -> Finding:
        sources = tuple(dict.fromkeys(n.source for n in notes or request.directory))
        names = tuple(request.participants[n.position].name for n in notes)
        return Finding(f"{prefix}.input.{rule}", severity, message, sources, names, GUIDANCE["special"])

    findings: list[Finding] = []  # said first (the sort below is stable): they are about the input
    for note in request.directory:
        participant = request.participants[note.position]
        name, where = participant.name, f"CORDIS ({note.snapshot})"
        findings.append(finding("from-directory", "info", _taken_text(note, name, participant.type, where), [note]))
        for field, given, theirs in note.differs:
            shown = (_type_name(given), _type_name(theirs)) if field == "type" else (given, theirs)
            message = (
                f"{name}: the input gives {field} {shown[0]}, but {where} records {shown[1]} for PIC {note.pic}. The "
                f"input's {field} is used: check which is right, as the {field} changes the verdict."
            )
            findings.append(finding("directory-differs", "warning", message, [note]))
    for message, about in _uncertain_types(verdict, request, recheck):
        findings.append(finding("directory-type-uncertain", "warning", message, about))
    findings.extend(verdict.findings)
    findings.sort(key=severity_order)  # stable: the engine's own order is kept within each severity
    return verdict._replace(findings=tuple(findings))


def _uncertain_types(
    verdict: Verdict, request: Request, recheck: Callable[[Request], Verdict]
) -> list[tuple[str, list[FromDirectory]]]:
    """Where a type read from CORDIS is uncertain and the other reading would change the verdict: checked
    again with each such participant's other type, then (if none alone changes it) with all of them at once
    (a buyers' group needs two public procurers)."""
    notes = [
        n
        for n in request.directory
        if n.organisation.type_reading.alternatives
        and request.participants[n.position].type == n.organisation.type_reading.type
    ]
    said: list[tuple[str, list[FromDirectory]]] = []
    for note in notes[:MAX_RECHECKS]:
        reading = note.organisation.type_reading
        for other in reading.alternatives:
            changed = _what_changes(verdict, recheck(_with_types(request, {note.position: other})), note.position)
            if changed:
                message = (
                    f"{request.participants[note.position].name}: type {_type_name(reading.type)} from CORDIS "
                    f"({note.snapshot}), but {reading.doubt}. As {_type_name(other)}, {changed}. Give the type to "
                    "settle it."
                )
                said.append((message, [note]))
    if len(notes) > 1 and not said:
        checked = notes[:MAX_RECHECKS]
        others = {n.position: n.organisation.type_reading.alternatives[0] for n in checked}
        changed = _what_changes(verdict, recheck(_with_types(request, others)), None)
        if changed:
            names = _and([request.participants[n.position].name for n in checked])
            doubts = "; ".join(sorted({n.organisation.type_reading.doubt for n in checked}))
            kinds = _and(sorted({_type_name(kind) for kind in others.values()}))
            message = (
                f"{names}: the types CORDIS gives them are uncertain ({doubts}). Read as {kinds} instead, {changed}. "
                "Give their types to settle it."
            )
            said.append((message, checked))
    if len(notes) > MAX_RECHECKS:
        message = (
            f"The types CORDIS leaves open for {len(notes) - MAX_RECHECKS} more participants given by PIC were not "
            f"checked again (only the first {MAX_RECHECKS} are): give their types to be sure."
        )
        said.append((message, notes[MAX_RECHECKS:]))
    return said


def _taken_text(note: FromDirectory, name: str, used_type: str | None, where: str) -> str:
    """ "Uni A: country DE and type university from CORDIS, 2025-12-06 (PIC 999999999)." and the like."""
    org = note.organisation
    words = {"name": "name", "country": f"country {org.country}", "type": f"type {_type_name(used_type)}"}
    parts = [words[field] for field in note.taken]
    text = f"{_and(parts)} from {where}, PIC {note.pic}." if parts else f"checked against {where}, PIC {note.pic}."
    if note.chosen:
        recorded = f"CORDIS records {_type_name(org.type)}, and {org.type_reading.doubt}"
        text += f" Type {_type_name(note.chosen)} as given: {recorded}."
    return f"{name}: {text}"


def _with_types(request: Request, types: dict[int, str]) -> Request:
    """The request with other types for some participants (by position), and no directory notes."""
    participants = [p._replace(type=types[p.position]) if p.position in types else p for p in request.participants]
    return request._replace(participants=tuple(participants), directory=())


def _what_changes(before: Verdict, after: Verdict, position: int | None) -> str:
    """What checking with other types changes, in words ("" when nothing that matters); `position`: the one
    participant whose type changed, if one."""
    changes = []
    if before.eligible != after.eligible:
        changes.append("the consortium would be eligible" if after.eligible else "the consortium would not be eligible")
    if position is not None:
        mine, theirs = before.participants[position], after.participants[position]
        if mine.counts_towards_minimum != theirs.counts_towards_minimum:
            counts = "" if theirs.counts_towards_minimum else " not"
            changes.append(f"it would{counts} count towards the minimum conditions")
        if mine.funding != theirs.funding:
            changes.append(f"its funding would be: {FUNDING_LABELS[theirs.funding]}")
    said = {f.rule for f in before.findings if f.severity != "info"}
    said_then = {f.rule for f in after.findings if f.severity != "info"}
    if said - said_then:
        changes.append(f"the finding {', '.join(sorted(said - said_then))} would go")
    if said_then - said:
        changes.append(f"the finding {', '.join(sorted(said_then - said))} would appear")
    return "; ".join(changes)
