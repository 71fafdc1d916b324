"""Build the site and serve it at http://127.0.0.1:8000, rebuilding when data/, docs/ or the templates change.

    python -m build_scripts.site.serve [--port 8000] [--host 127.0.0.1]

A small polling watcher and Python's http.server: no live-reload script is injected, so the pages served
are exactly the ones `make site` builds (offline, strict). Reload the browser page after a rebuild.
Each rebuild runs in fresh processes (compile the rules, then build the site), so a data change reaches
the engine's compiled rules too. site_url is set to the address served, which keeps Material's instant
navigation on.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from build_scripts.paths import ROOT, SITE
from build_scripts.site.build import BUILD_OUTPUTS

WATCHED = (ROOT / "data", ROOT / "docs", ROOT / "build_scripts", ROOT / "mkdocs.yml", ROOT / "src", ROOT / "overrides")
# Written by the build itself: watching them would rebuild forever.
GENERATED = BUILD_OUTPUTS
SKIP_NAMES = ("__pycache__", ".mypy_cache", ".ruff_cache")


def _files() -> Iterator[Path]:
    for base in WATCHED:
        if base.is_file():
            yield base
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            here = Path(dirpath)
            dirnames[:] = [d for d in dirnames if d not in SKIP_NAMES and here / d not in GENERATED]
            for name in filenames:
                if name == "rules.json" or name.endswith((".pyc", ".swp", "~")):
                    continue
                yield here / name


def snapshot() -> dict[Path, tuple[float, int]]:
    out = {}
    for path in _files():
        try:
            stat = path.stat()
        except OSError:
            continue
        out[path] = (stat.st_mtime, stat.st_size)
    return out


def build(site_url: str) -> bool:
    started = time.perf_counter()
    steps = [
        [sys.executable, "-m", "build_scripts.rules.compile"],
        [sys.executable, "-m", "build_scripts.site.build", "--site-url", site_url, "--site-dir", str(SITE)],
    ]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for step in steps:
        if subprocess.run(step, cwd=ROOT, env=env).returncode != 0:
            print("build failed; the previous site is still served. Fix the error and save again.", flush=True)
            return False
    print(f"built in {time.perf_counter() - started:.1f} s; serving {site_url}", flush=True)
    return True


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the base class's attribute
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
    }

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between checks for changes")
    args = parser.parse_args(argv)
    site_url = f"http://{args.host}:{args.port}/"
    if not build(site_url) and not SITE.exists():
        return 1
    SITE.mkdir(exist_ok=True)
    handler = functools.partial(_Handler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer((args.host, args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving {site_url} (Ctrl-C to stop); watching data/, docs/, build_scripts/, src/, mkdocs.yml", flush=True)
    before = snapshot()
    try:
        while True:
            time.sleep(args.interval)
            now = snapshot()
            if now != before:
                changed = sorted(
                    str(p.relative_to(ROOT))
                    for p in set(now) ^ set(before) | {p for p in now if p in before and now[p] != before[p]}
                )
                print(f"changed: {', '.join(changed[:5])}{' ...' if len(changed) > 5 else ''}; rebuilding", flush=True)
                build(site_url)
                before = snapshot()  # the build rewrites data regions of docs/: take them in
    except KeyboardInterrupt:
        print("stopped")
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
