// Service worker of the Horizon Eligibility site.
// Generated from build_scripts/checker/sw.template.js by build_scripts/checker/service_worker.py: edit the template.
// It keeps the whole site (pages, search, the Pyodide runtime and the engine) usable with no network.
"use strict";

// The build's precache manifest and the cache name prefix, written in as JSON by service_worker.py.
const BUILD = /* @build */ { version: "", cache: "", bytes: 0, files: [] };
const PREFIX = /* @prefix */ "";
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
