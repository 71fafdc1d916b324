// The participants table of the form: one row of controls per participant, PAGE_ROWS rows at a time, and
// the row buttons (move, duplicate, remove). Edits go through form-state.mjs and app.commit().

import { fillSelect, h } from "./dom.mjs";
import { addRow, duplicateRow, editRow, moveRow, removeRow } from "./form-state.mjs";
import { NAME_COMBOBOX } from "./partner-suggest.mjs";

// Large consortia (a pasted partner list of thousands) are shown one page at a time, so the page never
// builds tens of thousands of form controls at once.
export const PAGE_ROWS = 100;
// A browser re-indexes a datalist on every change: a huge consortium offers its first names only.
const MAX_NAME_SUGGESTIONS = 500;
const fmt = (n) => n.toLocaleString("en");

export class RowsView {
  /** @param app the page controller (state, index, commit(), say()) */
  constructor(app, els) {
    this.app = app;
    this.els = els;
    this.page = 0;
    this.namesKey = null;
    this.namesTimer = null;
    this.pager = h("nav", { class: "he-pager", "aria-label": "Pages of participants", hidden: true });
    els.rows.closest(".he-table-wrap")?.after(this.pager);
  }

  /** Draw the page of rows that holds focus.uid (if given) and focus its control focus.key. */
  render(focus = null) {
    const rows = this.app.state.rows;
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_ROWS));
    if (focus) {
      const at = rows.findIndex((r) => r.uid === focus.uid);
      if (at >= 0) this.page = Math.floor(at / PAGE_ROWS);
    }
    this.page = Math.min(Math.max(0, this.page), pages - 1);
    const start = this.page * PAGE_ROWS;
    const shown = rows.slice(start, start + PAGE_ROWS);
    this.els.rows.replaceChildren(...shown.map((row, k) => this.rowElement(row, start + k, rows.length)));
    this.renderPager(pages, start, shown.length, rows.length);
    this.renderNames();
    if (focus) {
      const target = this.els.rows.querySelector(`tr[data-uid="${focus.uid}"] [data-focus="${focus.key}"]`);
      (target || this.els.add).focus();
    }
  }

  renderPager(pages, start, count, total) {
    this.pager.hidden = pages <= 1;
    if (pages <= 1) {
      this.pager.replaceChildren();
      return;
    }
    const go = (page, label, text, disabled) =>
      h("button", {
        type: "button",
        class: "md-button he-pager-button",
        disabled,
        "aria-label": label,
        onclick: () => {
          this.page = page;
          this.render();
          this.els.rows.querySelector("input")?.focus();
        },
      }, text);
    const last = pages - 1;
    this.pager.replaceChildren(
      go(0, "First page of participants", "« First", this.page === 0),
      go(this.page - 1, "Previous page of participants", "‹ Previous", this.page === 0),
      h("span", { class: "he-pager-info", role: "status" }, `Participants ${fmt(start + 1)}–${fmt(start + count)} of ${fmt(total)}`),
      go(this.page + 1, "Next page of participants", "Next ›", this.page >= last),
      go(last, "Last page of participants", "Last »", this.page >= last),
    );
  }

  /** Suggestions for "controlled by", rebuilt only when the names changed. */
  renderNames() {
    clearTimeout(this.namesTimer);
    const names = [...new Set(this.app.state.rows.map((r) => r.name.trim()).filter(Boolean))].slice(0, MAX_NAME_SUGGESTIONS);
    const key = names.join("\n");
    if (key === this.namesKey) return;
    this.namesKey = key;
    this.els.names.replaceChildren(...names.map((name) => h("option", { value: name })));
  }

  rowElement(row, index, count) {
    const { index: catalog } = this.app;
    const who = `participant ${index + 1}`;
    const id = `he-${row.uid}`;
    const flagBox = (flag, label) =>
      h("label", { class: "he-flag" }, h("input", { type: "checkbox", checked: row.flags.includes(flag), dataset: { flag } }), ` ${label}`);
    const flagBoxes = catalog.flags.map((f) => flagBox(f.id, f.label));
    for (const f of row.flags) if (!catalog.flags.some((o) => o.id === f)) flagBoxes.push(flagBox(f, f));
    const button = (act, icon, label, disabled = false) =>
      h(
        "button",
        { type: "button", class: "he-icon-button", dataset: { act, focus: act }, disabled, title: label, "aria-label": `${label}: ${who}` },
        h("span", { "aria-hidden": "true" }, icon),
      );
    const text = (key, attrs) => h("input", { type: "text", value: row[key], dataset: { key, focus: key }, spellcheck: "false", ...attrs });
    const select = (key, label, options, blank) => {
      const node = h("select", { "aria-label": label, dataset: { key, focus: key } });
      fillSelect(node, options, row[key], { blank });
      return node;
    };
    return h(
      "tr",
      { dataset: { uid: row.uid } },
      h("th", { scope: "row", class: "he-rownum" }, String(index + 1)),
      // The name field suggests organisations from CORDIS (partner-suggest.mjs); choosing one fills the PIC.
      h("td", { "data-label": "Name" }, text("name", { class: "he-in-name", dir: "auto", "aria-label": `Name of ${who}`, maxlength: "300", ...NAME_COMBOBOX })),
      h(
        "td",
        { "data-label": "Country" },
        text("country", {
          class: "he-in-country",
          list: "he-countries",
          "aria-label": `Country of ${who} (code or name)`,
          "aria-describedby": `${id}-cname`,
          autocapitalize: "characters",
        }),
        h("span", { class: "he-country-name", id: `${id}-cname` }, catalog.countryName(row.country)),
      ),
      h("td", { "data-label": "Role" }, select("role", `Role of ${who}`, catalog.roles, "Choose a role")),
      h("td", { "data-label": "Type" }, select("type", `Type of ${who}`, catalog.types, "(not given)")),
      h(
        "td",
        { "data-label": "Controlled by" },
        text("controlled_by", {
          class: "he-in-controlled",
          dir: "auto",
          list: "he-names",
          "aria-label": `Participant ${index + 1} is controlled by (another participant or an outside entity)`,
        }),
      ),
      // After the fields typed for every participant, so that the keyboard reaches those first.
      h("td", { "data-label": "PIC" }, text("pic", { class: "he-in-pic", inputmode: "numeric", "aria-label": `PIC of ${who} (optional)` })),
      h(
        "td",
        {},
        h(
          "details",
          { class: "he-flags" },
          h("summary", { dataset: { focus: "flags" }, "aria-label": `Flags of ${who}: ${row.flags.length} set` }, row.flags.length ? `Flags (${row.flags.length})` : "Flags"),
          h("fieldset", {}, h("legend", { class: "he-sr-only" }, `Flags of ${who}`), ...flagBoxes),
        ),
      ),
      h(
        "td",
        { class: "he-row-actions" },
        button("up", "↑", "Move up", index === 0),
        button("down", "↓", "Move down", index === count - 1),
        // Text, not a glyph: no web font, and "⧉" is missing from common system fonts.
        button("duplicate", "Duplicate", "Duplicate"),
        button("remove", "✕", "Remove"),
      ),
    );
  }

  bind() {
    this.els.rows.addEventListener("input", (ev) => this.onInput(ev));
    this.els.rows.addEventListener("change", (ev) => this.onInput(ev, true));
    this.els.rows.addEventListener("click", (ev) => {
      const b = ev.target.closest("button[data-act]");
      if (b) this.onAction(b.closest("tr").dataset.uid, b.dataset.act);
    });
    this.els.add.addEventListener("click", () => {
      const { state, uid } = addRow(this.app.state);
      this.app.state = state;
      this.render({ uid, key: "name" });
      this.app.commit();
    });
  }

  onInput(ev, committed = false) {
    const t = ev.target;
    const tr = t.closest("tr[data-uid]");
    const row = tr && this.app.state.rows.find((r) => r.uid === tr.dataset.uid);
    if (!row) return;
    if (t.dataset.flag) {
      if (ev.type !== "change") return;
      const flags = [...tr.querySelectorAll("input[data-flag]")].filter((b) => b.checked).map((b) => b.dataset.flag);
      this.app.state = editRow(this.app.state, row.uid, { flags });
      const summary = tr.querySelector("summary");
      summary.textContent = flags.length ? `Flags (${flags.length})` : "Flags";
      summary.setAttribute("aria-label", `Flags of participant ${this.app.state.rows.findIndex((r) => r.uid === row.uid) + 1}: ${flags.length} set`);
      this.app.commit();
      return;
    }
    const key = t.dataset.key;
    if (!key || (t.value === row[key] && !(committed && key === "country"))) return;
    let value = t.value;
    if (key === "country") {
      // A name typed in the country box becomes its code once the box is left.
      const code = committed ? this.app.index.countryCode(value) : "";
      if (code && code !== value && this.app.index.isCountryCode(code)) t.value = value = code;
      tr.querySelector(".he-country-name").textContent = this.app.index.countryName(value);
    }
    this.app.state = editRow(this.app.state, row.uid, { [key]: value });
    if (key === "name") {
      clearTimeout(this.namesTimer);
      this.namesTimer = setTimeout(() => this.renderNames(), this.app.state.rows.length > PAGE_ROWS ? 400 : 0);
    }
    this.app.commit();
  }

  onAction(uid, act) {
    const rows = this.app.state.rows;
    const i = rows.findIndex((r) => r.uid === uid);
    let focus = { uid, key: act };
    if (act === "up" || act === "down") {
      const delta = act === "up" ? -1 : 1;
      this.app.state = moveRow(this.app.state, uid, delta);
      // At either end the button is disabled: keep the focus on the other one.
      if (i + delta === 0) focus.key = "down";
      if (i + delta === rows.length - 1) focus.key = "up";
    } else if (act === "duplicate") {
      const { state, uid: copy } = duplicateRow(this.app.state, uid);
      this.app.state = state;
      focus = { uid: copy, key: "name" };
    } else if (act === "remove") {
      const { state, removed, index, next } = removeRow(this.app.state, uid);
      this.app.state = state;
      focus = next ? { uid: next.uid, key: "remove" } : null;
      this.app.say(`Removed ${removed.name ? `“${removed.name}”` : `participant ${index + 1}`}.`);
    }
    this.render(focus);
    if (!focus) this.els.add.focus();
    this.app.commit();
  }
}
