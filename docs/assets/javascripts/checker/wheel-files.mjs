// The engine wheel: downloaded and checked against the manifest's SHA-256, its files read in JavaScript and
// written into Pyodide's file system.
//
// A wheel is a zip. Pyodide's unpackArchive() extracts it with Python's zipfile and shutil, which took 40-360 ms
// of every boot (timestamps in the worker; most of it is Python code running for the first time in a fresh
// WebAssembly instance). Here the entries are inflated with DecompressionStream while Pyodide itself is still
// loading, and written with FS.writeFile once it is up (a few milliseconds). The wheel's SHA-256 is checked
// before this runs; the names are checked again anyway, so that no entry can leave the target folder.
// Only what wheels use is read: stored or deflated entries, no zip64, no encryption.

import { sha256Hex } from "./snapshot-cache.mjs";

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function fail(why) {
  throw new Error(`the engine package cannot be read (${why})`);
}

async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function endOfCentralDirectory(view) {
  // The record is 22 bytes plus a comment of at most 65535.
  for (let at = view.byteLength - 22; at >= Math.max(0, view.byteLength - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) return at;
  }
  return fail("no zip directory");
}

function safeName(name) {
  const parts = name.split("/");
  if (!name || name.startsWith("/") || name.includes("\\") || parts.some((p) => p === ".." || p === ".")) {
    fail(`an entry named ${JSON.stringify(name)}`);
  }
  return name;
}

/** [{name, data: Uint8Array}] for every file of the zip in `buffer` (an ArrayBuffer); folders are left out. */
export async function readWheel(buffer) {
  const view = new DataView(buffer);
  const bytes = new Uint8Array(buffer);
  const end = endOfCentralDirectory(view);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) fail("a damaged directory");
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const packed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = safeName(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + skip;
    if (name.endsWith("/")) continue;
    if (flags & 1 || packed === 0xffffffff || size === 0xffffffff) fail(`${name} is encrypted or zip64`);
    if (method !== 0 && method !== 8) fail(`${name} uses compression method ${method}`);
    if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL) fail(`a damaged entry ${name}`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + packed > bytes.length) fail(`a truncated entry ${name}`);
    entries.push({ name, method, size, raw: bytes.subarray(start, start + packed) });
  }
  return Promise.all(
    entries.map(async ({ name, method, size, raw }) => {
      const data = method === 8 ? await inflate(raw) : raw;
      if (data.length !== size) fail(`${name} has the wrong size`);
      return { name, data };
    }),
  );
}

/** Write the files into `dir` of Pyodide's file system (FS: pyodide.FS). */
export function writeFiles(FS, dir, files) {
  const made = new Set();
  for (const { name, data } of files) {
    const slash = name.lastIndexOf("/");
    const folder = slash < 0 ? dir : `${dir}/${name.slice(0, slash)}`;
    if (!made.has(folder)) {
      FS.mkdirTree(folder);
      made.add(folder);
    }
    FS.writeFile(`${dir}/${name}`, data);
  }
}

// Where a restored engine finds its package until the files are written: zipimport reads the wheel itself.
const WHEEL_ZIP = "/tmp/horizon-eligibility-engine.whl";

/** The engine wheel of the manifest: fetched at once, verified before anything in it is used. */
export class EngineWheel {
  constructor(manifestWheel, baseURL) {
    const url = new URL(manifestWheel.url, baseURL);
    this.buffer = fetch(url).then(async (r) => {
      if (!r.ok) throw new Error(`the engine package is missing (${r.status} ${url.pathname})`);
      const buffer = await r.arrayBuffer();
      const actual = await sha256Hex(buffer);
      if (actual !== manifestWheel.sha256) {
        throw new Error(`the engine package failed its integrity check (SHA-256 ${actual.slice(0, 16)}…, expected ${manifestWheel.sha256.slice(0, 16)}…)`);
      }
      return buffer;
    });
    this.buffer.catch(() => {}); // reported where it is awaited
    this.entries = null;
  }

  /** Its files, inflated once. */
  files() {
    this.entries ??= this.buffer.then(readWheel);
    return this.entries;
  }

  /** Write its files into site-packages, so that the engine imports from them. */
  async install(py) {
    const buffer = await this.buffer; // a wheel that fails its check is reported as such
    const sitePackages = py.runPython("import site; site.getsitepackages()[0]");
    try {
      writeFiles(py.FS, sitePackages, await this.files());
    } catch {
      // A browser without DecompressionStream("deflate-raw") (before Chrome 103, Firefox 113, Safari 16.4):
      // Pyodide's own unpacking, slower, says what is wrong if anything still is.
      py.unpackArchive(buffer, "wheel", { extractDir: sitePackages });
    }
    // The finder of site-packages may have listed it already (within the same millisecond): forget that. Not
    // importlib.invalidate_caches(): it imports importlib.metadata, which the standard library subset lacks.
    py.runPython(`import sys\nfinder = sys.path_importer_cache.get(${JSON.stringify(sitePackages)})\nif finder: finder.invalidate_caches()`);
  }

  /**
   * A restored engine has its modules imported already, but not their files (the file system is not in the
   * snapshot). Until install() runs, when the engine is idle, a module imported later is read from the wheel.
   */
  async mount(py) {
    py.FS.writeFile(WHEEL_ZIP, new Uint8Array(await this.buffer));
    py.runPython(`import horizon_eligibility\nhorizon_eligibility.__path__.append(${JSON.stringify(`${WHEEL_ZIP}/horizon_eligibility`)})`);
  }
}
