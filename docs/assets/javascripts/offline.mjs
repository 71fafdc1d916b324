// Offline use: registers the service worker (sw.js at the site root, written by
// build_scripts/checker/service_worker.py), tells it what to keep, and says what it does. Loaded on every
// page (mkdocs.yml extra_javascript).
//
// - A visit to any page has the whole site saved in this browser (pages, search, assets). The Pyodide
//   runtime and the engine (what only the checker uses) are saved once the checker has run its engine
//   here, from the browser's HTTP cache: they are never downloaded for a visitor who has not opened it.
//   On the checker page, registering waits until the engine has booted, so the downloads do not compete.
// - Under Save-Data (navigator.connection.saveData) nothing is downloaded ahead of use: each page has the
//   files it loaded kept, so the pages a visitor opened, and the checker once it has run, work offline.
// - On a metered or slow connection (a cellular one, or 2G/3G speeds; where the browser does not say, a small
//   screen), the same until the visitor agrees: a bar asks "Keep this site for offline use? 23.7 MB", and the
//   answer is remembered in this browser. The checker never waits for it.
// - A new build installs beside the old one and waits; a bar offers to reload into it (the checker keeps
//   its consortium in the address and in localStorage, so nothing typed is lost). The old cache is deleted
//   when the new one takes over.
// - The checker page shows, in #he-offline, whether this browser holds an offline copy and of which rules
//   data version. Text only (textContent), nothing leaves the site.

const SW_URL = new URL("../../sw.js", import.meta.url); // this file is assets/javascripts/offline.mjs
const SCOPE = new URL("./", SW_URL).href;
const UPDATE_EVERY_MS = 30 * 60 * 1000;
const PAGE_ID = Math.random().toString(36).slice(2); // the service worker answers every open page at once
// The visitor's answer to "Keep this site for offline use?": "keep" or "skip" (asked on metered connections).
const CHOICE_KEY = "horizon-eligibility:offline-copy";
const SLOW = new Set(["slow-2g", "2g", "3g"]);

const state = {
  registration: null,
  info: null, // the active build: {version, data_version, data_verified_on, pyodide, bytes, ...}
  savedOn: null,
  complete: false, // the whole site is kept
  checker: false, // what only the checker uses (Pyodide, the engine) is kept
  keepRequests: 0, // keep requests sent to the service worker
  answered: false, // it has done what the latest one asked
  saveData: false,
  metered: false, // a cellular or slow connection, or a small screen where the browser does not say
  choice: null, // "keep" or "skip", once asked
  progress: null,
  failed: null,
  waitingInfo: null,
  reloading: false,
  lastUpdateCheck: 0,
};
window.__heOffline = state; // for tests

function mb(bytes) {
  return (bytes / 1e6).toFixed(1);
}

// ----- the checker page's offline line ------------------------------------------------------------

function describe() {
  if (!("serviceWorker" in navigator)) return "This browser cannot keep the site for offline use.";
  if (!window.isSecureContext) return "Offline use needs the site to be served over HTTPS.";
  if (state.failed) return `The site could not be saved for offline use (${state.failed}); it will try again on your next visit.`;
  if (state.checker && state.info) {
    const data = state.info.data_version ? `rules data ${state.info.data_version}` : "this build";
    const when = state.savedOn ? `, saved on ${state.savedOn.slice(0, 10)}` : "";
    const what = state.complete ? "a copy of the site and the engine" : "the engine and the pages you opened (data saver is on)";
    const offline = navigator.onLine === false ? "You are offline: the checker runs from the copy saved in this browser" : `Available offline: this browser keeps ${what}`;
    return `${offline} (${data}${when}).`;
  }
  if (state.progress && state.progress.done < state.progress.total) {
    return `Saving for offline use: ${mb(state.progress.done)} of ${mb(state.progress.total)} MB…`;
  }
  if (state.saveData && state.answered) return "Data saver is on: pages are kept for offline use as you open them, and the checker once its engine has run.";
  if (!wantsCopy() && state.answered) {
    const why = state.choice === "skip" ? "You chose not to keep a copy of this site on this device" : "On this connection the site is not saved for offline use until you say so";
    return `${why}: pages are kept as you open them, and the checker once its engine has run.`;
  }
  return "";
}

function render() {
  renderAskBar();
  const line = document.getElementById("he-offline");
  if (line) {
    const text = describe();
    line.textContent = text;
    line.hidden = !text;
    line.dataset.state = state.checker ? "ready" : state.failed ? "error" : state.progress ? "saving" : "none";
    if (state.info?.data_version) line.dataset.dataVersion = state.info.data_version;
  }
  renderUpdateBar();
}

