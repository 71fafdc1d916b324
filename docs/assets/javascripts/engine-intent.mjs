// Start the checker's engine as soon as a visitor shows they are about to open the checker.
//
// Loaded on every page (mkdocs.yml extra_javascript). Pointing at, focusing or touching a link to the
// checker starts the engine worker (checker-worker.mjs) in this window; with Material's instant navigation
// the window survives the click, so the checker page's engine client adopts the running worker
// (window.__heEarlyEngine) instead of starting another. Nothing is started without such a sign of intent,
// and never under Save-Data or on a metered connection: Pyodide is megabytes a visitor did not ask for.
// The engine client is imported only then, so other pages load this file alone.

const WORKER_URL = new URL("./checker-worker.mjs", import.meta.url);
const CHECKER = new URL("../../checker/", import.meta.url); // this file is assets/javascripts/engine-intent.mjs
let starting = false;

// Under Save-Data, or on a cellular or slow connection, Pyodide's megabytes wait for the click itself.
function meteredConnection() {
  const connection = navigator.connection;
  return Boolean(connection && (connection.saveData || connection.type === "cellular" || ["slow-2g", "2g", "3g"].includes(connection.effectiveType)));
}

function pointsToChecker(target) {
  const link = target instanceof Element ? target.closest("a[href]") : null;
  if (!link) return false;
  const url = new URL(link.href, location.href);
  return url.origin === CHECKER.origin && url.pathname.replace(/index\.html$/, "") === CHECKER.pathname;
}

async function onIntent(event) {
  if (starting || window.__heEarlyEngine || document.getElementById("he-checker")) return;
  if (meteredConnection() || typeof Worker !== "function" || !pointsToChecker(event.target)) return;
  starting = true;
  try {
    const { startEngineWorker } = await import("./checker/engine-client.mjs");
    if (!window.__heEarlyEngine) startEngineWorker(WORKER_URL, "intent");
  } catch {
    starting = false; // the checker page starts the engine itself, and reports what went wrong
  }
}

for (const type of ["pointerover", "focusin", "touchstart"]) {
  document.addEventListener(type, onIntent, { passive: true, capture: true });
}
