"""Shared fixtures: what is expensive is built once per test session, and every test that needs it shares it.
Use these; a test never builds the site, the checker bundle or the generated pages itself.

- `site_build` (session): the whole site, built once as `make site` builds it (the generated pages into docs/,
  the checker bundle into docs/assets/, `mkdocs build --strict`) into a temporary folder, for a URL on a free
  port: a server is bound to 127.0.0.1 port 0 first, the site is built for http://127.0.0.1:<port>/, then served
  from that very socket. Material's instant navigation only follows links whose port and path match its
  sitemap.xml, so the site must be served where it was built for; holding the socket from the start means no
  other process can take the port (a taken port never skips a test). It has `.site` (the folder), `.url`,
  `.server` (a tests.browser.server.SiteServer: `.url`, `.log` of requests) and `.log` (the build's output,
  None for a reused site).
- `built_site` (the folder) and `built_site_url` (its URL): shortcuts.
- `generated_docs`: docs/, holding the generated pages that build wrote (countries/, actions/, ...).
- `shipped_bundle`: the checker files the built site ships (`.wheel`: the engine wheel with its bytecode,
  `.stdlib`: the standard library subset, `.manifest`: engine.json). tests/pyodide/ tests exactly these.
- `pyodide_run`: the engine's tests marked `pyodide` run inside Pyodide on those files (a CompletedProcess of
  tests/pyodide/run_engine_tests.mjs).
- `deployed_site`: (folder, URL): the same pages built by MkDocs alone a second time, for the URL the site is
  published at ($SITE_URL, else mkdocs.yml's site_url). `pytest --deploy-site DIR` writes it to DIR (`make test`
  writes site/, which the Pages workflow publishes); otherwise it goes to a temporary folder.

The session starts the build at its first test, in a thread, when any collected test needs the site, and then
(on the machine's other core, while the tests that need no site run) the Pyodide run and the build for the
published URL, when a collected test needs them or --deploy-site asks. Test files that need the site run after
those that do not, and the browser tests last.

HE_SITE_DIR=path reuses a site already built (e.g. `HE_SITE_DIR=site pytest tests/site` after `make site`): it
is served on the port its sitemap names (the session fails if that port is taken); the generated pages are those
in docs/, the Pyodide run starts when asked for, and there is no build for the published URL.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from build_scripts.paths import DOCS
from tests.browser.server import SiteServer

ROOT = Path(__file__).resolve().parent.parent
BUILD = [sys.executable, "-m", "build_scripts.site.build"]
PYODIDE_RUNNER = ROOT / "tests" / "pyodide" / "run_engine_tests.mjs"
TIMEOUT = 1200  # seconds, for any one build or run


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--deploy-site",
        metavar="DIR",
        type=Path,
        help="also build the tested pages for the published URL ($SITE_URL, else mkdocs.yml's) into DIR",
    )


def _needs(item: pytest.Item, fixture: str) -> bool:
    return fixture in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Whole test files in this order: those that need no site, those that do, the browser tests."""
    needs_site = {item.path for item in items if _needs(item, "site_build")}
    browser = ROOT / "tests" / "browser"
    items.sort(key=lambda item: (browser in item.path.parents, item.path in needs_site))


# -- the builds ------------------------------------------------------------------------------------------------
@dataclass
class Shipped:
    """What the built site ships for the checker (paths inside the built site)."""

    manifest: dict[str, Any]
    wheel: Path  # the engine wheel, with its Pyodide bytecode
    stdlib: Path  # the standard library subset, as bytecode

    @classmethod
    def of(cls, site: Path) -> Shipped:
        assets = site / "assets"
        manifest = json.loads((assets / "checker" / "engine.json").read_text(encoding="utf-8"))
        pyodide = manifest["pyodide"]
        stdlib = assets / "pyodide" / pyodide["version"] / pyodide["stdlib"]["name"]
        return cls(manifest, (assets / "checker" / manifest["wheel"]["url"]).resolve(), stdlib)


@dataclass
class SiteBuild:
    site: Path
    url: str
    server: SiteServer
    log: str | None  # the build's output; None for a site reused from HE_SITE_DIR


def _env() -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("SITE_URL", None)  # the URL is always given on the command line
    return env


