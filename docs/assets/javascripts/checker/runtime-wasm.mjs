// Compile Pyodide's WebAssembly (pyodide.asm.wasm) while the worker does everything else.
//
// loadPyodide() awaits the engine snapshot before it starts the runtime, and only then compiles the runtime,
// so a returning visit first read the snapshot from Cache Storage (150-400 ms) and only then compiled, one after
// the other. Here the worker compiles as soon as it has read the manifest (compileStreaming, from the HTTP
// cache, where Chrome finds the code it compiled on an earlier visit), and while loadPyodide() runs, its own
// WebAssembly.instantiateStreaming() of the same file is answered with that module: only the instance is made
// there, and Pyodide's response is cancelled. If compiling here failed, Pyodide's call goes ahead unchanged
// (and reports a failed download as it always does).

/** Start compiling; resolves with the WebAssembly.Module or rejects. */
export function compileRuntime(url) {
  const compiled = WebAssembly.compileStreaming(fetch(url));
  compiled.catch(() => {}); // Pyodide's own attempt then reports the problem
  return compiled;
}

function isRuntime(response, url) {
  return response instanceof Response && new URL(response.url || url).pathname === new URL(url).pathname;
}

/** Run `load()` (loadPyodide) with instantiateStreaming(url) answered from `compiled`; restored after. */
export async function withCompiledRuntime(compiled, url, load, onInstance = () => {}) {
  const original = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async function instantiateStreaming(source, imports) {
    const response = await source;
    const module = isRuntime(response, url) ? await compiled.catch(() => null) : null;
    if (!module) return original.call(WebAssembly, response, imports);
    response.body?.cancel().catch(() => {});
    const instance = await WebAssembly.instantiate(module, imports);
    onInstance();
    return { module, instance };
  };
  try {
    return await load();
  } finally {
    WebAssembly.instantiateStreaming = original;
  }
}
