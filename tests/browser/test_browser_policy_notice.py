"""assets/policy-notice.js (SPEC §14) in real Chromium: an ordinary website embeds it against a built policy site.

First visit: quiet, the version in force is remembered. The policy site is rebuilt with one more release:
the returning visitor sees a notice in the page's language (ja and en) linking to the redline since the
version they saw and to the text; it is reachable and dismissible from the keyboard (Tab, Escape, Enter),
labelled for screen readers, remembered once dismissed, and nothing is asked of any other origin.
"""

from __future__ import annotations

import json
from itertools import pairwise

import pytest
from conftest import build_repo
from demosite import DEMO_RELEASES, add_demo_release, make_demo_repo
from pagecheck import HEADINGS_JS
from playwright.sync_api import Page, expect

NEW_RELEASE = ("1.2", "2026-01-05", "2026-02-01", "material", {"ja": "お問い合わせ先を変更しました。", "en": "New contact address."})
EDITORIAL = ("1.3", "2026-02-03", "2026-02-03", "editorial", {"ja": "表記を整えました。", "en": "Wording only."})

HOST = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Example app</title></head>
<body><main><h1>Example app</h1><p>Our app's own content.</p></main>
<script src="/{site}/assets/policy-notice.js" data-policy-index="/{site}/api/privacy/releases.json" defer></script>
</body></html>
"""


def notice(page: Page):
    return page.locator(".policy-notice")


def open_host(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def stored(page: Page) -> dict:
    return page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")


@pytest.fixture
def policy_site(server, tmp_path):
    """The demo policy with 1.0 and 1.1 (in force), and two pages of an app (ja, en) that embed the script."""
    repo = make_demo_repo(tmp_path / "repo", releases=DEMO_RELEASES[:2])
    site = build_repo(repo, server, "noticed", day="2026-01-10")
    host = server.root / "app"
    host.mkdir(exist_ok=True)
    for lang in ("ja", "en"):
        (host / f"{lang}.html").write_text(HOST.format(lang=lang, site="noticed"), encoding="utf-8")
    return repo, site


def test_first_visit_is_quiet_and_a_new_release_shows_the_notice_in_the_pages_language(server, policy_site, open_context, screenshots_dir):
    repo, site = policy_site
    pages = {}
    requests: list[str] = []
    for lang, locale in (("ja", "ja-JP"), ("en", "en-US")):
        context, watch = open_context(locale=locale)
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        open_host(page, server.url(f"app/{lang}.html"))
        # First visit: nothing shown, only the version in force remembered (no cookie).
        expect(notice(page)).to_have_count(0)
        memory = stored(page)
        assert list(memory.values()) == [json.dumps({"seen": "1.1"}).replace(" ", "")]
        assert context.cookies() == []
        open_host(page, server.url(f"app/{lang}.html"))  # back again, nothing changed: still quiet
        expect(notice(page)).to_have_count(0)
        pages[lang] = (page, watch)

    # The policy site publishes 1.2 (material) and is rebuilt once it is in force.
    add_demo_release(repo, NEW_RELEASE)
    build_repo(repo, server, "noticed", day="2026-02-02")

    ja, ja_watch = pages["ja"]
    open_host(ja, server.url("app/ja.html"))
    region = ja.get_by_role("region", name="ポリシーの更新")
    expect(region).to_be_visible()
    status = region.get_by_role("status")
    expect(status).to_contain_text("プライバシーポリシーは、前回ご覧になった後に改定されました。")
    expect(status).to_contain_text("第1.1版に代わり、第1.2版が2026年2月1日から施行されています。")
    expect(status).to_contain_text("重要な変更が含まれます。")
    since_link = region.get_by_role("link", name="第1.1版からの変更点")
    assert since_link.evaluate("a => a.href") == site.url("ja/privacy/since/1.1/")
    assert region.get_by_role("link", name="本文を読む").evaluate("a => a.href") == site.url("ja/privacy/1.2/")

    en, en_watch = pages["en"]
    open_host(en, server.url("app/en.html"))
    region = en.get_by_role("region", name="Policy update")
    expect(region).to_be_visible()
    expect(region.get_by_role("status")).to_contain_text(
        "Privacy Policy has changed since you last read it: version 1.2, in force from February 1, 2026, replaces version 1.1."
    )
    expect(region.get_by_role("status")).to_contain_text("The changes include a material change")
    assert region.get_by_role("link", name="What changed since version 1.1").evaluate("a => a.href") == site.url("en/privacy/since/1.1/")
    assert region.get_by_role("link", name="Read the policy").evaluate("a => a.href") == site.url("en/privacy/1.2/")
    en.set_viewport_size({"width": 900, "height": 260})
    en.screenshot(path=str(screenshots_dir / "en-policy-notice.png"))  # for the README

    # The link leads to the redline since 1.1 on the policy site.
    en.get_by_role("link", name="What changed since version 1.1").click()
    en.wait_for_load_state("networkidle")
    assert en.url == site.url("en/privacy/since/1.1/")
    expect(en.locator(".policy-redline ins").first).to_be_visible()
    expect(en.locator("h1")).to_contain_text("what changed since version 1.1")
    levels = [h["level"] for h in en.evaluate(HEADINGS_JS)]
    assert levels[0] == 1 and levels.count(1) == 1 and all(b <= a + 1 for a, b in pairwise(levels)), levels

    # Nothing but this server was asked, nothing went wrong.
    assert requests and all(server.is_local(url) for url in requests), [u for u in requests if not server.is_local(u)]
    for watch in (ja_watch, en_watch):
        assert watch.external == [] and watch.errors == []


def test_keyboard_reaches_and_dismisses_the_notice_and_dismissal_is_remembered(server, policy_site, open_context):
    repo, _site = policy_site
    context, watch = open_context(locale="ja-JP")
    ja = context.new_page()
    open_host(ja, server.url("app/ja.html"))
    add_demo_release(repo, NEW_RELEASE)
    build_repo(repo, server, "noticed", day="2026-02-02")

    open_host(ja, server.url("app/ja.html"))
    expect(notice(ja)).to_be_visible()
    # Tab: the since link, the text link, then the button; Escape inside the notice dismisses it.
    ja.keyboard.press("Tab")
    assert ja.evaluate("() => document.activeElement.textContent") == "第1.1版からの変更点"
    ja.keyboard.press("Tab")
    ja.keyboard.press("Tab")
    assert ja.evaluate("() => [document.activeElement.tagName, document.activeElement.textContent]") == ["BUTTON", "閉じる"]
    ja.keyboard.press("Escape")
    expect(notice(ja)).to_have_count(0)
    open_host(ja, server.url("app/ja.html"))
    expect(notice(ja)).to_have_count(0)  # remembered
    assert list(stored(ja).values()) == ['{"seen":"1.2"}']

    # Enter on the focused button dismisses too (a fresh visitor who saw 1.1).
    context2, watch2 = open_context(locale="en-US")
    en = context2.new_page()
    open_host(en, server.url("app/en.html"))
    key = next(iter(stored(en)))
    en.evaluate("key => localStorage.setItem(key, JSON.stringify({seen: '1.1'}))", key)
    open_host(en, server.url("app/en.html"))
    button = en.get_by_role("button", name="Dismiss")
    expect(button).to_be_visible()
    for _ in range(3):
        en.keyboard.press("Tab")
    expect(button).to_be_focused()
    en.keyboard.press("Enter")
    expect(notice(en)).to_have_count(0)
    open_host(en, server.url("app/en.html"))
    expect(notice(en)).to_have_count(0)

    # An editorial release afterwards tells nobody anything.
    add_demo_release(repo, EDITORIAL)
    build_repo(repo, server, "noticed", day="2026-02-04")
    open_host(en, server.url("app/en.html"))
    expect(notice(en)).to_have_count(0)
    assert list(stored(en).values()) == ['{"seen":"1.3"}']
    for w in (watch, watch2):
        assert w.external == [] and w.errors == []
