"""Regenerate the golden files in tests/engine/golden/ (review the diff: every rule change shows there).

- countries-<programme>.txt: the status of every country for every call year and programme part
  (countries that are plain third countries, not counted and not funded, are left out).
- consortia/<name>.json: the verdict on each example consortium in tests/engine/consortia/.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from horizon_eligibility import check, load_rules
from horizon_eligibility.status import country_status

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "engine" / "golden"
CONSORTIA = ROOT / "tests" / "engine" / "consortia"


def country_table(programme_id: str) -> str:
    """The published status (country_status: the engine's decision path) of every country, year and part."""
    rules = load_rules()
    programme = rules.programme(programme_id)
    lines = [
        f"# {programme.name}: year part code status counts-towards-minimum funding funding-list widening "
        f"[deadline: date before->from] [other actions]  ({programme.reference_action} beneficiary)"
    ]
    for year in range(programme.first_call_year, programme.last_call_year + 1):
        for part in programme.parts:
            for code in sorted(rules.countries):
                s = country_status(programme_id, year, part, code, rules=rules)
                split = s.depends_on_deadline
                plain = s.group == "third-country" and not s.funding_list and not s.counts_towards_minimum
                if plain and s.funding == "not-eligible" and not split and not s.other_actions:
                    continue
                listed = (s.funding_list or "-") + ("?" if s.funding_list_unverified else "")
                line = (
                    f"{year} {part} {code} {s.status} {'counts' if s.counts_towards_minimum else '-'} {s.funding} "
                    f"{listed} {'widening' if s.widening else '-'}"
                )
                if split:
                    before, after = split.before, split.from_date
                    line += (
                        f" deadline:{split.date}:{before.status},{'counts' if before.counts_towards_minimum else '-'},"
                        f"{before.funding}->{after.status},{'counts' if after.counts_towards_minimum else '-'},"
                        f"{after.funding}"
                    )
                for other in s.other_actions:
                    line += f" {other.action}={other.outcome.funding}"
                lines.append(line)
    return "\n".join(lines) + "\n"


def consortium_verdict(path: Path) -> str:
    verdict: dict[str, Any] = check(json.loads(path.read_text(encoding="utf-8"))).to_dict()
    verdict["sources"] = sorted(verdict["sources"])  # ids only: titles live in data/sources.yaml
    for key in ("data_version", "data_verified_on"):
        verdict.pop(key)
    return json.dumps(verdict, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def golden_files() -> dict[Path, str]:
    files = {GOLDEN / f"countries-{pid}.txt": country_table(pid) for pid in load_rules().programmes}
    for path in sorted(CONSORTIA.glob("*.json")):
        files[GOLDEN / "consortia" / path.name] = consortium_verdict(path)
    return files


def main() -> int:
    files = golden_files()
    (GOLDEN / "consortia").mkdir(parents=True, exist_ok=True)
    stale = {p for p in (GOLDEN / "consortia").glob("*.json")} - set(files)
    for path in stale:
        path.unlink()
    changed = 0
    for path, text in files.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed += 1
    print(f"{len(files)} golden files, {changed} changed, {len(stale)} removed")
    print("review the changes with: git diff tests/engine/golden")
    return 0


if __name__ == "__main__":
    sys.exit(main())
