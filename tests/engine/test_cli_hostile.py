"""Hostile input through the command line: a clear message or a verdict, quickly; never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import example

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
    ("csv-missing-columns", ".csv", lambda: b"naam,land\nA,DE\n", {2}, "lacks the column(s)"),
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
    ("unknown-field", ".json", lambda: consortium(people(3), budget=1_000_000), {2}, "'budget' is not a field"),
    ("wrong-type-year", ".json", lambda: consortium(people(3), call_year=[2025], call_id=None), {2}, "a year is"),
    ("wrong-type-participant", ".json", lambda: consortium(["Uni A, DE"]), {2}, "is text, not a participant"),
    ("empty-strings", ".json", lambda: consortium([p("", "", "")]), {2}, "Participant 1, name: is empty"),
    ("very-long-name", ".json", lambda: consortium([p("A" * 100_000, "DE", "coordinator")]), {2}, "at most 300"),
    (
        "right-to-left-and-combining",
        ".json",
        lambda: consortium(
            [p("جامعة القاهرة", "DE", "coordinator"), p("Universita\u0300 di Roma", "IT"), p("Lab \u200fE\u200e", "FR")]
        ),
        {0},
        "Participant 3's name held a right-to-left mark (U+200F) and a left-to-right mark (U+200E)",
    ),
    (
        "right-to-left-override",
        ".json",
        lambda: consortium([p("A", "DE", "coordinator"), p("\u202eevil\u202c", "FR"), p("C", "IT")]),
        {2},
        "Participant 2, name: contains a direction override (U+202D or U+202E)",
    ),
    ("json-not-an-object", ".json", lambda: b'"just a string"', {2}, "holds a single value, not a consortium"),
    ("deeply-nested", ".json", lambda: b"[" * 200_000, {2}, "more than 20 levels deep"),
    ("deeply-nested-yaml", ".yaml", lambda: b"a: " + b"[" * 5_000, {2}, "more than 20 levels deep"),
    ("deeply-nested-yaml-blocks", ".yaml", lambda: b"".join(b" " * i + b"- \n" for i in range(0, 200, 2)), {2}, "deep"),
    (
        "lone-surrogate",
        ".json",
        lambda: consortium([p("Uni \\ud800", "DE", "coordinator")]).replace(b"\\\\", b"\\"),
        {2},
        "broken character",
    ),
    (
        "number-of-5000-digits",
        ".json",
        lambda: consortium(people(3), call_year=None).replace(b"null", b"2" * 5000),
        {2},
        "a number of 5,000 digits",
    ),
    (
        "number-of-5000-digits-yaml",
        ".yaml",
        lambda: b"call_year: " + b"2" * 5000 + b"\nparticipants: []\n",
        {2},
        "too long to read",
    ),
    (
        "week-date",
        ".json",
        lambda: consortium(people(3), deadline="2025-W15-1"),
        {2},
        "Deadline: '2025-W15-1' is not a date",
    ),
    ("date-with-trailing-text", ".json", lambda: consortium(people(3), deadline="2025-04-10xyz"), {2}, "YYYY-MM-DD"),
]


@pytest.mark.parametrize(("suffix", "build", "exits", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_input_gets_a_clear_answer_quickly(
    tmp_path: Path, suffix: str, build: Callable[[], bytes], exits: set[int], words: str
) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(build())
    args = [sys.executable, "-m", "horizon_eligibility", "check", str(path)]
    if suffix == ".csv":
        args += ["--programme", "horizon-europe", "--action", "RIA", "--call-year", "2025"]
    start = time.perf_counter()
    result = subprocess.run(
        args, capture_output=True, text=True, timeout=60, check=False, env={**os.environ, "PYTHONIOENCODING": "utf-8"}
    )
    elapsed = time.perf_counter() - start
    assert result.returncode in exits, result.stderr[-500:]
    assert "Traceback" not in result.stderr
    output = " ".join((result.stdout + result.stderr).split())  # the report wraps its lines
    assert words in output
    if result.returncode == 2:
        assert result.stderr.startswith("error: ")
    assert elapsed < 5.0  # process start included; the check itself of 5,000 participants takes ~0.1 s
