"""Starting the engine early without waste (engine-intent.mjs).

- Another page downloads no part of Pyodide until the visitor points at (or focuses) a link to the
  checker; then the engine starts, and with instant navigation the checker page adopts it.
- Under Save-Data, or on a cellular or slow connection, pointing at the link starts nothing.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from .helpers import wait_ready
from .server import SiteServer

LINK = "a[href$='checker/']:visible"
PYODIDE = "assets/pyodide/"


def pyodide_requests(server: SiteServer) -> list[str]:
    return [hit.path for hit in list(server.log.hits) if PYODIDE in hit.path]


def test_pointing_at_the_checker_link_starts_the_engine_that_the_checker_then_uses(
    page: Any, site_server: SiteServer
) -> None:
    site_server.log.clear()
    page.goto(site_server.url)
    page.wait_for_load_state("networkidle")
    assert not page.evaluate("() => !!window.__heEarlyEngine")
    assert pyodide_requests(site_server) == []  # no intent, no download
    link = page.locator(LINK).first
    link.hover()
    page.wait_for_function("() => !!window.__heEarlyEngine")
    page.wait_for_function("() => window.__heEarlyEngine.queue.some(m => m.type === 'ready')", timeout=60_000)
    page.evaluate("() => { window.__startedOnHome = window.__heEarlyEngine.worker; }")
    link.click()
    wait_ready(page)
    assert page.evaluate("() => !!window.__startedOnHome")  # instant navigation: the same window
    # The checker adopted the worker started on the home page: it booted once, before the click.
    assert page.evaluate("() => window.__heChecker.engine.worker === window.__startedOnHome")


@pytest.mark.parametrize(
    "connection",
    [{"saveData": True}, {"type": "cellular", "effectiveType": "4g"}, {"effectiveType": "3g"}],
    ids=["save-data", "cellular", "3g"],
)
def test_under_save_data_or_on_a_metered_connection_pointing_at_the_link_starts_nothing(
    page: Any, site_server: SiteServer, connection: dict[str, Any]
) -> None:
    page.add_init_script(f"Object.defineProperty(navigator, 'connection', {{ value: {json.dumps(connection)} }})")
    site_server.log.clear()
    page.goto(site_server.url)
    page.locator(LINK).first.hover()
    page.locator(LINK).first.focus()
    page.wait_for_timeout(1500)
    assert not page.evaluate("() => !!window.__heEarlyEngine")
    assert pyodide_requests(site_server) == []
