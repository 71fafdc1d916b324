"""Shared fixtures. `built_site` builds the whole site once per test session (the same build as
`make site`: generated pages, checker bundle, `mkdocs build --strict`) and returns the site folder.

- It builds with site_url = TEST_SITE_URL (http://127.0.0.1:8765/): serve the folder on that origin in
  browser tests, or Material's instant navigation silently turns itself off.
- HE_SITE_DIR=path reuses a site already built (e.g. `HE_SITE_DIR=site pytest tests/site` after
  `make site`); then the build log is not checked.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEST_SITE_URL = "http://127.0.0.1:8765/"
BUILD_LOG = "build.log"


@pytest.fixture(scope="session")
def built_site_url() -> str:
    return TEST_SITE_URL


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site (a folder with index.html), built once per session."""
    reuse = os.environ.get("HE_SITE_DIR")
    if reuse:
        site = Path(reuse).resolve()
        if not (site / "index.html").is_file():
            pytest.fail(f"HE_SITE_DIR={reuse} holds no built site")
        return site
    base = tmp_path_factory.mktemp("built-site")
    site = base / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("SITE_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "build_scripts.site.build",
            "--site-dir",
            str(site),
            "--site-url",
            TEST_SITE_URL,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    (base / BUILD_LOG).write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        pytest.fail(f"site build failed ({result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return site
