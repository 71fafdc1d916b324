"""Golden files: the status of every country x programme x call year x part, and the verdict on every
example consortium. A rule change shows as a reviewable diff; regenerate with `make golden`."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.fixtures import golden

# Also inside Pyodide: the browser's Python gives every country status and example verdict the host does.
pytestmark = pytest.mark.pyodide

FILES = golden.golden_files()


@pytest.mark.parametrize("path", sorted(FILES), ids=lambda p: p.name)
def test_golden_file_is_current(path: Path) -> None:
    assert path.exists(), f"{path.name} is missing: run `make golden` and review the diff"
    assert path.read_text(encoding="utf-8") == FILES[path], (
        f"{path.name} differs from the engine's output: run `make golden` and review `git diff`"
    )


def test_no_orphan_golden_consortia() -> None:
    on_disk = set((golden.GOLDEN / "consortia").glob("*.json"))
    assert on_disk == {p for p in FILES if p.parent.name == "consortia"}
