"""The checker and the countries map as people use them (issue 12), on a laptop and a phone, light and dark:
the verdict in view, other call years side by side, lasting share links, safe CSV, the topic conditions
pasted in, the map, and the checker's assets on the checker page only."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .helpers import fragment, import_settled, open_hash, wait_ready, wait_settled

ROOT = Path(__file__).resolve().parents[2]
CONSORTIA = ROOT / "tests" / "engine" / "consortia"
OLD_LINKS = json.loads((ROOT / "tests/js/fixtures/old-share-links.json").read_text(encoding="utf-8"))["links"]
SIZES = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CONSORTIA / f"{name}.json").read_text(encoding="utf-8"))
    return data


SHAPES = [("laptop", "light"), ("phone", "dark"), ("laptop", "dark"), ("phone", "light")]


@pytest.fixture(params=SHAPES, ids="-".join)
def shaped(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[str, Any]]:
    """A page of a given size and colour scheme (and the size's name)."""
    size, scheme = request.param
    context = browser.new_context(viewport=SIZES[size], color_scheme=scheme, service_workers="block")
    try:
        yield size, context.new_page()
    finally:
        context.close()


def in_viewport(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"]
    return box is not None and 0 <= box["y"] < height and box["height"] > 0


def test_the_verdict_stays_in_view(shaped: tuple[str, Any], checker_url: str) -> None:
    size, page = shaped
    page.goto(checker_url + fragment(example("uk-2024-ria-associated")))
    shown = wait_ready(page)
    assert shown["eligible"] == "true"
    bar = page.get_by_test_id("verdict-summary")
    if size == "laptop":
        assert in_viewport(page, "[data-testid=verdict]")
        assert not bar.is_visible()
        page.locator("#he-add").scroll_into_view_if_needed()  # far down the form
        page.locator("#he-rows input[data-key=name]").last.fill("Renamed")
        wait_settled(page)
        assert in_viewport(page, "[data-testid=verdict]")  # sticky beside the form
    else:
        assert bar.is_visible() and in_viewport(page, "[data-testid=verdict-summary]")
        assert "Eligible" in (bar.text_content() or "") and "0 errors" in (bar.text_content() or "")
        page.locator("#he-rows input[data-key=name]").first.fill("Renamed")
        wait_settled(page)
        assert "Eligible" in (bar.text_content() or "")
        page.locator("#he-summary-button").click()
        page.wait_for_function("() => document.activeElement?.dataset.testid === 'verdict'")
        assert in_viewport(page, "[data-testid=verdict]")
        # No table scrolls sideways: the participants are cards on a phone.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= SIZES["phone"]["width"]


COMPARED = [
    ("uk-2023-ria-transitional", {2023: "false", 2024: "true"}),  # the UK did not count before 2024
    ("ch-2024-ria-not-associated", {2024: "false", 2025: "true"}),
    ("china-2026-ria", {2025: "true", 2026: "false"}),
    # Hong Kong may count as China for the 2026-2027 RIA exclusion (HE-GA26, HK-RGC): eligible if it does not.
    ("hong-kong-associated-partner-2026-ria", {2025: "true", 2026: "if"}),
]


# Each consortium in one of the shapes, and every shape once: what is compared does not depend on the layout.
@pytest.mark.parametrize(
    ("shaped", "name", "expected"),
    [(shape, name, expected) for shape, (name, expected) in zip(SHAPES, COMPARED, strict=True)],
    ids=[f"{'-'.join(shape)}-{name}" for shape, (name, _) in zip(SHAPES, COMPARED, strict=True)],
    indirect=["shaped"],
)
def test_other_call_years_side_by_side(
    shaped: tuple[str, Any], checker_url: str, name: str, expected: dict[int, str]
) -> None:
    _, page = shaped
    page.goto(checker_url + fragment(example(name)))
    wait_ready(page)
    page.locator("#he-compare-toggle").click()
    box = page.get_by_test_id("compare-years")
    page.wait_for_selector("[data-testid=compare-years][data-state=ready]")
    rows = box.locator("[data-year]").evaluate_all(
        "es => es.map(e => [e.dataset.year, e.dataset.eligible, e.dataset.outcome, e.cells[1].textContent])"
    )
    years = {int(y): e for y, e, _, _ in rows}
    assert sorted(years) == list(range(2021, 2028))
    assert {y: years[y] for y in expected} == expected
    words = {
        "true": ("eligible", "✔ Eligible"),
        "if": ("eligible-if", "⚠ Eligible if"),
        "false": ("not-eligible", "✖ Not"),
    }
    for _, eligible, outcome, cell in rows:
        assert (outcome, cell.startswith(words[eligible][1])) == (words[eligible][0], True), (eligible, outcome, cell)
    changes = box.locator(".he-compare-changes").text_content() or ""
    later = max(expected)
    # Why: a participant's standing, or a condition the checker could not verify, changes.
    assert f"{later}:" in changes and ("Why:" in changes or f"To confirm from {later}:" in changes)
    # An edit while the comparison is open compares again.
    page.locator("#he-call-year").fill(str(min(expected)))
    page.wait_for_function(
        "y => document.querySelector('[data-testid=compare-years] .he-this-year')?.dataset.year === y",
        arg=str(min(expected)),
    )


READ_ELIGIBLE_IF = """() => {
  const v = document.querySelector('[data-testid=verdict]');
  const title = v.querySelector('.he-verdict-title');
  const box = document.querySelector('.he-confirm-box');
  const colour = el => getComputedStyle(el).color;
  const bar = document.querySelector('[data-testid=verdict-summary]');
  return {
    eligible: v.dataset.eligible, outcome: v.dataset.outcome, title: title.textContent,
    colours: {title: colour(title), box: getComputedStyle(box).borderTopColor,
              border: getComputedStyle(v).borderLeftColor},
    others: ['he-ok', 'he-fail', 'he-incomplete'].map(cls => {
      const probe = document.createElement('span');
      probe.className = cls;
      document.querySelector('.he-checker').append(probe);
      const value = colour(probe);
      probe.remove();
      return value;
    }),
    toConfirm: [...box.querySelectorAll('[data-testid=conditions-to-confirm] > li')].map(li => li.dataset.rule),
    firstDetail: document.querySelector('#he-details').firstElementChild === box,
    bar: {state: bar.dataset.state, text: bar.textContent},
  };
}"""


def test_an_eligible_if_verdict_has_its_own_colour_word_and_icon_and_lists_what_to_confirm(
    shaped: tuple[str, Any], checker_url: str
) -> None:
    size, page = shaped
    page.goto(checker_url + fragment(example("topic-conditions-to-confirm-2025")))
    wait_ready(page)
    shown = page.evaluate(READ_ELIGIBLE_IF)
    assert (shown["eligible"], shown["outcome"]) == ("if", "eligible-if")
    # The headline keeps the two questions apart: what to confirm, and who is not automatically funded.
    assert shown["title"] == "⚠ Eligible if 2 conditions are confirmed; 1 beneficiary is not automatically funded."
    assert shown["toConfirm"] == ["he.topic.composition.check", "he.topic.unread"] and shown["firstDetail"]
    colours = shown["colours"]
    assert colours["title"] == colours["box"] == colours["border"]
    assert colours["title"] not in shown["others"]  # its own colour: not eligible's, not eligible-if's, not a warning's
    if size == "phone":
        assert shown["bar"]["state"] == "eligible-if"
        assert "⚠ Eligible if" in shown["bar"]["text"] and "2 conditions to confirm" in shown["bar"]["text"]
    page.locator("#he-compare-toggle").click()
    page.wait_for_selector("[data-testid=compare-years][data-state=ready]")
    this_year = page.locator("[data-testid=compare-years] [data-year='2025']")
    assert (this_year.get_attribute("data-eligible"), this_year.get_attribute("data-outcome")) == ("if", "eligible-if")


def test_old_links_open_for_good_and_new_links_are_compressed(page: Any, checker_url: str) -> None:
    page.goto(checker_url)
    wait_ready(page)
    for entry in OLD_LINKS[::9]:
        open_hash(page, entry["hash"])
        shown = page.evaluate("() => window.__heChecker.toInput()")
        assert [p["name"] for p in shown["participants"]] == [p["name"] for p in entry["input"]["participants"]], entry[
            "from"
        ]
        assert (shown["programme"], shown["action"]) == (entry["input"]["programme"], entry["input"]["action"]), entry[
            "from"
        ]
    page.locator("#he-rows input[data-key=name]").first.fill("Ågård «new»")
    wait_settled(page)
    page.wait_for_function("() => location.hash.startsWith('#c=z1.')")
    link, data = page.url, page.evaluate("() => window.__heChecker.toInput()")
    other = page.context.new_page()
    other.goto(link)
    wait_ready(other)
    assert other.evaluate("() => window.__heChecker.toInput()") == data
    other.close()
    page.locator("#he-share").click()
    assert "names" in (page.locator(".he-io .he-hint").first.text_content() or "")


def test_a_long_link_warns_and_offers_the_json_file(page: Any, checker_url: str) -> None:
    data = example("design-example")
    # Names that do not compress: a link of about 6,000 characters.
    data["participants"] = [
        {"name": hashlib.sha256(str(k).encode()).hexdigest()[:24], "country": "DE", "role": "beneficiary"}
        for k in range(150)
    ]
    page.goto(checker_url + fragment(data))
    wait_ready(page)
    page.locator("#he-share").click()
    page.wait_for_function("() => document.querySelector('#he-io-message').dataset.long === 'true'")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export JSON instead").click()
    # Named after the call and the day: consortium-HORIZON-CL5-2025-D3-01-2026-01-05.json
    named = download.value.suggested_filename
    assert re.fullmatch(rf"consortium-{data['call_id']}-\d{{4}}-\d{{2}}-\d{{2}}\.json", named)


def test_a_formula_in_a_name_is_no_formula_in_the_csv(page: Any, checker_url: str, tmp_path: Path) -> None:
    data = example("design-example")
    data["participants"][1]["name"] = '=HYPERLINK("http://evil.example","Click me")'
    data["participants"][2]["controlled_by"] = data["participants"][1]["name"]
    page.goto(checker_url + fragment(data))
    wait_ready(page)
    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    path = tmp_path / "consortium.csv"
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert "\"'=HYPERLINK(" in text
    assert not [line for line in text.splitlines() if line.startswith(("=", "+", "-", "@")) or ",=" in line]
    page.locator("#he-clear").click()
    import_settled(page, str(path))
    names = [p["name"] for p in page.evaluate("() => window.__heChecker.toInput()")["participants"]]
    assert names[1] == data["participants"][1]["name"]


def test_pasted_topic_conditions_fill_the_options_and_travel(page: Any, checker_url: str, tmp_path: Path) -> None:
    data = example("topic-conditions-text-japan-2026")
    text = data["topic"]["conditions_text"]
    del data["topic"]
    page.goto(checker_url + fragment(data))
    wait_ready(page)
    link = page.locator("#he-topic-link a")
    assert link.get_attribute("href") == (
        "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/"
        "HORIZON-CL4-2026-01-DIGITAL-EMERGING-02"
    )
    page.locator("#he-topic-text").fill(text + " Applicants must also juggle.")
    field = page.locator("[data-topic=eligible_countries][data-from-text=true]")
    field.wait_for()
    assert "Japan (JP)" in (field.text_content() or "") and "Participation is limited" in (field.text_content() or "")
    assert "juggle" in (page.locator(".he-topic-unread").text_content() or "")
    wait_settled(page)
    sent = page.evaluate("() => window.__heChecker.toInput()")
    assert sent["topic"] == {"conditions_text": text + " Applicants must also juggle."}
    with page.expect_download() as download:
        page.locator("#he-export-json").click()
    path = tmp_path / "consortium.json"
    download.value.save_as(path)
    assert json.loads(path.read_text(encoding="utf-8"))["topic"] == sent["topic"]
    page.reload()  # localStorage and the link both keep it
    wait_ready(page)
    assert page.locator("#he-topic-text").input_value() == sent["topic"]["conditions_text"]
    page.locator("[data-topic=eligible_countries][data-from-text=true]").wait_for()


def test_the_map_shows_the_chosen_year_and_part(shaped: tuple[str, Any], site_server: Any) -> None:
    _, page = shaped
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_server.url + "countries/?programme=horizon-europe&year=2024&part=pillar-2")
    page.wait_for_selector("#he-map-controls:not([hidden])")
    the_map = page.get_by_test_id("country-map")
    status = lambda code: the_map.locator(f"[data-code={code}]").get_attribute("data-status")  # noqa: E731
    assert the_map.locator("[data-code]").count() > 200
    assert (status("CH"), status("GB"), status("DE"), status("RU")) == (
        "third-country",
        "associated",
        "member-state",
        "excluded",
    )
    page.locator("#he-map-year").select_option("2025")
    assert status("CH") == "associated"
    assert "year=2025" in page.url and "part=pillar-2" in page.url
    page.locator("#he-map-programme").select_option("horizon-2020")
    assert "programme=horizon-2020" in page.url and page.locator("#he-map-year").input_value() == "2020"
    the_map.locator("[data-code=CH]").focus()
    assert "Switzerland" in (page.locator("#he-map-focus").text_content() or "")
    page.locator("[data-zoom=europe]").click()
    assert page.locator(".he-map-svg").get_attribute("viewBox") != "0 0 2000 885"
    assert not errors


def test_the_checker_assets_load_on_the_checker_page_only(page: Any, site_server: Any) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_server.url)
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "checker" in u.rsplit("/", 2)[-1] or "/checker/" in u], requested
    page.goto(site_server.url + "checker/")
    wait_ready(page)
    assert any(u.endswith("checker.css") for u in requested) and any(u.endswith("checker.mjs") for u in requested)
