// The input document as the page reads and sends it: what Python's json module reads from the same text is
// what the page sends on (numbers as written included), and nothing is trimmed or resolved on the way.

import assert from "node:assert/strict";
import { test } from "node:test";

import { DocumentError, documentText, duplicateKey, kindOf, MAX_DEPTH, nestingDepth, nonNumberConstant, parseDocument, textOf, valueAt, withKey } from "../../docs/assets/javascripts/checker/document.mjs";
import { exampleConsortia, python } from "./helpers.mjs";

const rawJson = typeof JSON.rawJSON === "function" ? false : "this node has no JSON.rawJSON (node 20 needs --harmony-json-parse-with-source; make test-js sets it)";

/** Python's reading of each text, written back by json.dumps (so 2025.0 stays 2025.0), or the error it
 * refuses the text with (a number of more than 4,300 digits). */
function pythonReads(texts) {
  const code = [
    "def read(t):",
    "    try:",
    "        return json.dumps(json.loads(t), ensure_ascii=False)",
    "    except ValueError as error:",
    "        return 'refused: ' + str(error)[:40]",
    "print(json.dumps([read(t) for t in DATA]))",
  ].join("\n");
  return python(code, texts);
}

test("every example consortium reads and writes back as Python reads it", () => {
  const texts = exampleConsortia().map(([, input]) => JSON.stringify(input));
  const fromPython = pythonReads(texts);
  texts.forEach((text, k) => assert.deepEqual(JSON.parse(documentText(parseDocument(text))), JSON.parse(fromPython[k])));
});

test("numbers keep the way they were written, as the command line reads them", { skip: rawJson }, () => {
  const texts = [
    '{"call_year": 2025.0}',
    '{"call_year": 2.025e3}',
    '{"call_year": 12345678901234567890123}',
    `{"call_year": 1${"0".repeat(5000)}}`,
    '{"call_year": -0, "x": [1.50, 2]}',
  ];
  const fromPython = pythonReads(texts);
  texts.forEach((text, k) => {
    const sent = documentText(parseDocument(text));
    assert.equal(sent.replace(/\s/g, ""), text.replace(/\s/g, ""), text.slice(0, 40));
    // Python reads what the page sends as it reads the original: a float stays a float.
    assert.deepEqual(pythonReads([sent]), [fromPython[k]]);
  });
  assert.equal(textOf(parseDocument('{"y": 2025.0}').y), "2025.0");
  assert.equal(kindOf(parseDocument('{"y": 2025.0}').y), "a number");
});

test("text reaches the engine as typed: byte-order marks, invisible characters and spaces stay", () => {
  const names = ["\ufeffUni A", "Uni\u00adA ", " Uni\u200bA", "Uni A\u202e", "\ud800 lone"];
  const doc = parseDocument(JSON.stringify({ participants: names.map((name) => ({ name })) }));
  assert.deepEqual(doc.participants.map((p) => p.name), names);
  assert.deepEqual(JSON.parse(documentText(doc)).participants.map((p) => p.name), names);
});

test("nesting is measured outside strings; past the page's limit the text is refused before parsing", () => {
  assert.equal(nestingDepth('{"a": [[1], {"b": "[[[[{{{"}]}'), 3);
  assert.equal(nestingDepth('["\\"[[["]'), 1);
  const deep = "[".repeat(MAX_DEPTH + 1) + "]".repeat(MAX_DEPTH + 1);
  assert.throws(() => parseDocument(deep), /nested more than 1,000 levels deep/);
  const huge = "[".repeat(100_000) + "]".repeat(100_000);
  const started = performance.now();
  assert.throws(() => parseDocument(huge), /nested more than/);
  assert.ok(performance.now() - started < 200);
  assert.equal(parseDocument("[".repeat(MAX_DEPTH) + "]".repeat(MAX_DEPTH)).length, 1);
  assert.throws(() => parseDocument('{"a": }'), SyntaxError);
});

test("paths, keys and words", () => {
  const doc = { participants: [{ name: "A", flags: ["x"] }], topic: { eligible_countries: [] } };
  assert.equal(valueAt(doc, ["participants", 0, "flags", 0]), "x");
  assert.equal(valueAt(doc, ["participants", 1, "name"]), undefined);
  assert.equal(valueAt(doc, ["topic", "eligible_countries", 0]), undefined);
  assert.deepEqual(withKey({ a: 1, b: 2 }, "a", 3), { a: 3, b: 2 });
  assert.deepEqual(Object.keys(withKey({ a: 1, b: 2 }, "a", 3)), ["a", "b"]);
  assert.deepEqual(withKey({ a: 1 }, "a", undefined), {});
  const proto = withKey(JSON.parse('{"__proto__": {"x": 1}}'), "b", 1);
  assert.ok(Object.hasOwn(proto, "__proto__") && proto.x === undefined, "__proto__ stays a plain key");
  assert.deepEqual([kindOf("a"), kindOf(1), kindOf([]), kindOf({}), kindOf(null), kindOf(true)], ["text", "a number", "a list", "an object", "null", "true"]);
});

// The command line's JSON reader (horizon_eligibility.input_text.load_json, README "Input policy") refuses NaN
// and Infinity, which are not numbers in JSON, with these words; JSON.parse only says "Unexpected token".
test("input.json-constants: NaN and Infinity get the command line's words, not a syntax error", () => {
  for (const constant of ["NaN", "Infinity", "-Infinity"]) {
    assert.throws(
      () => parseDocument(`{"call_year": ${constant}}`),
      (error) => error instanceof DocumentError && error.message === `The input holds ${constant}, which is not a number in JSON. Write a number, or leave it out.`,
    );
  }
  // Inside text they are text; a plain syntax error stays one.
  assert.deepEqual(parseDocument('{"name": "NaN Infinity"}'), { name: "NaN Infinity" });
  assert.throws(() => parseDocument('{"name": "NaN", }'), SyntaxError);
  assert.equal(nonNumberConstant('["a\\"NaN", 1]'), null);
});

// A key given twice: JSON.parse keeps the last silently, so "programme" given twice is read as the second and
// the person sees errors about a value they may not have meant. The command line refuses it; so does the page,
// in the command line's words (horizon_eligibility.input_text.load_json).
test("input.duplicate-keys: a key given twice in one object is refused, naming it", () => {
  assert.throws(
    () => parseDocument('{"programme": "horizon-europe", "programme": "horizon-2020"}'),
    (error) => error instanceof DocumentError && /^The input gives the field 'programme' twice in one object\. Keep the one you mean and remove the other\.$/.test(error.message),
  );
  // Escapes name the same key; nesting and lists are followed; the same key in two objects is fine.
  assert.equal(duplicateKey('{"participants": [{"role": "a", "ro\\u006ce": "b"}]}'), "role");
  assert.equal(duplicateKey('{"a": {"b": 1}, "b": [{"a": 1}, {"a": 2}], "c": "a"}'), null);
  assert.equal(duplicateKey('{"a": ["a", "a"], "k": {"x": "}", "y": "{"}, "z": 1}'), null);
  assert.equal(duplicateKey('{"a": 1, "b": {"c": 1}, "a": 2}'), "a");
});
