"""The checker's front door: the engine is the only reader of what a person gives, its errors are shown on the
fields, and the form follows the call. The cases the page once read differently from the command line, each
compared with `horizon-eligibility check FILE --format json` (the expected answers are the command line's:
these tests prove the page and the command line agree, not what the rules say).
"""

from __future__ import annotations

import base64
import json
import re
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

from .helpers import cli_view, open_hash, open_link, page_view, same_json, wait_ready, wait_settled

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE: dict[str, Any] = json.loads((ROOT / "examples/design-example.json").read_text(encoding="utf-8"))
THREE = [
    {"name": "Uni A", "country": "DE", "role": "coordinator"},
    {"name": "Firm B", "country": "FR", "role": "beneficiary"},
    {"name": "Lab C", "country": "UK", "role": "beneficiary"},
]
BASE = {"programme": "horizon-europe", "action": "RIA", "call_year": 2025, "participants": THREE}


def with_(changes: dict[str, Any], people: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    """BASE with some fields changed, and some participants' fields."""
    data: dict[str, Any] = json.loads(json.dumps({**BASE, **changes}))
    for index, fields in (people or {}).items():
        data["participants"][index].update(fields)
    return data


def text_of(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


HUGE = "1" + "0" * 4999  # a number of 5,000 digits (Python's int() refuses more than 4,300)

# The input each finding of the issue was about, as JSON text: (name, text).
CASES = [
    # A topic open to the Member States only: the empty list is not dropped (UK excluded).
    ("empty eligible_countries", text_of(with_({"topic": {"eligible_countries": []}}))),
    # A text boolean is refused as on the command line, not taken as false.
    ("text boolean high_risk_suppliers_excluded", text_of(with_({"topic": {"high_risk_suppliers_excluded": "true"}}))),
    ("text boolean control_restriction", text_of(with_({"topic": {"control_restriction": "true"}}))),
    # A byte-order mark at the edge of a name and of its controller.
    ("BOM in a name", text_of(with_({}, {1: {"name": "\ufeffFirm B"}, 2: {"controlled_by": "Firm B"}}))),
    ("BOM in controlled_by", text_of(with_({}, {2: {"controlled_by": "\ufeffFirm B"}}))),
    ("empty flag", text_of(with_({}, {1: {"flags": [""]}}))),
    ("missing programme", text_of({k: v for k, v in BASE.items() if k != "programme"})),
    ("ERC part contradicting the action", text_of(with_({"action": "ERC-StG", "part": "pillar-2"}))),
    ("call year 2025.0", text_of(with_({"call_year": 2025.0}))),
    ("country names", text_of(with_({}, {0: {"country": "Deutschland"}, 2: {"country": "South Korea"}}))),
    ("ambiguous country name", text_of(with_({}, {2: {"country": "Korea"}}))),
    ("number of 5,000 digits", text_of(with_({"call_year": 0})).replace('"call_year":0', f'"call_year":{HUGE}')),
    ("lone surrogate in a name", json.dumps(with_({}, {1: {"name": "Firm \ud800B"}}), separators=(",", ":"))),
]


def raw_fragment(text: str) -> str:
    """A plain link to JSON text as written."""
    return "#c=" + base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def open_text(page: Any, text: str) -> dict[str, Any]:
    return open_hash(page, raw_fragment(text))


def sent_as_given(sent: str, text: str) -> bool:
    try:
        return same_json(json.loads(sent), json.loads(text))
    except ValueError:  # what Python's json refuses (5,000 digits) is compared as text
        return sent == text


@pytest.fixture
def checker(page: Any, checker_url: str) -> Any:
    page.goto(checker_url)
    wait_ready(page)
    return page


@pytest.mark.parametrize(("name", "text"), CASES, ids=[c[0] for c in CASES])
def test_the_page_reads_it_as_the_command_line_does(checker: Any, tmp_path: Path, name: str, text: str) -> None:
    page = checker
    path = tmp_path / "input.json"
    path.write_text(text, encoding="utf-8")
    expected = cli_view(path)
    shown = open_text(page, text)
    assert page_view(shown) == expected, (name, shown["text"], shown["error_text"])
    assert sent_as_given(page.evaluate("() => window.__heChecker.inputText()"), text), name


def test_member_states_only_survives_the_form_the_link_and_the_export(checker: Any, tmp_path: Path) -> None:
    page = checker
    shown = open_link(page, BASE)
    assert shown["state"] == "ready"
    box = page.locator("input[data-topic=eligible_countries][data-kind=empty]")
    assert "Member States only" in (box.locator("xpath=..").text_content() or "")
    box.check()
    shown = wait_settled(page)
    assert page.evaluate("() => window.__heChecker.toInput()")["topic"] == {"eligible_countries": []}
    path = tmp_path / "ms-only.json"
    path.write_text(json.dumps(with_({"topic": {"eligible_countries": []}})), encoding="utf-8")
    assert page_view(shown) == cli_view(path)
    assert page.locator("#he-topic-eligible_countries").is_disabled()
    # The link and the export keep the empty list.
    page.wait_for_function("() => location.hash.startsWith('#c=')")
    other = page.context.new_page()
    other.goto(page.url)
    wait_ready(other)
    assert other.evaluate("() => window.__heChecker.toInput()")["topic"] == {"eligible_countries": []}
    assert other.locator("input[data-topic=eligible_countries][data-kind=empty]").is_checked()
    with other.expect_download() as download:
        other.locator("#he-export-json").click()
    exported = tmp_path / "exported.json"
    download.value.save_as(exported)
    assert json.loads(exported.read_text(encoding="utf-8"))["topic"] == {"eligible_countries": []}
    other.close()


def test_a_2025_call_identifier_gives_a_verdict_without_touching_the_year(checker: Any) -> None:
    page = checker
    page.locator("#he-clear").click()
    fresh = wait_settled(page)
    # A fresh form says what to do; nothing is marked as an error yet.
    assert fresh["state"] == "empty" and not fresh["errors"]
    assert page.locator("[aria-invalid=true]").count() == 0
    assert page.locator("#he-call-year").input_value() == ""
    rows = page.locator("#he-rows tr")
    for k, p in enumerate([*THREE[:2], {"name": "Lab C", "country": "IT", "role": "beneficiary"}]):
        if k:
            page.locator("#he-add").click()
        rows.nth(k).locator("input[data-key=name]").fill(p["name"])
        rows.nth(k).locator("input[data-key=country]").fill(p["country"])
        rows.nth(k).locator("select[data-key=role]").select_option(p["role"])
    page.locator("#he-call-id").fill("HORIZON-CL5-2025-D3-01")
    shown = wait_settled(page)
    assert shown["state"] == "ready", shown["error_text"]
    assert "call year 2025" in shown["text"]
    assert page.locator("#he-call-year").input_value() == ""
    assert page.locator("#he-call-year").get_attribute("placeholder") == "2025"
    assert "call_year" not in page.evaluate("() => window.__heChecker.toInput()")


def test_the_action_list_is_grouped_and_starts_with_ria(checker: Any) -> None:
    page = checker
    page.locator("#he-clear").click()
    wait_settled(page)
    assert page.locator("#he-action").input_value() == "RIA"
    labels = page.locator("#he-action optgroup").evaluate_all("gs => gs.map(g => g.label)")
    assert (
        labels[0] == "Collaborative projects" and any("ERC" in g for g in labels) and any("MSCA" in g for g in labels)
    )
    first = page.locator("#he-action option").evaluate_all("os => os.slice(0, 4).map(o => o.value)")
    assert first == ["", "RIA", "IA", "CSA"]
    page.locator("#he-action").select_option("")
    page.locator("#he-rows input[data-key=name]").first.fill("Uni A")
    shown = wait_settled(page)
    assert "action" in shown["errors"]  # "Choose…" leaves the action out; the engine asks for one


def test_an_unknown_country_in_a_link_is_marked_on_its_field_in_plain_words(checker: Any) -> None:
    page = checker
    data = json.loads(json.dumps(EXAMPLE))
    data["participants"] = [
        {"name": f"Partner {k}", "country": "DE" if k % 2 else "FR", "role": "beneficiary"} for k in range(150)
    ]
    data["participants"][0]["role"] = "coordinator"
    data["participants"][130]["country"] = "Atlantis"
    shown = open_link(page, data)
    assert shown["state"] == "input-error" and shown["errors"] == ["participants[130].country"]
    item = page.locator("#he-errors li").first
    words = item.text_content() or ""
    assert "Atlantis" in words and "131" in words and not re.search(r"participants\[|\.country\b", words), words
    # The field is on the second page of rows: the error's link turns to it and puts the focus there.
    item.get_by_role("button").click()
    field = page.locator("#he-rows tr[data-uid] input[data-key=country][aria-invalid=true]")
    assert field.count() == 1
    assert page.evaluate("() => document.activeElement.getAttribute('aria-invalid')") == "true"
    message_id = (field.get_attribute("aria-describedby") or "").split()[0]
    message = page.locator(f"#{message_id}").text_content() or ""
    assert "Atlantis" in message and "participants[" not in message


def test_the_last_verdict_stays_on_screen_out_of_date_while_a_field_is_wrong(checker: Any) -> None:
    page = checker
    shown = open_link(page, EXAMPLE)
    assert shown["state"] == "ready" and not shown["stale"]
    eligible_text = shown["text"]
    page.locator("#he-rows tr").nth(1).locator("input[data-key=country]").fill("Atlantis")
    stale = wait_settled(page)
    assert stale["state"] == "input-error" and stale["stale"]
    assert stale["eligible"] is None  # no verdict for the input as it is now
    assert "Out of date" in stale["text"] and eligible_text.split(".")[0] in stale["text"]
    assert page.locator(".he-result-table tbody tr").count() == len(EXAMPLE["participants"])  # details kept
    page.locator("#he-rows tr").nth(1).locator("input[data-key=country]").fill("FR")
    again = wait_settled(page)
    assert again["state"] == "ready" and not again["stale"] and again["eligible"] in ("true", "false")
    assert page.locator("[aria-invalid=true]").count() == 0 and not again["errors"]


def test_a_link_that_inflates_to_a_gigabyte_is_refused_in_seconds(checker: Any) -> None:
    page = checker
    before = page.evaluate("() => window.__heChecker.inputText()")
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * (1 << 20)
    bomb = b"".join(packer.compress(chunk) for _ in range(1024)) + packer.flush()  # 1 GiB of spaces, ~1 MB packed
    hash = "#c=z1." + base64.urlsafe_b64encode(bomb).decode("ascii").rstrip("=")
    # Timed in the page, from the address being set to the message (Playwright's transfer of 1.4 MB aside; of
    # the rest, the browser's own taking in of so long an address is most).
    page.evaluate("""() => new MutationObserver(() => { window.__heT1 ??= performance.now(); })
        .observe(document.querySelector('#he-alert'), {childList: true})""")
    started = time.perf_counter()
    page.evaluate("h => { window.__heT0 = performance.now(); location.hash = h; }", hash)
    page.locator("#he-alert").wait_for(state="visible", timeout=30_000)
    elapsed = time.perf_counter() - started
    in_page = page.evaluate("() => window.__heT1 - window.__heT0") / 1000
    text = page.locator("#he-alert").text_content() or ""
    assert "more than 10 MB" in text, text
    assert in_page < 8, in_page  # 1.3-2 s on an idle machine, 4.5 s at a load average of 14
    assert page.evaluate("() => window.__heChecker.inputText()") == before
    page.locator("#he-add").click()  # still responsive
    size = len(hash) / 1e6
    print(f"\n1 GiB link ({size:.1f} MB): refused {in_page:.2f} s after the address was set ({elapsed:.1f} s in all)")


def test_deep_nesting_gets_a_message_not_an_engine_failure(checker: Any) -> None:
    page = checker
    # Deeper than the engine reads, but within what the page can hold: the engine's own message.
    text = '{"programme": "horizon-europe", "participants": [' + "[" * 500 + "]" * 500 + "]}"
    shown = open_text(page, text)
    assert shown["state"] == "input-error", shown["text"]
    assert "failed" not in shown["text"]
    # Deeper than the page holds: refused as it opens, the consortium kept.
    before = page.evaluate("() => window.__heChecker.inputText()")
    page.evaluate("h => { location.hash = h; }", raw_fragment("[" * 100_000 + "]" * 100_000))
    page.locator("#he-alert").wait_for(state="visible", timeout=5_000)
    assert "nested more than" in (page.locator("#he-alert").text_content() or "")
    assert page.evaluate("() => window.__heChecker.inputText()") == before
