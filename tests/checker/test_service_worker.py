"""The service worker is a real JavaScript file (sw.template.js) into which the build writes data only."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from build_scripts.checker import service_worker

NODE = shutil.which("node")
MANIFEST = {
    "version": "0123456789abcdef",
    "cache": "horizon-eligibility-0123456789abcdef",
    "data_version": "abc",
    "bytes": 3,
    "files": [["index.html", "00ff", 3, 0, "site"], ['it\'s "quoted" </script>', "11ee", 0, 1, "checker"]],
}


def node_check(path: Path) -> None:
    if NODE is None:
        pytest.skip("node is not installed (make node)")
    done = subprocess.run([NODE, "--check", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_the_template_itself_is_valid_javascript() -> None:
    node_check(service_worker.TEMPLATE)


def test_rendered_worker_holds_the_manifest_as_json_and_parses(tmp_path: Path) -> None:
    text = service_worker.render(MANIFEST)
    assert "@build" not in text and "@prefix" not in text
    build = re.search(r"^const BUILD = (.*);$", text, re.MULTILINE)
    prefix = re.search(r"^const PREFIX = (.*);$", text, re.MULTILINE)
    assert build and json.loads(build.group(1)) == MANIFEST
    assert prefix and json.loads(prefix.group(1)) == service_worker.CACHE_PREFIX
    # Apart from the two values, the worker is the template as written.
    template = service_worker.TEMPLATE.read_text(encoding="utf-8")
    assert text.replace(build.group(1), "B").replace(prefix.group(1), "P") == template.replace(
        service_worker.BUILD_PLACEHOLDER, "B"
    ).replace(service_worker.PREFIX_PLACEHOLDER, "P")
    (tmp_path / "sw.js").write_text(text, encoding="utf-8")
    node_check(tmp_path / "sw.js")


def test_a_template_without_its_placeholder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "sw.template.js"
    text = service_worker.TEMPLATE.read_text(encoding="utf-8")
    broken.write_text(text.replace(service_worker.BUILD_PLACEHOLDER, "{}"), encoding="utf-8")
    monkeypatch.setattr(service_worker, "TEMPLATE", broken)
    with pytest.raises(ValueError, match="@build"):
        service_worker.render(MANIFEST)


def test_what_only_the_checker_uses_is_its_own_group(tmp_path: Path) -> None:
    files = {
        "index.html": "site",
        "checker/index.html": "site",
        "assets/javascripts/site-filter.mjs": "site",
        "assets/javascripts/checker.mjs": "site",  # the page module: loaded wherever the page is
        "assets/pyodide/314.0.7/pyodide.asm.wasm": "checker",
        "assets/wheels/0123/engine.whl": "checker",
        "assets/checker/engine.json": "checker",
        "assets/javascripts/checker-worker.mjs": "checker",
        "assets/javascripts/checker/engine-boot.mjs": "checker",
        "assets/directory/0123/organisations.tsv.gz": "directory",  # listed, though gzipped
    }
    (tmp_path / "sitemap.xml.gz").write_bytes(b"not listed")
    for rel in files:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("{}" if rel.endswith(".json") else rel, encoding="utf-8")
    manifest = service_worker.build_manifest(tmp_path)
    assert {path: group for path, *_, group in manifest["files"]} == files
    summary = service_worker.write(tmp_path)
    sizes = {rel: (tmp_path / rel).stat().st_size for rel in files}
    assert summary["group_bytes"]["checker"] == sum(size for rel, size in sizes.items() if files[rel] == "checker")
    assert "checker 0.0 MB" in service_worker.summary_line(summary)
    immutable = {path: flag for path, _sha, _size, flag, _group in manifest["files"]}
    assert immutable["assets/directory/0123/organisations.tsv.gz"] == 1
