// The engine worker's boot steps, as [name, epoch ms]: sent with the "ready" message, so that the benchmark's
// --trace (benchmarks/checker_bench.py) can line them up with the page's own marks. Costs a few pushes.

export const trace = [];

export function stamp(name) {
  trace.push([name, Math.round((performance.timeOrigin + performance.now()) * 10) / 10]);
}
