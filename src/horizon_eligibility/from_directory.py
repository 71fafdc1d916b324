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
  (`.input.directory-type-uncertain`). Where the other reading decides eligibility (outcome.py), the warning is
  a condition to confirm: eligible on CORDIS's reading, the verdict is "eligible if"; not eligible on it alone,
  it is the other reading's verdict, "eligible if" that type is confirmed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from .country_names import find_country
from .input_text import FAILED, Failed, Problems, Where, attempt, kind, shown
from .model import FUNDING_LABELS, TYPES, Finding, InputProblem, Request, Verdict
from .rules import Rules

if TYPE_CHECKING:  # the directory module is imported only when a participant has a PIC (see fill_participants)
    from .call import Call
    from .directory import Directory, Organisation
    from .rule_kinds import RuleKind

PIC_FIELD = "pic"
PIC = re.compile(r"^[0-9]{9}\Z")  # ASCII digits only: \d also matches full-width ones
# Checking again with another type costs a check each: past this many uncertain participants, say so instead.
MAX_RECHECKS = 20
_TYPES = {t.lower(): t for t in TYPES}
_OUTCOME_WORDS = {
    "eligible": "the consortium would be eligible",
    "eligible-if": "the consortium would be eligible only if conditions the checker cannot verify hold",
    "not-eligible": "the consortium would not be eligible",
}


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


def _absent(item: dict[str, Any], field: str) -> bool:
    """Not given: left out, null or blank (a value of another kind is the parser's to refuse)."""
    value = item.get(field)
    return value is None or (isinstance(value, str) and not value.strip())


_PIC_HINT = 'Write the PIC as its nine digits, such as "999984059", or give the participant\'s name, country and type.'


def _pic(value: Any, where: Where) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**9:
        value = f"{value:09d}"  # YAML reads an unquoted PIC as a number
    if not isinstance(value, str):
        raise where.error(f"is {kind(value)}; a PIC of nine digits is expected.", _PIC_HINT)
    typed = value.strip()
    if not PIC.match(typed):
        raise where.error(f"'{shown(typed, 20)}' is not a PIC: a PIC has nine ASCII digits (0 to 9).", _PIC_HINT)
    return typed


def fill_participants(
    rules: Rules, participants: list[Any]
) -> tuple[list[Any], tuple[FromDirectory, ...], dict[int, tuple[InputProblem, ...]]]:
    """(the participants with those given by PIC completed from the directory, what was done, the problems of
    those whose PIC is at fault by position); called by inputs.py before the participants are read. A PIC at
    fault is a problem with its path (participants[2].pic). The list itself when no participant has a PIC
    (the common case, checked first and fast)."""
    for item in participants:
        if type(item) is dict and PIC_FIELD in item:
            break
    else:
        return participants, (), {}
    # Imported only now: a check without PICs (nearly all, and the page's first verdict) never loads it.
    from .directory import load_directory

    directory = load_directory()
    out: list[Any] = []
    notes: list[FromDirectory] = []
    failed: dict[int, tuple[InputProblem, ...]] = {}
    for index, item in enumerate(participants):
        if type(item) is not dict or PIC_FIELD not in item:
            out.append(item)
            continue
        name = _given(item, "name")
        whose = Where(f"participants[{index}]", "", f"Participant {index + 1}" + (f" ({shown(name)})" if name else ""))
        problems = Problems()
        found = attempt(problems, _organisation, directory, item[PIC_FIELD], whose)
        filled = FAILED if isinstance(found, Failed) else attempt(problems, _fill, rules, found, item, whose)
        if isinstance(filled, Failed) or directory is None:
            failed[index] = tuple(problems.items)
            out.append(item)
            continue
        completed, note = filled
        programme = note.organisation.programme
        out.append({key: value for key, value in completed.items() if key != PIC_FIELD})
        notes.append(
            note._replace(position=index, snapshot=directory.snapshot(programme), source=directory.source(programme))
        )
    return out, tuple(notes), failed


class _LeftToPic(Problems):
    """The problems of a participant whose PIC is at fault, less "missing" for what the PIC would have given
    (its name, its country): that was said once, as the PIC's problem."""

    def __init__(self, problems: Problems, skip: frozenset[str]) -> None:
        super().__init__()
        self.problems, self.skip, self.skipped = problems, skip, 0

    def __len__(self) -> int:
        return len(self.problems) + self.skipped

    @property
    def full(self) -> bool:
        return self.problems.full

    def add(self, problem: InputProblem) -> None:
        if problem.path in self.skip:
            self.skipped += 1
        else:
            self.problems.add(problem)


