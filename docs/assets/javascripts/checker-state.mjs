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

/** The consortium JSON carried by a location hash such as "#c=eyJwcm9n…", or null. */
export function consortiumFromHash(hash) {
  const match = /^#?c=(.*)$/s.exec(hash || "");
  if (!match) return null;
  return JSON.parse(decodeFragment(decodeURIComponent(match[1])));
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

/** RFC 4180 records (quoted fields, doubled quotes, CRLF or LF, a leading BOM ignored). */
export function parseCsvRecords(text) {
  const records = [];
  let record = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (quoted) throw new Error("a quoted field is not closed");
  if (field !== "" || record.length) {
    record.push(field);
    records.push(record);
  }
  return records.filter((r) => r.some((cell) => cell.trim() !== ""));
}

/** CSV text -> participant objects (the engine's input format). Throws with a readable message. */
export function participantsFromCsv(text) {
  const records = parseCsvRecords(text);
  if (!records.length) throw new Error("the CSV file is empty");
  const header = records[0].map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, "_"));
  for (const needed of ["name", "country", "role"]) {
    if (!header.includes(needed)) {
      throw new Error(`the CSV header must name the columns ${CSV_COLUMNS.join(",")} (missing "${needed}")`);
    }
  }
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
