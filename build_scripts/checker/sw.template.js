// Service worker of the Horizon Eligibility site.
// Generated from build_scripts/checker/sw.template.js by build_scripts/checker/service_worker.py: edit the template.
// It keeps the site (pages, search) and, once the checker has run, the Pyodide runtime and the engine usable
// with no network. What it keeps is asked for by the pages (docs/assets/javascripts/offline.mjs).
"use strict";

// The build's precache manifest and the cache name prefix, written in as JSON by service_worker.py.
const BUILD = /* @build */ { version: "", cache: "", bytes: 0, files: [] };
const PREFIX = /* @prefix */ "";
const CACHE = BUILD.cache;
const SCOPE = new URL("./", self.location.href).href; // sw.js sits at the site root (also under a sub-path)
const MANIFEST_KEY = new URL("__sw-precache-manifest__", SCOPE).href; // our own bookkeeping entry
const PARALLEL = 6;
// Chrome keeps compiled code (WebAssembly, and JavaScript imported by the engine worker) for files that come
// through its HTTP cache, not for copies from Cache Storage: online, these two are fetched (below).
const RUNTIME = /\/assets\/pyodide\/[^/]+\/pyodide\.asm\.(wasm|mjs)$/;

const keyOf = (path) => new URL(path.replace(/(^|\/)index\.html$/, "$1"), SCOPE).href;
const keyOfUrl = (url) => new URL(url.pathname.replace(/\/index\.html$/, "/"), url).href;
// Each file of the build: [path, SHA-256 prefix, size, immutable (0 or 1), group ("site", "checker" or
// "directory": the organisation directory, kept once the checker has fetched it, never ahead of use).
const FILES = BUILD.files.map(([path, sha, size, immutable, group]) => ({ path, key: keyOf(path), sha, size, immutable, group }));
const HASH = new Map(FILES.map((file) => [file.key, file.sha]));
const GROUPS = [...new Set(FILES.map((file) => file.group))];

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

// What older builds kept: their files by URL -> {cache, sha} (unchanged files are copied, not downloaded
// again), the groups the visitor asked to keep, and whether Save-Data was on.
async function previousBuilds() {
  const found = { files: new Map(), keep: { site: false, checker: false }, saveData: false };
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const cache = await caches.open(name);
    const entry = await cache.match(MANIFEST_KEY);
    if (!entry) continue;
    try {
      const record = await entry.json();
      for (const [url, sha] of Object.entries(record.files || {})) found.files.set(url, { cache, sha });
      const keep = record.keep ?? { site: true, checker: true }; // builds before groups kept everything
      for (const group of GROUPS) found.keep[group] ||= Boolean(keep[group]);
      found.saveData ||= Boolean(record.saveData);
    } catch {
      /* a damaged bookkeeping entry: download everything */
    }
  }
  return found;
}

