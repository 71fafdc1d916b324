"""Build the organisation directory from the CORDIS extracts: `make directory`, or

    .venv/bin/python -m build_scripts.directory.build --source ../shared/data/cordis

Writes ``src/horizon_eligibility/directory/organisations.tsv.gz`` (committed: the site's build and the
Pages workflow have no ``../shared``), in the format ``horizon_eligibility.directory`` reads: a metadata line,
a header, one row per organisation. Per organisation: PIC (CORDIS organisationID), name, short name, country
(as the engine reads it: CORDIS EL is GR, UK is GB), CORDIS activity type and SME flag (the engine maps them
to its types), the special-entity tag of ``build_scripts/cordis_data.py``, the number of Horizon projects and
the latest call year seen, and which extract it comes from.

- Horizon Europe first (``he_organizations.csv``, snapshot 2025-12-06): name, short name, activity type and
  SME flag of its latest participation (latest call year, then grant number);
- then the Horizon 2020 organisations of the 2023 weekly subsets that are not in it (the subsets hold 602
  projects; the full Horizon 2020 organisation list is not in the extracts); organisations in both count
  the projects of both;
- no addresses, VAT numbers or amounts.

The output is deterministic (sorted rows, gzip without a timestamp): a rerun on the same extracts gives the
same bytes, so a new snapshot shows as a changed file and the counts printed.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from build_scripts.cordis_data import (
    DEFAULT_SOURCE,
    H2020_SUBSETS,
    HE_ORGANISATIONS,
    HE_PROJECTS,
    CordisError,
    fail,
    h2020_subset_rows,
    read_csv,
    special_entity,
    write_gz,
)
from horizon_eligibility.directory import PACKAGE_FILE, PIC, Organisation, format_rows
from horizon_eligibility.input_call import years_from_call_id
from horizon_eligibility.rules import Rules, load_rules

STAGE = "directory"
# The extracts carry no date column: the dates are those SOURCE.md gives (checked below).
HE_SNAPSHOT = "2025-12-06"
H2020_SNAPSHOT = re.sub(r"^.*_(\d{4}-\d\d-\d\d)\.csv$", r"\1", H2020_SUBSETS[-1])
SOURCES = {"HE": "CORDIS-HE", "H2020": "CORDIS-H2020-ORG"}
MAX_GZIP_BYTES = 1_200_000  # what the page may fetch (README, "The organisation directory")


class Seen:
    """What the participations of one organisation say, the latest participation's name and kind winning."""

    def __init__(self) -> None:
        self.latest: tuple[int, int] = (-1, -1)  # (call year, grant number) of the latest participation
        self.row: dict[str, str] = {}
        self.projects: set[str] = set()
        self.years: set[int] = set()
        self.programme = "H2020"

    def add(self, row: dict[str, str], project: str, year: int | None, programme: str) -> None:
        self.projects.add(f"{programme}:{project}")
        if year is not None:
            self.years.add(year)
        if programme == "HE" and self.programme != "HE":  # Horizon Europe says what the organisation is now
            self.programme, self.latest = "HE", (-1, -1)
        if programme == self.programme and (year or 0, int(project)) >= self.latest:
            self.latest, self.row = (year or 0, int(project)), row


def clean(text: str) -> str:
    """A name on one line: CORDIS names hold tabs and line breaks now and then."""
    return " ".join(text.split())


def first_year(*call_ids: str) -> int | None:
    for call_id in call_ids:
        years = years_from_call_id(call_id) if call_id else None
        if years:
            return years[0]
    return None


def read_horizon_europe(source: Path, seen: dict[str, Seen]) -> int:
    years = {r["id"]: first_year(r["subCall"], r["masterCall"], r["topics"]) for r in read_csv(source / HE_PROJECTS)}
    count = 0
    for row in read_csv(source / HE_ORGANISATIONS):
        project = row["projectID"]
        if project not in years:
            raise CordisError(f"{HE_ORGANISATIONS}: project {project} is not in {HE_PROJECTS}")
        seen.setdefault(row["organisationID"], Seen()).add(row, project, years[project], "HE")
        count += 1
    return count


