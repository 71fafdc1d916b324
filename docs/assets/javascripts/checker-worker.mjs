// The eligibility engine in a module Web Worker, on the Pyodide runtime served by this site.
//
// Boot: read the build manifest (assets/checker/engine.json, written by build_scripts/checker/bundle.py),
// start the engine wheel download, load Pyodide from the versioned path the manifest names (on the bytecode
// standard library subset it names, or from the snapshot this browser keeps: checker/engine-boot.mjs),
// check the wheel's SHA-256 against the manifest with crypto.subtle, unpack it, then import the engine
// (loading does not throw on failure, the import does) and post the ready message with the catalog.
// The messages are those of checker/protocol.mjs; the Python side is horizon_eligibility.worker (JSON text
// in and out, so nothing depends on how Pyodide converts objects). Nothing is fetched from another origin.

import { bootEngine, snapshotKeeper, snapshotNote } from "./checker/engine-boot.mjs";
import * as protocol from "./checker/protocol.mjs";
// engine-boot.mjs imports it too: named here, it is fetched beside engine-boot.mjs, not after it.
import { sha256Hex } from "./checker/snapshot-cache.mjs";

const MANIFEST_URL = new URL("../checker/engine.json", import.meta.url);

let pyodide = null;
let engine = null; // the module horizon_eligibility.worker
let directoryEntry = null; // the manifest's organisation directory: {url, sha256, size, ...}
let afterRequest = () => {}; // keeps the engine snapshot once the visitor pauses (engine-boot.mjs)

function post(message) {
  self.postMessage(message);
}

function mb(bytes) {
  return (bytes / 1e6).toFixed(1);
}

// Report which runtime files have arrived and how many bytes so far (resource timing of this worker).
function watchDownloads(files, total) {
  const names = new Set(Object.keys(files));
  const seen = new Map();
  if (typeof PerformanceObserver !== "function") return () => {};
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const name = entry.name.split("/").pop().split("?")[0];
      const ok = entry.responseStatus ? entry.responseStatus < 400 : entry.decodedBodySize > 0;
      if (names.has(name) && !seen.has(name) && ok) {
        seen.set(name, files[name]);
        const done = Array.from(seen.values()).reduce((a, b) => a + b, 0);
        const message = `Loading the Python runtime: ${mb(done)} of ${mb(total)} MB (${name} done)…`;
        post(protocol.statusMessage("runtime", message, { loaded: done, total }));
      }
    }
  });
  try {
    observer.observe({ type: "resource", buffered: true });
  } catch {
    return () => {};
  }
  return () => observer.disconnect();
}

// loadPyodide() neither resolves nor rejects when the runtime download fails: it only logs
// "wasm instantiation failed!" and waits forever. Watch the console while booting and fail plainly.
function runtimeFailure() {
  runtimeFailure.settled = false; // a second boot (after an unusable snapshot) is watched too
  return new Promise((_, reject) => {
    for (const level of ["warn", "error"]) {
      const original = console[level].bind(console);
      console[level] = (...args) => {
        original(...args);
        const text = args.map(String).join(" ");
        if (!runtimeFailure.settled && /instantiation failed|failed to fetch|networkerror|failed to load/i.test(text)) {
          runtimeFailure.settled = true;
          reject(new Error(`the Python runtime could not be downloaded (${text.split("\n")[0]})`));
        }
      };
    }
  });
}

