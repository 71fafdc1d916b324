"""Horizon Eligibility: may this organisation take part in a Horizon Europe or Horizon 2020 consortium,
and may it receive EU funding? A pure, standard-library engine over rules compiled from data/."""

from __future__ import annotations

from typing import Any

from .engine import check
from .inputs import year_from_call_id
from .model import FLAGS, ROLES, TOPIC_OPTIONS, TYPES, Finding, InputError, ParticipantResult, Verdict
from .rules import CountryStatus, Rules, load_rules
from .topic_reader import Clause, TopicReading, read_topic

__all__ = [
    "Clause",
    "CountryStatus",
    "Finding",
    "InputError",
    "ParticipantResult",
    "Rules",
    "TopicReading",
    "Verdict",
    "catalog",
    "check",
    "check_json",
    "load_rules",
    "parse_call_id",
    "read_topic",
]
__version__ = "0.1.0"


def parse_call_id(programme: str, call_id: str) -> dict[str, Any]:
    """The budget year and programme part a call identifier implies (None where it does not say)."""
    rules = load_rules()
    part = rules.programme(programme).part_for_call(call_id) if programme in rules.programmes else None
    return {"call_year": year_from_call_id(call_id), "part": part}


def catalog() -> dict[str, Any]:
    """Everything a form needs to offer (programmes, actions, parts, countries, roles, types, flags)."""
    rules = load_rules()
    programmes = []
    for pid, programme in rules.programmes.items():
        programmes.append(
            {
                "id": pid,
                "name": programme.name,
                "first_call_year": programme.first_call_year,
                "last_call_year": programme.last_call_year,
                "parts": [{"id": k, "name": v["name"]} for k, v in programme.parts.items()],
                "actions": [
                    {"id": k, "name": v["name"], "default_part": v["default_part"]}
                    for k, v in programme.actions.items()
                ],
                "topic_options": [
                    {"id": k, "label": v["label"], "kind": v["kind"], "help": v["help"]}
                    for k, v in TOPIC_OPTIONS.items()
                    if v["programme"] in ("*", pid)
                ],
            }
        )
    return {
        "data_version": rules.data_version,
        "data_verified_on": rules.data_verified_on,
        "programmes": programmes,
        "countries": [{"code": c, "name": n} for c, n in sorted(rules.countries.items(), key=lambda kv: kv[1])],
        "aliases": dict(rules.aliases),
        "roles": list(ROLES),
        "types": list(TYPES),
        "flags": [{"id": k, "label": v} for k, v in FLAGS.items()],
    }


def check_json(text: str) -> dict[str, Any]:
    """For the browser worker: JSON text in, {"ok": true, "verdict": {...}} or {"ok": false, "error": ...} out."""
    import json

    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return {"ok": False, "field": "", "error": f"not valid JSON: {exc}"}
    try:
        return {"ok": True, "verdict": check(data).to_dict()}
    except InputError as exc:
        return {"ok": False, "field": exc.field, "error": str(exc)}
