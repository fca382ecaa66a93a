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
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
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
DEMO_BUILD_DAY = "2026-01-10"  # 1.0 archived, 1.1 in force, 1.2 published but not yet in force


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


DEMO_THEME = {
    "name": "material",
    "language": "ja",
    # No third-party requests: a privacy policy should not hand its readers' addresses to a font CDN.
    "font": False,
    "features": ["announce.dismiss", "search.highlight", "navigation.footer"],
    "palette": [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "toggle": {"icon": "material/brightness-7", "name": "Dark"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "toggle": {"icon": "material/brightness-4", "name": "Light"}},
    ],
}


def _md(title: str, *blocks: str) -> str:
    return f"## {title}\n\n" + "\n\n".join(blocks) + "\n"


def demo_sections(version: str) -> dict[str, dict[str, str]]:
    """A small privacy policy whose releases change the way real ones do: clauses, list items, a new section."""
    v11 = version >= "1.1"
    v12 = version >= "1.2"
    ja: dict[str, str] = {
        "introduction": _md(
            "はじめに",
            "株式会社エグザンプル（以下「当社」）は、お客様の個人情報を大切に取り扱います。本ポリシーは当社のすべてのサービスに適用されます。",
        ),
        "collection": _md(
            "収集する情報",
            "当社は、次の情報を収集します。",
            "- 氏名およびメールアドレス\n- ご注文の履歴" + ("\n- お使いの端末の情報（OSの種類など）" if v11 else ""),
        ),
        "use": _md(
            "利用目的",
            "当社は、収集した情報をサービスの提供、"
            + ("お問い合わせへの回答および不正利用の防止" if v11 else "お問い合わせへの回答")
            + "のために利用します。"
            + ("" if v11 else "当社は、情報を広告のために利用することがあります。"),
        ),
        "cookies": _md(
            "クッキー",
            "当社は、ログイン状態を保つためにクッキーを使用します。" + ("アクセス解析のためのクッキーは使用しません。" if v11 else ""),
            "### クッキーの管理 {#managing-cookies}",
            "ブラウザの設定でクッキーを無効にできます。詳しくは[お問い合わせ](#contact)ください。",
        ),
        "contact": _md(
            "お問い合わせ",
            "個人情報の取扱いに関するお問い合わせは、"
            + ("privacy@example.com" if v12 else "info@example.com")
            + "までご連絡ください。請求の様式は https://example.com/privacy/requests/data-subject-access-request-form-for-customers-and-visitors で入手できます。",
        ),
    }
    en: dict[str, str] = {
        "introduction": _md(
            "Introduction", "Example Co. (“we”) takes care of your personal information. This policy applies to all of our services."
        ),
        "collection": _md(
            "Information we collect",
            "We collect the following information.",
            "- your name and email address\n- your order history"
            + ("\n- information about your device (such as its operating system)" if v11 else ""),
        ),
        "use": _md(
            "How we use it",
            "We use the information to provide our services and "
            + ("to answer your questions and prevent misuse" if v11 else "to answer your questions")
            + "."
            + ("" if v11 else " We may use the information for advertising."),
        ),
        "cookies": _md(
            "Cookies",
            "We use cookies to keep you signed in." + (" We do not use cookies for analytics." if v11 else ""),
            "### Managing cookies {#managing-cookies}",
            "You can turn cookies off in your browser settings. For details, [contact us](#contact).",
        ),
        "contact": _md(
            "Contact",
            "Questions about how we handle personal information: "
            + ("privacy@example.com" if v12 else "info@example.com")
            + ". The request form is at https://example.com/privacy/requests/data-subject-access-request-form-for-customers-and-visitors.",
        ),
    }
    if v11:
        ja["transfers"] = _md("海外への移転", "当社は、クラウドサービスの利用のため、情報を日本国外に保管することがあります。")
        en["transfers"] = _md("Transfers abroad", "We may store information outside Japan when we use cloud services.")
    order = ["introduction", "collection", "use", "cookies", *(["transfers"] if v11 else []), "contact"]
    return {"ja": {k: ja[k] for k in order}, "en": {k: en[k] for k in order}}


DEMO_TITLE = {"ja": "プライバシーポリシー", "en": "Privacy Policy"}
DEMO_RELEASES = (
    # version, published, effective, change, summary
    ("1.0", "2025-10-01", "2025-10-01", "material", {"ja": "初版を公開しました。", "en": "First publication."}),
    (
        "1.1",
        "2025-12-01",
        "2025-12-15",
        "material",
        {"ja": "端末情報の収集と海外移転について追記しました。", "en": "Device information and transfers abroad."},
    ),
    ("1.2", "2026-01-05", "2026-02-01", "minor", {"ja": "お問い合わせ先を変更します。", "en": "New contact address."}),
)


def make_demo_repo(path: Path, releases=DEMO_RELEASES) -> PolicyRepo:
    repo = PolicyRepo(path)
    config = repo.read("mkdocs.yml")
    import yaml

    data = yaml.safe_load(config)
    data["site_name"] = "Example Co."
    data["theme"] = DEMO_THEME
    data["markdown_extensions"] = ["attr_list", "md_in_html", {"toc": {"permalink": True}}, "tables"]
    repo.write("mkdocs.yml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    for version, published, effective, change, summary in releases:
        repo.write_document("privacy", demo_sections(version), title=DEMO_TITLE, authoritative="ja")
        repo.release("privacy", version, published=published, effective=effective, change=change, summary=summary)
    return repo


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
    import yaml

    ledger = yaml.safe_load((ROOT / "policy" / "privacy" / "releases.yml").read_text(encoding="utf-8"))
    versions = tuple(str(entry["version"]) for entry in ledger)
    return Site("real", base, target, versions=versions, current=versions[-1], archived=versions[:-1])


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
