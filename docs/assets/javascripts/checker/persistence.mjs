// Where the consortium is kept: the page address (#c=…, shareable, wins on load) and localStorage (so a
// reload or a visit without a link finds the last consortium). Both may be refused by the browser; the
// other then still holds it.

import { consortiumFromHash, shareHash } from "./share-link.mjs";

export const STORAGE_KEY = "horizon-eligibility:checker:v1";

/** The input last saved in this browser, or null (none, storage unavailable, or unreadable). */
export function loadSaved() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return saved ? JSON.parse(saved) : null;
  } catch {
    return null;
  }
}

/** The input a link in the address carries, or null; throws a readable error for a damaged link. */
export function loadFromAddress() {
  return consortiumFromHash(location.hash);
}

/**
 * Keep an input (its JSON text) in the address and in localStorage. Returns the hash now in the address:
 * "" when the consortium is too long for a link (it is then kept in localStorage only; export to share).
 */
export function keep(text) {
  const hash = shareHash(text);
  if (hash !== location.hash) {
    try {
      history.replaceState(history.state, "", `${location.pathname}${location.search}${hash}`);
    } catch {
      /* the browser refused the address: localStorage still holds the consortium */
    }
  }
  try {
    localStorage.setItem(STORAGE_KEY, text);
  } catch {
    /* private mode or full: the link still holds the state */
  }
  return hash;
}
