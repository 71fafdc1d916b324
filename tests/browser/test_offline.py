"""Offline use: the service worker (sw.js, written by build_scripts/checker/service_worker.py) and offline.mjs.

- After one visit, with the network cut (Playwright's offline mode), the checker still gives a verdict and
  guidance and country pages still open.
- Pyodide is kept once the checker has run, not before: another page keeps the site but downloads no part
  of the engine; the checker, opened next, keeps it from the browser's HTTP cache and then works offline.
- Under Save-Data nothing is downloaded ahead of use: only the pages opened are kept, and the checker once
  it has run (the visitor's navigator.connection is overridden by an init script, as the page reads it).
- On a cellular or slow connection (or, where the browser has no Network Information API, a small screen) the
  same, until the visitor answers "Keep this site for offline use?"; the answer is remembered, and the
  checker gives its verdict without waiting for it.
- A new build (new data) installs beside the old one with what the old one kept, is offered with "reload to
  update", downloads only what changed, and deletes the old cache when it takes over.
- With the server gone while the browser thinks it is online, the checker runs from the saved copy.
- The generated manifest itself (what is precached, in which group, how the version follows the content).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from build_scripts.checker import service_worker
from build_scripts.paths import ROOT

from .helpers import BOOT_TIMEOUT_MS, fragment, wait_ready
from .server import SiteServer

EXAMPLE = json.loads((ROOT / "examples/design-example.json").read_text(encoding="utf-8"))
# The service worker has done what this page asked it to keep, and controls the page.
ANSWERED = "() => window.__heOffline?.answered === true && !!navigator.serviceWorker.controller"
SAVED = f"() => ({ANSWERED})() && window.__heOffline.complete === true"
CHECKER_SAVED = f"() => ({ANSWERED})() && window.__heOffline.checker === true"
CACHES = "async () => (await caches.keys()).filter(k => k.startsWith('horizon-eligibility-')).sort()"
# The paths the service worker's cache holds (relative to the site root).
CACHED = """async () => {
  const scope = new URL('.', navigator.serviceWorker.controller.scriptURL).href;
  const cache = await caches.open(window.__heOffline.info.cache);
  return (await cache.keys()).map(r => r.url.slice(scope.length)).sort();
}"""
SAVE_DATA = "Object.defineProperty(navigator, 'connection', { value: { saveData: true } })"
ENGINE_FILES = ("assets/pyodide/", "assets/wheels/")


@pytest.fixture
def sw_context(browser: Any, browser_context_args: dict[str, Any]) -> Iterator[Any]:
    """A fresh browser profile with service workers allowed (the ordinary tests block them)."""
    context = browser.new_context(**{**browser_context_args, "service_workers": "allow"})
    yield context
    context.close()


@pytest.fixture
def sw_profile(
    browser_type: Any, browser_type_launch_args: dict[str, Any], browser_context_args: dict[str, Any], tmp_path: Path
) -> Iterator[Any]:
    """Like sw_context, with a browser profile on disk: an ephemeral context keeps no large file in its HTTP
    cache (its cache lives in memory), a visitor's browser does."""
    args = {**browser_type_launch_args, **browser_context_args, "service_workers": "allow"}
    context = browser_type.launch_persistent_context(str(tmp_path / "profile"), **args)
    yield context
    context.close()


def wait_saved(page: Any, condition: str = SAVED) -> None:
    page.wait_for_function(condition, timeout=BOOT_TIMEOUT_MS)


def engine_downloads(server: SiteServer) -> list[str]:
    return [h.path for h in list(server.log.hits) if any(f"/{part}" in h.path for part in ENGINE_FILES)]


def open_checker_offline(page: Any, context: Any, url: str) -> str:
    """Run the checker online until its engine is kept, then reload it with the network cut and check again;
    return what its offline line said while online."""
    page.goto(url + "checker/" + fragment(EXAMPLE))
    online = wait_ready(page)
    wait_saved(page, CHECKER_SAVED)
    line = page.locator("#he-offline").text_content() or ""
    context.set_offline(True)
    page.reload()
    offline = wait_ready(page)
    assert offline["eligible"] == online["eligible"] and offline["state"] == "ready"
    assert "You are offline" in (page.locator("#he-offline").text_content() or "")
    return line


