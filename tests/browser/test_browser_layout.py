"""Phones and paper: no page scrolls sideways at 390 px; printing drops the navigation and keeps the notices."""

from __future__ import annotations

from pagecheck import crawl, path_of, visit

PHONE = {"width": 390, "height": 844}


def test_no_page_scrolls_sideways_on_a_phone(any_site, open_context):
    # A language the site lacks, so that the entry page stays put and is measured too.
    context, _ = open_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, locale="fr-FR")
    page = context.new_page()
    wide = []
    for url in crawl(any_site.url(), any_site.base).staying_pages():
        visit(page, url, settle=False)
        width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
        if width[0] > width[1]:
            culprits = page.evaluate(
                """() => Array.from(document.querySelectorAll("body *"))
                     .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
                     .slice(-3).map(e => e.tagName + "." + e.className + ": " + e.textContent.trim().slice(0, 50))"""
            )
            wide.append(f"{path_of(url, any_site.base)}: scrollWidth {width[0]} > {width[1]}: {culprits}")
    assert not wide, "\n".join(wide)


HIDDEN_IN_PRINT = (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", "[data-md-component='announce']")


def printed(page, selector: str) -> bool:
    """Whether anything of ``selector`` would appear on paper."""
    return page.evaluate(
        """(s) => Array.from(document.querySelectorAll(s)).some(e => {
             const st = getComputedStyle(e), r = e.getBoundingClientRect();
             return st.display !== "none" && st.visibility !== "hidden" && r.width > 0 && r.height > 0;
           })""",
        selector,
    )


def test_print_drops_navigation_and_keeps_the_text_and_its_status(demo, page):
    visit(page, demo.url(f"en/privacy/{demo.archived[0]}/"))
    page.emulate_media(media="print")
    for selector in HIDDEN_IN_PRINT:
        assert not printed(page, selector), f"{selector} is printed"
    # A lawyer's printout still says which version it is and that it is archived, and holds the whole text.
    for selector in ("h1", ".policy-version", ".policy-archive", "h2#cookies", "h3#managing-cookies", "h2#contact"):
        assert printed(page, selector), f"{selector} is not printed"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
