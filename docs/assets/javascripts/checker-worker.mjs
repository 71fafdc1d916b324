// The eligibility engine in a module Web Worker, on the Pyodide runtime served by this site.
//
// Boot: read the build manifest (assets/checker/engine.json, written by build_scripts/checker_assets.py),
// start the engine wheel download, load Pyodide from the versioned path the manifest names, check the
// wheel's SHA-256 against the manifest with crypto.subtle, unpack it, then import the engine (loading
// does not throw on failure, the import does) and post {type: "ready", catalog}.
// Requests: {id, fn: "check", input: "<JSON text>"} -> {id, type: "result", result}.
// Nothing here is fetched from another origin.

const MANIFEST_URL = new URL("../checker/engine.json", import.meta.url);

// The Python side: JSON text in, JSON text out, so nothing depends on proxy conversion rules.
const SHIM = `
import json as _json
import horizon_eligibility as _he

def _he_check(text):
    data = _json.loads(text)
    out = {}
    try:
        out["verdict"] = _he.check(data).to_dict()
    except _he.InputError as error:
        out["error"] = {"message": str(error), "field": getattr(error, "field", None)}
    call_id = data.get("call_id") if isinstance(data, dict) else None
    if isinstance(call_id, str) and call_id.strip() and hasattr(_he, "parse_call_id"):
        try:
            out["call"] = _he.parse_call_id(str(data.get("programme") or ""), call_id)
        except Exception:
            pass
    return _json.dumps(out)

def _he_catalog():
    return _json.dumps(_he.catalog())
`;

let pyodide = null;
let api = null;

function post(message) {
  self.postMessage(message);
}

function mb(bytes) {
  return (bytes / 1e6).toFixed(1);
}

async function sha256Hex(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
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
        post({
          type: "status",
          phase: "runtime",
          loaded: done,
          total,
          message: `Loading the Python runtime: ${mb(done)} of ${mb(total)} MB (${name} done)…`,
        });
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
  const indexURL = new URL(manifest.pyodide.index, MANIFEST_URL).href;
  const wheelURL = new URL(manifest.wheel.url, MANIFEST_URL).href;
  const files = manifest.pyodide.files;
  const total = Object.values(files).reduce((a, b) => a + b, 0) + manifest.wheel.size;
  post({
    type: "status",
    phase: "runtime",
    loaded: 0,
    total,
    message: `Loading the Python runtime (Pyodide ${manifest.pyodide.version}, ${mb(total)} MB; later visits use the browser cache)…`,
  });
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
  pyodide = await Promise.race([runtimeFailure(), loadPyodide({
    indexURL,
    // Only the core runtime is served; the engine needs no Pyodide package, so the lock lists none.
    lockFileContents: { info: manifest.pyodide.lock_info, packages: {} },
    stdout: () => {},
    stderr: (text) => console.warn("[python]", text),
  })]);
  runtimeFailure.settled = true;
  stopWatching();
  const pyodideReady = performance.now();
  post({ type: "status", phase: "engine", message: `Starting the eligibility engine (${Math.round(manifest.wheel.size / 1024)} KB)…` });
  const buffer = await wheel;
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(buffer, "wheel", { extractDir: sitePackages });
  pyodide.runPython(SHIM); // raises if the engine does not import
  api = { check: pyodide.globals.get("_he_check"), catalog: pyodide.globals.get("_he_catalog") };
  const engineImported = performance.now();
  const catalog = JSON.parse(api.catalog());
  const python = pyodide.runPython("import sys; sys.version.split()[0]");
  post({
    type: "ready",
    catalog,
    python,
    pyodide: manifest.pyodide.version,
    wheelSha256: manifest.wheel.sha256,
    bootMs: Math.round(performance.now() - started),
    timings: {
      workerStarted: Math.round(performance.timeOrigin + started),
      pyodideMs: Math.round(pyodideReady - started),
      engineImportMs: Math.round(engineImported - pyodideReady),
      catalogMs: Math.round(performance.now() - engineImported),
    },
  });
})().catch((error) => {
  post({ type: "error", error: String((error && error.message) || error) });
  throw error;
});

self.onmessage = async ({ data }) => {
  const { id, fn } = data || {};
  try {
    await boot;
  } catch {
    post({ id, type: "failed", error: "The engine did not load." });
    return;
  }
  try {
    if (fn === "check") {
      const started = performance.now();
      const result = JSON.parse(api.check(String(data.input)));
      post({ id, type: "result", result, ms: performance.now() - started });
    } else if (fn === "catalog") {
      post({ id, type: "result", result: JSON.parse(api.catalog()) });
    } else {
      post({ id, type: "failed", error: `unknown request ${fn}` });
    }
  } catch (error) {
    // A bug in the engine, not bad input (that comes back as result.error).
    post({ id, type: "failed", error: String((error && error.message) || error) });
  }
};
