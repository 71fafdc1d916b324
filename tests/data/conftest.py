"""Fixtures for the data tests.

- `rules`: the committed rules.json, parsed once per session.
- `data_copy`: a scratch copy of data/ that the build (compile_rules) reads and writes its rules.json next to.
  A bad-data test edits one file of the copy and compiles: every file it did not touch is served from a
  session cache of what the build's own `load_yaml` returned for the same bytes (and the same schemas), so
  only the edited file is parsed and validated again. The cross-references run in full every time.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .helpers import DATA, RULES_JSON, DataCopy, compile_rules

# (path relative to data/, sha256 of the file and of every schema) -> what load_yaml returned, as JSON text
_LOADED: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="session")
def rules() -> dict[str, Any]:
    """The compiled rules (src/horizon_eligibility/rules.json)."""
    loaded: dict[str, Any] = json.loads(RULES_JSON.read_text(encoding="utf-8"))
    return loaded


def _fingerprint(path: Path, data: Path) -> str:
    digest = hashlib.sha256(path.read_bytes())
    for schema in sorted((data / "schema").glob("*.yaml")):
        digest.update(schema.name.encode() + b"\0" + schema.read_bytes())
    return digest.hexdigest()


def _cached_load_yaml(data: Path) -> Any:
    load_yaml = compile_rules.load_yaml

    def load(path: Path) -> Any:
        try:
            key = (path.relative_to(data).as_posix(), _fingerprint(path, data))
        except (OSError, ValueError):  # a missing file, or one outside the copy: the build says what is wrong
            return load_yaml(path)
        if key not in _LOADED:
            _LOADED[key] = json.dumps(load_yaml(path))  # raises on bad data: only good files are kept
        return json.loads(_LOADED[key])  # a fresh copy: the build changes what it loaded

    return load


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
    monkeypatch.setattr(compile_rules, "load_yaml", _cached_load_yaml(copy.data))
    yield copy
