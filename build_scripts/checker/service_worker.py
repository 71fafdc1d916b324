"""Write the service worker (site/sw.js) that keeps the whole site usable offline, after `mkdocs build`.

    python -m build_scripts.checker.service_worker [SITE_DIR]

`write(site_dir)` is called by site/build.py once MkDocs has written the site. It lists the built files,
hashes each one, and writes `sw.js` at the site root (so its scope is the whole site, also under a
sub-path such as https://<user>.github.io/<repo>/) with the precache manifest inlined:

- **What is precached** (downloaded by the service worker after the first visit to any page): every HTML
  page, the CSS and JavaScript, the search index, the sitemap (Material's instant navigation reads it),
  the checker's catalog and manifest, the Pyodide core runtime and the engine wheel. About 23 MB raw, of
  which 13.4 MB is Pyodide; GitHub Pages gzips text and wasm, so roughly 7.5 MB on the wire. Precaching
  Pyodide rather than caching it on first use is deliberate: an NCP who opened any page once (say a
  country page before a workshop) must find the checker working with no network.
- **What is not**: source maps, `sitemap.xml.gz`, Lunr's language packs (the site's search is English
  only, so Material never loads them) and the bulk downloads of `data/` (rules.json, country-statuses.csv).
  Those are cached at run time when first fetched (network first, the cached copy when offline).
- **The cache version** is the SHA-256 of every precached path with its content hash, so any change in
  any file (new rules data, a new engine wheel, a new Pyodide, an edited page) gives a new cache name
  `horizon-eligibility-<version>`. The data version, the Pyodide version and the wheel hash are written
  next to it for the page to show.
- **Updates**: a new sw.js installs beside the old one and fills its own cache (files whose hash did not
  change are copied from the old cache, not downloaded again), then waits: the page offers "reload to
  update" (docs/assets/javascripts/offline.mjs). Activation deletes every other horizon-eligibility-*
  cache, so an old build never lingers. The first install claims the open page at once.
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
# Files whose path changes when their content does (versioned or content-hashed folder names): the service
# worker may take them from the browser's HTTP cache instead of revalidating them.
IMMUTABLE = (
    "assets/pyodide/*",
    "assets/wheels/*",
    "assets/javascripts/bundle.*",
    "assets/javascripts/workers/*",
    "assets/stylesheets/main.*",
    "assets/stylesheets/palette.*",
)


def precache_paths(site_dir: Path) -> list[str]:
    """Every built file that is precached, as sorted site-relative paths."""
    paths = []
    for path in site_dir.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site_dir).as_posix()
        if not any(fnmatch(rel, pattern) for pattern in EXCLUDE):
            paths.append(rel)
    return sorted(paths)


def build_manifest(site_dir: Path) -> dict[str, Any]:
    """The precache manifest: version, what the page shows (data, Pyodide, wheel), and the files."""
    site_dir = Path(site_dir)
    files = []
    for rel in precache_paths(site_dir):
        path = site_dir / rel
        files.append(
            [rel, sha256_file(path)[:HASH_CHARS], path.stat().st_size, int(any(fnmatch(rel, p) for p in IMMUTABLE))]
        )
    engine_path = site_dir / "assets" / "checker" / "engine.json"
    engine = json.loads(engine_path.read_text(encoding="utf-8")) if engine_path.is_file() else {}
    listing = "\n".join(f"{rel} {sha}" for rel, sha, _size, _immutable in files)
    version = hashlib.sha256(listing.encode("utf-8")).hexdigest()[:16]
    return {
        "version": version,
        "cache": CACHE_PREFIX + version,
        "data_version": engine.get("data_version"),
        "data_verified_on": engine.get("data_verified_on"),
        "pyodide": (engine.get("pyodide") or {}).get("version"),
        "wheel_sha256": (engine.get("wheel") or {}).get("sha256"),
        "bytes": sum(size for _rel, _sha, size, _immutable in files),
        "files": files,
    }


# The service worker. BUILD is the manifest above; everything else is the same for every build.
SW_TEMPLATE = r"""// Service worker of the Horizon Eligibility site.
// Generated by build_scripts/checker/service_worker.py: do not edit.
// It keeps the whole site (pages, search, the Pyodide runtime and the engine) usable with no network.
"use strict";

const BUILD = __BUILD__;
const PREFIX = __PREFIX__;
const CACHE = BUILD.cache;
const SCOPE = new URL("./", self.location.href).href; // sw.js sits at the site root (also under a sub-path)
const MANIFEST_KEY = new URL("__sw-precache-manifest__", SCOPE).href; // our own bookkeeping entry
const PARALLEL = 6;

const keyOf = (path) => new URL(path.replace(/(^|\/)index\.html$/, "$1"), SCOPE).href;
const HASH = new Map(BUILD.files.map(([path, sha]) => [keyOf(path), sha]));

async function sha256(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function broadcast(message) {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true, type: "window" })) {
    client.postMessage({ source: "horizon-eligibility-sw", version: BUILD.version, ...message });
  }
}

function info() {
  const { files, ...rest } = BUILD;
  return { ...rest, files: files.length };
}

