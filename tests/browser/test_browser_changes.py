"""The changes page as a reader sees it: marks that do not rely on colour, a legend, announced changes,
readable contrast in both palettes, a stable anchor per release, and marks that survive printing."""

from __future__ import annotations

import re

import pytest
from conftest import build_repo
from demosite import edit_demo_draft, make_demo_repo
from pagecheck import CONTRAST_JS, heading_in_view, visit
from playwright.sync_api import Page, expect

from mkdocs_policy import urls

LANGS = ("en", "ja")
MARKS = ".policy-redline ins, .policy-redline del, .policy-rl-legend ins, .policy-rl-legend del"
# What a screen reader hears at the start of a change, in the page's language.
LABELS = {"en": ("insertion", "deletion"), "ja": ("追加", "削除")}


def changes(site, lang: str) -> str:
    return site.url(urls.changes(lang, site.doc))


def decoration(page: Page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => getComputedStyle(e).textDecorationLine)")


@pytest.mark.parametrize("lang", LANGS)
def test_insertions_and_deletions_are_distinguishable_without_colour(any_site, page, lang):
    visit(page, changes(any_site, lang))
    ins = decoration(page, ".policy-redline ins:not(.policy-moved)")
    dels = decoration(page, ".policy-redline del:not(.policy-moved)")
    assert ins and dels, "the changes page shows no insertion or no deletion"
    # Underlined vs struck through: a reader who cannot tell red from green still can tell them apart…
    assert all("underline" in d and "line-through" not in d for d in ins), ins
    assert all("line-through" in d and "underline" not in d for d in dels), dels
    # …and from the unchanged text around them.
    plain = page.evaluate("() => getComputedStyle(document.querySelector('.policy-redline p:has(ins, del)')).textDecorationLine")
    assert plain == "none"
    expect(page.locator(".policy-redline ins").first).to_be_visible()
    expect(page.locator(".policy-redline del").first).to_be_visible()


@pytest.mark.parametrize("lang", LANGS)
def test_the_legend_explains_the_marks_before_the_first_release(any_site, page, lang):
    visit(page, changes(any_site, lang))
    legend = page.locator(".policy-rl-legend")
    expect(legend).to_be_visible()
    expect(legend.locator("ins").first).to_be_visible()
    expect(legend.locator("del").first).to_be_visible()
    # The legend's samples look exactly like the marks in the text.
    assert decoration(page, ".policy-rl-legend ins:not(.policy-moved)")[0] == decoration(page, ".policy-redline ins:not(.policy-moved)")[0]
    assert decoration(page, ".policy-rl-legend del:not(.policy-moved)")[0] == decoration(page, ".policy-redline del:not(.policy-moved)")[0]
    first_release = page.locator(f"#{urls.release_anchor(any_site.versions[-1])}")
    assert legend.evaluate("(l, h) => !!(l.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING)", first_release.element_handle())


