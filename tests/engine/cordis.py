"""Turn the CORDIS fixture (tests/fixtures/cordis, built by build_scripts/fixtures/cordis.py) into
engine input dicts.

Only the fixture is read here, never the raw CORDIS extracts. The programme parts implied by a call
identifier are read by the engine itself (``data/<programme>/programme.yaml``, ``call_prefixes``).
What is mapped, and why:

* role: coordinator -> coordinator, participant -> beneficiary, thirdParty -> affiliated-entity,
  associatedPartner (and the Horizon 2020 MSCA ``partner`` / ``internationalPartner``) -> associated-partner.
* country: as CORDIS writes it (EL and UK are valid engine input).
* type: HES -> university, REC -> research-organisation, PRC -> sme (SME flag) or company; OTH is left out
  (it says nothing). PUB ("public body") is left out too, except in pre-commercial procurement and public
  procurement of innovative solutions, where the action's buyers' group must be public procurers, which the
  General Annexes define as contracting authorities or entities under the procurement Directives (HE-GA26,
  Annex H): a public body, the State or a regional or local authority or a body governed by public law, is
  a contracting authority (Directive 2014/24/EU, Art 2(1)(1)), so there PUB -> public-procurer. The SME flag (the
  status validated in the Participant Register) wins over the activity type (an EIC Accelerator company
  recorded as HES is an SME). The ``special``
  tag of the fixture (jrc, international-european-research-organisation, eu-body,
  international-organisation) overrides the activity type.
* call year: the first year in the call identifier (HORIZON-CL5-2021-D2-01 -> 2021, ERC-2023-STG -> 2023).
"""

from __future__ import annotations

import csv
import gzip
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "cordis"
DATA = REPO / "data"

ROLES = {
    "coordinator": "coordinator",
    "participant": "beneficiary",
    "thirdParty": "affiliated-entity",
    "associatedPartner": "associated-partner",
    "partner": "associated-partner",
    "internationalPartner": "associated-partner",
}
BENEFICIARY_ROLES = frozenset({"coordinator", "beneficiary"})
ACTIVITY_TYPES = {"HES": "university", "REC": "research-organisation"}

# Horizon Europe CORDIS funding schemes -> our action ids (data/horizon-europe/actions.yaml). Schemes that
# need the call or topic to decide are handled in he_action(). Joint Undertaking actions are RIA/IA/CSA.
HE_SCHEMES = {
    "HORIZON-RIA": "RIA",
    "HORIZON-IA": "IA",
    "HORIZON-CSA": "CSA",
    "HORIZON-JU-RIA": "RIA",
    "HORIZON-JU-IA": "IA",
    "HORIZON-JU-CSA": "CSA",
    "HORIZON-PCP": "PCP",
    "HORIZON-PPI": "PPI",
    "HORIZON-COFUND": "COFUND",
    "HORIZON-ERC-POC": "ERC-PoC",
    "HORIZON-ERC-SYG": "ERC-SyG",
    "HORIZON-TMA-MSCA-DN": "MSCA-DN",
    "HORIZON-TMA-MSCA-DN-ID": "MSCA-DN",
    "HORIZON-TMA-MSCA-DN-JD": "MSCA-DN",
    "HORIZON-TMA-MSCA-PF-EF": "MSCA-PF",
    "HORIZON-TMA-MSCA-PF-GF": "MSCA-PF",
    "HORIZON-TMA-MSCA-SE": "MSCA-SE",
    "HORIZON-TMA-MSCA-Cofund-D": "MSCA-COFUND",
    "HORIZON-TMA-MSCA-Cofund-P": "MSCA-COFUND",
    "HORIZON-EIC-ACC": "EIC-Accelerator",
    "HORIZON-EIC-ACC-BF": "EIC-Accelerator",
}
# Schemes we do not map, with the reason (reported, not checked).
HE_UNMAPPED = {
    "EURATOM-": "Euratom Research and Training Programme (not Horizon Europe rules)",
    "HORIZON-EIT-KIC": "EIT Knowledge and Innovation Community grants (no action type of ours)",
    "HORIZON-AG": "HORIZON-AG action grant (no action type of ours)",
}
ERC_CALL_TYPES = {"STG": "ERC-StG", "COG": "ERC-CoG", "ADG": "ERC-AdG"}
EIC_TOPICS = (
    ("PATHFINDEROPEN", "EIC-Pathfinder-Open"),
    ("PATHFINDERCHALLENGES", "EIC-Pathfinder-Challenge"),
    ("TRANSITION", "EIC-Transition"),
    ("ACCELERATOR", "EIC-Accelerator"),
)

