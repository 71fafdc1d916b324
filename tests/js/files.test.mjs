import assert from "node:assert/strict";
import { test } from "node:test";

import { decodeText, describeJsonError, firstBadUtf8Byte } from "../../docs/assets/javascripts/checker/files.mjs";

const bytes = (...parts) => new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p)))));

// What the command line reads (README, "Input policy"; horizon_eligibility.cli): UTF-8, a BOM dropped, or UTF-16
// with a BOM. Anything else it refuses, naming the first bad byte as Python counts it (from 0, after a BOM).
test("input.encoding: UTF-8 (BOM or not) and UTF-16 with a BOM are read as the command line reads them", () => {
  assert.equal(decodeText(bytes([0xef, 0xbb, 0xbf], "name\nZoë")), "name\nZoë");
  assert.equal(decodeText(new Uint8Array(Buffer.from("\ufeffÅgård", "utf16le"))), "Ågård");
  const be = Buffer.from("\ufeffÅgård", "utf16le").swap16();
  assert.equal(decodeText(new Uint8Array(be)), "Ågård");
});

test("input.encoding: a file in no encoding the command line reads is refused, never guessed at or repaired", () => {
  // Latin-1 / Windows-1252 "Müller GmbH": the byte 0xfc is the 2nd (from 0: 1).
  assert.throws(() => decodeText(bytes("M", [0xfc], "ller GmbH,DE,coordinator")), /^Error: it is not UTF-8 text \(byte 1\): save it as UTF-8 text \(in Excel: Save as, 'CSV UTF-8'\)$/);
  // After a BOM, counted from after it (Python's utf-8-sig).
  assert.throws(() => decodeText(bytes([0xef, 0xbb, 0xbf], "ab", [0xff])), /\(byte 2\)/);
  // A surrogate written as raw bytes (ED A0 80) is not UTF-8: refused, not turned into "í €".
  assert.throws(() => decodeText(bytes('"A', [0xed, 0xa0, 0x80], '"')), /not UTF-8 text \(byte 2\).*CSV UTF-8/);
  // UTF-16 with a BOM but a lone surrogate: refused, not replaced.
  assert.throws(() => decodeText(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x00, 0xd8, 0x42, 0x00])), /not UTF-16 text.*CSV UTF-8/);
});

test("input.encoding: the first bad byte agrees with Python's UTF-8 decoder", () => {
  // Offsets Python gives (bytes.decode("utf-8") -> UnicodeDecodeError.start) for each case.
  const cases = [
    [[0x61, 0xc0, 0x80], 1], // overlong
    [[0x61, 0xe0, 0x80, 0x80], 1], // overlong three-byte
    [[0xe2, 0x82], 0], // cut off at the end
    [[0x61, 0x62, 0xed, 0xa0, 0x80], 2], // surrogate
    [[0xf4, 0x90, 0x80, 0x80], 0], // beyond U+10FFFF
    [[0xc3, 0xa9, 0xe2, 0x82, 0xac, 0x80], 5], // é € then a lone continuation byte
    [[0xf0, 0x9f, 0x98, 0x80], -1], // valid: an emoji
  ];
  for (const [data, offset] of cases) assert.equal(firstBadUtf8Byte(new Uint8Array(data)), offset, String(data));
});

test("binary files are named for what they are", () => {
  const cases = [
    [[0x50, 0x4b, 0x03, 0x04, 0], /ZIP archive.*CSV UTF-8/],
    [[0xd0, 0xcf, 0x11, 0xe0], /old Excel/],
    [[0x25, 0x50, 0x44, 0x46, 0x2d], /PDF/],
    [[0x89, 0x50, 0x4e, 0x47], /PNG/],
    [[0xff, 0xd8, 0xff, 0xe0], /JPEG/],
    [[0x1f, 0x8b, 8], /gzip/],
    [[0x80, 0x00, 0x41], /binary file, not JSON, YAML or CSV text/],
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