@pytest.mark.parametrize("lang", LANGS)
def test_changes_are_announced_in_the_pages_language(any_site, page, lang):
    """Screen readers say where a change starts: visually hidden labels, in the page's language."""
    visit(page, changes(any_site, lang))
    inserted, deleted = LABELS[lang]
    ins = page.locator(".policy-redline ins:not(.policy-moved)").first
    dele = page.locator(".policy-redline del:not(.policy-moved)").first
    for locator, role, label in ((ins, "insertion", inserted), (dele, "deletion", deleted)):
        spoken = locator.aria_snapshot()
        assert spoken.startswith(f"- {role}:"), spoken
        assert re.search(rf"\[[^\]]*{label}[^\]]*\]", spoken[:200]), spoken[:200]
    # The labels are not painted: the visible text is the changed text alone.
    box = ins.evaluate("e => { const s = getComputedStyle(e, '::before'); return [s.position, s.width, s.height, s.overflow]; }")
    assert box[0] == "absolute" and box[1] == "1px" and box[2] == "1px" and box[3] == "hidden", box


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_redline_colours_have_contrast_in_both_palettes(any_site, page, scheme):
    """WCAG AA (4.5:1) for every mark, measured from the colours Chromium computes, light and dark."""
    low = []
    for lang in LANGS:
        visit(page, changes(any_site, lang))
        page.evaluate("(s) => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        for handle in page.query_selector_all(MARKS):
            measured = handle.evaluate(CONTRAST_JS)
            if measured["ratio"] < 4.5:
                low.append(f"{lang} {handle.evaluate('e => e.outerHTML.slice(0, 60)')}: {measured}")
    assert not low, "\n".join(low[:20])


def test_every_release_has_a_stable_anchor_that_scrolls_into_view(any_site, open_context):
    context, _ = open_context(viewport={"width": 1280, "height": 600})
    page = context.new_page()
    for lang in LANGS:
        visit(page, changes(any_site, lang))
        # Newest first, one heading per release.
        order = page.eval_on_selector_all(".md-content h2[id^='v']", "hs => hs.map(h => h.id)")
        assert order == [urls.release_anchor(v) for v in reversed(any_site.versions)]
        for version in any_site.versions:
            anchor = urls.release_anchor(version)
            # From the table of contents…
            page.locator(f".md-sidebar--secondary a[href='#{anchor}']").click()
            page.wait_for_function("(id) => location.hash === '#' + id", arg=anchor)
            assert heading_in_view(page, anchor), anchor
            # …and from a link elsewhere (the permanent URL that feeds and banners use).
            visit(page, changes(any_site, lang) + "#" + anchor)
            heading = page.locator(f"h2#{anchor}")
            expect(heading).to_contain_text(version)
            assert heading_in_view(page, anchor), anchor


def test_print_keeps_the_redline_marks(any_site, page):
    visit(page, changes(any_site, "en"))
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]
             .filter(s => Array.from(document.querySelectorAll(s)).some(e => getComputedStyle(e).display !== "none"))"""
    )
    assert not hidden, f"printed: {hidden}"
    marks = page.eval_on_selector_all(
        ".policy-redline ins, .policy-redline del",
        """els => els.map(e => { const s = getComputedStyle(e); const r = e.getBoundingClientRect();
             return {tag: e.tagName, shown: s.display !== "none" && s.visibility !== "hidden" && r.width > 0,
                     line: s.textDecorationLine, adjust: s.printColorAdjust || s.webkitPrintColorAdjust}; })""",
    )
    assert marks and all(m["shown"] for m in marks)
    assert all(("underline" if m["tag"] == "INS" else "line-through") in m["line"] for m in marks), marks
    assert {m["adjust"] for m in marks} == {"exact"}, "printers would drop the marks' background colours"
    for handle in page.query_selector_all(".policy-redline ins, .policy-redline del"):
        assert handle.evaluate(CONTRAST_JS)["ratio"] >= 4.5
    expect(page.locator(".policy-rl-legend")).to_be_visible()


@pytest.fixture(scope="module")
def draft_site(server, tmp_path_factory):
    repo = make_demo_repo(tmp_path_factory.mktemp("draft") / "repo")
    edit_demo_draft(repo)
    return build_repo(repo, server, "draft")


@pytest.mark.parametrize("javascript", [True, False])
def test_draft_preview_is_marked_unpublished_and_switches_to_the_clean_text(draft_site, open_context, javascript):
    context, watch = open_context(java_script_enabled=javascript)
    page = context.new_page()
    visit(page, draft_site.url(urls.draft("en", "privacy")))
    expect(page.locator(".policy-draft-notice")).to_be_visible()
    expect(page.locator("[data-md-component='announce']")).to_contain_text("not published")
    inserted = page.locator(".policy-redline ins", has_text="fraud and")
    deleted = page.locator(".policy-redline del", has_text="request")
    expect(inserted).to_be_visible()
    expect(deleted).to_be_visible()
    assert "underline" in inserted.evaluate("e => getComputedStyle(e).textDecorationLine")
    # The switch (a checkbox, no script needed) shows the text as it would read once released.
    page.locator(".policy-draft-toggle label").click()
    expect(deleted).to_be_hidden()
    expect(inserted).to_be_visible()
    assert inserted.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    assert not watch.errors
