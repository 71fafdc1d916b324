import assert from "node:assert/strict";
import { test } from "node:test";

import { closest, editDistance, unknownMessage, validateInput } from "../../docs/assets/javascripts/checker/contract.mjs";
import { engineCatalog, exampleConsortia, python } from "./helpers.mjs";

const catalog = engineCatalog();
const DESIGN = exampleConsortia().find(([name]) => name === "design-example.json")[1];

test("every example consortium has the shape the page accepts", () => {
  for (const [name, input] of exampleConsortia()) assert.deepEqual(validateInput(input, catalog), [], name);
});

test("the field lists are the engine's, from catalog()", () => {
  assert.deepEqual(catalog.input.participant_fields, ["name", "country", "role", "type", "controlled_by", "flags", "pic"]);
  assert.ok(catalog.input.fields.includes("participants") && catalog.input.fields.includes("topic"));
});

test("shape errors name the field", () => {
  const cases = [
    [[1, 2], /it holds a list, not a consortium/],
    [{ ...DESIGN, participants: "Uni A, Firm B" }, /participants must be a list, not string/],
    [{ ...DESIGN, participants: undefined }, /participants must be a list, not undefined/],
    [{ programme: "horizon-europe" }, /there is no "participants" list/],
    [{ ...DESIGN, programme: ["horizon-europe"] }, /programme must be text, not a list/],
    [{ ...DESIGN, call_year: { year: 2025 } }, /call_year must be a year such as 2025, not an object/],
    [{ ...DESIGN, topic: ["NO"] }, /topic must be an object, not a list/],
    [{ ...DESIGN, participants: [null] }, /participants\[0\] must be an object/],
    [{ ...DESIGN, participants: [{ name: "A", country: "DE", role: "coordinator", flags: [1] }] }, /participants\[0\]\.flags must be a list of text/],
    [{ ...DESIGN, participants: [{ name: true, country: "DE", role: "coordinator" }] }, /participants\[0\]\.name must be text, not true/],
  ];
  for (const [data, expected] of cases) assert.match(validateInput(data, catalog).join("; "), expected);
  const many = { ...DESIGN, participants: Array.from({ length: 20 }, () => 7) };
  assert.equal(validateInput(many, catalog).length, 9);
  assert.equal(validateInput(many, catalog).at(-1), "and more");
});

test("unknown fields get the engine's very message, did-you-mean hint included", () => {
  const inputs = [
    { ...DESIGN, colour: "blue" },
    { ...DESIGN, Programme: "horizon-europe" },
    { ...DESIGN, participants: [{ ...DESIGN.participants[0], contry: "FR" }] },
    { ...DESIGN, participants: [{ ...DESIGN.participants[0], controlled_by: "X", controled_by: "Y" }] },
    { ...DESIGN, participants: [{ ...DESIGN.participants[0], ["x".repeat(100)]: 1 }] },
    { ...DESIGN, topic: { eligible_country: ["NO"] } },
    { ...DESIGN, programme: "horizon-2020", call_year: 2018, call_id: undefined, deadline: undefined, part: undefined, action: "RIA", topic: { china_ria_exempt: true } },
  ];
  const engine = python(
    "from horizon_eligibility import worker\nprint(json.dumps([json.loads(worker.check(json.dumps(d)))['error'] for d in DATA]))",
    inputs,
  );
  inputs.forEach((input, k) => {
    const errors = validateInput(input, catalog);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0], engine[k]);
  });
});

test("did-you-mean agrees with the engine's on slips and refuses wild guesses", () => {
  const allowed = catalog.input.participant_fields;
  const typed = ["contry", "Country ", "rloe", "controlled-by", "controledby", "flag", "type", "typ", "nmae", "budget", "x", "", "c".repeat(61)];
  const engine = python("from horizon_eligibility.inputs import closest\nprint(json.dumps([closest(t, tuple(DATA[1])) for t in DATA[0]]))", [typed, allowed]);
  assert.deepEqual(typed.map((t) => closest(t, allowed)), engine);
  assert.equal(closest("rloe", allowed), "role");
  assert.equal(closest("budget", allowed), null);
  assert.equal(editDistance("ab", "ba"), 1);
  assert.equal(editDistance("kitten", "sitting"), 3);
  assert.equal(unknownMessage("column", "nmae", ["name"]), 'unknown column, did you mean "name"? (allowed: name)');
});
