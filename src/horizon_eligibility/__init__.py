"""Horizon Eligibility: may this organisation take part in a Horizon Europe or Horizon 2020 consortium,
and may it receive EU funding? A pure, standard-library engine over rules compiled from data/."""

from __future__ import annotations

from typing import Any

from .association import CountryStatus
from .compare import compare_years
from .country_names import find_country, names_of
from .csv_input import (
    CSV_CALL_COLUMNS,
    CSV_COLUMNS,
    CSV_REQUIRED_COLUMNS,
    CSV_SEPARATORS,
    FORMULA_START,
    HEADER_FIELDS,
    HEADER_MARK,
)
from .engine import check
from .input_call import topic_page_url, years_from_call_id
from .input_text import MAX_DEPTH, MAX_ERRORS, MAX_INPUT_BYTES, MAX_NAME_LENGTH, MAX_NUMBER_LENGTH, MAX_PARTICIPANTS
from .inputs import PARTICIPANT_FIELDS, TOP_LEVEL_FIELDS, TOPIC_TEXT
from .model import (
    FUNDING_LABELS,
    OUTCOME_LABELS,
    ROLES,
    SEVERITY_LABELS,
    STATUS_LABELS,
    TYPES,
    Finding,
    InputError,
    InputProblem,
    ParticipantResult,
    Verdict,
)
from .registry import RuleInfo, rule_anchor, rule_ids
from .rules import Rules, load_rules
from .status import STATUS_CLASS_LABELS, STATUS_CLASSES, PublishedStatus, country_status, status_class
from .topic_reader import Clause, TopicReading, read_topic

__all__ = [
    "STATUS_CLASSES",
    "STATUS_CLASS_LABELS",
    "Clause",
    "CountryStatus",
    "Finding",
    "InputError",
    "InputProblem",
    "ParticipantResult",
    "PublishedStatus",
    "RuleInfo",
    "Rules",
    "TopicReading",
    "Verdict",
    "catalog",
    "check",
    "compare_years",
    "country_status",
    "find_country",
    "load_rules",
    "parse_call_id",
    "read_topic",
    "rule_anchor",
    "rule_ids",
    "status_class",
]
__version__ = "0.1.0"


def parse_call_id(programme: str, call_id: str) -> dict[str, Any]:
    """The budget year and programme part a call identifier implies (None where it does not say), and
    `topic_url`, the topic's page on the Funding & Tenders portal, when it is a full topic identifier."""
    rules = load_rules()
    part = rules.programme(programme).part_for_call(call_id) if programme in rules.programmes else None
    years = years_from_call_id(call_id)
    out: dict[str, Any] = {
        "call_year": years[0] if years and years[0] == years[1] else None,
        "call_years": list(years) if years else None,
        "part": part,
    }
    url = topic_page_url(call_id)
    if url:
        out["topic_url"] = url
    return out


