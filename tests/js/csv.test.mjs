// The checker's CSV export, read back by the engine's own CSV reader (csv_input.parse_csv, what the command
// line and the page's import use): the same participants come back, and no cell starts a spreadsheet formula.

import assert from "node:assert/strict";
import { test } from "node:test";

import { participantsToCsv, spreadsheetSafe } from "../../docs/assets/javascripts/checker/csv.mjs";
import { engineCatalog, exampleConsortia, python } from "./helpers.mjs";

const contract = engineCatalog().input;

/** What the engine's CSV reader makes of each text: participants, or its error. */
function engineCsv(texts) {
  return python(
    [
      "from horizon_eligibility import InputError",
      "from horizon_eligibility.csv_input import parse_csv",
      "def one(text):",
      "    try:",
      "        return {'participants': parse_csv(text)}",
      "    except InputError as error:",
      "        return {'error': str(error)}",
      "print(json.dumps([one(t) for t in DATA]))",
    ].join("\n"),
    texts,
  );
}

const ODD_NAMES = ['Uni "A", Ågård', "Firm; B", "Lab\tC", "Zoë\nline 2", "جامعة القاهرة", "=1+1", "'quoted'"];

test("every example consortium's CSV export reads back to the same participants with the engine's reader", () => {
  const examples = exampleConsortia();
  const lists = examples.map(([, input]) =>
    input.participants.map((p, k) => ({ ...p, name: k < ODD_NAMES.length ? ODD_NAMES[k] : p.name })),
  );
  const engine = engineCsv(lists.map((list) => participantsToCsv(list, contract)));
  lists.forEach((list, k) => assert.deepEqual(engine[k], { participants: list }, examples[k][0]));
});

test("the flags column appears only when a participant has flags", () => {
  assert.equal(participantsToCsv([{ name: "A", country: "DE", role: "coordinator" }], contract).split("\r\n")[0], "name,country,role,type,controlled_by");
  const text = participantsToCsv([{ name: "A", country: "DE", role: "coordinator", flags: ["sanctioned", "russian-owned"] }], contract);
  assert.equal(text, 'name,country,role,type,controlled_by,flags\r\nA,DE,coordinator,,,"sanctioned;russian-owned"\r\n');
});

test("the pic column appears only when a participant has a PIC, and the engine reads it back", () => {
  const participants = [{ name: "A", country: "DE", role: "coordinator" }, { pic: "999984059", role: "beneficiary" }];
  const text = participantsToCsv(participants, contract);
  assert.equal(text, "name,country,role,type,controlled_by,pic\r\nA,DE,coordinator,,,\r\n,,beneficiary,,,999984059\r\n");
  assert.deepEqual(engineCsv([text])[0], { participants });
});

test("a cell that would start a spreadsheet formula is exported behind a quote, which the engine takes off", () => {
  const names = ['=HYPERLINK("http://evil.example","Click")', "+1", "-Lab", "@SUM(A1)", "'=kept as typed"];
  const participants = names.map((name) => ({ name, country: "DE", role: "beneficiary", controlled_by: "=cmd" }));
  const text = participantsToCsv(participants, contract);
  const lines = text.split("\r\n").slice(1, -1);
  assert.ok(lines.every((line) => !/^"?[=+\-@\t\r]/.test(line) && !/,"?[=+\-@]/.test(line)), text);
  assert.deepEqual(engineCsv([text])[0], { participants });
});

test("what the document holds is written as given: text as it is, other values as their JSON", () => {
  const text = participantsToCsv([{ name: "A", country: "DE", role: "coordinator", type: 7, flags: "sanctioned" }, "not a participant"], contract);
  assert.equal(text, "name,country,role,type,controlled_by,flags\r\nA,DE,coordinator,7,,sanctioned\r\n,,,,,\r\n");
});

test("the guard characters are the engine's", () => {
  assert.deepEqual(contract.csv_formula_start, python("from horizon_eligibility.csv_input import FORMULA_START\nprint(json.dumps(FORMULA_START))"));
  assert.equal(spreadsheetSafe("Uni A", contract), "Uni A");
  assert.equal(spreadsheetSafe("'Uni A'", contract), "'Uni A'");
});
