// Import and export: a JSON file is the input document as it is (the engine says what is wrong in it, on the
// fields), CSV goes to the engine's reader; the JSON export is the document, as the command line reads it.

import assert from "node:assert/strict";
import { test } from "node:test";

import { stateFromDocument, toInput } from "../../docs/assets/javascripts/checker/form-state.mjs";
import { exportCsv, exportJson, MAX_IMPORT_BYTES, readImport, sizeProblem } from "../../docs/assets/javascripts/checker/transfer.mjs";
import { catalogIndex, exampleConsortia, python } from "./helpers.mjs";

const index = catalogIndex();
const encode = (text) => new TextEncoder().encode(text);

test("an exported JSON file imports to the same document, and the command line gets the same verdict", () => {
  const examples = exampleConsortia();
  const exported = examples.map(([, input]) => exportJson(stateFromDocument(structuredClone(input))));
  examples.forEach(([name, input], k) => {
    const read = readImport(encode(exported[k]), "consortium.json");
    assert.equal(read.kind, "json");
    assert.deepEqual(toInput(stateFromDocument(read.doc)), input, name);
  });
  const code = "from horizon_eligibility import check\nprint(json.dumps([check(json.loads(t)).eligible == check(d).eligible for t, d in DATA]))";
  const same = python(code, exported.map((text, k) => [text, examples[k][1]]));
  assert.ok(same.every(Boolean));
});

test("a JSON file with unknown fields, wrong types or an empty list is taken as it is, for the engine to judge", () => {
  const doc = { comment: "from our CRM", topic: { eligible_countries: [] }, participants: [{ name: 42, crm_id: 1 }, 7] };
  const read = readImport(encode(JSON.stringify(doc)), "crm.json");
  assert.deepEqual(read, { kind: "json", doc });
  assert.deepEqual(readImport(encode("[[1, 2], [3]]"), "list.json"), { kind: "json", doc: [[1, 2], [3]] });
  assert.equal(JSON.parse(exportJson(stateFromDocument(doc))).topic.eligible_countries.length, 0);
});

test("CSV is handed to the engine as text; only what is no text or no JSON is refused here", () => {
  const notes = [];
  assert.deepEqual(readImport(encode("name;country;role\nA;DE;coordinator\n"), "p.csv", notes), { kind: "csv", text: "name;country;role\nA;DE;coordinator\n" });
  assert.deepEqual(notes, []);
  assert.throws(() => readImport(encode('{"participants": [}'), "x.json"), /it is not valid JSON/);
  assert.throws(() => readImport(encode("   \n"), "x.csv"), /only blank space/);
  assert.throws(() => readImport(encode("[".repeat(5000)), "deep.json"), /nested more than 1,000 levels/);
  assert.throws(() => readImport(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), "sheet.csv"), /ZIP archive/);
});

test("the CSV export holds the document's participants", () => {
  const [, input] = exampleConsortia()[0];
  const text = exportCsv(stateFromDocument(input), index);
  assert.equal(text.split("\r\n").length - 2, input.participants.length);
  assert.equal(exportCsv(stateFromDocument({ participants: "x" }), index), "name,country,role,type,controlled_by\r\n");
});

test("file sizes: empty and too large are refused before reading", () => {
  assert.equal(sizeProblem(0), "the file is empty");
  assert.equal(sizeProblem(MAX_IMPORT_BYTES), null);
  assert.match(sizeProblem(11e6), /11\.0 MB; the checker reads files up to 5 MB/);
});
