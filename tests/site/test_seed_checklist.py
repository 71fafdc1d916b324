"""Every statement of the four seed documents is on the site (tests/site/seed_checklist.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from site_helpers import article_text, normalise, page_for

CHECKLIST_FILE = Path(__file__).with_name("seed_checklist.yaml")
CHECKLIST: dict[str, list[dict[str, Any]]] = yaml.safe_load(CHECKLIST_FILE.read_text(encoding="utf-8"))
SEEDS = ("SEED-000", "SEED-002", "SEED-003", "SEED-004")
ENTRIES = [(seed, i, entry) for seed in CHECKLIST for i, entry in enumerate(CHECKLIST[seed])]


def test_checklist_covers_every_seed() -> None:
    assert set(CHECKLIST) == set(SEEDS)
    for seed in SEEDS:
        assert len(CHECKLIST[seed]) >= 8, f"{seed}: too few statements"
        for entry in CHECKLIST[seed]:
            assert entry["statement"] and entry["page"] and entry["phrases"], entry


@pytest.mark.parametrize(("seed", "index", "entry"), ENTRIES, ids=[f"{s}-{i + 1}" for s, i, _ in ENTRIES])
def test_seed_statement_is_on_its_page(built_site: Path, seed: str, index: int, entry: dict[str, Any]) -> None:
    assert page_for(built_site, entry["page"]).is_file(), f"no page {entry['page']}"
    text = article_text(built_site, entry["page"])
    missing = [p for p in entry["phrases"] if normalise(p) not in text]
    assert not missing, f"{seed} #{index + 1} ({entry['statement']}): not on {entry['page']}: {missing}"


def test_seed_sources_are_cited(built_site: Path) -> None:
    """Each seed document is on the Sources page and used somewhere."""
    text = article_text(built_site, "sources/")
    for seed in SEEDS:
        assert normalise(seed) in text
