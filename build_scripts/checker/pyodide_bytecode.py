"""Runs INSIDE Pyodide (Python 3.14), driven by build_scripts/checker/bytecode.mjs under Node.

Pyodide's python_stdlib.zip holds source files only, so every boot compiles ~150 modules from source in
WebAssembly (most of a cold boot). This module compiles, with the very interpreter the site ships:

- a standard library subset, as sourceless .pyc files: the modules Pyodide's boot and the wheel's unpacking
  imported, those the engine imported while it was exercised as the worker uses it, and every module the
  engine's code names (function-level imports too) with what those import when they load;
- the engine wheel with an unchecked-hash .pyc beside each module (sources kept for tracebacks).

Everything is deterministic (sorted entries, fixed zip dates), so the same inputs give the same bytes.
It imports nothing outside the standard library (tests/pyodide/shipped_files.py loads it by path too), and
only modules Pyodide's boot already imported at the top: the engine is exercised first, and the builder's
own imports (zipfile, ast, ...) must not hide what the engine loads.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
PACKAGE = "horizon_eligibility"


def stdlib_zip() -> str:
    return next(p for p in sys.path if p.endswith(".zip"))


def pyc(source: bytes, path: str) -> bytes:
    import importlib.util
    import marshal
    from importlib._bootstrap_external import _code_to_hash_pyc  # type: ignore[attr-defined]

    # Unchecked hash-based pyc: valid without a source file and never revalidated against one.
    code = compile(source, path, "exec", dont_inherit=True)
    data: bytes = _code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False)
    marshal.loads(data[16:])  # fails here, at build time, if the interpreter cannot read it back
    return bytes(data)


def _entry(name: str) -> Any:
    import zipfile

    info = zipfile.ZipInfo(name, ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _write_zip(entries: dict[str, bytes], out: str, last: str = "") -> None:
    """A deterministic zip: entries sorted by name, `last` (a wheel's RECORD) at the end."""
    import zipfile

    with zipfile.ZipFile(out, "w") as target:
        for name in sorted(entries, key=lambda n: (n == last, n)):
            target.writestr(_entry(name), entries[name], compresslevel=9)


def loaded_from(prefix: str, names: list[str]) -> set[str]:
    """Files under prefix (relative) of the given modules that are in sys.modules."""
    found = set()
    for name in names:
        path = getattr(sys.modules.get(name), "__file__", None) or ""
        if path.startswith(prefix + "/"):
            found.add(path[len(prefix) + 1 :])
    return found


def named_imports(package_dir: str) -> set[str]:
    """Every absolute module name the engine's code imports, at any depth (function-level imports too)."""
    import ast

    names: set[str] = set()
    files = sorted(f"{folder}/{file}" for folder, _, found in os.walk(package_dir) for file in found)
    for path in files:  # sub-packages too (topic_reader/)
        if not path.endswith(".py"):
            continue
        with open(path, "rb") as handle:
            tree = ast.parse(handle.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def import_all(names: set[str]) -> None:
    """Import each name that exists (optional dependencies such as yaml are not there, which is fine)."""
    import importlib

    for name in sorted(names):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def exercise(examples: list[str]) -> None:
    """What the checker's worker does: import horizon_eligibility.worker, read the catalogue, check inputs."""
    import site

    site.getsitepackages()
    from horizon_eligibility import worker

    worker.catalog()
    for text in examples:
        worker.check(text)


def write_stdlib_subset(stdlib: str, files: set[str], out: str) -> list[str]:
    import zipfile

    with zipfile.ZipFile(stdlib) as source:
        missing = sorted(files - set(source.namelist()))
        if missing:
            raise RuntimeError(f"not in {stdlib}: {missing}")
        entries = {}
        for name in files:
            data = source.read(name)
            if name.endswith(".py"):
                entries[name + "c"] = pyc(data, f"{stdlib}/{name}")
            else:
                entries[name] = data
    _write_zip(entries, out)
    return sorted(files)


def _record_line(name: str, data: bytes) -> str:
    import base64
    import hashlib

    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def write_compiled_wheel(wheel: str, site_packages: str, out: str) -> list[str]:
    """The wheel with __pycache__/<module>.<cache_tag>.pyc added for every module, RECORD updated."""
    import importlib.util
    import zipfile

    with zipfile.ZipFile(wheel) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    record = next(n for n in entries if n.endswith(".dist-info/RECORD"))
    added = {
        importlib.util.cache_from_source(name): pyc(data, f"{site_packages}/{name}")
        for name, data in entries.items()
        if name.endswith(".py")
    }
    lines = [line for line in entries[record].decode().splitlines() if line and not line.startswith(record + ",")]
    lines += [_record_line(name, data) for name, data in sorted(added.items())]
    lines.append(f"{record},,")
    entries.update(added)
    entries[record] = ("\n".join(lines) + "\n").encode()
    _write_zip(entries, out, last=record)  # RECORD last, as wheels have it
    return sorted(added)


def build(wheel: str, examples: list[str], out_dir: str) -> dict[str, Any]:
    import site

    stdlib = stdlib_zip()
    # What Pyodide's boot and the wheel's unpacking (zipfile, shutil...) imported: this module imports nothing more.
    boot = loaded_from(stdlib, sorted(sys.modules))
    before = set(sys.modules)
    exercise(examples)
    site_packages = site.getsitepackages()[0]
    used = loaded_from(stdlib, sorted(set(sys.modules) - before))
    # Then every module the engine's code names, with what those import when they load.
    before = set(sys.modules)
    import_all(named_imports(f"{site_packages}/{PACKAGE}"))
    static = loaded_from(stdlib, sorted(set(sys.modules) - before))
    files = boot | used | static
    stdlib_out = f"{out_dir}/python_stdlib.zip"
    wheel_out = f"{out_dir}/{os.path.basename(wheel)}"
    modules = write_stdlib_subset(stdlib, files, stdlib_out)
    compiled = write_compiled_wheel(wheel, site_packages, wheel_out)
    return {
        "stdlib": stdlib_out,
        "wheel": wheel_out,
        "python": sys.version.split()[0],
        "cache_tag": sys.implementation.cache_tag,
        "stdlib_files": modules,
        "counts": {"boot": len(boot), "exercised": len(used), "static": len(static), "total": len(files)},
        "compiled": compiled,
    }
