"""The ids a planned page's pre-rendered text defines come from the one Markdown parse (no second reading of the
HTML): exactly the ids an HTML parser finds in that HTML."""

from __future__ import annotations

from datetime import date

from mkdocs_policy.build import build_site
from mkdocs_policy.sources.markdown_model import ids_in


def test_anchors_of_text_pages_are_every_id_of_their_html(simple_site):
    site = simple_site
    intro = site.path / "policy/privacy/en/data.md"
    # Raw HTML with an id and an untitled-looking extra anchor: ids that do not come from headings count too.
    intro.write_text(intro.read_text(encoding="utf-8") + '\nSee <span id="kept-span">this</span>.\n', encoding="utf-8")
    built = build_site(root=site.path, today=date(2030, 1, 1), include_draft=True, pdf_cache_dir=None)
    checked = 0
    for page in built.pages:
        text_keys = [key for key in page.texts if key.startswith("text-") and not key.startswith("text-sbs-")]
        if not text_keys:
            continue
        expected = {anchor for key in text_keys for part in page.texts[key] for anchor in ids_in(part)}
        assert page.anchors == expected, page.path
        checked += 1
    assert checked >= 3
    draft = next(p for p in built.pages if p.kind == "current" and p.lang == "en")
    assert "data" in draft.anchors
