"""Fixtures for the data tests."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .helpers import DATA, RULES_JSON, DataCopy, compile_rules


@pytest.fixture(scope="session")
def rules() -> dict[str, Any]:
    """The compiled rules (src/horizon_eligibility/rules.json)."""
    loaded: dict[str, Any] = json.loads(RULES_JSON.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DataCopy]:
    """A scratch copy of data/ that compile_rules reads (and writes its rules.json next to)."""
    copy = DataCopy(tmp_path)
    shutil.copytree(DATA, copy.data)
    copy.output.parent.mkdir(parents=True)
    # The schemas follow: data_schema looks for schema/ in the data directory of each file.
    monkeypatch.setattr(compile_rules, "ROOT", copy.root)
    monkeypatch.setattr(compile_rules, "DATA", copy.data)
    monkeypatch.setattr(compile_rules, "OUTPUT", copy.output)
    yield copy
