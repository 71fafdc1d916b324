// The form's state is the input document: whatever a link or a file holds reaches the engine unchanged, and a
// form control edits only its own value in it (blank means absent, as a command-line user writes it).

import assert from "node:assert/strict";
import { test } from "node:test";

import * as fs from "../../docs/assets/javascripts/checker/form-state.mjs";
import { catalogIndex, exampleConsortia } from "./helpers.mjs";

const index = catalogIndex();
const EXAMPLES = exampleConsortia();
const design = () => structuredClone(EXAMPLES.find(([name]) => name === "design-example.json")[1]);

test("every example consortium is sent as it came", () => {
  assert.ok(EXAMPLES.length >= 50);
  for (const [name, input] of EXAMPLES) {
    const state = fs.stateFromDocument(structuredClone(input));
    assert.deepEqual(fs.toInput(state), input, name);
    assert.equal(fs.rowsOf(state).length, input.participants.length, name);
  }
});

test("what the form cannot show reaches the engine unchanged: unknown fields, text booleans, empty lists, odd values", () => {
  const doc = {
    programme: "horizon-europe",
    call_year: "2025",
    comment: "from our CRM",
    topic: { eligible_countries: [], high_risk_suppliers_excluded: "true", control_restriction: 1 },
    participants: [{ name: "\ufeffUni A ", country: "South Korea", role: "Coordinator", flags: [""], crm_id: 7 }, 42, null],
  };
  const state = fs.stateFromDocument(structuredClone(doc));
  assert.deepEqual(fs.toInput(state), doc);
  // An edit elsewhere leaves every other value as it was.
  const edited = fs.setField(state, "call_id", "HORIZON-CL5-2025-D3-01");
  assert.deepEqual(fs.toInput(edited), { ...doc, call_id: "HORIZON-CL5-2025-D3-01" });
  const row = fs.editRow(edited, edited.uids[0], "type", "university");
  assert.deepEqual(fs.toInput(row).participants[0], { ...doc.participants[0], type: "university" });
  assert.deepEqual(fs.toInput(row).topic, doc.topic);
});

test("a fresh form: the latest programme, its first action (RIA), no call year, one blank row", () => {
  const state = fs.defaultState(index);
  assert.deepEqual(fs.toInput(state), { programme: "horizon-europe", action: "RIA", participants: [{}] });
  assert.ok(fs.untouched(state));
  assert.ok(!fs.untouched(fs.editRow(state, state.uids[0], "name", "U")));
  assert.equal(fs.defaultState(index, "horizon-2020").doc.action, "RIA");
});

test("typed text is stored as typed; a blank control removes its field; a whole year becomes a number", () => {
  let s = fs.defaultState(index);
  s = fs.setField(s, "call_id", "  HORIZON-CL5-2025-D3-01 ");
  assert.equal(s.doc.call_id, "  HORIZON-CL5-2025-D3-01 ");
  s = fs.setField(s, "call_year", "2024");
  assert.equal(s.doc.call_year, 2024);
  assert.equal(fs.setField(s, "call_year", "next year").doc.call_year, "next year");
  assert.equal(fs.setField(s, "call_year", "2025.0").doc.call_year, "2025.0");
  assert.ok(!("call_year" in fs.setField(s, "call_year", "").doc));
  s = fs.editRow(s, s.uids[0], "name", " Uni Ä ");
  s = fs.editRow(s, s.uids[0], "country", "Germany");
  assert.deepEqual(s.doc.participants[0], { name: " Uni Ä ", country: "Germany" });
  assert.deepEqual(fs.editRow(s, s.uids[0], "country", "").doc.participants[0], { name: " Uni Ä " });
});

test("a PIC is a field of the row like the others: stored as typed, removed when emptied, never looked up here", () => {
  let s = fs.stateFromDocument({ programme: "horizon-europe", participants: [{ pic: 999984059, role: "coordinator" }] });
  assert.deepEqual(fs.toInput(s).participants[0], { pic: 999984059, role: "coordinator" }, "a number stays a number");
  s = fs.editRow(s, s.uids[0], "pic", " 999997930 ");
  assert.deepEqual(fs.toInput(s).participants[0], { pic: " 999997930 ", role: "coordinator" });
  assert.deepEqual(fs.toInput(fs.editRow(s, s.uids[0], "pic", "")).participants[0], { role: "coordinator" });
});

test("countries typed in a topic box are a list, each as typed; an empty list is a choice of its own", () => {
  assert.deepEqual(fs.countryList("norway, CH;  South Korea,"), ["norway", "CH", "South Korea"]);
  assert.equal(fs.countryList("  "), undefined);
  assert.deepEqual(fs.countryList("\ufeffNO"), ["\ufeffNO"], "only spaces and tabs are separators, not a byte-order mark");
  let s = fs.defaultState(index);
  s = fs.setTopic(s, "eligible_countries", []);
  assert.deepEqual(s.doc.topic, { eligible_countries: [] });
  s = fs.setTopic(s, "eligible_countries", undefined);
  assert.ok(!("topic" in s.doc), "an emptied topic goes");
});

