"""Write the service worker (site/sw.js) that keeps the site usable offline, after `mkdocs build`.

    python -m build_scripts.checker.service_worker [SITE_DIR]

`write(site_dir)` is called by site/build.py once MkDocs has written the site. It lists the built files,
hashes each one, and renders `sw.template.js` (beside this file) into `sw.js` at the site root (so its
scope is the whole site, also under a sub-path such as https://<user>.github.io/<repo>/) with the precache
manifest inlined:

- **Two groups** of precached files, each kept when a page asks for it (docs/assets/javascripts/offline.mjs):
  - `site`: every HTML page, the CSS and JavaScript, the search index, the sitemap (Material's instant
    navigation reads it) (about 10.6 MB raw). Asked for by any page, unless the visitor has Save-Data on.
  - `checker`: what only the checker uses: the Pyodide core runtime, its bytecode standard library, the
    engine wheel (12.7 MB raw; GitHub Pages gzips text and wasm, so about 5 MB on the wire), the engine
    worker's modules, the catalogue and manifest. Asked for by the checker page once its engine has run,
    for every visitor, so they come from the browser's HTTP cache: Pyodide is never downloaded for a
    visitor who has not opened the checker.
  Under Save-Data nothing is downloaded ahead of use: a page asks only for the files it loaded itself, so
  the pages a visitor opened, and the checker once it has run, work offline.
- **A third group**, `directory`: the organisation directory (`assets/directory/`, 0.8 MB, gzipped as
  committed), never downloaded ahead of use. The checker page fetches it when a participant's name field is
  first focused (or an input holds a PIC), then asks for the group to be kept, so it comes from the HTTP
  cache; from then on it works offline and later builds carry it over like the other groups.
- **What is not precached**: source maps, `sitemap.xml.gz`, Lunr's language packs (the site's search is
  English only, so Material never loads them) and the bulk downloads of `data/` (rules.json,
  country-statuses.csv). Those are cached at run time when first fetched (network first, the cached copy
  when offline).
- **The cache version** is the SHA-256 of every precached path with its content hash, so any change in
  any file (new rules data, a new engine wheel, a new Pyodide, an edited page) gives a new cache name
  `horizon-eligibility-<version>`. The data version, the Pyodide version and the wheel hash are written
  next to it for the page to show.
- **Updates**: a new sw.js installs beside the old one and fills its own cache with the groups the old one
  was asked to keep (files whose hash did not change are copied from the old cache, not downloaded again;
  under Save-Data only copies are made), then waits: the page offers "reload to
  update" (docs/assets/javascripts/offline.mjs). Activation deletes every other horizon-eligibility-*
  cache, so an old build never lingers. The first install claims the open page at once.
- **The Pyodide runtime while online**: `pyodide.asm.wasm` and `pyodide.asm.mjs` are fetched through the
  browser's HTTP cache (their path is versioned), because Chrome keeps their compiled code for files that
  come from there, not for copies from Cache Storage; the saved copies serve when offline, and when the
  network fails although the browser thinks it is online.
- **Integrity**: each precached file is checked against its SHA-256 while it is saved; a mismatch (a
  stale CDN copy during a deployment) is fetched once more bypassing the HTTP cache, and the install
  fails rather than mix two builds (it is retried on the next visit).
"""

from __future__ import annotations

import hashlib
import json
import sys
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from build_scripts.checker import sha256_file
from build_scripts.paths import SITE

TEMPLATE = Path(__file__).resolve().parent / "sw.template.js"
# Each placeholder of the template, a valid JavaScript value so that the template itself parses, is
# replaced by JSON; nothing else of the template is touched.
BUILD_PLACEHOLDER = '/* @build */ { version: "", cache: "", bytes: 0, files: [] }'
PREFIX_PLACEHOLDER = '/* @prefix */ ""'
SW_NAME = "sw.js"
CACHE_PREFIX = "horizon-eligibility-"
HASH_CHARS = 24  # of each file's SHA-256 in the manifest: 96 bits tell builds apart and keep sw.js small
# Paths (relative to the site root, "/" separators) that are not precached.
EXCLUDE = (
    SW_NAME,
    "*.map",
    "*.gz",
    ".*",
    "*/.*",
    "assets/javascripts/lunr/*",
    "data/*.json",
    "data/*.csv",
)
# Files of the `checker` group, kept once the checker has run: the runtime, the wheel, what the engine
# worker loads (its modules, engine.json) and the catalogue. Every other file is of the `site` group.
CHECKER = (
    "assets/pyodide/*",
    "assets/wheels/*",
    "assets/checker/*",
    "assets/javascripts/checker-worker.mjs",
    "assets/javascripts/checker/*",
)
# Files of the `directory` group: kept once the page has fetched them (never ahead of use). They end in .gz
# (gzipped as committed) but, unlike sitemap.xml.gz, are listed.
DIRECTORY = ("assets/directory/*",)
# Files whose path changes when their content does (versioned or content-hashed folder names): the service
# worker may take them from the browser's HTTP cache instead of revalidating them.
IMMUTABLE = (
    "assets/pyodide/*",
    "assets/wheels/*",
    "assets/directory/*",
    "assets/javascripts/bundle.*",
    "assets/javascripts/workers/*",
    "assets/stylesheets/main.*",
    "assets/stylesheets/palette.*",
)


