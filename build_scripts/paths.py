"""Where things are in the repository, for every stage of the build."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DOCS = ROOT / "docs"
SITE = ROOT / "site"
RULES_JSON = ROOT / "src" / "horizon_eligibility" / "rules.json"