test("the pasted conditions' reading is kept beside the document, which it never changes", () => {
  let s = fs.stateFromDocument({ programme: "horizon-europe", topic: { eligible_countries: ["JP"] }, participants: [] });
  s = fs.setTopicText(s, "Participation is limited to ...");
  const read = fs.adoptReading(s, "Participation is limited to ...", { topic: { eligible_countries: ["JP", "KR"] }, clauses: [], uninterpreted: [] });
  assert.deepEqual(read.doc, s.doc, "a typed option and the text both reach the engine");
  assert.deepEqual(fs.optionsFromText(read), { eligible_countries: ["JP", "KR"] });
  assert.equal(fs.adoptReading(s, "another text", read.topic_reading), s, "a reading of an older text is dropped");
  assert.equal(fs.setTopicText(read, "changed").topic_reading, null);
});

test("another programme drops the old one's action, part and topic options, and keeps what the form does not know", () => {
  const [, input] = EXAMPLES.find(([name]) => name === "china-2026-ria-exempt-destination.json");
  const state = fs.stateFromDocument({ ...structuredClone(input), part: "pillar-2", comment: "x", topic: { ...input.topic, mystery: 1 } });
  const h2020 = fs.chooseProgramme(state, index, "horizon-2020");
  assert.equal(h2020.doc.programme, "horizon-2020");
  assert.ok(!("part" in h2020.doc));
  assert.deepEqual(h2020.doc.topic, { mystery: 1 }, "no Horizon 2020 topic has china_ria_exempt");
  assert.equal(h2020.doc.comment, "x");
  assert.equal(h2020.doc.call_year, input.call_year, "the year is the engine's to refuse");
  assert.ok(index.action("horizon-2020", h2020.doc.action), h2020.doc.action);
  assert.equal(state.doc.topic.china_ria_exempt, true, "the previous state is left as it was");
});

test("an action with a fixed part: a hand-picked other part goes back to automatic; a part in a link stays", () => {
  const fixed = catalogIndex((c) => {
    c.programmes.find((p) => p.id === "horizon-europe").actions.find((a) => a.id === "ERC-StG").fixed_part = "pillar-1";
    return c;
  });
  const state = fs.stateFromDocument({ programme: "horizon-europe", action: "RIA", part: "pillar-2", participants: [] });
  const erc = fs.chooseAction(state, fixed, "ERC-StG");
  assert.equal(fs.fixedPart(erc, fixed), "pillar-1");
  assert.ok(!("part" in erc.doc));
  const linked = fs.stateFromDocument({ ...state.doc, action: "ERC-StG" });
  assert.equal(fs.toInput(linked).part, "pillar-2", "sent as given: the engine says it contradicts the action");
  assert.equal(fs.chooseAction(state, fixed, "IA").doc.part, "pillar-2");
  assert.ok(!("action" in fs.chooseAction(state, fixed, "").doc), "“Choose…” leaves the action out");
});

test("rows are added, moved, duplicated and removed without touching the previous state", () => {
  const start = fs.stateFromDocument(design());
  const names = (s) => s.doc.participants.map((p) => p.name);
  const [a, b] = start.uids;
  assert.deepEqual(names(fs.moveRow(start, b, -1)).slice(0, 2), [start.doc.participants[1].name, start.doc.participants[0].name]);
  assert.deepEqual(fs.moveRow(start, b, -1).uids.slice(0, 2), [b, a], "the row ids move with their rows");
  assert.equal(fs.moveRow(start, a, -1), start, "the first row cannot move up");
  const { state: copied, uid } = fs.duplicateRow(start, a);
  assert.equal(copied.uids[1], uid);
  assert.equal(copied.doc.participants[1].name, `${start.doc.participants[0].name} (copy)`);
  const { state: removed, removed: gone, next } = fs.removeRow(start, start.uids.at(-1));
  assert.equal(gone.name, design().participants.at(-1).name);
  assert.equal(next, start.uids.at(-2), "the row before takes the focus when the last goes");
  assert.equal(removed.doc.participants.length, start.doc.participants.length - 1);
  const { state: added, uid: blank } = fs.addRow(start);
  assert.equal(added.uids.at(-1), blank);
  assert.deepEqual(added.doc.participants.at(-1), {});
  assert.deepEqual(start.doc, design());
  assert.throws(() => fs.editRow(start, "nope", "name", "x"), /no participant row nope/);
});

test("rows that are not participants, and participants that are not a list", () => {
  const s = fs.stateFromDocument({ participants: [7, { name: "A" }] });
  assert.deepEqual(fs.editRow(s, s.uids[0], "name", "B").doc.participants, [{ name: "B" }, { name: "A" }]);
  const odd = fs.stateFromDocument({ participants: "Uni A, Firm B" });
  assert.deepEqual(fs.rowsOf(odd), []);
  assert.deepEqual(fs.addRow(odd).state.doc.participants, [{}], "adding a row starts a list in its place");
  const extra = fs.stateFromDocument({ participants: [{ name: "A", crm_id: 1 }], comment: "c", topic: { x: 1 } });
  assert.deepEqual(fs.removeField(extra, extra.uids[0], "crm_id").doc.participants, [{ name: "A" }]);
  assert.ok(!("comment" in fs.removeField(extra, "", "comment").doc));
  assert.ok(!("topic" in fs.removeField(extra, "topic", "x").doc));
});
