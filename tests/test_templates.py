"""Notices and banners come from templates a site overrides in its custom_dir (SPEC §13), built with real mkdocs."""

from __future__ import annotations

import re

import pytest

from mkdocs_policy.render.templates import Templates

from policyrepo import epoch_of, sections_md

ARCHIVED_OVERRIDE = """\
{# This site's own archived notice: a plain box, its own words, the plugin's values and helpers. #}
<aside class="site-archived" data-status="{{ status }}" lang="{{ lang }}">
  {%- if status == "archived" %}Old text: {{ version }}, replaced by {{ next_version }} on {{ until }}.
  {%- else %}{{ _("Current version") }} {{ version }}.{% endif %}
  <a href="{{ url(document_url) }}">{{ _("See the current version") }}</a>
</aside>
"""


@pytest.fixture
def overridden(policy_repo):
    repo = policy_repo(overrides=True)
    ja = sections_md({"intro": "はじめに"}, {"intro": "当社は情報を大切にします。"})
    en = sections_md({"intro": "Introduction"}, {"intro": "We value your information."})
    repo.write_document("privacy", {"ja": ja, "en": en}, title={"ja": "プライバシーポリシー", "en": "Privacy Policy"})
    repo.release("privacy", "1.0", published="2026-01-01")
    en["intro"] += "\nMore.\n"
    ja["intro"] += "\n詳細。\n"
    repo.write_document("privacy", {"ja": ja, "en": en}, title={"ja": "プライバシーポリシー", "en": "Privacy Policy"})
    repo.release("privacy", "1.1", published="2026-02-01")
    repo.write("site_overrides/policy/notice-archived.html", ARCHIVED_OVERRIDE)
    return repo


def test_a_site_overrides_a_notice_in_its_custom_dir(overridden):
    site = overridden.build(epoch=epoch_of("2026-03-01"))
    archived = (site / "en/privacy/1.0/index.html").read_text(encoding="utf-8")
    notice = re.search(r'<aside class="site-archived" data-status="archived" lang="en">(.*?)</aside>', archived, re.S)
    assert notice, archived
    assert "Old text: 1.0, replaced by 1.1 on February 1, 2026." in notice.group(1)
    assert '<a href="../">See the current version</a>' in notice.group(1)  # url() placed relative to the page
    assert "policy-archive" not in archived  # the plugin's own notice is replaced, not added to
    current = (site / "ja/privacy/1.1/index.html").read_text(encoding="utf-8")
    assert re.search(r'<aside class="site-archived" data-status="current" lang="ja">\s*現行版 1\.1\.', current), current
    # The partials not overridden keep the plugin's markup.
    assert 'class="admonition info policy-translation"' in archived
    assert 'class="policy-version"' in archived


def test_an_override_changed_under_the_same_build_process_is_used(overridden):
    overridden.build(epoch=epoch_of("2026-03-01"))
    overridden.write("site_overrides/policy/notice-archived.html", '<p class="second">{{ version }}</p>')
    site = overridden.build(epoch=epoch_of("2026-03-01"))
    assert '<p class="second">1.0</p>' in (site / "en/privacy/1.0/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_default_partial_renders_in_both_languages(lang):
    templates = Templates()
    values = {"version": "2.0", "effective": "E", "published": "P", "reviewed": "R", "change": "minor"}
    meta = templates.render("policy/release-meta.html", lang, **values)
    assert meta.startswith('<p class="policy-version">') and "2.0" in meta and "R" in meta
    banner = templates.render(
        "policy/banner-upcoming.html", lang, version="2.0", effective="E", release_url="ja/p/2.0/", changes_url="ja/p/changes/#v2-0"
    )
    assert 'data-policy-version="2.0"' in banner and 'href="@/ja/p/2.0/"' in banner
    notice = templates.render(
        "policy/notice-translation.html", lang, authoritative="ja", authoritative_name="<日本語>", authoritative_url="ja/p/"
    )
    assert "&lt;日本語&gt;" in notice  # values are escaped
    for status in ("current", "upcoming", "archived"):
        html = templates.render(
            "policy/notice-archived.html",
            lang,
            status=status,
            version="2.0",
            effective="E",
            next_version="3.0",
            until="U",
            document_url="ja/p/",
            has_current=True,
        )
        assert html.startswith('<div class="admonition') and "2.0" in html
