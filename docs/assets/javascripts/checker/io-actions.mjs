// The buttons under the form: share a link, export JSON or CSV, import a file, print, start again. An import
// or a fresh start can be undone. A JSON file is taken as it is (the engine then marks what is wrong in it, on
// the fields); CSV is read by the engine (the worker's read_csv). A file that is no JSON or CSV the engine
// can read changes nothing and says why.

import { isObject } from "./document.mjs";
import { button, download } from "./dom.mjs";
import { CHECK_TIMEOUT_MS } from "./engine-client.mjs";
import { defaultState, participantsOf, replaceParticipants, setField, stateFromDocument } from "./form-state.mjs";
import { READ_CSV } from "./protocol.mjs";
import { LONG_LINK_CHARS } from "./share-link.mjs";
import { exportCsv, exportJson, readImport, sizeProblem } from "./transfer.mjs";

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
  download("consortium.json", "application/json", exportJson(app.state));
  app.say("Exported consortium.json (the command line's input format).");
}

/** Replace the consortium, telling what happened, with a button that brings the previous one back. */
function replaceWithUndo(app, state, message, restored, afterUndo = () => {}) {
  const previous = app.state;
  app.replace(state);
  const undo = button("Undo", () => {
    app.replace(previous);
    app.say(restored);
    afterUndo();
  });
  app.els.ioMessage.replaceChildren(message, undo);
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
    const problem = sizeProblem(file.size);
    if (problem) throw new Error(problem);
    const read = readImport(new Uint8Array(await file.arrayBuffer()), file.name, notes);
    const { state, what } = read.kind === "json" ? fromJson(read.doc) : await fromCsv(app, read.text, notes);
    app.clearAlert();
    const told = notes.length ? ` Note: ${notes.join("; ")}.` : "";
    replaceWithUndo(app, state, `Imported ${what} from ${name}.${told} `, "Restored the consortium you had before the import.");
  } catch (error) {
    app.alert(`Could not import ${name}: ${error.message.replace(/\.\s*$/, "")}. Your consortium is unchanged.`);
  } finally {
    input.value = "";
  }
}

const count = (list) => (Array.isArray(list) ? `${list.length.toLocaleString("en")} participants` : "the participants");

function fromJson(doc) {
  return { state: stateFromDocument(doc), what: isObject(doc) ? `${count(doc.participants)} and the call` : "the file" };
}

/** Participants from CSV, read by the engine; the call stays. Throws with the engine's messages. */
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
  // The call, where the file carries it in columns of its own, as if typed in its fields.
  let state = replaceParticipants(app.state, reply.participants);
  for (const [key, value] of Object.entries(reply.call || {})) state = setField(state, key, String(value));
  const call = Object.keys(reply.call || {}).length ? " and the call" : "";
  return { state, what: `${count(reply.participants)}${call}` };
}

/** An empty consortium, in the programme that was chosen. */
function clear(app) {
  const programme = isObject(app.state.doc) ? app.state.doc.programme : null;
  const fresh = defaultState(app.index, typeof programme === "string" ? programme : null);
  replaceWithUndo(app, fresh, "Started again with an empty consortium. ", "Restored.", () => app.els.add.focus());
}

/** The line above a printed verdict: when, with which rules data, for how many participants, where. */
export function fillPrintMeta(app) {
  const now = new Date();
  const date = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  const r = app.lastReply?.verdict;
  const data = r ? `rules data version ${r.data_version} (verified on ${r.data_verified_on})` : "no verdict";
  const count = participantsOf(app.state?.doc)?.length ?? 0;
  app.els.printMeta.textContent = `Checked on ${date} with ${data}; ${count} participants. ${location.href.split("#")[0]}`;
}

export function bindActions(app) {
  const on = (id, handler) => app.root.querySelector(`#${id}`).addEventListener("click", handler);
  on("he-share", () => share(app));
  on("he-export-json", () => exportJsonFile(app));
  on("he-export-csv", () => {
    download("consortium.csv", "text/csv", exportCsv(app.state, app.index));
    app.say("Exported consortium.csv (participants only).");
  });
  on("he-print", () => window.print());
  on("he-clear", () => clear(app));
  app.els.importInput.addEventListener("change", () => importFile(app));
}
