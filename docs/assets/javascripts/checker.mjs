// The consortium checker page (docs/checker/index.md). Loaded on every page as a module
// (mkdocs.yml extra_javascript); binds through Material's document$ so it survives instant navigation.
//
// - One engine Web Worker per visit (checker-worker.mjs: Pyodide + the engine wheel, all same-origin).
// - The form works before Python is ready: its lists come from assets/checker/catalog.json, written at
//   build time from the engine's catalog(); the worker's own catalog() replaces it when ready.
// - Every edit re-checks: at most one request in flight, the newest state wins (no fixed delay).
// - State: URL fragment #c=<base64url of the input JSON> (wins), else localStorage.
// - User text is only ever written with textContent / value, never as HTML.

import {
  consortiumFromHash,
  decodeText,
  describeJsonError,
  download,
  encodeFragment,
  foldKey,
  participantsFromCsv,
  participantsToCsv,
  validateInput,
} from "./checker-state.mjs";

const CATALOG_URL = new URL("../checker/catalog.json", import.meta.url);
const WORKER_URL = new URL("./checker-worker.mjs", import.meta.url);
const STORAGE_KEY = "horizon-eligibility:checker:v1";
const PARTICIPANT_FIELDS = ["name", "country", "role", "type", "controlled_by", "flags"];
const SEVERITY = {
  error: { icon: "✖", label: "Error" },
  warning: { icon: "⚠", label: "Warning" },
  info: { icon: "ℹ", label: "Note" },
};
// Hostile input: a check that runs longer than this is stopped (the worker is terminated and restarted);
// imported files above this size are refused; tables show this many rows at a time.
const CHECK_TIMEOUT_MS = 5000;
const LONG_CHECK_TIMEOUT_MS = 60_000;
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const PAGE_ROWS = 100;
const RESULT_ROWS = 200;
const MAX_NAMES_LISTED = 20;
const MAX_NAME_SUGGESTIONS = 500;
const MAX_LINK_CHARS = 1_000_000; // longer fragments stay out of the address bar (browsers cap URLs near 2 MB)
const FUNDING = {
  eligible: { icon: "✔", label: "Eligible for funding" },
  "not-eligible": { icon: "✖", label: "Not eligible for funding" },
  excluded: { icon: "⛔", label: "Excluded (may not take part)" },
};

// ---------------------------------------------------------------------------------------------
// Small DOM helper: children that are strings become text nodes (never parsed as HTML).

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key in node && typeof value !== "string") node[key] = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function optionsOf(list) {
  return (list || []).map((item) =>
    typeof item === "string"
      ? { id: item, label: item.replace(/-/g, " ") }
      : { id: item.id ?? item.code, label: item.label ?? item.name ?? item.id, ...item },
  );
}

// ---------------------------------------------------------------------------------------------
// The engine worker: one per visit, shared by every binding of the page.

const engine = {
  worker: null,
  ready: false,
  error: null,
  status: null,
  info: null,
  catalog: null,
  nextId: 1,
  pending: new Map(),
  restarts: 0,
  restartReason: null,
  start() {
    if (this.worker) return;
    const early = window.__heEarlyEngine; // started by the page itself while it was loading
    if (early?.worker) {
      this.worker = early.worker;
    } else {
      try {
        this.worker = new Worker(WORKER_URL, { type: "module", name: "horizon-eligibility-engine" });
      } catch (error) {
        this.fail(`this browser cannot start the engine (${error.message || error})`);
        return;
      }
      window.__heEarlyEngine = { worker: this.worker, queue: [] };
    }
    const queued = window.__heEarlyEngine.queue.splice(0);
    this.worker.onmessage = ({ data }) => this.receive(data);
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      if (!this.ready) this.fail(event.message || "the engine script could not be loaded");
    };
    for (const data of queued) this.receive(data);
  },
  receive(data) {
    if (data.id != null && this.pending.has(data.id)) {
      const { resolve, reject, timer } = this.pending.get(data.id);
      clearTimeout(timer);
      this.pending.delete(data.id);
      if (data.type === "result") resolve(data);
      else reject(new Error(data.error));
      return;
    }
    if (data.type === "status") {
      this.status = data;
      view?.onEngineStatus(data);
    } else if (data.type === "ready") {
      this.ready = true;
      this.catalog = data.catalog;
      this.info = data;
      window.__heEngineInfo = data; // boot timings, for the benchmark
      view?.onEngineReady();
    } else if (data.type === "error") this.fail(data.error);
  },
  fail(message) {
    if (this.error) return;
    this.error = message;
    for (const { reject } of this.pending.values()) reject(new Error(message));
    this.pending.clear();
    view?.onEngineFailed();
  },
  call(fn, input, timeoutMs = CHECK_TIMEOUT_MS) {
    if (this.error) return Promise.reject(new Error(this.error));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // Python cannot be interrupted without cross-origin isolation (GitHub Pages sets no such headers):
      // a runaway check is stopped by terminating the worker, and a fresh one boots (from the cache).
      const timer = setTimeout(() => {
        this.pending.delete(id);
        const error = new Error(`the check took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`);
        error.timeout = true;
        reject(error);
        this.restart(error.message);
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.worker.postMessage({ id, fn, input });
    });
  },
  restart(reason) {
    const old = this.worker;
    if (old) {
      old.onmessage = null;
      old.onerror = null;
      old.terminate();
    }
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new Error("the engine was restarted"));
    }
    this.pending.clear();
    this.worker = null;
    this.ready = false;
    this.status = null;
    this.restarts += 1;
    this.restartReason = reason;
    window.__heEarlyEngine = null;
    view?.onEngineRestarting();
    this.start();
  },
};

let catalogPromise = null;
function fetchCatalog() {
  catalogPromise ??= fetch(CATALOG_URL, { cache: "no-cache" }).then((r) => {
    if (!r.ok) throw new Error(`${r.status}`);
    return r.json();
  });
  return catalogPromise;
}

// ---------------------------------------------------------------------------------------------

let view = null; // the Checker bound to the current page, if it is the checker page
let uidCounter = 0;
const newUid = () => `p${++uidCounter}`;

function blankRow() {
  return { uid: newUid(), name: "", country: "", role: "", type: "", controlled_by: "", flags: [] };
}

