// Share links: the consortium in the page address. Two forms, both read forever (a link once shared must open):
//   #c=<URL-safe base64 of the UTF-8 input JSON>              the plain form (padding optional)
//   #c=z1.<URL-safe base64 of the deflate-raw of that JSON>   what the page writes where it can compress
// A version prefix never decodes as the plain form ("." is not base64), so the two cannot be confused; a
// later format gets a new prefix. Where CompressionStream is missing, the page writes the plain form.

import { parseDocument } from "./document.mjs";
import { describeJsonError } from "./files.mjs";

// Longer fragments stay out of the address bar (browsers cap URLs near 2 MB): export the file to share.
export const MAX_LINK_CHARS = 1_000_000;
// How far a compressed link may inflate, checked while inflating: a link of a megabyte can inflate to a
// gigabyte (deflate packs repeated text a thousandfold), which would hold the page for a minute. A consortium
// of 10,000 participants is about 1 MB of JSON.
export const MAX_INFLATED_BYTES = 10 * 1024 * 1024;
// Some mail programs and chat apps cut or mangle links longer than about this: the page warns.
export const LONG_LINK_CHARS = 2_000;
export const COMPRESSED = "z1";
const FORMAT = "deflate-raw";

function base64url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Bytes of URL-safe (or standard) base64, padding optional; throws on what is not base64. */
function fromBase64(value) {
  let b64 = value.trim().replace(/-/g, "+").replace(/_/g, "/").replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new Error("the link is not valid base64");
  b64 = b64.replace(/=+$/, "");
  b64 += "=".repeat((4 - (b64.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/** URL-safe base64 (RFC 4648 §5, no padding) of the UTF-8 bytes of text: the plain form. */
export function encodeFragment(text) {
  return base64url(new TextEncoder().encode(text));
}

/** Inverse of encodeFragment; padding optional, standard base64 accepted too. Throws on bad input. */
export function decodeFragment(value) {
  return new TextDecoder("utf-8", { fatal: true }).decode(fromBase64(value));
}

async function through(stream, bytes) {
  const piped = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

/** True where this browser can write compressed links. */
export function canCompress() {
  try {
    return typeof CompressionStream === "function" && Boolean(new CompressionStream(FORMAT));
  } catch {
    return false; // a browser that knows "gzip" but not "deflate-raw"
  }
}

/** The compressed form's payload: "z1." + URL-safe base64 of the deflate-raw of the UTF-8 text. */
export async function encodeCompressed(text) {
  return `${COMPRESSED}.${base64url(await through(new CompressionStream(FORMAT), new TextEncoder().encode(text)))}`;
}

class TooLarge extends Error {}

// Compressed bytes go into the inflater this many at a time: deflate packs at most about 1,032 to 1, so one
// piece inflates to 4 MB at most before the size is checked. (Handed the whole link at once, the browser
// inflates all of it in one go: a gigabyte, for tens of seconds.)
const PIECE_BYTES = 4096;

/** The inflated bytes, fed and read a piece at a time: past `limit` both sides stop and TooLarge is thrown. */
async function inflate(bytes, limit) {
  const stream = new DecompressionStream(FORMAT);
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let stopped = false;
  const feed = (async () => {
    for (let i = 0; i < bytes.length && !stopped; i += PIECE_BYTES) {
      await writer.ready; // the inflater's output is read before more goes in
      if (!stopped) writer.write(bytes.subarray(i, i + PIECE_BYTES)).catch(() => {});
    }
    if (!stopped) await writer.close();
  })();
  feed.catch(() => {}); // a damaged link: the reader says so
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) throw new TooLarge();
      chunks.push(value);
    }
  } catch (error) {
    stopped = true;
    reader.cancel().catch(() => {});
    writer.abort().catch(() => {});
    throw error;
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

async function decodeCompressed(payload, limit) {
  let bytes;
  try {
    bytes = fromBase64(payload);
  } catch {
    throw new Error("the link is damaged (it is not valid base64)");
  }
  if (typeof DecompressionStream !== "function") {
    throw new Error("this browser cannot open compressed links: open it in a current browser, or ask for the JSON file");
  }
  let inflated;
  try {
    inflated = await inflate(bytes, limit);
  } catch (error) {
    if (error instanceof TooLarge) {
      const mb = (limit / 1024 / 1024).toLocaleString("en");
      throw new Error(`the link unpacks to more than ${mb} MB, far more than any consortium: it was not made by this page`, { cause: error });
    }
    throw new Error("the link is cut off or damaged (it does not decompress)", { cause: error });
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(inflated);
  } catch {
    throw new Error("the link is cut off or damaged (it does not decode to UTF-8 text)");
  }
}

/** The text after "#c=" (%-escapes undone), or null when the hash carries no consortium. */
function linkValue(hash) {
  const match = /^#?c=(.*)$/s.exec(hash || "");
  if (!match) return null;
  let value;
  try {
    value = decodeURIComponent(match[1]);
  } catch {
    throw new Error("the link is damaged (a broken %-escape)");
  }
  if (!value.trim()) throw new Error("the link holds no consortium (nothing after #c=)");
  return value;
}

function plainText(value) {
  const bad = /[^A-Za-z0-9+/=_\-\s]/.exec(value);
  if (bad) throw new Error(`the link is damaged: “${bad[0]}” at position ${bad.index + 1} cannot appear in it`);
  if (value.replace(/[=\s]/g, "").length % 4 === 1) throw new Error("the link is cut off (its length is impossible)");
  try {
    return decodeFragment(value);
  } catch {
    throw new Error("the link is cut off or damaged (it does not decode to UTF-8 text)");
  }
}

function parse(text) {
  try {
    return parseDocument(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw new Error(`the link cannot be opened: ${error.message}`, { cause: error });
    throw new Error(`the link is cut off or damaged (${describeJsonError(error, text)})`, { cause: error });
  }
}

/**
 * The input document a location hash carries ("#c=eyJwcm9n…" or "#c=z1.…"), as given (document.mjs), or
 * null when it carries none. Rejects with a readable error for a link that is no JSON (damaged, cut off), an
 * unknown version, or one that inflates past `maxInflated` bytes. Whether the JSON is a good consortium is the
 * engine's to say.
 */
export async function consortiumFromHash(hash, { maxInflated = MAX_INFLATED_BYTES } = {}) {
  const value = linkValue(hash);
  if (value == null) return null;
  const versioned = /^([a-z][a-z0-9]*)\.(.*)$/s.exec(value.trim());
  if (!versioned) return parse(plainText(value));
  if (versioned[1] !== COMPRESSED) {
    throw new Error(`the link was made by a newer version of this page (format “${versioned[1]}”): reload the page`);
  }
  return parse(await decodeCompressed(versioned[2], maxInflated));
}

/**
 * The fragment that carries a consortium (its input JSON text): the compressed form where the browser can
 * make it and it is shorter, else the plain one; "" when it is too long for a link.
 */
export async function shareHash(text, { max = MAX_LINK_CHARS, compress = canCompress() } = {}) {
  const plain = encodeFragment(text);
  const packed = compress ? await encodeCompressed(text) : null;
  const hash = `#c=${packed && packed.length < plain.length ? packed : plain}`;
  return hash.length > max ? "" : hash;
}
