// The participants table of the form: one row of controls per entry of the document's participants list,
// PAGE_ROWS rows at a time, and the row buttons (move, duplicate, remove). Each control shows its field as the
// document holds it (text as typed, a value a control cannot offer "as given") and edits it through
// form-state.mjs and app.commit(); its data-field is where the engine's errors about it are marked.

import { extraFields, fillSelect, h, AS_GIVEN } from "./dom.mjs";
import { isObject, kindOf, quoted, textOf } from "./document.mjs";
import { addRow, duplicateRow, editRow, moveRow, participantsOf, removeField, removeRow, rowsOf } from "./form-state.mjs";
import { NAME_COMBOBOX } from "./partner-suggest.mjs";

// Large consortia (a pasted partner list of thousands) are shown one page at a time, so the page never
// builds tens of thousands of form controls at once.
export const PAGE_ROWS = 100;
// A browser re-indexes a datalist on every change: a huge consortium offers its first names only.
const MAX_NAME_SUGGESTIONS = 500;
const fmt = (n) => n.toLocaleString("en");

export class RowsView {
  /** @param app the page controller (state, index, commit(), say(), fieldErrors) */
  constructor(app, els) {
    this.app = app;
    this.els = els;
    this.page = 0;
    this.namesKey = null;
    this.namesTimer = null;
    this.pager = h("nav", { class: "he-pager", "aria-label": "Pages of participants", hidden: true });
    this.notList = h("p", { class: "he-hint he-not-list", hidden: true });
    els.rows.closest(".he-table-wrap")?.after(this.notList, this.pager);
  }

