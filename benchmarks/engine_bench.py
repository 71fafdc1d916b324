"""Benchmark the eligibility engine on every Horizon Europe consortium in the CORDIS fixture.

Run: ``.venv/bin/python -m benchmarks.engine_bench`` (``--repeat N`` passes, ``--quick`` for one pass).

The input dicts are built first; only ``check(...)`` calls are timed, then separately
``check(...).to_dict()``. Prints checks per second (best pass) in wall time and in CPU time (which the other
load of a shared machine does not inflate), the average consortium size and peak memory (tracemalloc for the
Python heap during one pass, ru_maxrss for the whole process). The engine's target is a floor that serves the
CORDIS test: at least 5,000 checks per second (CPU time) on these consortia, on one core.
"""

from __future__ import annotations

import argparse
import gc
import platform
import resource
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from horizon_eligibility import InputError, check
from tests.engine import cordis

TARGET = 5_000


def build_inputs() -> tuple[list[dict[str, Any]], int]:
    """The input dicts of every mapped Horizon Europe consortium the engine accepts, and how many it
    refused (CORDIS rows without a valid country code)."""
    inputs: list[dict[str, Any]] = []
    refused = 0
    for project in cordis.load_he_projects():
        if cordis.unmapped_reason(project) is not None:
            continue
        data = cordis.to_input(project)
        try:
            check(data)
        except InputError:
            refused += 1
            continue
        inputs.append(data)
    return inputs, refused


def timed(fn: Callable[[dict[str, Any]], object], inputs: Sequence[dict[str, Any]], repeat: int) -> tuple[float, float]:
    """The best wall time and the best CPU time of `repeat` passes over all inputs."""
    best = best_cpu = float("inf")
    for _ in range(repeat):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        for data in inputs:
            fn(data)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    return best, best_cpu


def peak_traced(fn: Callable[[dict[str, Any]], object], inputs: Sequence[dict[str, Any]]) -> int:
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    for data in inputs:
        fn(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def maxrss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (the best one counts)")
    parser.add_argument("--quick", action="store_true", help="a single pass")
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else max(1, args.repeat)

    start = time.perf_counter()
    inputs, refused = build_inputs()
    build_s = time.perf_counter() - start
    sizes = [len(d["participants"]) for d in inputs]
    avg = sum(sizes) / len(sizes)
    outcomes = Counter(check(d).outcome for d in inputs)  # warm-up pass

    check_s, check_cpu = timed(check, inputs, repeat)
    to_dict_s, _ = timed(lambda d: check(d).to_dict(), inputs, repeat)
    peak_check = peak_traced(check, inputs)
    n = len(inputs)
    rate = n / check_cpu
    print(f"Python {platform.python_version()} on {platform.machine()} ({platform.system()})")
    print(
        f"consortia: {n:,} Horizon Europe ({refused} refused as input), judged {outcomes['eligible']:,} eligible, "
        f"{outcomes['eligible-if']:,} eligible if conditions are confirmed, {outcomes['not-eligible']:,} not eligible"
    )
    print(f"input dicts built and validated in {build_s:.2f} s (not timed below)")
    print(f"average consortium: {avg:.2f} participants (largest {max(sizes)})")
    print(f"check():           {n / check_s:>10,.0f} checks/s  ({check_s * 1e6 / n:.1f} us each, best of {repeat})")
    print(f"check(), CPU time: {rate:>10,.0f} checks/s  ({check_cpu * 1e6 / n:.1f} us each)")
    each = to_dict_s * 1e6 / n
    print(f"check().to_dict(): {n / to_dict_s:>10,.0f} checks/s  ({each:.1f} us each, best of {repeat})")
    print(f"peak traced memory during one check() pass: {peak_check / 1024:,.0f} KiB")
    print(f"process max RSS: {maxrss_mib():,.1f} MiB")
    verdict = "meets" if rate >= TARGET else "misses"
    print(f"floor >= {TARGET:,} checks/s (CPU time): {verdict} ({rate / TARGET:.0%} of the floor)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
