// The form's state, and every edit of the form as a function from one state to the next. No DOM here.
//
// A state is {doc, uids, topic_reading}:
//   doc            the engine's input document as the person gave it (document.mjs): a link, a file or the
//                  form; toInput() sends it as it is. Unknown fields, text where a list belongs, 2025.0 or
//                  an empty list reach the engine unchanged, and come back in the link and the export.
//   uids           one id per entry of doc.participants (when it is a list), for the rows of the table
//   topic_reading  what the engine read in the pasted topic conditions (read_topic), or null
// A form control edits its value in the document. One rule for blanks, everywhere: a control left empty
// (text box, "Choose…", a box unticked) removes its field from the document, as a command-line user would
// leave it out. Text is stored as typed, untrimmed: the engine strips it, resolves names, reads years.

import { isObject, withKey } from "./document.mjs";

export const TOPIC_TEXT = "conditions_text"; // catalog.input.topic_fields: the one topic field that is no option

let uidCounter = 0;

export function newUid() {
  uidCounter += 1;
  return `p${uidCounter}`;
}

/** The participants list of a document, or null when it holds none (absent, or not a list). */
export function participantsOf(doc) {
  return isObject(doc) && Array.isArray(doc.participants) ? doc.participants : null;
}

/** The topic object of a document ({} when it has none, or holds something else). */
export function topicOf(doc) {
  return isObject(doc) && isObject(doc.topic) ? doc.topic : {};
}

/** The state for a document (a link, a file, what this browser kept). */
export function stateFromDocument(doc) {
  return { doc, uids: (participantsOf(doc) || []).map(() => newUid()), topic_reading: null };
}

/** The programme a new consortium starts in: the most recent; its first action (the data's order: RIA). */
export function defaultState(index, programmeId = null) {
  const programme = index.programme(programmeId) || index.latestProgramme();
  return stateFromDocument({ programme: programme.id, action: programme.actions[0]?.id, participants: [{}] });
}

/** What the engine checks: the document itself. */
export function toInput(state) {
  return state.doc;
}

/** The rows of the participants table: {uid, value, index} per entry of the list. */
export function rowsOf(state) {
  return (participantsOf(state.doc) || []).map((value, index) => ({ uid: state.uids[index], value, index }));
}

/** The document with one top-level field set (undefined or "" removes it). */
function setDoc(state, key, value) {
  return { ...state, doc: withKey(state.doc, key, value === "" ? undefined : value) };
}

/** What the call year box holds, as the document holds it: a whole number as a number, other text as typed
 * (for the engine to read or refuse). */
export function yearValue(text) {
  return /^[1-9]\d{0,5}$/.test(text) ? Number(text) : text;
}

/** A top-level field typed in the form: call_id, call_year, deadline, part. */
export function setField(state, key, text) {
  return setDoc(state, key, key === "call_year" && text !== "" ? yearValue(text) : text);
}

/** The part an action always belongs to (ERC and MSCA: Pillar I; EIC: Pillar III), or null. */
export function fixedPart(state, index) {
  const { programme, action } = isObject(state.doc) ? state.doc : {};
  return index.action(programme, action)?.fixed_part || null;
}

/** Another programme: the action, part and topic options of the old one that the new one lacks go; fields the
 * form does not know stay (for the engine to report). */
export function chooseProgramme(state, index, id) {
  const doc = isObject(state.doc) ? state.doc : {};
  const before = index.programme(doc.programme);
  const programme = index.programme(id);
  let next = setDoc(state, "programme", id);
  if (!programme) return next;
  if (!programme.actions.some((a) => a.id === doc.action)) next = setDoc(next, "action", programme.actions[0]?.id);
  if (typeof doc.part === "string" && !programme.parts.some((p) => p.id === doc.part)) next = setDoc(next, "part", undefined);
  if (isObject(doc.topic)) {
    const dropped = new Set((before?.topic_options || []).map((o) => o.id));
    for (const o of programme.topic_options || []) dropped.delete(o.id);
    const topic = Object.fromEntries(Object.entries(doc.topic).filter(([key]) => !dropped.has(key)));
    next = setDoc(next, "topic", Object.keys(topic).length ? topic : undefined);
  }
  return { ...next, topic_reading: null }; // the text is read per programme
}

/** Another action ("" for none); a part chosen by hand that the new action does not allow goes back to
 * automatic. */
export function chooseAction(state, index, id) {
  const next = setDoc(state, "action", id);
  const fixed = fixedPart(next, index);
  if (fixed && typeof next.doc.part === "string" && next.doc.part !== fixed) return setDoc(next, "part", undefined);
  return next;
}

/** A topic field set (undefined removes it; an emptied topic goes too). */
export function setTopic(state, id, value) {
  const topic = withKey(isObject(state.doc) && isObject(state.doc.topic) ? state.doc.topic : {}, id, value);
  return setDoc(state, "topic", Object.keys(topic).length ? topic : undefined);
}

