// Participants written as CSV for the export. Reading CSV is the engine's (the worker's read_csv, the command
// line's csv_input.parse_csv): the page has no CSV reader of its own. The columns come from the engine's
// catalog() (catalog.input). A cell that a spreadsheet would run as a formula (it starts with "=", "+", "-",
// "@", a tab or a carriage return: catalog.input.csv_formula_start) is written with a single quote before it,
// which the engine's reader takes off again (OWASP's advice on CSV injection; csv_input.spreadsheet_safe).

import { textOf } from "./document.mjs";

/** True for a cell that spreadsheetSafe changes: a formula, or a quote that unguard would take off. */
function guarded(text, contract) {
  const formula = (c) => contract.csv_formula_start.includes(c);
  return formula(text[0]) || (text[0] === "'" && (formula(text[1]) || text[1] === "'"));
}

/** A cell a spreadsheet shows as text: a single quote before one that would start a formula (and before a
 * quote that unguard would take off, so that unguard(spreadsheetSafe(text)) === text). */
export function spreadsheetSafe(text, contract) {
  return guarded(text, contract) ? `'${text}` : text;
}

function csvCell(value, contract) {
  const text = spreadsheetSafe(textOf(value), contract);
  return /[",;\t\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Participants (the document's list, as given) as CSV with a "," separator: each cell the field's text (or
 * its JSON, for what is not text); the flags column ("a;b") only when a participant has flags, the pic column
 * only when one has a PIC. */
export function participantsToCsv(participants, contract) {
  const rows = participants.map((p) => (p !== null && typeof p === "object" && !Array.isArray(p) ? p : {}));
  const withFlags = rows.some((p) => p.flags !== undefined && !(Array.isArray(p.flags) && !p.flags.length));
  const withPic = rows.some((p) => p.pic !== undefined);
  const columns = contract.csv_columns.filter((c) => (c !== "flags" || withFlags) && (c !== "pic" || withPic));
  const flagsCell = (flags) => (Array.isArray(flags) && flags.every((f) => typeof f === "string") ? flags.join(";") : flags);
  const lines = [columns.join(",")];
  for (const p of rows) {
    lines.push(columns.map((c) => csvCell(c === "flags" ? flagsCell(p.flags) : p[c], contract)).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}
