"""Precompile what the browser runs: a bytecode standard library subset and the engine wheel with .pyc files.

    python -m build_scripts.checker.bytecode WHEEL OUT_DIR

Pyodide's own python_stdlib.zip holds sources only, so every boot compiled ~150 modules in WebAssembly:
that was most of the checker's start-up. `compile_bundle()` runs bytecode.mjs (beside this file) under
Node, which boots the pinned Pyodide from node_modules/ and, with that very interpreter (Python 3.14, not
the host's), writes (pyodide_bytecode.py says how the modules are chosen):

- `python_stdlib.zip`: only the modules the engine needs, as sourceless unchecked-hash .pyc files
  (about 1.6 MB instead of 2.6 MB);
- the engine wheel again, with `__pycache__/*.cpython-314.pyc` beside each module and RECORD updated.

Both are byte-identical for the same inputs. bundle.py ships them; tests/pyodide/ runs the engine's whole
test suite against exactly these files.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_scripts.checker import BundleError, sha256_file
from build_scripts.checker.wheel import check_pure_wheel
from build_scripts.paths import ROOT

DRIVER = Path(__file__).resolve().parent / "bytecode.mjs"


@dataclass(frozen=True)
class Bytecode:
    wheel: Path  # the engine wheel with .pyc files
    stdlib: Path  # the standard library subset
    report: dict[str, Any]  # module counts, Python version, cache tag, the files in the subset


def examples(root: Path = ROOT) -> list[Path]:
    """Consortia the engine is exercised with while the subset is chosen."""
    return sorted((root / "examples").glob("*.json"))


def compile_bundle(wheel: Path, out_dir: Path, root: Path = ROOT) -> Bytecode:
    """Write the compiled wheel and the stdlib subset into out_dir (emptied first)."""
    node = shutil.which("node")
    if node is None:
        raise BundleError("node is not installed: the standard library is compiled by Pyodide under Node")
    if not (root / "node_modules" / "pyodide").is_dir():
        raise BundleError("node_modules/pyodide is missing: run `npm ci` first")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    request = {"wheel": str(wheel), "out": str(out_dir), "examples": [str(p) for p in examples(root)]}
    result = subprocess.run(
        [node, str(DRIVER), json.dumps(request)], cwd=root, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BundleError(f"compiling for Pyodide failed:\n{result.stderr[-4000:]}")
    report: dict[str, Any] = json.loads(result.stdout)
    compiled, stdlib = Path(report.pop("wheel")), Path(report.pop("stdlib"))
    check_pure_wheel(compiled)
    with zipfile.ZipFile(compiled) as archive:
        if archive.testzip() is not None or not report.get("compiled"):
            raise BundleError(f"{compiled.name}: the compiled wheel is damaged or holds no .pyc")
    with zipfile.ZipFile(stdlib) as archive:
        names = archive.namelist()
    if not names or any(n.endswith(".py") for n in names):
        raise BundleError(f"{stdlib}: the standard library subset is empty or holds sources")
    return Bytecode(wheel=compiled, stdlib=stdlib, report=report)


def ship(bytecode: Bytecode, pyodide_dir: Path) -> dict[str, Any]:
    """Copy the subset beside the Pyodide runtime under a content-addressed name; return its manifest entry."""
    sha = sha256_file(bytecode.stdlib)
    name = f"python_stdlib-{sha[:16]}.zip"
    shutil.copyfile(bytecode.stdlib, pyodide_dir / name)
    return {
        "name": name,  # relative to the Pyodide folder
        "sha256": sha,
        "size": bytecode.stdlib.stat().st_size,
        "modules": bytecode.report["counts"]["total"],
        "python": bytecode.report["python"],
    }


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1].strip())
    try:
        bundle = compile_bundle(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())
    except BundleError as error:
        sys.exit(f"bytecode: {error}")
    counts = bundle.report["counts"]
    print(f"{bundle.wheel}\n{bundle.stdlib}: {counts['total']} modules ({bundle.stdlib.stat().st_size:,} bytes)")
