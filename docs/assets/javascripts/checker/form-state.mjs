// The form's state and the engine's input (DESIGN.md), both ways, and every edit of the form as a function
// from one state to the next. No DOM here. A state:
//   {programme, action, call_id, call_year, deadline, part (null: automatic), topic: {id: value},
//    topic_text: the topic's conditions as pasted, topic_reading: what the engine read in it (or null),
//    rows: [{uid, name, country, role, type, controlled_by, pic, flags: []}]}
// Text fields hold what was typed (call_year too); toInput() turns it into the engine's input. The options
// the pasted text sets are the text's: toInput() sends the text, not them (the engine reads it itself).

import { validateInput } from "./contract.mjs";

export const TOPIC_TEXT = "conditions_text"; // catalog.input.topic_fields: the one topic field that is no option

const ROW_TEXT = ["name", "country", "role", "type", "controlled_by", "pic"];
let uidCounter = 0;

export function newUid() {
  uidCounter += 1;
  return `p${uidCounter}`;
}

export function blankRow() {
  return { uid: newUid(), name: "", country: "", role: "", type: "", controlled_by: "", pic: "", flags: [] };
}

/** A new consortium: the most recent programme, its first action, this year (within the programme). */
export function defaultState(index, today = new Date()) {
  const programme = index.latestProgramme();
  const year = Math.min(Math.max(today.getFullYear(), programme.first_call_year), programme.last_call_year);
  return {
    programme: programme.id,
    action: programme.actions[0]?.id ?? "",
    call_id: "",
    call_year: String(year),
    deadline: "",
    part: null,
    topic: {},
    topic_text: "",
    topic_reading: null,
    rows: [blankRow()],
  };
}

export function rowFromInput(p) {
  const row = blankRow();
  for (const key of ROW_TEXT) if (p[key] != null) row[key] = String(p[key]);
  const flags = Array.isArray(p.flags) ? p.flags : typeof p.flags === "string" ? p.flags.split(/[;,]/) : [];
  row.flags = flags.map((f) => String(f).trim()).filter(Boolean);
  return row;
}

/** The form state for an input; throws an Error naming what is wrong when the page cannot adopt it. */
export function stateFromInput(input, index) {
  const errors = validateInput(input, index.catalog);
  if (errors.length) throw new Error(errors.join("; "));
  const text = (v) => (v == null ? "" : String(v));
  const { [TOPIC_TEXT]: topicText, ...topic } = input.topic || {};
  return {
    programme: text(input.programme) || index.catalog.programmes[0]?.id || "",
    action: text(input.action),
    call_id: text(input.call_id),
    call_year: text(input.call_year),
    deadline: text(input.deadline),
    part: input.part ? text(input.part) : null,
    topic,
    topic_text: text(topicText),
    topic_reading: null,
    rows: input.participants.map(rowFromInput),
  };
}

/** The part an action always belongs to (ERC and MSCA: Pillar I; EIC: Pillar III), or null. */
export function fixedPart(state, index) {
  return index.action(state.programme, state.action)?.fixed_part || null;
}

/** The topic options the pasted conditions text sets (read by the engine): the form shows, not sends, them. */
export function optionsFromText(state) {
  return state.topic_text.trim() && state.topic_reading ? state.topic_reading.topic : {};
}

function topicInput(state, index) {
  const topic = {};
  const fromText = optionsFromText(state);
  for (const option of index.programme(state.programme)?.topic_options || []) {
    if (option.id in fromText) continue;
    const value = state.topic[option.id];
    if (option.kind === "composition" && Array.isArray(value) && value.length) topic[option.id] = value;
    if (option.kind === "bool" && value === true) topic[option.id] = true;
    if (option.kind === "countries") {
      const typed = Array.isArray(value) ? value : String(value || "").split(/[\s,;]+/);
      const codes = typed.map((c) => index.countryCode(c)).filter(Boolean);
      if (codes.length) topic[option.id] = codes;
    }
  }
  return topic;
}

