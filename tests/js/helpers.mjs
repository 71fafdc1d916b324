// Shared by the node --test files: the engine's real catalog and example consortia, and a way to ask the
// Python side (src/horizon_eligibility) the same question as the JavaScript side.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { CatalogIndex } from "../../docs/assets/javascripts/checker/catalog.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const venvPython = path.join(ROOT, ".venv", "bin", "python");
const PYTHON = process.env.PYTHON || (existsSync(venvPython) ? venvPython : "python3");

/** Run Python code with `data` (JSON) as the variable DATA; it must print one JSON value. */
export function python(code, data = null) {
  const prelude = "import json, sys\nDATA = json.loads(sys.stdin.read())\n";
  const done = spawnSync(PYTHON, ["-c", prelude + code], {
    input: JSON.stringify(data),
    encoding: "utf-8",
    env: { ...process.env, PYTHONPATH: path.join(ROOT, "src"), PYTHONDONTWRITEBYTECODE: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (done.status !== 0) throw new Error(`python failed (${done.status}):\n${done.stderr}`);
  return JSON.parse(done.stdout);
}

let catalog = null;

/** The engine's catalog(), as the page gets it (catalog.json is written from the same function). */
export function engineCatalog() {
  catalog ??= python("import horizon_eligibility as h\nprint(json.dumps(h.catalog()))");
  return structuredClone(catalog);
}

export function catalogIndex(change = (c) => c) {
  return new CatalogIndex(change(engineCatalog()));
}

/** Every example consortium of the repository: [file name, input]. */
export function exampleConsortia() {
  const dirs = [path.join(ROOT, "examples"), path.join(ROOT, "tests", "engine", "consortia")];
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .sort()
      .map((name) => [name, JSON.parse(readFileSync(path.join(dir, name), "utf-8"))]),
  );
}
