"""The compiled rules (rules.json, generated from data/ by build_scripts/rules/compile.py).

`Rules.programme(id).status(code, year, part, deadline)` answers "what is country X in programme P
for a call of budget year Y, in programme part Z": Member State, outermost region, OCT, associated,
transitional, or third country; whether it counts towards the minimum conditions; whether it is on the
programme's funding list; and the notes and sources that go with that.

Each Rules object keeps its own caches: two Rules objects (the packaged rules and a test's copy) never
answer from each other's.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

from .ruletypes import (
    Action,
    CallPrefix,
    CompiledRules,
    CountryGroup,
    EntityFunding,
    FundingVersion,
    Interval,
    NotFunded,
    ProgrammeData,
    ProgrammeException,
    Restriction,
    Source,
)

Note = tuple[str, str, str, tuple[str, ...]]  # (severity, rule id without programme prefix, message, sources)
EuGroupName = Literal["member-state", "outermost-region", "territory", "oct"]


@dataclass(frozen=True, slots=True)
class CountryStatus:
    code: str  # the code asked about (RE, GL, GB, PT-20, ...)
    established_in: str  # the state it counts as (FR for RE and for NC)
    group: str  # member-state | outermost-region | territory | oct | associated | transitional | third-country
    is_member_state: bool  # Member State, or one of its outermost regions, territories or OCTs (funded as such)
    counts_as_member_state: bool  # for "at least one beneficiary established in a Member State"
    counts_ms_ac: bool  # established in a Member State or associated country, for this part and year
    association: Interval | None  # the association interval for the year, if any
    funding_list: str | None  # id of the funding list version the country is on
    funding_list_unverified: bool
    widening: bool
    notes: tuple[Note, ...]
    sources: tuple[str, ...]


class ProgrammeRules:
    def __init__(self, rules: Rules, programme_id: str, raw: ProgrammeData) -> None:
        self.rules = rules
        self.id = programme_id
        meta = raw["programme"]
        self.meta = meta
        self.short_id = meta["short_id"]
        self.name = meta["name"]
        self.first_call_year = meta["period"]["first_call_year"]
        self.last_call_year = meta["period"]["last_call_year"]
        self.parts = meta["parts"]
        self.part_ids = {p.lower(): p for p in self.parts}
        self.default_part = meta["default_part"]
        self.reference_action = meta["reference_action"]
        self.topic_options = tuple(meta["topic_options"])
        self.call_prefixes: list[CallPrefix] = meta["call_prefixes"]
        self.deemed_other_member_state = frozenset(meta["deemed_other_member_state"])
        self.deemed_evidence = meta["deemed_evidence"]
        self.entity_funding: dict[str, EntityFunding] = meta["entity_funding"]
        self.not_funded_beneficiary: NotFunded = meta["not_funded_beneficiary"]
        self.associated_partners = meta["associated_partners"]
        self.programme_sources = tuple(meta["sources"])
        # As the data cites them: a verdict cites them through cite() (the version in force for its year).
        self.rule_sources: dict[str, tuple[str, ...]] = {
            k: tuple(v["sources"]) for k, v in meta["general_rules"].items()
        }
        self._versions: dict[str, dict[int, tuple[str, ...]]] = {
            series: {year: tuple(v["sources"]) for v in versions for year in v["call_years"]}
            for series, versions in meta["source_versions"].items()
        }
        cap = meta["eu_status_as_of_at_latest"]
        self.eu_status_cap = dt.date.fromisoformat(cap) if cap else None
        self.association: dict[str, list[Interval]] = raw["association"]["countries"]
        funding = raw["funding"]
        lmic = funding["low_middle_income"]
        self.funding_kind = "low-middle-income" if lmic is not None else "annex-a"
        versions = lmic if lmic is not None else funding["annex_a"]
        assert versions is not None  # the schema requires one of the two lists
        self.funding_versions: list[FundingVersion] = versions
        self.never_listed = funding["never_listed"]
        self.programme_exceptions: list[ProgrammeException] = funding["programme_exceptions"]
        self.actions: dict[str, Action] = raw["actions"]["actions"]
        self._action_ids = {a.lower(): a for a in self.actions}
        self.restrictions: list[Restriction] = raw["restrictions"]["restrictions"]
        self.widening_data = raw["widening"]
        self._widening_ms = frozenset(self.widening_data["member_states"]["countries"])
        # Per-object caches (a functools.lru_cache on a method would be shared by every instance).
        self.status = lru_cache(maxsize=8192)(self._status)
        self.cite = lru_cache(maxsize=4096)(self._cite)
        self.call_family = lru_cache(maxsize=1024)(self._call_family)
        self.part_for_call = lru_cache(maxsize=1024)(self._part_for_call)

    # -- lookups -------------------------------------------------------------------------------
    def action_id(self, text: str) -> str | None:
        return self._action_ids.get(text.strip().lower())

    def funding_version(self, year: int) -> FundingVersion | None:
        for version in self.funding_versions:
            if year in version["call_years"]:
                return version
        return None

    def _call_family(self, call_id: str) -> CallPrefix | None:
        """The call-identifier family (the longest matching prefix) of a call id, if known."""
        upper = call_id.strip().upper()
        best: CallPrefix | None = None
        for entry in self.call_prefixes:
            if upper.startswith(entry["prefix"].upper()) and (
                best is None or len(entry["prefix"]) > len(best["prefix"])
            ):
                best = entry
        return best

    def _cite(self, sources: tuple[str, ...], year: int) -> tuple[str, ...]:
        """The sources a finding for a call of this year cites: a versioned document (the General Annexes,
        cited in the data as its series) is cited as the version in force for the year."""
        if not any(s in self._versions for s in sources):
            return sources
        return tuple(dict.fromkeys(v for s in sources for v in self._versions.get(s, {}).get(year, (s,))))

    def _part_for_call(self, call_id: str) -> str | None:
        family = self.call_family(call_id)
        return family["part"] if family else None

    def association_interval(self, code: str, year: int) -> Interval | None:
        for interval in self.association.get(code, ()):
            until = interval["until_year"]
            if interval["from_year"] <= year and (until is None or year <= until):
                return interval
        return None

    def _eu_group(self, code: str, year: int) -> tuple[EuGroupName, str] | None:
        """(group, Member State) as the EU stood for this call year."""
        on = dt.date(year, 1, 1)
        if self.eu_status_cap and on > self.eu_status_cap:
            on = self.eu_status_cap
        return self.rules.eu_group(code, on)

    # -- the status of a country -------------------------------------------------------------
    def _status(self, code: str, year: int, part: str, deadline: dt.date | None = None) -> CountryStatus:
        territory = self.association_interval(code, year)
        if territory is not None and territory["part_of"]:
            # A territory of a third country (Svalbard): the country's status, with a note saying why.
            inner = self.status(territory["part_of"], year, part, deadline)
            cited = self.cite(tuple(territory["sources"]), year)
            note: Note = ("warning", "association.part-of", territory["note"] or "", cited)
            return replace(
                inner,
                code=code,
                notes=(note, *inner.notes),
                sources=tuple(dict.fromkeys((*cited, *inner.sources))),
            )
        notes: list[Note] = []
        sources: list[str] = []
        eu = self._eu_group(code, year)
        association = None
        group: str
        if eu is not None:
            group, established_in = eu
            is_ms = counts = True
            sources.extend(self.rules.eu_sources(group, self.id))
            if group == "oct":
                counts = self.rules.oct_counting["rule"] == "counts-as-linked-member-state"
                notes.append(self.rules.oct_note(code, established_in))
        else:
            established_in = code
            is_ms = False
            group, counts, association = self._association_group(code, year, part, deadline, notes)
            if association:
                sources.extend(association["sources"])
        version = self.funding_version(year)
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
            counts_ms_ac=counts,
            association=association,
            funding_list=funding_list,
            funding_list_unverified=unverified,
            # A widening associated country only where its association holds at signature (not Morocco 2021-24).
            widening=self._widening(
                code,
                established_in,
                group,
                year,
                counts and not (association is not None and association["at_signature"] == "not-applied"),
            ),
            notes=tuple((severity, rule, text, self.cite(srcs, year)) for severity, rule, text, srcs in notes),
            sources=self.cite(tuple(dict.fromkeys(sources)), year),
        )

    def _association_group(
        self, code: str, year: int, part: str, deadline: dt.date | None, notes: list[Note]
    ) -> tuple[str, bool, Interval | None]:
        interval = self.association_interval(code, year)
        if interval is None:
            return "third-country", False, None
        status = interval["status"]
        srcs = tuple(interval["sources"])
        name = self.rules.country_name(code)
        if status == "not-associated":
            if interval["note"]:
                notes.append(("info", "association.not-associated", interval["note"], srcs))
            return "third-country", False, interval
        if part not in interval["parts"]:
            scope_names = ", ".join(self.parts[p]["name"].split(":")[0] for p in interval["parts"])
            notes.append(
                (
                    "info",
                    "association.scope",
                    f"{name} is associated to {self.name} only for {scope_names}; in this part of the "
                    "programme its entities are from a non-associated third country.",
                    srcs,
                )
            )
            return "third-country", False, interval
        if status == "unverified":
            notes.append(("warning", "association.unverified", f"{interval['note']}", srcs))
            return "third-country", False, interval
        from_deadline = interval["from_deadline"]
        if from_deadline and year == interval["from_year"]:
            start = dt.date.fromisoformat(from_deadline)
            if deadline is None:
                # The less favourable reading until the deadline settles it (see date_rule_applies).
                notes.append(
                    (
                        "warning",
                        "association.depends-on-deadline",
                        f"{name} counts as associated for calls of {year} only if the deadline is on or after "
                        f"{start.isoformat()}. Without the deadline it is treated as a non-associated third "
                        "country here: give the call deadline to settle it.",
                        srcs,
                    )
                )
                return "third-country", False, interval
            if deadline < start:
                notes.append(
                    (
                        "info",
                        "association.not-yet",
                        f"{name}'s arrangement applies only to deadlines from {start.isoformat()}.",
                        srcs,
                    )
                )
                return "third-country", False, interval
        if status == "transitional":
            if interval["at_signature"] == "not-applied":
                message = (
                    f"{interval['note'] or ''} So here its entities do not count towards the minimum conditions "
                    "and cannot be the host: the consortium had to meet them without them."
                ).strip()
            else:
                version = self.funding_version(year)
                if version is not None and code in version["countries"]:
                    otherwise = (
                        "otherwise they are from a third country: still funded as from a low- or middle-income "
                        "country, but not counted towards the minimum conditions, and not eligible as a host"
                    )
                else:
                    otherwise = "otherwise a beneficiary from there becomes an associated partner without EU funding"
                message = (
                    f"{name} is under a transitional arrangement: its entities are treated as from an "
                    f"associated country only if the association agreement applies at grant signature; {otherwise}."
                )
            notes.append(("warning", "association.transitional", message, srcs))
            return "transitional", True, interval
        if interval["evidence"] == "unverified" and year == interval["from_year"]:
            notes.append(("warning", "association.unverified", interval["note"] or "", srcs))
        return "associated", True, interval

    def _widening(self, code: str, established_in: str, group: str, year: int, counts: bool) -> bool:
        if group == "outermost-region":
            return self.widening_data["outermost_regions"] == "all"
        if group in ("member-state", "territory", "oct"):
            return group != "oct" and established_in in self._widening_ms
        if not counts:
            return False
        for entry in self.widening_data["associated_countries"]:
            if year in entry["call_years"] and code in entry["countries"]:
                return True
        return False


_EU_GROUPS: tuple[tuple[EuGroupName, str], ...] = (
    ("member-state", "member_states"),
    ("outermost-region", "outermost_regions"),
    ("territory", "territories"),
    ("oct", "octs"),
)


class Rules:
    """The compiled rules of every programme, with lookups."""

    def __init__(self, raw: CompiledRules) -> None:
        self.raw = raw
        self.data_version = raw["data_version"]
        self.data_verified_on = raw["data_verified_on"]
        self.sources: dict[str, Source] = raw["sources"]
        self.countries: dict[str, str] = raw["countries"]
        self.aliases: dict[str, str] = raw["aliases"]
        self.name_variants = raw["name_variants"]
        self.flags = raw["flags"]
        self.flag_ids = {f.lower(): f for f in self.flags}
        self._lookup = {c.upper(): c for c in self.countries}
        self._lookup.update({a.upper(): t for a, t in self.aliases.items()})
        # Upper-case keys, and lower-case ones too, for input parsing without a case change.
        self.country_lookup = {**self._lookup, **{k.lower(): v for k, v in self._lookup.items()}}
        eu = raw["eu"]
        self._eu: dict[str, list[tuple[EuGroupName, str, dt.date, dt.date]]] = {}
        self._eu_sources: dict[str, dict[str, list[str]]] = {}
        for group, key in _EU_GROUPS:
            self._eu_sources[group] = dict(eu[key]["sources"])  # type: ignore[literal-required]
            for entry in eu[key]["entries"]:  # type: ignore[literal-required]
                start = dt.date.fromisoformat(entry["from"] or "1950-01-01")
                end = dt.date.fromisoformat(entry["until"] or "9999-12-31")
                self._eu.setdefault(entry["code"], []).append((group, entry["member_state"], start, end))
        self.oct_counting = eu["oct_counting"]
        self.country_groups: dict[str, CountryGroup] = raw["country_groups"]
        self.programmes = {pid: ProgrammeRules(self, pid, praw) for pid, praw in raw["programmes"].items()}
        self.programme_ids = {pid.lower(): pid for pid in self.programmes}
        self.calls: dict[tuple[object, ...], Any] = {}  # call.call_for's memo of the calls checked
        self.headers: dict[tuple[object, ...], Any] = {}  # inputs.parse_request's memo of call headers

    def programme(self, programme_id: str) -> ProgrammeRules:
        return self.programmes[programme_id]

    def resolve_country(self, text: str) -> str | None:
        return self._lookup.get(text.strip().upper())

    def country_name(self, code: str) -> str:
        return self.countries.get(code, code)

    def country_names(self, codes: list[str] | tuple[str, ...]) -> str:
        """'Brazil, Russia, India, China and Mexico'."""
        names = [self.country_name(c) for c in codes]
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"

    def eu_group(self, code: str, on: dt.date) -> tuple[EuGroupName, str] | None:
        for group, state, start, end in self._eu.get(code, ()):
            if start <= on <= end:
                if group != "member-state" and self.eu_group(state, on) is None:
                    return None  # a territory of a state that has left
                return group, state
        return None

    def eu_sources(self, group: str, programme_id: str) -> list[str]:
        return self._eu_sources[group].get(programme_id, [])

    def oct_note(self, code: str, state: str) -> Note:
        name, linked = self.country_name(code), self.country_name(state)
        if self.oct_counting["rule"] == "counts-as-linked-member-state":
            counting = (
                f"No text says how they count for the minimum conditions; we count them as established in {linked} "
                "(so not as a country of their own)."
            )
        else:
            counting = (
                "No text says they count for the minimum conditions: the programmes list the overseas countries "
                "and territories apart from the Member States, so an entity here is not counted as established in "
                f"a Member State or associated country (nor as a country apart from {linked}). If the consortium "
                "needs it to meet the minimum, ask the granting authority or your National Contact Point."
            )
        return (
            "warning",
            "oct-counting",
            f"{name} is an overseas country or territory linked to {linked}: its entities are funded like those of "
            f"{linked}. {counting}",
            tuple(self.oct_counting["sources"]),
        )


def parse_rules(text: str) -> Rules:
    loaded: CompiledRules = json.loads(text)
    return Rules(loaded)


@cache
def load_rules() -> Rules:
    """The packaged rules.json, loaded once per process."""
    return parse_rules(resources.files("horizon_eligibility").joinpath("rules.json").read_text(encoding="utf-8"))
