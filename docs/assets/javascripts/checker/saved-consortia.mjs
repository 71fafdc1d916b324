// Saved consortia: a named list kept in this browser only (localStorage), beside the one consortium the page
// always keeps (persistence.mjs). Save the consortium on screen under a name (a name already in the list is
// replaced, undoably), open one (undoably: it replaces the one on screen), rename, duplicate, delete (undoably);
// export the whole list as one JSON file, which the import button reads back into the list.
//
// Each entry holds the input document as its JSON text (document.mjs: numbers as written), never read or
// changed here: opening one hands it to the form as a link or a file would.
//
// The list functions are pure (tests/js); SavedView draws the list in #he-saved.

import { documentText, isObject, parseDocument } from "./document.mjs";
import { download, h } from "./dom.mjs";

export const SAVED_KEY = "horizon-eligibility:checker:saved:v1";
// The mark of an exported list (a JSON file): what the import recognises, not a consortium.
export const LIST_FORMAT = "horizon-eligibility-saved-consortia";
const MAX_NAME = 120;

/** The list kept in this browser: [{id, name, saved, text}] (an unreadable or foreign value: empty). */
export function readList(stored) {
  try {
    const value = JSON.parse(stored ?? "null");
    const items = isObject(value) && Array.isArray(value.items) ? value.items : [];
    return items.filter((i) => isObject(i) && typeof i.id === "string" && typeof i.name === "string" && typeof i.text === "string");
  } catch {
    return [];
  }
}

export function listText(items) {
  return JSON.stringify({ version: 1, items });
}

