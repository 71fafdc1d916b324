"""Lighthouse scores of the built site: the home page and the checker, offline, against a local server.

    python -m benchmarks.lighthouse_bench [--site DIR] [--preset mobile|desktop|both] [--no-gzip]

- Lighthouse is the npm package pinned in package.json (devDependencies; `npm ci` installs it), run from
  node_modules/.bin with Debian's chromium (CHROME_PATH) in headless mode. Categories: performance,
  accessibility, best-practices, seo.
- Presets: "mobile" is Lighthouse's default (a mid-range phone on slow 4G, simulated throttling);
  "desktop" is `--preset=desktop`. The default runs both.
- Offline: chromium resolves every host except 127.0.0.1 to "not found" (the same rule as the browser tests),
  so neither the page nor Lighthouse can fetch anything from the internet.
- The site is built into a temporary folder (or --site DIR is reused) and served on 127.0.0.1 with gzip for
  text types and Cache-Control: max-age=600, as GitHub Pages serves it (--no-gzip: plain files).
- SEO note: the canonical link comes from site_url (http://127.0.0.1:8000/ in mkdocs.yml; the real URL when
  SITE_URL is set for GitHub Pages). Lighthouse accepts it here because the host matches; if you serve the
  site somewhere else, expect "canonical" to point to the other origin.

Targets: accessibility 100, best practices 100, SEO >= 95 on every page; performance >= 90 on the home page.
Reports (full JSON) go to benchmarks/results/lighthouse/ (gitignored). Exit status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from build_scripts.paths import ROOT
from tests.browser.conftest import CHROMIUM, OFFLINE, build_site, site_url_port

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {"home": "", "checker": "checker/"}
# OFFLINE is "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1": quoted, as Lighthouse splits the flags.
_RULES = OFFLINE.split("=", 1)[1]
CHROME_FLAGS = f"--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --host-resolver-rules='{_RULES}'"
# Minimum score (0-100) per category; performance only on the home page (the checker boots a Python runtime).
TARGETS = {"accessibility": 100, "best-practices": 100, "seo": 95}
HOME_TARGETS = {**TARGETS, "performance": 90}
COMPRESSED = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".wasm", ".map"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip for text types (and wasm) when the client accepts it, like GitHub Pages."""

    gzip_enabled = True

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip_enabled and accepts and path.is_file() and path.suffix in COMPRESSED):
            super().do_GET()
            return
        body = _gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@functools.cache
def _gzipped(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


def serve(site: Path, use_gzip: bool) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("Handler", (_Handler,), {"gzip_enabled": use_gzip})
    factory = functools.partial(handler, directory=str(site))
    try:
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", site_url_port()), factory)
    except OSError:  # the site_url port is busy (make serve?): any port will do
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), factory)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def lighthouse(url: str, preset: str, out: Path) -> dict[str, Any]:
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0 or not out.is_file():
        raise SystemExit(f"lighthouse failed on {url} ({preset}):\n{done.stderr[-3000:]}")
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise SystemExit(f"lighthouse could not audit {url}: {report['runtimeError']}")
    return report


def failing_audits(report: dict[str, Any]) -> list[str]:
    """The weighted audits that lost points, per category (what to fix)."""
    lines = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                lines.append(f"{category['id']}: {ref['id']} {round(audit['score'] * 100)}{shown}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built site to use (default: build one into a temp dir)")
    parser.add_argument("--preset", choices=("mobile", "desktop", "both"), default="both")
    parser.add_argument("--no-gzip", action="store_true", help="serve files uncompressed")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("node_modules/.bin/lighthouse is missing: run `npm ci`")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: run `make chromium`")
    presets = ["mobile", "desktop"] if args.preset == "both" else [args.preset]
    results_dir = ROOT / "benchmarks" / "results" / "lighthouse"
    results_dir.mkdir(parents=True, exist_ok=True)

    tmp = None
    if args.site:
        site = args.site.resolve()
    else:
        tmp = Path(tempfile.mkdtemp(prefix="he-lighthouse-site-"))
        print("building the site ...", flush=True)
        site = build_site(tmp / "site")
    httpd, base = serve(site, use_gzip=not args.no_gzip)
    summary: dict[str, Any] = {}
    missed: list[str] = []
    try:
        for preset in presets:
            for page, path in PAGES.items():
                report = lighthouse(base + path, preset, results_dir / f"{page}-{preset}.json")
                scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
                lost = failing_audits(report)
                summary[f"{page}/{preset}"] = {"url": base + path, "scores": scores, "lost_points": lost}
                targets = HOME_TARGETS if page == "home" else TARGETS
                missed += [f"{page}/{preset} {c} {scores[c]} < {t}" for c, t in targets.items() if scores[c] < t]
    finally:
        httpd.shutdown()
        httpd.server_close()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    (results_dir / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    version = json.loads((ROOT / "node_modules" / "lighthouse" / "package.json").read_text(encoding="utf-8"))
    print(f"Lighthouse {version['version']}, {CHROMIUM}, gzip {'off' if args.no_gzip else 'on'}")
    print(f"{'page/preset':18}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for name, entry in summary.items():
        print(f"{name:18}" + "".join(f"{entry['scores'][c]:>16}" for c in CATEGORIES))
        for line in entry["lost_points"]:
            print(f"    - {line}")
    targets_text = ", ".join(f"{c} >= {t}" for c, t in HOME_TARGETS.items())
    print(f"targets: {targets_text} (performance on the home page only)")
    for line in missed:
        print(f"  MISS {line}")
    if not missed:
        print("  all targets met")
    print(f"(reports in {results_dir.relative_to(ROOT)}/)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