def test_checker_guidance_and_country_pages_work_offline(sw_context: Any, site_server: SiteServer) -> None:
    page = sw_context.new_page()
    page.goto(site_server.url + "checker/" + fragment(EXAMPLE))
    online = wait_ready(page)
    wait_saved(page, f"() => ({SAVED})() && ({CHECKER_SAVED})()")
    assert page.evaluate(CACHES) == [f"horizon-eligibility-{page.evaluate('window.__heOffline.info.version')}"]
    data_version = page.evaluate("window.__heOffline.info.data_version")
    assert data_version and data_version in (page.locator("#he-offline").text_content() or "")

    sw_context.set_offline(True)
    site_server.log.clear()
    page.reload()
    offline = wait_ready(page)
    assert offline["eligible"] == online["eligible"] and offline["state"] == "ready"
    assert f"rules data {data_version}" in (page.locator("#he-status").text_content() or "")
    page.wait_for_selector("#he-offline[data-state=ready]")
    assert "offline" in (page.locator("#he-offline").text_content() or "").lower()
    assert data_version in (page.locator("#he-offline").text_content() or "")
    # An edit is checked offline too.
    page.locator("#he-rows input[data-key=name]").first.fill("Offline University")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=verdict]').dataset.revision"
        " === document.querySelector('#he-form').dataset.revision"
    )

    for path, heading in (("guidance/roles/", "Roles"), ("countries/ch/", "Switzerland")):
        page.goto(site_server.url + path)
        assert heading in (page.locator("h1").first.text_content() or "")
    page.goto(site_server.url + "no-such-page/")
    assert "offline" in (page.locator("h1").text_content() or "").lower()
    # Nothing reached the server, but the browser's own update check of sw.js (Playwright's offline mode does
    # not cover it; a real outage does, and the cached site is served either way).
    assert not [h.path for h in site_server.log.hits if h.path != "/sw.js"]


def test_pyodide_is_kept_once_the_checker_has_run_not_before(
    sw_profile: Any, site_server: SiteServer, checker_site: Path
) -> None:
    page = sw_profile.new_page()
    site_server.log.clear()
    page.goto(site_server.url + "countries/ch/")
    wait_saved(page)
    cached = page.evaluate(CACHED)
    assert "guidance/roles/" in cached and "checker/" in cached  # the site is kept
    assert not [p for p in cached if p.startswith(ENGINE_FILES)]
    assert engine_downloads(site_server) == []  # not a byte of the engine without the checker

    assert "a copy of the site and the engine" in open_checker_offline(page, sw_profile, site_server.url)
    assert {p for p in page.evaluate(CACHED) if p.startswith(ENGINE_FILES)}
    # Kept from the HTTP cache: the runtime was downloaded once, by the checker's own engine.
    wasm = [h for h in list(site_server.log.hits) if h.path.endswith("pyodide.asm.wasm")]
    assert sum(h.bytes for h in wasm) == next((checker_site / "assets/pyodide").rglob("*.wasm")).stat().st_size


ASK = "#he-offline-ask"
CHOICE = "() => localStorage.getItem('horizon-eligibility:offline-copy')"


def connection(value: dict[str, Any] | None) -> str:
    """An init script that gives the page this navigator.connection (None: a browser without the API)."""
    return f"Object.defineProperty(navigator, 'connection', {{ value: {json.dumps(value)} ?? undefined }})"


def site_pages(server: SiteServer) -> set[str]:
    return {h.path for h in list(server.log.hits) if h.path.endswith("/")}


