// The buttons under the form: share a link, export JSON or CSV, import a file, print, start again. An import
// or a fresh start can be undone (undo.mjs). A JSON file is taken as it is (the engine then marks what is wrong
// in it, on the fields); CSV is read by the engine (the worker's read_csv): a file that gives the call (header
// lines or columns) replaces the call and the topic, one that gives none keeps them and says so. A file that is
// no JSON or CSV the engine can read changes nothing and says why. Exports are named after the call and the day.

import { isObject } from "./document.mjs";
import { button, download, h } from "./dom.mjs";
import { CHECK_TIMEOUT_MS } from "./engine-client.mjs";
import { defaultState, participantsOf, stateFromCsv, stateFromDocument, topicText } from "./form-state.mjs";
import { READ_CSV } from "./protocol.mjs";
import { importedList, SavedView } from "./saved-consortia.mjs";
import { LONG_LINK_CHARS } from "./share-link.mjs";
import { exportCsv, exportJson, exportName, readImport, sizeProblem } from "./transfer.mjs";

async function share(app) {
  const hash = await app.persist();
  if (!hash) {
    app.say("This consortium is too large to fit in a link: export it as JSON and send the file instead.");
    return;
  }
  const url = location.href;
  const box = app.els.shareUrl;
  box.hidden = false;
  box.value = url;
  // Mail programs and chat apps may cut a long link: say so, and offer the file instead.
  const long = url.length > LONG_LINK_CHARS
    ? [` It is ${url.length.toLocaleString("en")} characters long: some mail and chat programs cut links over about ${LONG_LINK_CHARS.toLocaleString("en")}. `,
      button("Export JSON instead", () => exportJsonFile(app))]
    : [];
  try {
    await navigator.clipboard.writeText(url);
    app.els.ioMessage.replaceChildren("Link copied. Anyone who opens it sees this consortium and its verdict; nothing is stored on a server.", ...long);
  } catch {
    box.focus();
    box.select();
    app.els.ioMessage.replaceChildren("Copy the link from the box below (press Ctrl+C or ⌘C).", ...long);
  }
  app.els.ioMessage.dataset.long = String(long.length > 0);
}

function exportJsonFile(app) {
  const name = exportName(app.state.doc, "json");
  download(name, "application/json", exportJson(app.state));
  app.say(`Exported ${name} (the command line's input format).`);
}

function exportCsvFile(app) {
  const name = exportName(app.state.doc, "csv");
  const { text, left } = exportCsv(app.state, app.index);
  download(name, "text/csv", text);
  const lost = left.length ? ` It leaves out ${left.map((k) => `“${k}”`).join(", ")}, which CSV has no place for: export JSON to keep ${left.length === 1 ? "it" : "them"}.` : "";
  app.say(`Exported ${name}: the call and the topic in its first lines, then the participants; “horizon-eligibility check ${name}” reads it too.${lost}`);
}

/** Replace the consortium, telling what happened, with a way back to the previous one (while it is not edited). */
export function replaceWithUndo(app, state, message, restored, afterUndo = () => {}) {
  const previous = app.state;
  app.replace(state);
  app.undo.offer(app.els.ioMessage, message.trim(), {
    whole: true,
    undo: () => {
      app.replace(previous);
      afterUndo();
      return restored;
    },
  });
}

async function importFile(app) {
  const input = app.els.importInput;
  const file = input.files?.[0];
  if (!file) return;
  // Nothing is replaced until the whole file has been read and checked: a failed import keeps the
  // current consortium as it is.
  const name = file.name.length > 80 ? `${file.name.slice(0, 77)}…` : file.name;
  const notes = [];
  try {
    const problem = sizeProblem(file.size, app.index?.catalog?.input?.limits?.input_characters);
    if (problem) throw new Error(problem);
    const read = readImport(new Uint8Array(await file.arrayBuffer()), file.name);
    const list = read.kind === "json" ? importedList(read.doc) : null;
    if (list) {
      app.saved.addFromFile(list, name); // a list of saved consortia (exported from that list): added to it
      return;
    }
    const { state, what, kept } = read.kind === "json" ? fromJson(read.doc) : await fromCsv(app, read.text, notes);
    app.clearAlert();
    const told = notes.length ? ` Note: ${notes.join("; ")}.` : "";
    // A partner list without the call: checked against the call in the form, and the person must know it.
    const call = kept ? ` The file gives no call: its participants are checked against the call in the form (${callWords(app)}).` : "";
    replaceWithUndo(app, state, `Imported ${what} from ${name}.${call}${told}`, "Restored the consortium you had before the import.");
  } catch (error) {
    app.alert(`Could not import ${name}: ${error.message.replace(/\.\s*$/, "")}. Your consortium is unchanged.`);
  } finally {
    input.value = "";
  }
}

