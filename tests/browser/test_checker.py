"""The consortium checker in a real browser (Debian chromium), against the built site, offline."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from horizon_eligibility import InputError, check

from .helpers import (
    BOOT_TIMEOUT_MS,
    expected_from_cli,
    fragment,
    import_settled,
    open_link,
    projected,
    wait_ready,
    wait_settled,
)

ROOT = Path(__file__).resolve().parents[2]
CONSORTIA = sorted((ROOT / "examples").glob("*.json")) + sorted((ROOT / "tests/engine/consortia").glob("*.json"))
GOLDEN = ROOT / "tests/engine/golden/consortia"
NAME_INPUTS = "#he-rows input[data-key=name]"


def expected_verdict(path: Path) -> dict[str, Any]:
    """The command line's `--format json` output: the committed golden file of an example consortium
    (tests/engine/test_golden.py holds those equal to the engine), else the engine called here, with bad input
    as the command line writes it ({"outcome": "bad-input", "errors": [...]})."""
    golden = GOLDEN / path.name
    data = json.loads(path.read_text(encoding="utf-8"))
    if golden.is_file() and data == json.loads((ROOT / "tests/engine/consortia" / path.name).read_text("utf-8")):
        verdict: dict[str, Any] = json.loads(golden.read_text(encoding="utf-8"))
        return verdict
    try:
        return check(data).to_dict()
    except InputError as error:
        return {"outcome": "bad-input", "errors": error.to_list()}


def open_checker(page: Any, url: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    page.goto(url + (fragment(data) if data else ""))
    return wait_ready(page)


def show(page: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Load a consortium into the open page through its share-link fragment (a hashchange)."""
    return open_link(page, data)


def page_input(page: Any) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate("() => window.__heChecker.toInput()")
    return result


def test_example_consortia_get_the_same_verdict_as_the_command_line(
    page: Any, checker_url: str, page_errors: list[str]
) -> None:
    assert len(CONSORTIA) >= 2
    open_checker(page, checker_url)
    mismatches = []
    for path in CONSORTIA:
        shown = show(page, json.loads(path.read_text(encoding="utf-8")))
        cli = expected_verdict(path)
        if cli["outcome"] == "bad-input":
            # The same errors, at the same places (the page lists them above the verdict).
            assert shown["state"] == "input-error", path.name
            assert sorted(shown["errors"]) == sorted(e["path"] for e in cli["errors"]), path.name
            continue
        assert shown["state"] == "ready", (path.name, shown["text"])
        if projected(shown) != expected_from_cli(cli):
            mismatches.append((path.name, projected(shown), expected_from_cli(cli)))
    assert not mismatches
    assert not page_errors


def test_first_verdict_appears_and_updates_on_every_edit(page: Any, checker_url: str) -> None:
    data = json.loads((ROOT / "examples/design-example.json").read_text(encoding="utf-8"))
    first = open_checker(page, checker_url, data)
    assert first["state"] == "ready"
    assert page.get_by_test_id("verdict").get_attribute("data-eligible") in ("true", "false")
    # Change Firm C's controller to an outside entity: the verdict is recomputed without any button.
    controlled = page.locator("#he-rows tr").nth(2).locator("input[data-key=controlled_by]")
    controlled.fill("")
    after = wait_settled(page)
    assert after["revision"] != first["revision"]
    assert projected(after) == expected_from_cli(check(page_input(page)).to_dict())


def test_share_link_reproduces_the_consortium_and_wins_over_saved_state(
    context: Any, page: Any, checker_url: str
) -> None:
    open_checker(page, checker_url)
    page.locator("#he-clear").click()
    wait_settled(page)
    page.locator("#he-call-year").fill("2025")  # a fresh form has none: it follows a call identifier
    rows = page.locator("#he-rows tr")
    for index, (name, country, role) in enumerate(
        [("Uni Ä", "DE", "coordinator"), ("Firm «B»", "France", "beneficiary"), ("Lab C", "IT", "beneficiary")]
    ):
        if index:
            page.locator("#he-add").click()
        row = rows.nth(index)
        row.locator("input[data-key=name]").fill(name)
        row.locator("input[data-key=country]").fill(country)
        row.locator("select[data-key=role]").select_option(role)
    shown = wait_settled(page)
    assert "#c=" in page.url
    link, data = page.url, page_input(page)
    # A name typed in the country box stays as typed: the engine resolves it, and the page shows to what.
    assert data["participants"][1]["country"] == "France"
    assert "(FR)" in (page.locator(".he-result-table tbody tr").nth(1).text_content() or "")
    assert "(FR)" in (page.locator("#he-rows tr").nth(1).locator(".he-country-name").text_content() or "")
    # Change the consortium afterwards: saved state now differs from the link.
    page.locator(NAME_INPUTS).first.fill("Somebody else")
    wait_settled(page)

    other = context.new_page()
    other.goto(link)
    reopened = wait_ready(other)
    assert page_input(other) == data
    assert projected(reopened) == projected(shown)
    other.close()


