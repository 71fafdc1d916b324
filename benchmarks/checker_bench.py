"""Benchmark the browser checker against a bare page that only boots Pyodide, as npm ships it.

    python -m benchmarks.checker_bench [--runs 5] [--site DIR] [--baseline DIR]
    python -m benchmarks.checker_bench --trace [--runs 3] [--site DIR]

In headless Debian chromium against a local server (Cache-Control: max-age=600, like GitHub Pages). The
bare page boots the four files of node_modules/pyodide (the same version, its full python_stdlib.zip)
from the same server; every figure is also given as a ratio to the bare page's, measured in the same run:

- cold: a fresh browser profile each run; time from navigation start to the first verdict
  (performance mark "he-first-verdict") on the checker, and to "ready" on the bare page;
- warm: a second visit in the same profile, once the first visit's background work is done (the
  service worker's copy of the site, the engine snapshot kept in this browser), as a visitor who comes
  back later finds it;
- edit -> verdict: median time from an edit (an input event) to the updated verdict in the DOM;
- bytes: response body bytes the server sent for the requests made before the first verdict (or "ready"),
  raw and as GitHub Pages would gzip them.

--baseline DIR: another built site (say, main's) is measured in the same run, in turn with the others, on an
origin of its own: the fair way to compare two builds on a machine whose load changes.

Targets: warm <= 0.2x the bare cold boot; cold <= 1.0x the bare boot; bytes as GitHub Pages sends them
(gzip) <= 1.1x; edit -> verdict median < 50 ms. Results also go to benchmarks/results/checker.json (gitignored).

--trace: where a returning visit's time goes (benchmarks/checker_trace.py): --runs times, the warm visit
above recorded with Chrome's tracing; prints the page's marks and the engine worker's steps in order, in ms
after navigation (medians), and whether the WebAssembly came from Chrome's compiled-code cache. The traces go
to benchmarks/results/checker-trace-<n>.json (Perfetto opens them).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from playwright.sync_api import sync_playwright

from build_scripts.paths import ROOT
from tests.browser.conftest import CHROMIUM, OFFLINE, build_site, site_url_port
from tests.browser.helpers import fragment
from tests.browser.server import SiteServer

BARE_DIR = "__bench_bare__"
BARE_HTML = """<!doctype html><meta charset="utf-8"><title>bare Pyodide boot</title>
<p id="s">booting</p>
<script type="module">
const w = new Worker(new URL("./worker.mjs", import.meta.url), { type: "module" });
w.onmessage = ({ data }) => {
  performance.mark("bare-ready");
  document.getElementById("s").textContent = data;
  document.body.dataset.ready = "1";
};
</script>
"""
# Pyodide as npm ships it (node_modules/pyodide, copied beside this worker), with the same loadPyodide()
# options as checker-worker.mjs except the standard library: Pyodide's own full python_stdlib.zip.
BARE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
BARE_WORKER = """
const indexURL = new URL("./pyodide/", import.meta.url).href;
const { loadPyodide } = await import(indexURL + "pyodide.mjs");
const py = await loadPyodide({ indexURL, lockFileContents: { info: __LOCK_INFO__, packages: {} }, stdout: () => {} });
postMessage(py.runPython("import sys; sys.version.split()[0]"));
"""
# A returning visitor comes back after the first visit's background work: the service worker's copy of the
# site and the engine snapshot this browser keeps (checker pages only; at most 60 s).
# (A build without keep requests, such as one from before issue 12, settles when its whole site is saved.)
SETTLED = """() => {
  const offline = window.__heOffline;
  const info = window.__heEngineInfo;
  const saved = !info || !info.snapshot || info.snapshot.settled;
  const kept = offline && ("answered" in offline ? offline.answered : offline.complete);
  const sw = !offline || !("serviceWorker" in navigator) || kept || offline.failed;
  return saved && sw;
}"""

EDIT_LOOP = """async (n) => {
  const times = [];
  const verdict = document.querySelector('[data-testid=verdict]');
  const input = document.querySelector('#he-rows input[data-key=name]');
  for (let i = 0; i < n; i++) {
    const done = new Promise((resolve) => {
      const obs = new MutationObserver(() => {
        if (verdict.dataset.revision === document.querySelector('#he-form').dataset.revision) {
          obs.disconnect(); resolve(performance.now());
        }
      });
      obs.observe(verdict, { attributes: true, childList: true, subtree: true });
    });
    await new Promise((r) => setTimeout(r, 20));
    const t0 = performance.now();
    input.value = `Uni A ${i}`;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    times.push((await done) - t0);
  }
  return times;
}"""


@functools.cache
def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def gzip_bytes(site: Path, hits: list[Any]) -> int:
    """What the same responses would weigh gzipped (GitHub Pages compresses text types, and wasm)."""
    total = 0
    for hit in hits:
        if hit.status != 200:
            continue
        path = site / unquote(urlsplit(hit.path).path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        total += _gzip_size(path) if path.is_file() else hit.bytes
    return total


def mark(page: Any, name: str) -> float:
    value: float = page.evaluate(f"() => performance.getEntriesByName('{name}')[0].startTime")
    return value


def visit(context: Any, url: str, ready_selector: str, mark_name: str, server: Any) -> tuple[float, list[Any]]:
    """Time to the mark, and the responses to the requests made before it; waits for background work after."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(ready_selector, timeout=120_000)
    elapsed = mark(page, mark_name)
    # Requests the page (or the service worker it registered) made after the mark, while this script was
    # noticing it, are not counted.
    at = page.evaluate("(ms) => performance.timeOrigin + ms", elapsed)
    hits = [hit for hit in list(server.log.hits) if hit.started <= at]
    try:
        page.wait_for_function(SETTLED, timeout=60_000, polling=250)
    except Exception:  # a benchmark goes on; the note says the figure may include that work
        print("note: background work did not settle within 60 s", file=sys.stderr)
    page.close()
    return elapsed, hits