// Files of older builds, by URL -> {cache, sha}, so that unchanged files are not downloaded again.
async function previousFiles() {
  const found = new Map();
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const cache = await caches.open(name);
    const entry = await cache.match(MANIFEST_KEY);
    if (!entry) continue;
    try {
      for (const [url, sha] of Object.entries((await entry.json()).files || {})) found.set(url, { cache, sha });
    } catch {
      /* a damaged bookkeeping entry: download everything */
    }
  }
  return found;
}

async function fetchChecked(path, sha, immutable) {
  const url = new URL(path, SCOPE).href;
  let lastError = null;
  // Immutable paths may come from the HTTP cache; others are revalidated; a mismatch bypasses every cache.
  for (const mode of [immutable ? "default" : "no-cache", "reload", "reload"]) {
    try {
      const response = await fetch(url, { cache: mode, credentials: "same-origin", redirect: "follow" });
      if (!response.ok) throw new Error(`${response.status} ${path}`);
      const body = await response.arrayBuffer();
      if (!(await sha256(body)).startsWith(sha)) throw new Error(`${path} does not match this build (a stale copy?)`);
      const headers = new Headers();
      for (const name of ["content-type", "last-modified", "etag"]) {
        const value = response.headers.get(name);
        if (value) headers.set(name, value);
      }
      return new Response(body, { status: 200, statusText: "OK", headers });
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function precache() {
  const cache = await caches.open(CACHE);
  const old = await previousFiles();
  const total = BUILD.bytes;
  let done = 0;
  let copied = 0;
  let lastReport = 0;
  const queue = [...BUILD.files];
  async function next() {
    while (queue.length) {
      const [path, sha, size, immutable] = queue.shift();
      const key = keyOf(path);
      let response = null;
      const previous = old.get(key);
      if (previous && previous.sha === sha) {
        response = await previous.cache.match(key);
        if (response) copied += size;
      }
      if (!response && (await cache.match(key))) {
        done += size; // a retried install of this very build
        continue;
      }
      response ??= await fetchChecked(path, sha, immutable);
      await cache.put(key, response);
      done += size;
      if (Date.now() - lastReport > 250) {
        lastReport = Date.now();
        broadcast({ type: "progress", done, total });
      }
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, next));
  const files = Object.fromEntries(BUILD.files.map(([path, sha]) => [keyOf(path), sha]));
  const record = { ...info(), files, savedOn: new Date().toISOString(), copiedBytes: copied };
  const headers = { "content-type": "application/json" };
  await cache.put(MANIFEST_KEY, new Response(JSON.stringify(record), { headers }));
  broadcast({ type: "progress", done: total, total });
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    precache().catch(async (error) => {
      await broadcast({ type: "install-failed", error: String(error && error.message || error) });
      throw error; // the browser discards this worker and tries again on a later visit
    }),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
      await broadcast({ type: "activated", info: info() });
    })(),
  );
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "skip-waiting") self.skipWaiting();
  else if (data.type === "info") {
    event.waitUntil(
      (async () => {
        const entry = await (await caches.open(CACHE)).match(MANIFEST_KEY);
        const saved = entry ? await entry.json() : null;
        event.source?.postMessage({
          source: "horizon-eligibility-sw",
          type: "info",
          info: info(),
          complete: Boolean(saved),
          savedOn: saved ? saved.savedOn : null,
        });
      })(),
    );
  }
});

function offlinePage(url) {
  const home = SCOPE;
  const text = `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Offline: Horizon Eligibility</title>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>You are offline</h1><p>This page (${url.pathname.replace(/[<>&"]/g, "")}) is not saved in this browser.
Every page of the site and the consortium checker are: <a href="${home}">go to the home page</a>.</p></body></html>`;
  return new Response(text, { status: 503, headers: { "content-type": "text/html; charset=utf-8" } });
}

async function respond(request, url) {
  const key = new URL(url.pathname.replace(/\/index\.html$/, "/"), url).href;
  const cache = await caches.open(CACHE);
  if (HASH.has(key)) {
    const hit = await cache.match(key);
    if (hit) return hit;
  }
  try {
    const response = await fetch(request);
    // Files outside the precache (data downloads, source maps): kept for offline use once fetched.
    if (response.ok && response.type === "basic" && !HASH.has(key) && !url.search) {
      cache.put(key, response.clone()).catch(() => {});
    }
    return response;
  } catch (error) {
    const saved = await cache.match(key);
    if (saved) return saved;
    if (request.mode === "navigate") return offlinePage(url);
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(SCOPE) || url.href === self.location.href) return;
  event.respondWith(respond(request, url));
});
"""


def render(manifest: dict[str, Any]) -> str:
    build = json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))
    return SW_TEMPLATE.replace("__BUILD__", build).replace("__PREFIX__", json.dumps(CACHE_PREFIX))


def write(site_dir: Path) -> dict[str, Any]:
    """Write site_dir/sw.js for the site built there; return the manifest (without the file list)."""
    site_dir = Path(site_dir)
    manifest = build_manifest(site_dir)
    (site_dir / SW_NAME).write_text(render(manifest), encoding="utf-8")
    summary = {k: v for k, v in manifest.items() if k != "files"}
    summary["files"] = len(manifest["files"])
    return summary


if __name__ == "__main__":
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else SITE
    if not (site / "index.html").is_file():
        sys.exit(f"service_worker: {site} holds no built site")
    result = write(site)
    print(f"{SW_NAME}: cache {result['cache']}, {result['files']} files, {result['bytes'] / 1e6:.1f} MB precached")
