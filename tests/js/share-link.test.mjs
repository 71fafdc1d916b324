import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import {
  COMPRESSED,
  MAX_INFLATED_BYTES,
  consortiumFromHash,
  decodeFragment,
  encodeCompressed,
  encodeFragment,
  shareHash,
} from "../../docs/assets/javascripts/checker/share-link.mjs";
import { exampleConsortia, python, ROOT } from "./helpers.mjs";

const OLD_LINKS = JSON.parse(readFileSync(path.join(ROOT, "tests/js/fixtures/old-share-links.json"), "utf-8")).links;

test("every old (plain) link of the corpus opens the same consortium, for good", async () => {
  assert.ok(OLD_LINKS.length >= 50);
  for (const { from, hash, input } of OLD_LINKS) {
    assert.match(hash, /^#c=[A-Za-z0-9_-]+$/, from);
    assert.deepEqual(await consortiumFromHash(hash), input, from);
  }
});

test("new links are compressed, carry the version prefix, and are shorter than the plain form", async () => {
  let plain = 0;
  let packed = 0;
  for (const { from, input } of OLD_LINKS) {
    const text = JSON.stringify(input);
    const hash = await shareHash(text);
    assert.ok(hash.startsWith(`#c=${COMPRESSED}.`), from);
    assert.deepEqual(await consortiumFromHash(hash), input, from);
    plain += encodeFragment(text).length;
    packed += hash.length;
  }
  assert.ok(packed < plain * 0.75, `${packed} vs ${plain}`);
});

test("a compressed link of a large consortium round-trips, and is far shorter", async () => {
  const participants = Array.from({ length: 400 }, (_, k) => ({ name: `Université Zoë ${k} «B»`, country: k % 2 ? "DE" : "FR", role: "beneficiary" }));
  const text = JSON.stringify({ programme: "horizon-europe", action: "RIA", call_year: 2025, participants });
  const hash = await shareHash(text);
  assert.deepEqual(await consortiumFromHash(hash), JSON.parse(text));
  assert.ok(hash.length * 5 < encodeFragment(text).length, `${hash.length}`);
});

test("without compression (an old browser) the page writes the plain form, which reads back", async () => {
  const text = JSON.stringify({ participants: [{ name: "Ågård" }] });
  const hash = await shareHash(text, { compress: false });
  assert.equal(hash, `#c=${encodeFragment(text)}`);
  assert.deepEqual(await consortiumFromHash(hash), JSON.parse(text));
});

test("every example consortium survives a plain link, and Python's urlsafe base64 reads the same", async () => {
  const examples = exampleConsortia();
  const texts = examples.map(([, input]) => JSON.stringify(input));
  const fromPython = python(
    "import base64\nprint(json.dumps([base64.urlsafe_b64encode(t.encode()).decode().rstrip('=') for t in DATA]))",
    texts,
  );
  for (const [k, [name, input]] of examples.entries()) {
    assert.equal(encodeFragment(texts[k]), fromPython[k], name);
    assert.deepEqual(await consortiumFromHash(`#c=${fromPython[k]}`), input, name);
  }
});

test("a compressed link is deflate-raw, as Python's zlib reads it", async () => {
  const text = JSON.stringify({ participants: [{ name: "Zoë جامعة 🧪" }] });
  const payload = (await encodeCompressed(text)).slice(COMPRESSED.length + 1);
  const inflated = python(
    "import base64, zlib\nb = base64.urlsafe_b64decode(DATA + '=' * (-len(DATA) % 4))\nprint(json.dumps(zlib.decompress(b, -15).decode()))",
    payload,
  );
  assert.equal(inflated, text);
});

test("non-ASCII text, padding or none, standard base64 and a %-escaped link all decode", async () => {
  const text = JSON.stringify({ participants: [{ name: "Zoë Ågård «B» جامعة 🧪" }] });
  const plain = encodeFragment(text);
  assert.doesNotMatch(plain, /[+/=]/);
  assert.equal(decodeFragment(plain), text);
  const padded = Buffer.from(text).toString("base64");
  assert.equal(decodeFragment(padded), text);
  assert.deepEqual(await consortiumFromHash(`c=${encodeURIComponent(padded)}`), JSON.parse(text));
  const packed = await shareHash(text);
  assert.deepEqual(await consortiumFromHash(`#c=${encodeURIComponent(packed.slice(3))}`), JSON.parse(text));
});

test("a damaged link says what is wrong", async () => {
  const good = encodeFragment(JSON.stringify({ programme: "horizon-europe", participants: [] }));
  const packed = (await shareHash(JSON.stringify(OLD_LINKS[0].input))).slice(3);
  assert.ok(packed.startsWith(`${COMPRESSED}.`));
  const cases = [
    ["#c=", /holds no consortium/],
    ["#c=%E0%A4%A", /broken %-escape/],
    [`#c=${good}!!`, /“!” at position \d+ cannot appear/],
    [`#c=${good.slice(0, -3)}`, /cut off/],
    [`#c=${good.slice(0, 1 + 4 * 5)}`, /impossible|cut off/],
    [`#c=${encodeFragment("\u00ff")}`.replace(/.$/, "A"), /cut off or damaged/],
    [`#c=${Buffer.from([0xff, 0xfe, 0xfd]).toString("base64url")}`, /does not decode to UTF-8/],
    [`#c=${packed.slice(0, -6)}`, /cut off or damaged/],
    [`#c=${packed}!`, /not valid base64/],
    ["#c=z9.abcd", /newer version of this page/],
  ];
  for (const [hash, expected] of cases) await assert.rejects(consortiumFromHash(hash), expected, hash);
  assert.equal(await consortiumFromHash("#section-2"), null);
  assert.equal(await consortiumFromHash(""), null);
});

test("a consortium too long for an address gets no link", async () => {
  assert.equal(await shareHash("{}", { compress: false }), `#c=${encodeFragment("{}")}`);
  assert.equal(await shareHash("x".repeat(300), { max: 100, compress: false }), "");
});

test("a link that inflates far past any consortium is refused while inflating, quickly", async () => {
  // 64 MB of one repeated character packs into about 64 KB; the page stops at MAX_INFLATED_BYTES.
  const bomb = await through(new CompressionStream("deflate-raw"), new Uint8Array(64 * 1024 * 1024).fill(0x20));
  const hash = `#c=${COMPRESSED}.${Buffer.from(bomb).toString("base64url")}`;
  const started = performance.now();
  await assert.rejects(consortiumFromHash(hash), /unpacks to more than 10 MB/);
  assert.ok(performance.now() - started < 3000, `${performance.now() - started} ms`);
  await assert.rejects(consortiumFromHash(hash, { maxInflated: 1024 }), /more than 0\.0009765625 MB|more than/);
  assert.equal(MAX_INFLATED_BYTES, 10 * 1024 * 1024);
  const small = await shareHash(JSON.stringify({ participants: [] }));
  assert.deepEqual(await consortiumFromHash(small, { maxInflated: 100 }), { participants: [] });
});

test("a link holds the document as given: what the engine refuses is not refused here", async () => {
  for (const doc of [[1, 2, 3], { participants: { name: "A" } }, { topic: { eligible_countries: [] }, x: "true" }]) {
    const text = JSON.stringify(doc);
    assert.deepEqual(await consortiumFromHash(`#c=${encodeFragment(text)}`), doc);
    assert.deepEqual(await consortiumFromHash(await shareHash(text)), doc);
  }
  const deep = encodeFragment("[".repeat(2000) + "]".repeat(2000));
  await assert.rejects(consortiumFromHash(`#c=${deep}`), /cannot be opened: it holds data nested more than/);
});

// NaN in a link is not a damaged link: the command line's words (input_text.load_json), as for a file. A key
// given twice is refused as the command line refuses it.
test("input.json-constants, input.duplicate-keys: a link holding NaN or a key twice says so, not 'damaged'", async () => {
  const nan = `#c=${encodeFragment('{"call_year": NaN}')}`;
  await assert.rejects(consortiumFromHash(nan), (error) => /The input holds NaN, which is not a number in JSON\. Write a number, or leave it out\./.test(error.message) && !/damaged/.test(error.message));
  const twice = await shareHash('{"action": "IA", "action": "RIA"}');
  await assert.rejects(consortiumFromHash(twice), /'action' twice in one object/);
});

async function through(stream, bytes) {
  const piped = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}
