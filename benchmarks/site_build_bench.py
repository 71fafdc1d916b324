"""Time a full site build from a clean tree: `python -m benchmarks.site_build_bench [--runs 3]`.

Removes the generated pages, the checker bundle and the output folder first (like a fresh checkout after
`npm ci`), then runs `python -m build_scripts.site.build` in a fresh process, as `make site` does.
Target: < 20 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from build_scripts.paths import ROOT
from build_scripts.site.build import BUILD_OUTPUTS

CLEAN = list(BUILD_OUTPUTS)
TARGET_SECONDS = 20.0


def one_build(site_dir: Path) -> float:
    for path in CLEAN:
        shutil.rmtree(path, ignore_errors=True)
    shutil.rmtree(site_dir, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "build_scripts.site.build", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="he-site-bench-") as tmp:
        times = [one_build(Path(tmp) / "site") for _ in range(args.runs)]
    pages = len(list((ROOT / "docs").rglob("*.md")))
    median = statistics.median(times)
    print(
        f"full site build from a clean tree ({pages} Markdown pages): "
        f"median {median:.1f} s, min {min(times):.1f} s, max {max(times):.1f} s over {args.runs} runs "
        f"(target < {TARGET_SECONDS:.0f} s)"
    )
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
