// Share links: the consortium in the page address. Two forms, both read forever (a link once shared must open):
//   #c=<URL-safe base64 of the UTF-8 input JSON>              the plain form (padding optional)
//   #c=z1.<URL-safe base64 of the deflate-raw of that JSON>   what the page writes where it can compress
// A version prefix never decodes as the plain form ("." is not base64), so the two cannot be confused; a
// later format gets a new prefix. Where CompressionStream is missing, the page writes the plain form.

import { describeJsonError } from "./files.mjs";

// Longer fragments stay out of the address bar (browsers cap URLs near 2 MB): export the file to share.
export const MAX_LINK_CHARS = 1_000_000;
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

async function decodeCompressed(payload) {
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
    inflated = await through(new DecompressionStream(FORMAT), bytes);
  } catch {
    throw new Error("the link is cut off or damaged (it does not decompress)");
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
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the link is cut off or damaged (${describeJsonError(error, text)})`, { cause: error });
  }
}

/**
 * The consortium JSON a location hash carries ("#c=eyJwcm9n…" or "#c=z1.…"), or null when it carries
 * none. Rejects with a readable error for a damaged link or an unknown version.
 */
export async function consortiumFromHash(hash) {
  const value = linkValue(hash);
  if (value == null) return null;
  const versioned = /^([a-z][a-z0-9]*)\.(.*)$/s.exec(value.trim());
  if (!versioned) return parse(plainText(value));
  if (versioned[1] !== COMPRESSED) {
    throw new Error(`the link was made by a newer version of this page (format “${versioned[1]}”): reload the page`);
  }
  return parse(await decodeCompressed(versioned[2]));
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
