// The organisation directory (CORDIS: PIC, name, country, type) on the page, through the engine worker.
//
// - Nothing of it is fetched on page load, so the first verdict is never slower: it is asked for when a
//   participant's name field is first focused (partner-suggest.mjs), or when the consortium holds a PIC
//   (the engine needs it to read one).
// - The worker fetches the file the build manifest names (assets/directory/<sha>/, 0.8 MB), checks its SHA-256
//   and hands it to the engine (horizon_eligibility.worker.load_directory); searches are Python's own
//   (`partners`), so the page ranks as `horizon-eligibility partners` does.
// - Once loaded, the service worker is asked to keep it for offline use (its `directory` group).
// - A worker restarted (a runaway check) or booted again has lost it: it is loaded again when next needed,
//   from the HTTP cache.

import { errorText, LOAD_DIRECTORY, PARTNERS } from "./protocol.mjs";

const LOAD_TIMEOUT_MS = 120_000; // a download on a slow line, not a runaway check
const SEARCH_TIMEOUT_MS = 5_000;

/** True when an engine input holds a participant given by PIC. */
export function holdsPic(input) {
  return Array.isArray(input?.participants) && input.participants.some((p) => p && p.pic != null && p.pic !== "");
}

export class DirectoryClient extends EventTarget {
  /** @param engine the page's EngineClient */
  constructor(engine) {
    super();
    this.engine = engine;
    this.worker = null; // the worker that holds it
    this.info = null; // {organisations, snapshots, url}
    this.error = null;
    this.pending = null;
    this.requested = false; // asked for at least once: the first request is what the tests watch for
  }

  /** The engine worker holds the directory now. */
  get ready() {
    return this.info != null && this.worker != null && this.worker === this.engine.worker;
  }

  /** Have the engine load it (once per worker): resolves with true once it holds it, false if it cannot. */
  ensure() {
    if (this.ready) return Promise.resolve(true);
    if (this.engine.error) return Promise.resolve(false);
    if (!this.engine.ready) return this.afterEngine().then((up) => (up ? this.ensure() : false));
    if (this.pending?.worker === this.engine.worker) return this.pending.promise;
    const worker = this.engine.worker;
    this.requested = true;
    const promise = this.engine
      .call(LOAD_DIRECTORY, "{}", LOAD_TIMEOUT_MS)
      .then((result) => {
        if (!result.ok) throw new Error(result.errors?.map((e) => e.message).join(" ") || "the directory was not loaded");
        Object.assign(this, { info: result, worker, error: null });
        keepOffline();
        this.dispatchEvent(new Event("loaded"));
        return true;
      })
      .catch((error) => {
        this.error = errorText(error);
        this.dispatchEvent(new Event("failed"));
        return false;
      })
      .finally(() => {
        if (this.pending?.promise === promise) this.pending = null;
      });
    this.pending = { worker, promise };
    return promise;
  }

  /** Resolves with true once the engine is ready, false if it failed. */
  afterEngine() {
    return new Promise((resolve) => {
      const done = (up) => {
        this.engine.removeEventListener("ready", ready);
        this.engine.removeEventListener("failed", failed);
        resolve(up);
      };
      const ready = () => done(true);
      const failed = () => done(false);
      this.engine.addEventListener("ready", ready);
      this.engine.addEventListener("failed", failed);
    });
  }

  /** The best matches for a query ({pic, name, short_name, country, type, projects, last_year}), or null
   * when the directory cannot be had. */
  async search(query, limit) {
    if (!this.ready && !(await this.ensure())) return null; // no await once loaded: asked at once
    const result = await this.engine.call(PARTNERS, JSON.stringify({ query, limit }), SEARCH_TIMEOUT_MS);
    return result.ok ? result.matches : null;
  }
}

// The service worker (offline.mjs registers it) keeps the directory from now on, in later builds too.
function keepOffline() {
  const saveData = Boolean(navigator.connection?.saveData);
  navigator.serviceWorker?.ready
    .then((registration) => registration.active?.postMessage({ type: "keep", directory: true, saveData }))
    .catch(() => {});
}