/** A name the list does not hold yet: the name itself, else "name (2)", "name (3)"… */
export function uniqueName(items, name, exceptId = null) {
  const taken = new Set(items.filter((i) => i.id !== exceptId).map((i) => i.name));
  const base = (name.trim() || "Consortium").slice(0, MAX_NAME);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base} (${n})`)) return `${base} (${n})`;
}

/** The name a consortium is offered under: its call identifier, else "Consortium N". */
export function suggestedName(items, doc) {
  const callId = isObject(doc) && typeof doc.call_id === "string" ? doc.call_id.trim() : "";
  return uniqueName(items, callId || `Consortium ${items.length + 1}`);
}

let counter = 0;
function newId(now) {
  counter += 1;
  return `s${now.getTime().toString(36)}${counter.toString(36)}`;
}

/** Save `text` under `name`: a new entry, or the entry of that name replaced ({items, id, replaced}). */
export function saveItem(items, name, text, now = new Date()) {
  const clean = name.trim().slice(0, MAX_NAME) || "Consortium";
  const at = items.findIndex((i) => i.name === clean);
  if (at >= 0) {
    const replaced = items[at];
    const entry = { ...replaced, text, saved: now.toISOString() };
    return { items: items.map((i, k) => (k === at ? entry : i)), id: entry.id, replaced };
  }
  const entry = { id: newId(now), name: clean, saved: now.toISOString(), text };
  return { items: [...items, entry], id: entry.id, replaced: null };
}

export function renameItem(items, id, name) {
  return items.map((i) => (i.id === id ? { ...i, name: uniqueName(items, name, id) } : i));
}

/** A copy just after the entry, named "<name> (copy)" ({items, id}). */
export function duplicateItem(items, id, now = new Date()) {
  const at = items.findIndex((i) => i.id === id);
  if (at < 0) return { items, id: null };
  const copy = { ...items[at], id: newId(now), name: uniqueName(items, `${items[at].name} (copy)`), saved: now.toISOString() };
  return { items: [...items.slice(0, at + 1), copy, ...items.slice(at + 1)], id: copy.id };
}

/** Without the entry ({items, removed, index}); putBack(items, removed, index) undoes it. */
export function deleteItem(items, id) {
  const index = items.findIndex((i) => i.id === id);
  return { items: items.filter((i) => i.id !== id), removed: items[index] ?? null, index };
}

export function putBack(items, removed, index) {
  const rest = items.filter((i) => i.id !== removed.id);
  return [...rest.slice(0, index), removed, ...rest.slice(index)];
}

/** The list as one JSON file: each consortium as its input document. */
export function exportList(items) {
  const consortia = items.map((i) => ({ name: i.name, saved: i.saved, input: parseDocument(i.text) }));
  return documentText({ format: LIST_FORMAT, version: 1, consortia }, 2) + "\n";
}

/** An exported list read back (a parsed JSON file), or null when the file is no such list. */
export function importedList(doc, now = new Date()) {
  if (!isObject(doc) || doc.format !== LIST_FORMAT || !Array.isArray(doc.consortia)) return null;
  return doc.consortia.filter((c) => isObject(c) && c.input !== undefined).map((c) => ({
    name: typeof c.name === "string" ? c.name : "Consortium",
    saved: typeof c.saved === "string" ? c.saved : now.toISOString(),
    text: documentText(c.input),
  }));
}

/** Entries of an imported list added to the list, each under a name of its own. */
export function addImported(items, entries, now = new Date()) {
  let out = items;
  for (const e of entries) out = [...out, { id: newId(now), name: uniqueName(out, e.name), saved: e.saved, text: e.text }];
  return out;
}

/** "2026-01-05 14:03" in local time, for the list. */
function when(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const two = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

function participantCount(text) {
  try {
    const doc = parseDocument(text);
    return isObject(doc) && Array.isArray(doc.participants) ? doc.participants.length : 0;
  } catch {
    return 0;
  }
}

export class SavedView {
  /** @param app the page controller (state, inputText(), undo); `open(doc, message, restored)` puts a saved
   * input on screen in place of the consortium there, undoably (io-actions.mjs). */
  constructor(app, root, { open }) {
    this.app = app;
    this.open = open;
    const el = (id) => root.querySelector(`#${id}`);
    Object.assign(this, { list: el("he-saved-list"), name: el("he-saved-name"), message: el("he-saved-message") });
    this.current = null; // the id of the entry opened or saved last
    el("he-saved-save").addEventListener("click", () => this.save());
    el("he-saved-export").addEventListener("click", () => this.exportAll());
    this.name.addEventListener("focus", () => {
      this.name.placeholder = suggestedName(this.items(), this.app.state?.doc);
    });
    this.name.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") {
        ev.preventDefault();
        this.save();
      }
    });
  }

  items() {
    try {
      return readList(localStorage.getItem(SAVED_KEY));
    } catch {
      return [];
    }
  }

  /** Keep the list; false (with a message) when the browser refuses (storage full, or turned off). */
  store(items) {
    try {
      localStorage.setItem(SAVED_KEY, listText(items));
      return true;
    } catch {
      this.message.textContent = "This browser refused to keep the list (its storage is full or turned off): export the consortium as JSON instead.";
      return false;
    }
  }

  say(text) {
    this.message.replaceChildren(text);
  }

  save() {
    const items = this.items();
    const name = this.name.value.trim() || this.name.placeholder;
    const { items: next, id, replaced } = saveItem(items, name, this.app.inputText());
    if (!this.store(next)) return;
    this.current = id;
    this.name.value = next.find((i) => i.id === id).name;
    this.render();
    if (!replaced) return this.say(`Saved as “${this.name.value}” in this browser.`);
    this.app.undo.offer(this.message, `Replaced the saved “${replaced.name}” with the consortium on screen.`, {
      list: true,
      undo: () => {
        if (!this.store(this.items().map((i) => (i.id === replaced.id ? replaced : i)))) return null;
        this.render();
        return `The saved “${replaced.name}” is as it was.`;
      },
    });
  }

  openItem(item) {
    let doc;
    try {
      doc = parseDocument(item.text);
    } catch (error) {
      return this.say(`“${item.name}” could not be read: ${error.message}.`);
    }
    this.current = item.id;
    this.name.value = item.name;
    this.open(doc, `Opened “${item.name}”.`, "The consortium you had before is back.");
  }

  remove(item) {
    const { items, removed, index } = deleteItem(this.items(), item.id);
    if (!removed || !this.store(items)) return;
    if (this.current === item.id) this.current = null;
    this.render();
    const entry = this.app.undo.offer(this.message, `Deleted the saved “${item.name}”.`, {
      list: true,
      undo: () => {
        if (!this.store(putBack(this.items(), removed, index))) return null;
        this.render();
        return `“${item.name}” is back in the list.`;
      },
    });
    entry.button.focus(); // the Delete button pressed is gone: not another entry's, where Enter would delete again
  }

  duplicate(item) {
    const { items, id } = duplicateItem(this.items(), item.id);
    if (!id || !this.store(items)) return;
    this.render();
    this.list.querySelector(`li[data-id="${id}"] button`)?.focus();
    this.say(`Saved a copy as “${items.find((i) => i.id === id).name}”.`);
  }

  /** Rename in place: the name becomes a text box; Enter keeps the new name, Escape the old one. */
  rename(item, li) {
    const box = h("input", { type: "text", value: item.name, maxlength: String(MAX_NAME), "aria-label": `New name for “${item.name}”` });
    const done = (keep) => {
      if (keep && box.value.trim() && box.value.trim() !== item.name) {
        const items = renameItem(this.items(), item.id, box.value);
        if (this.store(items)) this.say(`Renamed “${item.name}” to “${items.find((i) => i.id === item.id).name}”.`);
      }
      this.render();
      this.list.querySelector(`li[data-id="${item.id}"] [data-act=rename]`)?.focus();
    };
    box.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === "Escape") {
        ev.preventDefault();
        done(ev.key === "Enter");
      }
    });
    const ok = h("button", { type: "button", class: "he-link-button" }, "Keep the name");
    ok.addEventListener("click", () => done(true));
    li.querySelector(".he-saved-title").replaceChildren(box, " ", ok);
    box.focus();
    box.select();
  }

  exportAll() {
    const items = this.items();
    if (!items.length) return this.say("No consortium is saved in this browser yet.");
    const day = new Date().toISOString().slice(0, 10);
    download(`saved-consortia-${day}.json`, "application/json", exportList(items));
    this.say(`Exported ${items.length} saved consortia as saved-consortia-${day}.json; “Import JSON or CSV” in another browser adds them to its list.`);
  }

  /** An exported list chosen with the import button: its consortia join the list. */
  addFromFile(entries, fileName) {
    const items = addImported(this.items(), entries);
    if (!this.store(items)) return;
    this.render();
    this.say(`Added ${entries.length} saved consortia from ${fileName} to the list; the consortium on screen is unchanged.`);
  }

  render() {
    const items = this.items();
    this.name.placeholder = suggestedName(items, this.app.state?.doc);
    this.list.hidden = !items.length;
    this.list.replaceChildren(
      ...items.map((item) => {
        const act = (name, label, handler) => {
          const b = h("button", { type: "button", class: "he-link-button", dataset: { act: name }, "aria-label": `${label}: ${item.name}` }, label);
          b.addEventListener("click", handler);
          return b;
        };
        const count = participantCount(item.text);
        const li = h(
          "li",
          { dataset: { id: item.id }, class: item.id === this.current ? "he-saved-current" : null },
          h("span", { class: "he-saved-title" }, h("bdi", {}, item.name)),
          h("span", { class: "he-hint" }, ` ${when(item.saved)}, ${count} participant${count === 1 ? "" : "s"} `),
          h("span", { class: "he-saved-actions" }),
        );
        li.querySelector(".he-saved-actions").append(
          act("open", "Open", () => this.openItem(item)),
          act("rename", "Rename", () => this.rename(item, li)),
          act("duplicate", "Duplicate", () => this.duplicate(item)),
          act("delete", "Delete", () => this.remove(item)),
        );
        return li;
      }),
    );
  }
}