@pytest.mark.parametrize(
    "network",
    [{"type": "cellular", "effectiveType": "4g", "saveData": False}, {"effectiveType": "3g", "saveData": False}],
    ids=["cellular", "3g"],
)
def test_on_a_metered_connection_the_copy_waits_for_the_visitors_word(
    sw_context: Any, site_server: SiteServer, checker_site: Path, network: dict[str, Any]
) -> None:
    sw_context.add_init_script(connection(network))
    page = sw_context.new_page()
    site_server.log.clear()
    page.goto(site_server.url + "countries/ch/")
    bar = page.locator(ASK)
    bar.wait_for(timeout=BOOT_TIMEOUT_MS)
    size = service_worker.build_manifest(checker_site)["bytes"] / 1e6
    assert f"Keep this site for offline use? {size:.1f} MB" in (bar.text_content() or "")
    wait_saved(page, ANSWERED)
    assert page.evaluate("window.__heOffline.complete") is False
    assert site_pages(site_server) == {"/countries/ch/"}  # no other page downloaded
    assert engine_downloads(site_server) == []

    bar.get_by_role("button", name="Not now").click()
    assert page.evaluate(CHOICE) == "skip"
    page.reload()
    wait_saved(page, ANSWERED)
    page.wait_for_timeout(500)
    assert page.locator(ASK).count() == 0  # remembered: not asked again
    assert page.evaluate("window.__heOffline.complete") is False
    assert site_pages(site_server) == {"/countries/ch/"}


def test_on_a_metered_connection_keep_it_saves_the_site(sw_context: Any, site_server: SiteServer) -> None:
    sw_context.add_init_script(connection({"type": "cellular", "effectiveType": "4g", "saveData": False}))
    page = sw_context.new_page()
    page.goto(site_server.url + "countries/ch/")
    page.locator(ASK).get_by_role("button", name="Keep it").click()
    wait_saved(page)
    assert page.evaluate(CHOICE) == "keep"
    assert "guidance/roles/" in page.evaluate(CACHED)
    page.reload()
    wait_saved(page)
    assert page.locator(ASK).count() == 0


def test_without_the_connection_api_a_small_screen_asks_and_a_wide_one_does_not(
    browser: Any, browser_context_args: dict[str, Any], site_server: SiteServer
) -> None:
    for width, asks in ((360, True), (1280, False)):
        args = {**browser_context_args, "service_workers": "allow", "viewport": {"width": width, "height": 800}}
        context = browser.new_context(**args)
        try:
            context.add_init_script(connection(None))
            page = context.new_page()
            page.goto(site_server.url + "countries/ch/")
            if asks:
                page.locator(ASK).wait_for(timeout=BOOT_TIMEOUT_MS)
                wait_saved(page, ANSWERED)
                assert page.evaluate("window.__heOffline.complete") is False
            else:
                wait_saved(page)
                assert page.locator(ASK).count() == 0
        finally:
            context.close()


def test_on_a_metered_connection_the_checker_does_not_wait_for_the_answer(
    sw_context: Any, site_server: SiteServer
) -> None:
    sw_context.add_init_script(connection({"type": "cellular", "effectiveType": "4g", "saveData": False}))
    page = sw_context.new_page()
    page.goto(site_server.url + "checker/" + fragment(EXAMPLE))
    shown = wait_ready(page)  # the verdict, while the question is unanswered
    assert shown["state"] == "ready"
    # The bar comes once the service worker has said how big the copy is (it may come after the verdict).
    page.locator(ASK).wait_for(timeout=BOOT_TIMEOUT_MS)
    assert page.evaluate("window.__heOffline.choice") in (None, "")
    wait_saved(page, CHECKER_SAVED)  # what the checker used is kept, from the browser's cache
    assert page.evaluate("window.__heOffline.complete") is False


