import assert from "node:assert/strict";
import { test } from "node:test";

import { pack, sha256Hex, snapshotKey, unpack } from "../../docs/assets/javascripts/checker/snapshot-cache.mjs";

// A memory image as Pyodide's is: mostly 4 KB blocks of zeros, some not, and a last block that is short.
function image() {
  const bytes = new Uint8Array(4096 * 40 + 1234);
  for (const block of [0, 3, 4, 17, 39]) bytes.fill(block + 1, block * 4096, block * 4096 + 100);
  bytes[4096 * 21 + 4095] = 7; // a single byte at the end of a block keeps it
  bytes[bytes.length - 1] = 9; // the short last block
  return bytes;
}

test("a packed snapshot keeps only the blocks that are not zero, and unpacks to the same bytes", () => {
  const bytes = image();
  const packed = pack(bytes);
  assert.equal(packed.length, Math.ceil(41 / 8) + 6 * 4096 + 1234);
  assert.deepEqual(unpack(packed, bytes.length), bytes);
  const unaligned = new Uint8Array(bytes.length + 1);
  unaligned.set(bytes, 1);
  assert.deepEqual(unpack(pack(unaligned.subarray(1)), bytes.length), bytes); // not at a 4-byte boundary
});

test("a truncated or padded snapshot is refused, not restored", () => {
  const bytes = image();
  const packed = pack(bytes);
  assert.throws(() => unpack(packed.subarray(0, packed.length - 1), bytes.length), /truncated/);
  const padded = new Uint8Array(packed.length + 1);
  padded.set(packed);
  assert.throws(() => unpack(padded, bytes.length), /wrong size/);
});

test("the snapshot's key changes with Pyodide, the standard library, the wheel and the rules data", () => {
  const manifest = {
    pyodide: { version: "314.0.7", stdlib: { sha256: "a" } },
    wheel: { sha256: "b" },
    data_version: "c",
  };
  const key = snapshotKey(manifest);
  assert.equal(snapshotKey(structuredClone(manifest)), key);
  for (const change of [
    (m) => { m.pyodide.version = "314.0.8"; },
    (m) => { m.pyodide.stdlib.sha256 = "x"; },
    (m) => { m.wheel.sha256 = "x"; },
    (m) => { m.data_version = "x"; },
  ]) {
    const other = structuredClone(manifest);
    change(other);
    assert.notEqual(snapshotKey(other), key);
  }
});

test("sha256Hex is the SHA-256 of the bytes, in hex", async () => {
  assert.equal(await sha256Hex(new TextEncoder().encode("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});
