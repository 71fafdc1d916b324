// The engine's memory snapshot, kept in this browser's Cache Storage.
//
// After the first boot, the worker saves a snapshot of Pyodide's memory with the engine imported; the next
// visit restores it instead of starting Python again. Nothing is downloaded for it: it is made here, from
// the files this site served. One entry, replaced whenever the key changes (a new Pyodide, engine wheel,
// standard library or rules data); its SHA-256 is checked before use.
// Stored sparse: the snapshot is 31 MB of which 60% are 4 KB blocks of zeros, so only the other blocks are
// kept (12.5 MB) with a bitmap. Measured in chromium: reading, hashing and expanding that takes about a
// quarter of the time gzip's DecompressionStream needs for the same snapshot (4.9 MB), and it is the part
// of a returning visit that nothing else can overlap.
// The cache name does not start with "horizon-eligibility-": the service worker deletes those on update.

const CACHE_NAME = "he-engine-snapshot-v1";
const ENTRY = new URL("../../checker/__engine-snapshot__", import.meta.url).href;

/** The SHA-256 of a buffer, as hex (the engine worker checks the wheel with it too). */
export async function sha256Hex(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

const BLOCK = 4096;

function available() {
  return typeof caches === "object" && typeof crypto === "object" && Boolean(crypto.subtle);
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

export function unpack(packed, length) {
  const count = Math.ceil(length / BLOCK);
  const bitmapLength = Math.ceil(count / 8);
  const bytes = new Uint8Array(length);
  let offset = bitmapLength;
  for (let block = 0; block < count; block++) {
    if (!(packed[block >> 3] & (1 << (block & 7)))) continue;
    const start = block * BLOCK;
    const end = Math.min(start + BLOCK, length);
    if (offset + end - start > packed.length) throw new Error("it is truncated");
    bytes.set(packed.subarray(offset, offset + end - start), start);
    offset += end - start;
  }
  if (offset !== packed.length) throw new Error("it has the wrong size");
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

// The saved entry for this key (a Response), or null: none, another build's (it is replaced after this
// boot), or storage unavailable (private mode, blocked).
export async function findSnapshot(key) {
  if (!available()) return null;
  try {
    const response = await (await caches.open(CACHE_NAME)).match(ENTRY);
    return response && response.headers.get("x-he-key") === key ? response : null;
  } catch {
    return null;
  }
}

// The snapshot's bytes, verified; rejects with a reason a visitor can read if it is damaged.
export async function readSnapshot(response) {
  const packed = await response.arrayBuffer();
  if ((await sha256Hex(packed)) !== response.headers.get("x-he-sha256")) throw new Error("it failed its integrity check");
  return unpack(new Uint8Array(packed), Number(response.headers.get("x-he-size")));
}

export async function saveSnapshot(key, bytes) {
  if (!available()) throw new Error("this browser cannot keep it");
  const packed = pack(bytes);
  const headers = {
    "content-type": "application/octet-stream",
    "x-he-key": key,
    "x-he-sha256": await sha256Hex(packed),
    "x-he-size": String(bytes.length),
  };
  const cache = await caches.open(CACHE_NAME);
  await cache.put(ENTRY, new Response(packed, { headers }));
  return packed.byteLength;
}

export async function forgetSnapshot() {
  try {
    await (await caches.open(CACHE_NAME)).delete(ENTRY);
  } catch {
    /* nothing to forget */
  }
}
