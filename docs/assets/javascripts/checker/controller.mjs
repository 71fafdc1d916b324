// The checker page's controller: it holds the form state, keeps it (persistence.mjs), has it checked by
// the engine (engine-client.mjs) and shows the answer (verdict-view.mjs). The form itself is drawn by
// form-view.mjs and rows-view.mjs, the buttons under it are io-actions.mjs.
//
// - The engine is the only reader of the input: the form's document (form-state.mjs) is sent as it is, and
//   the engine's errors are shown on the fields (field-errors.mjs), the last verdict staying on screen
//   marked out of date.
// - Every edit re-checks: at most one check in flight, the newest state wins (no fixed delay).
// - State: the address (#c=…) wins over localStorage on load; both are written on every edit.
// - A check that runs longer than 5 s restarts the engine; the input stays, and is not re-run by itself.

import { CatalogIndex } from "./catalog.mjs";
import { CompareView } from "./compare-view.mjs";
import { documentText } from "./document.mjs";
import { h } from "./dom.mjs";
import { holdsPic } from "./directory.mjs";
import { CHECK_TIMEOUT_MS, CheckTimeout } from "./engine-client.mjs";
import { errorsToShow } from "./error-map.mjs";
import { FieldErrors } from "./field-errors.mjs";
import { defaultState, stateFromDocument, toInput, untouched } from "./form-state.mjs";
import { FormView } from "./form-view.mjs";
import { bindActions } from "./io-actions.mjs";
import { PartnerSuggest } from "./partner-suggest.mjs";
import { keep, loadFromAddress, loadSaved } from "./persistence.mjs";
import { PAGE_ROWS, RowsView } from "./rows-view.mjs";
import { readTopicText, TopicView } from "./topic-view.mjs";
import * as verdictView from "./verdict-view.mjs";

const LONG_CHECK_TIMEOUT_MS = 60_000;
const ELEMENTS = {
  status: "he-status", form: "he-form", programme: "he-programme", action: "he-action", callId: "he-call-id",
  callYear: "he-call-year", callYearHint: "he-call-year-hint", deadline: "he-deadline", part: "he-part",
  partHint: "he-part-hint", partAuto: "he-part-auto", topic: "he-topic", topicOptions: "he-topic-options",
  rows: "he-rows", add: "he-add", countries: "he-countries", names: "he-names", ioMessage: "he-io-message",
  shareUrl: "he-share-url", importInput: "he-import", verdict: "he-verdict", details: "he-details",
  printMeta: "he-print-meta", alert: "he-alert", topicText: "he-topic-text", topicReading: "he-topic-reading",
  topicLink: "he-topic-link", compare: "he-compare", compareToggle: "he-compare-toggle", summary: "he-summary",
  summaryText: "he-summary-text", summaryButton: "he-summary-button", result: "he-result", errors: "he-errors",
  callExtras: "he-call-extras",
};

export class Checker {
  /** @param directory the organisation directory (directory.mjs), shared like the engine */
  constructor(root, engine, catalogPromise, directory) {
    this.root = root;
    this.engine = engine;
    this.directory = directory;
    this.els = Object.fromEntries(Object.entries(ELEMENTS).map(([key, id]) => [key, root.querySelector(`#${id}`)]));
    Object.assign(this, { state: null, index: null, revision: 0, inFlight: false, dirty: false, closed: false });
    Object.assign(this, { lastHash: null, lastReply: null, timedOutInput: null, lastTimeoutMs: null, persistTimer: null, starting: null });
    // The last verdict shown and the document it was for (it stays on screen, out of date, while the input
    // has errors; the country boxes show what it resolved each country to).
    Object.assign(this, { verdict: null, verdictDoc: null });
    this.timeoutMs = CHECK_TIMEOUT_MS;
    this.resultRows = verdictView.RESULT_ROWS;
    this.fieldErrors = new FieldErrors(this, this.els);
    this.form = new FormView(this, this.els);
    this.rows = new RowsView(this, this.els);
    this.topicView = new TopicView(this, this.els);
    this.compare = new CompareView(this, this.els);
    this.suggest = new PartnerSuggest(this, directory, this.els);
    this.form.bind();
    // Before the rows: a keystroke in a name field asks the worker for suggestions before the new verdict.
    this.suggest.bind();
    this.rows.bind();
    this.topicView.bind();
    this.compare.bind();
    bindActions(this);
    this.listening = new AbortController();
    const on = (type, handler) => engine.addEventListener(type, handler, { signal: this.listening.signal });
    on("status", () => this.onEngineStatus());
    on("ready", () => this.onEngineReady());
    on("failed", () => this.onEngineFailed());
    on("restarting", () => this.onEngineRestarting());
    this.setStatus("loading", "Loading the form…");
    engine.start();
    const initial = engine.catalog ? Promise.resolve(engine.catalog) : catalogPromise;
    initial
      .catch(() => null)
      .then((catalog) => {
        if (this.closed) return;
        if (catalog) this.useCatalog(catalog);
        else if (!engine.ready) {
          this.setStatus("loading", "Loading the Python runtime; the form lists appear when it is ready…");
          return;
        }
        this.start();
      });
  }

