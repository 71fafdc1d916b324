// Start Pyodide with the engine, from the memory snapshot this browser keeps when there is a good one.
//
// Used by the engine worker (../checker-worker.mjs). A returning visitor's engine is restored from a snapshot
// of Pyodide's memory taken after the engine was imported on an earlier visit (snapshot-cache.mjs keeps it),
// which skips Python's start-up. The snapshot is checked by key (Pyodide version, standard library, engine
// wheel, rules data) and checksum; a missing, stale, damaged or unusable one means a normal boot, and the
// status line says why. loadPyodide's snapshot options (_loadSnapshot, _makeSnapshot, makeMemorySnapshot)
// are experimental in Pyodide 314: anything that goes wrong with them falls back to the normal way.
// The memory image is taken as soon as the engine is up (36 ms), before the first check: it never holds
// anything the visitor typed. It is packed and saved later, once the visitor pauses.

import { stamp } from "./boot-trace.mjs";
import * as protocol from "./protocol.mjs";
import { findSnapshot, forgetSnapshot, saveSnapshot, snapshotKey } from "./snapshot-cache.mjs";

const RESTORE_TIMEOUT_MS = 15_000;
// Saved once the visitor has had a verdict and paused, so that packing it never delays one.
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

// loadPyodide restores a snapshot by copying the whole image into its new memory (API.restoreSnapshot). Here it
// gets an image of the right size holding only its own header, which it checks (magic number, build) and parses;
// then the reader fills the memory from the kept blocks and checks the checksum of the whole, before Python runs.
async function restore(load, reader, snapshot) {
  const started = performance.now();
  const image = reader.head();
  let filled = false;
  const hook = (module) => {
    const pyodideRestore = module.API.restoreSnapshot;
    module.API.restoreSnapshot = (bytes) => {
      const config = pyodideRestore(bytes.subarray(0, reader.heapStart));
      reader.fillHeap(module.HEAP8);
      filled = true;
      snapshot.loadMs = Math.round(performance.now() - started);
      stamp("snapshot-restored");
      return config;
    };
  };
  try {
    const pyodide = await load({ _loadSnapshot: image }, hook);
    if (!filled) throw new Error("this Pyodide restores snapshots another way");
    return pyodide;
  } finally {
    reader.close();
  }
}

/** Look for the snapshot this browser keeps, as soon as the manifest is known: {key, entry, findMs}. */
export async function lookForSnapshot(manifest) {
  const key = snapshotKey(manifest);
  const started = performance.now();
  const entry = await findSnapshot(key);
  stamp(entry ? "snapshot-found" : "snapshot-none");
  return { key, entry, findMs: Math.round(performance.now() - started) };
}

// load(extraOptions, onModule) -> Promise<pyodide>: loadPyodide with the worker's options (and its failure
// watch); onModule(module) is called with Pyodide's Emscripten module as soon as it exists.
// looked: lookForSnapshot(manifest). prepare(pyodide, restored): make the engine's files available, import it,
// read its catalogue; throws if the engine is unusable.
// Returns {pyodide, prepared, snapshot, image}: prepared = what prepare() returned; snapshot = {key, used, error,
// restoreMs, settled, saved, ...} (plain data, sent to the page); image = the memory image to keep (null after
// a restore, or if it could not be taken).
export async function bootEngine(load, looked, prepare, post) {
  const { key, entry, findMs } = await looked;
  const snapshot = { key, used: false, error: null, settled: false, saved: false, findMs };
  if (entry) {
    post(protocol.statusMessage("restore", "Starting the engine kept in this browser…"));
    const started = performance.now();
    try {
      const pyodide = await withTimeout(restore(load, entry, snapshot), RESTORE_TIMEOUT_MS, "it did not start");
      const prepared = await prepare(pyodide, true); // also proves the restored interpreter works
      Object.assign(snapshot, { used: true, settled: true, restoreMs: Math.round(performance.now() - started) });
      return { pyodide, prepared, snapshot, image: null };
    } catch (error) {
      snapshot.error = reason(error);
      entry.close();
      await forgetSnapshot();
      post(protocol.statusMessage("python", `The engine kept in this browser could not be used (${snapshot.error}); starting it normally…`));
    }
  }
  const pyodide = await load({ _makeSnapshot: true });
  const prepared = await prepare(pyodide, false);
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
