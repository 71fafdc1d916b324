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


def design_controlled_by(controller: str) -> bytes:
    data = example("design-example")
    data["participants"][2]["controlled_by"] = controller
    return json.dumps(data).encode()


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
    # design-example: Firm C controlled by Firm B is NOT ELIGIBLE (test_cli); a Word or PDF copy of the name
    # must give the same verdict, and a look-alike letter an error naming the participant it looks like.
    *[
        (
            f"controlled-by-with-{label}",
            ".json",
            lambda controller=controller: design_controlled_by(controller),
            {1},
            "Participant 3's controlled by held",
        )
        for label, controller in (
            ("soft-hyphen", "Fi\u00adrm B"),
            ("zero-width-space", "Firm\u200b B"),
            ("byte-order-mark", "\ufeffFirm B"),
        )
    ],
    (
        "controlled-by-with-cyrillic-look-alike",
        ".json",
        lambda: design_controlled_by("Firm \u0412"),
        {2},
        "looks like participant 2, 'Firm B' (it differs in: В, cyrillic capital letter ve)",
    ),
    ("json-not-an-object", ".json", lambda: b'"just a string"', {2}, "The input: is text, not a consortium."),
    ("deeply-nested", ".json", lambda: b"[" * 200_000, {2}, "more than 20 levels deep"),
    ("deeply-nested-yaml", ".yaml", lambda: b"a: " + b"[" * 5_000, {2}, "more than 20 levels deep"),
    ("deeply-nested-yaml-blocks", ".yaml", lambda: b"".join(b" " * i + b"- \n" for i in range(0, 200, 2)), {2}, "deep"),
    (
        "lone-surrogate",
        ".json",
        lambda: json.dumps({**BASE, "participants": [p("Uni \ud800", "DE", "coordinator")]}).encode(),  # \ud800
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
    # README, "Input policy": a field given twice is refused naming it, never read as its last value.
    (
        "duplicate-key-top-level",
        ".json",
        lambda: b'{"programme": "horizon-europe", "programme": "horizon-2020", "participants": []}',
        {2},
        "gives the field 'programme' twice in one object",
    ),
    (
        "duplicate-key-in-a-participant",
        ".json",
        lambda: consortium(people(3)).replace(b'"role": "coordinator"', b'"role": "coordinator", "role": "x"', 1),
        {2},
        "gives the field 'role' twice in one object. Keep the one you mean",
    ),
    (
        "duplicate-key-yaml",
        ".yaml",
        lambda: b"programme: horizon-europe\naction: IA\naction: RIA\nparticipants: []\n",
        {2},
        "gives the field 'action' twice in one object",
    ),
    ("duplicate-csv-column", ".csv", lambda: b"name,country,country,role\nA,DE,FR,x\n", {2}, "'country' is named"),
    ("csv-cell-too-long", ".csv", lambda: b"name,country,role\n" + b"A" * 200_000 + b",DE,x\n", {2}, "131,072"),
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
    assert words in " ".join((stdout + stderr).split())  # the report wraps its lines
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


DESIGN = "tests/engine/consortia/design-example.json"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["countries", "\u202eDE", "--year", "2025"], "The country: contains a direction override"),
        (["countries", "Korea", "--year", "2025"], "South Korea (KR) or North Korea (KP)"),
        (["countries", "DE", "--year", "2025", "--deadline", "2025-W15-1"], "'2025-W15-1' is not a date"),
        (["countries", "DE", "--year", "99999999999999999999"], "a number of more than 12 digits"),
        (["countries", "DE", "--year", "2025", "--part", "pillar-9"], "'pillar-9' is not a part of Horizon Europe"),
        (["check", DESIGN, "--call-year", "\u00b2"], "Call year: '\u00b2' is not a year."),
        (["check", DESIGN, "--deadline", "2025-04-10xyz"], "Deadline: '2025-04-10xyz' is not a date"),
        (["check", DESIGN, "--compare-years", "x"], "The option --compare-years: 'x' is not a year"),
        (["topic", "/nonexistent/conditions.txt"], "There is no file /nonexistent/conditions.txt."),
        (["topic", "-"], "The standard input is 600,000 characters long; at most 500,000 are read."),
    ],
    ids=lambda value: "-".join(value[:2]) if isinstance(value, list) else None,
)
def test_every_command_answers_bad_input_with_exit_2_and_a_message(args: list[str], words: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "horizon_eligibility", *args],
        input="x" * 600_000 if args[-1] == "-" else "",  # a topic's conditions text past the reader's limit
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("error: ") and words in result.stderr


