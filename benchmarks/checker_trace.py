"""Where a returning visit to the checker spends its time: `python -m benchmarks.checker_bench --trace`.

`runs` times: a first visit in a new headless chromium profile, then its background work (the engine
snapshot kept, the site saved by the service worker), then a returning visit recorded with Chrome's tracing
(CDP Tracing.start on the page's session): the warm visit of checker_bench.py. For each visit it lines up, in
ms after navigation start:

- the page's marks: HTML received, the engine worker created (by the page's head), the page's module running,
  the engine ready, the first verdict painted (he-first-verdict);
- the engine worker's own steps (checker-worker.mjs sends them with its ready message, as epoch times):
  script running, manifest read, snapshot found, loader imported, WebAssembly compiled, instantiated,
  snapshot restored into its memory, Python ready, engine files, engine imported, catalogue read;
- from the trace: whether V8 took the WebAssembly from Chrome's compiled-code cache (wasm.Deserialize) or
  compiled it (wasm.CompilationAfterDeserialization, wasm.BaselineCompilation), and how long
  pyodide.asm.mjs took to compile.

It prints the median of each step over the visits, with the step before it, and writes every trace to
benchmarks/results/checker-trace-<n>.json (open it in https://ui.perfetto.dev or chrome://tracing).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from build_scripts.paths import ROOT
from tests.browser.conftest import CHROMIUM, OFFLINE, build_site, site_url_port
from tests.browser.helpers import fragment
from tests.browser.server import SiteServer

CATEGORIES = ",".join(
    [
        "toplevel",
        "devtools.timeline",
        "v8",
        "v8.wasm",
        "disabled-by-default-v8.wasm.detailed",
        "blink.user_timing",
        "loading",
    ]
)
READY = "[data-testid=verdict][data-state=ready]"
# Background work of a visit: the engine snapshot settled, the service worker has answered (checker_bench.py).
SETTLED = """() => {
  const offline = window.__heOffline;
  const info = window.__heEngineInfo;
  const saved = !info || !info.snapshot || info.snapshot.settled;
  const sw = !offline || !("serviceWorker" in navigator) || offline.answered || offline.failed;
  return saved && sw;
}"""
COLLECT = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    origin: performance.timeOrigin,
    html: nav.responseStart,
    marks: performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]),
    info: window.__heEngineInfo,
  };
}"""
PAGE_MARKS = {
    "he-worker-created": "page: engine worker created",
    "he-page-module": "page: checker module running",
    "he-engine-ready": "page: engine ready",
    "he-first-verdict": "page: first verdict painted",
}


def steps(data: dict[str, Any]) -> dict[str, float]:
    """Every step of one visit, in ms after its navigation start."""
    origin = data["origin"]
    out = {"page: HTML received": data["html"]}
    for name, at in data["marks"]:
        if name in PAGE_MARKS:
            out[PAGE_MARKS[name]] = at
    for name, epoch in (data["info"] or {}).get("trace", []):
        out[f"worker: {name}"] = epoch - origin
    return out


def wasm_facts(events: list[dict[str, Any]]) -> dict[str, Any]:
    """What V8 did with the runtime's WebAssembly and JavaScript during one visit."""
    names = [e.get("name") for e in events]
    asm = [
        e.get("dur", 0) / 1000
        for e in events
        if e.get("name") == "v8.compileModule" and "pyodide.asm.mjs" in json.dumps(e.get("args", {}))
    ]
    return {
        "wasm from code cache": names.count("wasm.Deserialize") > 0,
        "wasm baseline compilations": names.count("wasm.BaselineCompilation"),
        "pyodide.asm.mjs compile ms": round(sum(asm), 1),
    }


def traced_visit(context: Any, url: str) -> tuple[dict[str, float], dict[str, Any], list[dict[str, Any]]]:
    page = context.new_page()
    session = context.new_cdp_session(page)
    events: list[dict[str, Any]] = []
    done: list[bool] = []
    session.on("Tracing.dataCollected", lambda params: events.extend(params["value"]))
    session.on("Tracing.tracingComplete", lambda params: done.append(True))
    session.send("Tracing.start", {"categories": CATEGORIES, "transferMode": "ReportEvents"})
    page.goto(url)
    page.wait_for_selector(READY, timeout=120_000)
    data = page.evaluate(COLLECT)
    session.send("Tracing.end")
    while not done:
        page.wait_for_timeout(100)
    page.wait_for_function(SETTLED, timeout=60_000, polling=250)
    page.close()
    return steps(data), wasm_facts(events), events


def report(visits: list[dict[str, float]], facts: list[dict[str, Any]], load: tuple[float, float]) -> None:
    def median(name: str) -> float:
        return statistics.median(visit[name] for visit in visits if name in visit)

    names = sorted({name for visit in visits for name in visit}, key=median)
    print(f"returning visit, {len(visits)} traced (medians, ms after navigation; load {load[0]:.1f} -> {load[1]:.1f})")
    previous = 0.0
    for name in names:
        at = median(name)
        print(f"  {at:7.0f}  (+{at - previous:5.0f})  {name}")
        previous = at
    cached = sum(f["wasm from code cache"] for f in facts)
    print(f"  WebAssembly from Chrome's code cache in {cached} of {len(facts)} visits", end="")
    print(f"; pyodide.asm.mjs compiled in {statistics.median(f['pyodide.asm.mjs compile ms'] for f in facts):.0f} ms")


def main(site: Path | None, runs: int) -> None:
    tmp = None
    if site is None:
        tmp = Path(tempfile.mkdtemp(prefix="he-trace-site-"))
        site = build_site(tmp / "site")
    example = json.loads((ROOT / "examples" / "design-example.json").read_text(encoding="utf-8"))
    try:
        server = SiteServer(site, site_url_port(), cache_control="max-age=600")
    except OSError:
        server = SiteServer(site, 0, cache_control="max-age=600")
    url = server.url + "checker/" + fragment(example)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    visits: list[dict[str, float]] = []
    facts: list[dict[str, Any]] = []
    try:
        with server, sync_playwright() as pw:
            for n in range(runs):
                # As checker_bench.py's warm visit: a new profile, a first visit and its background work.
                profile = tempfile.mkdtemp(prefix="he-trace-profile-")
                try:
                    context = pw.chromium.launch_persistent_context(
                        profile, executable_path=CHROMIUM, headless=True, args=[OFFLINE]
                    )
                    first = context.new_page()
                    first.goto(url)
                    first.wait_for_selector(READY, timeout=120_000)
                    first.wait_for_function(SETTLED, timeout=60_000, polling=250)
                    first.close()
                    visit, fact, events = traced_visit(context, url)
                    context.close()
                finally:
                    shutil.rmtree(profile, ignore_errors=True)
                visits.append(visit)
                facts.append(fact)
                (out / f"checker-trace-{n + 1}.json").write_text(json.dumps({"traceEvents": events}), encoding="utf-8")
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    report(visits, facts, (load, os.getloadavg()[0]))
    print(f"  traces: {(out / 'checker-trace-1.json').relative_to(ROOT)} ...")
