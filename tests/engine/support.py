"""Helpers for the engine tests: load an example consortium, build one, look at a verdict."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from horizon_eligibility import Verdict, check
from horizon_eligibility.cli import main

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


def calls(run: Callable[[], object]) -> int:
    """How many function calls `run()` makes (Python and built-in: sys.setprofile's call events). A complexity
    guard counts these, not seconds: the count is the same on a loaded machine, and a walk that turns
    quadratic multiplies it (benchmarks/budgets.py keeps the wall-clock budgets)."""
    count = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(previous)
    return count


def grows_linearly(make: Callable[[int], Callable[[], object]], size: int) -> tuple[int, int]:
    """(calls at size, calls at twice the size) for the run that make(n) returns; linear work doubles."""
    return calls(make(size)), calls(make(2 * size))


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, stdin: bytes = b"") -> CliResult:
    """`horizon-eligibility ARGS`, run in this process (main() with its own stdin, stdout and stderr): the exit
    status and output a process would give, without starting one. test_cli.py and test_cli_hostile.py keep
    real processes for the exit codes and stderr of the installed command."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    sys.stdout, sys.stderr = out, err
    try:
        code = main(list(args))
    except SystemExit as stop:  # argparse: usage errors
        code = stop.code if isinstance(stop.code, int) else 2
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return CliResult(code, out.getvalue(), err.getvalue())
