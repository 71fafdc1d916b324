"""Engine test configuration: the committed organisation directory in use, and the CORDIS agreement report
printed at the end of the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from horizon_eligibility.directory import parse, use_directory

# The directory as committed, read from the repository: under Pyodide the engine runs from the site's wheel,
# which does not hold it (the page hands it to the worker), and the repository is mounted at its own path.
COMMITTED_DIRECTORY = Path(__file__).resolve().parents[2] / "src" / "horizon_eligibility" / "directory"
use_directory(parse((COMMITTED_DIRECTORY / "organisations.tsv.gz").read_bytes()))

CORDIS_REPORT = pytest.StashKey[list[str]]()


@pytest.fixture
def cordis_report(request: pytest.FixtureRequest) -> list[str]:
    """Lines for the end-of-run report of tests/engine/test_cordis_real_consortia.py."""
    return request.config.stash.setdefault(CORDIS_REPORT, [])


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    lines = config.stash.get(CORDIS_REPORT, [])
    if not lines:
        return
    terminalreporter.section("CORDIS real consortia")
    for line in lines:
        terminalreporter.write_line(line)
