"""Helpers for the engine tests: load an example consortium, build one, look at a verdict."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from horizon_eligibility import Verdict, check

CONSORTIA = Path(__file__).resolve().parent / "consortia"


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CONSORTIA / f"{name}.json").read_text(encoding="utf-8"))
    return data


def verdict_of(name: str, **changes: Any) -> Verdict:
    return check({**example(name), **changes})


def p(name: str, country: str, role: str = "beneficiary", **extra: Any) -> dict[str, Any]:
    return {"name": name, "country": country, "role": role, **extra}


def consortium(programme: str, action: str, year: int, *participants: dict[str, Any], **extra: Any) -> Verdict:
    return check(
        {
            "programme": programme,
            "action": action,
            "call_year": year,
            "participants": list(participants),
            **extra,
        }
    )


def he(action: str, year: int, *participants: dict[str, Any], **extra: Any) -> Verdict:
    return consortium("horizon-europe", action, year, *participants, **extra)


def h2020(action: str, year: int, *participants: dict[str, Any], **extra: Any) -> Verdict:
    return consortium("horizon-2020", action, year, *participants, **extra)


def rules_of(verdict: Verdict, severity: str | None = None) -> set[str]:
    return {f.rule for f in verdict.findings if severity is None or f.severity == severity}


def participant(verdict: Verdict, name: str) -> Any:
    return next(r for r in verdict.participants if r.name == name)
