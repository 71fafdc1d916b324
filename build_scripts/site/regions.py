"""Data regions of the hand-written pages (docs/index.md, docs/guidance/*.md).

The prose is written by people; the facts in it that are data are written by this module, between
markers, so a page never holds a list or a date typed by hand:

    <!-- data: ac_count horizon-europe 2026 -->22<!-- /data -->

`site/build.py` rewrites what lies between the markers on every build (only when it changed), so a data
change shows as a reviewable diff of the page, and `site/build.py --check-regions` fails when a page is
stale. A region whose body starts on a new line is a block (a table, a list); otherwise it is inline
text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from build_scripts.site.links import Linker, cell
from build_scripts.site.queries import FUNDING_LABEL, SiteData

REGION = re.compile(r"<!-- data: (?P<call>[^>]*?) -->(?P<body>.*?)<!-- /data -->", re.DOTALL)

class Facts:
    def __init__(self, data: SiteData, linker: Linker) -> None:
        self.d = data
        self.L = linker

    # -- dates and counts ------------------------------------------------------------------------
    def as_of(self) -> str:
        return self.d.rules.data_verified_on

    def data_version(self) -> str:
        return f"`{self.d.rules.data_version}`"

    def verified(self) -> str:
        return self.L.verified()

    def ac_count(self, pid: str, year: str) -> str:
        p = self.d.rules.programme(pid)
        return str(len([c for c, i in self.d.associated_in(p, int(year)) if i["status"] == "associated"]))

    def lmic_count(self, pid: str, version_id: str) -> str:
        p = self.d.rules.programme(pid)
        version = next(v for v in p.funding_versions if v["id"] == version_id)
        return str(len(version["countries"]))

    def ms_count(self) -> str:
        return str(len([e for e in self.d.eu_entries("member_states") if "until" not in e]))

    # -- citations -------------------------------------------------------------------------------
    def cite(self, *ids: str) -> str:
        return "; ".join(self.L.cite(i) for i in ids)

    def src(self, *ids: str) -> str:
        """A parenthesised citation to put after a sentence."""
        return f"({self.L.srcs(ids)})"

    def refs(self, *ids: str) -> str:
        """Bare source links (for a table's Sources column)."""
        return self.L.srcs(ids)

    # -- country groups --------------------------------------------------------------------------
    def never_listed(self, pid: str) -> str:
        p = self.d.rules.programme(pid)
        return f"{self.L.countries(p.never_listed['countries'])} ({self.L.srcs(p.never_listed['sources'])})"

    def outermost_regions(self) -> str:
        entries = self.d.eu_entries("outermost_regions")
        return (
            ", ".join(f"{self.L.country(e['code'])} ({self.d.name(e['member_state'])})" for e in entries)
            + f" ({self.L.srcs(self.d.eu_group_sources('outermost_regions'))})"
        )

    def octs(self, pid: str) -> str:
        p = self.d.rules.programme(pid)
        year = p.last_call_year
        codes = [
            e["code"]
            for e in self.d.eu_entries("octs")
            if p.status(e["code"], year, next(iter(p.parts))).group == "oct"
        ]
        return f"{self.L.countries(codes)} ({self.L.srcs(self.d.raw['eu']['octs']['sources'][pid])})"

    def ac_table(self, pid: str, year: str) -> str:
        p = self.d.rules.programme(pid)
        lines = ["| Country | Status | Scope | Call years | Sources |", "|---|---|---|---|---|"]
        for code, interval in self.d.associated_in(p, int(year)):
            lines.append(
                f"| {self.L.country(code)} | {interval['status']} | {cell(self.d.scope_label(p, interval))} "
                f"| {cell(self.d.interval_years(p, interval))} | {self.L.srcs(interval['sources'])} |"
            )
        return "\n".join(lines)

    def partial_acs(self, pid: str, year: str) -> str:
        """Countries associated (or transitional) to part of the programme only, in a call year."""
        p = self.d.rules.programme(pid)
        items = [
            f"{self.L.country(c)} ({self.d.scope_label(p, i)}, {i['status']})"
            for c, i in self.d.associated_in(p, int(year))
            if len(i["parts"]) < len(p.parts)
        ]
        return "; ".join(items) if items else "none"

    def association_note(self, pid: str, code: str, year: str) -> str:
        p = self.d.rules.programme(pid)
        interval = p.association_interval(code, int(year))
        if not interval:
            return "–"
        return f"{cell(interval['note'] or '')} ({self.L.srcs(interval['sources'])})"

    def funding_versions(self, pid: str) -> str:
        p = self.d.rules.programme(pid)
        lines = [
            "| Version | Call years | Countries | Evidence | Changes from the version before | Sources |",
            "|---|---|---|---|---|---|",
        ]
        for change in self.d.version_changes(p):
            v = change["version"]
            bits = []
            if change["added"]:
                bits.append("added: " + self.L.countries(change["added"]))
            if change["removed"]:
                bits.append("removed: " + self.L.countries(change["removed"]))
            what = "; ".join(bits) or ("–" if change["previous"] is None else "none")
            count = len(v["countries"]) + len(v["unverified_countries"])
            lines.append(
                f"| [{cell(v['title'])}]({self.L.page('countries/index.md')}#{pid}-list-{v['id']}) "
                f"| {', '.join(str(y) for y in v['call_years'])} | {count} | {v['evidence']} | {what} "
                f"| {self.L.srcs(v['sources'])} |"
            )
        return "\n".join(lines)

    def entity_funding(self, pid: str) -> str:
        p = self.d.rules.programme(pid)
        lines = [
            "| Entity type | Deemed in another Member State for the minimum? | Funding | Why | Sources |",
            "|---|---|---|---|---|",
        ]
        for etype, spec in p.entity_funding.items():
            deemed = "yes" if etype in p.deemed_other_member_state else "no"
            if etype in p.deemed_other_member_state and p.deemed_evidence != "official":
                deemed += " (not verified)"
            funding = {
                "eligible": "eligible",
                "not-eligible": "zero funding",
                "third-country": "as a third country",
            }.get(spec["funding"], spec["funding"])
            lines.append(
                f"| {etype.replace('-', ' ')} | {deemed} | {funding} | {cell(spec['reason'])} "
                f"| {self.L.srcs(spec['sources'])} |"
            )
        return "\n".join(lines)

    def not_funded(self, pid: str) -> str:
        p = self.d.rules.programme(pid)
        spec = p.not_funded_beneficiary
        text = " ".join(spec["message"].split()).replace("{name} ({country})", "Such a partner")
        return f"> {text}\n>\n> — {p.name} rule as the checker applies it ({self.L.srcs(spec['sources'])})"

    def restrictions(self, pid: str) -> str:
        p = self.d.rules.programme(pid)
        lines = ["| Restriction | Applies to | From | Effect | What it means | Sources |", "|---|---|---|---|---|---|"]
        effect_text = {
            "excluded": "excluded in any role",
            "associated-partner-only": "associated partner only",
            "warning": "warning",
        }
        for r in p.restrictions:
            who = []
            if r["countries"]:
                who.append(self.L.countries(r["countries"]))
            if r["flags"]:
                who.append("entities flagged " + ", ".join(f"`{f}`" for f in r["flags"]))
            if r["actions"]:
                who.append("in " + ", ".join(self.L.action(pid, a) for a in r["actions"]))
            if r["only_if_topic"]:
                who.append(f"only in topics that set `{r['only_if_topic']}`")
            if r["unless_topic"]:
                who.append(f"unless the topic sets `{r['unless_topic']}`")
            start = r["from_date"] or (f"calls of {r['from_year']}" if r["from_year"] is not None else "always")
            lines.append(
                f"| {cell(r['name'])} | {'; '.join(who)} | {start} | {effect_text.get(r['effect'], r['effect'])} "
                f"| {cell(r['message'])} | {self.L.srcs(r['sources'])} |"
            )
        return "\n".join(lines)

    def widening(self, pid: str) -> str:
        p = self.d.rules.programme(pid)
        raw = p.widening_data
        out = [
            f"- **Member States:** {self.L.countries(raw['member_states']['countries'])} "
            f"({self.L.srcs(raw['member_states']['sources'])})"
        ]
        orr = raw["outermost_regions"]
        out.append(
            "- **Outermost regions:** "
            + ("all count as widening" if orr == "all" else "not verified for this programme")
        )
        for entry in raw["associated_countries"]:
            years = ", ".join(str(y) for y in entry["call_years"])
            note = f" {entry['note']}" if entry["note"] else ""
            out.append(
                f"- **Associated countries, calls of {years}** ({entry['evidence']}): "
                f"{self.L.countries(entry['countries'])}, while associated.{note} "
                f"({self.L.srcs(entry['sources'])})"
            )
        return "\n".join(out)

    def exceptions(self, pid: str) -> str:
        p = self.d.rules.programme(pid)
        if not p.programme_exceptions:
            return "None in the data."
        return " ".join(
            f"{self.L.countries(e['countries'])}: {e['message']} ({self.L.srcs(e['sources'])})"
            for e in p.programme_exceptions
        )

    # -- actions ---------------------------------------------------------------------------------
    def condition(self, pid: str, action_id: str) -> str:
        p = self.d.rules.programme(pid)
        action = p.actions[action_id]
        texts = " ".join(c["text"] for c in action["conditions"])
        sources = [s for c in action["conditions"] for s in c["sources"]]
        return f"{texts} ({self.L.action(pid, action_id, action['name'])}; {self.L.srcs(sources)})"

    def action_notes(self, pid: str, action_id: str) -> str:
        p = self.d.rules.programme(pid)
        action = p.actions[action_id]
        return "\n".join(f"- {n} ({self.L.srcs(action['sources'])})" for n in action["notes"])

    def action_list(self, pid: str) -> str:
        p = self.d.rules.programme(pid)
        return ", ".join(self.L.action(pid, a, f"{v['name']}") for a, v in p.actions.items())

    def status(self, pid: str, code: str, year: str, part: str) -> str:
        """One country's status in a call year and part, in words, linked to its page and sources."""
        p = self.d.rules.programme(pid)
        c = self.d.year_part_cell(p, code, int(year), part)
        srcs = f"; {self.L.srcs(c['sources'])}" if c["sources"] else ""
        return (
            f"{self.L.country(code)}, {p.name} calls of {year}, {self.d.part_short(p, part)}: "
            f"**{c['label'].lower()}**, counts towards the minimum: **{'yes' if c['counts'] else 'no'}**, "
            f"EU funding: **{c['funding_text']}**{srcs}"
        )

    def funding_label(self, key: str) -> str:
        return FUNDING_LABEL[key]


def render_call(facts: Facts, call: str) -> str:
    name, *args = call.split()
    fn = getattr(facts, name, None)
    if fn is None or name.startswith("_"):
        raise ValueError(f"unknown data region {name!r}")
    result = fn(*args)
    return str(result)


def update_regions(path: Path, data: SiteData, docs: Path, write: bool = True) -> bool:
    """Rewrite the data regions of one page; True if it changed (or would change)."""
    text = path.read_text(encoding="utf-8")
    depth = len(path.relative_to(docs).parts) - 1
    facts = Facts(data, Linker(data, "../" * depth))

    def replace(match: re.Match[str]) -> str:
        call = match.group("call").strip()
        try:
            value = render_call(facts, call)
        except Exception as exc:
            raise SystemExit(f"{path.relative_to(docs.parent)}: data region '{call}': {exc}") from exc
        if match.group("body").startswith("\n"):  # a block: the body starts on its own line
            return f"<!-- data: {call} -->\n\n{value.strip()}\n\n<!-- /data -->"
        return f"<!-- data: {call} -->{value.strip()}<!-- /data -->"

    new = REGION.sub(replace, text)
    changed = new != text
    if changed and write:
        path.write_text(new, encoding="utf-8")
    return changed
