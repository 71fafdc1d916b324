"""Helpers shared by the checker browser tests and the benchmark."""

from __future__ import annotations

import base64
import json
from typing import Any

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
    revision: v.dataset.revision ?? null,
    text: v.textContent,
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
    && ['ready', 'input-error'].includes(v.dataset.state);
}"""


def fragment(data: dict[str, Any]) -> str:
    """The share-link fragment of an input (URL-safe base64 of the UTF-8 JSON, no padding)."""
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
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


def projected(shown: dict[str, Any]) -> dict[str, Any]:
    return {
        "eligible": shown["eligible"],
        "outcome": shown["outcome"],
        "to_confirm": shown["toConfirm"],
        "findings": sorted(shown["findings"]),
        "participants": shown["participants"],
        "critical": shown["critical"],
    }
