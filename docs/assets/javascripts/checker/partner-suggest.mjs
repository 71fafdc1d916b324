// Organisation suggestions in the participants' name fields, from the organisation directory (CORDIS): an
// accessible combobox as the WAI-ARIA Authoring Practices describe it ("combobox with listbox popup", list
// autocomplete with manual selection).
//
// - The name field is the combobox (role, aria-expanded, aria-controls, aria-activedescendant; rows-view.mjs
//   gives it NAME_COMBOBOX); the suggestions are one listbox (#he-partner-suggestions, data-testid
//   "partner-suggestions") of options showing name, country and type, placed under the field typed in.
// - Down opens the list and moves through it, Up moves back, Enter chooses, Escape closes the list and keeps
//   the text, Tab leaves; a click chooses too. How many were found is announced (a polite status line).
// - Choosing fills the row's name, country, type and PIC; every one of them stays editable.
// - The directory is asked for when a name field is first focused (directory.mjs), never before; without it
//   (offline before it was ever kept, or the engine not loaded) the field is a plain text field.
// - The ranking is the engine's own (horizon_eligibility.directory, run in the worker), as the command line's.

import { h } from "./dom.mjs";
import { editRow } from "./form-state.mjs";

export const LISTBOX_ID = "he-partner-suggestions";
const MIN_LETTERS = 2; // one letter matches most of the directory: no use, and the slowest query
const LIMIT = 8;

/** The attributes that make a participant's name field the combobox. */
export const NAME_COMBOBOX = {
  role: "combobox",
  "aria-autocomplete": "list",
  "aria-expanded": "false",
  "aria-controls": LISTBOX_ID,
};

const isName = (node) => node instanceof HTMLInputElement && node.dataset.key === "name";
const letters = (text) => text.replace(/[^\p{L}\p{N}]/gu, "").length;

export class PartnerSuggest {
  /** @param app the page controller (state, index, rows, commit(), say()); @param directory a DirectoryClient */
  constructor(app, directory, els) {
    Object.assign(this, { app, directory, els, input: null, matches: [], active: -1, seq: 0 });
    this.listening = new AbortController(); // what outlives the page (the directory, the window): see dispose()
    this.listbox = h("ul", {
      id: LISTBOX_ID,
      role: "listbox",
      class: "he-suggestions",
      "aria-label": "Organisations from CORDIS",
      "data-testid": "partner-suggestions",
      hidden: true,
    });
    this.status = h("p", { id: "he-partner-status", class: "he-sr-only", role: "status", "aria-live": "polite" });
    els.rows.closest("fieldset").append(this.listbox, this.status);
  }

  bind() {
    const rows = this.els.rows;
    rows.addEventListener("focusin", (ev) => isName(ev.target) && this.focus(ev.target));
    rows.addEventListener("input", (ev) => isName(ev.target) && this.request(ev.target));
    rows.addEventListener("keydown", (ev) => isName(ev.target) && this.onKey(ev));
    rows.addEventListener("focusout", (ev) => isName(ev.target) && this.close());
    this.listbox.addEventListener("mousedown", (ev) => ev.preventDefault()); // the focus stays in the field
    this.listbox.addEventListener("click", (ev) => {
      const option = ev.target.closest('[role="option"]');
      if (option) this.choose(Number(option.dataset.index));
    });
    const signal = this.listening.signal;
    // Typed before the directory arrived: suggest for what is in the field now. The page says which snapshot.
    const loaded = () => {
      const date = this.directory.info?.snapshots?.HE;
      const note = document.getElementById("he-directory-date");
      if (note && date) note.textContent = `; Horizon Europe as of ${date}`;
      if (this.input && document.activeElement === this.input && this.input.value.trim()) this.request(this.input);
    };
    this.directory.addEventListener("loaded", loaded, { signal });
    if (this.directory.ready) loaded();
    window.addEventListener("resize", () => this.place(), { signal });
    document.addEventListener("scroll", () => this.place(), { capture: true, passive: true, signal });
  }

  /** The page was left (instant navigation). */
  dispose() {
    this.listening.abort();
  }

  /** A name field got the focus: from now on the directory is wanted. */
  focus(input) {
    if (this.input !== input) this.close();
    this.input = input;
    this.directory.ensure();
  }

