"""Engine test configuration: prints the CORDIS agreement report at the end of the run."""

from __future__ import annotations

import pytest

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
