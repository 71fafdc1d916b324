// Undo for whatever destroys work: a removed participant or field, an import, "Start again", a saved
// consortium opened over the one on screen or deleted. Each says what it did with an Undo button beside it
// ("Removed “Firm B”. Undo"), and Ctrl+Z (⌘Z on a Mac) undoes the latest: anywhere in the checker, except in a
// text box that has been typed in since it took the focus (Ctrl+Z there undoes the typing, as everywhere).
//
// A step that replaced the whole consortium can be undone only while nothing has been edited since: undoing
// it later would throw those edits away. A removed row or field goes back where it was, whatever else changed.

import { h } from "./dom.mjs";
import { isObject } from "./document.mjs";
import { removeField, restoreField, rowsOf } from "./form-state.mjs";

const MAX_STEPS = 20;
const TEXT_TYPES = new Set(["text", "search", "url", "email", "tel", "number", "password", "date"]);

function isTextBox(el) {
  if (!el) return false;
  if (el.isContentEditable || el.tagName === "TEXTAREA") return true;
  return el.tagName === "INPUT" && TEXT_TYPES.has(el.type) && !el.readOnly;
}

export class Undo {
  /** @param app the page controller (state, revision, renderAll(), commit()); `root` the checker, for Ctrl+Z */
  constructor(app, root) {
    this.app = app;
    this.steps = [];
    this.bindKeys(root);
  }

  /**
   * Offer to undo what was just done. `place` is the element that says it (a live region near the action),
   * `message` what was done; `step.undo()` puts things back and returns what to say, or null when it no
   * longer can. With `whole`, the step replaced the consortium: it holds only while nothing has been edited
   * since (the form's revision is the one it left). With `list`, it changed the saved consortia, whatever is
   * on screen.
   */
  offer(place, message, step) {
    const undo = h("button", { type: "button", class: "he-link-button he-undo" }, "Undo");
    const entry = { ...step, place, button: undo, revision: this.app.revision, origin: this.app.state?.origin };
    this.steps.push(entry);
    if (this.steps.length > MAX_STEPS) this.steps.shift();
    undo.addEventListener("click", () => this.run(entry));
    place.replaceChildren(`${message} `, undo, h("span", { class: "he-hint he-undo-key" }, " (Ctrl+Z)"));
    return entry;
  }

  /** Whether a step can still be undone: only in the consortium it was taken in (not one a link, a file or
   * "Start again" put in its place, until that is undone in turn), and a whole replacement only until the
   * next edit. */
  holds(entry) {
    if (entry.list) return true; // the saved consortia: not the one on screen
    return entry.origin === this.app.state?.origin && (!entry.whole || entry.revision === this.app.revision);
  }

  run(entry) {
    // A step no longer in the list (Ctrl+Z passed it by, as it no longer held, or older than MAX_STEPS) may still
    // show its button: it says so rather than doing nothing.
    const at = this.steps.indexOf(entry);
    if (at >= 0) this.steps.splice(at, 1);
    const said = at >= 0 && this.holds(entry) ? entry.undo() : null;
    entry.place.replaceChildren(
      said ?? "This can no longer be undone: the consortium has been changed or replaced since. Nothing was changed.",
    );
  }

  /** Ctrl+Z: the latest step that still holds (those that no longer do are dropped). */
  latest() {
    while (this.steps.length && !this.holds(this.steps.at(-1))) this.steps.pop();
    return this.steps.at(-1) || null;
  }

  bindKeys(root) {
    // What each text box held when it took the focus: after a removal the focus lands in the row before's name
    // box, and Ctrl+Z there, before any typing, is meant for the removal.
    const atFocus = new WeakMap();
    root.addEventListener("focusin", (ev) => isTextBox(ev.target) && atFocus.set(ev.target, ev.target.value));
    root.addEventListener("keydown", (ev) => {
      if (ev.key.toLowerCase() !== "z" || !(ev.ctrlKey || ev.metaKey) || ev.shiftKey || ev.altKey) return;
      const t = ev.target;
      if (isTextBox(t) && (!atFocus.has(t) || atFocus.get(t) !== t.value)) return;
      const entry = this.latest();
      if (!entry) return;
      ev.preventDefault();
      this.run(entry);
    });
  }

  /** A field the form has no control for, removed with its button, undoably: `scope` "" (the input), "topic"
   * or a row's uid; `label` names it (the form's words); the form is drawn again, then `focus()` puts the focus
   * back in it. */
  removeField(scope, key, { place, where, label = key, focus = () => {} }) {
    const app = this.app;
    const holder = scope === "" ? app.state.doc : scope === "topic" ? app.state.doc?.topic : rowsOf(app.state).find((r) => r.uid === scope)?.value;
    const value = isObject(holder) ? holder[key] : undefined;
    const redraw = (state) => {
      app.state = state;
      app.renderAll();
      focus();
      app.commit();
    };
    redraw(removeField(app.state, scope, key));
    const entry = this.offer(place, `Removed “${label}” ${where}.`, {
      undo: () => {
        const state = restoreField(app.state, scope, key, value);
        if (!state) return `“${label}” could not be put back: its participant has been removed since.`;
        redraw(state);
        return `Put “${label}” back ${where.replace(/^from/, "in")}.`;
      },
    });
    // The button that was pressed is gone: without a place to go, the focus goes to Undo.
    if (!place.ownerDocument.activeElement || place.ownerDocument.activeElement === place.ownerDocument.body) entry.button.focus();
  }
}
