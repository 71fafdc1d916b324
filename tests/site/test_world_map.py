"""The countries index's world map: its statuses are the engine's (country_status through status_class),
its shapes are small and name every country they can, and it is in the built page."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest

from build_scripts.site.queries import SiteData
from build_scripts.site.world_map import WIDTH, map_data, shapes, svg
from horizon_eligibility import STATUS_CLASS_LABELS, STATUS_CLASSES, country_status, load_rules, status_class

RULES = load_rules()


@pytest.fixture(scope="module")
def statuses() -> dict[str, object]:
    return map_data(SiteData())


def test_every_status_is_country_status(statuses: dict) -> None:
    codes, classes = statuses["codes"], statuses["classes"]
    assert classes == list(STATUS_CLASSES) and codes == sorted(RULES.countries)
    checked = 0
    for programme in statuses["programmes"]:
        for year, parts in programme["status"].items():
            for part, line in parts.items():
                assert len(line) == len(codes)
                for code, digit in zip(codes, line, strict=True):
                    published = country_status(programme["id"], int(year), part, code)
                    assert classes[int(digit)] == status_class(published), (programme["id"], year, part, code)
                    checked += 1
    assert checked > 10_000


@pytest.mark.parametrize(
    ("programme", "year", "part", "code", "expected"),
    [
        ("horizon-europe", 2024, "pillar-2", "CH", "third-country"),
        ("horizon-europe", 2025, "pillar-2", "CH", "associated"),
        ("horizon-europe", 2023, "pillar-2", "GB", "transitional"),
        ("horizon-europe", 2024, "pillar-2", "GB", "associated"),
        ("horizon-europe", 2025, "pillar-2", "DE", "member-state"),
        ("horizon-europe", 2025, "pillar-2", "PT-20", "member-state"),
        ("horizon-europe", 2025, "pillar-2", "GL", "funded-third-country"),  # an OCT: funded, does not count
        ("horizon-europe", 2025, "pillar-2", "KE", "funded-third-country"),  # on the funding list
        ("horizon-europe", 2025, "pillar-2", "US", "third-country"),
        ("horizon-europe", 2025, "pillar-2", "RU", "excluded"),
        ("horizon-europe", 2025, "pillar-2", "XK", "associated"),
        # he.restriction.china-innovation-actions (HE-PG, HE-GA26: Innovation Actions from 2023) and
        # he.restriction.china-research-and-innovation-actions (HE-GA26: most RIAs from 2026): some actions only.
        ("horizon-europe", 2022, "pillar-2", "CN", "third-country"),
        ("horizon-europe", 2024, "pillar-2", "CN", "excluded-from-some-actions"),
        ("horizon-europe", 2026, "pillar-1", "CN", "excluded-from-some-actions"),
        ("horizon-europe", 2026, "pillar-2", "CN", "excluded-from-some-actions"),
    ],
)
def test_the_classes_mean_what_the_legend_says(
    statuses: dict, programme: str, year: int, part: str, code: str, expected: str
) -> None:
    entry = next(p for p in statuses["programmes"] if p["id"] == programme)
    digit = entry["status"][str(year)][part][statuses["codes"].index(code)]
    assert statuses["classes"][int(digit)] == expected
    assert expected in STATUS_CLASS_LABELS


def test_the_shapes_name_every_country_they_can_and_are_small(statuses: dict) -> None:
    drawn, height = shapes(set(RULES.countries))
    codes = [code for code, *_ in drawn if code]
    assert len(codes) == len(set(codes)) + codes.count("AU") - 1  # Australia is two features in Natural Earth
    for needed in ("DE", "CH", "GB", "XK", "MT", "LI", "VA", "GL", "CN", "US"):
        assert needed in codes, needed
    assert 800 < height < 1000
    markup = svg(SiteData(), statuses)
    data = json.dumps(statuses, separators=(",", ":"))
    assert len(gzip.compress((markup + data).encode())) < 150_000


def test_the_built_index_carries_the_map(built_site: Path) -> None:
    page = (built_site / "countries" / "index.html").read_text(encoding="utf-8")
    assert 'data-testid="country-map"' in page and "world-atlas 2.0.2" in page and "Natural Earth" in page
    links = re.findall(r'<a xlink:href="([a-z0-9-]+)/" role="link" data-code="([A-Z0-9-]+)" data-status="([a-z-]+)"', page)
    assert len(links) > 200 and all(status in STATUS_CLASSES for _, _, status in links)
    for slug, code, _ in links:
        assert (built_site / "countries" / slug / "index.html").is_file(), code
    found = re.search(r"data-map=(['\"])(.*?)\1", page)
    assert found is not None
    carried = json.loads(html.unescape(found.group(2)))
    assert carried == map_data(SiteData())
    assert (built_site / "assets" / "javascripts" / "country-map.mjs").is_file()
    assert "country-map.mjs" in page and "map.css" in page
    assert "checker.css" not in page and "checker.mjs" not in page


def test_a_country_excluded_from_some_actions_says_which(statuses: dict) -> None:
    """The map's words for China in 2026 (HE-GA26) name both types of action and what holds in the others."""
    entry = next(p for p in statuses["programmes"] if p["id"] == "horizon-europe")
    words = entry["details"]["CN"]["2026"]["pillar-1"]
    assert "Innovation Actions and Research and Innovation Actions" in words
    assert "other actions: not automatically (own funding)" in words
    for code, years in entry["details"].items():
        for year, parts in years.items():
            for part in parts:
                digit = entry["status"][year][part][statuses["codes"].index(code)]
                assert statuses["classes"][int(digit)] == "excluded-from-some-actions", (code, year, part)


def _subpaths(d: str) -> list[list[tuple[int, int]]]:
    """The absolute points of each subpath of a path written by path_data (M x y l dx dy ... z)."""
    out = []
    for sub in re.findall(r"M[^M]*", d):
        numbers = [int(n) for n in re.findall(r"-?\d+", sub)]
        x, y = numbers[0], numbers[1]
        points = [(x, y)]
        for dx, dy in zip(numbers[2::2], numbers[3::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        out.append(points)
    return out


def test_no_shape_wraps_around_the_180th_meridian() -> None:
    """Natural Earth's Russia and Fiji cross the 180th meridian: cut there, no shape runs across the map (a
    stripe over the Arctic, a line over the Pacific), and both keep their parts at either edge."""
    drawn, _ = shapes(set(RULES.countries))
    half = WIDTH / 2
    edges: dict[str, set[str]] = {}
    for _code, name, d, _centre in drawn:
        for points in _subpaths(d):
            xs = [x for x, _ in points]
            assert max(xs) - min(xs) < half, name
            if min(xs) < half / 3:
                edges.setdefault(name, set()).add("west")
            if max(xs) > WIDTH - half / 3:
                edges.setdefault(name, set()).add("east")
    assert edges["Russia"] == {"west", "east"} and edges["Fiji"] == {"west", "east"}


def test_the_map_links_are_links_with_a_name() -> None:
    markup = svg(SiteData(), map_data(SiteData()))
    links = re.findall(r"<a [^>]*>", markup)
    assert len(links) > 200
    assert all('role="link"' in a and "aria-label=" in a and "xlink:href=" in a for a in links)