# Horizon 2020 funding schemes (short form of the 2016 snapshot) -> our action ids.
H2020_SCHEMES = {
    "RIA": "RIA",
    "IA": "IA",
    "CSA": "CSA",
    "CSA-LS": "CSA",
    "SGA-CSA": "CSA",
    "SGA-RIA": "RIA",
    "CS2-RIA": "RIA",
    "CS2-IA": "IA",
    "FCH2-RIA": "RIA",
    "FCH2-IA": "IA",
    "FCH2-CSA": "CSA",
    "BBI-RIA": "RIA",
    "BBI-IA-DEMO": "IA",
    "BBI-IA-FLAG": "IA",
    "ECSEL-RIA": "RIA",
    "ECSEL-IA": "IA",
    "SME-1": "SME-Instrument",
    "SME-2": "SME-Instrument",
    "ERC-STG": "ERC-StG",
    "ERC-COG": "ERC-CoG",
    "ERC-ADG": "ERC-AdG",
    "ERC-POC": "ERC-PoC",
    "MSCA-IF-EF-ST": "MSCA-IF",
    "MSCA-IF-EF-RI": "MSCA-IF",
    "MSCA-IF-EF-CAR": "MSCA-IF",
    "MSCA-IF-EF-SE": "MSCA-IF",
    "MSCA-IF-GF": "MSCA-IF",
    "MSCA-RISE": "MSCA-RISE",
    "MSCA-ITN-ETN": "MSCA-ITN-ETN",
    "MSCA-ITN-EID": "MSCA-ITN-EID",
    "MSCA-ITN-EJD": "MSCA-ITN-EJD",
    "MSCA-COFUND-DP": "MSCA-COFUND",
    "MSCA-COFUND-FP": "MSCA-COFUND",
    "ERA-NET-Cofund": "ERA-NET-Cofund",
    "COFUND-PCP": "PCP",
    "COFUND-PPI": "PPI",
}

YEAR = re.compile(r"(?<![0-9A-Za-z])(20\d\d)(?!\d)")  # not the 2020 of "H2020"


@dataclass(frozen=True, slots=True)
class Participation:
    order: str
    role: str  # CORDIS role
    country: str
    activity: str
    sme: bool
    funded: bool  # EC contribution > 0
    left: bool  # terminated (Horizon Europe) / endOfParticipation (Horizon 2020)
    special: str  # engine type of a special entity, or ""

    @property
    def engine_role(self) -> str:
        return ROLES[self.role]

    @property
    def is_beneficiary(self) -> bool:
        return self.engine_role in BENEFICIARY_ROLES


@dataclass(frozen=True, slots=True)
class Project:
    id: str
    programme: str  # horizon-europe | horizon-2020
    scheme: str
    call: str  # the call identifier (subCall for Horizon Europe)
    topic: str
    participations: tuple[Participation, ...]
    master_call: str = ""
    legal_basis: str = ""
    status: str = ""
    complete: bool = True  # Horizon 2020 subsets: coordinator present, order contiguous 1..n

    @property
    def has_leavers(self) -> bool:
        return any(p.left for p in self.participations)


