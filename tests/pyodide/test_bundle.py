"""The checker bundle: the engine wheel is pure and reproducible, the Pyodide pin is exact."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "build_scripts"))
import checker_assets  # noqa: E402


def test_engine_wheel_is_pure_and_byte_identical_when_rebuilt(tmp_path: Path) -> None:
    first = checker_assets.build_wheel(tmp_path / "a")
    second = checker_assets.build_wheel(tmp_path / "b")
    assert first.name.endswith("-py3-none-any.whl")
    checker_assets.check_pure_wheel(first)
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()


def test_catalog_comes_from_the_wheel_and_matches_the_engine(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    import horizon_eligibility

    wheel = checker_assets.build_wheel(tmp_path)
    assert checker_assets.engine_catalog(wheel) == horizon_eligibility.catalog()


def test_pyodide_is_pinned_exactly() -> None:
    version = checker_assets.pinned_pyodide_version()
    lock = (ROOT / "package-lock.json").read_text(encoding="utf-8")
    assert f'"version": "{version}"' in lock and '"integrity": "sha512-' in lock
    if not (ROOT / "node_modules" / "pyodide").is_dir():
        pytest.skip("node_modules not installed (npm ci)")
    assert checker_assets.installed_pyodide()[1] == version
