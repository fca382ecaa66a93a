"""Notices a reader must not miss: an archived release says so, an upcoming change is announced."""

from __future__ import annotations

import re

import pytest
from conftest import build_repo
from demosite import DEMO_RELEASES, add_demo_release, make_demo_repo
from pagecheck import visit
from playwright.sync_api import Page, expect


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_archived_release_says_so_and_links_to_the_current_text(any_site, page, lang):
    version = any_site.archived[0]
    visit(page, any_site.url(f"{lang}/privacy/{version}/"))
    notice = page.locator(".policy-archive")
    expect(notice).to_be_visible()
    # It names the release that replaced it, and comes before the text.
    successor = any_site.versions[any_site.versions.index(version) + 1]
    expect(notice).to_contain_text(successor)
    assert page.evaluate("() => !!(document.querySelector('.policy-archive').compareDocumentPosition(document.querySelector('h2')) & 4)")
    link = notice.locator("a")
    with page.expect_navigation():
        link.click()
    assert page.url == any_site.url(f"{lang}/privacy/")
    expect(page.locator(".policy-version")).to_contain_text(any_site.current)
    expect(page.locator(".policy-archive")).to_have_count(0)


def test_current_release_page_says_it_is_current(demo, page):
    visit(page, demo.url(f"en/privacy/{demo.current}/"))
    expect(page.locator(".policy-archive-current")).to_be_visible()
    expect(page.locator(".policy-archive")).to_have_count(0)


# -- the upcoming-change banner ---------------------------------------------------------------------
def test_banner_only_when_a_release_is_upcoming(any_site, page):
    for path in ("ja/privacy/", "en/privacy/", f"en/privacy/{any_site.versions[0]}/"):
        visit(page, any_site.url(path))
        if any_site.upcoming:
            expect(banner(page)).to_be_visible()
            expect(banner(page)).to_contain_text(any_site.upcoming)
        else:  # no empty bar either
            expect(page.locator("[data-md-component='announce'] *")).to_have_count(0)


BANNER_RELEASES = (
    DEMO_RELEASES[0],
    ("1.1", "2026-01-05", "2026-02-01", "material", {"ja": "変更を予定しています。", "en": "A change is coming."}),
)
NEWER = ("1.2", "2026-01-20", "2026-03-01", "minor", {"ja": "さらに変更します。", "en": "Another change."})


def banner(page: Page):
    return page.locator("[data-md-component='announce'] .md-banner")


def test_upcoming_banner_dismisses_and_stays_dismissed_until_a_newer_release(server, open_context, tmp_path):
    repo = make_demo_repo(tmp_path / "repo", releases=BANNER_RELEASES)
    site = build_repo(repo, server, "banner", day="2026-01-10")
    context, watch = open_context()
    page = context.new_page()

    visit(page, site.url("en/privacy/"))
    expect(banner(page)).to_be_visible()
    expect(banner(page)).to_contain_text("1.1")
    expect(banner(page)).to_contain_text(re.compile("February 1, 2026"))
    # Its links lead to the new text and to what changes.
    hrefs = banner(page).locator("a").evaluate_all("links => links.map(a => a.href)")
    assert site.url("en/privacy/1.1/") in hrefs
    assert any(h.startswith(site.url("en/privacy/changes/")) for h in hrefs)

    banner(page).get_by_role("button").click()
    expect(banner(page)).to_be_hidden()
    page.reload()
    page.wait_for_load_state("networkidle")
    expect(banner(page)).to_be_hidden()
    # Dismissed for this release on every page of the site, not only the one it was dismissed on.
    for path in ("en/privacy/1.0/", "en/privacy/1.1/", "ja/privacy/"):
        visit(page, site.url(path))
        expect(banner(page)).to_be_hidden()

    # A newer release is published: the banner is back, for it.
    add_demo_release(repo, NEWER)
    build_repo(repo, server, "banner", day="2026-01-25")
    page.goto(site.url("en/privacy/"))
    page.wait_for_load_state("networkidle")
    expect(banner(page)).to_be_visible()
    expect(banner(page)).to_contain_text("1.2")
    assert not watch.errors
