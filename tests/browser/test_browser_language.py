"""Languages: the entry page picks one, the switch keeps the reader's place, other-language text is marked."""

from __future__ import annotations

import re

import pytest
from pagecheck import heading_in_view, visit
from playwright.sync_api import Page, expect


def switch_language(page: Page, lang: str) -> None:
    """Use the header's language switch the way a reader does: open it, pick the language."""
    page.locator(".md-header .md-select > button").hover()
    with page.expect_navigation():
        page.locator(f".md-select__link[hreflang='{lang}']").click()


def switch_language_by_keyboard(page: Page, lang: str) -> None:
    """Focus the switch (it opens on focus), Tab to the language, press Enter: nothing scrolls meanwhile."""
    page.locator(".md-header .md-select > button").focus()
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("(lang) => document.activeElement.matches(`.md-select__link[hreflang='${lang}']`)", lang):
            break
    else:
        raise AssertionError(f"Tab never reached the {lang} link of the language switch")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_switch_on_a_deep_link_keeps_release_and_section(demo, page):
    visit(page, demo.url("en/privacy/1.0/#cookies"))
    switch_language(page, "ja")
    assert page.url == demo.url("ja/privacy/1.0/#cookies")
    assert page.locator("html").get_attribute("lang") == "ja"
    expect(page.locator("h2#cookies")).to_have_text(re.compile("クッキー"))
    assert heading_in_view(page, "cookies")
    # The Japanese page says which release it is: the archived 1.0, not the text in force.
    expect(page.locator(".policy-archive")).to_be_visible()

    switch_language(page, "en")
    assert page.url == demo.url("en/privacy/1.0/#cookies")
    assert page.locator("html").get_attribute("lang") == "en"
    assert heading_in_view(page, "cookies")


def test_switch_keeps_the_section_the_reader_scrolled_to(demo, open_context):
    context, _ = open_context(viewport={"width": 1280, "height": 480})  # short enough to scroll the section to the top
    page = context.new_page()
    visit(page, demo.url("ja/privacy/1.1/"))
    # Scroll as a reader does, until the subsection's heading sits just under the sticky header.
    page.mouse.wheel(0, page.evaluate("document.getElementById('managing-cookies').getBoundingClientRect().top - 70"))
    page.wait_for_function("Math.abs(document.getElementById('managing-cookies').getBoundingClientRect().top - 70) < 2")
    switch_language_by_keyboard(page, "en")
    assert page.url == demo.url("en/privacy/1.1/#managing-cookies")
    expect(page.locator("h3#managing-cookies")).to_have_text(re.compile("Managing cookies"))
    assert heading_in_view(page, "managing-cookies")


def test_switch_on_the_real_site_lands_on_the_same_section(real, page):
    version = real.current  # release 1.1 of the real policy has a Cookies section
    visit(page, real.url(f"en/privacy/{version}/#cookies"))
    switch_language(page, "ja")
    assert page.url == real.url(f"ja/privacy/{version}/#cookies")
    assert heading_in_view(page, "cookies")
    switch_language(page, "en")
    assert page.url == real.url(f"en/privacy/{version}/#cookies")


def test_translation_notice_leads_to_the_same_section_of_the_prevailing_text(demo, page):
    visit(page, demo.url("en/privacy/#use"))
    link = page.locator(".policy-translation a[hreflang='ja']")
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()
    assert page.url == demo.url("ja/privacy/#use")
    assert page.locator("html").get_attribute("lang") == "ja"


@pytest.mark.parametrize(("locale", "lang"), [("ja-JP", "ja"), ("en-US", "en")])
def test_entry_page_picks_the_readers_language(demo, open_context, locale, lang):
    context, watch = open_context(locale=locale)
    page = context.new_page()
    page.goto(demo.url())
    # Entry → language home → the only document of the site.
    page.wait_for_url(demo.url(f"{lang}/privacy/"))
    assert page.locator("html").get_attribute("lang") == lang
    expect(page.locator("h1")).to_have_text(re.compile("^" + {"ja": "プライバシーポリシー", "en": "Privacy Policy"}[lang]))
    assert not watch.errors


def test_entry_page_without_javascript(demo, open_context):
    context, _ = open_context(locale="ja-JP", java_script_enabled=False)
    page = context.new_page()
    page.goto(demo.url())
    assert page.url == demo.url()  # nothing moves the reader without JavaScript…
    head = page.locator("head")
    expect(head.locator("link[hreflang='x-default']")).to_have_attribute("href", demo.url())
    # …and the links work: each leads to that language's policy (the home redirects with a meta refresh).
    for lang, name, title in (("en", "English", "Privacy Policy"), ("ja", "日本語", "プライバシーポリシー")):
        page.goto(demo.url())
        link = page.locator(f".policy-entry a[hreflang='{lang}']")
        expect(link).to_have_text(name)
        assert link.get_attribute("lang") == lang
        link.click()
        page.wait_for_url(demo.url(f"{lang}/privacy/"))
        expect(page.locator("h1")).to_have_text(re.compile("^" + title))


def test_other_language_text_is_marked_with_lang(any_site, page):
    """Text in another language than the page's carries ``lang``: screen readers switch voice on it."""
    for lang, other in (("en", "ja"), ("ja", "en")):
        visit(page, any_site.url(f"{lang}/privacy/"))
        assert page.locator("html").get_attribute("lang") == lang
        switch = page.locator(f".md-select__link[hreflang='{other}']")
        assert switch.get_attribute("lang") == other, "the language switch names the other language in that language"
        assert page.locator(f".md-select__link[hreflang='{lang}']").get_attribute("lang") in (None, lang)
        # hreflang alternates (absolute, restored after Material's scripts ran) for every language and x-default
        hreflangs = page.eval_on_selector_all("link[rel='alternate'][hreflang]", "ls => ls.map(l => [l.hreflang, l.href])")
        assert dict(hreflangs) == {
            "ja": any_site.url("ja/privacy/"),
            "en": any_site.url("en/privacy/"),
            "x-default": any_site.url(),
        }


def test_no_unmarked_japanese_on_english_pages(demo, page):
    """On the demo site (whose English text has no Japanese in it), every Japanese character sits inside lang=ja."""
    stray = []
    for path in ("en/privacy/", "en/privacy/1.0/", "en/privacy/1.2/"):
        visit(page, demo.url(path))
        found = page.evaluate(
            """() => {
              const out = [];
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                if (!/[\\u3040-\\u30ff\\u3400-\\u9fff]/.test(n.data)) continue;
                if (n.parentElement.closest("script, style")) continue;
                const marked = n.parentElement.closest("[lang]");
                if (!marked || !marked.lang.startsWith("ja")) out.push(n.data.trim().slice(0, 40));
              }
              return out;
            }"""
        )
        stray += [f"{path}: {text}" for text in found]
    assert not stray, "\n".join(stray)
