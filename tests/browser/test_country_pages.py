"""Country pages, the countries map and the site search as people use them, on a phone and a laptop: the
"In short" box answers any call year and part, the status tables need no sideways scrolling, the map's
touch, mouse and keyboard behaviour and its focus ring, and what a search for a country finds first.

Expected answers come from the sources named in each test (KR-HE: the Republic of Korea is associated to
Pillar II from the 2025 calls; HE-GA26, HE-PG: China's exclusions), not from the pages' own data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from horizon_eligibility import load_rules

RULES = load_rules()
SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


@pytest.fixture(params=["phone", "laptop"])
def sized(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[str, Any]]:
    size = request.param
    phone = size == "phone"
    context = browser.new_context(viewport=SIZES[size], is_mobile=phone, has_touch=phone, service_workers="block")
    try:
        yield size, context.new_page()
    finally:
        context.close()


def answer(page: Any) -> str:
    return " ".join((page.get_by_test_id("status-answer").text_content() or "").split())


def test_in_short_answers_any_call_year_and_part(sized: tuple[str, Any], site_server: Any) -> None:
    """KR-HE: associated to Pillar II (clusters) from the calls of 2025; before, a third country whose entities
    are not automatically funded (Korea is never on the low/middle-income list: SEED-002, HE-GA26)."""
    _, page = sized
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_server.url + "countries/kr/")
    year = page.get_by_test_id("status-year")
    part = page.get_by_test_id("status-part")
    year.wait_for(state="visible")
    # The current call year: today's year within the programmes' call years.
    today = dt.date.today().year
    years = sorted(y for p in RULES.programmes.values() for y in range(p.first_call_year, p.last_call_year + 1))
    assert year.input_value() == str(min(max(today, years[0]), years[-1]))
    year.select_option("2024")
    part.select_option("pillar-2")
    assert "calls of 2024, Pillar II: Third country." in answer(page)
    assert "Counts towards the minimum of Member States and associated countries: no" in answer(page)
    assert "EU funding: not automatically (own funding)" in answer(page)
    year.select_option("2025")
    assert part.input_value() == "pillar-2"
    assert "calls of 2025, Pillar II: Associated country." in answer(page)
    assert "EU funding: eligible" in answer(page)
    link = page.get_by_test_id("status-answer").get_by_role("link", name="KR-HE")
    assert link.get_attribute("href").endswith("sources/#src-kr-he")
    # Not associated for Pillar I (KR-HE: Pillar II only): no funding there.
    part.select_option("pillar-1")
    assert "calls of 2025, Pillar I: Third country (not associated for this part)." in answer(page)
    # A Horizon 2020 year brings that programme's parts (its usual one: Societal Challenges).
    year.select_option("2016")
    assert part.input_value() == "societal-challenges"
    assert part.locator("option").all_inner_texts()[0] == "Excellent Science"
    assert answer(page).startswith("Horizon 2020, calls of 2016, Societal Challenges: Third country.")
    assert not errors


def test_in_short_names_the_actions_a_restriction_covers(page: Any, site_server: Any) -> None:
    """HE-GA26: from the 2026 calls China is excluded from Innovation Actions and (outside the exempt
    destinations) from Research and Innovation Actions; MSCA and the other actions are not covered."""
    page.goto(site_server.url + "countries/cn/")
    page.get_by_test_id("status-year").select_option("2026")
    page.get_by_test_id("status-part").select_option("pillar-1")
    text = answer(page)
    assert "excluded (any role) from Innovation Actions and Research and Innovation Actions" in text
    assert "other actions: not automatically (own funding)" in text
    page.get_by_test_id("status-year").select_option("2022")
    assert "EU funding: not automatically (own funding)." in answer(page)


# Every table of the page: how far it (or its scroll wrapper) reaches beyond its container, and where the status
# and funding cells of the status tables sit.
MEASURE_TABLES = """() => {
  const article = document.querySelector('article');
  const limit = article.getBoundingClientRect().right;
  return {
    page: document.documentElement.scrollWidth - window.innerWidth,
    tables: [...article.querySelectorAll('table')].map(t => {
      const wrap = t.closest('.md-typeset__scrollwrap');
      return {
        overflow: wrap ? wrap.scrollWidth - wrap.clientWidth : t.getBoundingClientRect().right - limit,
        cue: wrap ? getComputedStyle(wrap).backgroundImage : '',
      };
    }),
    cells: [...article.querySelectorAll(
        'table.he-timeline td[data-label="Status"], table.he-timeline td[data-label="EU funding"]')]
      .map(td => { const r = td.getBoundingClientRect(); return [r.left, r.right]; }),
    width: window.innerWidth,
  };
}"""


@pytest.mark.parametrize("code", ["CN", "KR", "PT-20", "GB", "RU"])
def test_status_and_funding_need_no_sideways_scrolling(sized: tuple[str, Any], site_server: Any, code: str) -> None:
    size, page = sized
    page.goto(site_server.url + f"countries/{code.lower()}/")
    found = page.evaluate(MEASURE_TABLES)
    assert found["page"] <= 0, found["page"]
    assert found["tables"] and all(t["overflow"] <= 1 for t in found["tables"]), (size, found["tables"])
    assert found["cells"]
    assert all(left >= 0 and right <= found["width"] for left, right in found["cells"]), (size, found["cells"])


def test_a_table_wider_than_the_page_shows_that_it_scrolls(page: Any, site_server: Any) -> None:
    page.set_viewport_size(SIZES["laptop"])
    page.goto(site_server.url + "countries/")
    tables = page.evaluate(MEASURE_TABLES)["tables"]
    for table in tables:
        if table["overflow"] > 1:
            assert "radial-gradient" in table["cue"], table


# -- the map ---------------------------------------------------------------------------------------------
def open_map(page: Any, site_server: Any, query: str = "") -> Any:
    page.goto(site_server.url + "countries/" + query)
    page.wait_for_selector("#he-map-controls:not([hidden])")
    return page.get_by_test_id("country-map")


def test_a_tap_shows_the_status_and_a_second_tap_opens_the_page(browser: Any, site_server: Any) -> None:
    context = browser.new_context(viewport=SIZES["phone"], is_mobile=True, has_touch=True, service_workers="block")
    try:
        page = context.new_page()
        the_map = open_map(page, site_server)
        brazil = the_map.locator("a[data-code=BR] path")
        brazil.tap()
        assert page.url.endswith("/countries/")
        focus = page.locator("#he-map-focus").text_content() or ""
        assert focus.startswith("Brazil: ") and "Tap it again to open its page" in focus
        assert page.locator(".he-map-ring").get_attribute("data-for") == "BR"
        the_map.locator("a[data-code=AR] path").tap()  # another country: its status, still no page
        assert page.url.endswith("/countries/")
        assert (page.locator("#he-map-focus").text_content() or "").startswith("Argentina: ")
        the_map.locator("a[data-code=AR] path").tap()
        page.wait_for_url(re.compile(r"/countries/ar/$"))
    finally:
        context.close()


def test_a_click_or_the_keyboard_opens_the_page_at_once(page: Any, site_server: Any) -> None:
    page.set_viewport_size(SIZES["laptop"])
    the_map = open_map(page, site_server)
    the_map.locator("a[data-code=BR] path").click()
    page.wait_for_url(re.compile(r"/countries/br/$"))
    the_map = open_map(page, site_server)
    the_map.locator("[data-code=AR]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/countries/ar/$"))


def _luminance(colour: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+(?:\.\d+)?", colour)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


RING_AND_FILLS = """() => {
  const ring = document.querySelector('.he-map-ring .he-map-ring-line');
  const fills = {};
  for (const li of document.querySelectorAll('.he-map-legend li')) {
    const a = document.querySelector(`.he-map-svg a[data-status="${li.dataset.status}"] path`);
    if (!a) continue;
    const fill = getComputedStyle(a).fill;
    fills[li.dataset.status] = fill.startsWith('url') ?
      [...document.querySelectorAll('#he-map-hatch rect')].map(r => getComputedStyle(r).fill) : [fill];
  }
  return {ring: ring && getComputedStyle(ring).stroke, width: ring && getComputedStyle(ring).strokeWidth,
          shapes: document.querySelectorAll('.he-map-ring path, .he-map-ring circle').length, fills};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_focused_country_has_a_ring_of_at_least_3_to_1_on_every_fill(
    browser: Any, site_server: Any, scheme: str
) -> None:
    context = browser.new_context(viewport=SIZES["laptop"], color_scheme=scheme, service_workers="block")
    try:
        page = context.new_page()
        # 2026, Pillar II: every class on the map (China is excluded from some types of action, HE-GA26).
        the_map = open_map(page, site_server, "?programme=horizon-europe&year=2026&part=pillar-2")
        the_map.locator("[data-code=CN]").focus()
        found = page.evaluate(RING_AND_FILLS)
        assert found["ring"] and found["shapes"] >= 2, found
        assert set(found["fills"]) >= {"member-state", "third-country", "excluded", "excluded-from-some-actions"}
        for status, fills in found["fills"].items():
            for fill in fills:
                assert contrast(found["ring"], fill) >= 3.0, (scheme, status, fill, found["ring"])
        assert page.locator(".he-map-ring").get_attribute("data-for") == "CN"
        assert "Innovation Actions" in (page.locator("#he-map-focus").text_content() or "")
    finally:
        context.close()


# -- search ----------------------------------------------------------------------------------------------
def test_searching_korea_finds_south_korea_first(page: Any, site_server: Any) -> None:
    page.set_viewport_size(SIZES["laptop"])
    page.goto(site_server.url)
    page.keyboard.press("s")  # Material's shortcut to the search box
    page.locator("input.md-search__input").fill("Korea")
    page.wait_for_selector(".md-search-result__item")
    first = " ".join(page.locator(".md-search-result__item").first.inner_text().split())
    assert first.startswith("Republic of Korea (KR)"), first
    titles = [" ".join(t.split()) for t in page.locator(".md-search-result__item h1").all_inner_texts()]
    assert any(t.startswith("Korea (Democratic People's Republic)") for t in titles), titles