def _rows(name: str) -> Iterator[dict[str, str]]:
    with gzip.open(FIXTURE / name, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _participations(name: str, left_column: str) -> dict[str, list[Participation]]:
    out: dict[str, list[Participation]] = defaultdict(list)
    for row in _rows(name):
        out[row["project"]].append(
            Participation(
                order=row["order"],
                role=row["role"],
                country=row["country"],
                activity=row["activity"],
                sme=row["sme"] == "1",
                funded=row["funded"] == "1",
                left=row[left_column] == "1",
                special=row["special"],
            )
        )
    return out


@cache
def load_he_projects() -> tuple[Project, ...]:
    members = _participations("he_participations.csv.gz", "terminated")
    return tuple(
        Project(
            id=row["id"],
            programme="horizon-europe",
            scheme=row["scheme"],
            call=row["sub_call"],
            topic=row["topic"],
            participations=tuple(members.get(row["id"], ())),
            master_call=row["master_call"],
            legal_basis=row["legal_basis"],
            status=row["status"],
        )
        for row in _rows("he_projects.csv.gz")
    )


@cache
def load_h2020_projects() -> tuple[Project, ...]:
    members = _participations("h2020_participations.csv.gz", "ended")
    return tuple(
        Project(
            id=row["id"],
            programme="horizon-2020",
            scheme=row["scheme"],
            call=row["call"],
            topic=row["topic"],
            participations=tuple(members.get(row["id"], ())),
            complete=row["complete"] == "1",
        )
        for row in _rows("h2020_projects.csv.gz")
    )


def call_year(call_id: str) -> int | None:
    """The budget year in a call identifier: the first 20xx in it (H2020-SC5-2016-... -> 2016)."""
    match = YEAR.search(call_id)
    return int(match.group(1)) if match else None


def unmapped_reason(project: Project) -> str | None:
    """Why a project is not turned into an engine input (None when it is)."""
    if project.programme == "horizon-europe":
        for prefix, reason in HE_UNMAPPED.items():
            if project.scheme.startswith(prefix):
                return reason
        if project.call.upper().startswith("HORIZON-EURATOM"):
            # The engine refuses Euratom call identifiers (its own associated countries); nine of them
            # are support actions for named beneficiaries in the ERA part, not calls.
            return "Euratom call identifier (HORIZON-EURATOM-...), which the engine does not model"
    elif not project.scheme:
        return "no funding scheme (the project is not in the 2016 snapshot)"
    if action_for(project) is None:
        return f"funding scheme {project.scheme!r} has no action type of ours"
    if call_year(project.call) is None:
        return f"no year in call identifier {project.call!r}"
    if not any(p.role == "coordinator" for p in project.participations):
        return "no coordinator in the data"
    return None


def action_for(project: Project) -> str | None:
    if project.programme == "horizon-2020":
        return H2020_SCHEMES.get(project.scheme)
    scheme = project.scheme
    if scheme in HE_SCHEMES:
        return HE_SCHEMES[scheme]
    if scheme == "HORIZON-ERC":
        last = project.call.rsplit("-", 1)[-1].upper()
        return ERC_CALL_TYPES.get(last)
    if scheme == "HORIZON-EIC":
        topic = project.topic.upper()
        for marker, action in EIC_TOPICS:
            if marker in topic:
                return action
    return None


def family(project: Project) -> str:
    """A coarse grouping for the report: RIA/IA/CSA, JU, MSCA, ERC, EIC, ..."""
    scheme = project.scheme
    if project.programme == "horizon-2020":
        action = H2020_SCHEMES.get(scheme, "")
        if action.startswith(("MSCA", "ERC")):
            return action.split("-")[0]
        return action or "other"
    if scheme.startswith("HORIZON-JU-"):
        return "JU " + scheme.removeprefix("HORIZON-JU-")
    if scheme.startswith("HORIZON-TMA-MSCA"):
        return "MSCA"
    if scheme.startswith("HORIZON-ERC"):
        return "ERC"
    if scheme.startswith("HORIZON-EIC"):
        return "EIC"
    return scheme.removeprefix("HORIZON-")


PROCUREMENT_ACTIONS = frozenset({"PCP", "PPI"})  # a buyers' group of public procurers


def engine_type(p: Participation, action: str | None = None) -> str | None:
    if p.special:
        return p.special
    if p.sme:
        return "sme"
    if p.activity == "PRC":
        return "company"
    if p.activity == "PUB" and action in PROCUREMENT_ACTIONS:
        return "public-procurer"
    return ACTIVITY_TYPES.get(p.activity)


def participant_name(p: Participation, index: int) -> str:
    """A unique, readable name (CORDIS order numbers repeat: affiliated entities share them)."""
    return f"#{index} {p.country} {p.role} (order {p.order})"


def to_input(project: Project, *, include_leavers: bool = False) -> dict[str, Any]:
    """The engine input for a project. Participants that the data shows leaving are left out unless
    ``include_leavers`` (then the consortium is the union of leavers and newcomers)."""
    action = action_for(project)
    year = call_year(project.call)
    if action is None or year is None:
        raise ValueError(f"project {project.id}: {unmapped_reason(project)}")
    participants: list[dict[str, Any]] = []
    for index, p in enumerate(project.participations, start=1):
        if p.left and not include_leavers:
            continue
        entry: dict[str, Any] = {
            "name": participant_name(p, index),
            "country": p.country,
            "role": p.engine_role,
        }
        kind = engine_type(p, action)
        if kind is not None:
            entry["type"] = kind
        participants.append(entry)
    data: dict[str, Any] = {
        "programme": project.programme,
        "action": action,
        "call_year": year,
        "call_id": project.call,
        "participants": participants,
    }
    return data