// ----- bars at the bottom of the page: "a new version is ready", "keep this site for offline use?" ---

function bottomBar(id) {
  const bar = document.createElement("div");
  bar.id = id;
  bar.setAttribute("role", "status");
  bar.className = "md-typeset";
  Object.assign(bar.style, {
    position: "fixed",
    insetInline: "0",
    bottom: "0",
    zIndex: "10",
    padding: "0.6rem 1rem",
    background: "var(--md-default-fg-color, #000)",
    color: "var(--md-default-bg-color, #fff)",
    display: "flex",
    flexWrap: "wrap",
    gap: "0.8rem",
    alignItems: "center",
    justifyContent: "center",
    fontSize: "0.8rem",
  });
  return bar;
}

function button(text, primary, onClick) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = primary ? "md-button md-button--primary" : "md-button";
  element.textContent = text;
  if (!primary) Object.assign(element.style, { color: "inherit", borderColor: "currentColor" });
  element.addEventListener("click", onClick);
  return element;
}

// On a metered connection, until the visitor answers: ask once the service worker has said how big the copy is.
function renderAskBar() {
  let bar = document.getElementById("he-offline-ask");
  const asking = state.metered && !state.saveData && !state.choice && state.registration && state.info?.bytes;
  if (!asking || document.getElementById("he-update-bar")) {
    bar?.remove();
    return;
  }
  if (bar) return;
  bar = bottomBar("he-offline-ask");
  const text = document.createElement("span");
  text.textContent = `Keep this site for offline use? ${mb(state.info.bytes)} MB`;
  const answer = (choice) => () => {
    state.choice = choice;
    try {
      localStorage.setItem(CHOICE_KEY, choice);
    } catch {
      /* not remembered: asked again on the next visit */
    }
    bar.remove();
    if (choice === "keep") requestKeep();
    else render();
  };
  bar.append(text, button("Keep it", true, answer("keep")), button("Not now", false, answer("skip")));
  document.body.append(bar);
}


function renderUpdateBar() {
  let bar = document.getElementById("he-update-bar");
  const waiting = state.registration?.waiting;
  if (!waiting || !navigator.serviceWorker.controller || state.dismissed) {
    bar?.remove();
    return;
  }
  const data = state.waitingInfo?.data_version ? ` (rules data ${state.waitingInfo.data_version})` : "";
  const message = `A new version of this site is ready${data}.`;
  if (bar) {
    bar.querySelector(".he-update-text").textContent = message;
    return;
  }
  bar = bottomBar("he-update-bar");
  const text = document.createElement("span");
  text.className = "he-update-text";
  text.textContent = message;
  const reload = document.createElement("button");
  reload.type = "button";
  reload.className = "md-button md-button--primary";
  reload.id = "he-update-reload";
  reload.textContent = "Reload to update";
  reload.addEventListener("click", () => {
    state.reloading = true;
    reload.disabled = true;
    reload.textContent = "Updating…";
    state.registration?.waiting?.postMessage({ type: "skip-waiting" });
  });
  const later = document.createElement("button");
  later.type = "button";
  later.className = "md-button";
  later.textContent = "Later";
  Object.assign(later.style, { color: "inherit", borderColor: "currentColor" });
  later.addEventListener("click", () => {
    state.dismissed = true;
    bar.remove();
  });
  bar.append(text, reload, later);
  document.body.append(bar);
}

// ----- talking to the service worker --------------------------------------------------------------

function ask(worker) {
  worker?.postMessage({ type: "info" });
}

function onMessage(event) {
  const data = event.data || {};
  if (data.source !== "horizon-eligibility-sw") return;
  const fromWaiting = state.registration?.waiting && event.source === state.registration.waiting;
  if (data.type === "info") {
    if (fromWaiting) state.waitingInfo = data.info;
    else {
      state.info = data.info;
      state.complete = Boolean(data.kept?.site);
      state.checker = Boolean(data.kept?.checker);
      if (data.answers != null) state.answered = data.answers === `${PAGE_ID}:${state.keepRequests}`;
      state.savedOn = data.savedOn;
    }
  } else if (data.type === "progress") {
    state.progress = { done: data.done, total: data.total };
  } else if (data.type === "install-failed" || data.type === "keep-failed") {
    state.failed = data.error;
  } else if (data.type === "activated") {
    state.failed = null;
    ask(navigator.serviceWorker.controller || state.registration?.active);
  }
  render();
}

function track(worker) {
  if (!worker) return;
  worker.addEventListener("statechange", () => {
    if (worker.state === "installed" && navigator.serviceWorker.controller) ask(worker); // an update waits
    if (worker.state === "activated") ask(worker);
    if (worker.state === "redundant" && !state.complete && !state.failed) state.failed = "the download was interrupted";
    render();
  });
}

