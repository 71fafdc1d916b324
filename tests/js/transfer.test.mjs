// Import and export: a JSON file is the input document as it is (the engine says what is wrong in it, on the
// fields), CSV goes to the engine's reader; the JSON export is the document, as the command line reads it.

import assert from "node:assert/strict";
import { test } from "node:test";

import { stateFromDocument, toInput } from "../../docs/assets/javascripts/checker/form-state.mjs";
import { exportCsv, exportJson, exportName, readImport, sizeProblem } from "../../docs/assets/javascripts/checker/transfer.mjs";
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
  assert.deepEqual(readImport(encode("name;country;role\nA;DE;coordinator\n"), "p.csv"), { kind: "csv", text: "name;country;role\nA;DE;coordinator\n" });
  assert.throws(() => readImport(encode('{"participants": [}'), "x.json"), /it is not valid JSON/);
  assert.throws(() => readImport(encode("   \n"), "x.csv"), /only blank space/);
  assert.throws(() => readImport(encode("[".repeat(5000)), "deep.json"), /nested more than 1,000 levels/);
  assert.throws(() => readImport(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), "sheet.csv"), /ZIP archive/);
});

test("the CSV export holds the call and the topic in header lines, then the participants; it names what it cannot carry", () => {
  const [, input] = exampleConsortia()[0];
  const { text, left } = exportCsv(stateFromDocument(input), index);
  const lines = text.split("\r\n");
  const headerLines = lines.filter((line) => /^"?# /.test(line));
  assert.equal(headerLines.length, index.catalog.input.csv_header_fields.filter((key) => key in input).length);
  assert.equal(lines.length - headerLines.length - 2, input.participants.length);
  assert.deepEqual(left, []);
  const odd = exportCsv(stateFromDocument({ participants: "x", comment: "from our CRM", action: "RIA" }), index);
  assert.deepEqual(odd, { text: "# action: RIA\r\nname,country,role,type,controlled_by\r\n", left: ["comment"] });
});

test("an export is named after the call and the day", () => {
  const day = new Date(2026, 0, 5);
  assert.equal(exportName({ call_id: "HORIZON-CL5-2025-D3-01", programme: "horizon-europe" }, "csv", day), "consortium-HORIZON-CL5-2025-D3-01-2026-01-05.csv");
  assert.equal(exportName({ programme: "horizon-europe", action: "MSCA-PF", call_year: 2025 }, "json", day), "consortium-horizon-europe-MSCA-PF-2025-2026-01-05.json");
  assert.equal(exportName({ call_id: " ../../etc/passwd ", action: ["x"] }, "csv", day), "consortium-etc-passwd-2026-01-05.csv");
  assert.equal(exportName("not an object", "json", day), "consortium-2026-01-05.json");
});

test("file sizes: empty and too large are refused before reading", () => {
  assert.equal(sizeProblem(0), "the file is empty");
  // input.limits.input_characters: the engine's limit (16 MB, README "Input policy") is the page's, so a
  // 6.8 MB file of 10,000 participants with long names is read, as the command line reads it.
  const limit = 16 * 1024 * 1024;
  assert.equal(sizeProblem(6.8e6, limit), null);
  assert.equal(sizeProblem(limit, limit), null);
  assert.match(sizeProblem(limit + 1, limit), /^the file is 16\.1 MB, larger than the 16 MB the checker reads: check that it is a consortium$/);
  assert.match(sizeProblem(17 * 1024 * 1024 + 100_000, limit), /the file is 17\.1 MB, larger than the 16 MB/);
});
