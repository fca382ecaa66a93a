"""Side by side (SPEC §13): both languages aligned block by block on a desktop, stacked by section on a phone."""

from __future__ import annotations

import pytest
from pagecheck import visit
from playwright.sync_api import expect
from test_browser_language import switch_language

PHONE = {"width": 390, "height": 844}

# Every cell of a section with its grid position as painted: [lang, column class, top, left, visible text].
CELLS_JS = """
(sid) => Array.from(document.querySelectorAll(`.policy-sbs-section[data-policy-section="${sid}"] > .policy-sbs-cell`))
  .filter(c => getComputedStyle(c).display !== "none")
  .map(c => { const r = c.getBoundingClientRect();
              return {lang: c.lang, other: c.classList.contains("policy-sbs-other"), top: r.top + scrollY, left: r.left,
                      right: r.right, text: c.innerText.trim().slice(0, 40), empty: c.classList.contains("policy-sbs-empty")}; })
"""


@pytest.mark.parametrize(("lang", "other"), [("ja", "en"), ("en", "ja")])
def test_side_by_side_aligns_blocks_in_two_lang_tagged_columns(real, page, lang, other):
    visit(page, real.url(f"{lang}/privacy/side-by-side/"))
    assert page.locator("html").get_attribute("lang") == lang
    sections = page.locator(".policy-sbs-section").evaluate_all("ss => ss.map(s => s.dataset.policySection)")
    assert sections[:2] == ["introduction", "collection"] and "contact" in sections
    rows = 0
    for sid in sections:
        cells = page.evaluate(CELLS_JS, sid)
        assert len(cells) % 2 == 0, (sid, cells)
        for left, right in zip(cells[::2], cells[1::2], strict=True):
            # One row: the page's language on the left, the other beside it at the same height.
            assert (left["lang"], left["other"], right["lang"], right["other"]) == (lang, False, other, True), (sid, left, right)
            assert abs(left["top"] - right["top"]) < 1, (sid, left, right)
            assert left["right"] <= right["left"], (sid, left, right)
            rows += 1
        # The section's title heads both columns: the page's language keeps the section id.
        expect(page.locator(f'.policy-sbs-section[data-policy-section="{sid}"] .policy-sbs-cell[lang="{lang}"] h2#{sid}')).to_have_count(1)
        expect(page.locator(f'.policy-sbs-section[data-policy-section="{sid}"] .policy-sbs-cell[lang="{other}"] h2')).to_have_count(1)
    assert rows > 3 * len(sections)  # block by block, not one cell per section
    ids = page.evaluate("() => Array.from(document.querySelectorAll('[id]')).map(e => e.id)")
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert not page.watch.errors


def test_side_by_side_on_a_phone_stacks_each_section_without_sideways_scroll(real, open_context):
    context, watch = open_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    visit(page, real.url("ja/privacy/side-by-side/"))
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    for sid in ("introduction", "collection", "cookies"):
        cells = sorted(page.evaluate(CELLS_JS, sid), key=lambda c: c["top"])  # as painted, top to bottom
        langs = [c["lang"] for c in cells]
        # The whole section in Japanese, then the whole section in English, one column.
        assert langs == sorted(langs, key=lambda x: x != "ja"), (sid, langs)
        assert set(langs) == {"ja", "en"}
        assert len({round(c["left"]) for c in cells}) == 1, cells
        # Each language's part is labelled.
        assert cells[0]["text"] == "日本語" and next(c for c in cells if c["lang"] == "en")["text"] == "English"
    assert not watch.errors


def test_every_release_page_links_to_its_side_by_side_page_and_the_switch_keeps_it(demo, page):
    for version in demo.versions:
        visit(page, demo.url(f"en/privacy/{version}/"), settle=False)
        link = page.locator(".policy-sbs-link a")
        expect(link).to_have_count(1)
        with page.expect_navigation():
            link.click()
        assert page.url == demo.url(f"en/privacy/{version}/side-by-side/")
        expect(page.locator(".policy-version")).to_contain_text(version)
    visit(page, demo.url("en/privacy/"))
    with page.expect_navigation():
        page.locator(".policy-sbs-link a").click()
    assert page.url == demo.url("en/privacy/side-by-side/")
    # The language switch lands on the same side-by-side page, at the same section.
    visit(page, demo.url("en/privacy/1.0/side-by-side/#cookies"))
    switch_language(page, "ja")
    assert page.url == demo.url("ja/privacy/1.0/side-by-side/#cookies")
    expect(page.locator(".policy-sbs-cell[lang='ja'] h2#cookies")).to_be_visible()
    assert not page.watch.errors
