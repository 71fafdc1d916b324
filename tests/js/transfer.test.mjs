import assert from "node:assert/strict";
import { test } from "node:test";

import { defaultState, stateFromInput, toInput } from "../../docs/assets/javascripts/checker/form-state.mjs";
import { exportCsv, exportJson, importBytes, MAX_IMPORT_BYTES, sizeProblem } from "../../docs/assets/javascripts/checker/transfer.mjs";
import { catalogIndex, exampleConsortia } from "./helpers.mjs";

const index = catalogIndex();
const encode = (text) => new TextEncoder().encode(text);

test("an exported JSON file imports to the same input, for every example consortium", () => {
  const empty = defaultState(index);
  for (const [name, input] of exampleConsortia()) {
    const state = stateFromInput(input, index);
    const { state: back, what } = importBytes(encode(exportJson(state, index)), "consortium.json", empty, index);
    assert.deepEqual(toInput(back, index), input, name);
    assert.match(what, /participants and the call/);
  }
});

test("an exported CSV file replaces the participants only", () => {
  const [[, first], [, second]] = exampleConsortia().slice(2, 4);
  const a = stateFromInput(first, index);
  const b = stateFromInput(second, index);
  const { state, what } = importBytes(encode(exportCsv(b, index)), "partners.csv", a, index);
  const input = toInput(state, index);
  assert.deepEqual(input.participants, second.participants);
  assert.equal(input.programme, first.programme);
  assert.equal(input.call_year, first.call_year);
  assert.equal(what, `${second.participants.length} participants`);
});

test("a bare list of participants keeps the call; a separator other than ',' is told", () => {
  const current = stateFromInput(exampleConsortia()[0][1], index);
  const list = [{ name: "Solo", country: "DE", role: "coordinator" }];
  const { state } = importBytes(encode(JSON.stringify(list)), "people.json", current, index);
  assert.deepEqual(toInput(state, index), { ...toInput(current, index), participants: list });
  const notes = [];
  importBytes(encode("name;country;role\nA;DE;coordinator\n"), "p.csv", current, index, notes);
  assert.deepEqual(notes, ["read with “;” as the separator"]);
});

test("a file with unknown fields or columns is refused, naming them and the allowed ones", () => {
  const current = defaultState(index);
  const input = { ...exampleConsortia()[0][1], comment: "from our CRM" };
  assert.throws(() => importBytes(encode(JSON.stringify(input)), "crm.json", current, index), /^Error: comment: unknown field \(allowed: programme,/);
  assert.throws(
    () => importBytes(encode("name;country;role;Notes\nA;DE;coordinator;x\n"), "p.csv", current, index),
    /csv column notes: unknown column \(allowed: name, country, role, type, controlled_by, flags, pic\)/,
  );
  assert.throws(() => importBytes(encode('{"participants": [}'), "x.json", current, index), /it is not valid JSON/);
  assert.throws(() => importBytes(encode("   \n"), "x.csv", current, index), /only blank space/);
});

test("file sizes: empty and too large are refused before reading", () => {
  assert.equal(sizeProblem(0), "the file is empty");
  assert.equal(sizeProblem(MAX_IMPORT_BYTES), null);
  assert.match(sizeProblem(11e6), /11\.0 MB; the checker reads files up to 5 MB/);
});
