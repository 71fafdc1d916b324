"""Numbers and lists on the pages equal the data (docs-sync tests)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from site_helpers import article_text, normalise, page_for

from build_scripts.site.queries import SiteData
from horizon_eligibility import load_rules
from horizon_eligibility.csv_input import FORMULA_START

RULES = load_rules()
PROGRAMMES = list(RULES.programmes)


def _associated(programme_id: str, year: int) -> list[str]:
    """Counted straight from rules.json, independently of the site's own helpers."""
    raw = RULES.raw["programmes"][programme_id]["association"]["countries"]
    out = []
    for code, intervals in raw.items():
        for interval in intervals:
            if (
                int(interval["from_year"]) <= year <= (interval["until_year"] or 9999)
                and interval["status"] == "associated"
            ):
                out.append(code)
    return out


@pytest.mark.parametrize("programme_id", PROGRAMMES)
def test_associated_country_counts_by_year(built_site: Path, programme_id: str) -> None:
    html = page_for(built_site, "countries/").read_text(encoding="utf-8")
    programme = RULES.programme(programme_id)
    for year in range(programme.first_call_year, programme.last_call_year + 1):
        match = re.search(rf'data-programme="{programme_id}" data-year="{year}" data-kind="associated">(\d+)<', html)
        assert match, (programme_id, year)
        assert int(match.group(1)) == len(_associated(programme_id, year)), (programme_id, year)


def test_associated_count_2026_on_guidance_page(built_site: Path) -> None:
    text = article_text(built_site, "guidance/who-can-take-part/")
    count = len(_associated("horizon-europe", 2026))
    assert f"in horizon europe calls of 2026, {count} countries are associated" in text
    for code in _associated("horizon-europe", 2026):
        assert normalise(RULES.country_name(code)) in text


@pytest.mark.parametrize("programme_id", PROGRAMMES)
def test_every_funding_list_country_is_on_its_version_section(built_site: Path, programme_id: str) -> None:
    html = page_for(built_site, "countries/").read_text(encoding="utf-8")
    for version in RULES.programme(programme_id).funding_versions:
        anchor = f'id="{programme_id}-list-{version["id"]}"'
        assert anchor in html, anchor
        section = re.split(r"<h[1-6][ >]", html.split(anchor, 1)[1].split("</h4>", 1)[1], maxsplit=1)[0]
        for code in list(version["countries"]) + list(version["unverified_countries"]):
            assert f"({code})" in section, (version["id"], code)
        listed = re.findall(r"<li><a [^>]*>[^<]*\(([A-Z]{2}(?:-[A-Z0-9]+)?)\)</a>", section)
        expected = set(version["countries"]) | set(version["unverified_countries"])
        assert set(listed) == expected, (version["id"], set(listed) ^ expected)


def test_every_country_has_a_page(built_site: Path) -> None:
    for code in RULES.countries:
        page = page_for(built_site, f"countries/{code.lower()}/")
        assert page.is_file(), code
        assert normalise(f"{RULES.country_name(code)} ({code})") in article_text(
            built_site, f"countries/{code.lower()}/"
        )


@pytest.mark.parametrize("programme_id", PROGRAMMES)
def test_every_action_type_has_a_page_and_a_row(built_site: Path, programme_id: str) -> None:
    programme = RULES.programme(programme_id)
    index = article_text(built_site, f"actions/{programme_id}/")
    for action_id, action in programme.actions.items():
        assert page_for(built_site, f"actions/{programme_id}/{action_id.lower()}/").is_file(), action_id
        text = article_text(built_site, f"actions/{programme_id}/{action_id.lower()}/")
        for condition in action["conditions"]:
            assert normalise(condition["text"]) in text, (action_id, condition["text"])
        assert normalise(f"{action['name']} ({action_id})") in index


def test_every_source_is_on_the_sources_page(built_site: Path) -> None:
    html = page_for(built_site, "sources/").read_text(encoding="utf-8")
    text = article_text(built_site, "sources/")
    for source_id, source in RULES.sources.items():
        anchor = "src-" + source_id.lower().replace(".", "-")
        assert f'id="{anchor}"' in html, source_id
        assert normalise(source["verified_on"]) in text
        assert source["url"] in html


def test_every_dated_change_is_on_the_timeline(built_site: Path) -> None:
    events = SiteData().changes()
    text = article_text(built_site, "changes/")
    assert f"{len(events)} changes." in text
    for code, intervals in RULES.raw["programmes"]["horizon-europe"]["association"]["countries"].items():
        assert normalise(RULES.country_name(code)) in text, code
        assert intervals


def test_downloads_equal_the_data(built_site: Path) -> None:
    shipped = json.loads((built_site / "data" / "rules.json").read_text(encoding="utf-8"))
    assert shipped == RULES.raw
    rows = list(csv.DictReader((built_site / "data" / "country-statuses.csv").open(encoding="utf-8")))
    expected = sum(
        (p.last_call_year - p.first_call_year + 1) * len(p.parts) * len(RULES.countries)
        for p in RULES.programmes.values()
    )
    assert len(rows) == expected
    ch = {(r["programme"], r["call_year"], r["part"]): r for r in rows if r["code"] == "CH"}
    assert ch[("horizon-europe", "2025", "pillar-2")]["counts_towards_minimum"] == "true"
    assert ch[("horizon-europe", "2024", "pillar-2")]["counts_towards_minimum"] == "false"
    # Safe to open in a spreadsheet: no cell starts a formula (csv_input.spreadsheet_safe).
    assert not [cell for row in rows for cell in row.values() if cell[:1] in FORMULA_START], "formula cell"


def test_as_of_date_on_home_page(built_site: Path) -> None:
    text = article_text(built_site, "")
    assert f"the rules as of {RULES.data_verified_on}" in text
    # The data version changes with every data edit, so it is on the generated data page, not in the
    # hand-written home page (whose data regions are committed).
    assert "data version is on the data page" in text
    assert normalise(RULES.data_version) in article_text(built_site, "data/")
