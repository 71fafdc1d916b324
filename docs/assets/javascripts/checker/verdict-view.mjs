// The verdict in the page: the summary in [data-testid=verdict] (data-state, data-eligible, data-outcome,
// data-revision) and the details below it: first the conditions to confirm of an "eligible if" verdict. The
// headline and the words for outcome, funding, severity and status are the engine's (its catalog labels).
// User text (names, messages) is only ever written as text.

import { h } from "./dom.mjs";

/**
 * @typedef {{rule: string, severity: "error"|"warning"|"info", message: string, sources: string[],
 *   participants: string[], guidance?: string}} Finding
 * @typedef {{name: string, country: string, country_name: string, established_in: string, role: string,
 *   type: string|null, status: string, counts_towards_minimum: boolean,
 *   funding: "eligible"|"not-eligible"|"excluded", reason: string, sources: string[]}} ParticipantResult
 * @typedef {{rule: string, message: string, sources: string[]}} Condition
 * @typedef {{outcome: "eligible"|"eligible-if"|"not-eligible", eligible: boolean|null, headline: string,
 *   conditions_to_confirm: Condition[], programme: string, action: string, action_name: string, call_year: number,
 *   call_id: string|null, deadline: string|null, part: string, part_name: string, findings: Finding[],
 *   participants: ParticipantResult[], critical_participants: string[], suggestions: string[],
 *   sources: Object<string, object>, data_version: string, data_verified_on: string}} Verdict
 */

export const RESULT_ROWS = 200;
const MAX_NAMES_LISTED = 20;
const SEVERITY_ICON = { error: "✖", warning: "⚠", info: "ℹ" };
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };
const FUNDING_ICON = { eligible: "✔", "not-eligible": "✖", excluded: "⛔" };
/** How each outcome looks: an icon and a class (its colour) besides the engine's words; `explain` follows a
 * headline that says nothing else. data-eligible is "true", "if" or "false". */
export const OUTCOME_LOOK = {
  eligible: { icon: "✔", cls: "he-ok", attr: "true", explain: "the consortium meets the conditions checked" },
  "eligible-if": { icon: "⚠", cls: "he-if", attr: "if", explain: "" },
  "not-eligible": { icon: "✖", cls: "he-fail", attr: "false", explain: "the consortium fails at least one condition" },
};
const fmt = (n) => n.toLocaleString("en");

/** The phone's verdict bar ([data-testid=verdict-summary]): an icon, a few words, the counts. */
function summarise(els, state, icon, words, counts = "") {
  const bar = els.summary;
  if (!bar) return;
  bar.dataset.state = state;
  els.summaryText.replaceChildren(h("span", { "aria-hidden": "true" }, `${icon} `), words, counts ? h("span", { class: "he-summary-counts" }, ` · ${counts}`) : "");
}

/** The bar's button jumps to the full verdict; the bar hides while the verdict is in view. Returns the
 * observer (to disconnect when the page is left), or null. */
export function bindSummaryBar({ summary, summaryButton, result, verdict }) {
  summaryButton.addEventListener("click", () => {
    result.scrollIntoView({ block: "start" });
    verdict.setAttribute("tabindex", "-1");
    verdict.focus({ preventScroll: true });
  });
  if (typeof IntersectionObserver !== "function") return null;
  const observer = new IntersectionObserver(([entry]) => {
    summary.dataset.verdictInView = String(entry.isIntersecting);
  });
  observer.observe(verdict);
  return observer;
}

function mark(el, state, revision, outcome = null) {
  el.dataset.state = state;
  if (revision != null) el.dataset.revision = String(revision);
  if (outcome == null) {
    delete el.dataset.eligible;
    delete el.dataset.outcome;
  } else {
    el.dataset.eligible = OUTCOME_LOOK[outcome].attr;
    el.dataset.outcome = outcome;
  }
}

/** The outcome of a verdict ("eligible", "eligible-if", "not-eligible"). */
export function outcomeOf(r) {
  return OUTCOME_LOOK[r.outcome] ? r.outcome : r.eligible ? "eligible" : "not-eligible";
}

/** The engine's outcome words (catalog label) and the rest of its headline ("; 1 beneficiary is not ..."). */
export function headlineParts(r, index) {
  const outcome = outcomeOf(r);
  const words = index.label("outcome", outcome);
  const headline = r.headline || words;
  return headline.startsWith(words) ? [words, headline.slice(words.length)] : [headline, ""];
}