async function register() {
  try {
    const registration = await navigator.serviceWorker.register(SW_URL.href, { scope: SCOPE, updateViaCache: "none" });
    state.registration = registration;
    state.lastUpdateCheck = Date.now();
    track(registration.installing);
    registration.addEventListener("updatefound", () => track(registration.installing));
    ask(registration.active);
    if (registration.waiting) ask(registration.waiting);
    render();
    requestKeep();
  } catch (error) {
    state.failed = String(error?.message || error);
    render();
  }
}

// A connection where 23.7 MB should not be downloaded without asking: cellular, or slow; where the browser has
// no Network Information API (Firefox, Safari), a small screen stands in for a phone.
function isMetered() {
  const connection = navigator.connection;
  if (connection) return connection.type === "cellular" || SLOW.has(connection.effectiveType);
  return typeof matchMedia === "function" && matchMedia("(max-width: 40em)").matches;
}

function readChoice() {
  try {
    const choice = localStorage.getItem(CHOICE_KEY);
    return choice === "keep" || choice === "skip" ? choice : null;
  } catch {
    return null;
  }
}

// Whether this visit may download the copy of the site ahead of use.
function wantsCopy() {
  return !state.saveData && (!state.metered || state.choice === "keep");
}

// On the checker page: resolves with true once the engine has booted, with false if it failed, the page
// was left, or `ms` passed.
function engineReady(ms) {
  return new Promise((resolve) => {
    const started = Date.now();
    const poll = () => {
      if (window.__heEngineInfo) return resolve(true);
      const failed = document.getElementById("he-status")?.dataset.state === "error";
      if (failed || !document.getElementById("he-checker") || Date.now() - started > ms) return resolve(false);
      setTimeout(poll, 200);
    };
    poll();
  });
}

// On the checker page: resolves once the first verdict is on the page (its performance mark), or `ms` passed
// (an input the engine refuses shows no verdict).
function firstVerdict(ms) {
  return new Promise((resolve) => {
    const started = Date.now();
    const poll = () => {
      if (performance.getEntriesByName("he-first-verdict").length || Date.now() - started > ms) resolve();
      else setTimeout(poll, 50);
    };
    poll();
  });
}

// Ask the service worker to keep what this visit uses: the whole site (unless Save-Data is on), what only
// the checker uses once it has run its engine on this page, and the files this page loaded.
async function requestKeep() {
  const checker = Boolean(document.getElementById("he-checker"));
  const ran = checker && (await engineReady(10 * 60_000));
  const registration = await navigator.serviceWorker.ready;
  readConnection();
  const urls = [location.href, ...performance.getEntriesByType("resource").map((entry) => entry.name)];
  const id = `${PAGE_ID}:${++state.keepRequests}`;
  state.answered = false;
  // Without the copy, nothing is downloaded ahead of use; what the checker uses is kept once it has run, from
  // the HTTP cache, like the files this page loaded.
  const copy = wantsCopy();
  registration.active?.postMessage({ type: "keep", id, site: copy, checker: ran, saveData: !copy, urls });
  render();
}

function readConnection() {
  state.saveData = Boolean(navigator.connection?.saveData);
  state.metered = isMetered();
  state.choice = readChoice();
}

function start() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  readConnection();
  navigator.serviceWorker.addEventListener("message", onMessage);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    ask(navigator.serviceWorker.controller);
    if (state.reloading) location.reload();
  });
  window.addEventListener("online", render);
  window.addEventListener("offline", render);
  ask(navigator.serviceWorker.controller); // a page served from the saved copy says so at once
  // On the checker page, wait until the engine has booted (or failed, or 20 s) and given its first verdict
  // before saving the site, so the service worker's downloads compete with neither.
  const settled = () => engineReady(20_000).then((ready) => ready && firstVerdict(2_000));
  const go = () => (document.getElementById("he-checker") ? settled() : Promise.resolve()).then(register);
  if (document.readyState === "complete") go();
  else window.addEventListener("load", go, { once: true });
}

// Instant navigation swaps the page without a load: refresh the line, and look for a new build now and then.
function onPage() {
  render();
  const registration = state.registration;
  if (registration) requestKeep();
  if (registration && Date.now() - state.lastUpdateCheck > UPDATE_EVERY_MS && navigator.onLine !== false) {
    state.lastUpdateCheck = Date.now();
    registration.update().catch(() => {});
  }
}

start();
if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(onPage);
else document.addEventListener("DOMContentLoaded", onPage, { once: true });
