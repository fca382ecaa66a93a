"""The PDF of a release, as a reader reaches it: a link on the release page that Chromium downloads as a PDF,
and the README's pictures of a PDF page (poppler's pdftoppm) in both languages."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from pagecheck import visit
from playwright.sync_api import expect

from mkdocs_policy import urls


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_release_page_links_to_its_pdf(demo, page, lang):
    for version in (demo.archived[0], demo.current):
        visit(page, demo.url(urls.release(lang, demo.doc, version)))
        link = page.locator(".policy-pdf a")
        expect(link).to_have_count(1)
        expect(link).to_be_visible()
        expect(link).to_contain_text(version)
        assert link.get_attribute("type") == "application/pdf"
        # Before the text: a reader finds it with the version line, not after the last section.
        assert page.evaluate("() => !!(document.querySelector('.policy-pdf').compareDocumentPosition(document.querySelector('h2')) & 4)")
        expected = demo.url(urls.pdf(lang, demo.doc, version))
        assert link.evaluate("a => a.href") == expected
        response = page.request.get(expected)
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.body() == (demo.dir / urls.pdf(lang, demo.doc, version)).read_bytes()
        # Keyboard: the link is reachable and Enter opens that very file (Chromium shows or downloads it).
        link.focus()
        with page.expect_navigation(url=expected) as opened:
            page.keyboard.press("Enter")
        assert opened.value.status == 200
        assert opened.value.headers["content-type"] == "application/pdf"
    # Chromium's own PDF viewer loads chrome:// resources (refused by the test's offline routing, hence its console
    # errors); nothing else may fail or leave the site.
    assert [error for error in page.watch.errors if "chrome://" not in error and "chrome-extension://" not in error] == []
    assert [url for url in page.watch.external if not url.startswith(("chrome://", "chrome-extension://"))] == []


def test_the_page_in_force_links_to_the_pdf_of_the_release_in_force(demo, page):
    visit(page, demo.url(urls.document("en", demo.doc)))
    link = page.locator(".policy-pdf a")
    assert link.evaluate("a => a.href") == demo.url(urls.pdf("en", demo.doc, demo.current))


def test_screenshots_of_a_pdf_page(own_site, screenshots_dir, tmp_path):
    """The first page of the PDF of the release in force, in each language, as the README shows it (from the
    site as published, https://gen-cons.com/policy/, so the pictures do not change with the test server's port)."""
    assert shutil.which("pdftoppm"), "pdftoppm missing: apt-get install -y poppler-utils (see .ci/run)"
    version = json.loads((own_site / "api/privacy/releases.json").read_text(encoding="utf-8"))["current"]
    for lang in ("ja", "en"):
        pdf = own_site / urls.pdf(lang, "privacy", version)
        prefix = tmp_path / f"{lang}-pdf"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(prefix)], check=True)
        shot = prefix.with_suffix(".png")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > 20_000  # a page of text, not a blank one
        shutil.copyfile(shot, screenshots_dir / f"{lang}-pdf.png")