/** Names as isolated (bidirectional-safe) text, at most MAX_NAMES_LISTED of them, then "and N more". */
function nameList(names) {
  const shown = names.slice(0, MAX_NAMES_LISTED).flatMap((name, k) => (k ? [", ", h("bdi", {}, name)] : [h("bdi", {}, name)]));
  if (names.length > MAX_NAMES_LISTED) shown.push(` and ${fmt(names.length - MAX_NAMES_LISTED)} more`);
  return shown;
}

/** The site's guidance page a finding names (an id such as "minimum-conditions"). */
function guidanceLink(slug) {
  if (!slug || !/^[a-z0-9-]+$/.test(slug)) return null;
  const href = new URL(`../guidance/${slug}/`, new URL(".", location.href)).pathname;
  return h("p", { class: "he-finding-guidance" }, h("a", { href }, `Read more: ${slug.replace(/-/g, " ")}`));
}

/** "Rule: he.restriction.russia", linked to where the rules page explains it. */
function ruleLine(rule, index) {
  const anchor = index.ruleAnchor(rule);
  if (!anchor || !/^[a-z0-9-]+$/.test(anchor)) return h("p", { class: "he-rule-id" }, `Rule: ${rule}`);
  const href = `${new URL("../rules/", new URL(".", location.href)).pathname}#${anchor}`;
  return h("p", { class: "he-rule-id" }, "Rule: ", h("a", { href }, rule));
}

function sourceLinks(ids, sources) {
  if (!ids?.length) return null;
  const links = ids.map((id, k) => {
    const s = sources?.[id];
    const label = s?.title ? `${s.title}${s.version ? `, ${s.version}` : ""}` : id;
    const node = s?.url ? h("a", { href: s.url, rel: "noopener noreferrer external", title: id }, label) : h("span", { title: id }, label);
    return k ? [", ", node] : [node];
  });
  return h("p", { class: "he-sources-line" }, "Sources: ", ...links.flat());
}

function findingNodes(r, index) {
  if (!r.findings.length) return [h("h3", {}, "Findings"), h("p", {}, "No findings.")];
  const findings = [...r.findings].sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3));
  const items = findings.map((f) =>
    h(
      "li",
      { class: `he-finding he-sev-${f.severity}`, dataset: { rule: f.rule, severity: f.severity } },
      h(
        "p",
        { class: "he-finding-head" },
        h("span", { class: "he-badge", "aria-hidden": "true" }, SEVERITY_ICON[f.severity] || "•"),
        h("strong", {}, `${index.label("severity", f.severity)}: `),
        f.message,
      ),
      f.participants?.length ? h("p", { class: "he-finding-who" }, "Concerns: ", ...nameList(f.participants)) : null,
      guidanceLink(f.guidance),
      sourceLinks(f.sources, r.sources),
      ruleLine(f.rule, index),
    ),
  );
  return [h("h3", {}, "Findings"), h("ul", { class: "he-findings" }, items)];
}

function participantRow(p, critical, index) {
  return h(
    "tr",
    { dataset: { funding: p.funding, counts: String(p.counts_towards_minimum) } },
    h("th", { scope: "row" }, h("bdi", {}, p.name), critical.has(p.name) ? h("span", { class: "he-critical-tag" }, " (cannot be lost)") : null),
    h(
      "td",
      { dataset: { status: p.status }, "data-label": "Country" },
      `${p.country_name || p.country} (${p.country})`,
      h("span", { class: "he-status-label" }, index.label("status", p.status)),
    ),
    h("td", { "data-label": "Role" }, String(p.role || "").replace(/-/g, " ")),
    h("td", { class: p.counts_towards_minimum ? "he-yes" : "he-no", "data-label": "Counts towards the minimum" }, p.counts_towards_minimum ? "Yes" : "No"),
    h(
      "td",
      { class: `he-funding he-funding-${p.funding}`, "data-label": "EU funding" },
      h("span", { "aria-hidden": "true" }, `${FUNDING_ICON[p.funding] || ""} `),
      index.label("funding", p.funding),
    ),
    h("td", { "data-label": "Why" }, p.reason || ""),
  );
}

