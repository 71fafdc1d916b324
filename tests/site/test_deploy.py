"""The site the Pages workflow publishes is the site the tests ran against, but for its URL.

The tests need the site built for a local origin (Material's instant navigation follows only links whose port
and path match its sitemap.xml); the published site needs its real URL. So the pages are generated and the
checker bundled once, and MkDocs runs twice on them (`deployed_site`, tests/conftest.py; `make test` writes the
published build to site/). Here every file of the published build is held to the tested build's: the same bytes,
or the same text once the published URL reads as the tested one.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

TEXT = {".html", ".xml", ".json", ".js", ".mjs", ".css", ".txt", ".csv", ".svg", ".map"}


def files(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in site.rglob("*") if path.is_file()}


def as_tested(text: str, published: str, tested: str) -> str:
    """The published text with the published URL (and, for absolute paths, its path) read as the tested one."""
    text = text.replace(published, tested)
    path, tested_path = urlsplit(published).path, urlsplit(tested).path
    if path != tested_path:  # 404.html links its assets by absolute path: /<repo>/assets/...
        text = re.sub(rf'(?<=["\'(]){re.escape(path)}', tested_path, text)
    return text


def sw_files(sw: Path) -> list[list[object]]:
    """The precache manifest sw.js holds: [path, sha256, size, ..., group] for every file."""
    found = re.search(r"^const BUILD = (.*);$", sw.read_text(encoding="utf-8"), re.MULTILINE)
    assert found, f"{sw}: no manifest"
    manifest: dict[str, list[list[object]]] = json.loads(found.group(1))
    return manifest["files"]


def test_the_published_site_is_the_tested_site_but_for_its_url(
    built_site: Path, built_site_url: str, deployed_site: tuple[Path, str]
) -> None:
    published, url = deployed_site
    tested, mine = files(built_site), files(published)
    assert sorted(mine) == sorted(tested)
    assert len(mine) > 300
    differ = []
    for name, path in mine.items():
        if name == "sw.js":
            continue
        ours, theirs = path.read_bytes(), tested[name].read_bytes()
        if name.endswith(".gz"):
            ours, theirs = gzip.decompress(ours), gzip.decompress(theirs)
        if ours == theirs:
            continue
        suffix = Path(name.removesuffix(".gz")).suffix
        if suffix not in TEXT or as_tested(ours.decode("utf-8"), url, built_site_url) != theirs.decode("utf-8"):
            differ.append(name)
    assert not differ, differ[:20]
    # The service worker lists the same files in the same groups; a file that is the same bytes has its hash.
    published_sw, tested_sw = sw_files(published / "sw.js"), sw_files(built_site / "sw.js")
    assert [(f[0], f[-1]) for f in published_sw] == [(f[0], f[-1]) for f in tested_sw]
    same = {name for name in mine if name != "sw.js" and mine[name].read_bytes() == tested[name].read_bytes()}
    assert {f[0]: f[1] for f in published_sw if f[0] in same} == {f[0]: f[1] for f in tested_sw if f[0] in same}
    assert f"<loc>{url}countries/ch/</loc>" in (published / "sitemap.xml").read_text(encoding="utf-8")
