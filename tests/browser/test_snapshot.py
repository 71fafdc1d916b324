"""The engine snapshot kept in the browser (checker/engine-boot.mjs, checker/snapshot-cache.mjs).

- A returning visit starts from the snapshot made after the first visit, and gives the same verdict.
- The snapshot is taken before the first check: nothing the visitor typed is in it.
- A damaged snapshot (bytes changed on disk), or an intact one Pyodide cannot use, never costs the verdict:
  the engine starts the normal way, the status line says so, and a good snapshot is saved again.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from build_scripts.paths import ROOT

from .helpers import BOOT_TIMEOUT_MS, fragment, projected, wait_ready

EXAMPLE = json.loads((ROOT / "examples/design-example.json").read_text(encoding="utf-8"))
SAVED = "() => window.__heEngineInfo?.snapshot?.saved === true"
INFO = "() => { const s = window.__heEngineInfo.snapshot; return {used: s.used, error: s.error}; }"
STATUS = "() => document.getElementById('he-status').textContent"

# Damage the saved snapshot in place, as the page can: "bytes" changes its stored bytes (the hash no longer
# matches); "header" overwrites the start of the memory image and stores it properly hashed, so it passes
# the integrity check and only Pyodide itself can refuse it.
DAMAGE = """async (mode) => {
  const store = await import(new URL('../assets/javascripts/checker/snapshot-cache.mjs', location.href).href);
  const cache = await caches.open('he-engine-snapshot-v1');
  const [request] = await cache.keys();
  const entry = await cache.match(request);
  if (mode === 'bytes') {
    const body = new Uint8Array(await entry.arrayBuffer());
    for (let i = 0; i < body.length; i += 4096) body[i] ^= 0xff;
    await cache.put(request, new Response(body, { headers: new Headers(entry.headers) }));
  } else {
    const bytes = await store.readSnapshot(entry);
    bytes.fill(0x55, 0, 64);
    await store.saveSnapshot(entry.headers.get('x-he-key'), bytes);
  }
}"""


# Which of the given strings the saved memory image holds (Python keeps ASCII text as one byte a character).
HOLDS = """async (needles) => {
  const store = await import(new URL('../assets/javascripts/checker/snapshot-cache.mjs', location.href).href);
  const cache = await caches.open('he-engine-snapshot-v1');
  const [request] = await cache.keys();
  const text = new TextDecoder('latin1').decode(await store.readSnapshot(await cache.match(request)));
  return needles.map((needle) => text.includes(needle));
}"""


def first_visit(page: Any, url: str) -> dict[str, Any]:
    page.goto(url)
    shown = wait_ready(page)
    assert page.evaluate(INFO) == {"used": False, "error": None}
    page.wait_for_function(SAVED, timeout=BOOT_TIMEOUT_MS)
    return shown


def test_a_returning_visit_starts_from_the_snapshot_and_gives_the_same_verdict(page: Any, checker_url: str) -> None:
    url = checker_url + fragment(EXAMPLE)
    first = first_visit(page, url)
    page.reload()
    again = wait_ready(page)
    assert page.evaluate(INFO) == {"used": True, "error": None}
    assert "from the engine kept in this browser" in page.evaluate(STATUS)
    assert projected(again) == projected(first)


def test_the_head_starts_the_engine_only_once_this_browser_keeps_it(page: Any, checker_url: str) -> None:
    # A first visit leaves the start to the page's module (Pyodide's download would delay the first paint);
    # once a snapshot is kept, the page's head starts the worker first thing.
    url = checker_url + fragment(EXAMPLE)
    first_visit(page, url)
    assert page.evaluate("() => window.__heEngineInfo.startedBy") == "page"
    assert page.evaluate("() => localStorage.getItem('horizon-eligibility:engine-kept')") == "1"
    page.reload()
    wait_ready(page)
    assert page.evaluate("() => window.__heEngineInfo.startedBy") == "head"
    assert page.evaluate(INFO) == {"used": True, "error": None}


def test_the_snapshot_holds_nothing_the_visitor_typed(page: Any, checker_url: str) -> None:
    marker = "Quixotic Marker Institute 7F3A"
    first, *others = EXAMPLE["participants"]
    example = {**EXAMPLE, "participants": [{**first, "name": marker}, *others]}
    first_visit(page, checker_url + fragment(example))
    # "horizon-europe" is in the rules the engine has loaded: the search does find what is there.
    assert page.evaluate(HOLDS, [marker, "horizon-europe"]) == [False, True]


@pytest.mark.parametrize("damage", ["bytes", "header"])
def test_a_damaged_snapshot_falls_back_to_a_normal_boot_and_says_so(
    page: Any, checker_url: str, damage: str, page_errors: list[str]
) -> None:
    url = checker_url + fragment(EXAMPLE)
    first = first_visit(page, url)
    page.evaluate(DAMAGE, damage)
    page.reload()
    shown = wait_ready(page)
    assert projected(shown) == projected(first)
    info = page.evaluate(INFO)
    assert info["used"] is False and info["error"], info
    if damage == "bytes":
        assert "integrity" in info["error"]
    status = page.evaluate(STATUS)
    assert "could not be used" in status and "started normally" in status, status
    # A good snapshot replaces the damaged one, and the next visit uses it.
    page.wait_for_function(SAVED, timeout=BOOT_TIMEOUT_MS)
    page.reload()
    assert projected(wait_ready(page)) == projected(first)
    assert page.evaluate(INFO) == {"used": True, "error": None}
    assert not page_errors
