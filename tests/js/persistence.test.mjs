// Where the checker keeps a consortium: localStorage at once, the address once its (compressed) link is
// made. The link is made asynchronously, so a link opened in between must not be overwritten by it.

import assert from "node:assert/strict";
import { test } from "node:test";

import { keep, loadSaved } from "../../docs/assets/javascripts/checker/persistence.mjs";
import { consortiumFromHash } from "../../docs/assets/javascripts/checker/share-link.mjs";
import { exampleConsortia } from "./helpers.mjs";

/** A browser's address, history and storage, enough for persistence.mjs. */
function fakeBrowser(hash = "") {
  const store = new Map();
  const address = { pathname: "/checker/", search: "", hash };
  const writes = [];
  globalThis.location = address;
  globalThis.history = {
    state: null,
    replaceState(_state, _title, url) {
      writes.push(url);
      address.hash = url.slice(url.indexOf("#"));
    },
  };
  globalThis.localStorage = {
    getItem: (key) => store.get(key) ?? null,
    setItem: (key, value) => store.set(key, String(value)),
  };
  return { address, writes };
}

const [[, first], [, second]] = exampleConsortia();

test("an edit is kept in the browser at once and in the address once its link is made", async () => {
  const { address, writes } = fakeBrowser();
  const hash = await keep(JSON.stringify(first));
  assert.equal(address.hash, hash);
  assert.equal(writes.length, 1);
  assert.deepEqual(await consortiumFromHash(address.hash), first);
  assert.deepEqual(loadSaved(), first);
});

test("a link opened while an edit's link is being made wins: the address is not overwritten", async () => {
  const { address, writes } = fakeBrowser();
  const pending = keep(JSON.stringify(first)); // compressing, asynchronously
  address.hash = "#c=opened-meanwhile"; // the visitor pastes or follows another link
  assert.equal(await pending, null);
  assert.equal(address.hash, "#c=opened-meanwhile");
  assert.deepEqual(writes, []);
});

test("of two edits in flight, only the newer reaches the address", async () => {
  const { address } = fakeBrowser();
  const older = keep(JSON.stringify(first));
  const newer = keep(JSON.stringify(second));
  assert.equal(await older, null);
  const hash = await newer;
  assert.equal(address.hash, hash);
  assert.deepEqual(await consortiumFromHash(hash), second);
});
