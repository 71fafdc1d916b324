// Boot the pinned Pyodide (node_modules/pyodide) under Node and run pyodide_bytecode.py (beside this file) in it.
// Called by build_scripts/checker/bytecode.py with one JSON argument:
//   {"wheel": ".../horizon_eligibility-….whl", "out": "<dir>", "examples": ["<path>.json", …]}
// Prints the JSON result of pyodide_bytecode.build() on stdout. The output files are written into Pyodide's
// memory file system and copied out, so nothing here depends on the host's Python.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const request = JSON.parse(process.argv[2]);
const messages = [];
const py = await loadPyodide({ stdout: (text) => messages.push(text), stderr: (text) => messages.push(text) });
const wheelBytes = new Uint8Array(readFileSync(request.wheel));
const wheel = `/build/${path.basename(request.wheel)}`;
const sitePackages = py.runPython("import site; site.getsitepackages()[0]");
py.unpackArchive(wheelBytes, "wheel", { extractDir: sitePackages });
py.FS.mkdirTree("/build/out");
py.FS.writeFile("/build/pyodide_bytecode.py", readFileSync(path.join(HERE, "pyodide_bytecode.py")));
py.FS.writeFile(wheel, wheelBytes);
py.globals.set("WHEEL", wheel);
py.globals.set("EXAMPLES", py.toPy(request.examples.map((file) => readFileSync(file, "utf-8"))));
let result;
try {
  result = JSON.parse(
    py.runPython(`
import json, sys
sys.path.insert(0, "/build")
sys.dont_write_bytecode = True
import pyodide_bytecode
json.dumps(pyodide_bytecode.build(WHEEL, list(EXAMPLES), "/build/out"))
`),
  );
} catch (error) {
  console.error(messages.join("\n"));
  console.error(String(error && error.message ? error.message : error).slice(-4000));
  process.exit(1);
}
mkdirSync(request.out, { recursive: true });
for (const key of ["stdlib", "wheel"]) {
  const target = path.join(request.out, path.basename(result[key]));
  writeFileSync(target, py.FS.readFile(result[key]));
  result[key] = target;
}
result.pyodide = py.version;
process.stdout.write(JSON.stringify(result));