def left_to_pic(index: int, item: Any, problems: Problems, pic_problems: tuple[InputProblem, ...]) -> Problems:
    """Where inputs.py records the problems of participant `index`, whose PIC is at fault (`pic_problems`,
    recorded first)."""
    for problem in pic_problems:
        problems.add(problem)
    absent = [f for f in ("name", "country") if type(item) is dict and _absent(item, f)]
    return _LeftToPic(problems, frozenset(f"participants[{index}].{f}" for f in absent))


def _organisation(directory: Directory | None, value: Any, whose: Where) -> tuple[str, Organisation]:
    """(the PIC, its organisation); InputError for a PIC at fault or unknown."""
    where = whose.at(PIC_FIELD, "PIC")
    pic = _pic(value, where)
    if directory is None:
        raise where.error(
            f"{pic} cannot be looked up here: the organisation directory is not available.",
            "Give the participant's name, country and type instead.",
        )
    found = directory.get(pic)
    if found is None:
        raise where.error(
            f"{pic} is the PIC of no organisation in the CORDIS directory (Horizon Europe, snapshot "
            f"{directory.snapshot('HE')}, and Horizon 2020).",
            "Check the number (the Funding & Tenders portal shows an organisation's PIC), or give the participant's "
            "name, country and type instead.",
        )
    return pic, found


def _fill(
    rules: Rules, found: tuple[str, Organisation], item: dict[str, Any], whose: Where
) -> tuple[dict[str, Any], FromDirectory]:
    pic, org = found
    filled = dict(item)
    taken: list[str] = []
    differs: list[tuple[str, str, str]] = []
    chosen = None
    if _absent(item, "name"):
        filled["name"] = org.name
        taken.append("name")
    country = _given(item, "country")
    if _absent(item, "country"):
        if not org.country:
            raise whose.at("country", "country").error(
                f"is missing, and CORDIS records no country the checker knows for PIC {pic} ({shown(org.name)}).",
                "Give the participant's country.",
            )
        filled["country"] = org.country
        taken.append("country")
    elif country is not None:
        code = find_country(rules, country).code
        if code is not None and org.country and code != (find_country(rules, org.country).code or org.country):
            differs.append(("country", country, org.country))
    reading = org.type_reading
    given_type = _given(item, "type")
    if _absent(item, "type"):
        if reading.type is not None:
            filled["type"] = reading.type
            taken.append("type")
    elif given_type is not None:
        kind_given = _TYPES.get(given_type.lower())
        if kind_given is not None and reading.type is not None and kind_given != reading.type:
            if kind_given in reading.alternatives:
                chosen = kind_given
            else:
                differs.append(("type", kind_given, reading.type))
    note = FromDirectory(0, pic, org, tuple(taken), tuple(differs), chosen, "", "")
    return filled, note


# ----- the verdict ------------------------------------------------------------------------------------


# Types whose name alone says too little to a reader.
_TYPE_WORDS = {"eu-body": "a legal entity created under Union law (type eu-body)", "jrc": "the JRC"}


def _type_name(kind: str | None) -> str:
    return _TYPE_WORDS.get(kind, kind.replace("-", " ")) if kind else "not given"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def directory_findings(
    verdict: Verdict, request: Request, call: Call, recheck: Callable[[Request], Verdict]
) -> Verdict:
    """The verdict with what the directory said about each participant given by PIC; `recheck` checks a
    request (to see what another type would change). A type CORDIS leaves open whose other reading decides
    eligibility is a condition to confirm (outcome.directory_type_decides): the verdict is then "eligible if"."""
    # Imported here: inputs.py imports this module, and these modules import inputs.py.
    from .outcome import directory_type_decides, headline, not_funded_beneficiaries, outcome_of
    from .rule_catalogue import DIRECTORY_DIFFERS, DIRECTORY_TYPE_UNCERTAIN, FROM_DIRECTORY
    from .verdict import severity_order

    def finding(kind: RuleKind, message: str, notes: list[FromDirectory], law: bool = False) -> Finding:
        sources = tuple(dict.fromkeys(n.source for n in notes or request.directory))
        if law:  # the rules on entities created under Union law (HE-REG Art 22(9), H2020-RfP Art 9(2))
            sources += ("HE-REG" if call.prefix == "he" else "H2020-RfP",)
        names = tuple(request.participants[n.position].name for n in notes)
        return kind.emit(call.prefix, sources, names, message=message)

    findings: list[Finding] = []  # said first (the sort below is stable): they are about the input
    for note in request.directory:
        participant = request.participants[note.position]
        name, where = participant.name, f"CORDIS ({note.snapshot})"
        findings.append(finding(FROM_DIRECTORY, _taken_text(note, name, participant.type, where), [note]))
        for field, given, theirs in note.differs:
            values = (_type_name(given), _type_name(theirs)) if field == "type" else (given, theirs)
            message = (
                f"{name}: the input gives {field} {values[0]}, but {where} records {values[1]} for PIC {note.pic}. "
                f"The input's {field} is used: check which is right, as the {field} changes the verdict."
            )
            findings.append(finding(DIRECTORY_DIFFERS, message, [note]))
    decisive: list[Finding] = []
    deciding: list[_Uncertain] = []
    for said in _uncertain_types(verdict, request, recheck):
        law = "eu-body" in said.types.values()
        findings.append(finding(DIRECTORY_TYPE_UNCERTAIN, said.message, said.about, law))
        if said.other is not None and directory_type_decides(verdict.outcome, said.other.outcome):
            decisive.append(findings[-1])
            deciding.append(said)
    if deciding and verdict.outcome == "not-eligible":
        # Not eligible only on CORDIS's reading: the verdict is the other reading's, on the condition it holds.
        base = deciding[0].other
        if len(deciding) > 1:  # each alone would do: all the other readings at once
            base = recheck(_with_types(request, {k: v for said in deciding for k, v in said.types.items()}))
        if base is None or base.outcome == "not-eligible":
            decisive = []
        else:
            verdict = base._replace(request=request)
    findings.extend(verdict.findings)
    findings.sort(key=severity_order)  # stable: the engine's own order is kept within each severity
    verdict = verdict._replace(findings=tuple(findings))
    if not decisive:
        return verdict
    to_confirm = tuple(f for f in findings if f in decisive or f in verdict.conditions_to_confirm)
    outcome = outcome_of(False, to_confirm)
    not_funded = len(not_funded_beneficiaries(verdict.participants))
    return verdict._replace(
        outcome=outcome,
        eligible=None,
        conditions_to_confirm=to_confirm,
        headline=headline(outcome, len(to_confirm), not_funded),
    )


