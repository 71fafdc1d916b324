// Run the engine's tests marked `pyodide` (tests/engine/) inside Pyodide, under Node, from the same npm
// package the site ships (node_modules/pyodide, pinned in package.json). This covers the gap between the
// host Python (3.11+) and the browser's (3.14 in Pyodide 314). tests/pyodide/test_engine_in_pyodide.py runs
// it in the test session, on the files the session's site build made.
//
//   node tests/pyodide/run_engine_tests.mjs [--all] [pytest args…]   (--all: every engine test, not the subset)
//
// 1. `python -m tests.pyodide.prepare` builds what the site ships (the engine wheel with its bytecode and the
//    standard library subset, by the same functions; or takes the files HE_SHIPPED_WHEEL and
//    HE_SHIPPED_STDLIB name) and fetches pure-Python wheels of pytest and
//    hypothesis for Python 3.14 from PyPI into build/pyodide-tests/ (cached, gitignored);
// 2. Pyodide boots on the shipped standard library subset, the engine wheel is unpacked, the repository is
//    mounted at its own path (NODEFS), so tests find data/ and their fixtures, and the engine checks every
//    example consortium with nothing else on sys.path (shipped_files.check_alone);
// 3. Pyodide's full standard library is appended to sys.path for pytest, behind a guard that fails the run
//    if the engine's own code imports anything from it (shipped_files.guard), and the test wheels are unpacked;
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

const py = await loadPyodide({ stdLibURL: manifest.stdlib });
py.setStdout({ write: (bytes) => { process.stdout.write(bytes); return bytes.length; } });
py.setStderr({ write: (bytes) => { process.stderr.write(bytes); return bytes.length; } });
const sitePackages = py.runPython("import site; site.getsitepackages()[0]");
const unpack = (wheel) => py.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: sitePackages });
unpack(manifest.engine);
py.FS.mkdirTree(ROOT);
py.FS.mount(py.FS.filesystems.NODEFS, { root: ROOT }, ROOT);
const FULL_STDLIB = "/lib/python-full-stdlib-for-tests.zip";
py.FS.writeFile(FULL_STDLIB, new Uint8Array(readFileSync(manifest.full_stdlib)));
py.globals.set("ROOT", ROOT);
py.globals.set("FULL_STDLIB", FULL_STDLIB);
const args = process.argv.slice(2);
// The marked subset unless --all; a -m given on the command line comes later and wins.
const selection = args.includes("--all") ? [] : ["-m", "pyodide"];
py.globals.set("ARGS", py.toPy([...selection, ...args.filter((arg) => arg !== "--all")]));
console.log(`engine ${manifest.engine_sha256.slice(0, 16)}…, standard library subset ${manifest.stdlib_sha256.slice(0, 16)}…`);
let code;
try {
  py.runPython(`
import os, sys
sys.dont_write_bytecode = True
os.chdir(ROOT)
from tests.pyodide import shipped_files
STDLIB = next(p for p in sys.path if p.endswith(".zip"))
print(shipped_files.check_alone(ROOT, STDLIB))
shipped_files.guard(STDLIB, FULL_STDLIB)
`);
  for (const wheel of manifest.wheels) unpack(wheel);
  code = py.runPython(`
import horizon_eligibility
assert "site-packages" in horizon_eligibility.__file__, horizon_eligibility.__file__
import pytest
code = pytest.main([
    "-q", "-p", "no:cacheprovider", "-p", "tests.pyodide.pyodide_plugin",
    "--confcutdir", os.path.join(ROOT, "tests", "engine"),
    os.path.join(ROOT, "tests", "engine"), *ARGS,
])
problems = shipped_files.violations(ROOT)
for message in problems:
    print("FAIL (shipped files):", message)
int(code) or (3 if problems else 0)
`);
} catch (error) {
  // Print the Python traceback only (the default handler would print minified Pyodide source).
  console.error(String(error && error.message ? error.message : error).slice(-4000));
  process.exit(2);
}
console.log(`engine tests in Pyodide ${py.version}: exit ${code} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(Number(code));
