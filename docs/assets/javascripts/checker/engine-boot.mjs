// Start Pyodide with the engine, from the memory snapshot this browser keeps when there is a good one.
//
// Used by the engine worker (../checker-worker.mjs). A returning visitor's engine is restored from a snapshot
// of Pyodide's memory taken after the engine was imported on an earlier visit (snapshot-cache.mjs keeps it),
// which skips Python's start-up. The snapshot is checked by key (Pyodide version, standard library, engine
// wheel, rules data) and SHA-256; a missing, stale, damaged or unusable one means a normal boot, and the
// status line says why. loadPyodide's snapshot options (_loadSnapshot, _makeSnapshot, makeMemorySnapshot)
// are experimental in Pyodide 314: anything that goes wrong with them falls back to the normal way.
// The memory image is taken as soon as the engine is up (36 ms), before the first check: it never holds
// anything the visitor typed. It is packed, hashed and saved later, once the visitor pauses.

import * as protocol from "./protocol.mjs";
import { findSnapshot, forgetSnapshot, readSnapshot, saveSnapshot, snapshotKey } from "./snapshot-cache.mjs";

const RESTORE_TIMEOUT_MS = 15_000;
// Saved once the visitor has had a verdict and paused, so that packing and hashing it never delays one.
const SAVE_DELAY_MS = 1_000;

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function reason(error) {
  return protocol.errorText(error).split("\n")[0];
}

// load(extraOptions) -> Promise<pyodide>: loadPyodide with the worker's options (and its failure watch).
// prepare(pyodide): unpack the engine, import it, read its catalogue; throws if the engine is unusable.
// Returns {pyodide, prepared, snapshot, image}: prepared = what prepare() returned; snapshot = {key, used, error, restoreMs, settled, saved, ...} (plain data,
// sent to the page); image = the memory image to keep (null after a restore, or if it could not be taken).
export async function bootEngine(load, manifest, prepare, post) {
  const key = snapshotKey(manifest);
  const snapshot = { key, used: false, error: null, settled: false, saved: false };
  const looked = performance.now();
  const entry = await findSnapshot(key);
  snapshot.findMs = Math.round(performance.now() - looked);
  if (entry) {
    post(protocol.statusMessage("runtime", "Starting the engine kept in this browser…"));
    const started = performance.now();
    // Read, verified and expanded while loadPyodide fetches and parses its own script.
    const bytes = readSnapshot(entry).then((data) => {
      snapshot.loadMs = Math.round(performance.now() - started);
      return data;
    });
    bytes.catch(() => {}); // reported through loadPyodide, which awaits it
    try {
      const pyodide = await withTimeout(load({ _loadSnapshot: bytes }), RESTORE_TIMEOUT_MS, "it did not start");
      const prepared = await prepare(pyodide); // also proves the restored interpreter works
      Object.assign(snapshot, { used: true, settled: true, restoreMs: Math.round(performance.now() - started) });
      return { pyodide, prepared, snapshot, image: null };
    } catch (error) {
      snapshot.error = reason(error);
      await forgetSnapshot();
      post(protocol.statusMessage("runtime", `The engine kept in this browser could not be used (${snapshot.error}); starting it normally…`));
    }
  }
  const pyodide = await load({ _makeSnapshot: true });
  const prepared = await prepare(pyodide);
  let image = null;
  const started = performance.now();
  try {
    image = pyodide.makeMemorySnapshot();
  } catch (error) {
    Object.assign(snapshot, { settled: true, saveError: reason(error) });
  }
  snapshot.makeMs = Math.round(performance.now() - started);
  return { pyodide, prepared, snapshot, image };
}

/** A sentence for the status line, or "". */
export function snapshotNote(snapshot) {
  if (snapshot.used) return `Started in ${snapshot.restoreMs} ms from the engine kept in this browser.`;
  if (snapshot.error) return `The engine kept in this browser could not be used (${snapshot.error}), so it was started normally.`;
  return "";
}

// Returns afterRequest(): the worker calls it after each request it served. Once the engine has been idle
// for a moment (after boot, or after the visitor's checks), the image taken at boot is kept (once), then
// reported to the page with protocol.snapshotMessage().
export function snapshotKeeper(image, snapshot, post) {
  let timer = null;
  if (!image) return () => {};
  const afterRequest = () => {
    if (snapshot.settled) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const started = performance.now();
      try {
        snapshot.savedBytes = await saveSnapshot(snapshot.key, image);
        snapshot.rawBytes = image.length;
        snapshot.saved = true;
      } catch (error) {
        snapshot.saveError = reason(error);
      }
      image = null;
      snapshot.saveMs = Math.round(performance.now() - started);
      snapshot.settled = true;
      post(protocol.snapshotMessage(snapshot));
    }, SAVE_DELAY_MS);
  };
  afterRequest(); // an engine started on intent may never be asked anything
  return afterRequest;
}
