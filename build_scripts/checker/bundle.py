"""Bundle what the browser checker needs into docs/assets/ before `mkdocs build`.

One entry point, `main(site_docs)`:

1. copies the Pyodide core runtime (3 files) from `node_modules/pyodide/` (installed by `npm ci` at the
   exact version pinned in package.json, integrity-checked by npm through package-lock.json) to
   `assets/pyodide/<version>/`;
2. builds the engine wheel (wheel.py: reproducible, pure `py3-none-any`), has the pinned Pyodide compile it
   and a standard library subset to bytecode (bytecode.py), writes the subset beside the runtime as
   `python_stdlib-<sha256[:16]>.zip` (in place of Pyodide's own, which holds sources) and the compiled
   wheel under a content-addressed path `assets/wheels/<sha256[:16]>/`;
3. writes `assets/checker/catalog.json`: the engine's own `catalog()` output, taken from the built
   wheel itself, so the form can be filled before Python is ready (no list is typed into JavaScript);
4. copies the organisation directory to `assets/directory/<sha256[:16]>/` (build_scripts/directory/ship.py;
   fetched by the page only when it is needed);
5. writes `assets/checker/engine.json`: the manifest the Web Worker reads (Pyodide path and sizes, the
   standard library subset, wheel path, SHA-256 and size, the Pyodide lock `info`, the directory's path,
   SHA-256 and size), so the worker can verify the wheel and the directory and key the engine snapshot it
   keeps.

Every output path is generated and gitignored. Run alone: `python -m build_scripts.checker.bundle [DOCS]`.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from build_scripts.checker import BundleError, bytecode, sha256_file
from build_scripts.checker.wheel import PACKAGE, build_wheel, engine_catalog
from build_scripts.directory.ship import ship as ship_directory
from build_scripts.paths import DOCS, ROOT

# Pyodide's python_stdlib.zip is replaced by a bytecode subset (bytecode.py).
PYODIDE_CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")


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
        compiled = bytecode.compile_bundle(build_wheel(Path(tmp), root), Path(tmp) / "bytecode", root)
        stdlib = bytecode.ship(compiled, assets / "pyodide" / version)
        sizes[stdlib["name"]] = stdlib["size"]
        built = compiled.wheel
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
            "stdlib": stdlib,
        },
        "wheel": {
            "url": f"../wheels/{sha[:16]}/{wheel.name}",
            "sha256": sha,
            "size": wheel.stat().st_size,
            "package": PACKAGE,
        },
        "directory": ship_directory(assets),
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
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS)
    except BundleError as error:
        sys.exit(f"checker bundle: {error}")
