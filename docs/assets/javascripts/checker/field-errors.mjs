// The engine's input errors in the page: on each field at fault (aria-invalid="true", the message beside it
// tied with aria-describedby) and as a list above the verdict, each a link to its field. Which control an
// error belongs to is error-map.mjs; the controls carry data-field="<key>". Messages are the engine's plain
// words, written as text.

import { h } from "./dom.mjs";
import { byKey, rowOfKey } from "./error-map.mjs";

const CONTROLS = "input, select, textarea";
let messageIds = 0;

function describedBy(el, id, add) {
  const ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter((x) => x && x !== id);
  if (add) ids.unshift(id);
  if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
  else el.removeAttribute("aria-describedby");
}

/** What aria-invalid goes on: a control itself, each box of a group that says so (the flags of a row:
 * data-mark-controls), nothing for other elements (the participants table as a whole, a note). */
function controlsOf(el) {
  if (el.matches(CONTROLS)) return [el];
  return el.hasAttribute("data-mark-controls") ? [...el.querySelectorAll(CONTROLS)] : [];
}

function messageText(errors) {
  return errors.map((e) => (e.hint ? `${e.message} ${e.hint}` : e.message)).join(" ");
}

export class FieldErrors {
  /** @param app the page controller (rows, els); `els.errors` is the list above the verdict */
  constructor(app, els) {
    this.app = app;
    this.els = els;
    this.errors = [];
    this.grouped = new Map();
    this.marked = new Map(); // element -> message element
  }

  /** The errors to show now (error-map.mjs errorsToShow), marked on the form and listed. */
  set(errors) {
    this.errors = errors;
    this.grouped = byKey(errors.filter((e) => e.key));
    this.apply();
    this.renderList();
  }

  clear() {
    this.set([]);
  }

  /** Mark the controls on the page now (after every render of the form: rows come and go with paging). */
  apply() {
    const form = this.els.form;
    const wanted = new Map();
    for (const [key, errors] of this.grouped) {
      for (const el of form.querySelectorAll(`[data-field="${CSS.escape(key)}"]`)) wanted.set(el, errors);
    }
    for (const [el, message] of this.marked) {
      if (!wanted.has(el) || !el.isConnected) this.unmark(el, message);
    }
    for (const [el, errors] of wanted) this.mark(el, errors);
  }

  mark(el, errors) {
    const text = messageText(errors);
    let message = this.marked.get(el);
    if (message?.isConnected && message.textContent === text) return;
    if (!message) {
      messageIds += 1;
      message = h("p", { class: "he-field-error", id: `he-error-${messageIds}` });
    }
    message.textContent = text;
    const home = el.closest("[data-error-home]") || el.parentElement;
    if (message.parentElement !== home) home.append(message);
    const controls = controlsOf(el);
    for (const control of controls) {
      control.setAttribute("aria-invalid", "true");
      describedBy(control, message.id, true);
    }
    el.classList.add("he-invalid");
    this.marked.set(el, message);
  }

  unmark(el, message) {
    const controls = controlsOf(el);
    for (const control of controls) {
      control.removeAttribute("aria-invalid");
      describedBy(control, message.id, false);
    }
    el.classList.remove("he-invalid");
    message.remove();
    this.marked.delete(el);
  }

  /** The list above the verdict: every error, each a link that takes the person to its field. */
  renderList() {
    const box = this.els.errors;
    if (!this.errors.length) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    const n = this.errors.length;
    const items = this.errors.map((e) => {
      const words = [e.message, e.hint ? h("span", { class: "he-error-hint" }, ` ${e.hint}`) : null];
      // A button, not a link to "#…": the address holds the consortium's link, and instant navigation
      // would take over a click on an anchor.
      const go = e.key
        ? h("button", { type: "button", class: "he-link-button he-error-go", onclick: () => this.goTo(e.key) }, ...words)
        : h("span", {}, ...words);
      return h("li", { dataset: { path: e.path, key: e.key } }, go);
    });
    box.replaceChildren(
      h("p", { class: "he-errors-head" }, n === 1 ? "One thing in the input needs fixing:" : `${n} things in the input need fixing:`),
      h("ul", {}, items),
    );
    box.hidden = false;
  }

  /** Take the person to the control of a key: the page of rows that holds it, then focus. */
  goTo(key) {
    const uid = rowOfKey(key);
    if (uid) this.app.rows.render({ uid, key: key.split(":").slice(2).join(":") || "name" });
    const form = this.els.form;
    const el = form.querySelector(`[data-field="${CSS.escape(key)}"]`);
    if (!el) {
      if (key === "participants") this.els.add.focus();
      return;
    }
    const target = el.matches(CONTROLS) ? el : el.querySelector(`summary, ${CONTROLS}`);
    el.closest("details")?.setAttribute("open", "");
    (target || el).focus();
    (target || el).scrollIntoView?.({ block: "center" });
  }
}
