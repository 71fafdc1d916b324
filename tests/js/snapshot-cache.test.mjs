import assert from "node:assert/strict";
import { test } from "node:test";

import {
  checksum,
  decodeSnapshot,
  encodeSnapshot,
  pack,
  runs,
  sha256Hex,
  SnapshotReader,
  snapshotKey,
  unpack,
} from "../../docs/assets/javascripts/checker/snapshot-cache.mjs";

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

// A memory image as makeMemorySnapshot() makes it: Pyodide's header (magic, where its copy of the memory starts
// in the second word, a JSON text), then the memory, mostly zeros.
function pyodideImage(heapStart = 128) {
  const bytes = image();
  new Uint32Array(bytes.buffer, 0, 4).set([0x11223344, heapStart, 20, 0]);
  bytes.fill(0x22, 16, heapStart);
  return bytes;
}

// The reader of a file held in memory, as findSnapshot() makes one over an OPFS file.
function readerOf(file) {
  const readAt = (target, at) => {
    const part = file.subarray(at, at + target.length);
    target.set(part);
    return part.length;
  };
  const length = new DataView(file.buffer, file.byteOffset).getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(file.subarray(12, 12 + length)));
  return new SnapshotReader(readAt, file.length, { header, at: 12 + length });
}

test("a snapshot file decodes to the image it was made of, with its key", () => {
  const bytes = pyodideImage();
  const file = encodeSnapshot("the key", bytes);
  const { header, image } = decodeSnapshot(file);
  assert.equal(header.key, "the key");
  assert.deepEqual(image, bytes);
  assert.ok(file.length < bytes.length); // the zero blocks are not stored
});

test("restoring reads Pyodide's header first, then the rest into the engine's memory, zeros included", () => {
  const bytes = pyodideImage();
  const reader = readerOf(encodeSnapshot("k", bytes));
  const head = reader.head();
  assert.equal(head.length, bytes.length); // loadPyodide sizes its memory from this
  assert.equal(reader.heapStart, 128);
  assert.deepEqual(head.subarray(0, 128), bytes.subarray(0, 128));
  assert.ok(head.subarray(128).every((b) => b === 0)); // nothing else is read into it
  // The new memory is larger and holds what the runtime wrote while starting, where the image has zeros too.
  const heap = new Uint8Array(bytes.length - 128 + 4096).fill(0x77);
  reader.fillHeap(heap);
  assert.deepEqual(heap.subarray(0, bytes.length - 128), bytes.subarray(128));
});

test("a damaged snapshot is refused before Python runs: a changed byte, a cut file, a bad header", () => {
  const bytes = pyodideImage();
  const file = encodeSnapshot("k", bytes);
  const changed = file.slice();
  changed[changed.length - 5] ^= 1; // in the last kept block
  const reader = readerOf(changed);
  reader.head();
  assert.throws(() => reader.fillHeap(new Uint8Array(bytes.length)), /integrity/);
  assert.throws(() => decodeSnapshot(changed), /integrity/);
  assert.throws(() => readerOf(file.subarray(0, file.length - 10)).head(), /truncated/);
  const bad = pyodideImage(130); // Pyodide's copy of the memory starts at a multiple of 16
  assert.throws(() => readerOf(encodeSnapshot("k", bad)).head(), /no valid header/);
});

test("the checksum changes with any word, and is the same however the bytes are split at 16-byte bounds", () => {
  const bytes = image();
  const sum = checksum([bytes]);
  assert.match(sum, /^[0-9a-f]{32}$/);
  assert.equal(checksum([bytes.subarray(0, 4096), bytes.subarray(4096)]), sum);
  for (const at of [0, 4, 4096 * 3 + 8, bytes.length - 1]) {
    const other = bytes.slice();
    other[at] ^= 0x80;
    assert.notEqual(checksum([other]), sum, `byte ${at}`);
  }
  assert.throws(() => checksum([bytes.subarray(0, 10), bytes.subarray(10)]), /misaligned/);
});

test("runs merge consecutive kept blocks and say where each starts in the file", () => {
  const bytes = image();
  const packed = pack(bytes);
  const { runs: found, bodyLength } = runs(packed, bytes.length);
  assert.equal(bodyLength, packed.length);
  const bitmap = Math.ceil(41 / 8);
  const blocks = found.map(([start, end]) => [start / 4096, end / 4096]);
  assert.deepEqual(blocks, [[0, 1], [3, 5], [17, 18], [21, 22], [39, 40 + 1234 / 4096]]); // 39 and the short 40
  const offsets = found.map(([, , offset]) => (offset - bitmap) / 4096);
  assert.deepEqual(offsets, [0, 1, 3, 4, 5]);
});