const count = (list) =>
  Array.isArray(list) ? `${list.length.toLocaleString("en")} participant${list.length === 1 ? "" : "s"}` : "the participants";

function fromJson(doc) {
  return { state: stateFromDocument(doc), what: isObject(doc) ? `${count(doc.participants)} and the call` : "the file" };
}

/** Participants from CSV, read by the engine, with the call and the topic if the file gives them (else the
 * form's stay: `kept`). Throws with the engine's messages. */
async function fromCsv(app, text, notes) {
  // The engine reads CSV; a large file may take longer than a check.
  try {
    await app.engine.whenReady();
  } catch (error) {
    throw new Error(`the engine, which reads CSV, could not be loaded (${error.message}): import a JSON file instead`, { cause: error });
  }
  const reply = await app.engine.call(READ_CSV, text, 6 * CHECK_TIMEOUT_MS);
  if (!reply.ok) throw new Error(reply.errors.map((e) => (e.hint ? `${e.message} ${e.hint}` : e.message)).join(" "));
  notes.push(...(reply.notes || []).map((note) => note.replace(/\.$/, "")));
  const { state, kept } = stateFromCsv(app.state, reply);
  const call = kept ? "" : isObject(state.doc.topic) ? ", the call and the topic" : " and the call";
  return { state, kept, what: `${count(reply.participants)}${call}` };
}

/** The call in the form, in a few words: "Horizon Europe, RIA, HORIZON-CL5-2025-D3-01". */
function callWords(app) {
  const doc = isObject(app.state.doc) ? app.state.doc : {};
  const text = (v) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
  const words = [app.index.programmeName(doc.programme) || text(doc.programme), text(doc.action), text(doc.call_id) || (text(doc.call_year) && `call year ${text(doc.call_year)}`)];
  return words.filter(Boolean).join(", ") || "none given yet";
}

/** An empty consortium, in the programme that was chosen. */
function clear(app) {
  const programme = isObject(app.state.doc) ? app.state.doc.programme : null;
  const fresh = defaultState(app.index, typeof programme === "string" ? programme : null);
  replaceWithUndo(app, fresh, "Started again with an empty consortium. ", "Restored.", () => app.els.add.focus());
}

/** What a printed verdict says above it: when, with which rules data, for how many participants; the link
 * back to this consortium, as text; the topic conditions as pasted (the form is not printed). */
export function fillPrintMeta(app) {
  const now = new Date();
  const date = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  const r = app.lastReply?.verdict;
  const data = r ? `rules data version ${r.data_version} (verified on ${r.data_verified_on})` : "no verdict";
  const count = participantsOf(app.state?.doc)?.length ?? 0;
  const link = location.hash.startsWith("#c=")
    ? h("p", { class: "he-print-link" }, "This consortium: ", h("span", { dataset: { testid: "print-link" } }, location.href))
    : h("p", { class: "he-print-link" }, `This consortium is too large for a link: export it as JSON to keep it. ${location.href.split("#")[0]}`);
  const text = app.state ? topicText(app.state) : "";
  const topic = text.trim()
    ? [h("p", { class: "he-print-topic-head" }, "Topic conditions, as pasted:"), h("blockquote", { class: "he-print-topic", dataset: { testid: "print-topic" } }, text)]
    : [];
  app.els.printMeta.replaceChildren(h("p", {}, `Checked on ${date} with ${data}; ${count} participants.`), link, ...topic);
}

export function bindActions(app) {
  const on = (id, handler) => app.root.querySelector(`#${id}`).addEventListener("click", handler);
  on("he-share", () => share(app));
  on("he-export-json", () => exportJsonFile(app));
  on("he-export-csv", () => exportCsvFile(app));
  on("he-print", async () => {
    await app.persist(); // the printed link is the consortium as it is now
    window.print();
  });
  on("he-clear", () => clear(app));
  app.els.importInput.addEventListener("change", () => importFile(app));
  app.saved = new SavedView(app, app.root, {
    open: (doc, message, restored) => replaceWithUndo(app, stateFromDocument(doc), message, restored),
  });
  app.saved.render();
}
