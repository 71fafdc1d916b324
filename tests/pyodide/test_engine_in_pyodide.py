"""The engine's tests marked `pyodide` pass inside Pyodide under Node, on the very files the session's site build
ships (the engine wheel with its bytecode, the standard library subset): run_engine_tests.mjs, given them.

Marked (tests/engine/): the golden files (every country status and every example verdict), the worker's JSON
protocol, the catalogue contract, compare-years and the topic reader. Left to the host: the rule tests, the
country_status differential, the property tests, the CORDIS consortia, the input checks; they run the same
decision code that the golden comparison runs here over every country, year, part and example consortium.
`node tests/pyodide/run_engine_tests.mjs --all` runs every engine test in Pyodide. The run starts in the
background as soon as the session's site is built (`pyodide_run`, tests/conftest.py).
"""

from __future__ import annotations

import re
import subprocess
from typing import Any


def test_engine_tests_marked_pyodide_pass_in_pyodide(
    pyodide_run: subprocess.CompletedProcess[str], shipped_bundle: Any
) -> None:
    report = f"{pyodide_run.stdout[-8000:]}\n{pyodide_run.stderr[-4000:]}"
    assert pyodide_run.returncode == 0, report
    passed = re.search(r"(\d+) passed", pyodide_run.stdout)
    assert passed and int(passed.group(1)) > 300, report  # the marked modules ran, not an empty selection
    # The engine under test is the wheel the site ships (the runner prints the first 16 digits of its SHA-256).
    assert f"engine {shipped_bundle.manifest['wheel']['sha256'][:16]}" in pyodide_run.stdout, report
