// Where the consortium is kept: the page address (#c=…, shareable, wins on load) and localStorage (so a
// reload or a visit without a link finds the last consortium). Both may be refused by the browser; the
// other then still holds it. A saved consortium asks the browser to keep this site's storage
// (navigator.storage.persist()), so that it is not evicted with the cache when space runs short.

import { parseDocument } from "./document.mjs";
import { consortiumFromHash, shareHash } from "./share-link.mjs";

export const STORAGE_KEY = "horizon-eligibility:checker:v1";
let persistAsked = false;
let writes = 0; // links are made asynchronously (compression): only the newest may reach the address

/** The input document last saved in this browser, or null (none, storage unavailable, or unreadable). */
export function loadSaved() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return saved ? parseDocument(saved) : null;
  } catch {
    return null;
  }
}

/** The input document a link in the address carries, or null; rejects with a readable error for a damaged link. */
export function loadFromAddress() {
  return consortiumFromHash(location.hash);
}

function askToPersist() {
  if (persistAsked) return;
  persistAsked = true;
  // Chromium grants it silently to a site the visitor uses; others may ask or decline: either is fine.
  navigator.storage?.persist?.().catch(() => {});
}

/**
 * Keep an input (its JSON text) in localStorage at once, and in the address once its link is made.
 * Resolves with the hash now in the address: "" when the consortium is too long for a link (it is then
 * kept in localStorage only; export to share), null when a newer edit, or a link opened meanwhile, has
 * overtaken this one.
 */
export async function keep(text) {
  const write = ++writes;
  // A link opened while this one is being made (pasted, or followed) must win: never overwrite it.
  const before = location.hash;
  try {
    localStorage.setItem(STORAGE_KEY, text);
    askToPersist();
  } catch {
    /* private mode or full: the link still holds the state */
  }
  const hash = await shareHash(text);
  if (write !== writes || location.hash !== before) return null;
  if (hash !== location.hash) {
    try {
      history.replaceState(history.state, "", `${location.pathname}${location.search}${hash}`);
    } catch {
      /* the browser refused the address: localStorage still holds the consortium */
    }
  }
  return hash;
}
