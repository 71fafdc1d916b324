// Imported files: what they hold (text in which encoding, or a binary file named for what it is), and JSON
// errors in words with a line and column. Every message says what is wrong in words a user can act on.

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
  // Control characters other than tab, line feed and carriage return: a binary file, whatever its name.
  // eslint-disable-next-line no-control-regex
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
