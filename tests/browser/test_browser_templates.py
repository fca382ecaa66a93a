"""What a reader sees of the templates (SPEC §13): a site's overridden notice, and the review date."""

from __future__ import annotations

import pytest
import yaml
from conftest import build_repo
from pagecheck import visit
from playwright.sync_api import expect

from policyrepo import PolicyRepo, sections_md

OVERRIDE = """\
<aside class="site-archived" role="note" lang="{{ lang }}">
  {%- if status == "archived" %}{{ version }} is an old text: {{ next_version }} replaced it on {{ until }}.
  {%- else %}{{ _("Current version") }}: {{ version }}{% endif %}
  <a href="{{ url(document_url) }}">{{ _("See the current version") }}</a>
</aside>
"""


@pytest.fixture(scope="module")
def overridden(server, tmp_path_factory):
    repo = PolicyRepo(tmp_path_factory.mktemp("override") / "repo", overrides=True)
    config = yaml.safe_load(repo.read("mkdocs.yml"))
    config["theme"]["font"] = False  # no request to Google Fonts (the tests run offline)
    repo.write("mkdocs.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    ja = sections_md({"intro": "はじめに", "data": "収集する情報"}, {"intro": "当社は情報を大切にします。", "data": "氏名を収集します。"})
    en = sections_md(
        {"intro": "Introduction", "data": "Data we collect"}, {"intro": "We value your information.", "data": "We collect names."}
    )
    repo.write_document("privacy", {"ja": ja, "en": en}, title={"ja": "プライバシーポリシー", "en": "Privacy Policy"})
    repo.release("privacy", "1.0", published="2026-01-01")
    en["data"] += "\nAnd e-mail addresses.\n"
    ja["data"] += "\nメールアドレスも収集します。\n"
    repo.write_document(
        "privacy", {"ja": ja, "en": en}, title={"ja": "プライバシーポリシー", "en": "Privacy Policy"}, reviewed="2026-01-05"
    )
    repo.release("privacy", "1.1", published="2026-01-06")
    repo.write("site_overrides/policy/notice-archived.html", OVERRIDE)
    return build_repo(repo, server, "override")


def test_an_overridden_notice_is_what_the_reader_sees(overridden, page):
    visit(page, overridden.url("en/privacy/1.0/"))
    notice = page.locator("aside.site-archived")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("1.0 is an old text: 1.1 replaced it on January 6, 2026.")
    expect(page.locator(".policy-archive")).to_have_count(0)
    # Where the plugin's notice stood: under the title, before the text.
    assert page.evaluate(
        "() => !!(document.querySelector('aside.site-archived').compareDocumentPosition(document.querySelector('h2#intro')) & 4)"
    )
    with page.expect_navigation():
        notice.locator("a").click()
    assert page.url == overridden.url("en/privacy/")
    # The text in force says when the document was last reviewed, in the reader's language.
    expect(page.locator(".policy-version .policy-reviewed")).to_have_text("Last reviewed on January 5, 2026")
    visit(page, overridden.url("ja/privacy/"))
    expect(page.locator(".policy-version .policy-reviewed")).to_have_text("最終確認日 2026年1月5日")
    assert not page.watch.errors


def test_this_site_shows_its_review_date(real, page):
    visit(page, real.url("en/privacy/"))
    expect(page.locator(".policy-reviewed")).to_have_text("Last reviewed on December 1, 2026")
    expect(page.locator(".policy-reviewed")).to_be_visible()
