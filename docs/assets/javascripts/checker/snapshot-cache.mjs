// The engine's memory snapshot, kept in this browser's origin private file system (OPFS).
//
// After the first boot, the worker saves a snapshot of Pyodide's memory with the engine imported; the next
// visit restores it instead of starting Python again. Nothing is downloaded for it: it is made here, from
// the files this site served. One file, replaced whenever the key changes (a new Pyodide, engine wheel,
// standard library or rules data); the checksum of the memory image is checked before the engine starts.
//
// Stored sparse: the image is 31 MB of which 60% are 4 KB blocks of zeros, so only the other blocks are kept
// (about 14 MB) with a bitmap. The worker reads them with a synchronous access handle straight into the
// engine's WebAssembly memory (SnapshotReader: one read for each run of blocks, no copy of the whole image):
// 15-60 ms, where the same bytes in Cache Storage took 130-900 ms to find and read, then a hash, an expanded
// copy and Pyodide's own copy into its memory (measured in chromium under load; README).
//
// The file: "HESNAP02", the header's length (u32, little-endian), the header (JSON: key, size of the image,
// its checksum, length of the packed body), then the body: [bitmap of the blocks kept][those blocks, in order].
// The header is written last, so a file cut short by a closed tab never has one and is ignored.

const FILE_NAME = "he-engine-snapshot-v2";
const OLD_CACHE = "he-engine-snapshot-v1"; // Cache Storage, before issue 18: deleted once a new one is saved
const MAGIC = "HESNAP02";
const PREFIX = MAGIC.length + 4;
const BLOCK = 4096;

/** The SHA-256 of a buffer, as hex (the engine worker checks the wheel with it too). */
export async function sha256Hex(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A 128-bit checksum of the parts (Uint8Arrays at 4-byte-aligned offsets): four multiply-xor lanes over 32-bit
 * words, the last bytes of a part short of 16 one at a time, so a part split at a multiple of 16 bytes sums the
 * same. It detects damage (a block changed or missing, a file cut short): a single word changed always changes
 * the result. It is no defence against someone who can write this site's storage, who could run any script here
 * anyway; it is 4-6 times faster than SHA-256 in the browser (crypto.subtle took 120-180 ms for 31 MB, on this
 * worker's thread). A snapshot's is that of its kept blocks, in order, then its bitmap (imageChecksum): what the
 * file holds, 14 of 31 MB.
 */
export function checksum(parts) {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  let c = 0x2545f491;
  let d = 0x61c88647;
  let total = 0;
  for (const part of parts) {
    const whole = part.length - (part.length % 16);
    if (part.byteOffset % 4) throw new Error("checksum: misaligned part");
    const words = new Uint32Array(part.buffer, part.byteOffset, whole / 4);
    for (let i = 0; i < words.length; i += 4) {
      a = Math.imul(a ^ words[i], 0x01000193);
      b = Math.imul(b ^ words[i + 1], 0x5bd1e995);
      c = Math.imul(c ^ words[i + 2], 0x01000193);
      d = Math.imul(d ^ words[i + 3], 0x5bd1e995);
    }
    for (let i = whole; i < part.length; i++) a = Math.imul(a ^ part[i], 0x01000193);
    total += part.length;
  }
  a = Math.imul(a ^ total, 0x01000193);
  return [a, b, c, d].map((x) => (x >>> 0).toString(16).padStart(8, "0")).join("");
}

// slice(start, end) -> the parts holding that range of the image (a run may lie across two memories).
function imageChecksum(bitmap, length, slice) {
  const parts = runs(bitmap, length).runs.flatMap(([start, end]) => slice(start, end));
  return checksum([...parts, bitmap]);
}

function available() {
  return (
    typeof navigator === "object" &&
    typeof navigator.storage?.getDirectory === "function" &&
    typeof FileSystemFileHandle === "function" &&
    typeof FileSystemFileHandle.prototype.createSyncAccessHandle === "function" &&
    typeof crypto === "object" &&
    Boolean(crypto.subtle)
  );
}

// [bitmap of non-zero blocks][those blocks, in order]; the last block may be short.
export function pack(bytes) {
  const count = Math.ceil(bytes.length / BLOCK);
  const bitmap = new Uint8Array(Math.ceil(count / 8));
  // Whole blocks are compared four bytes at a time, where the view allows it.
  const words = bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 4)) : null;
  const kept = [];
  let size = bitmap.length;
  for (let block = 0; block < count; block++) {
    const start = block * BLOCK;
    const end = Math.min(start + BLOCK, bytes.length);
    let zero = true;
    if (words && end - start === BLOCK) {
      for (let w = start / 4, last = end / 4; w < last; w++) if (words[w] !== 0) { zero = false; break; }
    } else {
      for (let i = start; i < end; i++) if (bytes[i] !== 0) { zero = false; break; }
    }
    if (zero) continue;
    bitmap[block >> 3] |= 1 << (block & 7);
    kept.push(bytes.subarray(start, end));
    size += end - start;
  }
  const packed = new Uint8Array(size);
  packed.set(bitmap, 0);
  let offset = bitmap.length;
  for (const part of kept) {
    packed.set(part, offset);
    offset += part.length;
  }
  return packed;
}

