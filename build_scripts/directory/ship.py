"""The organisation directory on the site: `ship(assets)` copies the committed file to
`assets/directory/<sha256[:16]>/organisations.tsv.gz` (a content-addressed path, so browsers may cache it for
good) and returns its entry for the checker's manifest (assets/checker/engine.json).

The page fetches it only when a participant's name field is first focused, or an input holds a PIC, and
hands it to the engine worker (docs/assets/javascripts/checker/directory.mjs); the engine wheel, which every
checker visit downloads, does not hold it (build_scripts/checker/wheel.py leaves it out).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from build_scripts.checker import BundleError, sha256_file
from horizon_eligibility.directory import PACKAGE_FILE, DirectoryError, parse

MAX_BYTES = 1_200_000  # what the page may fetch (gzipped as committed)


def ship(assets: Path, source: Path = PACKAGE_FILE) -> dict[str, Any]:
    if not source.is_file():
        raise BundleError(f"{source} is missing: run `make directory` (it is committed)")
    try:
        directory = parse(source.read_bytes())
    except DirectoryError as exc:
        raise BundleError(f"{source}: {exc}") from None
    size = source.stat().st_size
    if size > MAX_BYTES:
        raise BundleError(f"{source.name} is {size:,} bytes; the page may fetch at most {MAX_BYTES:,}")
    sha = sha256_file(source)
    parent = assets / "directory"
    parent.mkdir(parents=True, exist_ok=True)
    for child in parent.iterdir():  # an older directory
        if child.name != sha[:16]:
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    target = parent / sha[:16] / source.name
    target.parent.mkdir(exist_ok=True)
    if not target.is_file() or sha256_file(target) != sha:
        shutil.copyfile(source, target)
    return {
        "url": f"../directory/{sha[:16]}/{source.name}",
        "sha256": sha,
        "size": size,
        "organisations": len(directory),
        "snapshots": directory.meta.get("snapshots", {}),
        "attribution": directory.meta.get("attribution", ""),
    }
