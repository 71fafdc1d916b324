import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import {
  COMPRESSED,
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