function participantNodes(r, index, view) {
  const critical = new Set(r.critical_participants || []);
  const head = ["Participant", "Country", "Role", "Counts towards the minimum", "EU funding", "Why"];
  const nodes = [
    h("h3", {}, "Participants"),
    h(
      "div",
      { class: "he-table-wrap" },
      h(
        "table",
        { class: "he-table he-result-table" },
        h("caption", { class: "he-sr-only" }, "What each participant counts for and whether it can be funded"),
        h("thead", {}, h("tr", {}, head.map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, r.participants.slice(0, view.resultRows).map((p) => participantRow(p, critical, index))),
      ),
    ),
  ];
  if (r.participants.length > view.resultRows) {
    const more = h("button", { type: "button", class: "he-link-button", id: "he-show-all-results" }, `Show all ${fmt(r.participants.length)}`);
    more.addEventListener("click", () => view.showAll());
    nodes.push(
      h(
        "p",
        { class: "he-hint he-results-capped" },
        `Showing the first ${fmt(view.resultRows)} of ${fmt(r.participants.length)} participants ` +
          "(the findings above name every participant concerned; export the consortium for the full list). ",
        more,
      ),
    );
  }
  return nodes;
}

function criticalNodes(r) {
  const critical = r.critical_participants || [];
  const nodes = [h("h3", {}, "Partners the consortium cannot lose")];
  if (critical.length) {
    nodes.push(
      h("p", {}, "If any of these leaves (before signature or during the project), the consortium no longer meets the minimum conditions:"),
      h("ul", { class: "he-critical", dataset: { testid: "critical" } }, critical.map((name) => h("li", {}, h("bdi", {}, name)))),
    );
  } else {
    const none = outcomeOf(r) !== "not-eligible"
      ? "None: any single partner could leave and the consortium would still meet the minimum conditions."
      : "Not applicable: the consortium does not meet the conditions now.";
    nodes.push(h("p", { class: "he-critical-none" }, none));
  }
  if (r.suggestions?.length) {
    const heading = outcomeOf(r) !== "not-eligible" ? "To make the consortium sturdier" : "How to fix it";
    nodes.push(h("h3", {}, heading), h("ul", { class: "he-suggestions" }, r.suggestions.map((s) => h("li", {}, s))));
  }
  return nodes;
}

/** The conditions of the call the engine could not verify, first in the details of an "eligible if" verdict. */
function conditionNodes(r, index) {
  const conditions = r.conditions_to_confirm || [];
  if (!conditions.length) return [];
  const items = conditions.map((c) =>
    h("li", { class: "he-confirm", dataset: { rule: c.rule } }, h("p", {}, c.message), sourceLinks(c.sources, r.sources), ruleLine(c.rule, index)),
  );
  return [
    h(
      "section",
      { class: "he-confirm-box", "aria-labelledby": "he-confirm-heading" },
      h("h3", { id: "he-confirm-heading" }, h("span", { "aria-hidden": "true" }, `${OUTCOME_LOOK["eligible-if"].icon} `), "Conditions to confirm"),
      h(
        "p",
        {},
        "The checker could not verify these conditions of the call. The consortium is eligible only if each of them holds: " +
          "check them in the call text, or ask the granting authority or your National Contact Point.",
      ),
      h("ol", { class: "he-confirm-list", dataset: { testid: "conditions-to-confirm" } }, items),
    ),
  ];
}

function sourceNodes(r) {
  const ids = Object.keys(r.sources || {});
  const nodes = [];
  if (ids.length) {
    const items = ids.map((id) => {
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
    });
    nodes.push(h("h3", {}, "Sources"), h("ol", { class: "he-source-list" }, items));
  }
  nodes.push(h("p", { class: "he-data-version" }, `Rules data version ${r.data_version}, verified on ${r.data_verified_on}.`));
  return nodes;
}

/**
 * Show a verdict. `view` = {resultRows, showAll()}: how many participant rows to show and how to show all.
 * @param {{verdict: HTMLElement, details: HTMLElement}} els
 * @param {Verdict} r
 */
export function showVerdict(els, r, revision, index, view) {
  if (!performance.getEntriesByName("he-first-verdict").length) performance.mark("he-first-verdict");
  const outcome = outcomeOf(r);
  const look = OUTCOME_LOOK[outcome];
  mark(els.verdict, "ready", revision, outcome);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of r.findings) counts[f.severity] = (counts[f.severity] || 0) + 1;
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  const summary = [plural(counts.error, "error", "errors"), plural(counts.warning, "warning", "warnings"), plural(counts.info, "note", "notes")].join(", ");
  const [words, rest] = headlineParts(r, index);
  const titleNode = h(
    "p",
    { class: `he-verdict-title ${look.cls}` },
    h("span", { class: "he-verdict-outcome" }, h("span", { "aria-hidden": "true" }, `${look.icon} `), words),
    rest || !look.explain ? `${rest}.` : `: ${look.explain}.`,
  );
  const sub = h(
    "p",
    { class: "he-verdict-sub" },
    `${index.programmeName(r.programme)}, ${r.action_name || r.action}, call year ${r.call_year}, ${r.part_name || r.part}` +
      `${r.deadline ? `, deadline ${r.deadline}` : ""}. ${summary}.`,
  );
  const confirm = (r.conditions_to_confirm || []).length;
  summarise(els, outcome, look.icon, words, [
    ...(confirm ? [`${plural(confirm, "condition", "conditions")} to confirm`] : []),
    plural(counts.error, "error", "errors"),
    plural(counts.warning, "warning", "warnings"),
  ].join(", "));
  // The live region is only rewritten when its words change, so a screen reader is not told twice.
  if (els.verdict.textContent !== titleNode.textContent + sub.textContent) els.verdict.replaceChildren(titleNode, sub);
  els.details.replaceChildren(
    ...conditionNodes(r, index),
    ...findingNodes(r, index),
    ...participantNodes(r, index, view),
    ...criticalNodes(r),
    ...sourceNodes(r),
  );
}

