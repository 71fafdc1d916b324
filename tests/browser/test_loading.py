"""The checker's loading indicator (#he-progress, checker/progress-view.mjs) and the status line's phases.

- While the runtime downloads, the indicator is a progress bar with a value (aria-valuenow) and the megabytes.
- After that (WebAssembly compiling, Python starting, the engine being imported) it has no value and keeps
  moving; the status line names each phase. Here the engine's download is held, so the page stays in the last
  phase long enough to watch the bar move.
- It is hidden once the engine is ready; with reduced motion it pulses instead of sliding.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from build_scripts.paths import ROOT

from .helpers import BOOT_TIMEOUT_MS, fragment, wait_ready

EXAMPLE = json.loads((ROOT / "examples/design-example.json").read_text(encoding="utf-8"))
WHEEL = re.compile(r".*/assets/wheels/.*\.whl$")

# Every state of the status line and the indicator, as the page goes through them.
RECORD = """
window.__heSeen = [];
new MutationObserver(() => {
  const s = document.getElementById('he-status');
  const p = document.getElementById('he-progress');
  if (!s || !p) return;
  const seen = { text: s.textContent, hidden: p.hidden, mode: p.dataset.mode || null,
                 now: p.getAttribute('aria-valuenow'), valuetext: p.getAttribute('aria-valuetext') };
  const last = window.__heSeen[window.__heSeen.length - 1];
  if (!last || JSON.stringify(last) !== JSON.stringify(seen)) window.__heSeen.push(seen);
}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
"""
BAR = "() => getComputedStyle(document.querySelector('#he-progress .he-progress-bar'))"


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_the_indicator_measures_the_download_then_keeps_moving_until_the_engine_is_ready(
    page: Any, checker_url: str, motion: str
) -> None:
    page.emulate_media(reduced_motion=motion)
    held: list[Any] = []
    page.route(WHEEL, lambda route: held.append(route))
    page.add_init_script(RECORD)
    page.goto(checker_url + fragment(EXAMPLE))
    # Python has started; the engine waits for its package.
    engine_phase = "() => /Starting the eligibility engine/.test(document.getElementById('he-status').textContent)"
    page.wait_for_function(engine_phase, timeout=BOOT_TIMEOUT_MS)
    progress = page.locator("#he-progress")
    assert progress.is_visible()
    assert progress.get_attribute("role") == "progressbar" and progress.get_attribute("aria-label")
    assert progress.get_attribute("data-mode") == "indeterminate"
    assert progress.get_attribute("aria-valuenow") is None  # indeterminate: no value
    if motion == "reduce":
        assert page.evaluate(f"() => ({BAR})().animationName") == "he-progress-pulse"
    else:
        assert page.evaluate(f"() => ({BAR})().animationName") == "he-progress-slide"
        first = page.evaluate(f"() => ({BAR})().transform")
        page.wait_for_timeout(300)
        assert page.evaluate(f"() => ({BAR})().transform") != first  # it moves

    while not held:
        page.wait_for_timeout(50)
    held[0].continue_()
    wait_ready(page)
    assert progress.is_hidden()
    seen = page.evaluate("() => window.__heSeen")
    measured = [s for s in seen if s["mode"] == "determinate" and not s["hidden"]]
    assert measured and all(re.fullmatch(r"\d+", s["now"]) and int(s["now"]) <= 100 for s in measured), seen
    assert all(re.search(r"\d+(\.\d)? of \d+(\.\d)? MB", s["valuetext"]) for s in measured)
    texts = [s["text"] for s in seen]
    assert any("Loading the Python runtime" in t for t in texts), texts
    assert any("Starting Python" in t for t in texts), texts
    assert "Engine ready" in texts[-1]