def write_bare_page(site: Path) -> None:
    package = ROOT / "node_modules" / "pyodide"
    lock_info = json.loads((package / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    (site / BARE_DIR / "pyodide").mkdir(parents=True, exist_ok=True)
    for name in BARE_FILES:
        shutil.copyfile(package / name, site / BARE_DIR / "pyodide" / name)
    (site / BARE_DIR / "index.html").write_text(BARE_HTML, encoding="utf-8")
    worker = BARE_WORKER.replace("__LOCK_INFO__", json.dumps(lock_info))
    (site / BARE_DIR / "worker.mjs").write_text(worker, encoding="utf-8")


def run(site: Path, runs: int, baseline: Path | None = None) -> dict[str, Any]:
    write_bare_page(site)
    example = json.loads((ROOT / "examples" / "design-example.json").read_text(encoding="utf-8"))
    try:
        server = SiteServer(site, site_url_port(), cache_control="max-age=600")
    except OSError:
        server = SiteServer(site, 0, cache_control="max-age=600")
    checker = ("[data-testid=verdict][data-state=ready]", "he-first-verdict")
    pages = {
        "checker": (server.url + "checker/" + fragment(example), *checker, server, site),
        "bare": (server.url + BARE_DIR + "/", "body[data-ready]", "bare-ready", server, site),
    }
    # Another build (e.g. main's), on an origin of its own, measured in turn with the others in the same run.
    other = SiteServer(baseline, 0, cache_control="max-age=600") if baseline else None
    if other and baseline:
        pages["baseline"] = (other.url + "checker/" + fragment(example), *checker, other, baseline)
    results: dict[str, Any] = {name: {"cold_ms": [], "warm_ms": [], "bytes": [], "gzip": []} for name in pages}
    edits: list[float] = []
    with server, other or contextlib.nullcontext(), sync_playwright() as pw:
        for _ in range(runs):
            for name, (url, selector, mark_name, host, root) in pages.items():
                profile = tempfile.mkdtemp(prefix="he-bench-profile-")
                try:
                    context = pw.chromium.launch_persistent_context(
                        profile, executable_path=CHROMIUM, headless=True, args=[OFFLINE]
                    )
                    host.log.clear()
                    elapsed, hits = visit(context, url, selector, mark_name, host)
                    results[name]["cold_ms"].append(elapsed)
                    results[name]["bytes"].append(sum(h.bytes for h in hits))
                    results[name]["gzip"].append(gzip_bytes(root, hits))
                    results[name]["warm_ms"].append(visit(context, url, selector, mark_name, host)[0])
                    if name == "checker" and len(edits) < 60:
                        page = context.new_page()
                        page.goto(url)
                        page.wait_for_selector(selector, timeout=120_000)
                        edits.extend(page.evaluate(EDIT_LOOP, 30))
                        page.close()
                    context.close()
                finally:
                    shutil.rmtree(profile, ignore_errors=True)
    shutil.rmtree(site / BARE_DIR, ignore_errors=True)

    summary: dict[str, Any] = {"runs": runs, "chromium": CHROMIUM}
    for name, data in results.items():
        summary[name] = {
            "cold_ms_median": round(statistics.median(data["cold_ms"])),
            "warm_ms_median": round(statistics.median(data["warm_ms"])),
            "bytes_median": int(statistics.median(data["bytes"])),
            "gzip_bytes_median": int(statistics.median(data["gzip"])),
            "cold_ms": [round(x) for x in data["cold_ms"]],
            "warm_ms": [round(x) for x in data["warm_ms"]],
        }
    summary["edit_to_verdict_ms_median"] = round(statistics.median(edits), 1)
    summary["edit_to_verdict_ms_p90"] = round(sorted(edits)[int(len(edits) * 0.9)], 1)
    checker, bare = summary["checker"], summary["bare"]
    summary["ratios"] = {
        "cold_first_verdict_vs_bare_boot": round(checker["cold_ms_median"] / bare["cold_ms_median"], 3),
        "warm_first_verdict_vs_bare_boot": round(checker["warm_ms_median"] / bare["warm_ms_median"], 3),
        "warm_first_verdict_vs_bare_cold_boot": round(checker["warm_ms_median"] / bare["cold_ms_median"], 3),
        "bytes_vs_bare": round(checker["bytes_median"] / bare["bytes_median"], 3),
        "gzip_bytes_vs_bare": round(checker["gzip_bytes_median"] / bare["gzip_bytes_median"], 3),
    }
    summary["targets_met"] = {
        "warm <= 0.2x the bare cold boot": summary["ratios"]["warm_first_verdict_vs_bare_cold_boot"] <= 0.2,
        "cold <= 1.0x bare": summary["ratios"]["cold_first_verdict_vs_bare_boot"] <= 1.0,
        "bytes (gzip) <= 1.1x bare": summary["ratios"]["gzip_bytes_vs_bare"] <= 1.1,
        "edit -> verdict < 50 ms": summary["edit_to_verdict_ms_median"] < 50,
    }
    if "baseline" in summary:
        base = summary["baseline"]
        summary["ratios"]["baseline_cold_vs_bare_boot"] = round(base["cold_ms_median"] / bare["cold_ms_median"], 3)
        summary["ratios"]["baseline_warm_vs_bare_cold_boot"] = round(base["warm_ms_median"] / bare["cold_ms_median"], 3)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=None, help="runs (default 5; 3 with --trace)")
    parser.add_argument("--site", type=Path, help="a built site to use (default: build one into a temp dir)")
    parser.add_argument("--trace", action="store_true", help="trace returning visits instead (checker_trace.py)")
    parser.add_argument("--baseline", type=Path, help="another built site (e.g. main's) to measure in the same run")
    args = parser.parse_args()
    if args.trace:
        from benchmarks import checker_trace

        checker_trace.main(args.site, args.runs or 3)
        return
    args.runs = args.runs or 5
    tmp = None
    if args.site:
        site = args.site
    else:
        tmp = Path(tempfile.mkdtemp(prefix="he-bench-site-"))
        site = build_site(tmp / "site")
    load_before = os.getloadavg()
    try:
        summary = run(site, args.runs, args.baseline)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    # Other work on a 2-core machine skews absolute times: the load goes next to every figure.
    summary["load_average_1min"] = {"before": round(load_before[0], 2), "after": round(os.getloadavg()[0], 2)}
    out = ROOT / "benchmarks" / "results" / "checker.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    c, b = summary["checker"], summary["bare"]
    print(f"{'':28}{'checker':>12}{'bare Pyodide':>14}{'ratio':>8}")
    print(
        f"{'cold: nav -> first verdict':28}{c['cold_ms_median']:>10} ms{b['cold_ms_median']:>12} ms"
        f"{summary['ratios']['cold_first_verdict_vs_bare_boot']:>8}"
    )
    ratios = summary["ratios"]
    print(
        f"{'warm: second visit':28}{c['warm_ms_median']:>10} ms{b['warm_ms_median']:>12} ms"
        f"{ratios['warm_first_verdict_vs_bare_boot']:>8}  ({ratios['warm_first_verdict_vs_bare_cold_boot']}x the"
        " bare cold boot)"
    )
    print(f"{'bytes, cold visit':28}{c['bytes_median']:>12,}{b['bytes_median']:>14,}{ratios['bytes_vs_bare']:>8}")
    print(
        f"{'bytes if gzipped (GH Pages)':28}{c['gzip_bytes_median']:>12,}{b['gzip_bytes_median']:>14,}"
        f"{summary['ratios']['gzip_bytes_vs_bare']:>8}"
    )
    if "baseline" in summary:
        base = summary["baseline"]
        print(
            f"baseline ({args.baseline}): cold {base['cold_ms_median']} ms ({ratios['baseline_cold_vs_bare_boot']}x"
            f" the bare boot), warm {base['warm_ms_median']} ms ({ratios['baseline_warm_vs_bare_cold_boot']}x"
            " the bare cold boot)"
        )
    median, p90 = summary["edit_to_verdict_ms_median"], summary["edit_to_verdict_ms_p90"]
    print(f"edit -> verdict: median {median} ms, p90 {p90} ms")
    for target, ok in summary["targets_met"].items():
        print(f"  {'OK  ' if ok else 'MISS'} {target}")
    load = summary["load_average_1min"]
    print(f"(medians of {args.runs} runs; load average {load['before']} -> {load['after']} on {os.cpu_count()} cores;")
    print(f" details in {out.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
