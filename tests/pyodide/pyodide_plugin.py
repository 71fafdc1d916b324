"""pytest plugin for running tests/engine/ inside Pyodide (loaded by run_engine_tests.mjs).

- A test module that cannot be imported because PyYAML is missing (it has no pure-Python wheel for
  Pyodide) is reported as skipped, not as an error; `pytest.importorskip("yaml")` works as usual.
- Starting a process is impossible in the browser runtime: a test that tries is skipped.
- The header names the engine under test, to prove it is the wheel and not src/.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Generator
from typing import Any, NoReturn

import pytest

UNAVAILABLE = ("yaml",)


def _no_processes(*args: Any, **kwargs: Any) -> NoReturn:
    pytest.skip("starts a process, which Pyodide cannot do")


def pytest_configure(config: pytest.Config) -> None:
    subprocess.Popen.__init__ = _no_processes  # type: ignore[method-assign]
    subprocess.run = _no_processes


def pytest_report_header(config: pytest.Config) -> list[str]:
    import horizon_eligibility

    return [
        f"Pyodide: Python {sys.version.split()[0]} on {sys.platform}",
        f"engine under test: {horizon_eligibility.__file__}",
    ]


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if report.failed and isinstance(collector, pytest.Module):
        text = str(report.longrepr)
        for module in UNAVAILABLE:
            if f"No module named '{module}'" in text:
                report.outcome = "skipped"
                report.longrepr = (str(collector.path), 0, f"Skipped: needs {module}, which has no Pyodide wheel here")
