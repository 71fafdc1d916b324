"""Helpers shared by the checker browser tests and the benchmark."""

from __future__ import annotations

import base64
import contextlib
import io
import json
from pathlib import Path
from typing import Any

from horizon_eligibility.cli import main as cli_main

BOOT_TIMEOUT_MS = 60_000
CHECK_TIMEOUT_MS = 10_000

# The verdict as the page shows it, read from the DOM (data attributes and text), not from JS state.
READ_VERDICT = """() => {
  const v = document.querySelector('[data-testid=verdict]');
  const d = document.querySelector('#he-details');
  return {
    state: v.dataset.state,
    eligible: v.dataset.eligible ?? null,
    outcome: v.dataset.outcome ?? null,
    stale: v.dataset.stale === 'true',
    revision: v.dataset.revision ?? null,
    text: v.textContent,
    errors: [...document.querySelectorAll('#he-errors li')].map(li => li.dataset.path),
    error_text: document.querySelector('#he-errors').textContent,
    findings: [...d.querySelectorAll('.he-finding')].map(li => [li.dataset.rule, li.dataset.severity]),
    toConfirm: [...d.querySelectorAll('[data-testid=conditions-to-confirm] > li')].map(li => li.dataset.rule),
    participants: [...d.querySelectorAll('.he-result-table tbody tr')].map(tr => [
      tr.querySelector('th').firstChild.textContent, tr.dataset.funding, tr.dataset.counts === 'true']),
    critical: [...d.querySelectorAll('.he-critical li')].map(li => li.textContent),
  };
}"""

# True once the verdict shown is the one for the latest edit (and the engine answered it).
SETTLED = """() => {
  const v = document.querySelector('[data-testid=verdict]');
  const f = document.querySelector('#he-form');
  return !!v && !!f && v.dataset.revision !== undefined && v.dataset.revision === f.dataset.revision
    && ['ready', 'input-error', 'empty'].includes(v.dataset.state);
}"""


def fragment(data: Any) -> str:
    """The share-link fragment of an input (URL-safe base64 of the UTF-8 JSON, no padding); what UTF-8 cannot
    carry (a lone surrogate) as a JSON escape."""
    try:
        raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raw = json.dumps(data).encode("ascii")
    return "#c=" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def wait_settled(page: Any, timeout: int = CHECK_TIMEOUT_MS) -> dict[str, Any]:
    """The verdict once it answers the current input, read in the same poll that sees it settled: a
    separate read afterwards could meet a verdict element that the page has just rebuilt."""
    handle = page.wait_for_function(f"() => ({SETTLED})() && ({READ_VERDICT})()", timeout=timeout)
    verdict: dict[str, Any] = handle.json_value()
    return verdict


def wait_ready(page: Any) -> dict[str, Any]:
    page.wait_for_selector("#he-status[data-state=ready]", timeout=BOOT_TIMEOUT_MS)
    return wait_settled(page)


def expected_from_cli(result: dict[str, Any]) -> dict[str, Any]:
    """The same projection as READ_VERDICT, from `--format json` output."""
    return {
        "eligible": {True: "true", None: "if", False: "false"}[result["eligible"]],
        "outcome": result["outcome"],
        "to_confirm": [c["rule"] for c in result["conditions_to_confirm"]],
        "findings": sorted([f["rule"], f["severity"]] for f in result["findings"]),
        "participants": [[p["name"], p["funding"], p["counts_towards_minimum"]] for p in result["participants"]],
        "critical": list(result["critical_participants"]),
    }


def outcome_from_cli(result: dict[str, Any]) -> str:
    """eligible | eligible-if | not-eligible | bad-input, from `--format json` output."""
    if "outcome" in result:
        return str(result["outcome"])
    return "eligible" if result["eligible"] else "not-eligible"


def outcome_shown(shown: dict[str, Any]) -> str:
    """The same, from the page (READ_VERDICT)."""
    if shown["state"] == "input-error":
        return "bad-input"
    if shown["outcome"]:
        return str(shown["outcome"])
    return "eligible" if shown["eligible"] == "true" else "not-eligible"


def projected(shown: dict[str, Any]) -> dict[str, Any]:
    return {
        "eligible": shown["eligible"],
        "outcome": shown["outcome"],
        "to_confirm": shown["toConfirm"],
        "findings": sorted(shown["findings"]),
        "participants": shown["participants"],
        "critical": shown["critical"],
    }


def cli_view(path: Path) -> dict[str, Any]:
    """What `horizon-eligibility check FILE --format json` says (run in-process): the outcome, each
    participant's funding and whether it counts, and the paths of the input errors."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(["check", str(path), "--format", "json"])
    result = json.loads(out.getvalue())
    if code == 2:
        return {"outcome": "bad-input", "errors": sorted(e["path"] for e in result["errors"]), "funding": []}
    funding = [[p["funding"], p["counts_towards_minimum"]] for p in result["participants"]]
    return {"outcome": outcome_from_cli(result), "errors": [], "funding": funding}


def page_view(shown: dict[str, Any]) -> dict[str, Any]:
    """The same, from the page (READ_VERDICT)."""
    bad = shown["state"] == "input-error"
    return {
        "outcome": outcome_shown(shown),
        "errors": sorted(shown["errors"]) if bad else [],
        "funding": [] if bad else [[p[1], p[2]] for p in shown["participants"]],
    }


def open_hash(page: Any, hash: str) -> dict[str, Any]:
    """Open a link's fragment in the checker already open (a hashchange), once checked. Material's instant
    navigation may swap the page in for a new hash: wait for the form that read it."""
    page.evaluate("h => { location.hash = h; }", hash)
    page.wait_for_function("h => document.querySelector('#he-form')?.dataset.loadedHash === h", arg=hash)
    return wait_settled(page)


def open_link(page: Any, data: Any) -> dict[str, Any]:
    """Open an input in the checker already open, through its link (a hashchange), once checked."""
    return open_hash(page, fragment(data))


def same_json(a: Any, b: Any) -> bool:
    """Equal, and of the same JSON types (2025.0 is not 2025)."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def import_settled(page: Any, files: Any) -> dict[str, Any]:
    """Import a file (a path, or {name, mimeType, buffer}) and return the verdict once the imported consortium
    is checked: the import is read asynchronously (CSV by the engine), so the old verdict is not taken for it."""
    before = page.evaluate("() => document.querySelector('#he-form').dataset.revision")
    page.locator("#he-import").set_input_files(files)
    page.wait_for_function("r => document.querySelector('#he-form').dataset.revision !== r", arg=before)
    return wait_settled(page)