class Checker {
  constructor(root) {
    this.root = root;
    const $ = (id) => root.querySelector(`#${id}`);
    this.el = {
      status: $("he-status"),
      form: $("he-form"),
      programme: $("he-programme"),
      action: $("he-action"),
      callId: $("he-call-id"),
      callYear: $("he-call-year"),
      callYearHint: $("he-call-year-hint"),
      deadline: $("he-deadline"),
      part: $("he-part"),
      partHint: $("he-part-hint"),
      partAuto: $("he-part-auto"),
      topic: $("he-topic"),
      topicOptions: $("he-topic-options"),
      rows: $("he-rows"),
      add: $("he-add"),
      countries: $("he-countries"),
      names: $("he-names"),
      ioMessage: $("he-io-message"),
      shareUrl: $("he-share-url"),
      importInput: $("he-import"),
      verdict: $("he-verdict"),
      details: $("he-details"),
      printMeta: $("he-print-meta"),
      alert: $("he-alert"),
    };
    // Pages of the participants table (large consortia are shown PAGE_ROWS rows at a time).
    this.rowPage = 0;
    this.el.pager = h("nav", { class: "he-pager", "aria-label": "Pages of participants", hidden: true });
    this.el.rows.closest(".he-table-wrap")?.after(this.el.pager);
    this.resultRows = RESULT_ROWS;
    this.timedOutInput = null;
    this.timeoutMs = CHECK_TIMEOUT_MS;
    this.catalog = null;
    this.catalogText = "";
    this.state = null;
    this.revision = 0;
    this.inFlight = false;
    this.dirty = false;
    this.lastHash = null;
    this.lastReply = null;
    this.undo = null;
    this.bindEvents();
    this.setStatus("loading", "Loading the form…");
    engine.start();
    const initial = engine.catalog ? Promise.resolve(engine.catalog) : fetchCatalog();
    initial
      .catch(() => null)
      .then((catalog) => {
        if (view !== this) return;
        if (catalog) this.useCatalog(catalog);
        else if (!engine.ready) {
          this.setStatus("loading", "Loading the Python runtime; the form lists appear when it is ready…");
          return;
        }
        this.start();
      });
  }

  // ----- start-up -------------------------------------------------------------------------

  start() {
    if (this.state) return;
    const restored = this.restore();
    this.state = restored || this.defaultState();
    this.renderAll();
    if (engine.error) this.onEngineFailed();
    else if (engine.ready) this.onEngineReady();
    else if (engine.status) this.onEngineStatus(engine.status);
    else this.setStatus("loading", "Form ready. Loading the Python runtime…");
    this.changed({ persist: Boolean(restored) });
  }

  restore() {
    try {
      const fromHash = consortiumFromHash(location.hash);
      if (fromHash) {
        this.lastHash = location.hash;
        this.el.form.dataset.loadedHash = location.hash;
        return this.stateFromInput(fromHash);
      }
    } catch (error) {
      this.alert(`The consortium in this link could not be read: ${error.message}. Showing your last consortium instead; the link was not used.`);
    }
    try {
      const saved = localStorage.getItem(STORAGE_KEY);
      if (saved) return this.stateFromInput(JSON.parse(saved));
    } catch {
      /* storage unavailable or corrupt: start fresh */
    }
    return null;
  }

  defaultState() {
    // The most recent programme first (by its last call year, from the catalog).
    const programme = [...this.catalog.programmes].sort((a, b) => b.last_call_year - a.last_call_year)[0];
    const year = Math.min(Math.max(new Date().getFullYear(), programme.first_call_year), programme.last_call_year);
    return {
      programme: programme.id,
      action: programme.actions[0]?.id ?? "",
      call_id: "",
      call_year: String(year),
      deadline: "",
      part: null,
      topic: {},
      rows: [blankRow()],
    };
  }

  /** The form state for an input; throws (naming what is wrong) when its shape cannot be used. */
  stateFromInput(input, notes = null) {
    const { errors, notes: found } = validateInput(input);
    if (errors.length) throw new Error(errors.join("; "));
    if (notes) notes.push(...found);
    else if (found.length) this.say(`Note: ${found.join("; ")}.`);
    const text = (v) => (v == null ? "" : String(v));
    const programme = text(input.programme) || this.catalog?.programmes[0]?.id || "";
    return {
      programme,
      action: text(input.action),
      call_id: text(input.call_id),
      call_year: text(input.call_year),
      deadline: text(input.deadline),
      part: input.part ? text(input.part) : null,
      topic: input.topic && typeof input.topic === "object" ? { ...input.topic } : {},
      rows: (Array.isArray(input.participants) ? input.participants : []).map((p) => this.rowFromInput(p)),
    };
  }

  rowFromInput(p) {
    const row = blankRow();
    if (!p || typeof p !== "object") return row;
    for (const key of PARTICIPANT_FIELDS) {
      if (key === "flags") {
        const flags = Array.isArray(p.flags) ? p.flags : typeof p.flags === "string" ? p.flags.split(/[;,]/) : [];
        row.flags = flags.map((f) => String(f).trim()).filter(Boolean);
      } else if (p[key] != null) row[key] = String(p[key]);
    }
    return row;
  }

  /** The engine's input JSON (DESIGN.md contract), from the form state. */
  toInput() {
    const s = this.state;
    const input = { programme: s.programme, action: s.action };
    if (s.call_id.trim()) input.call_id = s.call_id.trim();
    if (s.call_year.trim()) input.call_year = /^\d+$/.test(s.call_year.trim()) ? Number(s.call_year) : s.call_year;
    if (s.deadline.trim()) input.deadline = s.deadline.trim();
    if (s.part) input.part = s.part;
    const programme = this.programme();
    const topic = {};
    for (const option of programme?.topic_options || []) {
      const value = s.topic[option.id];
      if (option.kind === "bool" && value === true) topic[option.id] = true;
      if (option.kind === "countries") {
        const codes = (Array.isArray(value) ? value : String(value || "").split(/[\s,;]+/))
          .map((c) => this.countryCode(c))
          .filter(Boolean);
        if (codes.length) topic[option.id] = codes;
      }
    }
    if (Object.keys(topic).length) input.topic = topic;
    input.participants = s.rows.map((r) => {
      const p = { name: r.name.trim(), country: this.countryCode(r.country), role: r.role };
      if (r.type) p.type = r.type;
      if (r.controlled_by.trim()) p.controlled_by = r.controlled_by.trim();
      if (r.flags.length) p.flags = [...r.flags];
      return p;
    });
    return input;
  }

  // ----- catalog --------------------------------------------------------------------------

  useCatalog(catalog) {
    const text = JSON.stringify(catalog);
    if (text === this.catalogText) return false;
    this.catalog = catalog;
    this.catalogText = text;
    this.countryByCode = new Map();
    this.countryByName = new Map();
    for (const c of catalog.countries || []) {
      this.countryByCode.set(c.code.toUpperCase(), c);
      this.countryByName.set(foldKey(c.name), c);
    }
    this.el.countries.replaceChildren(
      ...(catalog.countries || []).map((c) => h("option", { value: c.code, label: `${c.name} (${c.code})` })),
    );
    this.roles = optionsOf(catalog.roles);
    this.types = optionsOf(catalog.types);
    this.flags = optionsOf(catalog.flags);
    if (this.state) this.renderAll();
    return true;
  }

