// Import and export of a consortium: the JSON of the command line's input, or CSV of the participants.
// Pure: the page's io-actions.mjs reads the file and offers the downloads.

import { participantsFromCsv, participantsToCsv } from "./csv.mjs";
import { decodeText, describeJsonError } from "./files.mjs";
import { blankRow, rowFromInput, stateFromInput, toInput } from "./form-state.mjs";

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** Why a file of this size is not read, or null. */
export function sizeProblem(size) {
  if (size === 0) return "the file is empty";
  if (size <= MAX_IMPORT_BYTES) return null;
  return (
    `the file is ${(size / 1e6).toFixed(1)} MB; the checker reads files up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB ` +
    "(a consortium of 10,000 participants is about 1 MB as JSON). Is it the right file?"
  );
}

/**
 * The state after importing a file's bytes into `state`: a JSON consortium replaces the call and the
 * participants (a bare JSON list, the participants only), a CSV file the participants only. Throws an Error
 * naming what is wrong; `notes` gets what the user should know about a file that was read.
 * @returns {{state: object, what: string}}
 */
export function importBytes(bytes, fileName, state, index, notes = []) {
  const text = decodeText(bytes, notes);
  if (!text.trim()) throw new Error("the file holds only blank space");
  const isJson = /\.json$/i.test(fileName) || (!/\.csv$/i.test(fileName) && /^\s*[{[]/.test(text));
  let next;
  let what;
  if (isJson) {
    let data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new Error(`it is ${describeJsonError(error, text)}`, { cause: error });
    }
    if (Array.isArray(data)) data = { ...toInput(state, index), participants: data };
    next = stateFromInput(data, index);
    what = `${next.rows.length.toLocaleString("en")} participants and the call`;
  } else {
    const participants = participantsFromCsv(text, index.catalog.input, notes);
    next = { ...structuredClone(state), rows: participants.map(rowFromInput) };
    what = `${participants.length.toLocaleString("en")} participants`;
  }
  if (!next.rows.length) next.rows.push(blankRow());
  return { state: next, what };
}

/** The exports: the input JSON (the command line's format) and CSV of the participants. */
export function exportJson(state, index) {
  return JSON.stringify(toInput(state, index), null, 2) + "\n";
}

export function exportCsv(state, index) {
  return participantsToCsv(toInput(state, index).participants, index.catalog.input);
}
