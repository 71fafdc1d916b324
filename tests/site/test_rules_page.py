"""The rules page explains every rule id the engine can emit, at the anchor the checker links to."""

from __future__ import annotations

from pathlib import Path

from site_helpers import normalise, page_for

from horizon_eligibility import catalog, rule_anchor, rule_ids


def test_rules_page_explains_every_rule_id(built_site: Path) -> None:
    html = page_for(built_site, "rules/").read_text(encoding="utf-8")
    registry = rule_ids()
    assert len(registry) > 150
    for rule_id, info in registry.items():
        assert f'id="{rule_anchor(rule_id)}"' in html, rule_id
        assert normalise(info.title) in normalise(html), rule_id
    # How each is reported comes from its declaration: a restriction can be any of the three.
    assert "Error, warning or note" in html


def test_checker_catalog_links_every_rule_id_to_its_anchor() -> None:
    anchors = catalog()["rule_anchors"]
    assert anchors == {rule_id: rule_anchor(rule_id) for rule_id in rule_ids()}