  programme() {
    return this.catalog?.programmes.find((p) => p.id === this.state?.programme) || null;
  }

  /** A country typed as a code or a name -> the code (unknown text is passed on for the engine to report). */
  countryCode(text) {
    const t = String(text || "").trim();
    if (!t || !this.catalog) return t;
    const upper = t.toUpperCase();
    if (this.countryByCode.has(upper) || this.catalog.aliases?.[upper]) return upper;
    const byName = this.countryByName.get(foldKey(t));
    if (byName) return byName.code;
    const labelled = /\(([A-Za-z]{2}(?:-[A-Za-z0-9]+)?)\)\s*$/.exec(t); // "Germany (DE)"
    if (labelled && this.countryByCode.has(labelled[1].toUpperCase())) return labelled[1].toUpperCase();
    return /^[a-z]{2}$/i.test(t) ? t.toUpperCase() : t;
  }

  countryName(text) {
    const code = this.countryCode(text);
    const alias = this.catalog?.aliases?.[code];
    return this.countryByCode?.get(alias || code)?.name || "";
  }

  // ----- rendering the form -------------------------------------------------------------------

  renderAll() {
    this.renderCall();
    this.renderTopic();
    this.renderRows();
  }

  fillSelect(select, options, value, { blank = null } = {}) {
    const items = [];
    if (blank != null) items.push(h("option", { value: "" }, blank));
    for (const o of options) items.push(h("option", { value: o.id }, o.label));
    if (value && !options.some((o) => o.id === value)) items.push(h("option", { value }, `${value} (unknown)`));
    select.replaceChildren(...items);
    select.value = value || "";
  }

  renderCall() {
    const s = this.state;
    const programmes = this.catalog.programmes.map((p) => ({ id: p.id, label: p.name }));
    this.fillSelect(this.el.programme, programmes, s.programme);
    const programme = this.programme();
    const actions = (programme?.actions || []).map((a) => ({ id: a.id, label: `${a.name} (${a.id})` }));
    this.fillSelect(this.el.action, actions, s.action);
    this.fillSelect(this.el.part, optionsOf(programme?.parts), s.part || this.autoPart());
    this.el.callId.value = s.call_id;
    this.el.callYear.value = s.call_year;
    if (programme) {
      this.el.callYear.min = programme.first_call_year;
      this.el.callYear.max = programme.last_call_year;
    }
    this.el.deadline.value = s.deadline;
    this.renderPartHint();
  }

  autoPart() {
    const call = this.lastReply?.call;
    if (this.state.call_id && call?.part) return call.part;
    const verdict = this.lastReply?.verdict;
    if (verdict && verdict.action === this.state.action && verdict.programme === this.state.programme) {
      return verdict.part;
    }
    return this.programme()?.actions.find((a) => a.id === this.state.action)?.default_part || "";
  }

  renderPartHint() {
    const s = this.state;
    const programme = this.programme();
    if (s.part) {
      this.el.partHint.textContent = "Chosen by you.";
      this.el.partAuto.hidden = false;
      return;
    }
    const auto = this.autoPart();
    if (auto && this.el.part.value !== auto) this.el.part.value = auto;
    const fromCall = s.call_id && this.lastReply?.call?.part;
    const action = programme?.actions.find((a) => a.id === s.action);
    this.el.partHint.textContent = fromCall
      ? "Set automatically from the call identifier; change it if the call says otherwise."
      : `Set automatically: the usual part for ${action ? action.name : "this action"}; change it if the call says otherwise.`;
    this.el.partAuto.hidden = true;
    const year = this.lastReply?.call?.call_year ?? this.lastReply?.verdict?.call_year;
    this.el.callYear.placeholder = !s.call_year && s.call_id && year ? String(year) : "";
    this.el.callYearHint.textContent =
      !s.call_year && s.call_id && year
        ? `Taken from the identifier: ${year}.`
        : "Leave empty to take it from the identifier.";
  }

  renderTopic() {
    const programme = this.programme();
    const options = programme?.topic_options || [];
    this.el.topic.hidden = options.length === 0;
    this.el.topicOptions.replaceChildren(
      ...options.map((o) => {
        const id = `he-topic-${o.id}`;
        const help = o.help ? h("p", { class: "he-hint", id: `${id}-help` }, o.help) : null;
        const value = this.state.topic[o.id];
        if (o.kind === "bool") {
          return h(
            "div",
            { class: "he-field he-field-wide he-check" },
            h("input", {
              type: "checkbox",
              id,
              checked: value === true,
              dataset: { topic: o.id, kind: "bool" },
              "aria-describedby": help ? `${id}-help` : null,
            }),
            h("label", { for: id }, o.label),
            help,
          );
        }
        return h(
          "div",
          { class: "he-field he-field-wide" },
          h("label", { for: id }, o.label),
          h("input", {
            type: "text",
            id,
            value: Array.isArray(value) ? value.join(", ") : value || "",
            placeholder: "Country codes or names, separated by commas",
            spellcheck: "false",
            dataset: { topic: o.id, kind: "countries" },
            "aria-describedby": help ? `${id}-help` : null,
          }),
          help,
        );
      }),
    );
  }

