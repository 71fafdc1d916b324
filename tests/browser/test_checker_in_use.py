"""The checker as people use it, part 2: no lost work (undo, focus after a removal), a CSV export that keeps the
call and reads back on the command line, a verdict that a screen reader is told about once and not on every
keystroke, plain words with the ids behind "technical details", a printout that says what was checked, and
several consortia saved in this browser."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from .helpers import cli_view, fragment, import_settled, open_link, page_view, wait_ready, wait_settled

ROOT = Path(__file__).resolve().parents[2]
CONSORTIA = ROOT / "tests" / "engine" / "consortia"
NAMES = "#he-rows input[data-key=name]"


def example(name: str) -> dict[str, Any]:
    path = ROOT / "examples" / f"{name}.json" if name == "design-example" else CONSORTIA / f"{name}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def opened(page: Any, url: str, data: dict[str, Any]) -> dict[str, Any]:
    page.goto(url + fragment(data))
    return wait_ready(page)


def page_input(page: Any) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate("() => window.__heChecker.toInput()")
    return result


def names(page: Any) -> list[str]:
    return [p.get("name") for p in page_input(page)["participants"]]


def focused(page: Any) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(
        """() => { const a = document.activeElement;
          return {id: a.id, key: a.dataset.key || a.dataset.focus || null, row: a.closest('tr')?.dataset.uid || null,
                  text: a.textContent, uids: window.__heChecker.state.uids}; }"""
    )
    return found


# ----- no lost work -----------------------------------------------------------------------------------------


def test_a_removal_says_so_with_undo_and_the_focus_goes_to_the_row_before_not_to_the_next_remove(
    page: Any, checker_url: str
) -> None:
    data = example("design-example")
    opened(page, checker_url, data)
    before = names(page)
    page.locator("#he-rows tr").nth(1).locator("[data-act=remove]").focus()
    page.keyboard.press("Enter")
    wait_settled(page)
    assert names(page) == [before[0], *before[2:]]
    where = focused(page)
    assert (where["key"], where["row"]) == ("name", where["uids"][0])  # the row before, its name box
    message = page.locator("#he-rows-message")
    assert message.text_content().startswith(f"Removed “{before[1]}”.")
    # A second Enter, where the old page had put the next row's Remove button, removes nothing.
    page.keyboard.press("Enter")
    assert names(page) == [before[0], *before[2:]]
    # Ctrl+Z in that name box, before any typing there, undoes the removal: back in its place, in focus.
    page.keyboard.press("Control+z")
    wait_settled(page)
    assert names(page) == before
    assert focused(page)["row"] == focused(page)["uids"][1]
    assert "back as participant 2" in message.text_content()
    # The first row has no row before it: the focus goes to "Add participant".
    page.locator("#he-rows tr").first.locator("[data-act=remove]").click()
    assert focused(page)["id"] == "he-add"
    page.locator("#he-rows-message button", has_text="Undo").click()
    wait_settled(page)
    assert names(page) == before


def test_undo_of_a_removal_keeps_the_edits_made_since(page: Any, checker_url: str) -> None:
    opened(page, checker_url, example("design-example"))
    before = names(page)
    page.locator("#he-rows tr").nth(2).locator("[data-act=remove]").click()
    page.locator(NAMES).first.fill("Uni A, renamed")
    wait_settled(page)
    page.locator("#he-rows-message button", has_text="Undo").click()
    shown = wait_settled(page)
    assert names(page) == ["Uni A, renamed", *before[1:]]
    assert shown["state"] == "ready"


def test_a_removed_row_never_goes_into_another_consortium(page: Any, checker_url: str) -> None:
    opened(page, checker_url, example("design-example"))
    page.locator("#he-rows tr").nth(1).locator("[data-act=remove]").click()
    other = example("uk-2024-ria-associated")
    open_link(page, other)
    page.locator("#he-add").focus()
    page.keyboard.press("Control+z")
    page.wait_for_timeout(300)
    assert page_input(page) == other
    # A consortium replaced on the same page ("Start again") and edited since: the removal's Undo, still on
    # screen, puts nothing into it.
    page.locator("#he-rows tr").nth(1).locator("[data-act=remove]").click()
    page.locator("#he-clear").click()
    page.locator("#he-add").click()
    wait_settled(page)
    fresh = page_input(page)
    page.locator("#he-add").focus()
    page.keyboard.press("Control+z")  # neither the start again (edited since) nor the removal (another consortium)
    page.wait_for_timeout(300)
    assert page_input(page) == fresh
    page.locator("#he-rows-message button", has_text="Undo").click()
    assert "can no longer be undone" in (page.locator("#he-rows-message").text_content() or "")
    assert page_input(page) == fresh


def test_ctrl_z_in_a_box_that_was_typed_in_is_the_box_s_own(page: Any, checker_url: str) -> None:
    opened(page, checker_url, example("design-example"))
    before = names(page)
    page.locator("#he-rows tr").nth(3).locator("[data-act=remove]").click()
    box = page.locator(NAMES).first
    box.click()
    box.press("End")
    box.type("x")
    box.press("Control+z")  # the browser's undo of the typing, not ours of the removal
    assert len(names(page)) == len(before) - 1


def test_an_import_after_edits_cannot_be_undone_over_them(page: Any, checker_url: str, tmp_path: Path) -> None:
    opened(page, checker_url, example("design-example"))
    path = tmp_path / "other.json"
    path.write_text(json.dumps(example("uk-2024-ria-associated")), encoding="utf-8")
    import_settled(page, str(path))
    page.locator(NAMES).first.fill("Edited after the import")
    wait_settled(page)
    page.locator("#he-io-message button", has_text="Undo").click()
    assert "can no longer be undone" in page.locator("#he-io-message").text_content()
    assert names(page)[0] == "Edited after the import"


# ----- CSV: a round trip --------------------------------------------------------------------------------------


def test_the_csv_export_keeps_the_call_and_the_topic_and_reads_back_on_the_page_and_the_command_line(
    page: Any, checker_url: str, tmp_path: Path
) -> None:
    data = example("design-example")
    data["topic"] = {
        "conditions_text": 'Eligible: "any legal entity", wherever established;\nsee line 2.',
        "funded_third_countries": ["US"],
    }
    data["participants"][3]["flags"] = ["third-country-controlled"]
    shown = opened(page, checker_url, data)
    before = page_input(page)
    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    name = download.value.suggested_filename
    assert name == f"consortium-{data['call_id']}-{date.today().isoformat()}.csv"
    csv_file = tmp_path / name
    download.value.save_as(csv_file)
    assert csv_file.read_bytes().decode("utf-8").startswith("# programme: horizon-europe\r\n# action: RIA\r\n")
    # The command line reads the page's file to the verdict of the same consortium as JSON.
    json_file = tmp_path / "consortium.json"
    json_file.write_text(json.dumps(before), encoding="utf-8")
    assert cli_view(csv_file) == cli_view(json_file) == page_view(shown)

    page.locator("#he-clear").click()
    wait_settled(page)
    again = import_settled(page, str(csv_file))
    assert page_input(page) == before
    assert page_view(again) == page_view(shown)
    assert "the call and the topic" in page.locator("#he-io-message").text_content()


def test_a_csv_without_the_call_is_checked_against_the_form_s_call_and_the_page_says_so(
    page: Any, checker_url: str
) -> None:
    data = example("design-example")
    opened(page, checker_url, data)
    csv = "name,country,role\nUni A,DE,coordinator\nFirm B,FR,beneficiary\nLab C,IT,beneficiary\n"
    import_settled(page, {"name": "partners.csv", "mimeType": "text/csv", "buffer": csv.encode()})
    said = page.locator("#he-io-message").text_content()
    assert "The file gives no call: its participants are checked against the call in the form" in said
    assert data["call_id"] in said
    assert {k: v for k, v in page_input(page).items() if k != "participants"} == {
        k: v for k, v in data.items() if k != "participants"
    }


# ----- screen readers -----------------------------------------------------------------------------------------

# Every change of a live region's words, as a screen reader would be told it; and, for comparison, every batch of
# changes inside the verdict (what the page had read out when the verdict itself was an atomic live region).
COUNT_ANNOUNCEMENTS = """() => {
  window.__said = []; window.__verdictChanges = 0;
  if (window.__counting) return;
  window.__counting = true;
  const live = '[aria-live]:not([aria-live=off]), [role=status], [role=alert], [role=log], output';
  const last = new Map();
  new MutationObserver((records) => {
    for (const r of records) {
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const region = node?.closest(live);
      if (region && region.textContent.trim() && last.get(region) !== region.textContent) {
        last.set(region, region.textContent);
        window.__said.push([region.id, region.textContent]);
      }
    }
    // What an atomic live region on the verdict was re-read for: every batch of changes inside it.
    if (records.some((r) => document.querySelector('#he-verdict')?.contains(r.target))) window.__verdictChanges += 1;
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def type_and_pause(page: Any, box: Any, text: str) -> tuple[list[list[str]], int]:
    page.evaluate(COUNT_ANNOUNCEMENTS)
    box.press_sequentially(text, delay=90)
    wait_settled(page)
    page.wait_for_timeout(2500)  # the pause after which the one line is said
    said: list[list[str]] = page.evaluate("() => window.__said")
    verdict_changes: int = page.evaluate("() => window.__verdictChanges")
    return said, verdict_changes


def test_typing_a_word_in_a_partner_s_name_changes_the_announced_verdict_at_most_twice(
    page: Any, checker_url: str
) -> None:
    data = example("design-example")
    opened(page, checker_url, data)
    verdict = page.get_by_test_id("verdict")
    assert verdict.get_attribute("aria-live") is None and verdict.get_attribute("role") is None
    page.wait_for_function("() => document.querySelector('#he-announce').textContent.startsWith('Verdict: ')")
    # A partner's name typed over: the verdict is re-checked on every key; a screen reader hears it at most twice.
    box = page.locator(NAMES).nth(1)
    box.fill("")
    said, changed = type_and_pause(page, box, "Fraunhofer")
    print(f"\nname typed over: {len(said)} announcements, the verdict changed {changed} times: {said}")
    # The name box's own status (how many organisations the directory suggests, once it has arrived) is the
    # combobox's, not the verdict's: a screen reader hears the verdict at most twice.
    assert len(verdict_lines(said)) <= 2, said
    # A new partner typed from nothing: no "Not checked yet" is read out while its row is incomplete.
    page.locator("#he-add").click()
    said, changed = type_and_pause(page, page.locator(NAMES).last, "Politecnico")
    print(f"new partner's name: {len(said)} announcements, the verdict changed {changed} times: {said}")
    assert len(verdict_lines(said)) <= 2, said
    assert not [text for _, text in said if "Not checked yet" in text]


def verdict_lines(said: list[list[str]]) -> list[list[str]]:
    """The announcements of any live region but the name box's suggestion count."""
    return [item for item in said if item[0] != "he-partner-status"]


def test_the_verdict_is_said_in_one_line_once_the_edit_settles(page: Any, checker_url: str) -> None:
    data = {**example("ch-2024-ria-not-associated"), "call_year": 2024}
    del data["call_id"]  # the year alone, to change it
    opened(page, checker_url, data)
    announce = page.locator("#he-announce")
    page.wait_for_function("() => document.querySelector('#he-announce').textContent.startsWith('Verdict: Not')")
    page.locator("#he-call-year").fill("2025")  # Switzerland associated from the 2025 calls (CH-HE)
    wait_settled(page)
    page.wait_for_function("() => document.querySelector('#he-announce').textContent.startsWith('Verdict: Eligible')")
    assert len(announce.text_content() or "") < 200


def test_skip_to_the_verdict_is_the_form_s_first_stop(page: Any, checker_url: str) -> None:
    opened(page, checker_url, example("design-example"))
    hash_before = page.evaluate("() => location.hash")
    page.locator("#he-programme").focus()
    page.keyboard.press("Shift+Tab")
    skip = page.locator("#he-skip")
    assert page.evaluate("() => document.activeElement.id") == "he-skip"
    assert skip.is_visible() and skip.text_content() == "Skip to the verdict"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.dataset.testid") == "verdict"
    assert page.evaluate("() => location.hash") == hash_before  # the address keeps the consortium's link


# ----- plain words --------------------------------------------------------------------------------------------

RULE_ID = re.compile(r"\b(?:he|h2020)\.[A-Za-z0-9-]+\.[a-z0-9.-]+")


def test_rule_ids_and_option_names_are_technical_details(page: Any, checker_url: str) -> None:
    # china.restriction-ria-2026 (HE-GA26): its message names the topic option the form shows.
    opened(page, checker_url, example("china-2026-ria"))
    result = page.locator("#he-result")
    visible = result.inner_text()
    assert not RULE_ID.search(visible), RULE_ID.search(visible)
    assert "china_ria_exempt" not in visible
    assert "“Topic in a destination exempt from the 2026-2027 China restriction”" in visible
    page.locator("#he-tech-toggle").click()
    assert page.locator("#he-tech-toggle").get_attribute("aria-expanded") == "true"
    assert RULE_ID.search(result.inner_text())


def test_a_condition_met_in_a_later_year_reads_as_met(page: Any, checker_url: str) -> None:
    # The UK is associated from the 2024 calls (UK-HE): the three-countries condition is met from 2024.
    opened(page, checker_url, example("uk-2023-ria-transitional"))
    page.locator("#he-compare-toggle").click()
    page.wait_for_selector("[data-testid=compare-years][data-state=ready]")
    changes = page.locator(".he-compare-changes").inner_text()
    assert "Met from 2024: At least three independent beneficiaries" in changes
    assert "No longer:" not in changes


# ----- print --------------------------------------------------------------------------------------------------


def test_the_printout_has_the_topic_conditions_and_the_link_not_the_intro(page: Any, checker_url: str) -> None:
    data = example("topic-conditions-text-japan-2026")
    opened(page, checker_url, data)
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    link = page.get_by_test_id("print-link")
    assert link.is_visible() and link.text_content() == page.evaluate("() => location.href")
    assert "#c=" in (link.text_content() or "")
    topic = page.get_by_test_id("print-topic")
    assert topic.is_visible() and topic.text_content() == data["topic"]["conditions_text"]
    intro = page.locator(".md-content__inner > p").first
    assert intro.count() and not intro.is_visible()
    assert not page.locator("#he-offline").is_visible() and not page.locator("#he-form").is_visible()
    assert page.locator("#he-result .he-rule-id").first.is_visible()  # the record names its rules


# ----- several consortia --------------------------------------------------------------------------------------


def test_several_consortia_saved_in_this_browser(page: Any, checker_url: str, tmp_path: Path) -> None:
    first, second = example("design-example"), example("uk-2024-ria-associated")
    opened(page, checker_url, first)
    page.locator("#he-saved-name").fill("Bid A")
    page.locator("#he-saved-save").click()
    opened(page, checker_url, second)
    page.locator("#he-saved-name").fill("")
    page.locator("#he-saved-save").click()  # under the name offered: the call identifier
    items = page.get_by_test_id("saved-consortia").locator("li")
    assert items.count() == 2 and second["call_id"] in (items.nth(1).text_content() or "")

    items.nth(0).get_by_role("button", name="Open").click()
    wait_settled(page)
    assert page_input(page) == first
    items.nth(0).get_by_role("button", name="Rename").click()
    page.keyboard.type("Bid A, final")
    page.keyboard.press("Enter")
    assert (items.nth(0).text_content() or "").startswith("Bid A, final")
    items.nth(0).get_by_role("button", name="Duplicate").click()
    assert items.count() == 3 and (items.nth(1).text_content() or "").startswith("Bid A, final (copy)")
    items.nth(1).get_by_role("button", name="Delete").click()
    assert items.count() == 2
    page.keyboard.press("Enter")  # the focus is on Undo, not on another entry's Delete button
    assert items.count() == 3

    with page.expect_download() as download:
        page.locator("#he-saved-export").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert [c["input"] for c in exported["consortia"]] == [first, first, second]

    # Another browser (a new profile): the list comes in with the import button, beside the consortium there.
    context = page.context.browser.new_context(service_workers="block")
    try:
        other = context.new_page()
        opened(other, checker_url, example("kosovo-2025"))
        other.locator("#he-import").set_input_files(str(path))
        other.wait_for_function("() => document.querySelectorAll('[data-testid=saved-consortia] li').length === 3")
        assert page_input(other) == example("kosovo-2025")
    finally:
        context.close()
    page.reload()
    wait_ready(page)
    assert page.get_by_test_id("saved-consortia").locator("li").count() == 3
