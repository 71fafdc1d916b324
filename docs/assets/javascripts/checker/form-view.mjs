// The call part of the form: programme, action, call identifier, year, deadline, programme part. Edits go
// through form-state.mjs and app.commit(); the topic is topic-view.mjs, the participants rows-view.mjs.

import { optionsOf } from "./catalog.mjs";
import { fillSelect, h } from "./dom.mjs";
import { chooseAction, chooseProgramme, fixedPart, setField } from "./form-state.mjs";

export class FormView {
  /** @param app the page controller (state, index, lastReply, commit()) */
  constructor(app, els) {
    this.app = app;
    this.els = els;
  }

  renderCountries() {
    const countries = this.app.index.catalog.countries || [];
    this.els.countries.replaceChildren(...countries.map((c) => h("option", { value: c.code, label: `${c.name} (${c.code})` })));
  }

  renderCall() {
    const { state: s, index } = this.app;
    const e = this.els;
    fillSelect(e.programme, index.catalog.programmes.map((p) => ({ id: p.id, label: p.name })), s.programme);
    const programme = index.programme(s.programme);
    fillSelect(e.action, (programme?.actions || []).map((a) => ({ id: a.id, label: `${a.name} (${a.id})` })), s.action);
    const fixed = fixedPart(s, index);
    fillSelect(e.part, optionsOf(programme?.parts), fixed || s.part || this.autoPart(), {
      disabled: (o) => Boolean(fixed) && o.id !== fixed,
    });
    e.callId.value = s.call_id;
    e.callYear.value = s.call_year;
    if (programme) {
      e.callYear.min = programme.first_call_year;
      e.callYear.max = programme.last_call_year;
    }
    e.deadline.value = s.deadline;
    this.renderHints();
  }

  /** The part the engine takes when none is chosen: from the call identifier, else the action's usual one. */
  autoPart() {
    const { state: s, lastReply: reply, index } = this.app;
    if (s.call_id && reply?.call?.part) return reply.call.part;
    const verdict = reply?.verdict;
    if (verdict && verdict.action === s.action && verdict.programme === s.programme) return verdict.part;
    return index.action(s.programme, s.action)?.default_part || "";
  }

  /** The hints under the part and the year, which follow the latest verdict. */
  renderHints() {
    const { state: s, lastReply: reply, index } = this.app;
    const e = this.els;
    const action = index.action(s.programme, s.action);
    const fixed = fixedPart(s, index);
    if (fixed) {
      if (e.part.value !== fixed) e.part.value = fixed;
      const part = index.programme(s.programme)?.parts.find((p) => p.id === fixed);
      e.partHint.textContent = `${action.name} always belongs to ${part?.name || fixed}; the other parts do not apply.`;
      e.partAuto.hidden = true;
    } else if (s.part) {
      e.partHint.textContent = "Chosen by you.";
      e.partAuto.hidden = false;
    } else {
      const auto = this.autoPart();
      if (auto && e.part.value !== auto) e.part.value = auto;
      e.partHint.textContent =
        s.call_id && reply?.call?.part
          ? "Set automatically from the call identifier; change it if the call says otherwise."
          : `Set automatically: the usual part for ${action ? action.name : "this action"}; change it if the call says otherwise.`;
      e.partAuto.hidden = true;
    }
    const year = reply?.call?.call_year ?? reply?.verdict?.call_year;
    const fromId = !s.call_year && s.call_id && year;
    e.callYear.placeholder = fromId ? String(year) : "";
    e.callYearHint.textContent = fromId ? `Taken from the identifier: ${year}.` : "Leave empty to take it from the identifier.";
  }

  bind() {
    const e = this.els;
    const app = this.app;
    e.form.addEventListener("submit", (ev) => ev.preventDefault());
    e.programme.addEventListener("change", () => {
      app.state = chooseProgramme(app.state, app.index, e.programme.value);
      app.lastReply = null;
      this.renderCall();
      app.topicView.render();
      app.commit();
      app.requestReading();
    });
    e.action.addEventListener("change", () => {
      app.state = chooseAction(app.state, app.index, e.action.value);
      this.renderCall();
      app.commit();
    });
    e.part.addEventListener("change", () => {
      app.state = setField(app.state, "part", e.part.value || null);
      this.renderHints();
      app.commit();
    });
    e.partAuto.addEventListener("click", () => {
      app.state = setField(app.state, "part", null);
      this.renderCall();
      app.commit();
      e.part.focus();
    });
    // A date picker may report its value only on "change".
    const fields = [[e.callId, "call_id", ["input"]], [e.callYear, "call_year", ["input"]], [e.deadline, "deadline", ["input", "change"]]];
    for (const [input, key, types] of fields) {
      for (const type of types) {
        input.addEventListener(type, () => {
          app.state = setField(app.state, key, input.value);
          app.commit();
        });
      }
    }
  }
}
