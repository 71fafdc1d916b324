// The consortium checker page (docs/checker/index.md), bound to the page. Loaded by the checker page only, as
// a module at the end of its content (page_modules, overrides/main.html): instant navigation runs it on the
// first visit however the page is reached, and it binds through Material's document$ for later ones.
// The modules, by concern (checker/):
//   engine-client  the engine Web Worker (checker-worker.mjs), one per visit; protocol: its messages
//   controller     state, persistence and checking; form-view, rows-view, topic-view: the form;
//                  field-errors: the engine's input errors on the fields; verdict-view: the answer
//   document, form-state, error-map, csv, share-link, files, transfer: pure functions (tests/js)

import { fillPrintMeta } from "./checker/io-actions.mjs";
import { Checker } from "./checker/controller.mjs";
import { DirectoryClient } from "./checker/directory.mjs";
import { EngineClient } from "./checker/engine-client.mjs";

const CATALOG_URL = new URL("../checker/catalog.json", import.meta.url);
const engine = new EngineClient(new URL("./checker-worker.mjs", import.meta.url));
// The organisation directory, loaded into the engine only when a name field is focused or a PIC is given.
const directory = new DirectoryClient(engine);
window.__heDirectory = directory; // for tests and the benchmark
let view = null; // the Checker bound to the current page, if it is the checker page
let catalogPromise = null;

// The form's lists before Python is ready: catalog() as written at build time.
function fetchCatalog() {
  catalogPromise ??= fetch(CATALOG_URL, { cache: "no-cache" }).then((r) => {
    if (!r.ok) throw new Error(`${r.status}`);
    return r.json();
  });
  return catalogPromise;
}

function bind() {
  const root = document.getElementById("he-checker");
  if (!root) {
    view?.close();
    view = null;
    return;
  }
  if (root.dataset.bound) return;
  root.dataset.bound = "1";
  view?.close();
  view = new Checker(root, engine, fetchCatalog(), directory);
  window.__heChecker = view; // for tests and the benchmark
}

window.addEventListener("hashchange", () => view?.onHashChange());
window.addEventListener("beforeprint", () => view && fillPrintMeta(view));
window.addEventListener("pagehide", () => view?.flush());
document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && view?.flush());

// Start the engine (the page's inline script has already started its worker) and the catalog download at
// once, bind the form once Material's document$ exists (its bundle runs before DOMContentLoaded).
if (document.getElementById("he-checker")) {
  engine.start();
  fetchCatalog().catch(() => {});
}

function subscribe() {
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(bind);
  else bind();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", subscribe, { once: true });
else subscribe();
