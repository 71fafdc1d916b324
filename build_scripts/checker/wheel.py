"""The engine wheel the browser loads, and the catalogue read from it.

- `build_wheel()` builds it reproducibly (`pip wheel --no-deps`, SOURCE_DATE_EPOCH fixed, from a clean copy of
  pyproject.toml + src/) and `check_pure_wheel()` refuses anything but a pure `py3-none-any` wheel;
- `engine_catalog()` runs the engine's own `catalog()` from the built wheel itself, so the form can be filled
  before Python is ready (no list is typed into JavaScript).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from build_scripts.checker import BundleError
from build_scripts.paths import ROOT

PACKAGE = "horizon_eligibility"
DIRECTORY_DATA = "directory"  # the package's data folder of the organisation directory (not the module)
# Any fixed value gives byte-identical wheels; 1980-01-01 is the earliest date a zip entry can hold.
DEFAULT_SOURCE_DATE_EPOCH = "315532800"


def _project_copy(root: Path, dest: Path) -> None:
    """Copy only what the wheel is built from, so stale build/ or egg-info dirs cannot leak into it."""
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (root / name).is_file():
            shutil.copy2(root / name, dest / name)
    if not (dest / "README.md").exists():  # pyproject names it; keep the build working without it
        (dest / "README.md").write_text("Horizon Eligibility\n", encoding="utf-8")
    # The organisation directory (src/horizon_eligibility/directory/) is left out: the page fetches it on its own
    # when it is needed, so the wheel every checker visit downloads stays small.
    shutil.copytree(
        root / "src",
        dest / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".mypy_cache", DIRECTORY_DATA),
    )


def check_pure_wheel(wheel: Path) -> None:
    """Refuse anything the browser could not load: only a py3-none-any wheel without binaries."""
    if not wheel.name.endswith("-py3-none-any.whl"):
        raise BundleError(f"{wheel.name} is not a pure-Python py3-none-any wheel")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        wheel_meta = next((n for n in names if n.endswith(".dist-info/WHEEL")), None)
        if wheel_meta is None or "Root-Is-Purelib: true" not in archive.read(wheel_meta).decode():
            raise BundleError(f"{wheel.name} is not marked Root-Is-Purelib")
    binaries = [n for n in names if n.endswith((".so", ".pyd", ".dll", ".dylib"))]
    if binaries:
        raise BundleError(f"{wheel.name} contains compiled files: {binaries}")
    needed = {
        f"{PACKAGE}/__init__.py": "",
        f"{PACKAGE}/rules.json": " (run `make rules`?)",
        f"{PACKAGE}/directory.py": "",
        f"{PACKAGE}/topic_reader/__init__.py": " (a sub-package left out of the wheel)",
    }
    for name, hint in needed.items():
        if name not in names:
            raise BundleError(f"{wheel.name} lacks {name}{hint}")
    bulky = [n for n in names if n.startswith(f"{PACKAGE}/{DIRECTORY_DATA}/")]
    if bulky:
        raise BundleError(f"{wheel.name} holds the organisation directory ({bulky}): the page fetches it on its own")


def build_wheel(out_dir: Path, root: Path = ROOT) -> Path:
    """Build the engine wheel into out_dir reproducibly and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", DEFAULT_SOURCE_DATE_EPOCH)
    env["PYTHONHASHSEED"] = "0"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    with tempfile.TemporaryDirectory(prefix="he-wheel-") as tmp:
        project, dist = Path(tmp) / "project", Path(tmp) / "dist"
        project.mkdir()
        _project_copy(root, project)
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(project)]
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BundleError(f"pip wheel failed:\n{result.stdout}\n{result.stderr}")
        wheels = sorted(dist.glob("*.whl"))
        if len(wheels) != 1:
            raise BundleError(f"expected one wheel, got {[w.name for w in wheels]}")
        check_pure_wheel(wheels[0])
        target = out_dir / wheels[0].name
        shutil.copyfile(wheels[0], target)
    return target


def engine_catalog(wheel: Path) -> dict[str, Any]:
    """Run `catalog()` from the built wheel itself (not from src/), in a separate interpreter."""
    with tempfile.TemporaryDirectory(prefix="he-catalog-") as tmp:
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(tmp)
        code = (
            "import json, sys, horizon_eligibility as h; sys.stdout.write(json.dumps(h.catalog(), ensure_ascii=False))"
        )
        # -E -s -S: no PYTHONPATH, no site-packages (where src/ is installed editable), so the engine can only
        # come from the unpacked wheel in the working directory, which `-c` puts first on the path.
        cmd = [sys.executable, "-E", "-s", "-S", "-c", code]
        result = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BundleError(f"catalog() from {wheel.name} failed:\n{result.stderr}")
    catalog: dict[str, Any] = json.loads(result.stdout)
    return catalog
