"""The checker bundle: the engine wheel is pure and reproducible, the Pyodide pin is exact."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import horizon_eligibility
from build_scripts.checker import bundle, wheel
from build_scripts.paths import ROOT


def test_engine_wheel_is_pure_and_byte_identical_when_rebuilt(tmp_path: Path) -> None:
    first = wheel.build_wheel(tmp_path / "a")
    second = wheel.build_wheel(tmp_path / "b")
    assert first.name.endswith("-py3-none-any.whl")
    wheel.check_pure_wheel(first)
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()


def test_catalog_comes_from_the_wheel_and_matches_the_engine(tmp_path: Path) -> None:
    built = wheel.build_wheel(tmp_path)
    assert wheel.engine_catalog(built) == horizon_eligibility.catalog()


def test_pyodide_is_pinned_exactly() -> None:
    version = bundle.pinned_pyodide_version()
    lock = (ROOT / "package-lock.json").read_text(encoding="utf-8")
    assert f'"version": "{version}"' in lock and '"integrity": "sha512-' in lock
    if not (ROOT / "node_modules" / "pyodide").is_dir():
        pytest.skip("node_modules not installed (npm ci)")
    assert bundle.installed_pyodide()[1] == version
