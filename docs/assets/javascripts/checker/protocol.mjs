// The messages between the checker page (engine-client.mjs) and its engine worker (../checker-worker.mjs).
// Both sides import this module, so every message type and field is named here once.
//
// worker -> page, unprompted:
//   {type: "status", phase, message, loaded?, total?}    while it boots (phase "runtime" or "engine")
//   {type: "ready", catalog, python, pyodide, wheelSha256, bootMs, timings, snapshot, note}
//   {type: "snapshot", snapshot}   the engine snapshot kept for the next visit was saved, or not (engine-boot.mjs)
//   {type: "error", error}                                it could not boot: no engine on this visit
// page -> worker:
//   {id, fn: "check", input}           input: the consortium as JSON text (the README's input format)
//   {id, fn: "compare_years", input}   the same input: the verdict for every call year of its programme
//   {id, fn: "read_topic", input}      input: JSON text {text, programme}, a topic's conditions to read
//   {id, fn: "read_csv", input}        input: CSV text of participants, read by the engine's CSV reader
//   {id, fn: "catalog"}
//   {id, fn: "load_directory", input: "{}"}   fetch the organisation directory the manifest names, check its
//                                             SHA-256 and hand it to the engine (checker/directory.mjs)
//   {id, fn: "partners", input}        input: JSON text {query, country?, limit?}: organisations whose name matches
// worker -> page, answering a request by its id:
//   {id, type: "result", result, ms?}   result: what horizon_eligibility.worker returns (below)
//   {id, type: "failed", error}         the engine broke (a bug) or never loaded
//
// A check's result (src/horizon_eligibility/worker.py): {ok: true, verdict, call?} or
// {ok: false, errors: [{path, field, message, hint}], call?}; call = {call_year, part, topic_url?} read from
// the call identifier; path is where in the input (participants[2].country, "" for the whole input).
// compare_years answers {ok: true, comparison, call?}, read_topic {ok: true, reading}, read_csv {ok: true,
// participants, notes}, load_directory {ok: true, organisations, snapshots}, partners {ok: true, matches:
// [{pic, name, short_name, country, type, projects, last_year}]}, or the same errors.

/** @typedef {{type: "status", phase: string, message: string, loaded?: number, total?: number}} StatusMessage */
/** @typedef {{id: number, fn: "check" | "compare_years" | "read_topic" | "read_csv" | "catalog" | "load_directory" | "partners", input?: string}} Request */
/** @typedef {{path: string, field: string, message: string, hint: string|null}} InputError */
/** @typedef {{ok: boolean, verdict?: object, errors?: InputError[], call?: {call_year: number|null, part: string|null}}} CheckResult */

export const STATUS = "status";
export const READY = "ready";
export const ERROR = "error";
export const RESULT = "result";
export const FAILED = "failed";
export const CHECK = "check";
export const COMPARE_YEARS = "compare_years";
export const READ_TOPIC = "read_topic";
export const READ_CSV = "read_csv";
export const CATALOG = "catalog";
export const LOAD_DIRECTORY = "load_directory";
export const PARTNERS = "partners";
// The worker calls horizon_eligibility.worker.<fn>(input) for each of these: the names are the Python ones.
const FUNCTIONS = new Set([CHECK, COMPARE_YEARS, READ_TOPIC, READ_CSV, CATALOG, LOAD_DIRECTORY, PARTNERS]);

/** The text of an error, an Error or anything thrown. */
export function errorText(error) {
  return String((error && error.message) || error || "unknown error");
}

/** @returns {StatusMessage} */
export function statusMessage(phase, message, progress = {}) {
  const out = { type: STATUS, phase, message };
  if (progress.total != null) Object.assign(out, { loaded: progress.loaded ?? 0, total: progress.total });
  return out;
}

export function readyMessage(info) {
  return { ...info, type: READY };
}

export function bootErrorMessage(error) {
  return { type: ERROR, error: errorText(error) };
}

/** @returns {Request} */
export function requestMessage(id, fn, input) {
  if (!FUNCTIONS.has(fn)) throw new Error(`unknown engine function ${fn}`);
  return fn === CATALOG ? { id, fn } : { id, fn, input: String(input) };
}

/** A request as the worker receives it, or a reason it cannot be served. */
export function readRequest(data) {
  const id = data && typeof data === "object" ? data.id : undefined;
  if (id == null) return { id: null, problem: "a request without an id" };
  if (!FUNCTIONS.has(data.fn)) return { id, problem: `unknown request ${data.fn}` };
  if (data.fn !== CATALOG && typeof data.input !== "string") return { id, problem: `a ${data.fn} request without input text` };
  return { id, fn: data.fn, input: data.input };
}

export function resultMessage(id, result, ms) {
  return ms == null ? { id, type: RESULT, result } : { id, type: RESULT, result, ms };
}

export function failedMessage(id, error) {
  return { id, type: FAILED, error: errorText(error) };
}

/** True for a worker message that answers a request (and so settles a pending promise). */
export function isReply(data) {
  return data != null && data.id != null && (data.type === RESULT || data.type === FAILED);
}

export const SNAPSHOT = "snapshot";

/** The engine snapshot's record (engine-boot.mjs), once it has been saved or given up. */
export function snapshotMessage(snapshot) {
  return { type: SNAPSHOT, snapshot: { ...snapshot } };
}
