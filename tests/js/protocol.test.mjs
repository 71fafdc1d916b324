import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import * as protocol from "../../docs/assets/javascripts/checker/protocol.mjs";
import { python, ROOT } from "./helpers.mjs";

test("requests carry an id, the function and the input as text", () => {
  assert.deepEqual(protocol.requestMessage(7, "check", '{"a": 1}'), { id: 7, fn: "check", input: '{"a": 1}' });
  assert.deepEqual(protocol.requestMessage(8, "catalog"), { id: 8, fn: "catalog" });
  assert.throws(() => protocol.requestMessage(9, "eval", "x"), /unknown engine function eval/);
});

test("the worker reads a request, or says why it cannot serve it", () => {
  const request = protocol.requestMessage(3, "check", "{}");
  assert.deepEqual(protocol.readRequest(structuredClone(request)), { id: 3, fn: "check", input: "{}" });
  assert.equal(protocol.readRequest({ id: 4, fn: "exec" }).problem, "unknown request exec");
  assert.equal(protocol.readRequest({ id: 5, fn: "check" }).problem, "a check request without input text");
  assert.deepEqual(protocol.readRequest(null), { id: null, problem: "a request without an id" });
});

test("replies settle requests; status, ready and error messages do not", () => {
  const result = protocol.resultMessage(3, { ok: true }, 4.5);
  assert.deepEqual(result, { id: 3, type: "result", result: { ok: true }, ms: 4.5 });
  assert.deepEqual(protocol.resultMessage(3, { ok: true }), { id: 3, type: "result", result: { ok: true } });
  const failed = protocol.failedMessage(3, new Error("boom"));
  assert.deepEqual(failed, { id: 3, type: "failed", error: "boom" });
  for (const reply of [result, failed]) assert.ok(protocol.isReply(structuredClone(reply)));
  const unprompted = [
    protocol.statusMessage("runtime", "Loading…", { loaded: 0, total: 10 }),
    protocol.readyMessage({ catalog: {}, python: "3.14" }),
    protocol.bootErrorMessage(new Error("no wasm")),
  ];
  for (const message of unprompted) assert.ok(!protocol.isReply(message), JSON.stringify(message));
  assert.deepEqual(unprompted[0], { type: "status", phase: "runtime", message: "Loading…", loaded: 0, total: 10 });
  assert.deepEqual(protocol.statusMessage("engine", "Starting"), { type: "status", phase: "engine", message: "Starting" });
  assert.equal(unprompted[1].type, "ready");
  assert.deepEqual(unprompted[2], { type: "error", error: "no wasm" });
});

test("errorText reads Errors, strings and nothing", () => {
  assert.equal(protocol.errorText(new Error("x")), "x");
  assert.equal(protocol.errorText("plain"), "plain");
  assert.equal(protocol.errorText(undefined), "unknown error");
});

test("the worker and the engine client name no message type of their own", () => {
  for (const file of ["checker-worker.mjs", "checker/engine-client.mjs"]) {
    const source = readFileSync(path.join(ROOT, "docs/assets/javascripts", file), "utf-8");
    assert.match(source, /from "\.\/(checker\/)?protocol\.mjs"/, file);
    assert.doesNotMatch(source, /\b(type|fn)(:| ===) "(status|ready|error|result|failed|check|catalog)"/, file);
  }
});

test("every request the page may send is a function of horizon_eligibility.worker, and reads its input", () => {
  const fns = [protocol.CHECK, protocol.COMPARE_YEARS, protocol.READ_TOPIC, protocol.CATALOG];
  const callable = python("from horizon_eligibility import worker\nprint(json.dumps([callable(getattr(worker, f, None)) for f in DATA]))", fns);
  assert.deepEqual(callable, fns.map(() => true));
  for (const fn of [protocol.COMPARE_YEARS, protocol.READ_TOPIC]) {
    assert.deepEqual(protocol.readRequest(protocol.requestMessage(1, fn, "{}")), { id: 1, fn, input: "{}" });
    assert.equal(protocol.readRequest({ id: 2, fn }).problem, `a ${fn} request without input text`);
  }
});