/** The runs of kept blocks: [[start, end, offset in the body]], consecutive blocks merged. */
export function runs(bitmap, length) {
  const count = Math.ceil(length / BLOCK);
  const out = [];
  let offset = Math.ceil(count / 8);
  for (let block = 0; block < count; block++) {
    if (!(bitmap[block >> 3] & (1 << (block & 7)))) continue;
    const start = block * BLOCK;
    const end = Math.min(start + BLOCK, length);
    const last = out[out.length - 1];
    if (last && last[1] === start) last[1] = end;
    else out.push([start, end, offset]);
    offset += end - start;
  }
  return { runs: out, bodyLength: offset };
}

function bitmapLength(length) {
  return Math.ceil(Math.ceil(length / BLOCK) / 8);
}

export function unpack(packed, length) {
  const bitmap = packed.subarray(0, bitmapLength(length));
  const plan = runs(bitmap, length);
  if (plan.bodyLength > packed.length) throw new Error("it is truncated");
  if (plan.bodyLength < packed.length) throw new Error("it has the wrong size");
  const bytes = new Uint8Array(length);
  for (const [start, end, offset] of plan.runs) bytes.set(packed.subarray(offset, offset + end - start), start);
  return bytes;
}

// What the snapshot depends on. Pyodide also refuses a snapshot of another build (its BUILD_ID).
export function snapshotKey(manifest) {
  return JSON.stringify({
    format: 1,
    pyodide: manifest.pyodide.version,
    stdlib: manifest.pyodide.stdlib?.sha256 ?? null,
    wheel: manifest.wheel.sha256,
    data: manifest.data_version ?? null,
  });
}

/** The whole file for a memory image (also what the tests write to damage one on purpose). */
export function encodeSnapshot(key, image) {
  const body = pack(image);
  const bitmap = body.subarray(0, bitmapLength(image.length));
  const sum = imageChecksum(bitmap, image.length, (start, end) => [image.subarray(start, end)]);
  const header = new TextEncoder().encode(JSON.stringify({ key, size: image.length, checksum: sum, packed: body.length }));
  const file = new Uint8Array(PREFIX + header.length + body.length);
  file.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(file.buffer).setUint32(MAGIC.length, header.length, true);
  file.set(header, PREFIX);
  file.set(body, PREFIX + header.length);
  return file;
}

// readAt(target, offset) reads the file; returns {header, at: where the body starts}, or null if it has none.
function readHeader(readAt, fileSize) {
  const prefix = new Uint8Array(PREFIX);
  if (fileSize < PREFIX || readAt(prefix, 0) !== PREFIX) return null;
  if (new TextDecoder().decode(prefix.subarray(0, MAGIC.length)) !== MAGIC) return null;
  const length = new DataView(prefix.buffer).getUint32(MAGIC.length, true);
  if (PREFIX + length > fileSize) return null;
  const text = new Uint8Array(length);
  readAt(text, PREFIX);
  try {
    const header = JSON.parse(new TextDecoder().decode(text));
    return typeof header?.key === "string" && Number.isSafeInteger(header.size) ? { header, at: PREFIX + length } : null;
  } catch {
    return null;
  }
}

function memoryReader(file) {
  return (target, offset) => {
    const part = file.subarray(offset, offset + target.length);
    target.set(part);
    return part.length;
  };
}

/** {header, image} of a whole file, its checksum checked (the tests read and damage it this way). */
export function decodeSnapshot(file) {
  const readAt = memoryReader(file);
  const found = readHeader(readAt, file.length);
  if (!found) throw new Error("it has no header");
  const reader = new SnapshotReader(readAt, file.length, found);
  const image = reader.whole();
  const sum = imageChecksum(reader.bitmap, image.length, (start, end) => [image.subarray(start, end)]);
  if (sum !== found.header.checksum) throw new Error("it failed its integrity check");
  return { header: found.header, image };
}

async function fileHandle(create = false) {
  return (await navigator.storage.getDirectory()).getFileHandle(FILE_NAME, { create });
}

// The kept snapshot for this key, open for reading (a SnapshotReader), or null: none, another build's (it is
// replaced after this boot), storage unavailable (private mode, blocked) or busy (another tab writing it).
export async function findSnapshot(key) {
  if (!available()) return null;
  let handle = null;
  try {
    // Read-only handles may be open in several tabs at once (Chrome 121+; others ignore the option).
    handle = await (await fileHandle()).createSyncAccessHandle({ mode: "read-only" });
    const readAt = (target, at) => handle.read(target, { at });
    const found = readHeader(readAt, handle.getSize());
    if (found?.header.key === key) return new SnapshotReader(readAt, handle.getSize(), found, () => handle.close());
  } catch {
    /* no snapshot, or none we can open now */
  }
  handle?.close();
  return null;
}

