// The call part of the form: programme, action, call identifier, year, deadline, programme part, and the
// fields given that the form has no control for. Each control shows what the document holds and edits it
// through form-state.mjs and app.commit(); the topic is topic-view.mjs, the participants rows-view.mjs.

import { optionsOf } from "./catalog.mjs";
import { AS_GIVEN, extraFields, fillSelect, h } from "./dom.mjs";
import { isObject, textOf } from "./document.mjs";
import { chooseAction, chooseProgramme, fixedPart, removeField, setField } from "./form-state.mjs";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class FormView {
  /** @param app the page controller (state, index, lastReply, commit(), fieldErrors) */
  constructor(app, els) {
    this.app = app;
    this.els = els;
  }

  get doc() {
    return isObject(this.app.state.doc) ? this.app.state.doc : {};
  }

  /** The country list offered in the boxes: each code, labelled with its names (the engine's table, so that
   * "Deutschland" finds Germany); what is typed is sent as typed and the engine resolves it. */
  renderCountries() {
    const countries = this.app.index.catalog.countries || [];
    const label = (c) => [`${c.name} (${c.code})`, ...(c.names || []), c.alpha3].filter(Boolean).join(" · ");
    this.els.countries.replaceChildren(...countries.map((c) => h("option", { value: c.code, label: label(c) })));
  }

  renderCall() {
    const { index } = this.app;
    const doc = this.doc;
    const e = this.els;
    fillSelect(e.programme, index.catalog.programmes.map((p) => ({ id: p.id, label: p.name })), doc.programme, { blank: "Choose a programme" });
    const programme = index.programme(doc.programme);
    const groups = index.actionGroups(doc.programme).map((g) => ({ label: g.name, options: g.actions.map((a) => ({ id: a.id, label: `${a.name} (${a.id})` })) }));
    fillSelect(e.action, groups, doc.action, { blank: "Choose…" });
    const fixed = fixedPart(this.app.state, index);
    fillSelect(e.part, optionsOf(programme?.parts), doc.part ?? (fixed || this.autoPart()), {
      disabled: (o) => Boolean(fixed) && o.id !== fixed && o.id !== doc.part,
    });
    this.setText(e.callId, doc.call_id);
    this.setText(e.callYear, doc.call_year);
    // A date picker shows only a date: anything else in the document is shown as typed, in a text box.
    const deadline = textOf(doc.deadline);
    e.deadline.type = deadline === "" || (typeof doc.deadline === "string" && DATE.test(deadline)) ? "date" : "text";
    this.setText(e.deadline, doc.deadline);
    e.callExtras.replaceChildren(
      extraFields(doc, this.app.index.catalog.input.fields, {
        key: (name) => `extra:${name}`,
        where: "in this consortium",
        onRemove: (name) => {
          this.app.state = removeField(this.app.state, "", name);
          this.renderCall();
          this.app.commit();
        },
      }) || "",
    );
    this.renderHints();
    this.app.fieldErrors.apply();
  }

  setText(input, value) {
    const text = textOf(value);
    if (input.value !== text) input.value = text;
  }

  /** The part the engine takes when none is chosen: from the call identifier, else the action's usual one. */
  autoPart() {
    const { lastReply: reply, index } = this.app;
    const doc = this.doc;
    if (doc.call_id && reply?.call?.part) return reply.call.part;
    const verdict = reply?.verdict;
    if (verdict && verdict.action === doc.action && verdict.programme === doc.programme) return verdict.part;
    return index.action(doc.programme, doc.action)?.default_part || "";
  }

  /** The hints under the part and the year, which follow the latest reply. */
  renderHints() {
    const { lastReply: reply, index } = this.app;
    const doc = this.doc;
    const e = this.els;
    const action = index.action(doc.programme, doc.action);
    const fixed = fixedPart(this.app.state, index);
    if (doc.part !== undefined) {
      e.partHint.textContent = fixed && doc.part !== fixed ? `${action.name} always belongs to ${this.partName(fixed)}.` : "Chosen by you.";
      e.partAuto.hidden = false;
    } else if (fixed) {
      if (e.part.value !== fixed) e.part.value = fixed;
      e.partHint.textContent = `${action.name} always belongs to ${this.partName(fixed)}; the other parts do not apply.`;
      e.partAuto.hidden = true;
    } else {
      const auto = this.autoPart();
      if (auto && e.part.value !== auto) e.part.value = auto;
      e.partHint.textContent =
        doc.call_id && reply?.call?.part
          ? "Set automatically from the call identifier; change it if the call says otherwise."
          : `Set automatically: the usual part for ${action ? action.name : "this action"}; change it if the call says otherwise.`;
      e.partAuto.hidden = true;
    }
    // The year follows the identifier until the person types one: the placeholder shows the engine's reading.
    const year = reply?.call?.call_year;
    const fromId = doc.call_year === undefined && doc.call_id && year;
    e.callYear.placeholder = fromId ? String(year) : "";
    e.callYearHint.textContent = fromId ? `Taken from the identifier: ${year}.` : "Leave empty to take it from the identifier.";
  }

  partName(id) {
    return this.app.index.programme(this.doc.programme)?.parts.find((p) => p.id === id)?.name || id;
  }

  bind() {
    const e = this.els;
    const app = this.app;
    e.form.addEventListener("submit", (ev) => ev.preventDefault());
    e.programme.addEventListener("change", () => {
      if (e.programme.value === AS_GIVEN) return;
      app.state = chooseProgramme(app.state, app.index, e.programme.value || undefined);
      app.lastReply = null;
      this.renderCall();
      app.topicView.render();
      app.commit();
      app.requestReading();
    });
    e.action.addEventListener("change", () => {
      if (e.action.value === AS_GIVEN) return;
      app.state = chooseAction(app.state, app.index, e.action.value);
      this.renderCall();
      app.commit();
    });
    e.part.addEventListener("change", () => {
      if (e.part.value === AS_GIVEN) return;
      app.state = setField(app.state, "part", e.part.value);
      this.renderHints();
      app.commit();
    });
    e.partAuto.addEventListener("click", () => {
      app.state = setField(app.state, "part", "");
      this.renderCall();
      app.commit();
      e.part.focus();
    });
    // A date picker may report its value only on "change".
    const fields = [[e.callId, "call_id", ["input"]], [e.callYear, "call_year", ["input"]], [e.deadline, "deadline", ["input", "change"]]];
    for (const [input, key, types] of fields) {
      for (const type of types) {
        input.addEventListener(type, () => {
          if (input.value === textOf(this.doc[key])) return;
          app.state = setField(app.state, key, input.value);
          app.commit();
        });
      }
    }
  }
}
