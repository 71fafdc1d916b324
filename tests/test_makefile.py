"""The Makefile: `make help` lists every target, `make clean` removes everything the build writes."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from build_scripts.paths import ROOT
from build_scripts.site.build import BUILD_OUTPUTS

MAKE = shutil.which("make")
pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")
INSTALLED = {".venv", "node_modules"}


def make(*args: str) -> str:
    assert MAKE is not None
    done = subprocess.run([MAKE, "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout


def phony_targets() -> list[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    match = re.search(r"^\.PHONY:(.*)$", text, re.MULTILINE)
    assert match, "the Makefile has no .PHONY line"
    return match.group(1).split()


def test_help_lists_every_target_with_its_text() -> None:
    listed = dict(re.findall(r"^make (\S+) +(\S.*)$", make("help"), re.MULTILINE))
    targets = phony_targets()
    assert {"help", "site", "test", "clean", "distclean"} <= set(targets)
    assert sorted(listed) == sorted(targets), "give each target a `## what it does` comment on its line"


def test_clean_removes_every_generated_folder() -> None:
    removed = set(make("-n", "clean").split())
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    ignored = {line.strip("/") for line in lines if line and not line.startswith("#") and "*" not in line}
    # Every ignored path without a wildcard, except the installed tools that `make distclean` removes.
    expected = {str(path.relative_to(ROOT)) for path in BUILD_OUTPUTS} | ignored - INSTALLED
    assert expected - removed == set()
    assert "__pycache__" in removed  # found and removed wherever it is, by `find`
    assert not INSTALLED & removed
    assert set(make("-n", "distclean").split()) >= INSTALLED
