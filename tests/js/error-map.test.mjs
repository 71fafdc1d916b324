// Each of the engine's input errors belongs to the form control that edits what it is about: its path (a JSON
// path with 0-based indices, the engine's) gives the control's key.

import assert from "node:assert/strict";
import { test } from "node:test";

import { byKey, errorsToShow, fieldKey, parsePath, rowOfKey } from "../../docs/assets/javascripts/checker/error-map.mjs";
import { defaultState, setField, stateFromDocument } from "../../docs/assets/javascripts/checker/form-state.mjs";
import { catalogIndex, python } from "./helpers.mjs";

const index = catalogIndex();

test("paths parse into their steps", () => {
  assert.deepEqual(parsePath("participants[2].country"), ["participants", 2, "country"]);
  assert.deepEqual(parsePath("topic.eligible_countries[1]"), ["topic", "eligible_countries", 1]);
  assert.deepEqual(parsePath("topic.composition[0].min"), ["topic", "composition", 0, "min"]);
  assert.deepEqual(parsePath(""), []);
  assert.deepEqual(parsePath("participants[0].aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…"), ["participants", 0, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…"]);
  assert.equal(parsePath("a[0]b"), null);
  assert.equal(parsePath("a."), null);
});

test("each path names the control that edits it", () => {
  const state = stateFromDocument({
    programme: "horizon-europe",
    comment: "x",
    topic: { eligible_countries: ["XX"], high_risk_suppliers_excluded: "true", colour: 1 },
    participants: [{ name: "A", country: "Atlantis", crm_id: 1 }, 7],
  });
  const [a, b] = state.uids;
  const cases = {
    "": "",
    call_year: "call_year",
    deadline: "deadline",
    part: "part",
    comment: "extra:comment",
    nothing_here: "",
    participants: "participants",
    "participants[0]": `row:${a}`,
    "participants[0].country": `row:${a}:country`,
    "participants[0].flags[3]": `row:${a}:flags`,
    "participants[0].crm_id": `row:${a}:extra:crm_id`,
    "participants[0].pic": `row:${a}:pic`,
    "participants[0].gone": `row:${a}`,
    "participants[1]": `row:${b}`,
    "participants[5].name": "participants",
    topic: "topic",
    "topic.eligible_countries[0]": "topic:eligible_countries",
    "topic.high_risk_suppliers_excluded": "topic:high_risk_suppliers_excluded",
    "topic.conditions_text": "topic:conditions_text",
    "topic.colour": "topic:extra:colour",
    "topic.composition[0].min": "topic:composition",
  };
  for (const [path, key] of Object.entries(cases)) assert.equal(fieldKey(path, state, index), key, path);
  assert.equal(rowOfKey(`row:${a}:extra:crm_id`), a);
  assert.equal(rowOfKey("topic"), null);
});

test("a fresh form says what to do: errors about fields not filled yet are left out until a participant is typed", () => {
  const fresh = setField(defaultState(index), "call_id", "HORIZON-XX");
  const errors = [
    { path: "call_year", field: "call_year", message: "Give the call year.", hint: null },
    { path: "call_id", field: "call_id", message: "Not a call we know.", hint: null },
    { path: "participants[0].name", field: "name", message: "Participant 1: no name.", hint: null },
  ];
  assert.deepEqual(errorsToShow(errors, fresh, index).map((e) => e.path), ["call_id"]);
  const typed = stateFromDocument({ ...fresh.doc, participants: [{ name: "A" }] });
  assert.deepEqual(errorsToShow(errors, typed, index).map((e) => e.key), ["call_year", "call_id", `row:${typed.uids[0]}:name`]);
  assert.deepEqual([...byKey(errorsToShow(errors, typed, index)).keys()], ["call_year", "call_id", `row:${typed.uids[0]}:name`]);
});

test("every error path the engine gives names a control of the form (only the input as a whole has none)", () => {
  const base = { programme: "horizon-europe", action: "RIA", call_year: 2025, participants: [{ name: "A", country: "DE", role: "coordinator" }] };
  const docs = [
    { ...base, programme: "horizon-2030" },
    { ...base, action: "XYZ", call_id: 7, deadline: "2025-W15-1", part: "pillar-9", comment: "x" },
    { ...base, call_year: 2025.5 },
    { ...base, topic: { eligible_countries: ["Atlantis", 3], high_risk_suppliers_excluded: "true", colour: 1, composition: [{ text: "x", min: 0 }] } },
    { ...base, topic: ["NO"] },
    { ...base, participants: [{ name: "", country: "Korea", role: "partner", type: "charity", controlled_by: 3, flags: ["", "hacker"], crm_id: 1 }, 7, null] },
    { ...base, participants: "Uni A" },
    { ...base, participants: [] },
    // Participants given by PIC (the organisation directory): a PIC that is none, and one CORDIS does not know.
    { ...base, participants: [{ pic: "12", role: "coordinator" }, { pic: "123456789", role: "beneficiary" }, { pic: ["x"] }] },
    [1, 2, 3],
  ];
  const replies = python("from horizon_eligibility import worker\nprint(json.dumps([json.loads(worker.check(json.dumps(d))) for d in DATA]))", docs);
  let paths = 0;
  replies.forEach((reply, k) => {
    assert.equal(reply.ok, false, JSON.stringify(docs[k]));
    const state = stateFromDocument(docs[k]);
    for (const error of reply.errors) {
      paths += 1;
      const key = fieldKey(error.path, state, index);
      if (error.path === "") assert.equal(key, "", JSON.stringify(error));
      else assert.notEqual(key, "", JSON.stringify(error));
      assert.doesNotMatch(error.message, /participants\[\d/, "the engine's messages are plain words");
    }
  });
  assert.ok(paths >= 20, `${paths} errors`);
});
