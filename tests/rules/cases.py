"""Rule cases: for each rule id, consortia that should make the engine report it, with only the outputs
that matter, in the way OpenFisca keeps a YAML test per rule.

A file `tests/rules/<programme>/<stem>.yaml` holds the cases of the rule ids that start with `<stem>` (after
the programme prefix): `association.scope.yaml` the rule `he.association.scope`, `restriction.russia.yaml`
`he.restriction.russia` and its variants, `RIA.yaml` the conditions of the RIA action. Each case:

    - name: what the case shows
      sources: [HE-GA26]          # the source ids the expected answer is read from
      consortium: {...}           # the input of check()
      outcome: not-eligible       # optional: eligible | eligible-if | not-eligible
      errors: [he.RIA.composition]   # rule ids reported as errors (among others)
      warnings: []                # ... as warnings
      notes: []                   # ... as notes (severity info)
      absent: []                  # rule ids that must not be reported
      funding: {Name: eligible}   # a participant's funding, where it matters
      counts: {Name: false}       # whether it counts towards the minimum conditions, where it matters

The expected answers are written from the sources (the General Annexes, the Regulation, the data's own
sources), not from running the engine. A case proves the rule ids of its file that it expects.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from horizon_eligibility import Verdict, check

HERE = Path(__file__).resolve().parent
SEVERITIES = {"errors": "error", "warnings": "warning", "notes": "info"}
KEYS = {"name", "sources", "consortium", "outcome", "absent", "funding", "counts", *SEVERITIES}


@dataclass(frozen=True)
class RuleCase:
    path: Path
    programme: str  # the folder: horizon-europe
    stem: str  # the file's name without .yaml: the rule ids it proves start with it
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.data["name"])

    def expected(self) -> dict[str, list[str]]:
        return {key: list(self.data.get(key) or []) for key in SEVERITIES}

    def proves(self, prefix: str) -> set[str]:
        """The rule ids of this file's stem that the case expects the engine to report."""
        own = f"{prefix}.{self.stem}"
        return {
            rule for rules in self.expected().values() for rule in rules if rule == own or rule.startswith(own + ".")
        }


def rule_files() -> list[Path]:
    return sorted(HERE.glob("*/*.yaml"))


def read_cases(path: Path) -> Iterator[RuleCase]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(loaded, list) or not loaded:
        raise ValueError(f"{path}: a list of cases")
    for entry in loaded:
        if not isinstance(entry, dict) or not set(entry) <= KEYS or "name" not in entry:
            raise ValueError(f"{path}: a case is a mapping of {sorted(KEYS)} with a name")
        yield RuleCase(path, path.parent.name, path.stem, entry)


def all_cases() -> list[RuleCase]:
    return [case for path in rule_files() for case in read_cases(path)]


def problems(case: RuleCase, verdict: Verdict) -> list[str]:
    """What in the verdict differs from what the case expects (nothing: the case holds)."""
    found: list[str] = []
    reported = {(f.rule, f.severity) for f in verdict.findings}
    for key, severity in SEVERITIES.items():
        for rule in case.expected()[key]:
            if (rule, severity) not in reported:
                also = sorted(s for r, s in reported if r == rule)
                found.append(f"{rule} is not reported as {severity}" + (f" (but as {', '.join(also)})" if also else ""))
    for rule in case.data.get("absent") or []:
        if any(r == rule for r, _ in reported):
            found.append(f"{rule} is reported")
    outcome = case.data.get("outcome")
    if outcome and verdict.outcome != outcome:
        found.append(f"outcome {verdict.outcome}, expected {outcome}")
    by_name = {p.name: p for p in verdict.participants}
    for name, funding in (case.data.get("funding") or {}).items():
        if by_name[name].funding != funding:
            found.append(f"{name}: funding {by_name[name].funding}, expected {funding}")
    for name, counts in (case.data.get("counts") or {}).items():
        if by_name[name].counts_towards_minimum != counts:
            found.append(
                f"{name}: counts towards the minimum {by_name[name].counts_towards_minimum}, expected {counts}"
            )
    return found


def run(case: RuleCase) -> list[str]:
    return problems(case, check(case.data["consortium"]))
