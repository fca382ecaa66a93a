"""Real-browser fixtures: sites built by a real ``mkdocs build``, served on loopback, read by Debian's Chromium.

Every site is built under one served folder (``/demo/``, ``/policy/``, …) with ``site_url`` set to its loopback
address, so absolute alternates and feed links resolve locally, and a site that lives below the domain root
(like gen-cons.com/policy/) is exercised as such. Playwright drives /usr/bin/chromium: browser downloads are
impossible here, and ``.ci/run`` installs Chromium on a fresh machine.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import yaml
from demosite import DEMO_BUILD_DAY, make_demo_repo
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, sync_playwright

from policyrepo import PolicyRepo, epoch_of

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("POLICY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "screenshots"


# -- the server -------------------------------------------------------------------------------------
class _Handler(SimpleHTTPRequestHandler):
    """Static files, never cached: a test that rebuilds a site must see the new files on reload."""

    def log_message(self, format, *args):  # quiet
        pass

    def send_head(self):
        if "If-Modified-Since" in self.headers:
            del self.headers["If-Modified-Since"]
        return super().send_head()

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@dataclass
class Server:
    root: Path
    base: str  # "http://127.0.0.1:<port>/"

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    def is_local(self, url: str) -> bool:
        return url.startswith(self.base) or urlsplit(url).scheme in ("data", "blob", "about")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that leaves a page drops its pending requests: not an error of the site.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("www")
    httpd = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, name="policy-test-http", daemon=True)
    thread.start()
    try:
        yield Server(root, f"http://127.0.0.1:{httpd.server_port}/")
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


# -- the sites --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Site:
    name: str
    base: str  # the site's URL, ending in "/"
    dir: Path
    doc: str = "privacy"
    languages: tuple[str, ...] = ("ja", "en")
    versions: tuple[str, ...] = ()
    current: str | None = None
    archived: tuple[str, ...] = ()
    upcoming: str | None = None

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")


def build_repo(repo: PolicyRepo, server: Server, name: str, day: str = DEMO_BUILD_DAY) -> Site:
    target = server.root / name
    base = server.url(name + "/")
    repo.build(site_dir=str(target), epoch=epoch_of(day), site_url=base)
    return Site(name, base, target)


@pytest.fixture(scope="session")
def demo(server, tmp_path_factory) -> Site:
    """The demo policy: 1.0 archived, 1.1 current, 1.2 upcoming (banner), built on 2026-01-10."""
    repo = make_demo_repo(tmp_path_factory.mktemp("demo") / "repo")
    site = build_repo(repo, server, "demo")
    return Site(site.name, site.base, site.dir, versions=("1.0", "1.1", "1.2"), current="1.1", archived=("1.0",), upcoming="1.2")


@pytest.fixture(scope="session")
def real(server) -> Site:
    """This repository's own site (mkdocs.yml at the root), built today, served below /policy/ as on gen-cons.com."""
    target = server.root / "policy"
    base = server.url("policy/")
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(target), site_url=base, strict=True)
    mkdocs_build(config)
    timezone = next(p for p in config.plugins.values() if p.__class__.__name__ == "PolicyPlugin").config.timezone
    today = datetime.now(ZoneInfo(timezone)).date()
    ledger = yaml.safe_load((ROOT / "policy" / "privacy" / "releases.yml").read_text(encoding="utf-8"))
    versions = tuple(str(entry["version"]) for entry in ledger)
    in_force = [str(e["version"]) for e in ledger if e["effective"] <= today]
    pending = [str(e["version"]) for e in ledger if e["effective"] > today]
    current = in_force[-1] if in_force else None
    archived = tuple(v for v in versions if v not in pending and v != current)
    return Site("real", base, target, versions=versions, current=current, archived=archived, upcoming=pending[-1] if pending else None)


@pytest.fixture(scope="session", params=["demo", "real"])
def any_site(request) -> Site:
    return request.getfixturevalue(request.param)


# -- the browser ------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright) -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk (see .ci/run)"
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Watch:
    """What went wrong while pages were open: console errors, uncaught exceptions, requests leaving loopback."""

    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.errors.append(f"{message.text} ({where})")

    def clear(self) -> None:
        self.errors.clear()
        self.external.clear()


@pytest.fixture
def open_context(browser, server) -> Iterator:
    """A factory of browser contexts (``open_context(locale="ja-JP", java_script_enabled=False, …)``).

    Requests leaving loopback are recorded and refused: the tests run offline, and a privacy policy page
    must not call third parties anyway.
    """
    contexts: list[BrowserContext] = []

    def make(**kwargs) -> tuple[BrowserContext, Watch]:
        kwargs.setdefault("viewport", {"width": 1280, "height": 900})
        kwargs.setdefault("locale", "en-US")
        context = browser.new_context(**kwargs)
        watch = Watch()

        def route(route):
            if server.is_local(route.request.url):
                route.continue_()
            else:
                watch.external.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        context.on("console", watch.on_console)
        context.on("weberror", lambda error: watch.errors.append(f"uncaught: {error.error}"))
        contexts.append(context)
        return context, watch

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_context) -> Page:
    context, watch = open_context()
    page = context.new_page()
    page.watch = watch  # type: ignore[attr-defined]
    return page


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


def fresh_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path
