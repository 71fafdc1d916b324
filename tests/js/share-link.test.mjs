import assert from "node:assert/strict";
import { test } from "node:test";

import { consortiumFromHash, decodeFragment, encodeFragment, shareHash } from "../../docs/assets/javascripts/checker/share-link.mjs";
import { exampleConsortia, python } from "./helpers.mjs";

test("every example consortium survives a share link, and Python's urlsafe base64 reads the same", () => {
  const examples = exampleConsortia();
  const texts = examples.map(([, input]) => JSON.stringify(input));
  const fromPython = python(
    "import base64\nprint(json.dumps([base64.urlsafe_b64encode(t.encode()).decode().rstrip('=') for t in DATA]))",
    texts,
  );
  examples.forEach(([name, input], k) => {
    assert.equal(encodeFragment(texts[k]), fromPython[k], name);
    assert.deepEqual(consortiumFromHash(`#c=${fromPython[k]}`), input, name);
  });
});

test("non-ASCII text, padding or none, standard base64 and a %-escaped link all decode", () => {
  const text = JSON.stringify({ participants: [{ name: "Zoë Ågård «B» جامعة 🧪" }] });
  const plain = encodeFragment(text);
  assert.doesNotMatch(plain, /[+/=]/);
  assert.equal(decodeFragment(plain), text);
  const padded = Buffer.from(text).toString("base64");
  assert.equal(decodeFragment(padded), text);
  assert.deepEqual(consortiumFromHash(`c=${encodeURIComponent(padded)}`), JSON.parse(text));
});

test("a damaged link says what is wrong", () => {
  const good = encodeFragment(JSON.stringify({ programme: "horizon-europe", participants: [] }));
  const cases = [
    ["#c=", /holds no consortium/],
    ["#c=%E0%A4%A", /broken %-escape/],
    [`#c=${good}!!`, /“!” at position \d+ cannot appear/],
    [`#c=${good.slice(0, -3)}`, /cut off/],
    [`#c=${good.slice(0, 1 + 4 * 5)}`, /impossible|cut off/],
    [`#c=${encodeFragment("\u00ff")}`.replace(/.$/, "A"), /cut off or damaged/],
    [`#c=${Buffer.from([0xff, 0xfe, 0xfd]).toString("base64url")}`, /does not decode to UTF-8/],
  ];
  for (const [hash, expected] of cases) assert.throws(() => consortiumFromHash(hash), expected, hash);
  assert.equal(consortiumFromHash("#section-2"), null);
  assert.equal(consortiumFromHash(""), null);
});

test("a consortium too long for an address gets no link", () => {
  assert.equal(shareHash("{}"), `#c=${encodeFragment("{}")}`);
  assert.equal(shareHash("x".repeat(300), 100), "");
});
