"""Browser tests of the checker page: Playwright driving Debian's chromium against the built site.

- The site is the session's (`site_build` in tests/conftest.py: built once, for a free port, and served
  there, so Material's instant navigation works). `site_server` is its server, `checker_url` its checker.
- One browser per session (pytest-playwright's `browser`), a new context per test (`context`, `page`).
- Offline guard: chromium resolves every host except 127.0.0.1 to "not found", and every request the
  pages make is recorded, so a test can prove that nothing leaves the site's origin.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from .server import SiteServer

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if not Path(CHROMIUM).exists():
                item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} not installed (make chromium)"))


def site_url_port() -> int:
    """The port of mkdocs.yml's site_url (where `make site` builds the site for; the benchmarks serve it there)."""
    for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("site_url:"):
            return urlsplit(line.split(":", 1)[1].strip()).port or 80
    return 8000


def build_site(dest: Path) -> Path:
    """Build the whole site into dest, as `make site` does (for the benchmarks; tests use `site_build`)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    build = [sys.executable, "-m", "build_scripts.site.build", "--site-dir", str(dest)]
    subprocess.run(build, check=True, cwd=ROOT, env=env)
    return dest


@pytest.fixture(scope="session")
def checker_site(built_site: Path) -> Path:
    return built_site


@pytest.fixture(scope="session")
def site_server(site_build: Any) -> SiteServer:
    """The server of the session's site, on the port the site was built for."""
    server: SiteServer = site_build.server
    return server


@pytest.fixture(scope="session")
def checker_url(site_server: SiteServer) -> str:
    return site_server.url + "checker/"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": [OFFLINE]}


@pytest.fixture(scope="session")
def foreign_requests() -> list[str]:
    """Every request to a host other than 127.0.0.1, across the whole browser session."""
    return []


@pytest.fixture
def context(context: Any, foreign_requests: list[str]) -> Any:
    def record(req: Any) -> None:
        parts = urlsplit(req.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1":
            foreign_requests.append(req.url)

    context.on("request", record)
    return context


@pytest.fixture
def page_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """No service worker in the ordinary tests: sw.js would save the site (10 MB) in every fresh context
    and compete with the page under test. test_offline.py opens its own contexts with service workers on."""
    return {**browser_context_args, "service_workers": "block"}
