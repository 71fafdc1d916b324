import assert from "node:assert/strict";
import { test } from "node:test";

import * as fs from "../../docs/assets/javascripts/checker/form-state.mjs";
import { catalogIndex, exampleConsortia } from "./helpers.mjs";

const index = catalogIndex();
const EXAMPLES = exampleConsortia();

test("every example consortium survives input -> form state -> input unchanged", () => {
  assert.ok(EXAMPLES.length >= 50);
  for (const [name, input] of EXAMPLES) {
    const state = fs.stateFromInput(structuredClone(input), index);
    assert.deepEqual(fs.toInput(state, index), input, name);
  }
});

test("what is typed becomes the engine's input: codes for country names, numbers for years, no empty fields", () => {
  const state = fs.defaultState(index, new Date("2025-03-01"));
  assert.equal(state.programme, "horizon-europe");
  assert.equal(state.call_year, "2025");
  let next = fs.setField(state, "call_id", "  HORIZON-CL5-2025-D3-01 ");
  next = fs.setField(next, "call_year", "");
  next = fs.editRow(next, next.rows[0].uid, { name: " Uni Ä ", country: "Germany", role: "coordinator", flags: ["sanctioned"] });
  next = fs.setTopic(next, "eligible_countries", "norway, CH;  ");
  assert.deepEqual(fs.toInput(next, index), {
    programme: "horizon-europe",
    action: state.action,
    call_id: "HORIZON-CL5-2025-D3-01",
    topic: { eligible_countries: ["NO", "CH"] },
    participants: [{ name: "Uni Ä", country: "DE", role: "coordinator", flags: ["sanctioned"] }],
  });
  assert.equal(fs.toInput(fs.setField(next, "call_year", "next year"), index).call_year, "next year"); // for the engine to refuse
});

test("a participant given by PIC: the PIC is sent, and the engine fills in what the row leaves empty", () => {
  const state = fs.stateFromInput({ programme: "horizon-europe", action: "RIA", call_year: 2025, participants: [{ pic: 999984059, role: "coordinator" }] }, index);
  assert.equal(state.rows[0].pic, "999984059"); // a number (YAML, a hand-written file) becomes text
  const input = fs.toInput(fs.editRow(state, state.rows[0].uid, { pic: " 999997930 " }), index);
  assert.deepEqual(input.participants, [{ name: "", country: "", role: "coordinator", pic: "999997930" }]);
  assert.deepEqual(fs.toInput(fs.editRow(state, state.rows[0].uid, { pic: "" }), index).participants[0].pic, undefined);
});

test("the default year stays within the programme's calls", () => {
  const latest = index.latestProgramme();
  assert.equal(fs.defaultState(index, new Date("2090-01-01")).call_year, String(latest.last_call_year));
  assert.equal(fs.defaultState(index, new Date("1990-01-01")).call_year, String(latest.first_call_year));
});

test("another programme keeps what still fits and drops what does not", () => {
  const [, input] = EXAMPLES.find(([name]) => name === "china-2026-ria-exempt-destination.json");
  const state = fs.stateFromInput(input, index);
  assert.equal(state.topic.china_ria_exempt, true);
  const h2020 = fs.chooseProgramme({ ...state, part: "pillar-2" }, index, "horizon-2020");
  assert.equal(h2020.call_year, "2020"); // the last year of Horizon 2020 calls
  assert.equal(h2020.part, null);
  assert.deepEqual(h2020.topic, {}); // no Horizon 2020 topic has that option
  assert.ok(index.action("horizon-2020", h2020.action), h2020.action);
  assert.equal(state.topic.china_ria_exempt, true, "the previous state is left as it was");
});

test("an action with a fixed part: a hand-picked other part goes back to automatic, and is never sent", () => {
  const fixed = catalogIndex((c) => {
    c.programmes.find((p) => p.id === "horizon-europe").actions.find((a) => a.id === "ERC-StG").fixed_part = "pillar-1";
    return c;
  });
  const ercId = "ERC-StG";
  const state = { ...fs.defaultState(fixed), action: "RIA", part: "pillar-2" };
  const erc = fs.chooseAction(state, fixed, ercId);
  assert.equal(fs.fixedPart(erc, fixed), "pillar-1");
  assert.equal(erc.part, null);
  assert.equal(fs.toInput({ ...erc, part: "pillar-2" }, fixed).part, "pillar-1"); // e.g. from an old link
  assert.equal(fs.chooseAction({ ...state, part: "pillar-1" }, fixed, ercId).part, "pillar-1");
  assert.equal(fs.fixedPart(state, fixed), null);
  assert.equal(fs.chooseAction(state, fixed, "IA").part, "pillar-2"); // no fixed part: the choice stays
});

test("rows are added, moved, duplicated and removed without touching the previous state", () => {
  const [, input] = EXAMPLES.find(([name]) => name === "design-example.json");
  const start = fs.stateFromInput(input, index);
  const names = (s) => s.rows.map((r) => r.name);
  const [a, b] = start.rows;
  assert.deepEqual(names(fs.moveRow(start, b.uid, -1)).slice(0, 2), [b.name, a.name]);
  assert.equal(fs.moveRow(start, a.uid, -1), start, "the first row cannot move up");
  const { state: copied, uid } = fs.duplicateRow(start, a.uid);
  assert.equal(copied.rows[1].uid, uid);
  assert.equal(copied.rows[1].name, `${a.name} (copy)`);
  assert.notEqual(copied.rows[1].flags, a.flags);
  const { state: removed, removed: gone, next } = fs.removeRow(start, start.rows.at(-1).uid);
  assert.equal(gone.name, input.participants.at(-1).name);
  assert.equal(next.uid, start.rows.at(-2).uid, "the row before takes the focus when the last goes");
  assert.equal(removed.rows.length, start.rows.length - 1);
  const { state: added, uid: blank } = fs.addRow(start);
  assert.equal(added.rows.at(-1).uid, blank);
  assert.deepEqual(names(start), input.participants.map((p) => p.name));
  assert.throws(() => fs.editRow(start, "nope", { name: "x" }), /no participant row nope/);
});

test("an input the page cannot use is refused with every reason", () => {
  const bad = { ...EXAMPLES[0][1], colour: "blue", participants: [{ name: 42, country: "DE", role: "coordinator", contry: "FR" }] };
  assert.throws(() => fs.stateFromInput(bad, index), (error) => {
    assert.match(error.message, /^colour: unknown field \(allowed: programme, action/);
    assert.match(error.message, /participants\[0\]\.contry: unknown field, did you mean "country"\?/);
    assert.match(error.message, /participants\[0\]\.name must be text, not a number/);
    return true;
  });
});