  /** The page was left (instant navigation): stop listening to the engine, keep what was typed. */
  close() {
    this.flush();
    this.closed = true;
    this.listening.abort();
    this.suggest.dispose();
    this.summaryObserver?.disconnect();
  }

  /** Show the consortium (from the link, the browser or a fresh one) once the lists are known; once. */
  start() {
    if (this.state || !this.index || this.starting) return;
    this.starting = this.restore().then((restored) => {
      this.starting = null;
      if (!this.closed && !this.state) this.begin(restored);
    });
  }

  begin(restored) {
    this.state = restored || defaultState(this.index);
    this.renderAll();
    if (this.engine.error) this.onEngineFailed();
    else if (this.engine.ready) this.onEngineReady();
    else if (this.engine.status) this.onEngineStatus();
    else this.setStatus("loading", "Form ready. Loading the Python runtime…");
    this.commit({ persist: Boolean(restored) });
    this.requestReading();
    this.summaryObserver = verdictView.bindSummaryBar(this.els);
  }

  /** The consortium of the link in the address, else the one saved in this browser, else null. */
  async restore() {
    try {
      const fromHash = await loadFromAddress();
      if (fromHash !== null) {
        this.lastHash = location.hash;
        this.els.form.dataset.loadedHash = location.hash;
        return stateFromDocument(fromHash);
      }
    } catch (error) {
      this.alert(`The consortium in this link could not be read: ${error.message}. Showing your last consortium instead; the link was not used.`);
    }
    const saved = loadSaved();
    return saved === null ? null : stateFromDocument(saved);
  }

  useCatalog(catalog) {
    if (JSON.stringify(catalog) === this.index?.text) return false;
    this.index = new CatalogIndex(catalog);
    this.form.renderCountries();
    if (this.state) this.renderAll();
    return true;
  }

  toInput() {
    return toInput(this.state);
  }

  /** The input as the engine gets it: the document's JSON text, numbers as written. */
  inputText() {
    return documentText(toInput(this.state));
  }

  renderAll() {
    this.form.renderCall();
    this.topicView.render();
    this.rows.render();
  }

  /** Have the engine read the pasted topic conditions (topic-view.mjs). */
  requestReading() {
    readTopicText(this);
  }

  /** Replace the whole consortium (an import, a link, an undo) and check it. */
  replace(state) {
    this.state = state;
    this.rows.page = 0;
    this.resultRows = verdictView.RESULT_ROWS;
    Object.assign(this, { lastReply: null, verdict: null, verdictDoc: null });
    this.renderAll();
    this.commit();
    this.requestReading();
  }

  // ----- state changes, persistence, checking ---------------------------------------------------

  commit({ persist = true } = {}) {
    this.revision += 1;
    this.els.form.dataset.revision = String(this.revision);
    clearTimeout(this.persistTimer);
    // A large consortium makes a long address (rewriting it costs ~0.2 s per 500 KB): save it once the
    // typing pauses, and before the page goes away.
    if (persist && this.state.uids.length > PAGE_ROWS) this.persistTimer = setTimeout(() => this.persist(), 500);
    else if (persist) this.persist();
    this.requestCheck();
  }

  flush() {
    if (this.persistTimer == null) return;
    clearTimeout(this.persistTimer);
    this.persist();
  }

  /** Keep the consortium (address and browser); resolves with the hash of its link ("" if too long). */
  async persist() {
    this.persistTimer = null;
    const hash = await keep(this.inputText());
    if (hash == null) return this.lastHash; // a newer edit is being kept
    this.lastHash = hash;
    this.els.shareUrl.value = location.href;
    return hash;
  }

  async onHashChange() {
    const hash = location.hash;
    if (!hash.startsWith("#c=") || hash === this.lastHash || !this.index) return;
    try {
      const state = stateFromDocument(await loadFromAddress());
      if (this.closed || location.hash !== hash) return;
      this.lastHash = hash;
      this.els.form.dataset.loadedHash = hash;
      this.replace(state);
    } catch (error) {
      this.alert(`The consortium in this link could not be read: ${error.message}. Your consortium is unchanged.`);
    }
  }

  requestCheck() {
    if (!this.state || !this.engine.ready) return;
    if (this.inFlight) this.dirty = true;
    else this.send();
  }

