"""Collects the rule cases of tests/rules/<programme>/*.yaml as tests, one per case (see cases.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.rules.cases import HERE, RuleCase, read_cases, run


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and file_path.parent.parent == HERE:
        return RuleCasesFile.from_parent(parent, path=file_path)
    return None


class RuleCasesFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        for case in read_cases(self.path):
            yield RuleCaseItem.from_parent(self, name=case.name, case=case)


class RuleCaseItem(pytest.Item):
    def __init__(self, *, case: RuleCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        found = run(self.case)
        if found:
            raise RuleCaseFailed(found)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, RuleCaseFailed):
            return f"{self.case.path.name}: {self.case.name}\n  " + "\n  ".join(excinfo.value.args[0])
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.case.programme}/{self.path.name}: {self.case.name}"


class RuleCaseFailed(AssertionError):
    pass
