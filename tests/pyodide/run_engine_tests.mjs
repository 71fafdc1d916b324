// Run the engine's own test suite (tests/engine/) inside Pyodide, under Node, from the same npm package
// the site ships (node_modules/pyodide, pinned in package.json). This covers the gap between the host
// Python (3.11+) and the browser's (3.14 in Pyodide 314).
//
//   node tests/pyodide/run_engine_tests.mjs [pytest args…]
//
// 1. `python -m tests.pyodide.prepare` builds the engine wheel (as for the site) and fetches pure-Python wheels of
//    pytest and hypothesis for Python 3.14 from PyPI into build/pyodide-tests/ (cached, gitignored);
// 2. Pyodide boots, the wheels are unpacked into its site-packages;
// 3. the repository is mounted at its own path (NODEFS), so tests find data/ and their fixtures;
// 4. pytest runs with a small plugin (pyodide_plugin.py); the exit code is pytest's. The working directory is
//    the repository, which Python's path starts with (''), so `tests.` and `build_scripts.` import as on the host.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const venvPython = path.join(ROOT, ".venv", "bin", "python");
const python = process.env.PYTHON || (existsSync(venvPython) ? venvPython : "python3");

const started = Date.now();
const prep = spawnSync(python, ["-m", "tests.pyodide.prepare"], {
  cwd: ROOT,
  encoding: "utf-8",
  stdio: ["ignore", "pipe", "inherit"],
});
if (prep.status !== 0) {
  console.error(`tests/pyodide/prepare.py failed (exit ${prep.status})`);
  process.exit(2);
}
const manifest = JSON.parse(prep.stdout);

const py = await loadPyodide();
py.setStdout({ write: (bytes) => { process.stdout.write(bytes); return bytes.length; } });
py.setStderr({ write: (bytes) => { process.stderr.write(bytes); return bytes.length; } });
const sitePackages = py.runPython("import site; site.getsitepackages()[0]");
for (const wheel of [...manifest.wheels, manifest.engine]) {
  py.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: sitePackages });
}
py.FS.mkdirTree(ROOT);
py.FS.mount(py.FS.filesystems.NODEFS, { root: ROOT }, ROOT);
py.globals.set("ROOT", ROOT);
py.globals.set("ARGS", py.toPy(process.argv.slice(2)));
let code;
try {
  code = py.runPython(`
import os, sys
sys.dont_write_bytecode = True
os.chdir(ROOT)
import horizon_eligibility
assert "site-packages" in horizon_eligibility.__file__, horizon_eligibility.__file__
import pytest
pytest.main([
    "-q", "-p", "no:cacheprovider", "-p", "tests.pyodide.pyodide_plugin",
    "--confcutdir", os.path.join(ROOT, "tests", "engine"),
    os.path.join(ROOT, "tests", "engine"), *ARGS,
])
`);
} catch (error) {
  // Print the Python traceback only (the default handler would print minified Pyodide source).
  console.error(String(error && error.message ? error.message : error).slice(-4000));
  process.exit(2);
}
console.log(`engine tests in Pyodide ${py.version}: exit ${code} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(Number(code));
