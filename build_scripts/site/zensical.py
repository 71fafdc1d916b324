"""Build the site with Zensical instead of MkDocs, into site-zensical/: a trial of the successor.

    python -m build_scripts.site.zensical --zensical .venv-zensical/bin/zensical   (or: make site-zensical)

Zensical (by the authors of Material for MkDocs) reads mkdocs.yml. The pages are generated exactly as for
`make site` (`build.py --no-mkdocs`: pages, data regions, front matter check, checker bundle); then Zensical
builds them with mkdocs.yml, and the service worker is written for what it built. Zensical has no option for
the output folder and wants it inside the folder of its config, so a two-line config at the repository root
(`.zensical.yml`, deleted afterwards) inherits mkdocs.yml and sets `site_dir`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from build_scripts.paths import ROOT
from build_scripts.site import build

SITE_DIR = ROOT / "site-zensical"
CONFIG = ROOT / ".zensical.yml"


def built_pages(site_dir: Path) -> int:
    """How many HTML pages a build wrote (the 404 page included)."""
    return sum(1 for _ in site_dir.rglob("*.html"))


def run_zensical(zensical: Path, site_dir: Path) -> None:
    CONFIG.write_text(f"INHERIT: mkdocs.yml\nsite_dir: {site_dir.relative_to(ROOT)}\n", encoding="utf-8")
    try:
        # --strict, as for MkDocs: a warning fails the build. Zensical keeps its cache in .cache/ (gitignored).
        command = [str(zensical), "build", "--strict", "--clean", "-f", str(CONFIG)]
        done = subprocess.run(command, cwd=ROOT, check=False)
    finally:
        CONFIG.unlink(missing_ok=True)
    if done.returncode != 0:
        raise SystemExit(f"zensical build failed (exit {done.returncode})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zensical", type=Path, required=True, help="the zensical command (from its own venv)")
    parser.add_argument("--no-checker", action="store_true", help="skip bundling the browser checker")
    args = parser.parse_args(argv)
    if not args.zensical.is_file():
        parser.error(f"--zensical {args.zensical}: no such file (make site-zensical installs it)")
    status = build.main(["--no-mkdocs", *(["--no-checker"] if args.no_checker else [])])
    if status != 0:
        return status
    started = time.perf_counter()
    run_zensical(args.zensical.resolve(), SITE_DIR)
    print(f"zensical build in {time.perf_counter() - started:.1f} s: {built_pages(SITE_DIR)} HTML pages in {SITE_DIR.name}/")
    build.write_service_worker(SITE_DIR)
    return 0


if __name__ == "__main__":
    sys.exit(main())
