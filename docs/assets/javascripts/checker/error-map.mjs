// Where each of the engine's input errors belongs in the form. The engine says where in the input an error
// is, as a JSON path with 0-based indices (`participants[2].country`, `topic.eligible_countries[1]`,
// `call_year`, "" for the whole input); this module turns that into the key of the form control that edits
// it (the `data-field` of the control), so the page can mark it and take the person there. No DOM here.
//
// Keys: "programme", "action", "call_id", "call_year", "deadline", "part" (the call); "extra:<name>" (a
// field the form has no control for); "participants" (the list); "row:<uid>" (a whole row),
// "row:<uid>:<field>", "row:<uid>:extra:<name>"; "topic", "topic:<option>", "topic:extra:<name>"; "" (the
// input as a whole: listed, not shown on a field).

import { isBlank, isObject, valueAt } from "./document.mjs";
import { participantsOf, topicOf, untouched } from "./form-state.mjs";

const CALL_FIELDS = new Set(["programme", "action", "call_id", "call_year", "deadline", "part"]);
const ROW_FIELDS = new Set(["name", "country", "role", "type", "controlled_by", "flags", "pic"]);

/** A path as its steps: "participants[2].flags[0]" -> ["participants", 2, "flags", 0]; null when it is no path
 * (a name clipped by the engine ends in "…" and is then just a step that matches nothing). */
export function parsePath(path) {
  if (path === "") return [];
  const tokens = [];
  const re = /([^.[\]]+)|\[(\d+)\]|(\.)/gy;
  let expectName = true;
  let m;
  while (re.lastIndex < path.length && (m = re.exec(path))) {
    if (m[1] !== undefined) {
      if (!expectName) return null;
      tokens.push(m[1]);
      expectName = false;
    } else if (m[2] !== undefined) {
      tokens.push(Number(m[2]));
      expectName = false;
    } else expectName = true;
  }
  return re.lastIndex === path.length && !expectName ? tokens : null;
}

/** The key of the control for an error path (see the top of this file). */
export function fieldKey(path, state, index) {
  const tokens = parsePath(typeof path === "string" ? path : "");
  if (!tokens || tokens.length === 0) return "";
  const [head, ...rest] = tokens;
  const doc = isObject(state.doc) ? state.doc : {};
  if (CALL_FIELDS.has(head)) return head;
  if (head === "participants") return rowKey(rest, state);
  if (head === "topic") return topicKey(rest, state, index);
  return typeof head === "string" && Object.hasOwn(doc, head) ? `extra:${head}` : "";
}

function rowKey([position, field], state) {
  const list = participantsOf(state.doc);
  if (typeof position !== "number" || !list || position >= list.length) return "participants";
  const row = `row:${state.uids[position]}`;
  if (field === undefined || typeof field !== "string") return row;
  if (ROW_FIELDS.has(field)) return `${row}:${field}`;
  return isObject(list[position]) && Object.hasOwn(list[position], field) ? `${row}:extra:${field}` : row;
}

function topicKey([option], state, index) {
  if (typeof option !== "string") return "topic";
  const topic = topicOf(state.doc);
  const known = (index.programme(state.doc?.programme)?.topic_options || []).some((o) => o.id === option);
  if (known || option === "conditions_text") return `topic:${option}`;
  return Object.hasOwn(topic, option) ? `topic:extra:${option}` : "topic";
}

/**
 * The errors to show for a reply, each with its control's key: while nobody has typed a participant, an
 * error about a field the document does not hold yet (a name, a country, the call year) is what there is
 * still to do, not a fault, so it is left out; everything else is shown.
 * @returns {{path: string, field: string, message: string, hint: string|null, key: string}[]}
 */
export function errorsToShow(errors, state, index) {
  const fresh = untouched(state);
  return (errors || [])
    .filter((e) => !(fresh && isUnfilled(e.path, state)))
    .map((e) => ({ ...e, key: fieldKey(e.path, state, index) }));
}

function isUnfilled(path, state) {
  const tokens = parsePath(typeof path === "string" ? path : "");
  if (!tokens || tokens.length === 0) return false;
  const value = valueAt(state.doc, tokens);
  return value === undefined || isBlank(value);
}

/** The errors by control key, in the order the engine gave them. */
export function byKey(errors) {
  const out = new Map();
  for (const e of errors) {
    if (!out.has(e.key)) out.set(e.key, []);
    out.get(e.key).push(e);
  }
  return out;
}

/** The uid of the row a key is about, or null. */
export function rowOfKey(key) {
  const m = /^row:([^:]+)/.exec(key);
  return m ? m[1] : null;
}
