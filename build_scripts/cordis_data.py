"""Reading the CORDIS extracts (``../shared/data/cordis``, described in its ``SOURCE.md``), for the stages that
derive committed files from them: the test fixture (``build_scripts/fixtures/cordis.py``) and the organisation
directory (``build_scripts/directory/build.py``).

Both tag the same special entities, by CORDIS organisation id (the PIC; the same id in the Horizon Europe and
Horizon 2020 files), so that the tags do not depend on name spelling: ``SPECIAL_ENTITIES`` below.
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

from build_scripts.paths import ROOT

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "cordis"
HE_ORGANISATIONS = "he_organizations.csv"
HE_PROJECTS = "he_projects.csv"
H2020_SUBSETS = (
    "h2020_orgsubset_2023-05-29.csv",
    "h2020_orgsubset_2023-06-05.csv",
    "h2020_orgsubset_2023-06-12.csv",
)

# Special entities, by CORDIS organisation id. Tags are engine participant types:
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

# Name patterns that must be tagged when they appear under another id (the build fails loudly instead of
# silently leaving such a row untagged).
MUST_BE_TAGGED = re.compile(
    r"JOINT RESEARCH CENTRE|RECHERCHE NUCLEAIRE|EUROPEAN MOLECULAR BIOLOGY LABORATORY|EUROPEAN SPACE AGENCY"
    r"|EUROPEAN SOUTHERN OBSERVATORY|SYNCHROTRON RADIATION FACILITY|LAUE - PAUL LANGEVIN"
    r"|MEDIUM-RANGE WEATHER|^WORLD HEALTH ORGANI[SZ]ATION$|^ORGANISATION FOR ECONOMIC CO-OPERATION",
    re.IGNORECASE,
)


class CordisError(Exception):
    """The extracts are missing or hold something the stage cannot take over silently."""


def fail(stage: str, message: str) -> NoReturn:
    sys.exit(f"{stage}: {message}")


def read_csv(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    if not path.is_file():
        raise CordisError(f"missing input file {path}")
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def special_entity(org_id: str, name: str) -> tuple[str, str] | None:
    """(engine type, label) of a tagged special entity, else None; CordisError for a name that looks like one
    but is not tagged (add its id to SPECIAL_ENTITIES)."""
    entry = SPECIAL_ENTITIES.get(org_id)
    if entry is None and MUST_BE_TAGGED.search(name.strip()):
        raise CordisError(f"organisation {org_id} {name!r} looks like a special entity: add it to SPECIAL_ENTITIES")
    return entry


def h2020_subset_rows(source: Path) -> dict[tuple[str, str, str, str], dict[str, str]]:
    """The Horizon 2020 participations of the weekly subsets. They overlap: a participation is identified by
    (project, organisation, role, order), and the latest snapshot that holds it wins."""
    rows: dict[tuple[str, str, str, str], dict[str, str]] = {}
    for name in H2020_SUBSETS:
        for row in read_csv(source / name):
            rows[(row["projectID"], row["organisationID"], row["role"], row["order"])] = row
    return rows


def write_gz(path: Path, text: str) -> int:
    """Write text gzip-compressed with no timestamp or file name, so that reruns give identical bytes."""
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    return path.stat().st_size
