"""The browser checker's bundle (engine wheel, catalogue, Pyodide runtime) and the offline service worker."""

from __future__ import annotations

import hashlib
from pathlib import Path


class BundleError(RuntimeError):
    """The checker bundle cannot be built; the message says what to do."""


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
