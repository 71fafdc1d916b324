import assert from "node:assert/strict";
import { test } from "node:test";

import { csvSeparator, parseCsvRecords, participantsFromCsv, participantsToCsv, spreadsheetSafe, unguard } from "../../docs/assets/javascripts/checker/csv.mjs";
import { engineCatalog, exampleConsortia, python } from "./helpers.mjs";

const contract = engineCatalog().input;

/** What the command line (csv_input.parse_csv) makes of each text: participants, or its error. */
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

function pageCsv(text) {
  try {
    return { participants: participantsFromCsv(text, contract) };
  } catch (error) {
    return { error: error.message };
  }
}

const ODD_NAMES = ['Uni "A", Ågård', "Firm; B", "Lab\tC", "  spaced  ", "Zoë\nline 2", "جامعة القاهرة", "=1+1"];

test("every example consortium survives export and import, and the command line reads the same file", () => {
  const texts = [];
  for (const [name, input] of exampleConsortia()) {
    const participants = input.participants.map((p, k) => ({ ...p, name: k < ODD_NAMES.length ? ODD_NAMES[k].trim() : p.name }));
    const text = participantsToCsv(participants, contract);
    assert.deepEqual(participantsFromCsv(text, contract), participants, name);
    texts.push(text);
  }
  const engine = engineCsv(texts);
  texts.forEach((text, k) => assert.deepEqual(engine[k], pageCsv(text), exampleConsortia()[k][0]));
});

test("the flags column appears only when a participant has flags", () => {
  assert.equal(participantsToCsv([{ name: "A", country: "DE", role: "coordinator" }], contract).split("\r\n")[0], "name,country,role,type,controlled_by");
  const text = participantsToCsv([{ name: "A", country: "DE", role: "coordinator", flags: ["sanctioned", "russian-owned"] }], contract);
  assert.equal(text, 'name,country,role,type,controlled_by,flags\r\nA,DE,coordinator,,,"sanctioned;russian-owned"\r\n');
});

test("the pic column appears only when a participant has a PIC", () => {
  const text = participantsToCsv([{ name: "A", country: "DE", role: "coordinator" }, { pic: "999984059", role: "beneficiary", name: "", country: "" }], contract);
  assert.equal(text, "name,country,role,type,controlled_by,pic\r\nA,DE,coordinator,,,\r\n,,beneficiary,,,999984059\r\n");
  assert.deepEqual(engineCsv([text])[0], pageCsv(text));
});

test("the separator is the one the header row holds most of", () => {
  assert.equal(csvSeparator("name;country;role\nA, B;DE;coordinator\n"), ";");
  assert.equal(csvSeparator("\ufeffname\tcountry\trole\n"), "\t");
  assert.equal(csvSeparator('"name;x",country,role\n'), ",");
  assert.equal(csvSeparator("name\nA\n"), ",");
});

// Texts the page and the command line must read alike: separators, quotes, BOM, blank lines, odd headers,
// and the errors of the policy (unknown column, stray cells, an unnamed column with data, missing columns).
const TEXTS = [
  "name,country,role\nUni A,DE,coordinator\n",
  "\ufeffName;Country;Role;Type;Controlled by;Flags\r\nUniversité A;FR;coordinator;university;;\r\n\"Firm; B\";DE;beneficiary;sme;;\"sanctioned;russian-owned\"\r\n",
  "name\tcountry\trole\tcontrolled-by\nLab \"C\"\tIT\tbeneficiary\tFirm B\n\n\t\t\t\n",
  'name,country,role\n"Multi\r\nline ""quoted""",ES,beneficiary\n',
  "name,country,role,\nA,DE,coordinator,\nB,FR,beneficiary,,\n",
  "name,country,role,notes\nA,DE,coordinator,x\n",
  "name;country;role;contry\nA;DE;coordinator;x\n",
  "name,country,role\nA,DE,coordinator,extra\n",
  "name,country,role,\nA,DE,coordinator,x\n",
  "name,country,role\nA,DE,coordinator",
  'name,country,role\n"",DE,coordinator\n',
  // Participants given by PIC: with a pic column only the role is required (name and country from CORDIS).
  "pic;role\n999984059;coordinator\n999997930;beneficiary\n",
  "pic,name,role\n999984059,,coordinator\n",
];

test("the page reads CSV as the command line does, errors included", () => {
  const engine = engineCsv(TEXTS);
  TEXTS.forEach((text, k) => {
    const page = pageCsv(text);
    if (engine[k].error) assert.equal(page.error, engine[k].error, JSON.stringify(text));
    else assert.deepEqual(page, engine[k], JSON.stringify(text));
  });
  assert.deepEqual(pageCsv(TEXTS[1]).participants[1], { name: "Firm; B", country: "DE", role: "beneficiary", type: "sme", flags: ["sanctioned", "russian-owned"] });
  assert.match(pageCsv(TEXTS[6]).error, /^csv column contry: unknown column, did you mean "country"\? \(allowed: name, country/);
});

test("broken quoting and missing columns are refused on both sides, each in its words", () => {
  const texts = ['name,country,role\n"Uni A,DE,coordinator\n', 'name,country,role\n"Uni" A,DE,coordinator\n', "Organisation;Land\nUni A;DE\n"];
  const engine = engineCsv(texts);
  assert.ok(engine.every((r) => r.error), JSON.stringify(engine));
  assert.match(pageCsv(texts[0]).error, /a quoted field opened on line 2 is never closed/);
  assert.match(pageCsv(texts[1]).error, /line 2: a quoted field must end at a separator or a line end \(found “ ”\)/);
  assert.match(pageCsv(texts[2]).error, /missing "name"; the first line has “organisation”, “land”/);
  // With a pic column the role is still needed.
  assert.match(engineCsv(["pic,name\n999984059,A\n"])[0].error, /lacks column\(s\) role/);
  assert.match(pageCsv("pic,name\n999984059,A\n").error, /missing "role"/);
  assert.match(pageCsv("name,country,role\n").error, /a header but no participants/);
  assert.match(pageCsv("\n\n").error, /the CSV file is empty/);
});

test("records: doubled quotes, CR, LF and CRLF line ends, blank lines dropped", () => {
  assert.deepEqual(parseCsvRecords('a,"b ""q"", c"\r\nd,e\rf,g\n\n , \n'), [["a", 'b "q", c'], ["d", "e"], ["f", "g"]]);
  assert.deepEqual(parseCsvRecords("a;b\n", ";"), [["a", "b"]]);
});

test("a cell that would start a spreadsheet formula is exported behind a quote and imported without it", () => {
  const names = ['=HYPERLINK("http://evil.example","Click")', "+1", "-Lab", "@SUM(A1)", "'=kept as typed"];
  const participants = names.map((name) => ({ name, country: "DE", role: "beneficiary", controlled_by: "=cmd" }));
  const text = participantsToCsv(participants, contract);
  const cells = parseCsvRecords(text).slice(1).flat();
  assert.ok(cells.every((cell) => !/^[=+\-@\t\r]/.test(cell)), text);
  assert.equal(cells[0], `'${names[0]}`);
  assert.deepEqual(participantsFromCsv(text, contract), participants);
  assert.deepEqual(engineCsv([text])[0], { participants });
});

test("the guard characters are the engine's", () => {
  assert.deepEqual(contract.csv_formula_start, python("from horizon_eligibility.csv_input import FORMULA_START\nprint(json.dumps(FORMULA_START))"));
  assert.equal(spreadsheetSafe("Uni A", contract), "Uni A");
  assert.equal(unguard("'Uni A'", contract), "'Uni A'");
});