  async send() {
    // A participant given by PIC needs the organisation directory in the engine (fetched now, once).
    if (!this.directory.ready && holdsPic(this.toInput())) {
      this.inFlight = true;
      await this.directory.ensure();
      this.inFlight = false;
      if (this.closed) return;
    }
    const text = this.inputText();
    const doc = this.state.doc;
    const revision = this.revision;
    this.dirty = false;
    if (text === this.timedOutInput) {
      // The very input that ran away: do not start it again by itself (the user can ask to, with more time).
      this.showTimeout(revision);
      return;
    }
    this.inFlight = true;
    const timeout = this.timeoutMs;
    this.timeoutMs = CHECK_TIMEOUT_MS;
    try {
      const result = await this.engine.check(text, timeout);
      if (this.closed) return;
      this.timedOutInput = null;
      this.lastReply = result;
      this.showResult(result, revision, doc);
    } catch (error) {
      if (this.closed) return;
      if (error instanceof CheckTimeout) {
        this.timedOutInput = text;
        this.lastTimeoutMs = timeout;
        this.showTimeout(revision);
      } else if (!this.engine.error) verdictView.showInternalError(this.els, revision, error.message);
    } finally {
      this.inFlight = false;
      if (this.dirty && !this.closed) this.requestCheck();
    }
  }

  /** The engine's answer for `doc`, the document it checked (the form may have moved on since). */
  showResult(result, revision, doc) {
    this.form.renderHints();
    this.topicView.renderTopicLink(typeof doc?.call_id === "string" && doc.call_id.trim() ? result.call?.topic_url : null);
    if (result.ok) {
      Object.assign(this, { verdict: result.verdict, verdictDoc: doc });
      this.fieldErrors.clear();
      verdictView.clearStale(this.els);
      verdictView.showVerdict(this.els, result.verdict, revision, this.index, this);
      this.rows.showResolved();
    } else {
      const errors = errorsToShow(result.errors, this.state, this.index);
      this.fieldErrors.set(errors);
      if (!errors.length && untouched(this.state)) verdictView.showEmpty(this.els, revision);
      else verdictView.showInputErrors(this.els, errors.length || result.errors?.length || 1, revision, Boolean(this.verdict));
    }
    this.compare.refresh();
  }

  /** For the verdict's "Show all" button. */
  showAll() {
    this.resultRows = Infinity;
    if (this.verdict && !this.els.verdict.dataset.stale) verdictView.showVerdict(this.els, this.verdict, this.revision, this.index, this);
  }

  showTimeout(revision) {
    const retry = h("button", { type: "button", class: "md-button", id: "he-retry-long" }, `Try again, waiting up to ${LONG_CHECK_TIMEOUT_MS / 1000} s`);
    retry.addEventListener("click", () => {
      this.timedOutInput = null;
      this.timeoutMs = LONG_CHECK_TIMEOUT_MS;
      retry.disabled = true;
      retry.textContent = "Checking…";
      this.requestCheck();
    });
    verdictView.showTimeout(this.els, revision, Math.round((this.lastTimeoutMs || CHECK_TIMEOUT_MS) / 1000), retry);
  }

  // ----- messages and the engine's status ---------------------------------------------------------

  say(message) {
    this.els.ioMessage.textContent = message;
  }

  /** A problem the user must see (a bad link, a failed import): shown above the form, until dismissed. */
  alert(message) {
    const box = this.els.alert;
    const close = h("button", { type: "button", class: "he-link-button" }, "Dismiss");
    close.addEventListener("click", () => this.clearAlert());
    box.replaceChildren(h("span", { class: "he-alert-text" }, message), " ", close);
    box.hidden = false;
    this.say(message);
  }

  clearAlert() {
    this.els.alert.hidden = true;
    this.els.alert.replaceChildren();
  }

  setStatus(state, message) {
    this.els.status.dataset.state = state;
    this.els.status.textContent = message;
  }

  onEngineStatus() {
    const { engine } = this;
    if (!this.state || engine.ready || engine.error) return;
    const restarting = engine.restartReason ? `Restarting the engine (${engine.restartReason}); your consortium is kept. ` : "Form ready. ";
    this.setStatus("loading", `${restarting}${engine.status.message}`);
  }

  onEngineRestarting() {
    if (this.state) this.setStatus("loading", `Restarting the engine (${this.engine.restartReason}); your consortium is kept.`);
  }

  onEngineReady() {
    const { engine } = this;
    if (engine.catalog && this.useCatalog(engine.catalog) && !this.state) this.start();
    if (!this.state) return this.start();
    const i = engine.info;
    const restarted = engine.restartReason ? ` Restarted after ${engine.restartReason.replace(/^the check/, "a check that")}.` : "";
    this.setStatus(
      "ready",
      `Engine ready: Python ${i.python} on Pyodide ${i.pyodide}, rules data ${engine.catalog.data_version} ` +
        `(verified on ${engine.catalog.data_verified_on}). The verdict updates as you edit.${restarted}${i.note ? ` ${i.note}` : ""}`,
    );
    this.requestCheck();
    this.requestReading();
  }

  onEngineFailed() {
    this.setStatus(
      "error",
      `The eligibility engine could not be loaded, so there is no verdict: ${this.engine.error}. ` +
        "The form still works: export the consortium as JSON and check it with " +
        "“python -m horizon_eligibility check consortium.json”, or reload the page to try again.",
    );
    verdictView.showEngineError(this.els);
    if (!this.index && !this.state) this.els.form.hidden = true;
  }
}
