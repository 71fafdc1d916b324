// The loading indicator under the checker's status line (#he-progress, role="progressbar").
//
// While the runtime downloads it shows how much has arrived (aria-valuenow, in percent, and the megabytes as
// aria-valuetext). Then, while WebAssembly compiles and Python starts, nothing measurable happens for seconds on
// a slow machine: the bar becomes indeterminate (no aria-valuenow) and keeps moving, a CSS transform animation
// that runs even while a script is busy; the status line says which phase it is. Hidden once the engine is ready
// or has failed. With reduced motion the bar pulses instead of sliding.

function mb(bytes) {
  return (bytes / 1e6).toFixed(1);
}

/** Show the engine's loading progress in element; returns a function that stops. */
export function bindProgress(engine, element) {
  if (!element) return () => {};
  const render = () => {
    const status = engine.status;
    const loading = !engine.ready && !engine.error;
    element.hidden = !loading;
    if (!loading) return;
    const measured = status?.phase === "runtime" && status.total > 0 && status.loaded < status.total;
    element.dataset.mode = measured ? "determinate" : "indeterminate";
    element.dataset.phase = status?.phase ?? "start";
    if (measured) {
      const percent = Math.round((100 * status.loaded) / status.total);
      element.setAttribute("aria-valuemin", "0");
      element.setAttribute("aria-valuemax", "100");
      element.setAttribute("aria-valuenow", String(percent));
      element.setAttribute("aria-valuetext", `${mb(status.loaded)} of ${mb(status.total)} MB`);
      element.style.setProperty("--he-progress", `${percent}%`);
    } else {
      for (const name of ["aria-valuemin", "aria-valuemax", "aria-valuenow"]) element.removeAttribute(name);
      element.setAttribute("aria-valuetext", status?.message ?? "Starting the engine…");
      element.style.removeProperty("--he-progress");
    }
  };
  const listening = new AbortController();
  for (const type of ["status", "ready", "failed", "restarting"]) {
    engine.addEventListener(type, render, { signal: listening.signal });
  }
  render();
  return () => listening.abort();
}