  async request(input) {
    this.input = input;
    const query = input.value.trim();
    const seq = ++this.seq;
    if (letters(query) < MIN_LETTERS) {
      this.matches = [];
      this.close();
      return;
    }
    // null: no directory (or the engine restarted meanwhile): a plain field until the next keystroke.
    const matches = await this.directory.search(query, LIMIT).catch(() => null);
    if (seq !== this.seq || this.input !== input || document.activeElement !== input) return;
    if (matches == null) return this.close();
    this.show(matches, query);
  }

  show(matches, query) {
    this.matches = matches;
    this.active = -1;
    this.listbox.replaceChildren(...matches.map((m, i) => this.option(m, i)));
    this.listbox.dataset.query = query;
    const n = matches.length;
    this.status.textContent = n
      ? `${n} organisation${n === 1 ? "" : "s"} found in CORDIS: use the down and up arrow keys, then Enter, to choose one.`
      : "No organisation found in CORDIS.";
    this.open(n > 0);
  }

  option(match, index) {
    const { index: catalog } = this.app;
    const country = match.country ? `${catalog.countryName(match.country) || match.country} (${match.country})` : "country not recorded";
    const type = match.type ? catalog.types.find((t) => t.id === match.type)?.label || match.type : "type not recorded";
    const name = match.short_name ? `${match.name} (${match.short_name})` : match.name;
    return h(
      "li",
      { id: `${LISTBOX_ID}-${index}`, role: "option", "aria-selected": "false", class: "he-suggestion", dataset: { index: String(index), pic: match.pic } },
      h("span", { class: "he-suggestion-name" }, name),
      h("span", { class: "he-suggestion-meta" }, `${country} · ${type} · PIC ${match.pic}`),
    );
  }

  open(open) {
    this.listbox.hidden = !open;
    this.input?.setAttribute("aria-expanded", String(open));
    this.input?.removeAttribute("aria-activedescendant");
    this.active = -1;
    this.place();
  }

  close() {
    if (!this.listbox.hidden || this.input?.getAttribute("aria-expanded") === "true") this.open(false);
  }

  /** Under the field typed in (fixed, so the table's scrolling box does not clip it). */
  place() {
    if (this.listbox.hidden || !this.input?.isConnected) return;
    const box = this.input.getBoundingClientRect();
    Object.assign(this.listbox.style, { left: `${Math.max(0, box.left)}px`, top: `${box.bottom + 2}px`, minWidth: `${box.width}px` });
  }

  onKey(ev) {
    const open = !this.listbox.hidden && this.matches.length > 0;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!open) {
        // The list for the text in the field, closed by Escape: open it again.
        if (ev.key === "ArrowDown" && this.matches.length && this.listbox.dataset.query === ev.target.value.trim()) this.open(true);
        else if (ev.key === "ArrowDown") this.request(ev.target);
        else return;
      } else this.move(ev.key === "ArrowDown" ? 1 : -1);
      ev.preventDefault();
    } else if (ev.key === "Enter" && open && this.active >= 0) {
      ev.preventDefault();
      this.choose(this.active);
    } else if (ev.key === "Escape" && open) {
      ev.preventDefault();
      ev.stopPropagation();
      this.close();
    } else if (ev.key === "Tab") this.close();
  }

  move(delta) {
    const n = this.matches.length;
    this.active = this.active < 0 ? (delta > 0 ? 0 : n - 1) : (this.active + delta + n) % n;
    for (const [i, option] of [...this.listbox.children].entries()) option.setAttribute("aria-selected", String(i === this.active));
    const current = this.listbox.children[this.active];
    this.input.setAttribute("aria-activedescendant", current.id);
    current.scrollIntoView({ block: "nearest" });
  }

  /** Fill the row from the chosen organisation, as a person would type it: its name, country, type and PIC
   * (each an edit of the document's field, every one still editable; a field CORDIS does not record is left as
   * it was). */
  choose(index) {
    const match = this.matches[index];
    const uid = this.input?.closest("tr[data-uid]")?.dataset.uid;
    if (!match || !uid || !this.app.state.uids.includes(uid)) return;
    this.close();
    const changes = [["name", match.name], ["country", match.country], ["type", match.type], ["pic", match.pic]];
    let state = this.app.state;
    for (const [key, value] of changes) if (value) state = editRow(state, uid, key, value);
    this.app.state = state;
    this.app.rows.render({ uid, key: "name" });
    this.app.commit();
    const where = match.country ? this.app.index.countryName(match.country) || match.country : "";
    this.app.say(`${match.name}${where ? `, ${where}` : ""}: country, type and PIC filled in from CORDIS; you can still change them.`);
  }
}