def test_bad_input_as_json_on_standard_output_and_the_messages_on_standard_error(tmp_path: Path) -> None:
    path = tmp_path / "input.json"
    people = [p("A", "Atlantis", "coordinator"), p("B", "Korea"), p("C\ud800", "IT")]
    path.write_text(json.dumps({**BASE, "participants": people}), encoding="ascii")  # \ud800 as an escape
    args = [sys.executable, "-m", "horizon_eligibility", "check", str(path), "--format", "json"]
    result = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    answer = json.loads(result.stdout)
    assert answer["outcome"] == "bad-input"
    assert [e["path"] for e in answer["errors"]] == [
        "participants[0].country",
        "participants[1].country",
        "participants[2].name",
    ]
    assert result.stderr.splitlines() == [f"error: {e['message']} {e['hint']}" for e in answer["errors"]]


HE_2025 = ["--programme", "horizon-europe", "--action", "RIA", "--call-year", "2025"]
CSV_ROWS = "name,country,role\nMüller GmbH,DE,coordinator\nB,FR,beneficiary\nC,IT,beneficiary\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_utf16_with_a_byte_order_mark_reads_as_the_utf8_file(tmp_path: Path, encoding: str) -> None:
    # README, "Input policy": UTF-8, or UTF-16 with a byte-order mark (Excel's "Unicode text"); one answer.
    path = tmp_path / "input.csv"
    path.write_bytes(("\ufeff" if encoding == "utf-16-be" else "").encode(encoding) + CSV_ROWS.encode(encoding))
    utf8 = tmp_path / "utf8.csv"
    utf8.write_text(CSV_ROWS, encoding="utf-8")
    answer = run_cli("check", str(path), *HE_2025, "--format", "json")
    assert answer.returncode == 0, answer.stderr
    assert answer == run_cli("check", str(utf8), *HE_2025, "--format", "json")
    assert json.loads(answer.stdout)["participants"][0]["name"] == "Müller GmbH"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("name,country,role\nMüller GmbH,DE,coordinator\n".encode("cp1252"), "is not UTF-8 text (byte 19)"),
        (CSV_ROWS.encode("utf-16-le"), "binary file"),  # no byte-order mark: not guessed
        (b"", "is empty."),
    ],
)
def test_other_encodings_are_refused_with_a_hint(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "input.csv"
    path.write_bytes(content)
    result = run_cli("check", str(path), *HE_2025, "--format", "json")
    assert result.returncode == 2 and words in result.stderr
    assert all(e["hint"] for e in json.loads(result.stdout)["errors"])


@pytest.mark.parametrize(
    ("args", "stdin", "words", "hint"),
    [
        (["check", "-"], CSV_ROWS.encode(), "The standard input is not valid JSON", "for CSV, add --csv"),
        (["check", "."], b"", ". is a folder.", "JSON, YAML or CSV file"),
        (["check", "/dev/null"], b"", "/dev/null is not a file (a device or a pipe).", "JSON, YAML or CSV file"),
        (["check", "/nonexistent/x.json"], b"", "There is no file /nonexistent/x.json.", "Check the file's name"),
    ],
)
def test_what_cannot_be_read_says_what_it_is_with_a_hint(args: list[str], stdin: bytes, words: str, hint: str) -> None:
    result = run_cli(*args, "--format", "json", stdin=stdin)
    assert result.returncode == 2
    (error,) = json.loads(result.stdout)["errors"]
    assert words in error["message"] and hint in error["hint"]