def published_url() -> str:
    """$SITE_URL (the Pages workflow sets it), else mkdocs.yml's site_url."""
    url = os.environ.get("SITE_URL", "")
    for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if not url and line.startswith("site_url:"):
            url = line.split(":", 1)[1].strip()
    return url if url.endswith("/") else url + "/"


def run_pyodide(shipped: Shipped) -> subprocess.CompletedProcess[str]:
    """tests/pyodide/run_engine_tests.mjs on the shipped files (the marked subset of tests/engine/)."""
    env = {**os.environ, "HE_SHIPPED_WHEEL": str(shipped.wheel), "HE_SHIPPED_STDLIB": str(shipped.stdlib)}
    command = ["node", str(PYODIDE_RUNNER)]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)


@dataclass
class Builds:
    """The session's site build, then the Pyodide run and the build for the published URL, in a thread."""

    base: Path
    pyodide: bool  # run the engine's tests in Pyodide once the site is built
    deploy_dir: Path | None  # build the pages for the published URL into this folder
    server: SiteServer = field(init=False)
    log: str = ""
    error: str = ""
    pyodide_result: subprocess.CompletedProcess[str] | None = None
    deploy: subprocess.Popen[bytes] | None = None
    built: threading.Event = field(default_factory=threading.Event)
    deploy_started: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.site = self.base / "site"
        self.server = SiteServer(self.site, 0)  # bound now, served once built: the port is ours all session
        self.deploy_log = self.base / "deploy.log"
        self.thread = threading.Thread(target=self._run, name="site build", daemon=True)

    def _run(self) -> None:
        try:
            args = ["--site-dir", str(self.site), "--site-url", self.server.url]
            done = subprocess.run(
                [*BUILD, *args], cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=TIMEOUT
            )
            self.log = done.stdout + done.stderr
            (self.base / "build.log").write_text(self.log, encoding="utf-8")
            if done.returncode != 0:
                self.error = f"site build failed ({done.returncode}), log in {self.base / 'build.log'}"
        except Exception as error:  # reported by the fixtures that wait for the build
            self.error = f"site build failed: {error!r}"
        finally:
            self.built.set()
        try:
            if not self.error and self.deploy_dir is not None:
                self.start_deploy(self.deploy_dir)
        finally:
            self.deploy_started.set()
        try:
            if not self.error and self.pyodide:
                self.pyodide_result = run_pyodide(Shipped.of(self.site))
        finally:
            self.finished.set()

    def start_deploy(self, folder: Path) -> None:
        args = ["--mkdocs-only", "--site-dir", str(folder.resolve()), "--site-url", published_url()]
        self.deploy_dir = folder.resolve()
        with self.deploy_log.open("w", encoding="utf-8") as out:
            self.deploy = subprocess.Popen([*BUILD, *args], cwd=ROOT, env=_env(), stdout=out, stderr=subprocess.STDOUT)

    def wait_built(self) -> None:
        if not self.thread.is_alive() and not self.built.is_set():
            self.thread.start()
        self.built.wait(TIMEOUT)
        if self.error:
            pytest.fail(f"{self.error}:\n{self.log[-6000:]}", pytrace=False)

    def wait_deploy(self) -> Path:
        self.deploy_started.wait(TIMEOUT)
        if self.deploy is None:
            raise RuntimeError("no build for the published URL was started")
        if self.deploy.wait(TIMEOUT) != 0:
            text = self.deploy_log.read_text(encoding="utf-8")
            pytest.fail(
                f"the build for {published_url()} failed, log in {self.deploy_log}:\n{text[-6000:]}", pytrace=False
            )
        assert self.deploy_dir is not None
        return self.deploy_dir


_BUILDS = pytest.StashKey[Builds]()


