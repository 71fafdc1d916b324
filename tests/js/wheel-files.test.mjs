import assert from "node:assert/strict";
import { test } from "node:test";

import { sha256Hex } from "../../docs/assets/javascripts/checker/snapshot-cache.mjs";
import { EngineWheel, readWheel, writeFiles } from "../../docs/assets/javascripts/checker/wheel-files.mjs";
import { python } from "./helpers.mjs";

// A zip written by Python's zipfile (as pip writes wheels): deflated and stored entries, and a folder entry.
function zipOf(entries) {
  const code = `
import base64, io, zipfile
out = io.BytesIO()
with zipfile.ZipFile(out, "w") as z:
    for name, text, method in DATA:
        kind = zipfile.ZIP_DEFLATED if method == "deflate" else zipfile.ZIP_STORED
        if name.endswith("/"):
            z.writestr(zipfile.ZipInfo(name), b"")
        else:
            z.writestr(name, text.encode("utf-8"), compress_type=kind)
print(json.dumps(base64.b64encode(out.getvalue()).decode("ascii")))
`;
  const bytes = Buffer.from(python(code, entries), "base64");
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
}

const text = (data) => new TextDecoder().decode(data);

test("the wheel's files are read as Python's zipfile wrote them, deflated or stored; folders are skipped", async () => {
  const long = "x = 1\n".repeat(5000);
  const files = await readWheel(
    zipOf([
      ["pkg/", "", "store"],
      ["pkg/__init__.py", long, "deflate"],
      ["pkg/rules.json", '{"a": "é"}', "store"],
      ["pkg-0.1.dist-info/RECORD", "pkg/__init__.py,,\n", "deflate"],
    ]),
  );
  assert.deepEqual(files.map((f) => f.name), ["pkg/__init__.py", "pkg/rules.json", "pkg-0.1.dist-info/RECORD"]);
  assert.equal(text(files[0].data), long);
  assert.equal(text(files[1].data), '{"a": "é"}');
});

test("an entry that would leave the folder, or a damaged zip, is refused with a reason", async () => {
  await assert.rejects(readWheel(zipOf([["../evil.py", "x", "store"]])), /cannot be read \(an entry named "..\/evil.py"\)/);
  await assert.rejects(readWheel(zipOf([["/abs.py", "x", "store"]])), /an entry named/);
  const good = new Uint8Array(zipOf([["pkg/a.py", "a = 1\n", "deflate"]]));
  await assert.rejects(readWheel(good.slice(0, 30).buffer), /no zip directory/);
  const cut = good.slice();
  cut.fill(0, 30, 40); // inside the entry's data: its size no longer matches, or it no longer inflates
  await assert.rejects(readWheel(cut.buffer));
});

test("the files are written under the folder, each folder made once", () => {
  const calls = [];
  const FS = { mkdirTree: (path) => calls.push(["mkdir", path]), writeFile: (path, data) => calls.push(["write", path, data.length]) };
  writeFiles(FS, "/site", [
    { name: "pkg/a.py", data: new Uint8Array(3) },
    { name: "pkg/b.py", data: new Uint8Array(4) },
    { name: "top.txt", data: new Uint8Array(1) },
  ]);
  assert.deepEqual(calls, [
    ["mkdir", "/site/pkg"],
    ["write", "/site/pkg/a.py", 3],
    ["write", "/site/pkg/b.py", 4],
    ["mkdir", "/site"],
    ["write", "/site/top.txt", 1],
  ]);
});

// Pyodide as install() uses it: site-packages, the file system, and unpackArchive as the fallback.
function fakePyodide() {
  const calls = [];
  return {
    calls,
    runPython: (code) => (code.includes("getsitepackages") ? "/site" : calls.push(["python", code])),
    FS: { mkdirTree: (path) => calls.push(["mkdir", path]), writeFile: (path) => calls.push(["write", path]) },
    unpackArchive: (buffer, format, options) => calls.push(["unpackArchive", format, options.extractDir]),
  };
}

async function wheelOf(bytes, sha256) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async () => new Response(bytes);
  try {
    return new EngineWheel({ url: "engine.whl", sha256: sha256 ?? (await sha256Hex(bytes)) }, "http://site.test/");
  } finally {
    globalThis.fetch = realFetch;
  }
}

test("install writes the wheel's files, and falls back to Pyodide's unpacking without deflate-raw", async () => {
  const bytes = zipOf([["pkg/a.py", "a = 1\n", "deflate"]]);
  const py = fakePyodide();
  await (await wheelOf(bytes)).install(py);
  assert.deepEqual(py.calls.slice(0, 2), [["mkdir", "/site/pkg"], ["write", "/site/pkg/a.py"]]);
  const realStream = globalThis.DecompressionStream;
  globalThis.DecompressionStream = undefined; // an older browser
  try {
    const older = fakePyodide();
    await (await wheelOf(bytes)).install(older);
    assert.deepEqual(older.calls[0], ["unpackArchive", "wheel", "/site"]);
  } finally {
    globalThis.DecompressionStream = realStream;
  }
});

test("a wheel that fails its SHA-256 check is never installed, and says so", async () => {
  const py = fakePyodide();
  const wheel = await wheelOf(zipOf([["pkg/a.py", "a = 1\n", "store"]]), "0".repeat(64));
  await assert.rejects(wheel.install(py), /failed its integrity check/);
  assert.deepEqual(py.calls, []);
});
