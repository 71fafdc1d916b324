"""Organisation suggestions on the checker page (partner-suggest.mjs, directory.mjs): the organisation directory
from CORDIS, fetched only when a name field is focused, searched by the engine in the worker (axe with the
suggestions open: test_accessibility.py).

Expected answers come from CORDIS-HE (he_organizations.csv, snapshot 2025-12-06): the Fraunhofer-Gesellschaft
is PIC 999984059, in Germany (DE), a research organisation (REC). A consortium given by PIC gets the verdict
the command line gives it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from horizon_eligibility import check

from .helpers import BOOT_TIMEOUT_MS, expected_from_cli, fragment, projected, wait_ready, wait_settled
from .server import SiteServer
from .test_offline import ANSWERED, CACHED

FRAUNHOFER = "999984059"
DIRECTORY_PATH = "/assets/directory/"
SUGGESTIONS = '[data-testid="partner-suggestions"]'
OPTIONS = f'{SUGGESTIONS} [role="option"]'
NAME = "#he-rows input[data-key=name]"
# The suggestions are open, for this text (the query they answer).
SHOWN_FOR = f"(q) => {{ const l = document.querySelector('{SUGGESTIONS}'); return !l.hidden && l.dataset.query==q; }}"


def directory_requests(server: SiteServer) -> list[str]:
    return [h.path for h in list(server.log.hits) if h.path.startswith(DIRECTORY_PATH)]


def open_checker(page: Any, url: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    page.goto(url + (fragment(data) if data else ""))
    return wait_ready(page)


def type_name(page: Any, text: str, row: int = 0) -> None:
    field = page.locator(NAME).nth(row)
    field.focus()
    field.fill("")  # a reload keeps what was typed before
    field.press_sequentially(text)
    page.wait_for_function(SHOWN_FOR, arg=text, timeout=BOOT_TIMEOUT_MS)


def row_values(page: Any, row: int = 0) -> dict[str, str]:
    values: dict[str, str] = page.evaluate(
        """(row) => {
          const tr = document.querySelectorAll('#he-rows tr')[row];
          const get = (key) => tr.querySelector(`[data-key=${key}]`).value;
          return {name: get('name'), country: get('country'), type: get('type'), pic: get('pic')};
        }""",
        row,
    )
    return values


def test_nothing_of_the_directory_is_requested_before_a_name_field_is_focused(
    page: Any, checker_url: str, site_server: SiteServer
) -> None:
    site_server.log.clear()
    open_checker(page, checker_url)
    page.wait_for_timeout(500)  # anything the page would do on its own after the first verdict
    assert directory_requests(site_server) == []
    page.locator("#he-call-id").focus()  # another field: still nothing
    page.wait_for_timeout(300)
    assert directory_requests(site_server) == []
    page.locator(NAME).first.focus()
    page.wait_for_function("() => window.__heDirectory?.ready === true", timeout=BOOT_TIMEOUT_MS)
    assert len(directory_requests(site_server)) == 1


def test_fraunhofer_gesellschaft_is_suggested_and_choosing_it_fills_germany(
    page: Any, checker_url: str, page_errors: list[str]
) -> None:
    open_checker(page, checker_url)
    page.locator("#he-call-year").fill("2025")  # a fresh form gives no call year, which the engine needs
    page.locator("#he-rows select[data-key=role]").first.select_option("coordinator")
    type_name(page, "fraunhofer gesellschaft")
    first = page.locator(OPTIONS).first
    text = first.text_content() or ""
    assert "FRAUNHOFER GESELLSCHAFT" in text and "Germany" in text and "research organisation" in text
    assert page.locator(NAME).first.get_attribute("aria-expanded") == "true"
    assert "found in CORDIS" in (page.locator("#he-partner-status").text_content() or "")
    first.click()
    values = row_values(page)
    assert values["country"] == "DE" and values["type"] == "research-organisation" and values["pic"] == FRAUNHOFER
    assert values["name"].startswith("FRAUNHOFER GESELLSCHAFT")
    assert page.locator(SUGGESTIONS).is_hidden()
    verdict = wait_settled(page)
    assert ["he.input.from-directory", "info"] in verdict["findings"]
    # Still editable: another country given by hand wins, and the verdict says it differs from CORDIS.
    country = page.locator("#he-rows input[data-key=country]").first
    country.fill("AT")
    country.press("Tab")
    rules = "() => [...document.querySelectorAll('#he-details .he-finding')].map(li => li.dataset.rule)"
    page.wait_for_function(f"() => ({rules})().includes('he.input.directory-differs')")
    assert not page_errors


def test_the_suggestions_work_with_the_keyboard_alone(page: Any, checker_url: str) -> None:
    open_checker(page, checker_url)
    type_name(page, "ku leuven")
    field = page.locator(NAME).first
    options = page.locator(OPTIONS)
    assert options.count() >= 2
    field.press("ArrowDown")
    assert options.nth(0).get_attribute("aria-selected") == "true"
    assert field.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    field.press("ArrowDown")
    field.press("ArrowUp")
    field.press("ArrowUp")  # from the first option up to the last
    assert options.nth(options.count() - 1).get_attribute("aria-selected") == "true"
    field.press("Escape")
    assert page.locator(SUGGESTIONS).is_hidden() and field.get_attribute("aria-expanded") == "false"
    assert field.input_value() == "ku leuven"  # Escape keeps the text
    field.press("ArrowDown")  # opens the list again
    assert page.locator(SUGGESTIONS).is_visible()
    field.press("ArrowDown")
    field.press("Enter")
    values = row_values(page)
    # CORDIS-HE: KATHOLIEKE UNIVERSITEIT LEUVEN (KU Leuven), PIC 999991334, BE, HES.
    ku_leuven = {"name": "KATHOLIEKE UNIVERSITEIT LEUVEN", "country": "BE", "type": "university", "pic": "999991334"}
    assert values == ku_leuven
    assert page.evaluate("document.activeElement.dataset.key") == "name"  # the focus stays in the row


def test_a_consortium_given_by_pic_gets_the_command_line_verdict(page: Any, checker_url: str) -> None:
    data = {
        "programme": "horizon-europe",
        "action": "RIA",
        "call_year": 2025,
        "participants": [
            {"pic": FRAUNHOFER, "role": "coordinator"},
            {"pic": "999997930", "role": "beneficiary"},
            {"pic": "999991334", "role": "beneficiary", "type": "company"},
        ],
    }
    shown = open_checker(page, checker_url, data)
    assert projected(shown) == expected_from_cli(check(data).to_dict())
    assert ["he.input.directory-differs", "warning"] in shown["findings"]
    # The rows given by PIC alone show what CORDIS gave as placeholders; the consortium is not filled in.
    first = page.locator("#he-rows tr").first
    name = first.locator("input[data-key=name]")
    assert name.input_value() == "" and (name.get_attribute("placeholder") or "").startswith("FRAUNHOFER GESELLSCHAFT")
    assert first.locator("input[data-key=country]").get_attribute("placeholder") == "DE"
    assert "Germany (DE), from CORDIS" in (first.locator(".he-country-name").text_content() or "")
    blank_type = first.locator('select[data-key=type] option[value=""]').text_content() or ""
    assert "research organisation" in blank_type.lower() and "CORDIS" in blank_type
    assert page.evaluate("() => window.__heChecker.toInput()") == data


def test_an_unknown_pic_is_marked_on_the_pic_field(page: Any, checker_url: str) -> None:
    data = {
        "programme": "horizon-europe",
        "action": "RIA",
        "call_year": 2025,
        "participants": [{"pic": "123456789", "role": "coordinator"}, {"pic": "12", "role": "beneficiary"}],
    }
    shown = open_checker(page, checker_url, data)
    assert shown["state"] == "input-error"
    assert shown["errors"] == ["participants[0].pic", "participants[1].pic"]  # the engine's paths, and no others
    for row in range(2):
        pic = page.locator("#he-rows tr").nth(row).locator("input[data-key=pic]")
        assert pic.get_attribute("aria-invalid") == "true"


def test_typing_works_as_before_without_the_directory(page: Any, checker_url: str) -> None:
    page.route("**/assets/directory/**", lambda route: route.abort())
    open_checker(page, checker_url)
    field = page.locator(NAME).first
    field.focus()
    field.press_sequentially("Uni Alpha")
    verdict = wait_settled(page)
    assert verdict["state"] in ("ready", "input-error")
    assert field.input_value() == "Uni Alpha" and page.locator(SUGGESTIONS).is_hidden()


def test_the_directory_is_kept_for_offline_use_once_fetched(
    browser: Any, browser_context_args: dict[str, Any], site_server: SiteServer, checker_site: Path
) -> None:
    context = browser.new_context(**{**browser_context_args, "service_workers": "allow"})
    try:
        page = context.new_page()
        open_checker(page, site_server.url + "checker/")
        page.wait_for_function(ANSWERED, timeout=BOOT_TIMEOUT_MS)
        assert not [p for p in page.evaluate(CACHED) if p.startswith("assets/directory/")]  # not ahead of use
        type_name(page, "fraunhofer")
        page.wait_for_function(
            f"async () => ({CACHED})().then(paths => paths.some(p => p.startsWith('assets/directory/')))",
            timeout=BOOT_TIMEOUT_MS,
        )
        context.set_offline(True)
        page.reload()
        wait_ready(page)
        type_name(page, "fraunhofer gesellschaft")
        assert "Germany" in (page.locator(OPTIONS).first.text_content() or "")
        manifest = json.loads((checker_site / "assets/checker/engine.json").read_text(encoding="utf-8"))
        assert manifest["directory"]["size"] <= 1_200_000
    finally:
        context.close()
