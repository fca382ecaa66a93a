"""Accessibility a reader relies on: heading structure, keyboard access, a skip link."""

from __future__ import annotations

from itertools import pairwise

from pagecheck import HEADINGS_JS, crawl, path_of, visit
from playwright.sync_api import Page, expect


def test_headings_in_order_on_every_page(any_site, open_context):
    """One h1, then no level skipped (h1 → h3 without h2) anywhere: screen readers navigate by headings."""
    context, _ = open_context(locale="fr-FR")  # a language the site lacks: the entry page stays put
    page = context.new_page()
    problems = []
    for url in crawl(any_site.url(), any_site.base).staying_pages():
        visit(page, url, settle=False)
        headings = page.evaluate(HEADINGS_JS)
        where = path_of(url, any_site.base) or "/"
        levels = [h["level"] for h in headings]
        if levels.count(1) != 1 or levels[0] != 1:
            problems.append(f"{where}: expected one h1 first, got {levels}")
        for before, after in pairwise(headings):
            if after["level"] > before["level"] + 1:
                problems.append(f"{where}: h{before['level']} {before['text']!r} → h{after['level']} {after['text']!r}")
    assert not problems, "\n".join(problems)


def tab_to(page: Page, selector: str, limit: int = 80) -> list[str]:
    """Press Tab until the focus is on ``selector``; returns what was focused on the way."""
    trail = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return trail
        trail.append(page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)"))
    raise AssertionError(f"Tab never reached {selector}; focused: " + "\n".join(trail[:30]))


def test_keyboard_reaches_skip_link_banner_dismiss_and_language_switch(demo, open_context):
    context, watch = open_context()
    page = context.new_page()
    visit(page, demo.url("en/privacy/"))
    # The first stop is the skip link, shown when focused.
    page.keyboard.press("Tab")
    skip = page.locator(".md-skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()

    # The banner's dismiss button: reachable, and Enter dismisses.
    tab_to(page, ".md-banner__button")
    page.keyboard.press("Enter")
    expect(page.locator("[data-md-component='announce'] .md-banner")).to_be_hidden()

    # The language switch opens on focus; its links are reachable and visible while focused.
    visit(page, demo.url("en/privacy/1.0/"))
    tab_to(page, ".md-select > button")
    tab_to(page, ".md-select__link[hreflang='ja']", limit=3)
    link = page.locator(".md-select__link[hreflang='ja']")
    expect(link).to_be_visible()
    assert page.evaluate("() => getComputedStyle(document.activeElement).visibility") == "visible"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == demo.url("ja/privacy/1.0/")
    assert not watch.errors


def test_focus_is_visible_on_links_of_the_text(demo, page):
    """A keyboard user sees where the focus is: focused links get an outline or a changed colour."""
    visit(page, demo.url("en/privacy/1.0/"))
    link = page.locator(".policy-archive a")
    before = link.evaluate("a => [getComputedStyle(a).color, getComputedStyle(a).outlineStyle, getComputedStyle(a).textDecorationLine]")
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so that :focus-visible applies
    after = link.evaluate("a => [getComputedStyle(a).color, getComputedStyle(a).outlineStyle, getComputedStyle(a).textDecorationLine]")
    assert before != after, f"no visible change when focused: {after}"
