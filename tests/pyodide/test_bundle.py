"""The checker bundle: the engine wheel is pure and reproducible, the Pyodide pin is exact, the bytecode
that Pyodide compiles for it (bytecode.py) is reproducible too and ships no sources.

The files the site ships come from the session's site build (`shipped_bundle`, tests/conftest.py); this module
builds the bundle once more (`rebuilt`) and holds the two to the same bytes."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

import horizon_eligibility
from build_scripts.checker import bundle, bytecode, wheel
from build_scripts.paths import ROOT

NEEDS_NODE_MODULES = pytest.mark.skipif(
    not (ROOT / "node_modules" / "pyodide").is_dir(), reason="node_modules not installed (npm ci)"
)


@pytest.fixture(scope="module")
def rebuilt_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plain engine wheel (as pip builds it), built again by the function the site build uses."""
    return wheel.build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def rebuilt_bytecode(rebuilt_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> bytecode.Bytecode:
    """That wheel with Pyodide's bytecode, and the standard library subset: the bundle built a second time."""
    return bytecode.compile_bundle(rebuilt_wheel, tmp_path_factory.mktemp("bytecode"))


def test_engine_wheel_is_pure_and_byte_identical_when_rebuilt(rebuilt_wheel: Path, tmp_path: Path) -> None:
    again = wheel.build_wheel(tmp_path)
    assert rebuilt_wheel.name.endswith("-py3-none-any.whl")
    wheel.check_pure_wheel(rebuilt_wheel)
    assert hashlib.sha256(rebuilt_wheel.read_bytes()).digest() == hashlib.sha256(again.read_bytes()).digest()
    # Every module of the engine is in it, sub-packages (topic_reader/) included.
    source = ROOT / "src"
    modules = {p.relative_to(source).as_posix() for p in source.rglob("*.py") if "egg-info" not in str(p)}
    with zipfile.ZipFile(rebuilt_wheel) as archive:
        assert modules <= set(archive.namelist())


def test_catalog_comes_from_the_wheel_and_matches_the_engine(shipped_bundle: Any) -> None:
    assert wheel.engine_catalog(shipped_bundle.wheel) == horizon_eligibility.catalog()
    shipped = shipped_bundle.wheel.parents[2] / "checker" / "catalog.json"  # what the page reads
    assert json.loads(shipped.read_text(encoding="utf-8")) == horizon_eligibility.catalog()


def test_pyodide_is_pinned_exactly() -> None:
    version = bundle.pinned_pyodide_version()
    lock = (ROOT / "package-lock.json").read_text(encoding="utf-8")
    assert f'"version": "{version}"' in lock and '"integrity": "sha512-' in lock
    if not (ROOT / "node_modules" / "pyodide").is_dir():
        pytest.skip("node_modules not installed (npm ci)")
    assert bundle.installed_pyodide()[1] == version


@NEEDS_NODE_MODULES
def test_bytecode_bundle_is_byte_identical_when_rebuilt_and_holds_no_sources(
    rebuilt_bytecode: bytecode.Bytecode, shipped_bundle: Any
) -> None:
    first = rebuilt_bytecode
    # The site build made its own (in another process): the same bytes.
    assert first.wheel.read_bytes() == shipped_bundle.wheel.read_bytes()
    assert first.stdlib.read_bytes() == shipped_bundle.stdlib.read_bytes()
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
