"""Stage 3 of a check, first step: a country's standing in a call, from the association intervals, the EU's
territory and the funding lists (data/<programme>/association.yaml, data/eu.yaml, funding.yaml).

`country_standing()` answers "what is country X in programme P for a call of budget year Y, in programme part
Z": Member State, outermost region, territory, overseas country or territory, associated, transitional, or third
country; whether it counts as a Member State or associated country; whether it is on the programme's funding
list; the notes (association.*, oct-counting) and sources that go with that. `ProgrammeRules.status` memoises it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from .rule_catalogue import (
    ASSOCIATION_DEADLINE,
    ASSOCIATION_NOT_ASSOCIATED,
    ASSOCIATION_NOT_YET,
    ASSOCIATION_PART_OF,
    ASSOCIATION_SCOPE,
    ASSOCIATION_TRANSITIONAL,
    ASSOCIATION_UNVERIFIED,
    OCT_COUNTING,
)
from .rule_kinds import RuleKind
from .ruletypes import Interval

if TYPE_CHECKING:
    from .rules import ProgrammeRules, Rules

Note = tuple[str, RuleKind, str, tuple[str, ...]]  # (severity, the kind of rule, message, sources)
EuGroupName = Literal["member-state", "outermost-region", "territory", "oct"]


@dataclass(frozen=True, slots=True)
class CountryStatus:
    code: str  # the code asked about (RE, GL, GB, PT-20, ...)
    established_in: str  # the state it counts as (FR for RE and for NC)
    group: str  # member-state | outermost-region | territory | oct | associated | transitional | third-country
    is_member_state: bool  # Member State, or one of its outermost regions, territories or OCTs (funded as such)
    counts_as_member_state: bool  # for "at least one beneficiary established in a Member State"
    # The country counts as a Member State or associated country for this year and part (a Member State with its
    # regions and territories, an OCT as data/eu.yaml's oct_counting says, an associated country, a transitional
    # arrangement counted as associated at submission).
    in_ms_or_ac: bool
    association: Interval | None  # the association interval for the year, if any
    funding_list: str | None  # id of the funding list version the country is on
    funding_list_unverified: bool
    widening: bool
    notes: tuple[Note, ...]
    sources: tuple[str, ...]


def country_standing(
    programme: ProgrammeRules, code: str, year: int, part: str, deadline: dt.date | None = None
) -> CountryStatus:
    """What the country is for a call of this year and part (and deadline): its group, whether it counts as a
    Member State or associated country, whether it is on the funding list, with the notes and sources."""
    territory = programme.association_interval(code, year)
    if territory is not None and territory["part_of"]:
        # A territory of a third country (Svalbard): the country's status, with a note saying why.
        inner = programme.status(territory["part_of"], year, part, deadline)
        cited = programme.cite(tuple(territory["sources"]), year)
        note: Note = ("warning", ASSOCIATION_PART_OF, ASSOCIATION_PART_OF.text(note=territory["note"] or ""), cited)
        return replace(
            inner,
            code=code,
            notes=(note, *inner.notes),
            sources=tuple(dict.fromkeys((*cited, *inner.sources))),
        )
    notes: list[Note] = []
    sources: list[str] = []
    eu = programme.eu_group_in(code, year)
    association = None
    group: str
    if eu is not None:
        group, established_in = eu
        is_ms = counts = True
        sources.extend(programme.rules.eu_sources(group, programme.id))
        if group == "oct":
            counts = programme.rules.oct_counting["rule"] == "counts-as-linked-member-state"
            notes.append(oct_note(programme.rules, code, established_in))
    else:
        established_in = code
        is_ms = False
        group, counts, association = association_group(programme, code, year, part, deadline, notes)
        if association:
            sources.extend(association["sources"])
    version = programme.funding_version(year)
    funding_list = None
    unverified = False
    if version is not None and not is_ms:
        if code in version["countries"]:
            funding_list = version["id"]
            if version["evidence"] == "unverified":
                doubtful = version["uncertain_countries"]
                unverified = doubtful is None or code in doubtful
        elif code in version["unverified_countries"]:
            funding_list, unverified = version["id"], True
    return CountryStatus(
        code=code,
        established_in=established_in,
        group=group,
        is_member_state=is_ms,
        counts_as_member_state=is_ms and counts,
        in_ms_or_ac=counts,
        association=association,
        funding_list=funding_list,
        funding_list_unverified=unverified,
        # A widening associated country only where its association holds at signature (not Morocco 2021-24).
        widening=_widening(
            programme,
            code,
            established_in,
            group,
            year,
            counts and not (association is not None and association["at_signature"] == "not-applied"),
        ),
        notes=tuple((severity, rule, text, programme.cite(srcs, year)) for severity, rule, text, srcs in notes),
        sources=programme.cite(tuple(dict.fromkeys(sources)), year),
    )


def association_group(
    programme: ProgrammeRules, code: str, year: int, part: str, deadline: dt.date | None, notes: list[Note]
) -> tuple[str, bool, Interval | None]:
    interval = programme.association_interval(code, year)
    if interval is None:
        return "third-country", False, None
    status = interval["status"]
    srcs = tuple(interval["sources"])
    name = programme.rules.country_name(code)
    if status == "not-associated":
        if interval["note"]:
            notes.append(("info", ASSOCIATION_NOT_ASSOCIATED, interval["note"], srcs))
        return "third-country", False, interval
    if part not in interval["parts"]:
        scope_names = ", ".join(programme.parts[p]["name"].split(":")[0] for p in interval["parts"])
        message = ASSOCIATION_SCOPE.text(country=name, programme=programme.name, parts=scope_names)
        notes.append(("info", ASSOCIATION_SCOPE, message, srcs))
        return "third-country", False, interval
    if status == "unverified":
        notes.append(("warning", ASSOCIATION_UNVERIFIED, f"{interval['note']}", srcs))
        return "third-country", False, interval
    from_deadline = interval["from_deadline"]
    if from_deadline and year == interval["from_year"]:
        start = dt.date.fromisoformat(from_deadline)
        if deadline is None:
            # The less favourable reading until the deadline settles it (see date_rule_applies).
            message = ASSOCIATION_DEADLINE.text(country=name, year=year, date=start.isoformat())
            notes.append(("warning", ASSOCIATION_DEADLINE, message, srcs))
            return "third-country", False, interval
        if deadline < start:
            message = ASSOCIATION_NOT_YET.text(country=name, date=start.isoformat())
            notes.append(("info", ASSOCIATION_NOT_YET, message, srcs))
            return "third-country", False, interval
    if status == "transitional":
        if interval["at_signature"] == "not-applied":
            message = ASSOCIATION_TRANSITIONAL.text("not-applied", note=interval["note"] or "").strip()
        else:
            version = programme.funding_version(year)
            listed = version is not None and code in version["countries"]
            otherwise = ASSOCIATION_TRANSITIONAL.text("listed" if listed else "not-listed")
            message = ASSOCIATION_TRANSITIONAL.text(country=name, otherwise=otherwise)
        notes.append(("warning", ASSOCIATION_TRANSITIONAL, message, srcs))
        return "transitional", True, interval
    if interval["evidence"] == "unverified" and year == interval["from_year"]:
        notes.append(("warning", ASSOCIATION_UNVERIFIED, interval["note"] or "", srcs))
    return "associated", True, interval


def _widening(programme: ProgrammeRules, code: str, established_in: str, group: str, year: int, counts: bool) -> bool:
    if group == "outermost-region":
        return programme.widening_data["outermost_regions"] == "all"
    if group in ("member-state", "territory", "oct"):
        return group != "oct" and established_in in programme.widening_member_states
    if not counts:
        return False
    for entry in programme.widening_data["associated_countries"]:
        if year in entry["call_years"] and code in entry["countries"]:
            return True
    return False


def oct_note(rules: Rules, code: str, state: str) -> Note:
    name, linked = rules.country_name(code), rules.country_name(state)
    counted = rules.oct_counting["rule"] == "counts-as-linked-member-state"
    counting = OCT_COUNTING.text("counted" if counted else "not-counted", linked=linked)
    message = OCT_COUNTING.text(country=name, linked=linked, counting=counting)
    return ("warning", OCT_COUNTING, message, tuple(rules.oct_counting["sources"]))
