// Pure helpers of the checker page: the share-link encoding, CSV, and file downloads.
// No DOM rendering here, no lists of countries or actions (those come from the engine's catalog()).

/** URL-safe base64 (RFC 4648 §5, no padding) of the UTF-8 bytes of text. */
export function encodeFragment(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Inverse of encodeFragment; padding optional, standard base64 accepted too. Throws on bad input. */
export function decodeFragment(value) {
  let b64 = value.trim().replace(/-/g, "+").replace(/_/g, "/").replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new Error("the link is not valid base64");
  b64 = b64.replace(/=+$/, "");
  b64 += "=".repeat((4 - (b64.length % 4)) % 4);
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/** The consortium JSON carried by a location hash such as "#c=eyJwcm9n…", or null. Throws a readable error. */
export function consortiumFromHash(hash) {
  const match = /^#?c=(.*)$/s.exec(hash || "");
  if (!match) return null;
  let value;
  try {
    value = decodeURIComponent(match[1]);
  } catch {
    throw new Error("the link is damaged (a broken %-escape)");
  }
  if (!value.trim()) throw new Error("the link holds no consortium (nothing after #c=)");
  const bad = /[^A-Za-z0-9+/=_\-\s]/.exec(value);
  if (bad) throw new Error(`the link is damaged: “${bad[0]}” at position ${bad.index + 1} cannot appear in it`);
  if (value.replace(/[=\s]/g, "").length % 4 === 1) throw new Error("the link is cut off (its length is impossible)");
  let text;
  try {
    text = decodeFragment(value);
  } catch {
    throw new Error("the link is cut off or damaged (it does not decode to UTF-8 text)");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the link is cut off or damaged (${describeJsonError(error, text)})`);
  }
}

export const CSV_COLUMNS = ["name", "country", "role", "type", "controlled_by"];

function csvCell(value) {
  const text = value == null ? "" : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Participants as CSV: name,country,role,type,controlled_by (+ flags, ";"-separated, when any is set). */
export function participantsToCsv(participants) {
  const withFlags = participants.some((p) => Array.isArray(p.flags) && p.flags.length);
  const columns = withFlags ? [...CSV_COLUMNS, "flags"] : CSV_COLUMNS;
  const lines = [columns.join(",")];
  for (const p of participants) {
    lines.push(columns.map((c) => csvCell(c === "flags" ? (p.flags || []).join(";") : p[c])).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

/** The field separator of a CSV text: "," unless its first line has more ";" (European Excel) or tabs. */
export function csvDelimiter(text) {
  const first = text.replace(/^\ufeff/, "").split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, "");
  const count = (ch) => first.split(ch).length - 1;
  const best = [",", ";", "\t"].sort((a, b) => count(b) - count(a))[0];
  return count(best) > 0 ? best : ",";
}

/** RFC 4180 records (quoted fields, doubled quotes, CRLF or LF, a leading BOM ignored). */
export function parseCsvRecords(text, delimiter = ",") {
  const records = [];
  let record = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n") line++;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") {
      quoted = true;
      quoteLine = line;
    } else if (ch === delimiter) {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") {
        i++;
        line++;
      }
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (quoted) throw new Error(`a quoted field opened on line ${quoteLine} is never closed`);
  if (field !== "" || record.length) {
    record.push(field);
    records.push(record);
  }
  return records.filter((r) => r.some((cell) => cell.trim() !== ""));
}

/** CSV text -> participant objects (the engine's input format). Throws with a readable message. */
export function participantsFromCsv(text, notes = []) {
  const delimiter = csvDelimiter(text);
  const records = parseCsvRecords(text, delimiter);
  if (!records.length) throw new Error("the CSV file is empty");
  const header = records[0].map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, "_"));
  for (const needed of ["name", "country", "role"]) {
    if (!header.includes(needed)) {
      const found = header.filter(Boolean).slice(0, 6).map((h) => `“${h.slice(0, 40)}”`).join(", ");
      throw new Error(
        `the CSV header must name the columns ${CSV_COLUMNS.join(",")} (missing "${needed}"; the first line has ${found || "nothing"})`,
      );
    }
  }
  if (records.length < 2) throw new Error("the CSV file has a header but no participants");
  if (delimiter !== ",") notes.push(`read with “${delimiter === "\t" ? "tab" : delimiter}” as the separator`);
  const unknown = header.filter((h) => h && !CSV_COLUMNS.includes(h) && h !== "flags");
  if (unknown.length) notes.push(`ignored unknown columns: ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? "…" : ""}`);
  const long = records.findIndex((cells, k) => k > 0 && cells.length > header.length);
  if (long > 0) notes.push(`row ${long + 1} has more cells than the header has columns (the extra ones are ignored)`);
  return records.slice(1).map((cells) => {
    const p = {};
    header.forEach((column, index) => {
      const value = (cells[index] ?? "").trim();
      if (!value) return;
      if (column === "flags") p.flags = value.split(/[;,]/).map((f) => f.trim()).filter(Boolean);
      else if (CSV_COLUMNS.includes(column)) p[column] = value;
    });
    return p;
  });
}

/** Offer text as a file download (a blob: URL, so nothing leaves the browser). */
export function download(filename, mime, text) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Case-, accent- and space-insensitive key for matching names. */
export function foldKey(text) {
  return String(text || "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Hostile input: files that are not what they claim, broken JSON, wrong types. Every function below
// throws (or returns) a message that names what is wrong, in words a user can act on.

const MAGIC = [
  [[0x50, 0x4b, 0x03, 0x04], "a ZIP archive (an .xlsx or .ods spreadsheet?): save it as “CSV UTF-8” first"],
  [[0xd0, 0xcf, 0x11, 0xe0], "an old Excel or Word file (.xls/.doc): save it as “CSV UTF-8” first"],
  [[0x25, 0x50, 0x44, 0x46], "a PDF document, not a JSON or CSV file"],
  [[0x89, 0x50, 0x4e, 0x47], "a PNG image, not a JSON or CSV file"],
  [[0xff, 0xd8, 0xff], "a JPEG image, not a JSON or CSV file"],
  [[0x1f, 0x8b], "a gzip archive: unpack it first"],
];

/**
 * The text of an imported file: UTF-8 (a BOM is dropped), UTF-16 with a BOM, else Windows-1252 (what Excel
 * writes as "CSV" on Windows) with a note. Throws for binary files, naming what the file seems to be.
 */
export function decodeText(bytes, notes = []) {
  const starts = (magic) => magic.every((b, k) => bytes[k] === b);
  for (const [magic, what] of MAGIC) if (starts(magic)) throw new Error(`it is ${what}`);
  let text;
  if (starts([0xff, 0xfe]) || starts([0xfe, 0xff])) {
    text = new TextDecoder(starts([0xff, 0xfe]) ? "utf-16le" : "utf-16be").decode(bytes);
  } else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      if (bytes.indexOf(0) >= 0) throw new Error("it is not a text file (it holds binary data)");
      text = new TextDecoder("windows-1252").decode(bytes);
      notes.push("the file is not UTF-8, so it was read as Windows-1252: check accented names");
    }
  }
  text = text.replace(/^\ufeff/, "");
  const control = /[\u0000-\u0008\u000e-\u001f\u007f]/.exec(text);
  if (control) {
    const line = text.slice(0, control.index).split("\n").length;
    throw new Error(`it is not a text file (control character U+${control[0].charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()} on line ${line})`);
  }
  return text;
}

/** A JSON.parse error as "not valid JSON: <what> (line L, column C)". */
export function describeJsonError(error, text) {
  let message = String(error?.message || error).replace(/^JSON\.parse: /, "");
  const position = /at position (\d+)/.exec(message);
  if (position && !/line \d+/.test(message)) {
    const before = text.slice(0, Number(position[1]));
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    message = `${message} (line ${line}, column ${column})`;
  }
  if (message.length > 200) message = `${message.slice(0, 200)}…`;
  return `not valid JSON: ${message}`;
}

const TOP_TEXT = ["programme", "action", "call_id", "deadline", "part"];
const PARTICIPANT_TEXT = ["name", "country", "role", "type", "controlled_by"];
const KNOWN_TOP = [...TOP_TEXT, "call_year", "participants", "topic"];
const KNOWN_PARTICIPANT = [...PARTICIPANT_TEXT, "flags"];

function typeName(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return value ? "true" : "false";
  return typeof value;
}

function clip(text, max = 40) {
  const s = String(text);
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/**
 * Check the shape of a consortium (the engine's input JSON) before the page adopts it.
 * Returns {errors, notes}: errors make the page refuse it (the current consortium is kept), notes are
 * told but the input is used (numbers read as text, unknown fields ignored). Rules (which country, which
 * role) are the engine's business: it reports them in the verdict.
 */
export function validateInput(data) {
  const errors = [];
  const notes = [];
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    errors.push(`it holds ${typeName(data)}, not a consortium (an object with a "participants" list)`);
    return { errors, notes };
  }
  const unknownTop = Object.keys(data).filter((k) => !KNOWN_TOP.includes(k));
  if (unknownTop.length) notes.push(`ignored unknown fields: ${unknownTop.slice(0, 5).map((k) => clip(k)).join(", ")}${unknownTop.length > 5 ? "…" : ""}`);
  for (const key of TOP_TEXT) {
    const value = data[key];
    if (value != null && typeof value === "object") errors.push(`${key} must be text, not ${typeName(value)}`);
  }
  if (data.call_year != null && typeof data.call_year === "object") errors.push(`call_year must be a year such as 2025, not ${typeName(data.call_year)}`);
  if (data.topic != null && (typeof data.topic !== "object" || Array.isArray(data.topic))) errors.push(`topic must be an object, not ${typeName(data.topic)}`);
  if (!("participants" in data)) errors.push('there is no "participants" list');
  else if (!Array.isArray(data.participants)) errors.push(`participants must be a list, not ${typeName(data.participants)}`);
  else {
    const unknown = new Set();
    let numbers = 0;
    data.participants.forEach((p, i) => {
      if (errors.length > 8) return;
      if (p === null || typeof p !== "object" || Array.isArray(p)) {
        errors.push(`participants[${i}] must be an object such as {"name": …, "country": …, "role": …}, not ${typeName(p)}`);
        return;
      }
      for (const key of Object.keys(p)) if (!KNOWN_PARTICIPANT.includes(key)) unknown.add(key);
      for (const key of PARTICIPANT_TEXT) {
        const value = p[key];
        if (value == null) continue;
        if (typeof value === "object") errors.push(`participants[${i}].${key} must be text, not ${typeName(value)}`);
        else if (typeof value !== "string") numbers += 1;
      }
      if (p.flags != null && typeof p.flags !== "string" && !(Array.isArray(p.flags) && p.flags.every((f) => typeof f === "string"))) {
        errors.push(`participants[${i}].flags must be a list of text, not ${typeName(p.flags)}`);
      }
    });
    if (unknown.size) notes.push(`ignored unknown participant fields: ${[...unknown].slice(0, 5).map((k) => clip(k)).join(", ")}${unknown.size > 5 ? "…" : ""}`);
    if (numbers) notes.push(`${numbers === 1 ? "1 value" : `${numbers} values`} given as a number or true/false ${numbers === 1 ? "was" : "were"} read as text`);
  }
  if (errors.length > 8) errors.splice(8, errors.length, "and more");
  return { errors, notes };
}