/** Before anything is typed: what to do, not an error. */
export function showEmpty(els, revision) {
  clearStale(els);
  mark(els.verdict, "empty", revision);
  delete els.verdict.dataset.outcome;
  summarise(els, "empty", "✎", "No verdict yet: add the participants");
  els.verdict.replaceChildren(
    h("p", { class: "he-verdict-title he-incomplete" }, h("span", { "aria-hidden": "true" }, "✎ "), "No verdict yet."),
    h("p", { class: "he-verdict-sub" }, "Give each participant a name, a country and a role (and the call, if it is not the one shown): the verdict appears here as you type."),
  );
  els.details.replaceChildren();
}

/**
 * Input the engine refused (its errors are listed above the verdict and marked on their fields,
 * field-errors.mjs). The last verdict stays on screen, marked out of date (data-stale="true"); data-eligible
 * and data-outcome are cleared, since it is no verdict for the input as it is now. With no verdict yet, it says
 * what to fix.
 */
export function showInputErrors(els, count, revision, hasVerdict) {
  mark(els.verdict, "input-error", revision);
  delete els.verdict.dataset.outcome;
  const things = count === 1 ? "1 problem" : `${count} problems`;
  summarise(els, "input-error", "✎", hasVerdict ? "Out of date" : "Not checked yet", `${things} in the input`);
  if (!hasVerdict) {
    els.verdict.replaceChildren(
      h("p", { class: "he-verdict-title he-incomplete" }, h("span", { "aria-hidden": "true" }, "✎ "), "Not checked yet: the input is incomplete or invalid."),
      h("p", { class: "he-verdict-sub" }, `Fix the ${things} listed above; the verdict appears as soon as the input is complete.`),
    );
    els.details.replaceChildren();
    return;
  }
  els.verdict.dataset.stale = "true";
  els.result.classList.add("he-stale");
  const note = `Out of date: this verdict is for the consortium before your last changes. Fix the ${things} listed above to update it.`;
  const current = els.verdict.querySelector(".he-stale-note");
  if (current?.textContent === note) return;
  current?.remove();
  els.verdict.prepend(h("p", { class: "he-stale-note" }, note));
}

/** A verdict for the input as it is now: no longer out of date. */
export function clearStale(els) {
  delete els.verdict.dataset.stale;
  els.result.classList.remove("he-stale");
  els.verdict.querySelector(".he-stale-note")?.remove();
}

/** A check that ran too long; `retry` is the button offering more time. */
export function showTimeout(els, revision, seconds, retry) {
  clearStale(els);
  mark(els.verdict, "timeout", revision);
  summarise(els, "timeout", "⏱", "No verdict: the check took too long");
  els.verdict.replaceChildren(
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
  els.details.replaceChildren(h("p", {}, retry));
}

export function showInternalError(els, revision, message) {
  clearStale(els);
  mark(els.verdict, "internal-error", revision);
  summarise(els, "internal-error", "✖", "The engine failed on this input");
  els.verdict.replaceChildren(
    h("p", { class: "he-verdict-title he-fail" }, "The engine failed on this input."),
    h("p", { class: "he-verdict-sub" }, `${message}. Please report it with the exported JSON.`),
  );
  els.details.replaceChildren();
}

export function showEngineError(els) {
  clearStale(els);
  mark(els.verdict, "engine-error", null);
  summarise(els, "engine-error", "✖", "No verdict: the engine could not be loaded");
  els.verdict.replaceChildren(h("p", { class: "he-verdict-title he-fail" }, "No verdict: the engine could not be loaded."));
}