def _group(rel: str) -> str:
    if any(fnmatch(rel, p) for p in DIRECTORY):
        return "directory"
    return "checker" if any(fnmatch(rel, p) for p in CHECKER) else "site"


def precache_paths(site_dir: Path) -> list[str]:
    """Every built file that is precached, as sorted site-relative paths."""
    paths = []
    for path in site_dir.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site_dir).as_posix()
        if _group(rel) == "directory" or not any(fnmatch(rel, pattern) for pattern in EXCLUDE):
            paths.append(rel)
    return sorted(paths)


def build_manifest(site_dir: Path) -> dict[str, Any]:
    """The precache manifest: version, what the page shows (data, Pyodide, wheel), and the files, each as
    [path, SHA-256 prefix, size, immutable (0 or 1), group ("site", "checker" or "directory")]."""
    site_dir = Path(site_dir)
    files: list[list[Any]] = []
    for rel in precache_paths(site_dir):
        path = site_dir / rel
        immutable = int(any(fnmatch(rel, p) for p in IMMUTABLE))
        files.append([rel, sha256_file(path)[:HASH_CHARS], path.stat().st_size, immutable, _group(rel)])
    engine_path = site_dir / "assets" / "checker" / "engine.json"
    engine = json.loads(engine_path.read_text(encoding="utf-8")) if engine_path.is_file() else {}
    listing = "\n".join(f"{rel} {sha}" for rel, sha, *_ in files)
    version = hashlib.sha256(listing.encode("utf-8")).hexdigest()[:16]
    return {
        "version": version,
        "cache": CACHE_PREFIX + version,
        "data_version": engine.get("data_version"),
        "data_verified_on": engine.get("data_verified_on"),
        "pyodide": (engine.get("pyodide") or {}).get("version"),
        "wheel_sha256": (engine.get("wheel") or {}).get("sha256"),
        "bytes": sum(size for _rel, _sha, size, *_ in files),
        "files": files,
    }


def render(manifest: dict[str, Any]) -> str:
    """sw.js: the template with the manifest and the cache prefix written in as JSON."""
    text = TEMPLATE.read_text(encoding="utf-8")
    values = {
        BUILD_PLACEHOLDER: json.dumps(manifest, ensure_ascii=False, separators=(",", ":")),
        PREFIX_PLACEHOLDER: json.dumps(CACHE_PREFIX),
    }
    for placeholder, value in values.items():
        if text.count(placeholder) != 1:
            raise ValueError(f"{TEMPLATE.name} must hold {placeholder!r} exactly once")
        text = text.replace(placeholder, value)
    return text


def write(site_dir: Path) -> dict[str, Any]:
    """Write site_dir/sw.js for the site built there; return the manifest (without the file list)."""
    site_dir = Path(site_dir)
    manifest = build_manifest(site_dir)
    (site_dir / SW_NAME).write_text(render(manifest), encoding="utf-8")
    summary = {k: v for k, v in manifest.items() if k != "files"}
    summary["files"] = len(manifest["files"])
    summary["group_bytes"] = {
        group: sum(size for _rel, _sha, size, _immutable, of in manifest["files"] if of == group)
        for group in ("site", "checker", "directory")
    }
    return summary


def summary_line(summary: dict[str, Any]) -> str:
    """One line on what write() wrote, for the build's log."""
    groups = ", ".join(f"{group} {size / 1e6:.1f} MB" for group, size in summary["group_bytes"].items())
    return f"{SW_NAME}: cache {summary['cache']}, {summary['files']} files ({groups})"


if __name__ == "__main__":
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else SITE
    if not (site / "index.html").is_file():
        sys.exit(f"service_worker: {site} holds no built site")
    print(summary_line(write(site)))
