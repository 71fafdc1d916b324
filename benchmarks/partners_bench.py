"""Benchmark the organisation search (horizon_eligibility.directory) in Python and on the checker page.

    python -m benchmarks.partners_bench [--queries 1000] [--keystrokes 300] [--site DIR] [--python-only]

- Python (CPython, one core): loading the committed directory (reading, decompressing, parsing) and building
  its word index; then the time of each of 1,000 queries over the whole directory (median, p95, max; wall
  time, and this process's CPU time, which other work on the machine does not inflate). The
  queries are what a person types: one to three words of a random organisation's name, the last cut short
  as while typing, with the organisation's country half of the time.
- The page (headless Debian chromium against a local server): from focusing a name field to the directory
  being in the engine (download, SHA-256, Python reading it and building the index in the worker); then,
  keystroke by keystroke as names are typed, the time from the input event to the suggestions for that
  text in the DOM: the worker round trip (behind the check each keystroke also asks for) and the drawing.

Target: suggestions within 50 ms of a keystroke (median and p95). Results also go to
benchmarks/results/partners.json (gitignored), with the load average (other work shares the 2 cores).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from build_scripts.paths import ROOT
from horizon_eligibility.directory import PACKAGE_FILE, Directory, parse, words

TARGET_MS = 50.0

# Types each text one character at a time (an input event each), and times each keystroke from the event to
# the suggestions for that text in the listbox (its data-query); texts under two letters ask nothing.
TYPE_LOOP = """async (texts) => {
  const input = document.querySelector('#he-rows input[data-key=name]');
  const list = document.querySelector('[data-testid="partner-suggestions"]');
  const times = [];
  for (const text of texts) {
    input.focus();
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    for (let i = 1; i <= text.length; i++) {
      const typed = text.slice(0, i);
      const asks = typed.replace(/[^\\p{L}\\p{N}]/gu, '').length >= 2 && typed.trim() === typed;
      const t0 = performance.now();
      input.value = typed;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      if (!asks) continue;
      await new Promise((resolve) => {
        const done = () => list.dataset.query === typed.trim();
        if (done()) return resolve();
        const obs = new MutationObserver(() => { if (done()) { obs.disconnect(); resolve(); } });
        obs.observe(list, { attributes: true, childList: true });
      });
      times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 30));  // a fast typist: about 30 keystrokes a second at most
    }
  }
  return times;
}"""


def typed_queries(directory: Directory, count: int, seed: int) -> list[tuple[str, str | None]]:
    """(query, country or None) as a person types them: 1-3 words of a name, the last one cut short."""
    rng = random.Random(seed)
    out = []
    for org in rng.sample(directory.organisations, count):
        name = words(org.name)
        chosen = name[: rng.randint(1, min(3, len(name)))]
        last = chosen[-1]
        chosen[-1] = last[: rng.randint(min(2, len(last)), len(last))]
        out.append((" ".join(chosen), org.country if rng.random() < 0.5 and org.country else None))
    return out


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def figures(times: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(times), 3),
        "p95_ms": round(percentile(times, 0.95), 3),
        "max_ms": round(max(times), 3),
        "n": len(times),
    }


def python_figures(queries: int) -> dict[str, Any]:
    data = PACKAGE_FILE.read_bytes()
    started = time.perf_counter()
    directory = parse(data)
    parsed = time.perf_counter()
    directory.search("a")  # builds the index
    indexed = time.perf_counter()
    times, cpu = [], []
    for query, country in typed_queries(directory, queries, seed=2025):
        t0, c0 = time.perf_counter(), time.process_time()
        directory.search(query, country, 8)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    short = []
    for query in ("un", "in", "de", "sa", "co", "ka", "ltd", "gmbh"):  # the widest two- and three-letter ones
        t0 = time.perf_counter()
        directory.search(query, None, 8)
        short.append((time.perf_counter() - t0) * 1000)
    return {
        "organisations": len(directory),
        "file_bytes": len(data),
        "parse_ms": round((parsed - started) * 1000, 1),
        "index_ms": round((indexed - parsed) * 1000, 1),
        "queries": figures(times),
        "queries_cpu": figures(cpu),  # CPU time of this process: what other work on the machine does not inflate
        "widest_short_queries": figures(short),
    }


def page_figures(site: Path, keystrokes: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, OFFLINE, site_url_port
    from tests.browser.helpers import BOOT_TIMEOUT_MS, wait_ready
    from tests.browser.server import SiteServer

    directory = parse(PACKAGE_FILE.read_bytes())
    texts = []
    for query, _ in typed_queries(directory, 400, seed=7):
        texts.append(query)
        if sum(max(0, len(t) - 1) for t in texts) >= keystrokes:
            break
    try:
        server = SiteServer(site, site_url_port(), cache_control="max-age=600")
    except OSError:
        server = SiteServer(site, 0, cache_control="max-age=600")
    with server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[OFFLINE])
        page = browser.new_page()
        page.goto(server.url + "checker/")
        wait_ready(page)
        t0 = time.perf_counter()
        page.locator("#he-rows input[data-key=name]").first.focus()
        page.wait_for_function("() => window.__heDirectory?.ready === true", timeout=BOOT_TIMEOUT_MS)
        load_ms = (time.perf_counter() - t0) * 1000
        times: list[float] = page.evaluate(TYPE_LOOP, texts)
        browser.close()
    return {"focus_to_directory_loaded_ms": round(load_ms), "keystroke_to_suggestions": figures(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--keystrokes", type=int, default=300)
    parser.add_argument("--site", type=Path, help="a built site to use (default: build one into a temp dir)")
    parser.add_argument("--python-only", action="store_true", help="skip the page (no browser, no site build)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    summary: dict[str, Any] = {"python": python_figures(args.queries)}
    if not args.python_only:
        from tests.browser.conftest import build_site

        tmp = None
        site = args.site
        if site is None:
            tmp = Path(tempfile.mkdtemp(prefix="he-bench-site-"))
            site = build_site(tmp / "site")
        try:
            summary["page"] = page_figures(site, args.keystrokes)
        finally:
            if tmp:
                shutil.rmtree(tmp, ignore_errors=True)
    summary["target_met"] = {
        "python p95 < 50 ms": summary["python"]["queries"]["p95_ms"] < TARGET_MS,
        **(
            {"page p95 < 50 ms": summary["page"]["keystroke_to_suggestions"]["p95_ms"] < TARGET_MS}
            if "page" in summary
            else {}
        ),
    }
    summary["load_average_1min"] = {"before": round(load_before[0], 2), "after": round(os.getloadavg()[0], 2)}
    out = ROOT / "benchmarks" / "results" / "partners.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