/** A list of countries typed in a box: separated by commas or semicolons (spaces around them are part of the
 * separator); each as typed, for the engine to resolve; undefined when nothing is typed. */
export function countryList(text) {
  const items = text.split(/[,;\n]/).map((s) => s.replace(/^[ \t]+|[ \t]+$/g, "")).filter((s) => s !== "");
  return items.length ? items : undefined;
}

/** New conditions text: its reading is stale until the engine has read it again. */
export function setTopicText(state, text) {
  const before = topicOf(state.doc)[TOPIC_TEXT];
  const next = setTopic(state, TOPIC_TEXT, text === "" ? undefined : text);
  return { ...next, topic_reading: text === before ? state.topic_reading : null };
}

/** The pasted conditions text of the document, or "" (also when it holds something else than text). */
export function topicText(state) {
  const text = topicOf(state.doc)[TOPIC_TEXT];
  return typeof text === "string" ? text : "";
}

/** What the engine read in the conditions text, if it is still the text of the form. The document is not
 * touched: an option typed by hand and the text's reading both reach the engine, which says if they differ. */
export function adoptReading(state, text, reading) {
  return text === topicText(state) ? { ...state, topic_reading: reading } : state;
}

/** The topic options the pasted conditions text sets (read by the engine): the form shows them. */
export function optionsFromText(state) {
  return topicText(state).trim() && state.topic_reading ? state.topic_reading.topic : {};
}

/** A field the form has no control for, removed: `scope` is "" (the input), "topic" or a row's uid. */
export function removeField(state, scope, key) {
  if (scope === "") return setDoc(state, key, undefined);
  if (scope === "topic") return setTopic(state, key, undefined);
  const i = at(state, scope);
  return setRows(state, replaced(participantsOf(state.doc), i, withKey(participantsOf(state.doc)[i], key, undefined)), state.uids);
}

// ----- edits of the participants ----------------------------------------------------------------

function at(state, uid) {
  const i = state.uids.indexOf(uid);
  if (i < 0 || !participantsOf(state.doc) || i >= participantsOf(state.doc).length) throw new Error(`no participant row ${uid}`);
  return i;
}

function replaced(list, i, value) {
  const out = [...list];
  out[i] = value;
  return out;
}

function setRows(state, participants, uids) {
  return { ...setDoc(state, "participants", participants), uids };
}

/** A new blank row at the end (a list of one when the document held no list). */
export function addRow(state) {
  const uid = newUid();
  const list = participantsOf(state.doc);
  return { state: setRows(state, [...(list || []), {}], [...(list ? state.uids : []), uid]), uid };
}

/** A participant's field edited ("" or undefined removes it); a row that held no object becomes one. */
export function editRow(state, uid, key, value) {
  const i = at(state, uid);
  const list = participantsOf(state.doc);
  return setRows(state, replaced(list, i, withKey(list[i], key, value === "" ? undefined : value)), state.uids);
}

/** Move a row up (-1) or down (+1); at either end nothing moves. */
export function moveRow(state, uid, delta) {
  const i = at(state, uid);
  const j = i + delta;
  const list = participantsOf(state.doc);
  if (j < 0 || j >= list.length) return state;
  const rows = [...list];
  const uids = [...state.uids];
  [rows[i], rows[j]] = [rows[j], rows[i]];
  [uids[i], uids[j]] = [uids[j], uids[i]];
  return setRows(state, rows, uids);
}

export function duplicateRow(state, uid) {
  const i = at(state, uid);
  const source = participantsOf(state.doc)[i];
  const copy = isObject(source) && typeof source.name === "string" && source.name ? withKey(source, "name", `${source.name} (copy)`) : structuredClone(source);
  const rows = [...participantsOf(state.doc)];
  const uids = [...state.uids];
  const copyUid = newUid();
  rows.splice(i + 1, 0, copy);
  uids.splice(i + 1, 0, copyUid);
  return { state: setRows(state, rows, uids), uid: copyUid };
}

/** Remove a row; `next` is the uid of the row that takes its place (or the one before it, or null). */
export function removeRow(state, uid) {
  const i = at(state, uid);
  const list = participantsOf(state.doc);
  const rows = list.filter((_, k) => k !== i);
  const uids = state.uids.filter((_, k) => k !== i);
  return { state: setRows(state, rows, uids), removed: list[i], index: i, next: uids[i] || uids[i - 1] || null };
}

/** The participants replaced (a CSV import): the call stays. */
export function replaceParticipants(state, participants) {
  return setRows(state, participants, participants.map(() => newUid()));
}

/** True while nobody has typed a participant: the list holds blank rows only. The page then says what to do
 * instead of listing every empty field as an error. */
export function untouched(state) {
  const list = participantsOf(state.doc);
  return Boolean(list?.length) && list.every((p) => isObject(p) && Object.keys(p).length === 0);
}