const boot = (async () => {
  const started = performance.now();
  const response = await fetch(MANIFEST_URL, { cache: "no-cache" });
  if (!response.ok) throw new Error(`the build manifest is missing (${response.status} ${MANIFEST_URL.pathname})`);
  const manifest = await response.json();
  directoryEntry = manifest.directory || null;
  const manifestRead = performance.now();
  const indexURL = new URL(manifest.pyodide.index, MANIFEST_URL).href;
  const wheelURL = new URL(manifest.wheel.url, MANIFEST_URL).href;
  const files = manifest.pyodide.files;
  const total = Object.values(files).reduce((a, b) => a + b, 0) + manifest.wheel.size;
  const loading = `Loading the Python runtime (Pyodide ${manifest.pyodide.version}, ${mb(total)} MB; later visits use the browser cache)…`;
  post(protocol.statusMessage("runtime", loading, { loaded: 0, total }));
  const stopWatching = watchDownloads(files, total);

  // The wheel downloads while Pyodide boots; it is verified before anything in it runs.
  const wheel = fetch(wheelURL).then(async (r) => {
    if (!r.ok) throw new Error(`the engine package is missing (${r.status} ${new URL(wheelURL).pathname})`);
    const buffer = await r.arrayBuffer();
    const actual = await sha256Hex(buffer);
    if (actual !== manifest.wheel.sha256) {
      throw new Error(`the engine package failed its integrity check (SHA-256 ${actual.slice(0, 16)}…, expected ${manifest.wheel.sha256.slice(0, 16)}…)`);
    }
    return buffer;
  });
  wheel.catch(() => {}); // reported below, once awaited

  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  const loaderImported = performance.now();
  const options = {
    indexURL,
    // Only the core runtime is served; the engine needs no Pyodide package, so the lock lists none.
    lockFileContents: { info: manifest.pyodide.lock_info, packages: {} },
    // The bytecode subset of the standard library (build_scripts/checker/bytecode.py): no compiling at boot.
    stdLibURL: new URL(manifest.pyodide.stdlib.name, indexURL).href,
    stdout: () => {},
    stderr: (text) => console.warn("[python]", text),
  };
  const load = (extra) => Promise.race([runtimeFailure(), loadPyodide({ ...options, ...extra })]);
  let pyodideReady, engineImported, catalogRead;
  const prepare = async (py) => {
    runtimeFailure.settled = true;
    stopWatching();
    pyodideReady = performance.now();
    post(protocol.statusMessage("engine", `Starting the eligibility engine (${Math.round(manifest.wheel.size / 1024)} KB)…`));
    const buffer = await wheel;
    const sitePackages = py.runPython("import site; site.getsitepackages()[0]");
    py.unpackArchive(buffer, "wheel", { extractDir: sitePackages });
    engine = py.pyimport("horizon_eligibility.worker"); // raises if the engine does not import
    engineImported = performance.now();
    const catalog = JSON.parse(engine.catalog());
    catalogRead = performance.now();
    return catalog;
  };
  const booted = await bootEngine(load, manifest, prepare, post);
  const catalog = booted.prepared;
  pyodide = booted.pyodide;
  afterRequest = snapshotKeeper(booted.image, booted.snapshot, post);
  const python = pyodide.runPython("import sys; sys.version.split()[0]");
  post(protocol.readyMessage({
    catalog,
    python,
    pyodide: manifest.pyodide.version,
    wheelSha256: manifest.wheel.sha256,
    snapshot: booted.snapshot,
    note: snapshotNote(booted.snapshot),
    bootMs: Math.round(performance.now() - started),
    timings: {
      workerStarted: Math.round(performance.timeOrigin + started),
      manifestMs: Math.round(manifestRead - started),
      loaderMs: Math.round(loaderImported - manifestRead),
      pyodideMs: Math.round(pyodideReady - started),
      engineImportMs: Math.round(engineImported - pyodideReady),
      catalogMs: Math.round(catalogRead - engineImported),
    },
  }));
})().catch((error) => {
  post(protocol.bootErrorMessage(error));
  throw error;
});

// The organisation directory, asked for by the page (checker/directory.mjs) when a name field is first focused
// or an input holds a PIC: fetched from the path the manifest names (the service worker keeps it once the page
// asks), checked like the wheel, and read by the engine into memory, word index included.
async function loadDirectory() {
  // Answered as the engine answers bad input: {ok: false, errors: [{path, field, message, hint}]}.
  const refused = (message) => ({ ok: false, errors: [{ path: "", field: "", message, hint: null }] });
  if (!directoryEntry) return refused("This build has no organisation directory.");
  const url = new URL(directoryEntry.url, MANIFEST_URL);
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    return refused(`The organisation directory could not be downloaded (${protocol.errorText(error)}).`);
  }
  if (!response.ok) return refused(`The organisation directory is missing (${response.status}).`);
  const buffer = await response.arrayBuffer();
  const actual = await sha256Hex(buffer);
  if (actual !== directoryEntry.sha256) return refused("The organisation directory failed its integrity check.");
  const path = "/tmp/organisations.tsv.gz";
  pyodide.FS.writeFile(path, new Uint8Array(buffer));
  const result = JSON.parse(engine.load_directory(JSON.stringify({ path })));
  pyodide.FS.unlink(path);
  return { ...result, url: url.href };
}

self.onmessage = async ({ data }) => {
  const request = protocol.readRequest(data);
  try {
    await boot;
  } catch {
    post(protocol.failedMessage(request.id, "The engine did not load."));
    return;
  }
  if (request.problem) {
    post(protocol.failedMessage(request.id, request.problem));
    return;
  }
  try {
    if (request.fn === protocol.CATALOG) {
      post(protocol.resultMessage(request.id, JSON.parse(engine.catalog())));
    } else if (request.fn === protocol.LOAD_DIRECTORY) {
      const started = performance.now();
      post(protocol.resultMessage(request.id, await loadDirectory(), performance.now() - started));
    } else {
      const started = performance.now();
      const result = JSON.parse(engine[request.fn](request.input)); // check, compare_years, read_topic, read_csv, partners
      post(protocol.resultMessage(request.id, result, performance.now() - started));
    }
  } catch (error) {
    // A bug in the engine, not bad input (that comes back as a result with ok: false).
    post(protocol.failedMessage(request.id, error));
  }
  afterRequest();
};
