"""Material's search, in both languages: a Japanese word on Japanese pages, an English word on English pages."""

from __future__ import annotations

import pytest
from pagecheck import visit
from playwright.sync_api import Page, expect


def search(page: Page, query: str) -> list[str]:
    """Type into the search box like a reader (Japanese arrives whole from the IME); the URLs of the results."""
    box = page.locator("input.md-search__input")
    box.click()
    if query.isascii():
        box.press_sequentially(query, delay=20)
    else:
        page.keyboard.insert_text(query)  # an IME commits the composed word at once…
        box.press("End")  # …and Material reads the box on the next key event
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible(timeout=15_000)
    return results.evaluate_all("links => links.map(a => a.href)")


@pytest.mark.parametrize(
    ("site_name", "lang", "query", "section"),
    [
        ("demo", "ja", "クッキー", "cookies"),
        ("demo", "ja", "個人情報", "introduction"),
        ("demo", "en", "cookies", "cookies"),
        ("demo", "en", "information", "collection"),  # a word the English stemmer changes
        ("real", "ja", "第三者", None),
        ("real", "en", "information", None),
    ],
)
def test_search_finds_a_word_on_pages_of_its_language(request, page, site_name, lang, query, section):
    site = request.getfixturevalue(site_name)
    visit(page, site.url(f"{lang}/privacy/"))
    found = search(page, query)
    in_lang = [url for url in found if url.startswith(site.url(f"{lang}/privacy/"))]
    assert in_lang, f"no {lang} page among the results for {query!r}: {found}"
    assert found[0].startswith(site.url(f"{lang}/")), f"the first result for {query!r} is not a {lang} page: {found[:3]}"
    if section:
        assert any(url.split("?")[0] == site.url(f"{lang}/privacy/") and url.endswith(f"#{section}") for url in in_lang), found
    # A result leads to the text.
    with page.expect_navigation():
        page.locator(".md-search-result__item a").first.click()
    assert page.url.split("#")[0].split("?")[0] == found[0].split("#")[0].split("?")[0]
    assert not page.watch.errors
