"""Shared by the data tests: where things are, loading a data file, a scratch copy of data/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_scripts.paths import DATA, ROOT, RULES_JSON
from build_scripts.rules import compile as compile_rules
from build_scripts.rules import freshness
from build_scripts.rules import schema as data_schema
from build_scripts.rules.compile import programme_ids

SCHEMAS = DATA / "schema"
PROGRAMMES = tuple(programme_ids())  # every folder of data/ with a programme.yaml

__all__ = [
    "DATA",
    "PROGRAMMES",
    "ROOT",
    "RULES_JSON",
    "SCHEMAS",
    "DataCopy",
    "compile_rules",
    "data_files",
    "data_schema",
    "freshness",
    "load",
    "walk_sources",
]


def data_files() -> list[Path]:
    """Every YAML data file (the schemas left out)."""
    return sorted(p for p in DATA.rglob("*.yaml") if SCHEMAS not in p.parents)


def load(relative: str) -> Any:
    """A data file as the build reads it (validated, dates as ISO strings)."""
    return compile_rules.load_yaml(DATA / relative)


def walk_sources(node: Any, path: str = "") -> list[tuple[str, str]]:
    """(path, source id) for every source named below node: the build's own walker."""
    return compile_rules.walk_sources(node, path)


@dataclass
class DataCopy:
    """A copy of the project's data/ in a temporary directory, with the build pointed at it."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def output(self) -> Path:
        return self.root / "src" / "horizon_eligibility" / "rules.json"

    def edit(self, relative: str, old: str, new: str) -> None:
        """Replace the first occurrence of old (which must be there) in data/<relative>."""
        path = self.data / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not found in data/{relative}: the test needs updating"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def line_of(self, relative: str, text: str) -> int:
        """The 1-based line of data/<relative> where text first occurs."""
        content = (self.data / relative).read_text(encoding="utf-8")
        return content[: content.index(text)].count("\n") + 1
