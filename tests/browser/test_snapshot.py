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

# The snapshot file in the origin private file system, read and written from the page (the worker reads it
# with a synchronous handle, which pages do not have).
FILE = """
  const store = await import(new URL('../assets/javascripts/checker/snapshot-cache.mjs', location.href).href);
  const handle = await (await navigator.storage.getDirectory()).getFileHandle('he-engine-snapshot-v2');
  const file = new Uint8Array(await (await handle.getFile()).arrayBuffer());
  const write = async (bytes) => { const w = await handle.createWritable(); await w.write(bytes); await w.close(); };
"""

# Damage the saved snapshot in place, as the page can: "bytes" changes bytes of its kept blocks (the checksum no
# longer matches); "header" overwrites the start of the memory image (Pyodide's own header) and stores it with
# a good checksum, so it passes the integrity check and only the restore itself can refuse it.
DAMAGE = (
    "async (mode) => {"
    + FILE
    + """
  if (mode === 'bytes') {
    const body = 12 + new DataView(file.buffer).getUint32(8, true);
    for (let i = body + 2048; i < file.length; i += 4096) file[i] ^= 0xff;
    await write(file);
  } else {
    const { header, image } = store.decodeSnapshot(file);
    image.fill(0x55, 0, 64);
    await write(store.encodeSnapshot(header.key, image));
  }
}"""
)


# Which of the given strings the saved memory image holds (Python keeps ASCII text as one byte a character).
HOLDS = (
    "async (needles) => {"
    + FILE
    + """
  const text = new TextDecoder('latin1').decode(store.decodeSnapshot(file).image);
  return needles.map((needle) => text.includes(needle));
}"""
)


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


# When the page asked for Material's search index, and when the engine was ready (ms after navigation).
ORDER = """() => ({
  index: performance.getEntriesByType('resource').find((e) => e.name.endsWith('/search/search_index.json'))?.startTime,
  engine: performance.getEntriesByName('he-engine-ready')[0]?.startTime,
})"""


def test_on_a_returning_visit_the_search_index_waits_for_the_engine_and_search_works(
    page: Any, checker_url: str
) -> None:
    url = checker_url + fragment(EXAMPLE)
    first_visit(page, url)
    page.reload()
    wait_ready(page)
    page.wait_for_function(f"() => ({ORDER})().index !== undefined")
    order = page.evaluate(ORDER)
    assert order["index"] >= order["engine"], order  # Material's indexing did not compete with the engine
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("Switzerland")
    page.wait_for_selector(".md-search-result__item", timeout=BOOT_TIMEOUT_MS)  # search works


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
