// Import and export of a consortium: the JSON of the command line's input, or CSV of the participants.
// Pure: the page's io-actions.mjs reads the file, has the engine read CSV (the worker's read_csv) and offers
// the downloads. A JSON file is the input document as it is (document.mjs): whether it is a good consortium
// is the engine's to say, on the form's fields.

import { participantsToCsv } from "./csv.mjs";
import { documentText, parseDocument } from "./document.mjs";
import { decodeText, describeJsonError } from "./files.mjs";
import { participantsOf } from "./form-state.mjs";

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
 * What a file's bytes hold: {kind: "json", doc} (the input document) or {kind: "csv", text} (participants, for
 * the engine to read). Throws an Error naming what is wrong with a file that is no text, or no JSON; `notes`
 * gets what the user should know about a file that was read (an encoding other than UTF-8).
 */
export function readImport(bytes, fileName, notes = []) {
  const text = decodeText(bytes, notes);
  if (!text.trim()) throw new Error("the file holds only blank space");
  const isJson = /\.json$/i.test(fileName) || (!/\.csv$/i.test(fileName) && /^\s*[{[]/.test(text));
  if (!isJson) return { kind: "csv", text };
  try {
    return { kind: "json", doc: parseDocument(text) };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw new Error(error.message, { cause: error });
    throw new Error(`it is ${describeJsonError(error, text)}`, { cause: error });
  }
}

/** The exports: the input document as JSON (the command line's format) and CSV of the participants. */
export function exportJson(state) {
  return documentText(state.doc, 2) + "\n";
}

export function exportCsv(state, index) {
  return participantsToCsv(participantsOf(state.doc) || [], index.catalog.input);
}
