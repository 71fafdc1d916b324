"""Hostile input through the command line: a clear message or a verdict; never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import example, run_cli

BASE = example("design-example")


def consortium(participants: list[dict[str, Any]], **extra: Any) -> bytes:
    return json.dumps({**BASE, "participants": participants, **extra}, ensure_ascii=False).encode()


def people(n: int, **extra: Any) -> list[dict[str, Any]]:
    countries = ["DE", "FR", "IT", "ES", "NL", "BE", "AT", "PL", "NO", "UK", "US", "KE"]
    return [
        {
            "name": f"Partner {i}",
            "country": countries[i % len(countries)],
            "role": "coordinator" if i == 0 else "beneficiary",
            **extra,
        }
        for i in range(n)
    ]


def p(name: str, country: str, role: str = "beneficiary", **extra: Any) -> dict[str, Any]:
    return {"name": name, "country": country, "role": role, **extra}


# (id, file suffix, content builder, expected exit codes, words expected in the output)
CASES: list[tuple[str, str, Callable[[], bytes], set[int], str]] = [
    ("malformed-json", ".json", lambda: b'{"programme": "horizon-europe", "participants": [', {2}, "not valid JSON"),
    (
        "malformed-yaml",
        ".yaml",
        lambda: b"programme: horizon-europe\nparticipants: [\n  - {name: A",
        {2},
        "neither valid JSON nor valid YAML",
    ),
    ("malformed-csv-quotes", ".csv", lambda: b'name,country,role\n"Uni A,DE,coordinator\n', {2}, "not valid CSV"),
    ("csv-missing-columns", ".csv", lambda: b"naam,land\nA,DE\n", {2}, "lacks column(s)"),
    ("binary", ".json", lambda: bytes(range(256)) * 64, {2}, "binary file"),
    ("ten-megabytes-of-noise", ".json", lambda: b"x" * 10_000_000, {2}, "not valid JSON"),
    (
        "ten-megabytes-of-yaml",
        ".yaml",
        lambda: b"participants:\n" + b"  - {name: A, country: DE}\n" * 400_000,
        {2},
        "larger than 2 MB",
    ),
    ("ten-megabytes-of-participants", ".json", lambda: consortium(people(60_000)), {2}, "at most 10,000"),
    ("five-thousand-participants", ".json", lambda: consortium(people(5_000)), {0, 1}, "VERDICT"),
    (
        "duplicate-names",
        ".json",
        lambda: consortium([p("A", "DE", "coordinator"), p("A", "FR"), p("A", "IT")]),
        {0, 1},
        "More than one participant is called 'A'",
    ),
    (
        "controlled-by-cycle",
        ".json",
        lambda: consortium(
            [p("A", "DE", "coordinator", controlled_by="B"), p("B", "FR", controlled_by="A"), p("C", "IT")]
        ),
        {0, 1},
        "goes round in a circle",
    ),
    (
        "controls-itself",
        ".json",
        lambda: consortium([p("A", "DE", "coordinator", controlled_by="A"), p("B", "FR"), p("C", "IT")]),
        {0},
        "controlled by itself",
    ),
    ("unknown-field", ".json", lambda: consortium(people(3), budget=1_000_000), {2}, "budget: unknown field"),
    ("wrong-type-year", ".json", lambda: consortium(people(3), call_year=[2025], call_id=None), {2}, "must be a year"),
    ("wrong-type-participant", ".json", lambda: consortium(["Uni A, DE"]), {2}, "must be an object"),
    ("empty-strings", ".json", lambda: consortium([p("", "", "")]), {2}, "participants[0].name: is empty"),
    ("very-long-name", ".json", lambda: consortium([p("A" * 100_000, "DE", "coordinator")]), {2}, "at most 300"),
    (
        "right-to-left-and-combining",
        ".json",
        lambda: consortium(
            [p("جامعة القاهرة", "DE", "coordinator"), p("Universita\u0300 di Roma", "IT"), p("\u202eevil\u202c", "FR")]
        ),
        {0},
        "VERDICT",
    ),
    ("json-not-an-object", ".json", lambda: b'"just a string"', {2}, "must hold a JSON object"),
    ("deeply-nested", ".json", lambda: b"[" * 200_000, {2}, ""),
]


def _run(tmp_path: Path, suffix: str, build: Callable[[], bytes]) -> list[str]:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(build())
    args = ["check", str(path)]
    if suffix == ".csv":
        args += ["--programme", "horizon-europe", "--action", "RIA", "--call-year", "2025"]
    return args


def _assert_clear(returncode: int, stdout: str, stderr: str, exits: set[int], words: str) -> None:
    assert returncode in exits, stderr[-500:]
    assert "Traceback" not in stderr
    assert words in stdout + stderr
    if returncode == 2:
        assert stderr.startswith("error: ")


@pytest.mark.parametrize(("suffix", "build", "exits", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_input_gets_a_clear_answer(
    tmp_path: Path, suffix: str, build: Callable[[], bytes], exits: set[int], words: str
) -> None:
    # In this process (main(), as the command runs it); how long each takes is in benchmarks/budgets.py.
    result = run_cli(*_run(tmp_path, suffix, build))
    _assert_clear(result.returncode, result.stdout, result.stderr, exits, words)


REAL_PROCESS = ("malformed-json", "deeply-nested", "five-thousand-participants", "right-to-left-and-combining")


@pytest.mark.parametrize(
    ("suffix", "build", "exits", "words"),
    [c[1:] for c in CASES if c[0] in REAL_PROCESS],
    ids=[c[0] for c in CASES if c[0] in REAL_PROCESS],
)
def test_hostile_input_through_the_installed_command(
    tmp_path: Path, suffix: str, build: Callable[[], bytes], exits: set[int], words: str
) -> None:
    """A few cases through a real process: the exit status and stderr the shell sees (a recursion that
    overflows, an encoding the terminal cannot show would show here, not in this process)."""
    result = subprocess.run(
        [sys.executable, "-m", "horizon_eligibility", *_run(tmp_path, suffix, build)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    _assert_clear(result.returncode, result.stdout, result.stderr, exits, words)