/**
 * A kept memory image, read in two steps without a copy of the whole: head() is an image of the full size with
 * only Pyodide's own header filled in (loadPyodide sizes the WebAssembly memory from it and checks it); once that
 * memory exists, fillHeap(heap) reads the kept blocks of the rest straight into it and checks the checksum of
 * the whole. Pyodide's header says where its copy of the memory starts (its second 32-bit word).
 */
export class SnapshotReader {
  constructor(readAt, fileSize, { header, at }, close = () => {}) {
    Object.assign(this, { readAt, fileSize, header, at, closer: close });
    this.runs = null;
  }

  plan() {
    const { header, at, fileSize } = this;
    if (fileSize - at !== header.packed) throw new Error(fileSize - at < header.packed ? "it is truncated" : "it has the wrong size");
    const bitmap = new Uint8Array(bitmapLength(header.size));
    if (this.readAt(bitmap, at) !== bitmap.length) throw new Error("it is truncated");
    this.bitmap = bitmap;
    const plan = runs(bitmap, header.size);
    if (plan.bodyLength !== header.packed) throw new Error("it has the wrong size");
    return plan.runs;
  }

  // Read the parts of [from, to) of the image that the file keeps into target, at (position - shift).
  read(target, from, to, shift) {
    this.runs ??= this.plan();
    for (const [start, end, offset] of this.runs) {
      const a = Math.max(start, from);
      const b = Math.min(end, to);
      if (a >= b) continue;
      if (this.readAt(target.subarray(a - shift, b - shift), this.at + offset + (a - start)) !== b - a) throw new Error("it is truncated");
    }
  }

  /** The whole image at once. */
  whole() {
    const image = new Uint8Array(this.header.size);
    this.read(image, 0, image.length, 0);
    return image;
  }

  head() {
    const image = new Uint8Array(this.header.size); // zeros, not touched beyond the header
    this.read(image, 0, 16, 0);
    this.heapStart = new Uint32Array(image.buffer, 0, 4)[1];
    if (this.heapStart % 16 || this.heapStart < 16 || this.heapStart > image.length) throw new Error("it has no valid header");
    this.read(image, 16, this.heapStart, 0);
    this.image = image;
    return image;
  }

  // Zero the words of [from, to) that the image has as zeros (the blocks it does not keep), where target is not.
  clearGaps(target, from, to, shift) {
    const words = new Uint32Array(target.buffer, target.byteOffset, Math.floor(target.length / 4));
    let position = from;
    const clear = (a, b) => {
      for (let i = (a - shift) / 4, last = (b - shift) / 4; i < last; i++) if (words[i] !== 0) words[i] = 0;
    };
    for (const [start, end] of this.runs) {
      if (end <= from) continue;
      if (start >= to) break;
      if (start > position) clear(position, start);
      position = Math.max(position, end);
    }
    if (position < to) clear(position, to);
  }

  // The rest of the image, read into Pyodide's memory (heap: its HEAP8, where the image's heapStart goes).
  fillHeap(heap) {
    const { image, heapStart } = this;
    const length = image.length - heapStart;
    if (heap.length < length || heap.byteOffset % 4) throw new Error("it does not fit the engine's memory");
    this.read(heap, heapStart, image.length, heapStart);
    // The new memory already holds what the runtime wrote while starting: where the image has zeros, so must it.
    this.clearGaps(heap, heapStart, image.length, heapStart);
    const slice = (start, end) => {
      if (end <= heapStart) return [image.subarray(start, end)];
      if (start >= heapStart) return [heap.subarray(start - heapStart, end - heapStart)];
      return [image.subarray(start, heapStart), heap.subarray(0, end - heapStart)];
    };
    if (imageChecksum(this.bitmap, image.length, slice) !== this.header.checksum) {
      throw new Error("it failed its integrity check");
    }
  }

  close() {
    try {
      this.closer();
    } catch {
      /* already closed */
    }
  }
}

export async function saveSnapshot(key, image) {
  if (!available()) throw new Error("this browser cannot keep it");
  const file = encodeSnapshot(key, image);
  const handle = await (await fileHandle(true)).createSyncAccessHandle();
  try {
    const at = PREFIX + new DataView(file.buffer).getUint32(MAGIC.length, true);
    handle.truncate(0);
    handle.write(file.subarray(at), { at });
    handle.flush();
    handle.write(file.subarray(0, at), { at: 0 }); // the header last: a file cut short has none
    handle.flush();
  } finally {
    handle.close();
  }
  if (typeof caches === "object") caches.delete(OLD_CACHE).catch(() => {});
  return file.length;
}

export async function forgetSnapshot() {
  try {
    await (await navigator.storage.getDirectory()).removeEntry(FILE_NAME);
  } catch {
    /* nothing to forget, or it is open elsewhere: it is replaced after this boot */
  }
}
