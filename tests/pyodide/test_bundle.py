"""The checker bundle: the engine wheel is pure and reproducible, the Pyodide pin is exact, the bytecode
that Pyodide compiles for it (bytecode.py) is reproducible too and ships no sources."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

import horizon_eligibility
from build_scripts.checker import bundle, bytecode, wheel
from build_scripts.paths import ROOT


def test_engine_wheel_is_pure_and_byte_identical_when_rebuilt(tmp_path: Path) -> None:
    first = wheel.build_wheel(tmp_path / "a")
    second = wheel.build_wheel(tmp_path / "b")
    assert first.name.endswith("-py3-none-any.whl")
    wheel.check_pure_wheel(first)
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    # Every module of the engine is in it, sub-packages (topic_reader/) included.
    source = ROOT / "src"
    modules = {p.relative_to(source).as_posix() for p in source.rglob("*.py") if "egg-info" not in str(p)}
    with zipfile.ZipFile(first) as archive:
        assert modules <= set(archive.namelist())


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


def test_bytecode_bundle_is_byte_identical_when_rebuilt_and_holds_no_sources(tmp_path: Path) -> None:
    if not (ROOT / "node_modules" / "pyodide").is_dir():
        pytest.skip("node_modules not installed (npm ci)")
    built = wheel.build_wheel(tmp_path / "wheel")
    first = bytecode.compile_bundle(built, tmp_path / "a")
    second = bytecode.compile_bundle(built, tmp_path / "b")
    for a, b in ((first.wheel, second.wheel), (first.stdlib, second.stdlib)):
        assert a.read_bytes() == b.read_bytes(), a.name
    full = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"
    with zipfile.ZipFile(first.stdlib) as subset, zipfile.ZipFile(full) as pyodide:
        names = subset.namelist()
        assert names and all(n.endswith(".pyc") for n in names)
        # Only a part of Pyodide's library, and fewer bytes to download.
        assert len(names) < len([n for n in pyodide.namelist() if n.endswith(".py")]) / 2
        assert first.stdlib.stat().st_size < full.stat().st_size
        for needed in ("json/__init__.pyc", "dataclasses.pyc", "importlib/resources/__init__.pyc"):
            assert needed in names
    with zipfile.ZipFile(first.wheel) as compiled:
        files = compiled.namelist()
        record = compiled.read(next(n for n in files if n.endswith("RECORD"))).decode()
    modules = [n for n in files if n.endswith(".py")]
    assert modules
    for module in modules:
        folder, name = module.rsplit("/", 1)
        pyc = f"{folder}/__pycache__/{name[:-3]}.{first.report['cache_tag']}.pyc"
        assert pyc in files and pyc in record
    wheel.check_pure_wheel(first.wheel)
