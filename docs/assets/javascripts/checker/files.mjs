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

// What the command line says of a file that is not UTF-8 (or UTF-16 with a byte-order mark), and its hint.
export const NOT_UTF8_HINT = "save it as UTF-8 text (in Excel: Save as, 'CSV UTF-8')";

/**
 * Where UTF-8 bytes first go wrong: the offset of the first byte of the first sequence that is not UTF-8
 * (counted as Python counts it, so the page names the byte the command line names), or -1 for valid UTF-8.
 */
export function firstBadUtf8Byte(bytes) {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    // Length and the range of the second byte (overlong forms, surrogates and beyond U+10FFFF excluded).
    let length, low = 0x80, high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    if (i + length > bytes.length || bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (let k = 2; k < length; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    i += length;
  }
  return -1;
}

/**
 * The text of an imported file, read as the command line reads it: UTF-8 (a BOM is dropped) or UTF-16 with a
 * BOM. Anything else is refused, never guessed at, and broken bytes are never replaced: the page checks what
 * the command line checks. Throws for binary files, naming what the file seems to be.
 */
export function decodeText(bytes) {
  const starts = (magic) => magic.every((b, k) => bytes[k] === b);
  for (const [magic, what] of MAGIC) if (starts(magic)) throw new Error(`it is ${what}`);
  let text;
  if (starts([0xff, 0xfe]) || starts([0xfe, 0xff])) {
    try {
      text = new TextDecoder(starts([0xff, 0xfe]) ? "utf-16le" : "utf-16be", { fatal: true }).decode(bytes);
    } catch {
      throw new Error(`it is not UTF-16 text (it starts as UTF-16 but holds broken characters): ${NOT_UTF8_HINT}`);
    }
  } else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      if (bytes.indexOf(0) >= 0) throw new Error("it is a binary file, not JSON, YAML or CSV text");
      const body = starts([0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
      const bad = firstBadUtf8Byte(body);
      throw new Error(`it is not UTF-8 text (byte ${Math.max(bad, 0).toLocaleString("en")}): ${NOT_UTF8_HINT}`);
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
