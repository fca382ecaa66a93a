"""Section text is rendered once per text and handed to pages as HTML: the pages must be exactly what
MkDocs makes of the same Markdown, table of contents and anchors included."""

from __future__ import annotations

import pytest

import mkdocs_policy.render.pages as pages_module


@pytest.fixture
def markdown_pages(monkeypatch):
    """Plan pages the plain way: section Markdown inside each page, converted by MkDocs page by page."""
    original = pages_module.Planner.__init__

    def without_renderer(self, documents, options, renderer=None):
        original(self, documents, options, None)

    monkeypatch.setattr(pages_module.Planner, "__init__", without_renderer)


def html_files(site):
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


@pytest.fixture
def prerendered(simple_site):
    return html_files(simple_site.build(site_dir="pre"))


def test_pages_equal_pages_made_from_markdown(simple_site, prerendered, markdown_pages):
    plain = html_files(simple_site.build(site_dir="plain"))
    assert prerendered.keys() == plain.keys()
    for path, html in plain.items():
        assert prerendered[path] == html, path
    page = prerendered["en/privacy/1.1/index.html"]
    assert 'id="cookies"' in page and 'href="#managing"' in page  # sections and their subheadings in the table of contents


def test_links_to_section_anchors_from_site_pages_validate(simple_site, caplog):
    simple_site.write("docs/about.md", "# About\n\nSee [cookies](en/privacy/1.1/index.md#managing) and [data](ja/privacy/index.md#data).\n")
    simple_site.write("docs/missing.md", "# Missing\n\n[nowhere](en/privacy/index.md#no-such-anchor)\n")
    with pytest.raises(Exception, match="strict mode"):
        simple_site.build(site_dir="strict", validation={"anchors": "warn"})
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and "#no-such-anchor" in warnings[0]  # the one broken anchor, not the section anchors
    (simple_site.path / "docs/missing.md").unlink()
    site = simple_site.build(site_dir="strict", validation={"anchors": "warn"})  # strict: a warning would fail it
    assert (site / "about/index.html").is_file()