class _Uncertain(NamedTuple):
    message: str
    about: list[FromDirectory]
    other: Verdict | None  # the verdict with the other types (None: not checked again)
    types: dict[int, str]  # those other types, by position


def _uncertain_types(verdict: Verdict, request: Request, recheck: Callable[[Request], Verdict]) -> list[_Uncertain]:
    """Where a type read from CORDIS is uncertain and the other reading would change the verdict: checked
    again with each such participant's other type, then (if none alone changes it) with all of them at once
    (a buyers' group needs two public procurers)."""
    # Only a type taken from CORDIS: one the input gives settles it ("give the type", the warning says).
    notes = [n for n in request.directory if n.organisation.type_reading.alternatives and "type" in n.taken]
    said: list[_Uncertain] = []
    for note in notes[:MAX_RECHECKS]:
        reading = note.organisation.type_reading
        for other in reading.alternatives:
            after = recheck(_with_types(request, {note.position: other}))
            changed = _what_changes(verdict, after, note.position)
            if changed:
                message = (
                    f"{request.participants[note.position].name}: type {_type_name(reading.type)} from CORDIS "
                    f"({note.snapshot}), but {reading.why(other)}. As {_type_name(other)}, {changed}. Give the type to "
                    "settle it."
                )
                said.append(_Uncertain(message, [note], after, {note.position: other}))
    if len(notes) > 1 and not said:
        checked = notes[:MAX_RECHECKS]
        others = {n.position: n.organisation.type_reading.alternatives[0] for n in checked}
        after = recheck(_with_types(request, others))
        changed = _what_changes(verdict, after, None)
        if changed:
            names = _and([request.participants[n.position].name for n in checked])
            doubts = "; ".join(sorted({n.organisation.type_reading.why(others[n.position]) for n in checked}))
            kinds = _and(sorted({_type_name(kind) for kind in others.values()}))
            message = (
                f"{names}: the types CORDIS gives them are uncertain ({doubts}). Read as {kinds} instead, {changed}. "
                "Give their types to settle it."
            )
            said.append(_Uncertain(message, checked, after, others))
    if len(notes) > MAX_RECHECKS:
        message = (
            f"The types CORDIS leaves open for {len(notes) - MAX_RECHECKS} more participants given by PIC were not "
            f"checked again (only the first {MAX_RECHECKS} are): give their types to be sure."
        )
        said.append(_Uncertain(message, notes[MAX_RECHECKS:], None, {}))
    return said


def _taken_text(note: FromDirectory, name: str, used_type: str | None, where: str) -> str:
    """ "Uni A: country DE and type university from CORDIS, 2025-12-06 (PIC 999999999)." and the like."""
    org = note.organisation
    words = {"name": "name", "country": f"country {org.country}", "type": f"type {_type_name(used_type)}"}
    parts = [words[field] for field in note.taken]
    text = f"{_and(parts)} from {where}, PIC {note.pic}." if parts else f"checked against {where}, PIC {note.pic}."
    if note.chosen:
        recorded = f"CORDIS records {_type_name(org.type)}, and {org.type_reading.why(note.chosen)}"
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
    if before.outcome != after.outcome:
        changes.append(_OUTCOME_WORDS[after.outcome])
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
