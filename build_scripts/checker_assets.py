"""Bundle what the browser checker needs into docs/assets/ before `mkdocs build`.

One entry point, `main(site_docs)`:

1. builds the engine wheel reproducibly (`pip wheel --no-deps`, SOURCE_DATE_EPOCH fixed, from a clean
   copy of pyproject.toml + src/), checks that it is a pure `py3-none-any` wheel, and writes it under a
   content-addressed path `assets/wheels/<sha256[:16]>/`;
2. copies the Pyodide core runtime (4 files) from `node_modules/pyodide/` (installed by `npm ci` at the
   exact version pinned in package.json, integrity-checked by npm through package-lock.json) to
   `assets/pyodide/<version>/`;
3. writes `assets/checker/catalog.json`: the engine's own `catalog()` output, taken from the built
   wheel itself, so the form can be filled before Python is ready (no list is typed into JavaScript);
4. writes `assets/checker/engine.json`: the manifest the Web Worker reads (Pyodide path and sizes,
   wheel path, SHA-256 and size, the Pyodide lock `info`), so the worker can verify the wheel.

Every output path is generated and gitignored. Run alone: `python build_scripts/checker_assets.py [DOCS]`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "horizon_eligibility"
PYODIDE_CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# Any fixed value gives byte-identical wheels; 1980-01-01 is the earliest date a zip entry can hold.
DEFAULT_SOURCE_DATE_EPOCH = "315532800"


class BundleError(RuntimeError):
    """The checker bundle cannot be built; the message says what to do."""


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pinned_pyodide_version(root: Path = ROOT) -> str:
    """The exact Pyodide version pinned in package.json (a range is refused)."""
    manifest = json.loads((root / "package.json").read_text(encoding="utf-8"))
    version = str(manifest.get("dependencies", {}).get("pyodide", ""))
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise BundleError(f"package.json must pin pyodide to an exact version, found {version!r}")
    return version


def installed_pyodide(root: Path = ROOT) -> tuple[Path, str]:
    """node_modules/pyodide, checked to be the pinned version."""
    version = pinned_pyodide_version(root)
    package_dir = root / "node_modules" / "pyodide"
    meta = package_dir / "package.json"
    if not meta.is_file():
        raise BundleError("node_modules/pyodide is missing: run `npm ci` first")
    installed = json.loads(meta.read_text(encoding="utf-8")).get("version")
    if installed != version:
        raise BundleError(f"node_modules has pyodide {installed}, package.json pins {version}: run `npm ci`")
    return package_dir, version


def _project_copy(root: Path, dest: Path) -> None:
    """Copy only what the wheel is built from, so stale build/ or egg-info dirs cannot leak into it."""
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (root / name).is_file():
            shutil.copy2(root / name, dest / name)
    if not (dest / "README.md").exists():  # pyproject names it; keep the build working without it
        (dest / "README.md").write_text("Horizon Eligibility\n", encoding="utf-8")
    shutil.copytree(
        root / "src",
        dest / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".mypy_cache"),
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
    for needed in (f"{PACKAGE}/__init__.py", f"{PACKAGE}/rules.json"):
        if needed not in names:
            raise BundleError(f"{wheel.name} lacks {needed} (run `make rules`?)")


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
            "import json, sys; sys.path.insert(0, sys.argv[1]); import horizon_eligibility as h; "
            "sys.stdout.write(json.dumps(h.catalog(), ensure_ascii=False))"
        )
        result = subprocess.run([sys.executable, "-I", "-c", code, tmp], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BundleError(f"catalog() from {wheel.name} failed:\n{result.stderr}")
    catalog: dict[str, Any] = json.loads(result.stdout)
    return catalog


def _replace_dir(parent: Path, keep: str) -> Path:
    """parent/keep, with every sibling (an older version or wheel hash) removed."""
    parent.mkdir(parents=True, exist_ok=True)
    for child in parent.iterdir():
        if child.name != keep:
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    target = parent / keep
    target.mkdir(exist_ok=True)
    return target


def copy_pyodide(assets: Path, root: Path = ROOT) -> tuple[str, dict[str, int]]:
    """Copy the Pyodide core files to assets/pyodide/<version>/; return the version and file sizes."""
    package_dir, version = installed_pyodide(root)
    target = _replace_dir(assets / "pyodide", version)
    sizes: dict[str, int] = {}
    for name in PYODIDE_CORE:
        source, dest = package_dir / name, target / name
        if not source.is_file():
            raise BundleError(f"node_modules/pyodide/{name} is missing: run `npm ci`")
        if (
            not dest.is_file()
            or dest.stat().st_size != source.stat().st_size
            or sha256_file(dest) != sha256_file(source)
        ):
            shutil.copyfile(source, dest)
        sizes[name] = dest.stat().st_size
    for child in target.iterdir():
        if child.name not in PYODIDE_CORE:
            child.unlink()
    return version, sizes


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def main(site_docs: Path, root: Path = ROOT) -> None:
    """Write the checker bundle under site_docs/assets/ (the MkDocs docs_dir)."""
    assets = Path(site_docs) / "assets"
    version, sizes = copy_pyodide(assets, root)
    with tempfile.TemporaryDirectory(prefix="he-dist-") as tmp:
        built = build_wheel(Path(tmp), root)
        sha = sha256_file(built)
        wheel_dir = _replace_dir(assets / "wheels", sha[:16])
        for old in wheel_dir.iterdir():
            old.unlink()
        wheel = wheel_dir / built.name
        shutil.copyfile(built, wheel)
    catalog = engine_catalog(wheel)
    lock = json.loads((root / "node_modules" / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))
    manifest = {
        "pyodide": {
            "version": version,
            "index": f"../pyodide/{version}/",
            "files": sizes,
            "lock_info": lock["info"],
        },
        "wheel": {
            "url": f"../wheels/{sha[:16]}/{wheel.name}",
            "sha256": sha,
            "size": wheel.stat().st_size,
            "package": PACKAGE,
        },
        "data_version": catalog.get("data_version"),
        "data_verified_on": catalog.get("data_verified_on"),
    }
    _write_json(assets / "checker" / "catalog.json", catalog)
    _write_json(assets / "checker" / "engine.json", manifest)
    total = sum(sizes.values())
    print(
        f"checker bundle: pyodide {version} ({total / 1e6:.1f} MB), {wheel.name} sha256 {sha[:16]}…, "
        f"data {catalog.get('data_version')}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    try:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
    except BundleError as error:
        sys.exit(f"checker_assets: {error}")
