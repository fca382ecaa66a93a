"""End to end: real git repositories, real `mkdocs build`, assertions on the HTML (issue 2)."""

from __future__ import annotations

import json
import re

import pytest

from policyrepo import epoch_of, sections_md

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def html_of(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def built(simple_site):
    return simple_site.build(epoch=epoch_of("2026-03-01"))


def test_every_release_is_archived_in_every_language(built):
    for lang in ("ja", "en"):
        for version in ("1.0", "1.1"):
            assert (built / lang / "privacy" / version / "index.html").is_file()
        assert (built / lang / "privacy" / "index.html").is_file()
    assert (built / "index.html").is_file()


def test_section_headings_carry_the_section_ids_in_both_languages(built):
    for lang in ("ja", "en"):
        html = html_of(built, f"{lang}/privacy")
        for sid in ("intro", "data", "cookies"):
            assert re.search(rf'<h2 id="{sid}"', html), (lang, sid)
        assert re.search(r'<h3 id="managing"', html)
        # 1.0 had no cookies section
        assert 'id="cookies"' not in html_of(built, f"{lang}/privacy/1.0")


def test_html_lang_and_material_chrome_follow_the_page_language(built):
    ja = html_of(built, "ja/privacy")
    en = html_of(built, "en/privacy")
    assert '<html lang="ja"' in ja and '<html lang="en"' in en
    # Material's UI strings: search placeholder and table of contents title
    assert 'placeholder="検索"' in ja and 'placeholder="Search"' in en
    assert "目次" in ja and "Table of contents" in en


def test_language_switch_lands_on_the_same_release(built):
    html = html_of(built, "en/privacy/1.0")
    links = dict((lang, href) for href, lang in re.findall(r'<a href="([^"]+)" hreflang="(\w+)" class="md-select__link"', html))
    assert links["ja"] == "https://example.com/policy/ja/privacy/1.0/"
    assert links["en"] == "https://example.com/policy/en/privacy/1.0/"


def test_absolute_hreflang_alternates_and_x_default(built):
    html = html_of(built, "ja/privacy")
    assert '<link rel="alternate" href="https://example.com/policy/en/privacy/" hreflang="en">' in html
    assert '<link rel="alternate" href="https://example.com/policy/ja/privacy/" hreflang="ja">' in html
    assert 'hreflang="x-default" href="https://example.com/policy/"' in html


def test_without_site_url_links_are_relative(policy_repo):
    repo = policy_repo()
    repo.write_document("privacy", {"ja": sections_md({"a": "あ"}), "en": sections_md({"a": "A"})})
    repo.release("privacy", "1.0")
    site = repo.build(epoch=epoch_of("2026-01-02"))
    html = html_of(site, "en/privacy/1.0")
    assert 'href="../../../ja/privacy/1.0/" hreflang="ja"' in html
    assert "x-default" not in html
    assert "https://" not in "".join(re.findall(r'<link rel="alternate"[^>]*>', html))


def test_translation_notice_only_on_non_authoritative_languages(built):
    en = html_of(built, "en/privacy")
    ja = html_of(built, "ja/privacy")
    assert "policy-translation" in en and "The Japanese text prevails" in en
    assert "policy-translation" not in ja


def test_archived_release_says_which_version_is_current(built):
    en = html_of(built, "en/privacy/1.0")
    assert "policy-archive" in en
    assert "Version 1.1 replaced it on February 1, 2026" in en
    assert 'href="../">See the current version</a>' in en
    ja = html_of(built, "ja/privacy/1.0")
    assert "2026年2月1日に第1.1版に改定され" in ja
    current = html_of(built, "en/privacy/1.1")
    assert "policy-archive-current" in current and "the version currently in force" in current


def test_dates_are_written_by_babel_in_each_language(built):
    assert "published February 1, 2026" in html_of(built, "en/privacy")
    assert "2026年2月1日公開" in html_of(built, "ja/privacy")


def test_release_in_force_follows_the_build_date(simple_site):
    # On 2026-01-15 only 1.0 is in force (1.1 is published 2026-02-01).
    site = simple_site.build(epoch=epoch_of("2026-01-15"))
    html = html_of(site, "en/privacy")
    assert "Version 1.0" in html and 'id="cookies"' not in html


def test_upcoming_release_shows_a_banner_on_the_current_page(policy_repo):
    repo = policy_repo()
    repo.write_document("privacy", {"ja": sections_md({"a": "あ"}), "en": sections_md({"a": "A"})})
    repo.release("privacy", "1.0", published="2026-01-01")
    repo.write_document("privacy", {"ja": sections_md({"a": "あ", "b": "い"}), "en": sections_md({"a": "A", "b": "B"})})
    repo.release("privacy", "2.0", published="2026-01-10", effective="2026-02-01", change="material")
    site = repo.build(epoch=epoch_of("2026-01-15"))
    html = html_of(site, "en/privacy")
    banner = re.search(r'<aside class="md-banner">(.*?)</aside>', html, re.S)
    assert banner, "announce banner missing"
    assert "takes effect on February 1, 2026" in banner.group(1)
    assert 'href="2.0/"' in banner.group(1) and 'href="changes/#v2-0"' in banner.group(1)
    assert "Version 1.0" in html  # still the release in force
    ja = html_of(site, "ja/privacy")
    assert "2026年2月1日に施行されます" in ja


def test_empty_ledger_builds_with_a_clear_message(policy_repo):
    repo = policy_repo()
    repo.write_document("privacy", {"ja": sections_md({"a": "あ"}), "en": sections_md({"a": "A"})})
    repo.commit("draft only")
    site = repo.build()
    assert "No release of this document has been published yet." in html_of(site, "en/privacy")
    assert "この文書はまだ公開されていません。" in html_of(site, "ja/privacy")


def test_two_documents_are_listed_on_each_language_home(policy_repo):
    repo = policy_repo()
    repo.write_document(
        "privacy", {"ja": sections_md({"a": "あ"}), "en": sections_md({"a": "A"})}, title={"ja": "個人情報", "en": "Privacy"}
    )
    repo.write_document(
        "terms", {"ja": sections_md({"t": "条"}), "en": sections_md({"t": "Terms"})}, title={"ja": "利用規約", "en": "Terms of Use"}
    )
    repo.release("privacy", "1.0")
    repo.release("terms", "2024-1")
    site = repo.build(epoch=epoch_of("2026-01-02"))
    home = html_of(site, "en")
    assert 'href="privacy/">Privacy</a>' in home and 'href="terms/">Terms of Use</a>' in home
    assert 'http-equiv="refresh"' not in home
    assert (site / "ja/terms/2024-1/index.html").is_file()
    # one document: the language home sends the reader straight to it
    single = policy_repo("single")
    single.write_document("privacy", {"ja": sections_md({"a": "あ"}), "en": sections_md({"a": "A"})})
    single.release("privacy", "1.0")
    assert 'http-equiv="refresh" content="0; url=privacy/"' in html_of(single.build(), "en")


def test_archived_releases_stay_out_of_the_navigation(simple_site):
    site = simple_site.build(epoch=epoch_of("2026-03-01"))
    nav = re.search(r'<nav class="md-nav md-nav--primary"(.*?)</nav>', html_of(site, "en/privacy/1.0"), re.S).group(1)
    assert "1.0/" not in nav and "1.1/" not in nav
    assert "Privacy Policy" in nav and "プライバシーポリシー" not in nav


def test_search_indexes_both_languages(built):
    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert any(loc.startswith("ja/privacy/") for loc in locations)
    assert any(loc.startswith("en/privacy/") for loc in locations)
    # lang: ja segments Japanese and still finds English words (the English stemmer breaks Material's prefix queries)
    assert index["config"]["lang"] == ["ja"]


def test_entry_page_links_every_language_without_javascript(built):
    html = (built / "index.html").read_text(encoding="utf-8")
    assert '<a href="ja/" hreflang="ja" lang="ja">日本語</a>' in html
    assert '<a href="en/" hreflang="en" lang="en">English</a>' in html


def test_a_new_site_needs_no_overrides_and_a_site_can_override(policy_repo):
    for overrides in (False, True):
        repo = policy_repo(f"o{overrides}", overrides=overrides, search=False)
        repo.write_document("privacy", {"ja": sections_md({"a": "あ"}), "en": sections_md({"a": "A"})})
        repo.release("privacy", "1.0")
        site = repo.build()
        assert 'id="a"' in html_of(site, "ja/privacy")
        assert (site / "assets/policy/policy.css").is_file()


def test_languages_come_from_the_config(policy_repo):
    repo = policy_repo(languages=("en", "fr", "ja"))
    repo.write_document(
        "privacy",
        {"en": sections_md({"a": "A"}), "fr": sections_md({"a": "Élément"}), "ja": sections_md({"a": "あ"})},
        authoritative="en",
    )
    repo.release("privacy", "1.0")
    site = repo.build()
    html = html_of(site, "fr/privacy")
    assert '<html lang="fr"' in html
    assert len(re.findall(r'class="md-select__link"', html)) == 3


def test_archived_releases_are_not_indexed_for_search(built):
    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "en/privacy/" in locations and "ja/privacy/" in locations
    assert not any(loc.startswith(("en/privacy/1.", "ja/privacy/1.")) for loc in locations)
