// Participants as CSV, both ways, under the command line's policy (src/horizon_eligibility/csv_input.py;
// tests/js prove both give the same participants): the separator is ",", ";" or a tab, whichever the
// header row holds most of; an unknown column, or a cell beyond the header's columns, is an error.
// The columns come from the engine's catalog() (catalog.input).
// A cell that a spreadsheet would run as a formula (it starts with "=", "+", "-", "@", a tab or a carriage
// return: catalog.input.csv_formula_start) is written with a single quote before it, and read without it
// (OWASP's advice on CSV injection; csv_input.spreadsheet_safe and unguard on the Python side).

import { clip, unknownMessage } from "./contract.mjs";

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

/** The cell as it was before spreadsheetSafe. */
export function unguard(text, contract) {
  return text[0] === "'" && guarded(text.slice(1), contract) ? text.slice(1) : text;
}

function csvCell(value, contract) {
  const text = spreadsheetSafe(value == null ? "" : String(value), contract);
  return /[",;\t\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Participants as CSV with a "," separator; the flags column ("a;b") only when a participant has flags, the
 * pic column only when one has a PIC. */
export function participantsToCsv(participants, contract) {
  const withFlags = participants.some((p) => Array.isArray(p.flags) && p.flags.length);
  const withPic = participants.some((p) => p.pic != null && p.pic !== "");
  const columns = contract.csv_columns.filter((c) => (c !== "flags" || withFlags) && (c !== "pic" || withPic));
  const lines = [columns.join(",")];
  for (const p of participants) {
    lines.push(columns.map((c) => csvCell(c === "flags" ? (p.flags || []).join(";") : p[c], contract)).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

/** The separator the header row holds most of (quoted text aside); "," when it holds none. */
export function csvSeparator(text, separators = [",", ";", "\t"]) {
  const first = text.replace(/^\ufeff/, "").split("\n", 1)[0].replace(/"[^"]*"/g, "");
  const counts = separators.map((s) => first.split(s).length - 1);
  const best = counts.indexOf(Math.max(...counts));
  return counts[best] > 0 ? separators[best] : ",";
}

/** Column names as the input's field names: "Controlled by" and "controlled-by" are controlled_by. */
export function csvHeader(cells) {
  return cells.map((cell) => cell.trim().toLowerCase().replace(/[\s-]+/g, "_"));
}

/** RFC 4180 records (quoted fields, doubled quotes, CRLF or LF, a leading BOM ignored), blank ones dropped. */
export function parseCsvRecords(text, separator = ",") {
  const records = [];
  let record = [];
  let field = "";
  let quoted = false;
  let closed = false; // just after a quoted field's closing quote: only a separator or a line end may follow
  let line = 1;
  let quoteLine = 0;
  const endField = () => {
    record.push(field);
    field = "";
    closed = false;
  };
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n") line++;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') field += text[++i];
      else [quoted, closed] = [false, true];
    } else if (ch === separator) endField();
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") [i, line] = [i + 1, line + 1];
      endField();
      records.push(record);
      record = [];
    } else if (closed) {
      throw new Error(`line ${line}: a quoted field must end at a separator or a line end (found “${ch}”)`);
    } else if (ch === '"' && field === "") [quoted, quoteLine] = [true, line];
    else field += ch;
  }
  if (quoted) throw new Error(`a quoted field opened on line ${quoteLine} is never closed`);
  if (field !== "" || record.length || closed) {
    endField();
    records.push(record);
  }
  return records.filter((r) => r.some((cell) => cell.trim() !== ""));
}

function checkColumns(header, rows, columns) {
  header.forEach((column, index) => {
    if (!column && rows.some((row) => (row[index] ?? "").trim())) {
      throw new Error(`csv: column ${index + 1} has data but no name in the header row`);
    }
    if (column && !columns.includes(column)) throw new Error(`csv column ${clip(column)}: ${unknownMessage("column", column, columns)}`);
  });
  rows.forEach((row, k) => {
    if (row.slice(header.length).some((cell) => cell.trim())) {
      throw new Error(`csv row ${k + 2}: has ${row.length} cells but the header has ${header.length} columns`);
    }
  });
}

/**
 * CSV text -> participant objects (the engine's input format). Throws with a readable message; `notes`
 * gets what the user should know about a file that was read (a separator other than ",").
 */
export function participantsFromCsv(text, contract, notes = []) {
  const separator = csvSeparator(text, contract.csv_separators);
  const records = parseCsvRecords(text, separator);
  if (!records.length) throw new Error("the CSV file is empty");
  const header = csvHeader(records[0]);
  // With a pic column, name and country may come from the organisation directory.
  const required = header.includes("pic") ? contract.csv_required_columns_with_pic : contract.csv_required_columns;
  for (const needed of required) {
    if (!header.includes(needed)) {
      const found = header.filter(Boolean).slice(0, 6).map((h) => `“${clip(h)}”`).join(", ");
      throw new Error(
        `the CSV header must name the columns ${contract.csv_columns.join(",")} (missing "${needed}"; the first line has ${found || "nothing"})`,
      );
    }
  }
  if (records.length < 2) throw new Error("the CSV file has a header but no participants");
  const rows = records.slice(1);
  checkColumns(header, rows, contract.csv_columns);
  if (separator !== ",") notes.push(`read with “${separator === "\t" ? "tab" : separator}” as the separator`);
  return rows.map((cells) => {
    const p = {};
    header.forEach((column, index) => {
      const value = unguard((cells[index] ?? "").trim(), contract);
      if (!value || !column) return;
      p[column] = column === "flags" ? value.split(/[;,]/).map((f) => f.trim()).filter(Boolean) : value;
    });
    return p;
  });
}
