"""The shape the code keeps, so that it stays readable: no engine module over 600 lines, no function over 80
lines in the engine or the build scripts (split a long one into named steps)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "src" / "horizon_eligibility"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def python_files(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*.py"))


def test_no_engine_module_is_over_600_lines() -> None:
    long = {
        p.relative_to(ROOT).as_posix(): n
        for p in python_files(ENGINE)
        if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert not long, long


def test_no_function_is_over_80_lines() -> None:
    long = {}
    for path in python_files(ENGINE, ROOT / "build_scripts"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT).as_posix()}:{node.name}"] = lines
    assert not long, long