def test_under_save_data_only_what_was_opened_is_kept(sw_context: Any, site_server: SiteServer) -> None:
    sw_context.add_init_script(SAVE_DATA)
    page = sw_context.new_page()
    site_server.log.clear()
    page.goto(site_server.url + "countries/ch/")
    wait_saved(page, ANSWERED)
    assert page.evaluate("window.__heOffline.complete") is False
    cached = page.evaluate(CACHED)
    assert "countries/ch/" in cached  # the page opened, and what it loaded
    assert "guidance/roles/" not in cached and not [p for p in cached if p.startswith(ENGINE_FILES)]
    pages = {h.path for h in list(site_server.log.hits) if h.path.endswith("/")}
    assert pages == {"/countries/ch/"}, pages  # no other page was downloaded
    assert engine_downloads(site_server) == []

    assert "the engine and the pages you opened (data saver is on)" in open_checker_offline(
        page, sw_context, site_server.url
    )
    page.goto(site_server.url + "countries/ch/")
    assert "Switzerland" in (page.locator("h1").first.text_content() or "")
    page.goto(site_server.url + "guidance/roles/")
    assert "offline" in (page.locator("h1").text_content() or "").lower()


@pytest.fixture
def site_copy(checker_site: Path, tmp_path: Path) -> Iterator[tuple[Path, str, SiteServer]]:
    """A copy of the built site under a sub-path (/repo/, like a GitHub Pages project site), on its own port
    (its own origin), free to be rebuilt by the test."""
    copy = tmp_path / "root" / "repo"
    shutil.copytree(checker_site, copy)
    with SiteServer(tmp_path / "root", 0) as server:
        yield copy, server.url + "repo/", server


def test_a_new_build_replaces_the_old_cache(sw_context: Any, site_copy: tuple[Path, str, SiteServer]) -> None:
    site, base, server = site_copy
    page = sw_context.new_page()
    page.goto(base + "checker/" + fragment(EXAMPLE))
    wait_ready(page)
    wait_saved(page, f"() => ({SAVED})() && ({CHECKER_SAVED})()")
    page.goto(base + "guidance/roles/")
    old = page.evaluate("window.__heOffline.info")
    assert page.evaluate(CACHES) == [old["cache"]]
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == base + "sw.js"  # scope: the sub-path

    # A new build: new rules data (engine.json) and an edited page; sw.js is written again, as build_site does.
    engine = site / "assets/checker/engine.json"
    manifest = json.loads(engine.read_text(encoding="utf-8"))
    manifest["data_version"] = "test-new-data"
    engine.write_text(json.dumps(manifest), encoding="utf-8")
    roles = site / "guidance/roles/index.html"
    roles.write_text(roles.read_text(encoding="utf-8").replace("</h1>", " (new build)</h1>", 1), encoding="utf-8")
    new = service_worker.write(site)
    assert new["version"] != old["version"]
    server.log.clear()

    page.reload()  # a navigation makes the browser look for a new sw.js
    bar = page.locator("#he-update-bar")
    bar.wait_for(timeout=BOOT_TIMEOUT_MS)
    assert "test-new-data" in (bar.text_content() or "")
    assert "(new build)" not in (page.locator("h1").first.text_content() or "")  # the old build until asked
    assert sorted(page.evaluate(CACHES)) == sorted([old["cache"], new["cache"]])
    fetched = {h.path.split("?")[0] for h in server.log.hits if h.status == 200}
    changed = {"sw.js", "guidance/roles/index.html", "assets/checker/engine.json"}
    assert fetched <= {f"/repo/{path}" for path in changed}, fetched  # unchanged files reused (the engine too)

    with page.expect_navigation():
        page.locator("#he-update-reload").click()
    page.wait_for_function(SAVED, timeout=BOOT_TIMEOUT_MS)
    page.wait_for_function("v => window.__heOffline.info && window.__heOffline.info.version === v", arg=new["version"])
    assert page.evaluate(CACHES) == [new["cache"]]  # the old cache is gone
    assert page.evaluate("window.__heOffline.checker")  # what the checker uses, kept across the update
    assert "(new build)" in (page.locator("h1").first.text_content() or "")
    sw_context.set_offline(True)
    page.reload()
    assert "(new build)" in (page.locator("h1").first.text_content() or "")