def test_reload_keeps_the_consortium(page: Any, checker_url: str) -> None:
    data = json.loads((ROOT / "tests/engine/consortia/uk-2024-ria-associated.json").read_text(encoding="utf-8"))
    shown = open_checker(page, checker_url, data)
    page.locator(NAME_INPUTS).first.fill("Renamed coordinator")
    shown = wait_settled(page)
    expected = page_input(page)
    page.goto(checker_url)  # no fragment: localStorage brings it back
    again = wait_ready(page)
    assert page_input(page) == expected
    assert projected(again) == projected(shown)
    page.reload()
    wait_ready(page)
    assert page_input(page) == expected


def test_json_and_csv_export_import_round_trip(page: Any, checker_url: str, tmp_path: Path) -> None:
    data = json.loads((ROOT / "examples/design-example.json").read_text(encoding="utf-8"))
    data["participants"][0]["name"] = 'Uni "A", Ågård\nline 2'
    data["participants"][3]["flags"] = ["third-country-controlled"]
    shown = open_checker(page, checker_url, data)
    before = page_input(page)

    with page.expect_download() as download:
        page.locator("#he-export-json").click()
    json_file = tmp_path / "consortium.json"
    download.value.save_as(json_file)
    assert json.loads(json_file.read_text(encoding="utf-8")) == before

    with page.expect_download() as download:
        page.locator("#he-export-csv").click()
    csv_file = tmp_path / "consortium.csv"
    download.value.save_as(csv_file)
    # The call and the topic in header lines ("# action: RIA"), then the column names.
    header = next(line for line in csv_file.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    assert header.startswith("name,country,role,type,controlled_by")

    page.locator("#he-clear").click()
    wait_settled(page)
    assert page_input(page) != before
    assert projected(import_settled(page, str(json_file))) == projected(shown)
    assert page_input(page) == before

    page.locator("#he-clear").click()
    page.locator("#he-programme").select_option(before["programme"])
    page.locator("#he-action").select_option(before["action"])
    page.locator("#he-call-id").fill(before["call_id"])
    page.locator("#he-deadline").fill(before["deadline"])
    import_settled(page, str(csv_file))
    assert page_input(page)["participants"] == before["participants"]


def test_markup_in_a_name_stays_text(page: Any, checker_url: str, page_errors: list[str]) -> None:
    evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>'
    data = json.loads((ROOT / "examples/design-example.json").read_text(encoding="utf-8"))
    data["participants"][1]["name"] = evil
    data["participants"][2]["controlled_by"] = evil
    shown = open_checker(page, checker_url, data)
    assert evil in [p[0] for p in shown["participants"]]
    assert page.locator("#he-checker img, #he-checker b").count() == 0
    page.locator(NAME_INPUTS).first.fill(evil + "2")
    wait_settled(page)
    assert page.locator("#he-checker img, #he-checker b").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert not page_errors


def test_no_request_leaves_the_site(page: Any, checker_url: str, site_server: Any, foreign_requests: list[str]) -> None:
    seen: list[str] = []
    page.on("request", lambda req: seen.append(req.url))
    open_checker(page, checker_url)
    page.locator(NAME_INPUTS).first.fill("Someone")
    wait_settled(page)
    origin = site_server.url.rstrip("/")
    others = [u for u in seen if not (u.startswith(origin + "/") or u.startswith(("blob:", "data:")))]
    assert not others, others
    assert any("/pyodide/" in u and u.endswith(".wasm") for u in seen)
    assert not foreign_requests, foreign_requests


def test_keyboard_only_flow(page: Any, checker_url: str) -> None:
    page.goto(checker_url)
    page.wait_for_selector("#he-status[data-state=ready]", timeout=BOOT_TIMEOUT_MS)
    page.locator("#he-clear").focus()
    page.keyboard.press("Enter")
    wait_settled(page)
    unlabelled = page.evaluate("""() => [...document.querySelectorAll(
        '#he-checker input:not([type=hidden]), #he-checker select, #he-checker button, #he-checker summary')]
        .filter(e => !e.closest('[hidden]'))
        .filter(e => !(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')
                       || (e.labels && e.labels.length) || e.textContent.trim()))
        .map(e => e.outerHTML)""")
    assert not unlabelled
    # The verdict is told in one line (#he-announce), not re-read whole as a live region on every edit.
    assert page.get_by_test_id("verdict").get_attribute("aria-live") is None
    assert page.locator("#he-announce").get_attribute("aria-live") == "polite"

    page.locator("#he-programme").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "he-action"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "he-call-id"
    page.keyboard.type("HORIZON-CL5-2025-D3-01")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "he-call-year"
    assert page.locator("#he-call-year").input_value() == ""  # the year comes from the identifier
    page.locator("#he-rows input[data-key=name]").first.focus()
    for index, (name, country) in enumerate([("Uni A", "DE"), ("Firm B", "FR"), ("Lab C", "IT")]):
        focused = page.evaluate("document.activeElement.dataset.key")
        assert focused == "name", index
        page.keyboard.type(name)
        page.keyboard.press("Tab")
        page.keyboard.type(country)
        page.keyboard.press("Tab")  # role
        page.keyboard.type("b" if index else "c")
        if index < 2:
            for _ in range(12):  # Tab on through the row to the "Add participant" button
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.id") == "he-add":
                    break
            page.keyboard.press("Enter")  # focus moves to the new row's name
    shown = wait_settled(page)
    data = page_input(page)
    assert [p["role"] for p in data["participants"]] == ["coordinator", "beneficiary", "beneficiary"]
    assert "call_year" not in data and data["call_id"] == "HORIZON-CL5-2025-D3-01"
    assert shown["state"] == "ready"
    # Remove the last row with the keyboard: the focus goes to the row before's name (not to another Remove
    # button, where a second Enter would remove another), the verdict follows.
    page.get_by_role("button", name="Remove: participant 3").focus()
    page.keyboard.press("Enter")
    after = wait_settled(page)
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Name of participant 2"
    assert len(after["participants"]) == 2
    assert after["revision"] != shown["revision"]


def test_engine_that_fails_its_integrity_check_is_reported(page: Any, checker_url: str) -> None:
    page.route(re.compile(r".*/assets/wheels/.*\.whl$"), lambda route: route.fulfill(status=200, body=b"PK tampered"))
    page.goto(checker_url)
    page.wait_for_selector("#he-status[data-state=error]", timeout=BOOT_TIMEOUT_MS)
    status = page.locator("#he-status").text_content() or ""
    assert "could not be loaded" in status and "integrity" in status
    assert page.get_by_test_id("verdict").get_attribute("data-state") == "engine-error"
    assert page.get_by_test_id("verdict").get_attribute("data-eligible") is None


def test_form_works_without_python_and_says_why_there_is_no_verdict(page: Any, checker_url: str) -> None:
    page.route(re.compile(r".*/pyodide/[^/]+/pyodide\.asm\.wasm$"), lambda route: route.abort())
    page.goto(checker_url)
    page.wait_for_selector("#he-status[data-state=error]", timeout=BOOT_TIMEOUT_MS)
    assert page.locator("#he-programme option").count() >= 2  # from catalog.json, built from catalog()
    assert page.locator("#he-action option").count() >= 2
    assert page.locator("#he-countries option").count() > 200
    page.locator(NAME_INPUTS).first.fill("Still editable")
    page.locator("#he-add").click()
    assert page.locator(NAME_INPUTS).count() == 2
    assert "engine could not be loaded" in (page.get_by_test_id("verdict").text_content() or "")


def test_status_line_says_what_is_loading(page: Any, checker_url: str) -> None:
    messages = []
    page.expose_function("__heStatus", lambda text: messages.append(text))
    page.add_init_script("""new MutationObserver(() => {
        const s = document.getElementById('he-status'); if (s) window.__heStatus(s.textContent);
      }).observe(document, {subtree: true, childList: true, characterData: true});""")
    page.goto(checker_url)
    page.wait_for_selector("#he-status[data-state=ready]", timeout=BOOT_TIMEOUT_MS)
    assert any(re.search(r"Python runtime.*\d+(\.\d)? MB", m) for m in messages), messages
    assert "Engine ready" in messages[-1]


def test_print_view_has_date_and_data_version(page: Any, checker_url: str) -> None:
    data = json.loads((ROOT / "examples/design-example.json").read_text(encoding="utf-8"))
    open_checker(page, checker_url, data)
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    meta = page.locator("#he-print-meta")
    assert meta.is_visible()
    assert re.search(r"Checked on \d{4}-\d{2}-\d{2} with rules data version \S+", meta.text_content() or "")
    assert not page.locator("#he-form").is_visible()
    assert page.get_by_test_id("verdict").is_visible()


def test_part_follows_action_and_call_id(page: Any, checker_url: str) -> None:
    data = json.loads((ROOT / "examples/design-example.json").read_text(encoding="utf-8"))
    del data["part"], data["call_year"]
    shown = open_checker(page, checker_url, data)
    assert shown["state"] == "ready"
    assert page.locator("#he-call-year").get_attribute("placeholder") == "2025"
    verdict_part = page.evaluate("() => window.__heChecker.lastReply.verdict.part")
    assert page.locator("#he-part").input_value() == verdict_part
    assert "part" not in page_input(page)  # automatic until the user picks one
    other = page.locator("#he-part option").evaluate_all(
        "(opts, current) => opts.map(o => o.value).find(v => v && v !== current)", verdict_part
    )
    page.locator("#he-part").select_option(other)
    wait_settled(page)
    assert page_input(page)["part"] == other
    page.locator("#he-part-auto").click()
    wait_settled(page)
    assert "part" not in page_input(page)


def test_instant_navigation_keeps_one_engine(page: Any, site_server: Any) -> None:
    page.goto(site_server.url)
    link = page.locator("a[href$='checker/']:visible").first
    assert link.count() == 1 and page.evaluate("() => !!window.document$"), "the home page links to the checker"
    page.evaluate("() => { window.__marker = 1; }")
    link.click()
    wait_ready(page)
    assert page.evaluate("() => window.__marker") == 1  # no full page load
    page.go_back()
    page.wait_for_function("() => !document.getElementById('he-checker')")
    page.go_forward()
    page.wait_for_selector("#he-checker")
    shown = wait_settled(page)
    assert shown["state"] in ("ready", "input-error", "empty")
    assert page.evaluate("() => window.__marker") == 1
    assert not page.evaluate("() => document.querySelector('#he-status').dataset.state === 'loading'")


def test_an_action_with_a_fixed_part_fixes_the_part_select(page: Any, checker_url: str) -> None:
    # catalog() says which actions belong to one part only (fixed_part); until the rule data sets any, the
    # test sets one for ERC-StG in both catalogs the page reads: catalog.json and the worker's catalog().
    fix = (
        "c => { c.programmes.find(p => p.id === 'horizon-europe').actions"
        ".find(a => a.id === 'ERC-StG').fixed_part = 'pillar-1'; return c; }"
    )
    anchor = "const catalog = JSON.parse(engine.catalog());"

    def worker(route: Any) -> None:
        body = route.fetch().text()
        assert anchor in body, "checker-worker.mjs changed: update this test's injection point"
        route.fulfill(
            body=body.replace(anchor, f"const catalog = ({fix})(JSON.parse(engine.catalog()));"),
            content_type="text/javascript",
        )

    def catalog(route: Any) -> None:
        data = route.fetch().json()
        next(
            a for p in data["programmes"] if p["id"] == "horizon-europe" for a in p["actions"] if a["id"] == "ERC-StG"
        )["fixed_part"] = "pillar-1"
        route.fulfill(json=data)

    page.route(re.compile(r".*/checker-worker\.mjs$"), worker)
    page.route(re.compile(r".*/checker/catalog\.json$"), catalog)
    data = json.loads((ROOT / "examples/design-example.json").read_text(encoding="utf-8"))
    open_checker(page, checker_url, data)
    assert page.locator("#he-part").input_value() == "pillar-2"
    page.locator("#he-action").select_option("ERC-StG")
    wait_settled(page)
    assert page.locator("#he-part").input_value() == "pillar-1"
    disabled = page.locator("#he-part option").evaluate_all("opts => opts.filter(o => o.disabled).map(o => o.value)")
    assert "pillar-1" not in disabled and len(disabled) == page.locator("#he-part option").count() - 1
    assert "always belongs to" in (page.locator("#he-part-hint").text_content() or "")
    assert page_input(page).get("part") in (None, "pillar-1")
    page.locator("#he-action").select_option("RIA")
    wait_settled(page)
    assert page.locator("#he-part option:disabled").count() == 0
    assert "always belongs to" not in (page.locator("#he-part-hint").text_content() or "")
