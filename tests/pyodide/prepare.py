"""Prepare the engine test run inside Pyodide: build what the site ships, fetch pure-Python test wheels.

What the site ships is made by the same functions as for the site (wheel.build_wheel, then
bytecode.compile_bundle): the engine wheel with its Pyodide bytecode and the standard library subset. With
HE_SHIPPED_WHEEL and HE_SHIPPED_STDLIB set (tests/pyodide/test_engine_in_pyodide.py sets them to the files of
the site the test session built), those very files are used and nothing is built.

Called by tests/pyodide/run_engine_tests.mjs; prints a JSON manifest on stdout. The test wheels are cached
under build/pyodide-tests/wheels/ (gitignored) and fetched from PyPI only when requirements.txt changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from build_scripts.checker import sha256_file
from build_scripts.checker.bundle import installed_pyodide
from build_scripts.checker.bytecode import compile_bundle
from build_scripts.checker.wheel import build_wheel
from build_scripts.paths import ROOT

HERE = Path(__file__).resolve().parent
CACHE = ROOT / "build" / "pyodide-tests"
REQUIREMENTS = HERE / "requirements.txt"


def is_pure(wheel: Path) -> bool:
    if not wheel.name.endswith("-none-any.whl"):
        return False
    with zipfile.ZipFile(wheel) as archive:
        return not any(n.endswith((".so", ".pyd", ".dylib")) for n in archive.namelist())


def test_wheels() -> list[Path]:
    wheels_dir = CACHE / "wheels"
    stamp = wheels_dir / ".requirements.sha256"
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if not (stamp.is_file() and stamp.read_text().strip() == digest):
        shutil.rmtree(wheels_dir, ignore_errors=True)
        wheels_dir.mkdir(parents=True)
        print("fetching pure-Python test wheels for Python 3.14 from PyPI…", file=sys.stderr)
        cmd = [
            sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
            "--python-version", "3.14", "--only-binary=:all:", "--platform", "any",
            "-d", str(wheels_dir), "-r", str(REQUIREMENTS),
        ]  # fmt: skip
        subprocess.run(cmd, check=True, stdout=sys.stderr)
        stamp.write_text(digest + "\n")
    return sorted(w for w in wheels_dir.glob("*.whl") if is_pure(w))


def shipped_files() -> tuple[Path, Path]:
    """(engine wheel, standard library subset): the site build's, if given, else built here."""
    given = os.environ.get("HE_SHIPPED_WHEEL"), os.environ.get("HE_SHIPPED_STDLIB")
    if all(given):
        wheel, stdlib = (Path(str(path)) for path in given)
        for path in (wheel, stdlib):
            if not path.is_file():
                sys.exit(f"tests/pyodide/prepare.py: {path} (HE_SHIPPED_*) does not exist")
        print(f"testing the files the site ships: {wheel.name}, {stdlib.name}", file=sys.stderr)
        return wheel, stdlib
    engine_dir = CACHE / "engine"
    shutil.rmtree(engine_dir, ignore_errors=True)
    shipped = compile_bundle(build_wheel(engine_dir, ROOT), CACHE / "shipped", ROOT)
    return shipped.wheel, shipped.stdlib


def main() -> None:
    package_dir, _version = installed_pyodide(ROOT)  # node_modules has the pinned version
    wheel, stdlib = shipped_files()
    manifest = {
        "engine": str(wheel),
        "engine_sha256": sha256_file(wheel),
        "stdlib": str(stdlib),
        "stdlib_sha256": sha256_file(stdlib),
        "full_stdlib": str(package_dir / "python_stdlib.zip"),
        "wheels": [str(w) for w in test_wheels()],
        "root": str(ROOT),
    }
    json.dump(manifest, sys.stdout)


if __name__ == "__main__":
    main()
