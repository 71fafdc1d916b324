import assert from "node:assert/strict";
import { test } from "node:test";

import { decodeText, describeJsonError } from "../../docs/assets/javascripts/checker/files.mjs";

const bytes = (...parts) => new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p)))));

test("text files in UTF-8 (BOM or not), UTF-16 and Windows-1252 are read, the last with a note", () => {
  assert.equal(decodeText(bytes([0xef, 0xbb, 0xbf], "name\nZoë")), "name\nZoë");
  assert.equal(decodeText(new Uint8Array(Buffer.from("\ufeffÅgård", "utf16le"))), "Ågård");
  const be = Buffer.from("\ufeffÅgård", "utf16le").swap16();
  assert.equal(decodeText(new Uint8Array(be)), "Ågård");
  const notes = [];
  assert.equal(decodeText(bytes([0x55, 0x6e, 0x69, 0x76, 0x65, 0x72, 0x73, 0x69, 0x74, 0xe9]), notes), "Université");
  assert.match(notes.join(), /Windows-1252/);
});

test("binary files are named for what they are", () => {
  const cases = [
    [[0x50, 0x4b, 0x03, 0x04, 0], /ZIP archive.*CSV UTF-8/],
    [[0xd0, 0xcf, 0x11, 0xe0], /old Excel/],
    [[0x25, 0x50, 0x44, 0x46, 0x2d], /PDF/],
    [[0x89, 0x50, 0x4e, 0x47], /PNG/],
    [[0xff, 0xd8, 0xff, 0xe0], /JPEG/],
    [[0x1f, 0x8b, 8], /gzip/],
    [[0x80, 0x00, 0x41], /binary data/],
  ];
  for (const [data, expected] of cases) assert.throws(() => decodeText(new Uint8Array(data)), expected);
  assert.throws(() => decodeText(bytes("name\nA\u0001B")), /control character U\+0001 on line 2/);
});

test("a JSON error says where, by line and column, whichever browser worded it", () => {
  const text = '{"a": 1,\n "b": [1,,2]}';
  // Chromium words it "… at position N" (older) or gives line and column itself; Firefox prefixes "JSON.parse: ".
  const chromium = new SyntaxError("Unexpected token ',', \"...\" is not valid JSON (at position 16)");
  assert.equal(describeJsonError(chromium, text), `not valid JSON: ${chromium.message} (line 2, column 8)`);
  const firefox = new SyntaxError("JSON.parse: unexpected character at line 2 column 9 of the JSON data");
  assert.equal(describeJsonError(firefox, text), "not valid JSON: unexpected character at line 2 column 9 of the JSON data");
  let own;
  try {
    JSON.parse(text);
  } catch (error) {
    own = error;
  }
  assert.match(describeJsonError(own, text), /^not valid JSON: /);
  assert.ok(describeJsonError(new Error("x".repeat(500)), "").length < 230);
});
