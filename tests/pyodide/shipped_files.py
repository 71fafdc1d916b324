"""Hold the engine to the files the site ships (loaded by run_engine_tests.mjs inside Pyodide).

The site ships a bytecode subset of the standard library (build_scripts/checker/bytecode.py). Pytest and
hypothesis need more of it, so the runner appends Pyodide's full python_stdlib.zip to sys.path after the
subset. Two checks keep that from hiding a module the engine needs:

1. `check_alone()` runs first, with nothing but the shipped files on sys.path: it does what the checker's
   worker does (build_scripts/checker/pyodide_bytecode.exercise) for every example consortium, and proves
   the bytecode was used.
2. `guard()` then watches every import served by the full zip: one made from the engine's own code means
   the site would fail where the tests pass; `violations()` lists those, and every module the engine's
   code names that came from the full zip, and makes the run fail.

This module imports only what Pyodide's boot has imported, so that check_alone() sees the engine alone.
"""

from __future__ import annotations

import os
import sys
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec, PathFinder
from types import FrameType, ModuleType
from typing import Any

PACKAGE = "horizon_eligibility"
_violations: list[str] = []


def _engine_dir() -> str:
    import horizon_eligibility

    return os.path.dirname(horizon_eligibility.__file__) + os.sep


def _bytecode_builder(root: str) -> ModuleType:
    """build_scripts/checker/pyodide_bytecode.py, loaded by path: its package imports more than the subset."""
    import importlib.util

    path = os.path.join(root, "build_scripts", "checker", "pyodide_bytecode.py")
    spec = importlib.util.spec_from_file_location("pyodide_bytecode", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_alone(root: str, stdlib: str) -> str:
    """The engine on the shipped files alone, used as the worker uses it; returns a one-line summary."""
    texts = []
    for folder in ("examples", os.path.join("tests", "engine", "consortia")):
        directory = os.path.join(root, folder)
        for name in sorted(n for n in os.listdir(directory) if n.endswith(".json")):
            with open(os.path.join(directory, name), encoding="utf-8") as handle:
                texts.append(handle.read())
    _bytecode_builder(root).exercise(texts)
    engine = [m for n, m in sys.modules.items() if n == PACKAGE or n.startswith(PACKAGE + ".")]
    stale = [m.__name__ for m in engine if not (m.__spec__ and m.__spec__.cached and os.path.exists(m.__spec__.cached))]
    if stale:
        raise AssertionError(f"engine modules without shipped bytecode: {stale}")
    sources = sorted(
        name
        for name, module in sys.modules.items()
        if (getattr(module, "__file__", None) or "").startswith(stdlib + "/")
        and not (module.__file__ or "").endswith(".pyc")
        and getattr(module.__spec__, "origin", None) != "frozen"  # in the interpreter itself
    )
    if sources:
        raise AssertionError(f"standard library modules loaded from source, not the shipped bytecode: {sources}")
    return f"shipped files alone: {len(texts)} consortia checked, {len(engine)} engine modules from bytecode"


def _importer(frame: FrameType | None) -> str:
    """The file of the first frame outside the import machinery."""
    while frame is not None:
        name = frame.f_code.co_filename
        if not (name.startswith("<frozen importlib") or f"{os.sep}importlib{os.sep}" in name or name == __file__):
            return name
        frame = frame.f_back
    return ""


class _Guard(MetaPathFinder):
    def __init__(self, stdlib: str, extra: str) -> None:
        self.stdlib, self.extra = stdlib, extra
        self.engine = _engine_dir()

    def extend(self, origin: str, locations: list[str]) -> None:
        """A package of the subset also looks in the full zip, for submodules the subset lacks."""
        if origin.startswith(self.stdlib + "/"):
            inside = f"{self.extra}/{os.path.dirname(origin[len(self.stdlib) + 1 :])}"
            if inside not in locations:
                locations.append(inside)

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        spec = PathFinder.find_spec(fullname, path)
        if spec is None:
            return None
        origin = spec.origin or ""
        if origin.startswith(self.extra + "/"):
            importer = _importer(sys._getframe(1))
            if importer.startswith(self.engine):
                message = f"{importer} imports {fullname}, which the site's standard library subset lacks"
                _violations.append(message)
                raise ImportError(message)
        if spec.submodule_search_locations is not None:
            self.extend(origin, spec.submodule_search_locations)
        return spec


def guard(stdlib: str, extra: str) -> None:
    """From now on, serve what the subset lacks from `extra`, and refuse (and record) any such import made by
    the engine's code."""
    finder = _Guard(stdlib, extra)
    for module in list(sys.modules.values()):
        locations = getattr(module, "__path__", None)
        if isinstance(locations, list):
            finder.extend(getattr(module, "__file__", None) or "", locations)
    sys.path.append(extra)
    sys.meta_path.insert(0, finder)


def violations(root: str) -> list[str]:
    """Imports of the engine that the shipped subset cannot serve: those the guard saw, and every module the
    engine's code names (pytest may have imported it first, and then the guard never sees the import)."""
    import importlib

    found = list(_violations)
    extra = next(f for f in sys.meta_path if isinstance(f, _Guard)).extra
    for name in sorted(_bytecode_builder(root).named_imports(_engine_dir())):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if (getattr(module, "__file__", None) or "").startswith(extra + "/"):
            found.append(f"the engine imports {name}, which the site's standard library subset lacks")
    return found
