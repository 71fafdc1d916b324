// The list of saved consortia (in this browser): entries keep the input as given, names stay apart, a deleted
// entry goes back where it was, and an exported list reads back into another browser's list.

import assert from "node:assert/strict";
import { test } from "node:test";

import { documentText, parseDocument } from "../../docs/assets/javascripts/checker/document.mjs";
import * as saved from "../../docs/assets/javascripts/checker/saved-consortia.mjs";
import { exampleConsortia } from "./helpers.mjs";

const NOW = new Date(Date.UTC(2026, 0, 5, 13, 3));
const odd = '{"programme": "horizon-europe", "call_year": 2025.0, "comment": "from our CRM", "participants": [{"name": "A"}]}';

test("a saved consortium keeps its input as given (numbers as written, unknown fields) and survives the storage", () => {
  let items = [];
  for (const [name, input] of exampleConsortia().slice(0, 5)) items = saved.saveItem(items, name, documentText(input), NOW).items;
  items = saved.saveItem(items, "Odd", odd, NOW).items;
  const back = saved.readList(saved.listText(items));
  assert.deepEqual(back, items);
  assert.equal(back.at(-1).text, odd);
  assert.equal(documentText(parseDocument(back.at(-1).text)), documentText(parseDocument(odd)));
});

test("saving under a name the list holds replaces that entry, and says which", () => {
  const first = saved.saveItem([], "CL5 bid", '{"a": 1}', NOW);
  const again = saved.saveItem(first.items, " CL5 bid ", '{"a": 2}', NOW);
  assert.equal(again.items.length, 1);
  assert.equal(again.id, first.id);
  assert.deepEqual(again.replaced, first.items[0]);
  assert.equal(again.items[0].text, '{"a": 2}');
});

test("rename, duplicate and delete keep the names apart; a deleted entry goes back in its place", () => {
  let items = ["A", "B", "C"].reduce((list, name) => saved.saveItem(list, name, "{}", NOW).items, []);
  const [a, b] = items;
  items = saved.renameItem(items, a.id, "B");
  assert.deepEqual(items.map((i) => i.name), ["B (2)", "B", "C"]);
  const copy = saved.duplicateItem(items, b.id, NOW);
  assert.deepEqual(copy.items.map((i) => i.name), ["B (2)", "B", "B (copy)", "C"]);
  const { items: fewer, removed, index } = saved.deleteItem(copy.items, b.id);
  assert.deepEqual(fewer.map((i) => i.name), ["B (2)", "B (copy)", "C"]);
  assert.deepEqual(saved.putBack(fewer, removed, index), copy.items);
});

test("an exported list reads back into another list, beside what it holds", () => {
  const items = saved.saveItem(saved.saveItem([], "Odd", odd, NOW).items, "Design", documentText(exampleConsortia()[0][1]), NOW).items;
  const file = parseDocument(saved.exportList(items));
  const entries = saved.importedList(file, NOW);
  const same = (text) => documentText(parseDocument(text)); // the same input, written the same way
  assert.deepEqual(entries.map((e) => [e.name, same(e.text)]), items.map((i) => [i.name, same(i.text)]));
  const other = saved.addImported(saved.saveItem([], "Odd", "{}", NOW).items, entries, NOW);
  assert.deepEqual(other.map((i) => i.name), ["Odd", "Odd (2)", "Design"]);
  // A consortium file is no list: the import takes it as a consortium.
  assert.equal(saved.importedList(exampleConsortia()[0][1]), null);
  assert.equal(saved.importedList({ format: "something-else", consortia: [] }), null);
});

test("what is not a list kept by this page reads as an empty list", () => {
  for (const stored of [null, "", "not json", "[1, 2]", '{"items": [{"id": 1}]}']) assert.deepEqual(saved.readList(stored), []);
});

test("a consortium is offered under its call identifier, else a number", () => {
  assert.equal(saved.suggestedName([], { call_id: "HORIZON-CL5-2025-D3-01" }), "HORIZON-CL5-2025-D3-01");
  const items = saved.saveItem([], "Consortium 2", "{}", NOW).items;
  assert.equal(saved.suggestedName(items, {}), "Consortium 2 (2)");
});
