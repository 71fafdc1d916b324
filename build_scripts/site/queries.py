"""Queries over the compiled rules that the site's pages need (country timelines, change log, source
usage). Everything here is derived from `horizon_eligibility.load_rules()`: no list is typed in."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from horizon_eligibility import load_rules
from horizon_eligibility.model import COUNTRY_GROUPS, FUNDING_LABELS, STATUS_LABELS
from horizon_eligibility.rules import ProgrammeRules, Rules
from horizon_eligibility.ruletypes import (
    Condition,
    EuEntry,
    EuGroup,
    FundingVersion,
    Interval,
    Restriction,
    Source,
)
from horizon_eligibility.status import PublishedStatus, country_status

EU_GROUP_KEYS = ("member_states", "outermost_regions", "territories", "octs")
ANSWER_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"  # an "In short" answer's index, one character

# The engine's words, written once (horizon_eligibility.model): the same on the site, the CLI and the checker.
GROUP_LABEL = {group: STATUS_LABELS[group] for group in COUNTRY_GROUPS}
FUNDING_LABEL = FUNDING_LABELS


def country_slug(code: str) -> str:
    return code.lower()


def action_slug(action_id: str) -> str:
    return action_id.lower()


def source_anchor(source_id: str) -> str:
    return "src-" + source_id.lower().replace(".", "-")


def years_label(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


@dataclass
class TimelineRow:
    first: int
    last: int
    parts: list[str]
    key: tuple[Any, ...]
    group: str
    group_label: str
    counts: bool
    funding: str
    funding_list: str | None
    funding_list_unverified: bool
    widening: bool
    exceptions: str = ""  # what differs by deadline or action type (see SiteData.exceptions_text)
    funding_text: str = ""  # EU funding in words, the actions a restriction covers first (SiteData.funding_text)
    sources: list[str] = field(default_factory=list)

    @property
    def years(self) -> str:
        return years_label(self.first, self.last)


class SiteData:
    """The rules plus the derived views the templates use."""

    def __init__(self, rules: Rules | None = None) -> None:
        self.rules = rules or load_rules()
        self.raw = self.rules.raw
        # Every programme of the data, the newest first (a new programme gets its pages without a change here).
        self.programmes: list[ProgrammeRules] = sorted(self.rules.programmes.values(), key=lambda p: -p.first_call_year)
        self.sources: dict[str, Source] = self.rules.sources
        self.codes = sorted(self.rules.countries, key=lambda c: self.rules.country_name(c))
        self._published: dict[tuple[str, str, int, str], PublishedStatus] = {}

    # -- basics ----------------------------------------------------------------------------------
    def name(self, code: str) -> str:
        return self.rules.country_name(code)

    def years(self, programme: ProgrammeRules) -> range:
        return range(programme.first_call_year, programme.last_call_year + 1)

    def part_name(self, programme: ProgrammeRules, part: str) -> str:
        return str(programme.parts[part]["name"])

    def part_short(self, programme: ProgrammeRules, part: str) -> str:
        short = self.part_name(programme, part).split(":")[0].split("(")[0].strip()
        if len(short) > 40 and " and " in short:
            short = short.split(" and ")[0]
        return short

    def oldest_verified(self, source_ids: Iterable[str]) -> str:
        dates = [self.sources[s]["verified_on"] for s in source_ids if s in self.sources]
        return min(dates) if dates else self.rules.data_verified_on

    # -- EU groups -------------------------------------------------------------------------------
    def eu_group(self, key: str) -> EuGroup:
        group: EuGroup = self.raw["eu"][key]  # type: ignore[literal-required]
        return group

    def eu_entries(self, key: str) -> list[EuEntry]:
        return list(self.eu_group(key)["entries"])

    def eu_entries_for(self, code: str) -> list[tuple[str, EuEntry]]:
        out = []
        for key in EU_GROUP_KEYS:
            for entry in self.eu_group(key)["entries"]:
                if entry["code"] == code:
                    out.append((key, entry))
        return out

    def eu_group_sources(self, key: str) -> list[str]:
        merged: list[str] = []
        for ids in self.eu_group(key)["sources"].values():
            merged.extend(ids)
        return list(dict.fromkeys(merged))

    # -- association -----------------------------------------------------------------------------
    def associated_in(self, programme: ProgrammeRules, year: int) -> list[tuple[str, Interval]]:
        """Countries with an associated or transitional interval covering `year` (any part)."""
        out = []
        for code in programme.association:
            interval = programme.association_interval(code, year)
            if interval and interval["status"] in ("associated", "transitional"):
                out.append((code, interval))
        return sorted(out, key=lambda kv: self.name(kv[0]))

    def association_by_year(self, programme: ProgrammeRules) -> list[dict[str, Any]]:
        rows = []
        for year in self.years(programme):
            entries = self.associated_in(programme, year)
            associated = [c for c, i in entries if i["status"] == "associated"]
            transitional = [c for c, i in entries if i["status"] == "transitional"]
            unverified = [
                c
                for c in programme.association
                if (i := programme.association_interval(c, year)) and i["status"] == "unverified"
            ]
            rows.append(
                {
                    "year": year,
                    "associated": associated,
                    "transitional": transitional,
                    "unverified": sorted(unverified, key=self.name),
                    "partial": [c for c, i in entries if len(i["parts"]) < len(programme.parts)],
                }
            )
        return rows

    def scope_label(self, programme: ProgrammeRules, interval: Interval) -> str:
        parts = interval["parts"]
        if len(parts) == len(programme.parts):
            label = "whole programme"
        else:
            label = ", ".join(self.part_short(programme, p) for p in parts) + " only"
        excluded = interval["excluded_components"]
        if excluded:
            label += " except " + ", ".join(e["name"] for e in excluded)
        return label

    def interval_years(self, programme: ProgrammeRules, interval: Interval) -> str:
        first = int(interval["from_year"])
        last = interval["until_year"] or programme.last_call_year
        text = years_label(first, last)
        if interval["until_year"] is None:
            text = f"{first} onwards"
        if interval["from_deadline"]:
            text += f" (deadlines from {interval['from_deadline']})"
        return text

    # -- funding lists ---------------------------------------------------------------------------
    def funding_versions(self, programme: ProgrammeRules) -> list[FundingVersion]:
        return sorted(programme.funding_versions, key=lambda v: min(v["call_years"]))

    def version_changes(self, programme: ProgrammeRules) -> list[dict[str, Any]]:
        """Each version with what it adds and removes compared with the one applying just before."""
        out = []
        previous: FundingVersion | None = None
        for version in self.funding_versions(programme):
            current = set(version["countries"]) | set(version["unverified_countries"])
            if previous is None:
                added, removed = [], []
            else:
                before = set(previous["countries"]) | set(previous["unverified_countries"])
                added = sorted(current - before, key=self.name)
                removed = sorted(before - current, key=self.name)
            out.append({"version": version, "previous": previous, "added": added, "removed": removed})
            previous = version
        return out

    # -- one country in one programme ------------------------------------------------------------
    def published(self, programme: ProgrammeRules, code: str, year: int, part: str) -> PublishedStatus:
        """The engine's published status (one truth: the decision path check() uses), once per build."""
        key = (programme.id, code, year, part)
        found = self._published.get(key)
        if found is None:
            found = self._published[key] = country_status(programme.id, year, part, code, rules=self.rules)
        return found

    def year_part_cell(self, programme: ProgrammeRules, code: str, year: int, part: str) -> dict[str, Any]:
        published = self.published(programme, code, year, part)
        status = programme.status(code, year, part)
        group = status.group
        label = GROUP_LABEL[group]
        if group in ("outermost-region", "territory", "oct"):
            label += f" ({self.name(status.established_in)})"
        interval = status.association
        if (
            group == "third-country"
            and interval
            and len(interval["parts"]) < len(programme.parts)
            and interval["status"] != "not-associated"
            and part not in interval["parts"]
        ):
            label += " (not associated for this part)"
        elif group == "third-country" and interval and interval["status"] == "unverified":
            label += " (association not confirmed)"
        elif published.status == "eligible-third-country":
            label = STATUS_LABELS["eligible-third-country"]
        sources = list(status.sources)
        if published.other_actions:  # the restrictions' sources too
            sources = list(dict.fromkeys((*sources, *published.sources)))
        return {
            "group": group,
            "label": label,
            "counts": published.counts_towards_minimum,
            "funding": published.funding,
            "exceptions": self.exceptions_text(published),
            "restricted": self.restricted_text(published),
            "funding_text": self.funding_text(published),
            "funding_list": status.funding_list,
            "unverified": status.funding_list_unverified,
            "widening": status.widening,
            "sources": sources,
        }

    def restricted_text(self, published: PublishedStatus) -> str:
        """The actions a restriction excludes the country from, where it is not excluded from all ('' if
        none): 'excluded (any role) from Innovation Actions and Research and Innovation Actions (unless: ...)'."""
        named = []
        for other in published.excluded_from:
            lifted = "; ".join(_lower_first(self.rules.topic_options[o]["label"]) for o in other.unless_topic)
            named.append(f"{other.action_name}s" + (f" (unless: {lifted})" if lifted else ""))
        if not named:
            return ""
        return (
            f"{FUNDING_LABEL['excluded']} from "
            + (", ".join(named[:-1]) + " and " if len(named) > 1 else "")
            + named[-1]
        )

    @staticmethod
    def exceptions_text(published: PublishedStatus) -> str:
        """What differs by deadline, or in other actions without excluding it ('' when nothing does)."""
        labels = FUNDING_LABEL
        parts = []
        split = published.depends_on_deadline
        if split:
            parts.append(
                f"depends on the deadline: before {split.date}, {labels[split.before.funding]}"
                f"{', counts' if split.before.counts_towards_minimum else ''}; from {split.date}, "
                f"{labels[split.from_date.funding]}{', counts' if split.from_date.counts_towards_minimum else ''}"
            )
        excluded = published.excluded_from
        for other in published.other_actions:
            if other not in excluded:
                parts.append(f"in {other.action_name}s: {labels[other.outcome.funding]}")
        return "; ".join(parts)

    def funding_text(self, published: PublishedStatus) -> str:
        """EU funding in words: the actions a restriction excludes it from first, then the other actions."""
        funding = FUNDING_LABEL[published.funding]
        restricted = self.restricted_text(published)
        exceptions = self.exceptions_text(published)
        text = f"{restricted}; other actions: {funding}" if restricted else funding
        return f"{text} ({exceptions})" if exceptions else text

    def timeline(self, programme: ProgrammeRules, code: str) -> list[TimelineRow]:
        """Status by call year and part, with consecutive years and identical parts merged."""
        per_year: list[tuple[int, list[tuple[tuple[Any, ...], list[str], dict[str, Any]]]]] = []
        for year in self.years(programme):
            groups: dict[tuple[Any, ...], tuple[list[str], dict[str, Any]]] = {}
            for part in programme.parts:
                cell = self.year_part_cell(programme, code, year, part)
                key = (
                    cell["label"],
                    cell["counts"],
                    cell["funding"],
                    cell["funding_list"] is not None,
                    cell["unverified"],
                    cell["widening"],
                    cell["funding_text"],
                )
                groups.setdefault(key, ([], cell))[0].append(part)
            per_year.append((year, [(k, parts, cell) for k, (parts, cell) in groups.items()]))
        rows: list[TimelineRow] = []
        open_rows: dict[tuple[Any, ...], TimelineRow] = {}
        previous_signature: tuple[Any, ...] | None = None
        for year, year_groups in per_year:
            signature = tuple((k, tuple(p), c["funding_list"]) for k, p, c in year_groups)
            if signature == previous_signature:
                for key, parts, _cell in year_groups:
                    open_rows[(key, tuple(parts))].last = year
                continue
            previous_signature = signature
            open_rows = {}
            for key, parts, cell in year_groups:
                row = TimelineRow(
                    first=year,
                    last=year,
                    parts=parts,
                    key=key,
                    group=cell["group"],
                    group_label=cell["label"],
                    counts=cell["counts"],
                    funding=cell["funding"],
                    funding_list=cell["funding_list"],
                    funding_list_unverified=cell["unverified"],
                    widening=cell["widening"],
                    exceptions=cell["exceptions"],
                    funding_text=cell["funding_text"],
                    sources=cell["sources"],
                )
                rows.append(row)
                open_rows[(key, tuple(parts))] = row
        return rows

    def parts_label(self, programme: ProgrammeRules, parts: list[str]) -> str:
        if len(parts) == len(programme.parts):
            return "all parts"
        return ", ".join(self.part_short(programme, p) for p in parts)

    def country_notes(self, programme: ProgrammeRules, code: str) -> list[tuple[str, str, list[str]]]:
        """Distinct notes (severity, message, sources) the engine gives for this country, over all years."""
        seen: dict[str, tuple[str, str, list[str]]] = {}
        for year in self.years(programme):
            for part in programme.parts:
                for severity, _rule, message, sources in programme.status(code, year, part).notes:
                    if "only for" in message and "non-associated third country" in message:
                        continue  # the timeline shows the scope
                    seen.setdefault(message, (severity, message, list(sources)))
        return list(seen.values())

    def country_restrictions(self, programme: ProgrammeRules, code: str) -> list[Restriction]:
        """The restrictions on entities of the country: those that name it, and those a flag about its entities
        brings (Chinese universities under MIIT)."""
        flags = {f for f, spec in programme.rules.flags.items() if code in spec["countries"]}
        return [r for r in programme.restrictions if code in r["countries"] or flags & set(r["flags"])]

    def current_summary(self, programme: ProgrammeRules, code: str) -> dict[str, Any]:
        """The latest call year, in the programme's main collaborative part (Pillar II, Societal Challenges)."""
        year, part = programme.last_call_year, programme.default_part
        return {"year": year, "part": part, **self.year_part_cell(programme, code, year, part)}

    def call_year_today(self, today: dt.date | None = None) -> tuple[ProgrammeRules, int]:
        """The programme and call year of today's date: the programme whose call years hold this year, else
        the last year of the latest programme (or the first of the earliest)."""
        year = (today or dt.date.today()).year
        for programme in self.programmes:
            if programme.first_call_year <= year <= programme.last_call_year:
                return programme, year
        latest = max(self.programmes, key=lambda p: p.last_call_year)
        if year > latest.last_call_year:
            return latest, latest.last_call_year
        earliest = min(self.programmes, key=lambda p: p.first_call_year)
        return earliest, earliest.first_call_year

    def short_answers(self, code: str, today: dt.date | None = None) -> dict[str, Any]:
        """The "In short" box's answers for every programme, call year and part, from country_status (through
        year_part_cell): each distinct answer once, and per programme one string per call year with one
        character per part (its answer's index, base 36); the page's script only picks one (no rule in
        JavaScript)."""
        answers: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        grid: dict[str, list[str]] = {}  # programme -> one string per call year, one character per part
        for programme in self.programmes:
            grid[programme.id] = []
            for year in self.years(programme):
                line = ""
                for part in programme.parts:
                    cell = self.year_part_cell(programme, code, year, part)
                    answer = {
                        "label": cell["label"],
                        "counts": cell["counts"],
                        "funding": cell["funding"],
                        "funding_text": cell["funding_text"],
                        "sources": [[sid, source_anchor(sid)] for sid in cell["sources"]],
                    }
                    key = json.dumps(answer, sort_keys=True)
                    if key not in seen:
                        seen[key] = len(answers)
                        answers.append(answer)
                    line += ANSWER_DIGITS[seen[key]]
                grid[programme.id].append(line)
        programme, year = self.call_year_today(today)
        return {
            "default": {"programme": programme.id, "year": year, "part": programme.default_part},
            "programmes": [
                {
                    "id": p.id,
                    "name": p.name,
                    "years": list(self.years(p)),
                    "parts": [[part, self.part_short(p, part)] for part in p.parts],
                    "default_part": p.default_part,
                }
                for p in self.programmes
            ],
            "answers": answers,
            "grid": grid,
        }

    def other_names(self, code: str) -> list[str]:
        """The country's other English names in the rules (countries.yaml name_variants)."""
        return list(self.rules.name_variants.get(code, []))

    def search_boost(self, code: str) -> float:
        """Material's search ranks pages by how often the words match, not by how well: "Korea" matches the
        names of both Koreas equally. Among equal matches, the pages of countries whose entities count towards
        the minimum conditions in the current call year (Member States, their regions, associated countries:
        where most partners come from) come first."""
        programme, year = self.call_year_today()
        counts = any(self.published(programme, code, year, part).counts_towards_minimum for part in programme.parts)
        return 2.0 if counts else 1.0

    # -- change log ------------------------------------------------------------------------------
    def changes(self) -> list[dict[str, Any]]:
        """Every dated rule change in the data: {when (sort key), label, programme, text, sources, codes}."""
        events = list(self._eu_changes())
        for programme in self.programmes:
            for changes in (
                self._association_changes,
                self._funding_list_changes,
                self._restriction_changes,
                self._condition_changes,
                self._widening_changes,
            ):
                events.extend(changes(programme))
        events.sort(key=lambda e: (e["when"][:4], e["when"], e["programme"] or "", e["text"]))
        return events

    def _event(
        self, when: str, label: str, programme: str | None, text: str, sources: Iterable[str], codes: Iterable[str] = ()
    ) -> dict[str, Any]:
        return {
            "when": when,
            "year": when[:4],
            "label": label,
            "programme": programme,
            "programme_name": self.rules.programme(programme).name if programme else "both (EU territory)",
            "text": text,
            "sources": list(dict.fromkeys(sources)),
            "codes": list(codes),
        }

    def _eu_changes(self) -> Iterator[dict[str, Any]]:
        """Member States, outermost regions, territories and OCTs that join or leave (data/eu.yaml)."""
        for key, what in (
            ("member_states", "Member State"),
            ("outermost_regions", "outermost region"),
            ("territories", "territory of a Member State"),
            ("octs", "overseas country or territory"),
        ):
            group_sources = self.eu_group_sources(key)
            article = "an" if what[0] in "aeiou" else "a"
            for entry in self.eu_entries(key):
                srcs = entry["sources"] or group_sources
                name, code = self.name(entry["code"]), [entry["code"]]
                if entry["from"]:
                    yield self._event(entry["from"], entry["from"], None, f"{name} becomes {article} {what}", srcs, code)
                if entry["until"]:
                    text = f"{name} is {article} {what} until this date"
                    yield self._event(entry["until"], entry["until"], None, text, srcs, code)

    def _association_changes(self, programme: ProgrammeRules) -> Iterator[dict[str, Any]]:
        pid = programme.id
        for code, intervals in programme.association.items():
            name = self.name(code)
            for interval in intervals:
                start = int(interval["from_year"])
                when = interval["from_deadline"] or f"{start}"
                status = interval["status"]
                scope = self.scope_label(programme, interval)
                verb = {
                    "associated": f"associated ({scope})",
                    "transitional": f"under a transitional arrangement ({scope})",
                    "not-associated": "not associated",
                    "unverified": f"association not confirmed ({scope})",
                    "part-of": f"treated as part of {self.name(interval['part_of'] or '')}",
                }[status]
                label = f"calls of {start}" + (
                    f", deadlines from {interval['from_deadline']}" if interval["from_deadline"] else ""
                )
                yield self._event(when, label, pid, f"{name}: {verb}", interval["sources"], [code])
                if interval["until_year"] is not None and interval["until_year"] < programme.last_call_year:
                    end = int(interval["until_year"])
                    text = f"{name}: end of this status ({status}) with the calls of {end}"
                    yield self._event(f"{end}-12-31~", f"after calls of {end}", pid, text, interval["sources"], [code])

    def _funding_list_changes(self, programme: ProgrammeRules) -> Iterator[dict[str, Any]]:
        for change in self.version_changes(programme):
            version = change["version"]
            first = min(version["call_years"])
            parts = []
            if change["previous"] is not None:
                if change["added"]:
                    parts.append("adds " + ", ".join(self.name(c) for c in change["added"]))
                if change["removed"]:
                    parts.append("removes " + ", ".join(self.name(c) for c in change["removed"]))
                if not parts:
                    parts.append("same countries as the previous version")
            detail = f" ({'; '.join(parts)})" if parts else ""
            text = f"Funding list version '{version['title']}' applies{detail}"
            codes = change["added"] + change["removed"]
            yield self._event(f"{first}", f"calls of {first}", programme.id, text, version["sources"], codes)

    def _restriction_changes(self, programme: ProgrammeRules) -> Iterator[dict[str, Any]]:
        for restriction in programme.restrictions:
            starts = restriction["from_date"] or (
                str(restriction["from_year"]) if restriction["from_year"] is not None else None
            )
            if starts is None:
                continue
            yield self._event(
                starts,
                restriction["from_date"] or f"calls of {starts}",
                programme.id,
                f"Restriction: {restriction['name']}",
                restriction["sources"],
                restriction["countries"],
            )

    def _condition_changes(self, programme: ProgrammeRules) -> Iterator[dict[str, Any]]:
        for action_id, action in programme.actions.items():
            for condition in iter_conditions(action["conditions"]):
                if condition["from_date"]:
                    text = f"{action['name']} ({action_id}): {condition['text']}"
                    date = condition["from_date"]
                    yield self._event(date, date, programme.id, text, condition["sources"])

    def _widening_changes(self, programme: ProgrammeRules) -> Iterator[dict[str, Any]]:
        previous: set[str] | None = None
        for widening in sorted(programme.widening_data["associated_countries"], key=lambda e: min(e["call_years"])):
            current = set(widening["countries"])
            first = min(widening["call_years"])
            if previous is None:
                text = "Widening associated countries: " + ", ".join(self.name(c) for c in sorted(current))
            else:
                added = sorted(current - previous, key=self.name)
                removed = sorted(previous - current, key=self.name)
                bits = []
                if added:
                    bits.append("adds " + ", ".join(self.name(c) for c in added))
                if removed:
                    bits.append("removes " + ", ".join(self.name(c) for c in removed))
                text = "Widening associated countries list " + ("; ".join(bits) or "unchanged")
            yield self._event(f"{first}", f"calls of {first}", programme.id, text, widening["sources"])
            previous = current

    # -- where each source is used ---------------------------------------------------------------
    def source_usage(self) -> dict[str, list[tuple[str, str | None]]]:
        """source id -> [(what uses it, link path relative to the docs root or None)]."""
        usage: dict[str, dict[str, str | None]] = {s: {} for s in self.sources}

        def use(ids: Iterable[str], label: str, link: str | None) -> None:
            for sid in ids:
                usage.setdefault(sid, {}).setdefault(label, link)

        for key, what in (
            ("member_states", "Member States"),
            ("outermost_regions", "Outermost regions"),
            ("territories", "Territories of Member States"),
            ("octs", "Overseas countries and territories"),
        ):
            use(self.eu_group_sources(key), f"Country groups: {what}", "countries/index.md")
            for entry in self.eu_entries(key):
                if entry["sources"]:
                    use(
                        entry["sources"],
                        f"{self.name(entry['code'])}: {what}",
                        f"countries/{country_slug(entry['code'])}.md",
                    )
        use(self.raw["eu"]["oct_counting"]["sources"], "How OCT entities are counted", "guidance/who-can-take-part.md")
        for programme in self.programmes:
            short = programme.name
            meta = self.raw["programmes"][programme.id]["programme"]
            use(meta["sources"], f"{short}: programme", f"actions/{programme.id}/index.md")
            for part in meta["parts"].values():
                use(part["sources"], f"{short}: programme parts", f"actions/{programme.id}/index.md")
            for etype, spec in meta["entity_funding"].items():
                use(spec["sources"], f"{short}: funding of {etype.replace('-', ' ')}", "guidance/special-entities.md")
            use(
                meta["not_funded_beneficiary"]["sources"],
                f"{short}: partners not automatically funded",
                "guidance/who-can-be-funded.md",
            )
            for code, intervals in programme.association.items():
                for interval in intervals:
                    use(
                        interval["sources"],
                        f"{short}: association of {self.name(code)}",
                        f"countries/{country_slug(code)}.md",
                    )
            for version in programme.funding_versions:
                use(version["sources"], f"{short}: funding list '{version['title']}'", "countries/index.md")
            use(
                programme.never_listed["sources"],
                f"{short}: countries never on the funding list",
                "guidance/who-can-be-funded.md",
            )
            for exc in programme.programme_exceptions:
                use(exc["sources"], f"{short}: funding exception ({exc['id']})", "guidance/who-can-be-funded.md")
            for action_id, action in programme.actions.items():
                link = f"actions/{programme.id}/{action_slug(action_id)}.md"
                use(action["sources"], f"{short}: {action['name']}", link)
                for condition in iter_conditions(action["conditions"]):
                    use(condition["sources"], f"{short}: {action['name']}", link)
            for restriction in programme.restrictions:
                use(restriction["sources"], f"{short}: restriction '{restriction['name']}'", "guidance/restrictions.md")
            wid = programme.widening_data
            use(wid["member_states"]["sources"], f"{short}: widening countries", "countries/index.md")
            for widening in wid["associated_countries"]:
                use(widening["sources"], f"{short}: widening countries", "countries/index.md")
        return {sid: sorted(labels.items()) for sid, labels in usage.items()}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def iter_conditions(conditions: Iterable[Condition]) -> Iterator[Condition]:
    for condition in conditions:
        yield condition
        for option in condition["options"]:
            yield from iter_conditions(option["conditions"])


def today() -> str:
    return dt.date.today().isoformat()