def catalog() -> dict[str, Any]:
    """Everything a form needs to offer (programmes, actions, parts, countries, roles, types, flags), the
    input contract (field lists, CSV columns) and the words for each value a verdict holds (labels)."""
    rules = load_rules()
    programmes = [_catalog_programme(rules, pid) for pid in rules.programmes]
    return {
        "data_version": rules.data_version,
        "data_verified_on": rules.data_verified_on,
        "programmes": programmes,
        # Every name a person may type for a country (the engine resolves what is typed: the page only offers
        # these, in its list and its countries filter); names that may mean several countries are refused.
        "countries": _countries(rules),
        "aliases": dict(rules.aliases),
        "ambiguous_names": dict(rules.raw["ambiguous_names"]),
        "roles": list(ROLES),
        "types": list(TYPES),
        "flags": [{"id": k, "label": v["label"]} for k, v in rules.flags.items()],
        "input": {
            "fields": list(TOP_LEVEL_FIELDS),
            "participant_fields": list(PARTICIPANT_FIELDS),
            "topic_fields": [TOPIC_TEXT],
            "csv_columns": list(CSV_COLUMNS),
            "csv_call_columns": list(CSV_CALL_COLUMNS),
            "csv_required_columns": list(CSV_REQUIRED_COLUMNS),
            "csv_separators": list(CSV_SEPARATORS),
            # Header lines before the column names: "<mark> <field>: <value>" (the topic as JSON).
            "csv_header_fields": list(HEADER_FIELDS),
            "csv_header_mark": HEADER_MARK,
            # Cells starting with these are guarded on export (csv_input.spreadsheet_safe).
            "csv_formula_start": list(FORMULA_START),
            # What the engine refuses beyond (README, "Input policy").
            "limits": {
                "input_characters": MAX_INPUT_BYTES,
                "depth": MAX_DEPTH,
                "number_length": MAX_NUMBER_LENGTH,
                "participants": MAX_PARTICIPANTS,
                "name_length": MAX_NAME_LENGTH,
                "errors_listed": MAX_ERRORS,
            },
        },
        "labels": {
            "funding": FUNDING_LABELS,
            "severity": SEVERITY_LABELS,
            "status": STATUS_LABELS,
            "outcome": OUTCOME_LABELS,
        },
        # Where each rule is explained on the site (rules/#<anchor>), for the verdict's "Rule:" line.
        "rule_anchors": {rule_id: rule_anchor(rule_id) for rule_id in rule_ids(rules)},
    }


def _catalog_programme(rules: Rules, pid: str) -> dict[str, Any]:
    """One programme of the catalogue: its parts, its actions in the order of their groups, its topic options."""
    programme = rules.programmes[pid]
    groups = rules.raw["programmes"][pid]["actions"]["groups"]
    group_of = {a: g["id"] for g in groups for a in g["actions"]}
    order = {a: i for i, a in enumerate(a for g in groups for a in g["actions"])}
    return {
        "id": pid,
        "name": programme.name,
        "first_call_year": programme.first_call_year,
        "last_call_year": programme.last_call_year,
        "parts": [{"id": k, "name": v["name"]} for k, v in programme.parts.items()],
        # In the order of their groups (collaborative, ERC, MSCA, EIC, widening, other): the first is
        # the form's default.
        "action_groups": [{"id": g["id"], "name": g["name"], "actions": list(g["actions"])} for g in groups],
        "actions": [
            {
                "id": k,
                "name": v["name"],
                "group": group_of[k],
                "default_part": v["default_part"],
                # The part the action always belongs to, where there is one (ERC: Pillar I).
                "fixed_part": v["allowed_parts"][0] if len(v["allowed_parts"]) == 1 else None,
                "allowed_parts": v["allowed_parts"],
            }
            for k, v in sorted(programme.actions.items(), key=lambda kv: order[kv[0]])
        ],
        "topic_options": [
            {
                "id": k,
                **{f: rules.topic_options[k][f] for f in ("label", "kind", "help")},
                # every value the input takes (kind is the form's control): data/topic_options.yaml
                "takes": list(rules.topic_options[k]["takes"]),
                # what an empty list means, where the checker offers it as a choice of its own
                "empty": rules.topic_options[k]["empty"],
            }
            for k in programme.topic_options
        ],
        # The country groups its topic options may name ("groups" in an option's `takes`).
        "country_groups": [
            {"id": gid, "name": g["name"]} for gid, g in rules.country_groups.items() if pid in g["programmes"]
        ],
    }


def _countries(rules: Rules) -> list[dict[str, Any]]:
    """Each country with its code, name, ISO alpha-3 code and other names (variants, native names, England)."""
    alpha3 = rules.raw["alpha3"]
    names = names_of(rules)
    return [
        {"code": code, "name": name, "alpha3": alpha3.get(code), "names": names.get(code, [])}
        for code, name in sorted(rules.countries.items(), key=lambda kv: kv[1])
    ]
