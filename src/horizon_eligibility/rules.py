"""The compiled rules (rules.json, generated from data/ by build_scripts/rules/compile.py), loaded, with
lookups: a programme's actions, association intervals, funding list versions, call families, sources cited
by call year.

`Rules.programme(id).status(code, year, part, deadline)` is a country's standing in a call, decided in
association.py and memoised here.

Each Rules object keeps its own caches: two Rules objects (the packaged rules and a test's copy) never
answer from each other's.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache, lru_cache, partial
from importlib import resources
from typing import Any

from .association import EuGroupName, country_standing
from .ruletypes import (
    Action,
    AssociatedPartners,
    CallPrefix,
    CompiledRules,
    CountryGroup,
    EntityFunding,
    FundingVersion,
    Interval,
    NotFunded,
    Part,
    ProgrammeData,
    ProgrammeException,
    Restriction,
    Source,
    TopicOption,
)


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
        self.parts: dict[str, Part] = meta["parts"]
        self.part_ids = {p.lower(): p for p in self.parts}
        self.default_part = meta["default_part"]
        self.reference_action = meta["reference_action"]
        self.topic_options: tuple[str, ...] = tuple(meta["topic_options"])
        self.call_prefixes: list[CallPrefix] = meta["call_prefixes"]
        self.deemed_other_member_state = frozenset(meta["deemed_other_member_state"])
        self.deemed_evidence: str = meta["deemed_evidence"]
        self.entity_funding: dict[str, EntityFunding] = meta["entity_funding"]
        self.not_funded_beneficiary: NotFunded = meta["not_funded_beneficiary"]
        self.associated_partners: AssociatedPartners = meta["associated_partners"]
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
        self.widening_member_states = frozenset(self.widening_data["member_states"]["countries"])
        # Per-object caches (a functools.lru_cache on a method would be shared by every instance).
        # A country's standing in a call, decided in association.py (memoised here, per Rules object).
        self.status = lru_cache(maxsize=8192)(partial(country_standing, self))
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

    def eu_group_in(self, code: str, year: int) -> tuple[EuGroupName, str] | None:
        """(group, Member State) as the EU stood for this call year."""
        on = dt.date(year, 1, 1)
        if self.eu_status_cap and on > self.eu_status_cap:
            on = self.eu_status_cap
        return self.rules.eu_group(code, on)


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
        self.topic_options: dict[str, TopicOption] = raw["topic_options"]
        # Every field of an action's condition with its default (for the conditions built from a topic).
        self.condition_defaults: dict[str, Any] = raw["condition_defaults"]
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


def parse_rules(text: str) -> Rules:
    loaded: CompiledRules = json.loads(text)
    return Rules(loaded)


@cache
def load_rules() -> Rules:
    """The packaged rules.json, loaded once per process."""
    return parse_rules(resources.files("horizon_eligibility").joinpath("rules.json").read_text(encoding="utf-8"))
