// Share links: the consortium in the page address, `#c=` + URL-safe base64 (padding optional) of the
// UTF-8 input JSON (DESIGN.md: the plain form is read forever).

import { describeJsonError } from "./files.mjs";

// Longer fragments stay out of the address bar (browsers cap URLs near 2 MB): export the file to share.
export const MAX_LINK_CHARS = 1_000_000;

/** URL-safe base64 (RFC 4648 §5, no padding) of the UTF-8 bytes of text. */
export function encodeFragment(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Inverse of encodeFragment; padding optional, standard base64 accepted too. Throws on bad input. */
export function decodeFragment(value) {
  let b64 = value.trim().replace(/-/g, "+").replace(/_/g, "/").replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new Error("the link is not valid base64");
  b64 = b64.replace(/=+$/, "");
  b64 += "=".repeat((4 - (b64.length % 4)) % 4);
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/** The consortium JSON carried by a location hash such as "#c=eyJwcm9n…", or null. Throws a readable error. */
export function consortiumFromHash(hash) {
  const match = /^#?c=(.*)$/s.exec(hash || "");
  if (!match) return null;
  let value;
  try {
    value = decodeURIComponent(match[1]);
  } catch {
    throw new Error("the link is damaged (a broken %-escape)");
  }
  if (!value.trim()) throw new Error("the link holds no consortium (nothing after #c=)");
  const bad = /[^A-Za-z0-9+/=_\-\s]/.exec(value);
  if (bad) throw new Error(`the link is damaged: “${bad[0]}” at position ${bad.index + 1} cannot appear in it`);
  if (value.replace(/[=\s]/g, "").length % 4 === 1) throw new Error("the link is cut off (its length is impossible)");
  let text;
  try {
    text = decodeFragment(value);
  } catch {
    throw new Error("the link is cut off or damaged (it does not decode to UTF-8 text)");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the link is cut off or damaged (${describeJsonError(error, text)})`, { cause: error });
  }
}

/** The fragment that carries a consortium (its input JSON text), or "" when it is too long for a link. */
export function shareHash(text, max = MAX_LINK_CHARS) {
  const hash = `#c=${encodeFragment(text)}`;
  return hash.length > max ? "" : hash;
}