def read_horizon_2020(source: Path, seen: dict[str, Seen]) -> int:
    rows = h2020_subset_rows(source)
    projects = {row["projectID"] for row in rows.values()}
    topics: dict[str, list[str]] = defaultdict(list)
    for row in read_csv(source / "h2020_topics.csv"):
        if row["projectID"] in projects:
            topics[row["projectID"]].append(row["topic"])
    calls = {r["reference"].strip(): r["call"].strip() for r in read_csv(source / "h2020_sod16_projects.tsv", "\t")}
    years = {p: first_year(*sorted(topics.get(p, [])), calls.get(p, "")) for p in projects}
    for row in rows.values():
        seen.setdefault(row["organisationID"], Seen()).add(row, row["projectID"], years[row["projectID"]], "H2020")
    return len(rows)


def organisation(pic: str, entry: Seen, rules: Rules) -> Organisation:
    row = entry.row
    name = clean(row["name"])
    if not PIC.match(pic) or not name:
        raise CordisError(f"organisation {pic!r} {name!r}: no nine-digit PIC or no name")
    short = clean(row["shortName"])
    country = row["country"].strip()
    # A code the engine does not know (CORDIS's XH, for an organisation in Kashmir) is left out: the input then
    # has to give the country.
    code = (rules.resolve_country(country) if country else None) or ""
    special = special_entity(pic, name)
    sme = row["SME"].strip().lower()
    return Organisation(
        pic=pic,
        name=name,
        short_name="" if short.casefold() == name.casefold() else short,
        country=code,
        activity=row["activityType"].strip(),
        sme=None if sme not in ("true", "false") else sme == "true",
        special=special[0] if special else "",
        projects=len(entry.projects),
        last_year=max(entry.years) if entry.years else None,
        programme=entry.programme,
    )


def check_snapshot(source: Path) -> None:
    text = (source / "SOURCE.md").read_text(encoding="utf-8") if (source / "SOURCE.md").is_file() else ""
    if f"snapshot {HE_SNAPSHOT}" not in text:
        raise CordisError(f"{source}/SOURCE.md does not name the snapshot {HE_SNAPSHOT}: update HE_SNAPSHOT")


def build(source: Path, out: Path) -> dict[str, int]:
    check_snapshot(source)
    seen: dict[str, Seen] = {}
    he_rows = read_horizon_europe(source, seen)
    h2020_rows = read_horizon_2020(source, seen)
    rules = load_rules()
    organisations = [organisation(pic, entry, rules) for pic, entry in seen.items()]
    counts = {
        "organisations": len(organisations),
        "horizon_europe": sum(o.programme == "HE" for o in organisations),
        "horizon_2020_only": sum(o.programme == "H2020" for o in organisations),
        "special": sum(bool(o.special) for o in organisations),
        "without_country": sum(not o.country for o in organisations),  # none, or one the engine does not know
        "he_participations": he_rows,
        "h2020_participations": h2020_rows,
    }
    meta = {
        "title": "Horizon Eligibility organisation directory",
        "snapshots": {"HE": HE_SNAPSHOT, "H2020": H2020_SNAPSHOT},
        "sources": SOURCES,
        "attribution": "© European Union, CORDIS (cordis.europa.eu); CC BY 4.0",
        "counts": {k: counts[k] for k in ("organisations", "horizon_europe", "horizon_2020_only")},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    counts["bytes"] = write_gz(out, format_rows(organisations, meta))
    if counts["bytes"] > MAX_GZIP_BYTES:
        raise CordisError(f"{out.name} is {counts['bytes']:,} bytes gzipped; the page's budget is {MAX_GZIP_BYTES:,}")
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="CORDIS extract directory")
    parser.add_argument("--out", type=Path, default=PACKAGE_FILE, help="the directory file to write")
    args = parser.parse_args(argv)
    try:
        counts = build(args.source.resolve(), args.out)
    except CordisError as exc:
        fail(STAGE, str(exc))
    for key, value in counts.items():
        print(f"  {key.replace('_', ' ')}: {value:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