@pytest.fixture(scope="session", autouse=True)
def _start_builds(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """At the session's first test: start the site build (and what follows it) if a collected test needs it."""
    items = request.session.items
    deploy_dir = request.config.getoption("deploy_site")
    if os.environ.get("HE_SITE_DIR") or not any(_needs(item, "site_build") for item in items):
        yield
        return
    wants_deploy = deploy_dir is not None or any(_needs(item, "deployed_site") for item in items)
    builds = Builds(
        tmp_path_factory.mktemp("built-site"),
        pyodide=any(_needs(item, "pyodide_run") for item in items),
        deploy_dir=deploy_dir
        if deploy_dir is not None
        else (tmp_path_factory.mktemp("deployed") if wants_deploy else None),
    )
    request.config.stash[_BUILDS] = builds
    builds.thread.start()
    yield
    builds.finished.wait(TIMEOUT)  # the session ends with the published build written (or failed)
    if builds.deploy is not None:
        builds.deploy.wait(TIMEOUT)


# -- the fixtures ----------------------------------------------------------------------------------------------
def _reused_site(folder: str) -> Iterator[SiteBuild]:
    site = Path(folder).resolve()
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        pytest.fail(f"HE_SITE_DIR={folder} holds no built site (no sitemap.xml)", pytrace=False)
    found = re.search(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8"))
    url = found.group(1) if found else ""
    parts = urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost") or not parts.port or parts.path != "/":
        pytest.fail(f"HE_SITE_DIR={folder} was built for {url!r}, not for http://127.0.0.1:<port>/", pytrace=False)
    try:
        server = SiteServer(site, parts.port)
    except OSError as error:
        taken = f"port {parts.port}, which HE_SITE_DIR={folder} was built for, is taken: {error}"
    else:
        taken = ""
    if taken:
        pytest.fail(taken, pytrace=False)
    with server:
        yield SiteBuild(site, server.url, server, None)


@pytest.fixture(scope="session")
def site_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteBuild]:
    """The site, built once for a free port on 127.0.0.1 and served there (see the module docstring)."""
    reuse = os.environ.get("HE_SITE_DIR")
    if reuse:
        yield from _reused_site(reuse)
        return
    builds = request.config.stash.get(_BUILDS, None)
    if builds is None:  # asked for by a test the collection did not show (getfixturevalue)
        builds = Builds(tmp_path_factory.mktemp("built-site"), pyodide=False, deploy_dir=None)
        request.config.stash[_BUILDS] = builds
    builds.wait_built()
    with builds.server:
        yield SiteBuild(builds.site, builds.server.url, builds.server, builds.log)


@pytest.fixture(scope="session")
def built_site(site_build: SiteBuild) -> Path:
    """The built site (a folder with index.html), built once per session."""
    return site_build.site


@pytest.fixture(scope="session")
def built_site_url(site_build: SiteBuild) -> str:
    """The URL the site was built for and is served at (http://127.0.0.1:<port>/)."""
    return site_build.url


@pytest.fixture(scope="session")
def generated_docs(site_build: SiteBuild) -> Path:
    """docs/ with the generated pages the session's build wrote into it."""
    return DOCS


@pytest.fixture(scope="session")
def shipped_bundle(site_build: SiteBuild) -> Shipped:
    """The engine wheel and standard library subset the built site ships, as its engine.json names them."""
    return Shipped.of(site_build.site)


@pytest.fixture(scope="session")
def pyodide_run(request: pytest.FixtureRequest, shipped_bundle: Shipped) -> subprocess.CompletedProcess[str]:
    """The engine's tests marked `pyodide`, run inside Pyodide on the shipped files (started early if it can)."""
    builds = request.config.stash.get(_BUILDS, None)
    if builds is not None and builds.pyodide:
        builds.finished.wait(TIMEOUT)
        if builds.pyodide_result is not None:
            return builds.pyodide_result
    return run_pyodide(shipped_bundle)


@pytest.fixture(scope="session")
def deployed_site(
    request: pytest.FixtureRequest, site_build: SiteBuild, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    """(folder, URL): this session's pages, built by MkDocs for the URL the site is published at."""
    builds = request.config.stash.get(_BUILDS, None)
    if site_build.log is None or builds is None:
        pytest.fail("HE_SITE_DIR: a reused site has no build of its pages for the published URL", pytrace=False)
    builds.deploy_started.wait(TIMEOUT)
    if builds.deploy is None:  # not foreseen when the session started: build it now
        builds.start_deploy(tmp_path_factory.mktemp("deployed"))
    return builds.wait_deploy(), published_url()
