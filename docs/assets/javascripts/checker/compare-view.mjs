// "Compare with other call years": the same consortium checked for every call year of its programme
// (horizon_eligibility.compare_years, through the worker). Shown in [data-testid=compare-years]: one row per
// year ([data-year], data-eligible "true" | "if" | "false", data-outcome), then each participant year by year,
// then what changes and why.
// User text (names) is only ever written as text.

import { h } from "./dom.mjs";
import { CHECK_TIMEOUT_MS } from "./engine-client.mjs";
import { COMPARE_YEARS } from "./protocol.mjs";
import { OUTCOME_LOOK, outcomeOf } from "./verdict-view.mjs";

const FUNDING_ICON = { eligible: "✔", "not-eligible": "✖", excluded: "⛔" };

function yearsTable(c, index) {
  const head = ["Call year", "Verdict", "To confirm", "Errors", "Warnings"];
  return h(
    "table",
    { class: "he-table he-compare-years" },
    h("caption", { class: "he-sr-only" }, "The verdict for each call year"),
    h("thead", {}, h("tr", {}, head.map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      c.years.map((y) => {
        const outcome = outcomeOf(y);
        const look = OUTCOME_LOOK[outcome];
        const toConfirm = (y.conditions_to_confirm || []).length;
        return h(
          "tr",
          { dataset: { year: String(y.year), eligible: look.attr, outcome }, class: y.year === c.call_year ? "he-this-year" : null },
          h("th", { scope: "row", "data-label": "Call year" }, String(y.year), y.year === c.call_year ? h("span", { class: "he-hint" }, " (yours)") : null),
          h("td", { class: look.cls, "data-label": "Verdict" }, h("span", { "aria-hidden": "true" }, `${look.icon} `), index.label("outcome", outcome)),
          h("td", { "data-label": "To confirm", title: (y.conditions_to_confirm || []).map((f) => f.message).join("\n") }, String(toConfirm)),
          h("td", { "data-label": "Errors" }, String(y.errors)),
          h("td", { "data-label": "Warnings" }, String(y.warnings)),
        );
      }),
    ),
  );
}

function participantCell(y, index) {
  const funding = index.label("funding", y.funding);
  return h(
    "td",
    { "data-label": String(y.year), class: `he-funding-${y.funding}`, title: y.reason },
    h("span", { "aria-hidden": "true" }, `${FUNDING_ICON[y.funding] || ""} `),
    y.counts_towards_minimum ? "counts" : "does not count",
    `, ${funding}`,
  );
}

function participantsTable(c, index) {
  return h(
    "div",
    { class: "he-table-wrap" },
    h(
      "table",
      { class: "he-table he-compare-participants" },
      h("caption", { class: "he-sr-only" }, "Each participant, year by year: whether it counts towards the minimum, and its EU funding"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Participant"), c.years.map((y) => h("th", { scope: "col" }, String(y.year))))),
      h(
        "tbody",
        {},
        c.participants.map((p) =>
          h("tr", {}, h("th", { scope: "row" }, h("bdi", {}, p.name), ` (${p.country})`), p.years.map((y) => participantCell(y, index))),
        ),
      ),
    ),
  );
}

function changesList(c) {
  const items = [];
  for (const y of c.years) for (const text of y.changes) items.push([y.year, null, text]);
  for (const p of c.participants) for (const ch of p.changes) items.push([ch.year, p, ch.text]);
  items.sort((a, b) => a[0] - b[0]);
  if (!items.length) return [h("p", {}, "Nothing changes from one call year to the next.")];
  return [
    h("h4", {}, "What changes, and why"),
    h(
      "ul",
      { class: "he-compare-changes" },
      items.map(([year, p, text]) => h("li", { dataset: { changeYear: String(year) } }, h("strong", {}, `${year}: `), p ? [h("bdi", {}, p.name), ` (${p.country}): `] : "Verdict: ", text)),
    ),
  ];
}

/** Show a comparison (compare_years' JSON) in its box. */
export function showComparison(box, c, index) {
  box.dataset.state = "ready";
  box.replaceChildren(
    h("h3", { id: "he-compare-heading" }, `Call years ${c.years[0].year}–${c.years.at(-1).year} compared`),
    h("p", { class: "he-hint" }, `${c.action_name}, ${c.part_name.split(":")[0]}; the same participants and topic, only the call year changes.`),
    ...c.notes.map((note) => h("p", { class: "he-compare-note" }, note)),
    yearsTable(c, index),
    ...changesList(c),
    h("h4", {}, "Participants, year by year"),
    participantsTable(c, index),
  );
}

/** The comparison could not be made (bad or incomplete input, listed above the verdict): say so. */
export function showComparisonError(box, message) {
  box.dataset.state = "input-error";
  box.replaceChildren(h("p", {}, `No comparison: ${message}`));
}

/** The button and its box; asks the engine again after every edit while open (the newest edit wins). */
export class CompareView {
  constructor(app, els) {
    Object.assign(this, { app, els, open: false, inFlight: false, again: false });
  }

  bind() {
    this.els.compareToggle.addEventListener("click", () => {
      this.open = !this.open;
      this.els.compareToggle.setAttribute("aria-expanded", String(this.open));
      this.els.compareToggle.textContent = this.open ? "Hide the other call years" : "Compare with other call years";
      this.els.compare.hidden = !this.open;
      if (this.open) this.refresh();
    });
  }

  async refresh() {
    const { app, els } = this;
    if (!this.open || !app.state || !app.engine.ready) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    this.again = false;
    els.compare.dataset.state = "pending";
    if (!els.compare.firstChild) els.compare.replaceChildren(h("p", {}, "Checking every call year…"));
    try {
      const reply = await app.engine.call(COMPARE_YEARS, app.inputText(), CHECK_TIMEOUT_MS);
      if (app.closed || this.again) return;
      if (reply.ok) showComparison(els.compare, reply.comparison, app.index);
      else {
        const n = reply.errors?.length || 1;
        showComparisonError(els.compare, `the input has ${n === 1 ? "a problem" : `${n} problems`} to fix first (listed above the verdict).`);
      }
    } catch (error) {
      if (!app.closed) showComparisonError(els.compare, error.message);
    } finally {
      this.inFlight = false;
      if (this.again && !app.closed) this.refresh();
    }
  }
}