def test_the_checker_runs_from_the_saved_copy_when_the_server_is_gone(
    sw_context: Any, site_copy: tuple[Path, str, SiteServer]
) -> None:
    # The browser still thinks it is online, so the runtime is fetched first; this context keeps no large file
    # in its HTTP cache, so that fails, and the saved copy must serve.
    _site, base, server = site_copy
    page = sw_context.new_page()
    page.goto(base + "checker/" + fragment(EXAMPLE))
    online = wait_ready(page)
    wait_saved(page, CHECKER_SAVED)
    server.__exit__(None, None, None)
    page.reload()
    assert page.evaluate("navigator.onLine") is True
    shown = wait_ready(page)
    assert shown["eligible"] == online["eligible"] and shown["state"] == "ready"


def test_the_manifest_lists_the_site_and_follows_its_content(checker_site: Path, tmp_path: Path) -> None:
    manifest = service_worker.build_manifest(checker_site)
    paths = {path for path, *_ in manifest["files"]}
    assert {"index.html", "checker/index.html", "guidance/roles/index.html", "search/search_index.json"} <= paths
    assert any(p.startswith("assets/pyodide/") and p.endswith(".wasm") for p in paths)
    assert any(p.startswith("assets/wheels/") and p.endswith(".whl") for p in paths)
    # Every module of the checker (the page imports them, the worker imports the protocol): offline too.
    modules = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs/assets/javascripts").rglob("*.mjs")}
    assert len(modules) > 10 and modules <= paths, modules - paths
    # Everything the engine worker loads (the runtime, the standard library subset, the wheel, its modules,
    # the manifest) is in the group kept once the checker has run; Pyodide and the wheel in no other.
    engine = json.loads((checker_site / "assets/checker/engine.json").read_text(encoding="utf-8"))
    runtime = f"assets/pyodide/{engine['pyodide']['version']}/"
    worker = {runtime + name for name in engine["pyodide"]["files"]} | {runtime + engine["pyodide"]["stdlib"]["name"]}
    worker |= {"assets/" + engine["wheel"]["url"].removeprefix("../"), "assets/checker/engine.json"}
    worker |= {
        f"assets/javascripts/{name}.mjs" for name in ("checker-worker", "checker/engine-boot", "checker/protocol")
    }
    groups = {path: group for path, *_, group in manifest["files"]}
    assert {path: groups.get(path) for path in worker} == dict.fromkeys(worker, "checker")
    assert all(
        group == "checker" for path, group in groups.items() if path.startswith(("assets/pyodide/", "assets/wheels/"))
    )
    assert {"index.html", "checker/index.html", "search/search_index.json"} <= {
        p for p, g in groups.items() if g == "site"
    }
    # The organisation directory is gzipped as committed, and listed in a group of its own, kept once fetched.
    directory = "assets/" + engine["directory"]["url"].removeprefix("../")
    assert {p: g for p, g in groups.items() if p.startswith("assets/directory/")} == {directory: "directory"}
    listed = [p for p in paths if p.endswith((".map", ".gz")) or p == "sw.js" or p.startswith("data/rules")]
    assert listed == [directory]
    assert manifest["bytes"] < 30e6
    assert manifest["data_version"] and manifest["pyodide"] and manifest["wheel_sha256"]
    assert (checker_site / "sw.js").is_file()
    assert manifest["version"] in (checker_site / "sw.js").read_text(encoding="utf-8")
    # Same content, same version; one byte changed anywhere, a new version.
    small = tmp_path / "site"
    small.mkdir()
    (small / "index.html").write_text("<h1>a</h1>", encoding="utf-8")
    (small / "page").mkdir()
    (small / "page/index.html").write_text("<h1>b</h1>", encoding="utf-8")
    first = service_worker.build_manifest(small)["version"]
    assert service_worker.build_manifest(small)["version"] == first
    (small / "page/index.html").write_text("<h1>c</h1>", encoding="utf-8")
    assert service_worker.build_manifest(small)["version"] != first
