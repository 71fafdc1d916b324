"""Build the compact CORDIS fixture used by the real-consortia tests and the engine benchmark.

Reads the CORDIS extracts described in ``<source>/SOURCE.md`` (Horizon Europe: ``he_projects.csv`` and
``he_organizations.csv``; Horizon 2020: the three 2023 organisation subsets, ``h2020_topics.csv`` and the
2016 project list ``h2020_sod16_projects.tsv`` for the funding scheme) and writes gzip-compressed CSV files
with only the columns the tests need into ``tests/fixtures/cordis/``:

* ``he_projects.csv.gz``        id, scheme, master_call, sub_call, topic, legal_basis, status
* ``he_participations.csv.gz``  project, order, role, country, activity, sme, funded, terminated, special
* ``h2020_projects.csv.gz``     id, scheme, call, topic, complete
* ``h2020_participations.csv.gz`` project, order, role, country, activity, sme, funded, ended, special
* ``special_entities.csv``      the organisations tagged in the ``special`` column (id, tag, name)

No names, addresses, VAT numbers or amounts are kept: ``funded`` is 1 when the participation's EC
contribution is above zero. ``special`` tags the JRC, international European research organisations,
bodies created under Union law and other international organisations, from the curated table
``SPECIAL_ENTITIES`` below (by CORDIS organisation id, so the tags do not depend on name spelling).

The output is deterministic (sorted rows, gzip mtime 0): rerunning the script on the same input gives
byte-identical files. Regenerate with::

    .venv/bin/python build_scripts/make_cordis_fixture.py --source ../shared/data/cordis
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "cordis"
DEFAULT_OUT = REPO / "tests" / "fixtures" / "cordis"

H2020_SUBSETS = (
    "h2020_orgsubset_2023-05-29.csv",
    "h2020_orgsubset_2023-06-05.csv",
    "h2020_orgsubset_2023-06-12.csv",
)

# Special entities, by CORDIS organisation id (the same id in the Horizon Europe and Horizon 2020 files).
# Tags are engine participant types:
#   jrc                 the Commission's Joint Research Centre
#   international-european-research-organisation
#                       the EIROforum organisations (CERN, EMBL, ESA, ESO, ESRF, ILL, European XFEL) and
#                       ECMWF (an international organisation of mostly Member States and associated
#                       countries whose principal objective is scientific cooperation in Europe)
#   eu-body             agencies and bodies created under Union law (and the ECB)
#   international-organisation
#                       other intergovernmental organisations (UN system, OECD, World Bank, EBRD, Council of
#                       Europe, IAEA, WMO, CIHEAM institutes, ICGEB, ICCROM, EPPO, EUROCONTROL, IOM, ICMPD,
#                       International IDEA)
# Not tagged on purpose: ERICs (legal entities with a statutory seat in a Member State or associated
# country; they count as established there), the European University Institute (treated as established in
# Italy), EIT KICs and their CLCs (ordinary legal entities), CGIAR centres and other research institutes
# with an international status whose legal nature could not be settled from the name alone.
SPECIAL_ENTITIES: dict[str, tuple[str, str]] = {
    "999992304": ("jrc", "JRC - Joint Research Centre, European Commission"),
    "999988133": ("international-european-research-organisation", "CERN"),
    "999988230": ("international-european-research-organisation", "European Molecular Biology Laboratory"),
    "999988036": ("international-european-research-organisation", "European Southern Observatory"),
    "999484121": ("international-european-research-organisation", "European Synchrotron Radiation Facility"),
    "999933522": ("international-european-research-organisation", "Institut Max von Laue - Paul Langevin"),
    "974524469": ("international-european-research-organisation", "European XFEL"),
    "999644559": ("international-european-research-organisation", "European Space Agency"),
    "999916741": ("international-european-research-organisation", "ECMWF"),
    "999537083": ("eu-body", "European Union Satellite Centre"),
    "902418840": ("eu-body", "EU Agency for the Space Programme (EUSPA)"),
    "997654895": ("eu-body", "European Medicines Agency"),
    "997912624": ("eu-body", "European Environment Agency"),
    "883668546": ("eu-body", "European Environment Agency (second registration)"),
    "894182376": ("eu-body", "European Chemicals Agency"),
    "952563475": ("eu-body", "EU Aviation Safety Agency"),
    "911353219": ("eu-body", "European Defence Agency"),
    "897766041": ("eu-body", "EU Agency for Law Enforcement Training (CEPOL)"),
    "893964320": ("eu-body", "European Food Safety Authority"),
    "984790464": ("eu-body", "European Central Bank"),
    "999454245": ("international-organisation", "UNESCO"),
    "999480144": ("international-organisation", "World Health Organization"),
    "887919571": ("international-organisation", "WHO Regional Office for Europe"),
    "999544940": ("international-organisation", "World Meteorological Organization"),
    "997721825": ("international-organisation", "UNITAR"),
    "986388345": ("international-organisation", "UN-Habitat"),
    "998923752": ("international-organisation", "OECD"),
    "997514245": ("international-organisation", "UN Environment Programme"),
    "997940075": ("international-organisation", "UN Development Programme"),
    "999608281": ("international-organisation", "FAO"),
    "990463994": ("international-organisation", "International Atomic Energy Agency"),
    "999497410": ("international-organisation", "UN Economic Commission for Europe"),
    "954401043": ("international-organisation", "UNICEF"),
    "968158456": ("international-organisation", "UN ECLAC"),
    "953076217": ("international-organisation", "UN Office for Disaster Risk Reduction"),
    "973130482": ("international-organisation", "UN Office on Drugs and Crime"),
    "909537185": ("international-organisation", "United Nations at Geneva"),
    "993822037": ("international-organisation", "United Nations University"),
    "894373175": ("international-organisation", "UNCCD Secretariat"),
    "998049782": ("international-organisation", "World Food Programme"),
    "994857803": ("international-organisation", "World Bank Group"),
    "998890675": ("international-organisation", "International Organization for Migration"),
    "886289583": ("international-organisation", "EBRD"),
    "968693411": ("international-organisation", "Council of Europe"),
    "999870375": ("international-organisation", "CIHEAM Bari"),
    "997415887": ("international-organisation", "CIHEAM (Montpellier / headquarters)"),
    "999884925": ("international-organisation", "CIHEAM Chania"),
    "997713483": ("international-organisation", "CIHEAM Zaragoza"),
    "999470444": ("international-organisation", "ICGEB"),
    "946200760": ("international-organisation", "ICCROM"),
    "999560654": ("international-organisation", "EPPO (plant protection organisation)"),
    "999483733": ("international-organisation", "EUROCONTROL"),
    "997622788": ("international-organisation", "ICMPD"),
    "905671444": ("international-organisation", "International IDEA"),
}

# Name patterns that must be tagged when they appear in the Horizon 2020 subsets under another id (the
# script fails loudly instead of silently leaving such a row untagged).
MUST_BE_TAGGED = re.compile(
    r"JOINT RESEARCH CENTRE|RECHERCHE NUCLEAIRE|EUROPEAN MOLECULAR BIOLOGY LABORATORY|EUROPEAN SPACE AGENCY"
    r"|EUROPEAN SOUTHERN OBSERVATORY|SYNCHROTRON RADIATION FACILITY|LAUE - PAUL LANGEVIN"
    r"|MEDIUM-RANGE WEATHER|^WORLD HEALTH ORGANI[SZ]ATION$|^ORGANISATION FOR ECONOMIC CO-OPERATION",
    re.IGNORECASE,
)


def fail(message: str) -> None:
    sys.exit(f"make_cordis_fixture: {message}")


def read_csv(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    if not path.is_file():
        fail(f"missing input file {path}")
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def write_gz_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(buffer.getvalue().encode("utf-8"))
    return path.stat().st_size


def money_positive(value: str) -> bool:
    value = value.strip()
    if not value:
        return False
    return float(value) > 0


def flag(value: bool) -> str:
    return "1" if value else "0"


def special_tag(org_id: str, name: str, seen: dict[str, tuple[str, str, int]]) -> str:
    entry = SPECIAL_ENTITIES.get(org_id)
    if entry is None:
        if MUST_BE_TAGGED.search(name.strip()):
            fail(f"organisation {org_id} {name!r} looks like a special entity: add it to SPECIAL_ENTITIES")
        return ""
    tag, label = entry
    _, _, count = seen.get(org_id, (tag, label, 0))
    seen[org_id] = (tag, label, count + 1)
    return tag


def order_key(value: str) -> tuple[int, str]:
    return (int(value), "") if value.isdigit() else (1_000_000, value)


def build_horizon_europe(source: Path, out: Path, seen: dict[str, tuple[str, str, int]]) -> dict[str, int]:
    projects = []
    for row in read_csv(source / "he_projects.csv"):
        projects.append(
            (
                row["id"],
                row["fundingScheme"],
                row["masterCall"],
                row["subCall"],
                row["topics"],
                row["legalBasis"],
                row["status"],
            )
        )
    projects.sort(key=lambda r: int(r[0]))
    known = {p[0] for p in projects}
    participations = []
    for row in read_csv(source / "he_organizations.csv"):
        if row["projectID"] not in known:
            continue
        participations.append(
            (
                row["projectID"],
                row["order"],
                row["role"],
                row["country"],
                row["activityType"],
                flag(row["SME"].lower() == "true"),
                flag(money_positive(row["ecContribution"])),
                flag(row["terminated"].lower() == "true"),
                special_tag(row["organisationID"], row["name"], seen),
            )
        )
    participations.sort(key=lambda r: (int(r[0]), order_key(r[1]), r[2]))
    sizes = {
        "he_projects.csv.gz": write_gz_csv(
            out / "he_projects.csv.gz",
            ("id", "scheme", "master_call", "sub_call", "topic", "legal_basis", "status"),
            projects,
        ),
        "he_participations.csv.gz": write_gz_csv(
            out / "he_participations.csv.gz",
            ("project", "order", "role", "country", "activity", "sme", "funded", "terminated", "special"),
            participations,
        ),
    }
    print(f"Horizon Europe: {len(projects)} projects, {len(participations)} participations")
    return sizes


def build_horizon_2020(source: Path, out: Path, seen: dict[str, tuple[str, str, int]]) -> dict[str, int]:
    # The weekly subsets overlap: a participation is identified by (project, organisation, role, order); the
    # latest snapshot that holds it wins.
    rows: dict[tuple[str, str, str, str], dict[str, str]] = {}
    for name in H2020_SUBSETS:
        for row in read_csv(source / name):
            rows[(row["projectID"], row["organisationID"], row["role"], row["order"])] = row
    by_project: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows.values():
        by_project[row["projectID"]].append(row)

    schemes: dict[str, tuple[str, str]] = {}
    for row in read_csv(source / "h2020_sod16_projects.tsv", delimiter="\t"):
        schemes[row["reference"].strip()] = (row["fundingScheme"].strip(), row["call"].strip())
    topics: dict[str, list[str]] = defaultdict(list)
    for row in read_csv(source / "h2020_topics.csv"):
        if row["projectID"] in by_project:
            topics[row["projectID"]].append(row["topic"])

    projects = []
    participations = []
    for project_id in sorted(by_project, key=int):
        members = by_project[project_id]
        orders = sorted(int(m["order"]) for m in members if m["order"].isdigit())
        complete = (
            any(m["role"] == "coordinator" for m in members)
            and len(orders) == len(members)
            and orders == list(range(1, len(orders) + 1))
        )
        scheme, call = schemes.get(project_id, ("", ""))
        topic = ";".join(sorted(topics.get(project_id, [])))
        projects.append((project_id, scheme, call, topic, flag(complete)))
        for m in members:
            participations.append(
                (
                    project_id,
                    m["order"],
                    m["role"],
                    m["country"],
                    m["activityType"],
                    flag(m["SME"].lower() == "true"),
                    flag(money_positive(m["ecContribution"])),
                    flag(m["endOfParticipation"].lower() == "true"),
                    special_tag(m["organisationID"], m["name"], seen),
                )
            )
    participations.sort(key=lambda r: (int(r[0]), order_key(r[1]), r[2]))
    sizes = {
        "h2020_projects.csv.gz": write_gz_csv(
            out / "h2020_projects.csv.gz", ("id", "scheme", "call", "topic", "complete"), projects
        ),
        "h2020_participations.csv.gz": write_gz_csv(
            out / "h2020_participations.csv.gz",
            ("project", "order", "role", "country", "activity", "sme", "funded", "ended", "special"),
            participations,
        ),
    }
    with_scheme = sum(1 for p in projects if p[1])
    complete = sum(1 for p in projects if p[4] == "1")
    print(
        f"Horizon 2020: {len(projects)} projects ({complete} complete-looking, {with_scheme} with a scheme), "
        f"{len(participations)} participations"
    )
    return sizes


def write_special_entities(out: Path, seen: dict[str, tuple[str, str, int]]) -> int:
    path = out / "special_entities.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("organisation_id", "tag", "name", "participations"))
        for org_id in sorted(seen, key=lambda k: (seen[k][0], seen[k][1])):
            tag, label, count = seen[org_id]
            writer.writerow((org_id, tag, label, count))
    return path.stat().st_size


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="CORDIS extract directory")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="fixture directory")
    args = parser.parse_args(argv)
    source: Path = args.source.resolve()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    seen: dict[str, tuple[str, str, int]] = {}
    sizes = build_horizon_europe(source, out, seen)
    sizes.update(build_horizon_2020(source, out, seen))
    sizes["special_entities.csv"] = write_special_entities(out, seen)
    total = sum(sizes.values())
    for name, size in sizes.items():
        print(f"  {name}: {size:,} bytes")
    print(f"  total: {total:,} bytes")
    if total > 2_500_000:
        fail(f"the fixture is {total:,} bytes; keep it under about 2 MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
