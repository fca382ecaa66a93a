"""axe-core audits (SPEC §13): every page kind, in both languages and both palettes, with no violation of WCAG 2.2 AA.

axe-core comes with axe-playwright-python (its axe.min.js) and runs inside Debian's Chromium on pages built by a
real `mkdocs build`: a site with two documents (so that the language list is a page of its own), the demo
policy's three releases (archived, in force, upcoming), its draft preview and the side-by-side pages.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import build_repo
from demosite import edit_demo_draft, make_demo_repo
from pagecheck import visit

from policyrepo import sections_md

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# A table in a side-by-side cell: it must fit its column (no scrolling region, nothing wider than a phone).
JA_TABLE = "| サービス | 保存期間 | 備考 |\n|---|---|---|\n| 会員登録 | 退会後5年間 | 法令に基づく保存を含みます |\n| お問い合わせ | 回答後3年間 | https://example.com/contact/very/long/address |\n"
EN_TABLE = "| Service | Kept for | Notes |\n|---|---|---|\n| Membership | five years after you leave | including retention required by law |\n| Enquiries | three years after our answer | https://example.com/contact/very/long/address |\n"
PAGE_KINDS = {
    "entry": "",
    "language list": "{lang}/",
    "in force": "{lang}/privacy/",
    "archived release": "{lang}/privacy/1.0/",
    "upcoming release": "{lang}/privacy/1.2/",
    "changes": "{lang}/privacy/changes/",
    "draft": "{lang}/privacy/draft/",
    "side by side (in force)": "{lang}/privacy/side-by-side/",
    "side by side (release)": "{lang}/privacy/1.0/side-by-side/",
    "side by side (a table)": "{lang}/terms/side-by-side/",
}


@pytest.fixture(scope="module")
def audited(server, tmp_path_factory):
    repo = make_demo_repo(tmp_path_factory.mktemp("axe") / "repo")
    ja = sections_md({"scope": "適用範囲"}, {"scope": "本規約は当社のサービスに適用されます。\n\n" + JA_TABLE})
    en = sections_md({"scope": "Scope"}, {"scope": "These terms apply to our services.\n\n" + EN_TABLE})
    repo.write_document("terms", {"ja": ja, "en": en}, title={"ja": "利用規約", "en": "Terms of Use"}, authoritative="ja")
    repo.release("terms", "1.0", published="2026-01-01")
    edit_demo_draft(repo)  # the draft preview (draft: true)
    return build_repo(repo, server, "axe")


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def violations(axe: Axe, page) -> list[str]:
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]})
    found = []
    for violation in results.response["violations"]:
        targets = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:3])
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {len(violation['nodes'])} node(s): {targets}")
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_page_kind_passes_axe_at_wcag_2_2_aa(audited, open_context, axe, lang, scheme):
    context, watch = open_context(color_scheme=scheme, locale="fr-FR")  # the entry page stays put
    page = context.new_page()
    problems = []
    for kind, path in PAGE_KINDS.items():
        url = audited.url(path.format(lang=lang))
        visit(page, url)
        assert page.url == url, f"{kind}: went on to {page.url}"
        assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
        problems.extend(f"{kind} ({path.format(lang=lang) or '/'}): {v}" for v in violations(axe, page))
    assert not problems, "\n".join(problems)
    assert not watch.errors


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_this_site_passes_axe_at_wcag_2_2_aa(real, open_context, axe, scheme):
    """This repository's own site, with its own stylesheet (site_overrides/)."""
    context, watch = open_context(color_scheme=scheme, locale="fr-FR")
    page = context.new_page()
    problems = []
    for lang in ("ja", "en"):
        for path in (
            "",
            f"{lang}/privacy/",
            f"{lang}/privacy/{real.archived[0]}/",
            f"{lang}/privacy/changes/",
            f"{lang}/privacy/side-by-side/",
        ):
            visit(page, real.url(path))
            problems.extend(f"{path or '/'}: {v}" for v in violations(axe, page))
    assert not problems, "\n".join(problems)
    assert not watch.errors


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_table_side_by_side_fits_a_phone(audited, open_context, lang):
    context, watch = open_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    visit(page, audited.url(f"{lang}/terms/side-by-side/"))
    assert page.locator(".policy-sbs-cell table").count() == 2
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    assert page.evaluate(
        "() => Array.from(document.querySelectorAll('.policy-sbs-cell table')).every(t => t.scrollWidth <= t.clientWidth + 1)"
    )
    assert not watch.errors


def test_the_audit_can_fail(audited, page, axe):
    """The audit sees real problems: an image without text and unreadable grey text are reported."""
    visit(page, audited.url("en/privacy/"))
    page.evaluate(
        """() => { const a = document.querySelector('.md-content a'); a.textContent = ''; a.innerHTML = '<img src="x.png">';
                   document.querySelector('.md-content p').style.color = '#eee'; }"""
    )
    found = " ".join(violations(axe, page))
    assert "color-contrast" in found and ("image-alt" in found or "link-name" in found), found