/** The engine's input JSON (DESIGN.md contract), from the form state. */
export function toInput(state, index) {
  const input = { programme: state.programme, action: state.action };
  const callId = state.call_id.trim();
  const year = state.call_year.trim();
  if (callId) input.call_id = callId;
  if (year) input.call_year = /^\d+$/.test(year) ? Number(year) : year;
  if (state.deadline.trim()) input.deadline = state.deadline.trim();
  // A part the action does not allow is never sent: the form shows the fixed one, so that is what is checked.
  if (state.part) input.part = fixedPart(state, index) || state.part;
  const topic = topicInput(state, index);
  if (state.topic_text.trim()) topic[TOPIC_TEXT] = state.topic_text;
  if (Object.keys(topic).length) input.topic = topic;
  input.participants = state.rows.map((r) => {
    const p = { name: r.name.trim(), country: index.countryCode(r.country), role: r.role };
    if (r.type) p.type = r.type;
    if (r.controlled_by.trim()) p.controlled_by = r.controlled_by.trim();
    if (r.flags.length) p.flags = [...r.flags];
    // Given by PIC: the engine fills in what the row leaves empty from the organisation directory.
    if (r.pic?.trim()) p.pic = r.pic.trim();
    return p;
  });
  return input;
}

// ----- edits of the call ------------------------------------------------------------------------

/** Another programme: keep what still fits (action, part, topic options, a year within its calls). */
export function chooseProgramme(state, index, id) {
  const programme = index.programme(id);
  const next = { ...state, programme: id, topic: {}, topic_reading: null }; // the text is read per programme
  if (!programme?.actions.some((a) => a.id === state.action)) next.action = programme?.actions[0]?.id || "";
  if (!programme?.parts.some((p) => p.id === state.part)) next.part = null;
  const allowed = new Set((programme?.topic_options || []).map((o) => o.id));
  for (const [key, value] of Object.entries(state.topic)) if (allowed.has(key)) next.topic[key] = value;
  const year = Number(state.call_year);
  if (programme && year && (year < programme.first_call_year || year > programme.last_call_year)) {
    next.call_year = String(year < programme.first_call_year ? programme.first_call_year : programme.last_call_year);
  }
  return next;
}

/** Another action; a part chosen by hand that the new action does not allow goes back to automatic. */
export function chooseAction(state, index, id) {
  const next = { ...state, action: id };
  const fixed = fixedPart(next, index);
  if (fixed && next.part && next.part !== fixed) next.part = null;
  return next;
}

export function setField(state, key, value) {
  return { ...state, [key]: value };
}

export function setTopic(state, id, value) {
  return { ...state, topic: { ...state.topic, [id]: value } };
}

/** New conditions text: its reading is stale until the engine has read it again. */
export function setTopicText(state, text) {
  return { ...state, topic_text: text, topic_reading: text === state.topic_text ? state.topic_reading : null };
}

/** What the engine read in the conditions text (if it is still the text of the form): its options replace
 * the ones typed by hand. */
export function adoptReading(state, text, reading) {
  if (text !== state.topic_text) return state;
  const topic = { ...state.topic };
  for (const key of Object.keys(reading.topic)) delete topic[key];
  return { ...state, topic, topic_reading: reading };
}

// ----- edits of the participants ----------------------------------------------------------------

function at(state, uid) {
  const i = state.rows.findIndex((r) => r.uid === uid);
  if (i < 0) throw new Error(`no participant row ${uid}`);
  return i;
}

export function addRow(state) {
  const row = blankRow();
  return { state: { ...state, rows: [...state.rows, row] }, uid: row.uid };
}

export function editRow(state, uid, changes) {
  const i = at(state, uid);
  const rows = [...state.rows];
  rows[i] = { ...rows[i], ...changes };
  return { ...state, rows };
}

/** Move a row up (-1) or down (+1); at either end nothing moves. */
export function moveRow(state, uid, delta) {
  const i = at(state, uid);
  const j = i + delta;
  if (j < 0 || j >= state.rows.length) return state;
  const rows = [...state.rows];
  [rows[i], rows[j]] = [rows[j], rows[i]];
  return { ...state, rows };
}

export function duplicateRow(state, uid) {
  const i = at(state, uid);
  const source = state.rows[i];
  const copy = { ...source, uid: newUid(), flags: [...source.flags], name: source.name ? `${source.name} (copy)` : "" };
  const rows = [...state.rows];
  rows.splice(i + 1, 0, copy);
  return { state: { ...state, rows }, uid: copy.uid };
}

/** Remove a row; `next` is the row that takes its place (or the one before it, or null when none is left). */
export function removeRow(state, uid) {
  const i = at(state, uid);
  const rows = state.rows.filter((r) => r.uid !== uid);
  return { state: { ...state, rows }, removed: state.rows[i], index: i, next: rows[i] || rows[i - 1] || null };
}