  renderRows(focus = null) {
    const rows = this.state.rows;
    // Large consortia (a pasted partner list of thousands) are shown one page of PAGE_ROWS rows at a time,
    // so the page never builds tens of thousands of form controls at once.
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_ROWS));
    if (focus) {
      const at = rows.findIndex((r) => r.uid === focus.uid);
      if (at >= 0) this.rowPage = Math.floor(at / PAGE_ROWS);
    }
    this.rowPage = Math.min(Math.max(0, this.rowPage), pages - 1);
    const start = this.rowPage * PAGE_ROWS;
    const shown = rows.slice(start, start + PAGE_ROWS);
    this.el.rows.replaceChildren(...shown.map((row, k) => this.rowElement(row, start + k, rows.length)));
    this.renderPager(pages, start, shown.length, rows.length);
    this.renderNames();
    if (focus) {
      const target = this.el.rows.querySelector(`tr[data-uid="${focus.uid}"] [data-focus="${focus.key}"]`);
      (target || this.el.add).focus();
    }
  }

  renderPager(pages, start, count, total) {
    const pager = this.el.pager;
    if (!pager) return;
    pager.hidden = pages <= 1;
    if (pages <= 1) {
      pager.replaceChildren();
      return;
    }
    const go = (page, label, text, disabled) =>
      h("button", { type: "button", class: "md-button he-pager-button", disabled, "aria-label": label, onclick: () => {
        this.rowPage = page;
        this.renderRows();
        this.el.rows.querySelector("input")?.focus();
      } }, text);
    const fmt = (n) => n.toLocaleString("en");
    pager.replaceChildren(
      go(0, "First page of participants", "« First", this.rowPage === 0),
      go(this.rowPage - 1, "Previous page of participants", "‹ Previous", this.rowPage === 0),
      h("span", { class: "he-pager-info", role: "status" }, `Participants ${fmt(start + 1)}–${fmt(start + count)} of ${fmt(total)}`),
      go(this.rowPage + 1, "Next page of participants", "Next ›", this.rowPage >= pages - 1),
      go(pages - 1, "Last page of participants", "Last »", this.rowPage >= pages - 1),
    );
  }

  renderNames() {
    // Suggestions for "controlled by"; a browser re-indexes a datalist on every change, so a huge
    // consortium offers its first MAX_NAME_SUGGESTIONS names and the list is rebuilt only when it changed.
    clearTimeout(this.namesTimer);
    const names = [...new Set(this.state.rows.map((r) => r.name.trim()).filter(Boolean))].slice(0, MAX_NAME_SUGGESTIONS);
    const key = names.join("\n");
    if (key === this.namesKey) return;
    this.namesKey = key;
    this.el.names.replaceChildren(...names.map((name) => h("option", { value: name })));
  }

  rowElement(row, index, count) {
    const n = index + 1;
    const who = `participant ${n}`;
    const id = `he-${row.uid}`;
    const countryName = this.countryName(row.country);
    const flagsChosen = row.flags.length;
    const flagBoxes = this.flags.map((f) =>
      h(
        "label",
        { class: "he-flag" },
        h("input", { type: "checkbox", checked: row.flags.includes(f.id), dataset: { flag: f.id } }),
        ` ${f.label}`,
      ),
    );
    const unknownFlags = row.flags.filter((f) => !this.flags.some((o) => o.id === f));
    for (const f of unknownFlags) {
      flagBoxes.push(h("label", { class: "he-flag" }, h("input", { type: "checkbox", checked: true, dataset: { flag: f } }), ` ${f}`));
    }
    const button = (act, icon, label, disabled = false) =>
      h(
        "button",
        { type: "button", class: "he-icon-button", dataset: { act, focus: act }, disabled, title: label, "aria-label": `${label}: ${who}` },
        h("span", { "aria-hidden": "true" }, icon),
      );
    return h(
      "tr",
      { dataset: { uid: row.uid } },
      h("th", { scope: "row", class: "he-rownum" }, String(n)),
      h(
        "td",
        {},
        h("input", {
          type: "text",
          class: "he-in-name",
          value: row.name,
          dir: "auto",
          "aria-label": `Name of ${who}`,
          dataset: { key: "name", focus: "name" },
          maxlength: "300",
          spellcheck: "false",
        }),
      ),
      h(
        "td",
        {},
        h("input", {
          type: "text",
          class: "he-in-country",
          value: row.country,
          list: "he-countries",
          "aria-label": `Country of ${who} (code or name)`,
          "aria-describedby": `${id}-cname`,
          dataset: { key: "country", focus: "country" },
          spellcheck: "false",
          autocapitalize: "characters",
        }),
        h("span", { class: "he-country-name", id: `${id}-cname` }, countryName),
      ),
      h("td", {}, this.selectFor("role", `Role of ${who}`, this.roles, row.role, "Choose a role")),
      h("td", {}, this.selectFor("type", `Type of ${who}`, this.types, row.type, "(not given)")),
      h(
        "td",
        {},
        h("input", {
          type: "text",
          class: "he-in-controlled",
          value: row.controlled_by,
          dir: "auto",
          list: "he-names",
          "aria-label": `${who[0].toUpperCase()}${who.slice(1)} is controlled by (another participant or an outside entity)`,
          dataset: { key: "controlled_by", focus: "controlled_by" },
          spellcheck: "false",
        }),
      ),
      h(
        "td",
        {},
        h(
          "details",
          { class: "he-flags" },
          h("summary", { dataset: { focus: "flags" }, "aria-label": `Flags of ${who}: ${flagsChosen} set` }, flagsChosen ? `Flags (${flagsChosen})` : "Flags"),
          h("fieldset", {}, h("legend", { class: "he-sr-only" }, `Flags of ${who}`), ...flagBoxes),
        ),
      ),
      h(
        "td",
        { class: "he-row-actions" },
        button("up", "↑", "Move up", index === 0),
        button("down", "↓", "Move down", index === count - 1),
        button("duplicate", "Duplicate", "Duplicate"),  // text, not a glyph (no web font; "⧉" is missing from common system fonts); the visible word is in the accessible name (axe)
        button("remove", "✕", "Remove"),
      ),
    );
  }

  selectFor(key, label, options, value, blank) {
    const select = h("select", { "aria-label": label, dataset: { key, focus: key } });
    this.fillSelect(select, options, value, { blank });
    return select;
  }

  // ----- events -----------------------------------------------------------------------------

  bindEvents() {
    const e = this.el;
    e.form.addEventListener("submit", (ev) => ev.preventDefault());
    e.programme.addEventListener("change", () => {
      const s = this.state;
      s.programme = e.programme.value;
      const programme = this.programme();
      if (!programme?.actions.some((a) => a.id === s.action)) s.action = programme?.actions[0]?.id || "";
      if (!programme?.parts.some((p) => p.id === s.part)) s.part = null;
      const allowed = new Set((programme?.topic_options || []).map((o) => o.id));
      for (const key of Object.keys(s.topic)) if (!allowed.has(key)) delete s.topic[key];
      const year = Number(s.call_year);
      if (programme && year && (year < programme.first_call_year || year > programme.last_call_year)) {
        s.call_year = String(year < programme.first_call_year ? programme.first_call_year : programme.last_call_year);
      }
      this.lastReply = null;
      this.renderCall();
      this.renderTopic();
      this.changed();
    });
    e.action.addEventListener("change", () => {
      this.state.action = e.action.value;
      this.renderCall();
      this.changed();
    });
    e.part.addEventListener("change", () => {
      this.state.part = e.part.value || null;
      this.renderPartHint();
      this.changed();
    });
    e.partAuto.addEventListener("click", () => {
      this.state.part = null;
      this.renderCall();
      this.changed();
      e.part.focus();
    });
    const text = (input, key) =>
      input.addEventListener("input", () => {
        this.state[key] = input.value;
        this.changed();
      });
    text(e.callId, "call_id");
    text(e.callYear, "call_year");
    text(e.deadline, "deadline");
    e.deadline.addEventListener("change", () => {
      this.state.deadline = e.deadline.value;
      this.changed();
    });
    e.topicOptions.addEventListener("input", (ev) => {
      const t = ev.target;
      if (!t.dataset.topic) return;
      if (t.dataset.kind === "bool") this.state.topic[t.dataset.topic] = t.checked;
      else this.state.topic[t.dataset.topic] = t.value;
      this.changed();
    });
    e.topicOptions.addEventListener("change", (ev) => {
      const t = ev.target;
      if (t.dataset.kind === "bool") {
        this.state.topic[t.dataset.topic] = t.checked;
        this.changed();
      }
    });
    e.rows.addEventListener("input", (ev) => this.onRowInput(ev));
    e.rows.addEventListener("change", (ev) => this.onRowInput(ev, true));
    e.rows.addEventListener("click", (ev) => {
      const b = ev.target.closest("button[data-act]");
      if (b) this.onRowAction(b.closest("tr").dataset.uid, b.dataset.act);
    });
    e.add.addEventListener("click", () => {
      const row = blankRow();
      this.state.rows.push(row);
      this.renderRows({ uid: row.uid, key: "name" });
      this.changed();
    });
    this.root.querySelector("#he-share").addEventListener("click", () => this.share());
    this.root.querySelector("#he-export-json").addEventListener("click", () => {
      download("consortium.json", "application/json", JSON.stringify(this.toInput(), null, 2) + "\n");
      this.say("Exported consortium.json (the command line's input format).");
    });
    this.root.querySelector("#he-export-csv").addEventListener("click", () => {
      download("consortium.csv", "text/csv", participantsToCsv(this.toInput().participants));
      this.say("Exported consortium.csv (participants only).");
    });
    e.importInput.addEventListener("change", () => this.importFile());
    this.root.querySelector("#he-print").addEventListener("click", () => window.print());
    this.root.querySelector("#he-clear").addEventListener("click", () => this.clear());
  }

  onRowInput(ev, committed = false) {
    const t = ev.target;
    const tr = t.closest("tr[data-uid]");
    if (!tr) return;
    const row = this.state.rows.find((r) => r.uid === tr.dataset.uid);
    if (!row) return;
    if (t.dataset.flag) {
      if (ev.type !== "change") return;
      row.flags = [...tr.querySelectorAll("input[data-flag]")].filter((b) => b.checked).map((b) => b.dataset.flag);
      const summary = tr.querySelector("summary");
      summary.textContent = row.flags.length ? `Flags (${row.flags.length})` : "Flags";
      summary.setAttribute("aria-label", `Flags of participant ${this.state.rows.indexOf(row) + 1}: ${row.flags.length} set`);
      this.changed();
      return;
    }
    const key = t.dataset.key;
    if (!key) return;
    if (t.value === row[key] && !(committed && key === "country")) return;
    row[key] = t.value;
    if (key === "country") {
      if (committed) {
        const code = this.countryCode(t.value);
        if (code && code !== t.value && this.countryByCode.has(code)) {
          t.value = code;
          row.country = code;
        }
      }
      tr.querySelector(".he-country-name").textContent = this.countryName(row.country);
    }
    if (key === "name") {
      clearTimeout(this.namesTimer);
      this.namesTimer = setTimeout(() => this.renderNames(), this.state.rows.length > PAGE_ROWS ? 400 : 0);
    }
    this.changed();
  }

  onRowAction(uid, act) {
    const rows = this.state.rows;
    const i = rows.findIndex((r) => r.uid === uid);
    if (i < 0) return;
    let focus = { uid, key: act };
    if (act === "up" && i > 0) {
      [rows[i - 1], rows[i]] = [rows[i], rows[i - 1]];
      if (i - 1 === 0) focus.key = "down";
    } else if (act === "down" && i < rows.length - 1) {
      [rows[i], rows[i + 1]] = [rows[i + 1], rows[i]];
      if (i + 1 === rows.length - 1) focus.key = "up";
    } else if (act === "duplicate") {
      const copy = { ...rows[i], uid: newUid(), flags: [...rows[i].flags], name: rows[i].name ? `${rows[i].name} (copy)` : "" };
      rows.splice(i + 1, 0, copy);
      focus = { uid: copy.uid, key: "name" };
    } else if (act === "remove") {
      const [removed] = rows.splice(i, 1);
      const next = rows[i] || rows[i - 1];
      focus = next ? { uid: next.uid, key: "remove" } : null;
      this.say(`Removed ${removed.name ? `“${removed.name}”` : `participant ${i + 1}`}.`);
    }
    this.renderRows(focus);
    if (!focus) this.el.add.focus();
    this.changed();
  }

  // ----- state changes, persistence, checking ---------------------------------------------------

  changed({ persist = true } = {}) {
    this.revision += 1;
    this.el.form.dataset.revision = String(this.revision);
    clearTimeout(this.persistTimer);
    if (persist && this.state.rows.length > PAGE_ROWS) {
      // A large consortium makes a long address (rewriting it costs ~0.2 s per 500 KB): save it once the
      // typing pauses, and before the page goes away.
      this.persistTimer = setTimeout(() => this.persist(), 500);
    } else if (persist) this.persist();
    this.requestCheck();
  }

  flush() {
    if (this.persistTimer == null) return;
    clearTimeout(this.persistTimer);
    this.persistTimer = null;
    this.persist();
  }

  persist() {
    this.persistTimer = null;
    const text = JSON.stringify(this.toInput());
    let hash = `#c=${encodeFragment(text)}`;
    if (hash.length > MAX_LINK_CHARS) hash = ""; // too long for an address: kept in localStorage, export to share
    if (hash !== location.hash) {
      try {
        history.replaceState(history.state, "", `${location.pathname}${location.search}${hash}`);
      } catch {
        /* the browser refused the address: localStorage still holds the consortium */
      }
    }
    this.lastHash = hash;
    this.el.shareUrl.value = location.href;
    try {
      localStorage.setItem(STORAGE_KEY, text);
    } catch {
      /* private mode or full: the link still holds the state */
    }
  }

  onHashChange() {
    if (!location.hash.startsWith("#c=") || location.hash === this.lastHash || !this.catalog) return;
    try {
      this.state = this.stateFromInput(consortiumFromHash(location.hash));
      this.lastHash = location.hash;
      this.el.form.dataset.loadedHash = location.hash;
      this.lastReply = null;
      this.renderAll();
      this.changed();
    } catch (error) {
      this.alert(`The consortium in this link could not be read: ${error.message}. Your consortium is unchanged.`);
    }
  }

  requestCheck() {
    if (!this.state) return;
    if (!engine.ready) return;
    if (this.inFlight) {
      this.dirty = true;
      return;
    }
    this.send();
  }

  async send() {
    const text = JSON.stringify(this.toInput());
    const revision = this.revision;
    this.dirty = false;
    if (text === this.timedOutInput) {
      // The very input that ran away: do not start it again by itself (the user can ask to, with more time).
      this.renderTimeout(revision);
      return;
    }
    this.inFlight = true;
    const timeout = this.timeoutMs;
    this.timeoutMs = CHECK_TIMEOUT_MS;
    try {
      const reply = await engine.call("check", text, timeout);
      if (view !== this) return;
      this.timedOutInput = null;
      this.lastReply = reply.result;
      this.renderResult(reply.result, revision);
    } catch (error) {
      if (view !== this) return;
      if (error.timeout) {
        this.timedOutInput = text;
        this.lastTimeoutMs = timeout;
        this.renderTimeout(revision);
      } else if (!engine.error) this.renderInternalError(error, revision);
    } finally {
      this.inFlight = false;
      if (this.dirty && view === this) this.requestCheck();
    }
  }

  renderTimeout(revision) {
    const v = this.el.verdict;
    const seconds = Math.round((this.lastTimeoutMs || CHECK_TIMEOUT_MS) / 1000);
    v.dataset.revision = String(revision);
    v.dataset.state = "timeout";
    delete v.dataset.eligible;
    v.replaceChildren(
      h("p", { class: "he-verdict-title he-fail" }, h("span", { "aria-hidden": "true" }, "⏱ "), "No verdict: the check took too long and was stopped."),
      h(
        "p",
        { class: "he-verdict-sub" },
        `It ran for more than ${seconds} s, so the engine was stopped and restarted. Your consortium is kept as it is. ` +
          "Very large consortia or long chains of “controlled by” can take this long in a browser: edit the consortium " +
          "to check again, try again with more time, or export the JSON and use the command line " +
          "(python -m horizon_eligibility check consortium.json).",
      ),
    );
    const retry = h("button", { type: "button", class: "md-button", id: "he-retry-long" }, `Try again, waiting up to ${LONG_CHECK_TIMEOUT_MS / 1000} s`);
    retry.addEventListener("click", () => {
      this.timedOutInput = null;
      this.timeoutMs = LONG_CHECK_TIMEOUT_MS;
      retry.disabled = true;
      retry.textContent = "Checking…";
      this.requestCheck();
    });
    this.el.details.replaceChildren(h("p", {}, retry));
  }

  // ----- engine status --------------------------------------------------------------------------

  setStatus(state, message) {
    this.el.status.dataset.state = state;
    this.el.status.textContent = message;
  }

  onEngineStatus(status) {
    if (!this.state || engine.ready || engine.error) return;
    const restarting = engine.restartReason ? `Restarting the engine (${engine.restartReason}); your consortium is kept. ` : "Form ready. ";
    this.setStatus("loading", `${restarting}${status.message}`);
  }

  onEngineRestarting() {
    if (!this.state) return;
    this.setStatus("loading", `Restarting the engine (${engine.restartReason}); your consortium is kept.`);
  }

  onEngineReady() {
    if (engine.catalog && this.useCatalog(engine.catalog) && !this.state) this.start();
    if (!this.state) return this.start();
    const i = engine.info;
    const restarted = engine.restartReason ? ` Restarted after ${engine.restartReason.replace(/^the check/, "a check that")}.` : "";
    this.setStatus(
      "ready",
      `Engine ready: Python ${i.python} on Pyodide ${i.pyodide}, rules data ${engine.catalog.data_version} ` +
        `(verified on ${engine.catalog.data_verified_on}). The verdict updates as you edit.${restarted}`,
    );
    this.requestCheck();
  }

  onEngineFailed() {
    this.setStatus(
      "error",
      `The eligibility engine could not be loaded, so there is no verdict: ${engine.error}. ` +
        "The form still works: export the consortium as JSON and check it with " +
        "“python -m horizon_eligibility check consortium.json”, or reload the page to try again.",
    );
    const v = this.el.verdict;
    v.dataset.state = "engine-error";
    delete v.dataset.eligible;
    v.replaceChildren(h("p", { class: "he-verdict-title he-fail" }, "No verdict: the engine could not be loaded."));
    if (!this.catalog && !this.state) {
      this.el.form.hidden = true;
    }
  }

  // ----- rendering the verdict --------------------------------------------------------------------

  renderResult(result, revision) {
    const v = this.el.verdict;
    if (!performance.getEntriesByName("he-first-verdict").length) performance.mark("he-first-verdict");
    v.dataset.revision = String(revision);
    this.renderPartHint();
    if (result.error) {
      v.dataset.state = "input-error";
      delete v.dataset.eligible;
      const field = result.error.field || "";
      v.replaceChildren(
        h("p", { class: "he-verdict-title he-incomplete" }, h("span", { "aria-hidden": "true" }, "✎ "), "Not checked yet: the input is incomplete or invalid."),
        h("p", { class: "he-verdict-sub" }, result.error.message),
      );
      const go = this.fieldElement(field);
      this.el.details.replaceChildren(
        go
          ? h("p", {}, h("button", { type: "button", class: "md-button", onclick: () => go.focus() }, "Go to the field"))
          : "",
      );
      return;
    }
    const r = result.verdict;
    v.dataset.state = "ready";
    v.dataset.eligible = r.eligible ? "true" : "false";
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of r.findings) counts[f.severity] = (counts[f.severity] || 0) + 1;
    const summary = [
      `${counts.error} ${counts.error === 1 ? "error" : "errors"}`,
      `${counts.warning} ${counts.warning === 1 ? "warning" : "warnings"}`,
      `${counts.info} ${counts.info === 1 ? "note" : "notes"}`,
    ].join(", ");
    const title = r.eligible ? "Eligible: the consortium meets the conditions checked." : "Not eligible: the consortium fails at least one condition.";
    const titleNode = h(
      "p",
      { class: `he-verdict-title ${r.eligible ? "he-ok" : "he-fail"}` },
      h("span", { "aria-hidden": "true" }, r.eligible ? "✔ " : "✖ "),
      title,
    );
    const sub = h(
      "p",
      { class: "he-verdict-sub" },
      `${this.programmeName(r.programme)}, ${r.action_name || r.action}, call year ${r.call_year}, ${r.part_name || r.part}` +
        `${r.deadline ? `, deadline ${r.deadline}` : ""}. ${summary}.`,
    );
    if (v.textContent !== titleNode.textContent + sub.textContent) v.replaceChildren(titleNode, sub);
    this.el.details.replaceChildren(...this.detailNodes(r));
  }

  /** Names as isolated (bidirectional-safe) text, at most MAX_NAMES_LISTED of them, then "and N more". */
  nameList(names) {
    const shown = names.slice(0, MAX_NAMES_LISTED).flatMap((name, k) => (k ? [", ", h("bdi", {}, name)] : [h("bdi", {}, name)]));
    if (names.length > MAX_NAMES_LISTED) shown.push(` and ${(names.length - MAX_NAMES_LISTED).toLocaleString("en")} more`);
    return shown;
  }

  programmeName(id) {
    return this.catalog?.programmes.find((p) => p.id === id)?.name || id;
  }

  /** The site's guidance page a finding names (an id such as "minimum-conditions"). */
  guidanceLink(slug) {
    if (!slug || !/^[a-z0-9-]+$/.test(slug)) return null;
    const href = new URL(`../guidance/${slug}/`, new URL(".", location.href)).pathname;
    return h("p", { class: "he-finding-guidance" }, h("a", { href }, `Read more: ${slug.replace(/-/g, " ")}`));
  }

  sourceLinks(ids, sources) {
    if (!ids?.length) return null;
    const links = ids.map((id, k) => {
      const s = sources?.[id];
      const label = s?.title ? `${s.title}${s.version ? `, ${s.version}` : ""}` : id;
      const node = s?.url ? h("a", { href: s.url, rel: "noopener noreferrer external", title: id }, label) : h("span", { title: id }, label);
      return k ? [", ", node] : [node];
    });
    return h("p", { class: "he-sources-line" }, "Sources: ", ...links.flat());
  }

  detailNodes(r) {
    const nodes = [];
    // Findings
    nodes.push(h("h3", {}, "Findings"));
    if (!r.findings.length) nodes.push(h("p", {}, "No findings."));
    else {
      const order = { error: 0, warning: 1, info: 2 };
      const findings = [...r.findings].sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3));
      nodes.push(
        h(
          "ul",
          { class: "he-findings" },
          findings.map((f) => {
            const sev = SEVERITY[f.severity] || { icon: "•", label: f.severity };
            return h(
              "li",
              { class: `he-finding he-sev-${f.severity}`, dataset: { rule: f.rule, severity: f.severity } },
              h("p", { class: "he-finding-head" }, h("span", { class: "he-badge", "aria-hidden": "true" }, sev.icon), h("strong", {}, `${sev.label}: `), f.message),
              f.participants?.length ? h("p", { class: "he-finding-who" }, "Concerns: ", ...this.nameList(f.participants)) : null,
              this.guidanceLink(f.guidance),
              this.sourceLinks(f.sources, r.sources),
              h("p", { class: "he-rule-id" }, `Rule: ${f.rule}`),
            );
          }),
        ),
      );
    }
    // Participants
    nodes.push(h("h3", {}, "Participants"));
    const critical = new Set(r.critical_participants || []);
    nodes.push(
      h(
        "div",
        { class: "he-table-wrap" },
        h(
          "table",
          { class: "he-table he-result-table" },
          h("caption", { class: "he-sr-only" }, "What each participant counts for and whether it can be funded"),
          h(
            "thead",
            {},
            h("tr", {}, ["Participant", "Country", "Role", "Counts towards the minimum", "EU funding", "Why"].map((t) => h("th", { scope: "col" }, t))),
          ),
          h(
            "tbody",
            {},
            r.participants.slice(0, this.resultRows).map((p) => {
              const funding = FUNDING[p.funding] || { icon: "", label: p.funding };
              return h(
                "tr",
                { dataset: { funding: p.funding, counts: String(p.counts_towards_minimum) } },
                h("th", { scope: "row" }, h("bdi", {}, p.name), critical.has(p.name) ? h("span", { class: "he-critical-tag" }, " (cannot be lost)") : null),
                h("td", {}, `${p.country_name || p.country} (${p.country})`),
                h("td", {}, String(p.role || "").replace(/-/g, " ")),
                h("td", { class: p.counts_towards_minimum ? "he-yes" : "he-no" }, p.counts_towards_minimum ? "Yes" : "No"),
                h("td", { class: `he-funding he-funding-${p.funding}` }, h("span", { "aria-hidden": "true" }, `${funding.icon} `), funding.label),
                h("td", {}, p.reason || ""),
              );
            }),
          ),
        ),
      ),
    );
    if (r.participants.length > this.resultRows) {
      const more = h("button", { type: "button", class: "he-link-button", id: "he-show-all-results" }, `Show all ${r.participants.length.toLocaleString("en")}`);
      more.addEventListener("click", () => {
        this.resultRows = Infinity;
        this.el.details.replaceChildren(...this.detailNodes(r));
      });
      nodes.push(
        h(
          "p",
          { class: "he-hint he-results-capped" },
          `Showing the first ${this.resultRows.toLocaleString("en")} of ${r.participants.length.toLocaleString("en")} participants ` +
            "(the findings above name every participant concerned; export the consortium for the full list). ",
          more,
        ),
      );
    }
    // Critical partners
    nodes.push(h("h3", {}, "Partners the consortium cannot lose"));
    if (critical.size) {
      nodes.push(
        h("p", {}, "If any of these leaves (before signature or during the project), the consortium no longer meets the minimum conditions:"),
        h("ul", { class: "he-critical", dataset: { testid: "critical" } }, [...critical].map((name) => h("li", {}, h("bdi", {}, name)))),
      );
    } else {
      nodes.push(h("p", { class: "he-critical-none" }, r.eligible ? "None: any single partner could leave and the consortium would still meet the minimum conditions." : "Not applicable: the consortium does not meet the conditions now."));
    }
    // Suggestions
    if (r.suggestions?.length) {
      nodes.push(h("h3", {}, r.eligible ? "To make the consortium sturdier" : "How to fix it"), h("ul", { class: "he-suggestions" }, r.suggestions.map((s) => h("li", {}, s))));
    }
    // Sources
    const ids = Object.keys(r.sources || {});
    if (ids.length) {
      nodes.push(
        h("h3", {}, "Sources"),
        h(
          "ol",
          { class: "he-source-list" },
          ids.map((id) => {
            const s = r.sources[id];
            const meta = [s.publisher, s.version, s.date].filter(Boolean).join(", ");
            return h(
              "li",
              { id: `he-src-${id}` },
              s.url ? h("a", { href: s.url, rel: "noopener noreferrer external" }, s.title || id) : s.title || id,
              meta ? ` (${meta})` : "",
              s.evidence ? h("span", { class: "he-source-evidence" }, ` ${s.evidence}`) : "",
              s.verified_on ? ` Verified on ${s.verified_on}.` : "",
              h("span", { class: "he-rule-id" }, ` [${id}]`),
            );
          }),
        ),
      );
    }
    nodes.push(h("p", { class: "he-data-version" }, `Rules data version ${r.data_version}, verified on ${r.data_verified_on}.`));
    return nodes;
  }

  renderInternalError(error, revision) {
    const v = this.el.verdict;
    v.dataset.revision = String(revision);
    v.dataset.state = "internal-error";
    delete v.dataset.eligible;
    v.replaceChildren(
      h("p", { class: "he-verdict-title he-fail" }, "The engine failed on this input."),
      h("p", { class: "he-verdict-sub" }, `${error.message}. Please report it with the exported JSON.`),
    );
    this.el.details.replaceChildren();
  }

  fieldElement(field) {
    const m = /^participants\[(\d+)\][^.]*(?:\.(\w+))?/.exec(field);
    if (m) {
      const row = this.state.rows[Number(m[1])];
      const key = m[2] === "flags" ? "flags" : m[2] || "name";
      // The row may be on another page of the table: renderRows turns to it and focuses the field.
      return row ? { focus: () => this.renderRows({ uid: row.uid, key }) } : null;
    }
    const top = field.split(/[.[]/)[0];
    if (top === "topic") return this.el.topicOptions.querySelector("input");
    if (top === "participants") return this.el.add;
    return { programme: this.el.programme, action: this.el.action, call_id: this.el.callId, call_year: this.el.callYear, deadline: this.el.deadline, part: this.el.part }[top] || null;
  }

  // ----- share, import, clear, print ----------------------------------------------------------------

  async share() {
    this.persist();
    if (!location.hash.startsWith("#c=")) {
      this.say("This consortium is too large to fit in a link: export it as JSON and send the file instead.");
      return;
    }
    const url = location.href;
    this.el.shareUrl.hidden = false;
    this.el.shareUrl.value = url;
    try {
      await navigator.clipboard.writeText(url);
      this.say("Link copied. Anyone who opens it sees this consortium and its verdict; nothing is stored on a server.");
    } catch {
      this.el.shareUrl.focus();
      this.el.shareUrl.select();
      this.say("Copy the link from the box below (press Ctrl+C or ⌘C).");
    }
  }

  async importFile() {
    const file = this.el.importInput.files?.[0];
    if (!file) return;
    // Nothing is replaced until the whole file has been read and checked: a failed import keeps the
    // current consortium as it is.
    const name = file.name.length > 80 ? `${file.name.slice(0, 77)}…` : file.name;
    const notes = [];
    try {
      if (file.size === 0) throw new Error("the file is empty");
      if (file.size > MAX_IMPORT_BYTES) {
        throw new Error(
          `the file is ${(file.size / 1e6).toFixed(1)} MB; the checker reads files up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB ` +
            "(a consortium of 10,000 participants is about 1 MB as JSON). Is it the right file?",
        );
      }
      const text = decodeText(new Uint8Array(await file.arrayBuffer()), notes);
      if (!text.trim()) throw new Error("the file holds only blank space");
      const isJson = /\.json$/i.test(file.name) || (!/\.csv$/i.test(file.name) && /^\s*[{[]/.test(text));
      let next;
      let what;
      if (isJson) {
        let data;
        try {
          data = JSON.parse(text);
        } catch (error) {
          throw new Error(`it is ${describeJsonError(error, text)}`);
        }
        if (Array.isArray(data)) data = { ...this.toInput(), participants: data }; // a bare list of participants
        next = this.stateFromInput(data, notes);
        what = `${next.rows.length.toLocaleString("en")} participants and the call`;
      } else {
        const participants = participantsFromCsv(text, notes);
        const { errors } = validateInput({ participants });
        if (errors.length) throw new Error(errors.join("; "));
        next = { ...structuredClone(this.state), rows: participants.map((p) => this.rowFromInput(p)) };
        what = `${participants.length.toLocaleString("en")} participants`;
      }
      if (!next.rows.length) next.rows.push(blankRow());
      const previous = this.state;
      this.state = next;
      this.rowPage = 0;
      this.resultRows = RESULT_ROWS;
      this.lastReply = null;
      this.renderAll();
      this.changed();
      this.clearAlert();
      const undo = h("button", { type: "button", class: "he-link-button" }, "Undo");
      undo.addEventListener("click", () => {
        this.state = previous;
        this.lastReply = null;
        this.renderAll();
        this.changed();
        this.say("Restored the consortium you had before the import.");
      });
      const told = notes.length ? ` Note: ${notes.join("; ")}.` : "";
      this.el.ioMessage.replaceChildren(`Imported ${what} from ${name}.${told} `, undo);
    } catch (error) {
      this.alert(`Could not import ${name}: ${error.message}. Your consortium is unchanged.`);
    } finally {
      this.el.importInput.value = "";
    }
  }

  /** A problem the user must see (a bad link, a failed import): shown above the form, until dismissed. */
  alert(message) {
    const box = this.el.alert;
    if (!box) return this.say(message);
    const close = h("button", { type: "button", class: "he-link-button" }, "Dismiss");
    close.addEventListener("click", () => this.clearAlert());
    box.replaceChildren(h("span", { class: "he-alert-text" }, message), " ", close);
    box.hidden = false;
    this.say(message);
  }

  clearAlert() {
    if (!this.el.alert) return;
    this.el.alert.hidden = true;
    this.el.alert.replaceChildren();
  }

  clear() {
    const previous = structuredClone(this.state);
    const programme = this.state.programme;
    this.state = this.defaultState();
    if (this.catalog.programmes.some((p) => p.id === programme)) {
      this.state.programme = programme;
      this.state.action = this.programme().actions[0]?.id || "";
    }
    this.lastReply = null;
    this.renderAll();
    this.changed();
    const undo = h("button", { type: "button", class: "he-link-button" }, "Undo");
    undo.addEventListener("click", () => {
      this.state = previous;
      this.renderAll();
      this.changed();
      this.say("Restored.");
      this.el.add.focus();
    });
    this.el.ioMessage.replaceChildren("Started again with an empty consortium. ", undo);
  }

  say(message) {
    this.el.ioMessage.textContent = message;
  }

  fillPrintMeta() {
    const now = new Date();
    const date = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
    const r = this.lastReply?.verdict;
    const data = r ? `rules data version ${r.data_version} (verified on ${r.data_verified_on})` : "no verdict";
    const p = this.state ? this.toInput().participants.length : 0;
    this.el.printMeta.textContent = `Checked on ${date} with ${data}; ${p} participants. ${location.href.split("#")[0]}`;
  }
}

// ---------------------------------------------------------------------------------------------

function bind() {
  const root = document.getElementById("he-checker");
  if (!root) {
    view?.flush();
    view = null;
    return;
  }
  if (root.dataset.bound) return;
  root.dataset.bound = "1";
  view = new Checker(root);
  window.__heChecker = view; // for tests and the benchmark
}

window.addEventListener("hashchange", () => view?.onHashChange());
window.addEventListener("beforeprint", () => view?.fillPrintMeta());
window.addEventListener("pagehide", () => view?.flush());
document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && view?.flush());

// The checker page also loads this module with `async` (docs/checker/index.md), so it may run before the
// page has finished parsing: start the engine and the catalog download at once, bind the form once
// Material's document$ exists (its bundle runs before DOMContentLoaded).
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