  /** Draw the page of rows that holds focus.uid (if given) and focus its control focus.key. */
  render(focus = null) {
    const rows = rowsOf(this.app.state);
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_ROWS));
    if (focus) {
      const at = rows.findIndex((r) => r.uid === focus.uid);
      if (at >= 0) this.page = Math.floor(at / PAGE_ROWS);
    }
    this.page = Math.min(Math.max(0, this.page), pages - 1);
    const start = this.page * PAGE_ROWS;
    const shown = rows.slice(start, start + PAGE_ROWS);
    this.els.rows.replaceChildren(...shown.map((row) => this.rowElement(row, rows.length)));
    this.renderNotList();
    this.renderPager(pages, start, shown.length, rows.length);
    this.renderNames();
    this.app.fieldErrors.apply();
    if (focus) {
      const target = this.els.rows.querySelector(`tr[data-uid="${focus.uid}"] [data-focus="${focus.key}"]`);
      (target || this.els.add).focus();
    }
  }

  /** Beside a country box: what the last verdict resolved that participant's country to ("South Korea" ->
   * "Republic of Korea (KR)"), while the box still holds what that verdict read; for a participant given by PIC
   * without a country, the country the verdict took from CORDIS; "" otherwise. `current`: the row's entry. */
  resolvedCountry(position, current) {
    const { verdict, verdictDoc } = this.app;
    const before = participantsOf(verdictDoc)?.[position];
    const p = verdict?.participants?.[position];
    const typed = isObject(current) ? current.country : undefined;
    if (!p || !isObject(before) || before.country !== typed) return "";
    if (typed === undefined) return this.fromDirectory(position, current) ? `${p.country_name || p.country} (${p.country}), from CORDIS` : "";
    return `${p.country_name || p.country} (${p.country})`;
  }

  /** The last verdict's participant at `position` when that row is given by PIC, as it still is (its name,
   * country and type, where the row leaves them out, are CORDIS's); null otherwise. The form shows these as
   * placeholders: the document is never filled in by the page. */
  fromDirectory(position, current) {
    const { verdict, verdictDoc } = this.app;
    const before = participantsOf(verdictDoc)?.[position];
    const p = verdict?.participants?.[position];
    if (!p || !isObject(before) || !isObject(current) || before.pic === undefined) return null;
    return textOf(before.pic) === textOf(current.pic) ? p : null;
  }

  /** The type box's blank choice: "(not given)", or the type the verdict took from CORDIS for it. */
  blankType(cordis) {
    const label = cordis?.type && (this.app.index.types.find((t) => t.id === cordis.type)?.label || cordis.type);
    return label ? `(not given: ${label}, from CORDIS)` : "(not given)";
  }

  /** After a verdict, on the page of rows shown: the resolved country beside each box, and for a row given by
   * PIC the name, country and type CORDIS gave as placeholders. */
  showResolved() {
    const list = participantsOf(this.app.state.doc) || [];
    for (const tr of this.els.rows.querySelectorAll("tr[data-uid]")) {
      const position = this.app.state.uids.indexOf(tr.dataset.uid);
      const current = list[position];
      const cordis = this.fromDirectory(position, current);
      const span = tr.querySelector(".he-country-name");
      if (span) span.textContent = this.resolvedCountry(position, current);
      const name = tr.querySelector("input[data-key=name]");
      const country = tr.querySelector("input[data-key=country]");
      if (name) name.placeholder = cordis?.name || "";
      if (country) country.placeholder = cordis?.country || "";
      const blank = tr.querySelector('select[data-key=type] option[value=""]');
      if (blank) blank.textContent = this.blankType(cordis);
    }
  }

  /** Participants given as something other than a list: said, with the way out (the Add button starts one). */
  renderNotList() {
    const doc = this.app.state.doc;
    const value = isObject(doc) ? doc.participants : undefined;
    const odd = value !== undefined && !Array.isArray(value);
    this.notList.hidden = !odd;
    this.notList.textContent = odd
      ? `The participants are given as ${kindOf(value)} (${quoted(value)}), not as a list: “Add participant” starts a list in their place.`
      : "";
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
    const names = rowsOf(this.app.state).map((r) => r.value?.name).filter((n) => typeof n === "string" && n.trim());
    const unique = [...new Set(names)].slice(0, MAX_NAME_SUGGESTIONS);
    const key = unique.join("\n");
    if (key === this.namesKey) return;
    this.namesKey = key;
    this.els.names.replaceChildren(...unique.map((name) => h("option", { value: name })));
  }

  /** The flags of a row: a box per flag of the catalog, and per other entry of the list as given. */
  flagsCell(row, who, field) {
    const value = isObject(row.value) ? row.value.flags : undefined;
    const list = Array.isArray(value) ? value : [];
    const box = (flag, label, extra) =>
      h("label", { class: "he-flag" }, h("input", { type: "checkbox", checked: list.includes(flag), dataset: extra ? { extra: String(list.indexOf(flag)) } : { flag } }), ` ${label}`);
    const known = new Set(this.app.index.flags.map((f) => f.id));
    const boxes = this.app.index.flags.map((f) => box(f.id, f.label, false));
    list.forEach((f) => {
      if (!(typeof f === "string" && known.has(f))) boxes.push(box(f, `${quoted(f)} (as given)`, true));
    });
    const odd = value !== undefined && !Array.isArray(value);
    const count = odd ? "as given" : String(list.length);
    return h(
      "td",
      { dataset: { errorHome: "" } },
      h(
        "details",
        { class: "he-flags", dataset: { field, markControls: "" } },
        h("summary", { dataset: { focus: "flags" }, "aria-label": `Flags of ${who}: ${count} set` }, list.length || odd ? `Flags (${count})` : "Flags"),
        h(
          "fieldset",
          {},
          h("legend", { class: "he-sr-only" }, `Flags of ${who}`),
          odd ? h("p", { class: "he-hint" }, `Given as ${quoted(value)}; ticking a box makes a list.`) : null,
          ...boxes,
        ),
      ),
    );
  }

  rowElement(row, count) {
    const { index: catalog } = this.app;
    const { uid, index } = row;
    const p = isObject(row.value) ? row.value : {};
    const who = `participant ${index + 1}`;
    const id = `he-${uid}`;
    const field = (key) => `row:${uid}:${key}`;
    const button = (act, icon, label, disabled = false) =>
      h(
        "button",
        { type: "button", class: "he-icon-button", dataset: { act, focus: act }, disabled, title: label, "aria-label": `${label}: ${who}` },
        h("span", { "aria-hidden": "true" }, icon),
      );
    const text = (key, attrs) =>
      h("input", { type: "text", id: `${id}-${key}`, value: textOf(p[key]), dataset: { key, focus: key, field: field(key) }, spellcheck: "false", ...attrs });
    const select = (key, label, options, blank) => {
      const node = h("select", { id: `${id}-${key}`, "aria-label": label, dataset: { key, focus: key, field: field(key) } });
      fillSelect(node, options, p[key], { blank });
      return node;
    };
    const odd = isObject(row.value) ? null : h("p", { class: "he-hint", dataset: { field: `row:${uid}` } }, `Given as ${quoted(row.value)}, not as a participant; typing in this row makes one.`);
    const cordis = this.fromDirectory(index, row.value); // a row given by PIC: what the last verdict took from CORDIS
    const extras = extraFields(p, catalog.catalog.input.participant_fields, {
      key: (name) => `row:${uid}:extra:${name}`,
      where: `for ${who}`,
      onRemove: (name) => this.edit(uid, (s) => removeField(s, uid, name), { uid, key: "name" }),
    });
    return h(
      "tr",
      { dataset: { uid } },
      h("th", { scope: "row", class: "he-rownum" }, String(index + 1)),
      // The name field suggests organisations from CORDIS (partner-suggest.mjs); choosing one fills the PIC.
      h(
        "td",
        { "data-label": "Name", dataset: { errorHome: "" } },
        text("name", { class: "he-in-name", dir: "auto", "aria-label": `Name of ${who}`, maxlength: "300", placeholder: cordis?.name, ...NAME_COMBOBOX }),
        odd,
        extras,
      ),
      h(
        "td",
        { "data-label": "Country", dataset: { errorHome: "" } },
        text("country", { class: "he-in-country", list: "he-countries", "aria-label": `Country of ${who} (code or name)`, "aria-describedby": `${id}-cname`, autocapitalize: "characters", placeholder: cordis?.country }),
        h("span", { class: "he-country-name", id: `${id}-cname` }, this.resolvedCountry(index, row.value)),
      ),
      h("td", { "data-label": "Role", dataset: { errorHome: "" } }, select("role", `Role of ${who}`, catalog.roles, "Choose a role")),
      h("td", { "data-label": "Type", dataset: { errorHome: "" } }, select("type", `Type of ${who}`, catalog.types, this.blankType(cordis))),
      h(
        "td",
        { "data-label": "Controlled by", dataset: { errorHome: "" } },
        text("controlled_by", { class: "he-in-controlled", dir: "auto", list: "he-names", "aria-label": `Participant ${index + 1} is controlled by (another participant or an outside entity)` }),
      ),
      // After the fields typed for every participant, so that the keyboard reaches those first.
      h("td", { "data-label": "PIC", dataset: { errorHome: "" } }, text("pic", { class: "he-in-pic", inputmode: "numeric", "aria-label": `PIC of ${who} (optional)` })),
      this.flagsCell(row, who, field("flags")),
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
    this.els.rows.addEventListener("change", (ev) => this.onInput(ev));
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

  /** An edit of one row's document; the table is drawn again when `focus` is given. */
  edit(uid, change, focus = null) {
    this.app.state = change(this.app.state);
    if (focus) this.render(focus);
    this.app.commit();
  }

  onInput(ev) {
    const t = ev.target;
    const tr = t.closest("tr[data-uid]");
    const uid = tr?.dataset.uid;
    const list = participantsOf(this.app.state.doc);
    const i = uid ? this.app.state.uids.indexOf(uid) : -1;
    if (i < 0 || !list) return;
    if (t.dataset.flag !== undefined || t.dataset.extra !== undefined) {
      if (ev.type !== "change") return;
      const before = isObject(list[i]) && Array.isArray(list[i].flags) ? list[i].flags : [];
      const flags = [...tr.querySelectorAll("input[type=checkbox]")]
        .filter((b) => b.checked)
        .map((b) => (b.dataset.flag !== undefined ? b.dataset.flag : before[Number(b.dataset.extra)]));
      // The summary changes with the list: draw the row again, keeping the box in focus and open.
      this.edit(uid, (s) => editRow(s, uid, "flags", flags.length ? flags : undefined));
      tr.replaceWith(this.rowElement(rowsOf(this.app.state)[i], list.length));
      const row = this.els.rows.querySelector(`tr[data-uid="${uid}"]`);
      row.querySelector("details").open = true;
      const key = t.dataset.flag !== undefined ? `[data-flag="${CSS.escape(t.dataset.flag)}"]` : "input[type=checkbox]";
      row.querySelector(`fieldset ${key}`)?.focus();
      this.app.fieldErrors.apply();
      return;
    }
    const key = t.dataset.key;
    if (!key || (ev.type === "change" && t.tagName !== "SELECT") || t.value === AS_GIVEN) return;
    const current = isObject(list[i]) ? list[i][key] : undefined;
    if (t.value === textOf(current) && isObject(list[i])) return;
    this.app.state = editRow(this.app.state, uid, key, t.value);
    if (key === "name") {
      clearTimeout(this.namesTimer);
      this.namesTimer = setTimeout(() => this.renderNames(), list.length > PAGE_ROWS ? 400 : 0);
    }
    if (!isObject(list[i])) tr.querySelector(".he-hint[data-field]")?.remove(); // the row is an object now
    this.app.commit();
  }

  onAction(uid, act) {
    const rows = this.app.state.uids;
    const i = rows.indexOf(uid);
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
      focus = next ? { uid: next, key: "remove" } : null;
      const name = isObject(removed) && typeof removed.name === "string" && removed.name ? `“${removed.name}”` : `participant ${index + 1}`;
      this.app.say(`Removed ${name}.`);
    }
    this.render(focus);
    if (!focus) this.els.add.focus();
    this.app.commit();
  }
}