async function fetchChecked(file) {
  const url = new URL(file.path, SCOPE).href;
  let lastError = null;
  // Immutable paths may come from the HTTP cache; others are revalidated; a mismatch bypasses every cache.
  for (const mode of [file.immutable ? "default" : "no-cache", "reload", "reload"]) {
    try {
      const response = await fetch(url, { cache: mode, credentials: "same-origin", redirect: "follow" });
      if (!response.ok) throw new Error(`${response.status} ${file.path}`);
      const body = await response.arrayBuffer();
      if (!(await sha256(body)).startsWith(file.sha)) throw new Error(`${file.path} does not match this build (a stale copy?)`);
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

// Put files into this build's cache: one already there is skipped, one an older build holds with the same
// hash is copied, any other is downloaded if download(file) says so (and checked), else left out.
async function fill(cache, files, old, download, reportProgress) {
  const total = files.reduce((sum, file) => sum + file.size, 0);
  const queue = [...files];
  let done = 0;
  let lastReport = 0;
  async function next() {
    while (queue.length) {
      const file = queue.shift();
      done += file.size;
      if (await cache.match(file.key)) continue; // a retried install, or kept before
      const previous = old.get(file.key);
      let response = previous && previous.sha === file.sha ? await previous.cache.match(file.key) : undefined;
      if (!response && !download(file)) continue;
      response ??= await fetchChecked(file);
      await cache.put(file.key, response);
      if (reportProgress && Date.now() - lastReport > 250) {
        lastReport = Date.now();
        broadcast({ type: "progress", done, total });
      }
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, next));
  if (reportProgress) broadcast({ type: "progress", done: total, total });
}

// The bookkeeping entry: what the visitor asked to keep (keep), which groups are whole in the cache (kept),
// and every file of the build with its hash (for the next build to copy from).
async function writeRecord(cache, changes) {
  const entry = await cache.match(MANIFEST_KEY);
  const saved = entry ? await entry.json() : {};
  const held = new Set((await cache.keys()).map((request) => request.url));
  const kept = Object.fromEntries(GROUPS.map((group) => [group, FILES.every((f) => f.group !== group || held.has(f.key))]));
  const files = Object.fromEntries(FILES.map((file) => [file.key, file.sha]));
  const record = { keep: {}, saveData: false, ...saved, ...info(), ...changes, kept, files, savedOn: new Date().toISOString() };
  await cache.put(MANIFEST_KEY, new Response(JSON.stringify(record), { headers: { "content-type": "application/json" } }));
  return record;
}

function status(record) {
  return {
    type: "info",
    info: info(),
    complete: Boolean(record),
    keep: record?.keep ?? {},
    kept: record?.kept ?? {},
    saveData: Boolean(record?.saveData),
    savedOn: record?.savedOn ?? null,
  };
}

// A new build keeps what the build before it kept (the groups the visitor asked for), and copies every
// unchanged file the older cache held (such as pages kept as they were opened). Under Save-Data it only
// copies: nothing is downloaded ahead of use.
async function install() {
  const cache = await caches.open(CACHE);
  const old = await previousBuilds();
  const saveData = old.saveData || Boolean(self.navigator.connection?.saveData);
  const wanted = (file) => old.keep[file.group];
  await fill(cache, FILES.filter(wanted), old.files, () => !saveData, true);
  await fill(cache, FILES.filter((file) => !wanted(file)), old.files, () => false, false);
  await writeRecord(cache, { keep: old.keep, saveData });
}

// A page asks to keep what its visit uses (offline.mjs): {site: true} every page, the search and the
// site's assets (not asked under Save-Data), {checker: true} what only the checker uses: the Pyodide runtime,
// its standard library, the engine wheel, the worker's modules (asked by the checker page once its engine
// has run, so they come from the HTTP cache), {directory: true} the organisation directory (asked by the
// checker once it has fetched it), and {urls} the files the page itself loaded. A group once asked for stays
// kept, in later builds too.
async function keep(request) {
  const cache = await caches.open(CACHE);
  const entry = await cache.match(MANIFEST_KEY);
  const saved = entry ? await entry.json() : {};
  const groups = Object.fromEntries(GROUPS.map((group) => [group, Boolean(saved.keep?.[group] || request[group])]));
  const used = new Set();
  for (const url of Array.isArray(request.urls) ? request.urls : []) {
    try {
      used.add(keyOfUrl(new URL(url, SCOPE)));
    } catch {
      /* not a URL: nothing to keep */
    }
  }
  await fill(cache, FILES.filter((file) => groups[file.group] || used.has(file.key)), new Map(), () => true, true);
  return writeRecord(cache, { keep: groups, saveData: Boolean(request.saveData) });
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    install().catch(async (error) => {
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

let keeping = Promise.resolve(); // one keep request at a time

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "skip-waiting") self.skipWaiting();
  else if (data.type === "keep") {
    keeping = keeping
      .then(() => keep(data))
      .then((record) => broadcast({ ...status(record), answers: data.id ?? null }))
      .catch((error) => broadcast({ type: "keep-failed", error: String(error && error.message || error) }));
    event.waitUntil(keeping);
  } else if (data.type === "info") {
    event.waitUntil(
      (async () => {
        const entry = await (await caches.open(CACHE)).match(MANIFEST_KEY);
        event.source?.postMessage({ source: "horizon-eligibility-sw", ...status(entry ? await entry.json() : null) });
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
The pages you opened before, and the consortium checker once it has run here, are:
<a href="${home}">go to the home page</a>.</p></body></html>`;
  return new Response(text, { status: 503, headers: { "content-type": "text/html; charset=utf-8" } });
}

async function respond(request, url) {
  const key = keyOfUrl(url);
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
  // Online, the Pyodide runtime is fetched through the HTTP cache (its versioned path makes that copy
  // safe), where Chrome finds its compiled code; the saved copy serves offline, and when the network fails
  // although the browser thinks it is online. Measured on returning visits (median first verdict, 6 each):
  // fetched 1.05-1.14 s, left to the browser alone 1.05-1.35 s, from Cache Storage 1.43 s.
  if (RUNTIME.test(url.pathname) && self.navigator.onLine) {
    event.respondWith(fetch(request).catch(() => respond(request, url)));
  } else event.respondWith(respond(request, url));
});
