// The engine worker, seen from the page: one per visit, shared by every binding of the page (instant
// navigation re-binds the form, not the engine). Events: "status" (detail: the worker's status message),
// "ready" (detail: its ready message), "failed" (detail: {error}), "restarting" (detail: {reason}),
// "snapshot" (detail: the engine snapshot's record, once it was saved for the next visit).
//
// The worker may already run when the page binds, and its first messages wait in a queue:
// window.__heEarlyEngine = {worker, queue, errors}. The checker page's head (overrides/checker.html) starts
// it while the page is still being parsed; another page starts it when the visitor points at a link to the
// checker (../engine-intent.mjs, through startEngineWorker). The client adopts that worker and replays the
// queue, so no message is lost and Pyodide is not booted twice.

import * as protocol from "./protocol.mjs";

export const CHECK_TIMEOUT_MS = 5000;

// Set once this browser keeps a snapshot of the engine: the checker page's head (overrides/checker.html) then
// starts the worker first thing. On a first visit it does not: there Pyodide's download would compete with
// the page's own files and delay its first paint, for little gain (the page's module starts it soon after).
export const ENGINE_KEPT_KEY = "horizon-eligibility:engine-kept";

function rememberKept(snapshot) {
  if (!snapshot?.used && !snapshot?.saved) return;
  try {
    localStorage.setItem(ENGINE_KEPT_KEY, "1");
  } catch {
    /* storage refused: every visit then starts as a first one */
  }
}

/** Rejection of a check that ran longer than its time (the worker was restarted meanwhile). */
export class CheckTimeout extends Error {}

/**
 * Start the engine worker and queue what it says until a client adopts it (window.__heEarlyEngine).
 * `by` says who started it ("page", "intent"; the checker page's head says "head"), for the tests.
 */
export function startEngineWorker(workerUrl, by = "page") {
  const queue = [];
  const errors = [];
  const worker = new Worker(workerUrl, { type: "module", name: "horizon-eligibility-engine" });
  worker.onmessage = ({ data }) => queue.push(data);
  worker.onerror = (event) => errors.push(event.message || "");
  window.__heEarlyEngine = { worker, queue, errors, by };
  return window.__heEarlyEngine;
}

export class EngineClient extends EventTarget {
  constructor(workerUrl) {
    super();
    this.workerUrl = workerUrl;
    this.worker = null;
    this.ready = false;
    this.error = null;
    this.status = null;
    this.info = null;
    this.catalog = null;
    this.nextId = 1;
    this.pending = new Map();
    this.restarts = 0;
    this.restartReason = null;
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  start() {
    if (this.worker || this.error) return;
    let early = window.__heEarlyEngine;
    if (!early?.worker) {
      try {
        early = startEngineWorker(this.workerUrl);
      } catch (error) {
        this.fail(`this browser cannot start the engine (${protocol.errorText(error)})`);
        return;
      }
    }
    this.worker = early.worker;
    this.startedBy = early.by || "head";
    const queued = early.queue.splice(0);
    const errors = (early.errors || []).splice(0);
    this.worker.onmessage = ({ data }) => this.receive(data);
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      if (!this.ready) this.fail(event.message || "the engine script could not be loaded");
    };
    for (const data of queued) this.receive(data);
    if (errors.length && !this.ready) this.fail(errors[0] || "the engine script could not be loaded");
  }

  receive(data) {
    if (protocol.isReply(data)) {
      const call = this.pending.get(data.id);
      if (!call) return; // answered after its timeout: nobody waits for it any more
      clearTimeout(call.timer);
      this.pending.delete(data.id);
      if (data.type === protocol.RESULT) call.resolve(data.result);
      else call.reject(new Error(data.error));
    } else if (data?.type === protocol.STATUS) {
      this.status = data;
      this.emit("status", data);
    } else if (data?.type === protocol.READY) {
      this.ready = true;
      this.catalog = data.catalog;
      this.info = { ...data, startedBy: this.startedBy };
      window.__heEngineInfo = this.info; // boot timings, for the benchmark and tests
      rememberKept(data.snapshot);
      this.emit("ready", data);
    } else if (data?.type === protocol.SNAPSHOT && this.info) {
      this.info.snapshot = data.snapshot;
      rememberKept(data.snapshot);
      this.emit("snapshot", data.snapshot);
    } else if (data?.type === protocol.ERROR) this.fail(data.error);
  }

  fail(message) {
    if (this.error) return;
    this.error = message;
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new Error(message));
    }
    this.pending.clear();
    this.emit("failed", { error: message });
  }

  /** Resolves once the engine is ready (at once if it is); rejects if it cannot be loaded. */
  whenReady() {
    if (this.ready) return Promise.resolve();
    if (this.error) return Promise.reject(new Error(this.error));
    return new Promise((resolve, reject) => {
      const done = new AbortController();
      const on = (type, settle) => this.addEventListener(type, () => { done.abort(); settle(); }, { signal: done.signal });
      on("ready", resolve);
      on("failed", () => reject(new Error(this.error)));
    });
  }

  /** Check an input (its JSON text): resolves with worker.py's result, rejects with CheckTimeout or an Error. */
  check(inputText, timeoutMs = CHECK_TIMEOUT_MS) {
    return this.call(protocol.CHECK, inputText, timeoutMs);
  }

  call(fn, input, timeoutMs) {
    if (this.error) return Promise.reject(new Error(this.error));
    const id = this.nextId++;
    const message = protocol.requestMessage(id, fn, input);
    return new Promise((resolve, reject) => {
      // Python cannot be interrupted without cross-origin isolation (GitHub Pages sets no such headers):
      // a runaway check is stopped by terminating the worker, and a fresh one boots (from the cache).
      const timer = setTimeout(() => {
        this.pending.delete(id);
        const error = new CheckTimeout(`the check took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`);
        reject(error);
        this.restart(error.message);
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.worker.postMessage(message);
    });
  }

  restart(reason) {
    if (this.worker) {
      this.worker.onmessage = null;
      this.worker.onerror = null;
      this.worker.terminate();
    }
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new Error("the engine was restarted"));
    }
    this.pending.clear();
    Object.assign(this, { worker: null, ready: false, status: null, restartReason: reason });
    this.restarts += 1;
    window.__heEarlyEngine = null;
    this.emit("restarting", { reason });
    this.start();
  }
}
