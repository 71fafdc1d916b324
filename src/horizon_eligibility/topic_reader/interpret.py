"""From units to a TopicReading: each unit read by the readers its words trigger, pointers to the General
Annexes recognised, contradictions between sentences set aside, the options merged."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from ..rules import load_rules
from .countries import Lexicon, lexicon_for
from .patterns import CUE, INTRO, INTRO_LEAD, NEGATION, QUALIFIER, WORTH_READING
from .reading import Clause, Denies, Found, Result, TopicReading, Unclear, Unit
from .registry import READERS
from .standard import is_heading, join_restatements, standard_kind

# The order of the options in the topic object, and of the readers tried on a sentence.
ORDER = (
    "eligible_countries",
    "control_restriction",
    "high_risk_suppliers_excluded",
    "china_ria_exempt",
    "funded_third_countries",
    "third_country_beneficiaries",
    "composition",
)

# A footnote that only points to a document: "[[See the Programme Guide.]]", "[[OJ L 170, 12.5.2021, p. 1.]]", a
# link. One sentence at most, and none of the words of a condition.
_REFERENCE = re.compile(
    r"^\[\[\s*(?:see\b|cf\b|https?://|www\.|OJ\b|Official\s+Journal\b|(?:Regulation|Decision|Directive)\s+\(?(?:EU|EC|EEC)\b)",
    re.I,
)
_SECOND_SENTENCE = re.compile(r"[.!?;]\s+[A-Z]")


def interpret(units: list[Unit], programme: str, normalised: str) -> TopicReading:
    """Read each unit; what no reader understands but reads like a condition is quoted, never dropped."""
    lexicon = lexicon_for(programme)
    found: list[tuple[int, Unit, Found]] = []
    denied: dict[str, list[tuple[int, Any]]] = {}
    kept: list[tuple[int, Clause]] = []
    loose: list[tuple[int, str]] = []
    notes: list[tuple[int, str]] = []
    units = join_restatements(units, normalised)
    for index, unit in enumerate(units):
        worth = WORTH_READING.search(unit.match) is not None
        results = _read(unit, lexicon) if worth else []
        denials = [r for r in results if isinstance(r, Denies)]
        readings = [r for r in results if isinstance(r, Found)]
        if any(isinstance(r, Unclear) for r in results) or denials or (readings and _quoted_whole(unit, readings)):
            for denial in denials:
                denied.setdefault(denial.key, []).append((index, denial.value))
            loose.append((index, unit.text))
            continue
        if readings and all(_applies(r.key, programme) for r in readings):
            found.extend((index, unit, r) for r in readings)
        elif readings:
            loose.append((index, unit.text))
            continue
        elif worth and (kind := standard_kind(unit)):
            kept.append((index, Clause(kind, unit.text, {})))
        elif CUE.search(unit.match) and not is_heading(unit.text) and not _lead_in(unit):
            loose.append((index, unit.text))
            continue
        read = bool(readings) or bool(kept and kept[-1][0] == index)
        notes.extend((index, note) for note in unit.footnotes if _note_matters(note, read))
    conflicted = _conflicts(found, denied)
    topic: dict[str, Any] = {}
    for index, unit, reading in found:
        if index in conflicted:
            continue
        kept.append((index, Clause(reading.kind, unit.text, {reading.key: reading.value})))
        _merge(topic, reading.key, reading.value)
    loose.extend((index, units[index].text) for index in sorted(conflicted))
    loose.extend((index, note) for index, note in notes if index not in conflicted)
    kept.sort(key=lambda item: item[0])
    loose.sort(key=lambda item: item[0])
    clauses = tuple(clause for _, clause in _unique(kept))
    return TopicReading(
        topic={key: topic[key] for key in ORDER if key in topic},
        clauses=clauses,
        uninterpreted=tuple(dict.fromkeys(text for _, text in loose)),
        normalised_text=normalised,
    )


def _quoted_whole(unit: Unit, readings: list[Found]) -> bool:
    """A reading qualified in words its reader does not read, or by a footnote that negates or qualifies it."""
    qualified = QUALIFIER.search(INTRO_LEAD.sub("", unit.match, count=1))
    if qualified and any(not READERS[r.key].reads_qualifiers for r in readings):
        return True
    return any(QUALIFIER.search(note) or NEGATION.search(note) for note in unit.footnotes)


def _lead_in(unit: Unit) -> bool:
    """A lead-in such as "The following exceptions apply:" says nothing itself; its items are read one by one."""
    return unit.text.endswith(":") and INTRO.search(unit.match) is not None


def _note_matters(note: str, read: bool) -> bool:
    """Whether a footnote is quoted on its own: any note of a sentence that was read (it may change what the
    sentence says), unless it only points to a document; elsewhere, a note that reads like a condition."""
    if read:
        return not (_REFERENCE.match(note) and not _SECOND_SENTENCE.search(note) and not CUE.search(note))
    return CUE.search(note) is not None


def _applies(key: str, programme: str) -> bool:
    return key in load_rules().programme(programme).topic_options


def _conflicts(found: list[tuple[int, Unit, Found]], denied: dict[str, list[tuple[int, Any]]]) -> set[int]:
    """Indexes of the sentences whose clauses contradict another sentence."""
    conflicted: set[int] = set()
    by_key: dict[str, list[tuple[int, Any]]] = {}
    for index, _, reading in found:
        by_key.setdefault(reading.key, []).append((index, reading.value))
    for key, values in by_key.items():
        denials = denied.get(key, [])
        if key == "funded_third_countries":
            refused = {code for _, codes in denials for code in codes}
            clash = [index for index, codes in values if refused.intersection(codes)]
            if clash:
                conflicted.update(clash)
                conflicted.update(index for index, codes in denials if set(codes) & {c for _, v in values for c in v})
            continue
        if key == "composition":
            continue  # requirements add up
        if key == "third_country_beneficiaries" and not denials:
            continue  # openings add up: "non-associated third countries" (true) and named countries or groups
        distinct = {repr(value) for _, value in values}
        if denials or len(distinct) > 1:
            conflicted.update(index for index, _ in values)
            conflicted.update(index for index, _ in denials)
    return conflicted


def _merge(topic: dict[str, Any], key: str, value: Any) -> None:
    if key == "composition":
        if value not in topic.setdefault(key, []):
            topic[key].append(value)
    elif key == "funded_third_countries":
        topic[key] = list(dict.fromkeys([*topic.get(key, []), *value]))
    elif key == "third_country_beneficiaries":
        before = topic.get(key, [])
        both = value is True or before is True
        topic[key] = True if both else list(dict.fromkeys([*before, *value]))
    else:
        topic[key] = value


def _unique(items: Iterable[tuple[int, Clause]]) -> Iterable[tuple[int, Clause]]:
    """Clauses hold dicts and lists: make them hashable for de-duplication, keeping the first of each."""
    seen: set[tuple[str, str, str]] = set()
    for index, clause in items:
        key = (clause.kind, clause.sentence, repr(clause.sets))
        if key not in seen:
            seen.add(key)
            yield index, clause


@cache
def _triggers() -> re.Pattern[str]:
    """One pattern with a named group per reader: which readers a sentence's words call for."""
    return re.compile("|".join(f"(?P<{option}>{reader.triggers})" for option, reader in READERS.items()), re.I)


def _read(unit: Unit, lexicon: Lexicon) -> list[Result]:
    triggered = {m.lastgroup for m in _triggers().finditer(unit.match)}
    options = [o for o in ORDER if o in READERS] + [o for o in READERS if o not in ORDER]
    return [r for o in options if o in triggered and (r := READERS[o].read(unit, lexicon)) is not None]
