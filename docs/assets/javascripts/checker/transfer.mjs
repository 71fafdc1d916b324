// Import and export of a consortium: the JSON of the command line's input, or CSV (the call and the topic in
// header lines, then the participants).
// Pure: the page's io-actions.mjs reads the file, has the engine read CSV (the worker's read_csv) and offers
// the downloads. A JSON file is the input document as it is (document.mjs): whether it is a good consortium
// is the engine's to say, on the form's fields.

import { consortiumToCsv } from "./csv.mjs";
import { documentText, isObject, parseDocument } from "./document.mjs";
import { decodeText, describeJsonError } from "./files.mjs";

/**
 * Why a file of this size is not read, or null. `limit` is the engine's own (catalog().input.limits
 * .input_characters): the command line refuses a file of more bytes than that, so the page does too, in MB as
 * the command line counts them (2^20 bytes).
 */
export function sizeProblem(size, limit) {
  if (size === 0) return "the file is empty";
  if (!(limit > 0) || size <= limit) return null; // no limit known yet: the engine applies its own
  // Rounded up, so that a file just over the limit never reads as the limit itself.
  const mb = (n) => String(Math.ceil((n / 1024 / 1024) * 10) / 10);
  return `the file is ${mb(size)} MB, larger than the ${mb(limit)} MB the checker reads: check that it is a consortium`;
}

/**
 * What a file's bytes hold: {kind: "json", doc} (the input document) or {kind: "csv", text} (participants, for
 * the engine to read). Throws an Error naming what is wrong with a file that is no text, or no JSON.
 */
export function readImport(bytes, fileName) {
  const text = decodeText(bytes);
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

/** The exports: the input document as JSON (the command line's format) and as CSV ({text, left}: `left` the
 * fields CSV cannot carry). */
export function exportJson(state) {
  return documentText(state.doc, 2) + "\n";
}

export function exportCsv(state, index) {
  return consortiumToCsv(state.doc, index.catalog.input);
}

/** A file name for an export: the call (its identifier, else programme, action and year) and the day. */
export function exportName(doc, extension, day = new Date()) {
  const d = isObject(doc) ? doc : {};
  const part = (v) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
  const call = part(d.call_id).trim() || [d.programme, d.action, d.call_year].map(part).filter((v) => v.trim()).join("-");
  const safe = call.normalize("NFKD").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 80);
  const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;
  return `consortium-${safe ? `${safe}-` : ""}${date}.${extension}`;
}

