"""The change history page (<lang>/<doc>/changes/) and the upcoming-change banner, from real `mkdocs build` runs."""

from __future__ import annotations

import html as htmllib
import posixpath
import re
from pathlib import Path

import pytest
from test_redline_html import check

from mkdocs_policy import urls

from policyrepo import epoch_of

ROOT = Path(__file__).resolve().parents[1]


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    """The page's article (what Markdown and the slots made), without Material's chrome."""
    opening = '<article class="md-content__inner md-typeset">'
    start = html.index(opening) + len(opening)
    return html[start : html.index("</article>", start)]


def resolve(page_path: str, href: str) -> str:
    """A relative href on the page at site path ``page_path`` → (site path, fragment)."""
    target, _, _fragment = href.partition("#")
    if not target:
        return page_path
    joined = posixpath.normpath(posixpath.join(page_path, target))
    return joined + "/" if target.endswith("/") else joined


@pytest.fixture
def built(simple_site):
    return simple_site.build(epoch=epoch_of("2026-03-01"))


def test_every_document_and_language_has_a_change_history_newest_first(built):
    for lang in ("ja", "en"):
        html = page(built, f"{lang}/privacy/changes")
        body = article(html)
        check(body)
        anchors = re.findall(r'<h2 id="(v[^"]+)"', body)
        assert anchors == ["v1-1", "v1-0"], anchors  # one stable anchor per release, newest first
        assert f'<html lang="{lang}"' in html


def test_each_release_shows_dates_class_summary_and_links(built):
    ja = article(page(built, "ja/privacy/changes"))
    assert "2026年2月1日" in ja and "2026年1月1日" in ja  # Babel long dates in the page's language
    assert "軽微な変更" in ja and "重要な変更" in ja  # change classes, translated
    assert "Release 1.1 (ja)." in ja  # the ledger's summary in that language
    en = article(page(built, "en/privacy/changes"))
    assert "February 1, 2026" in en and "Minor change" in en and "Material change" in en and "Release 1.1 (en)." in en
    # The archived text and the release JSON, as links that work from this page.
    hrefs = re.findall(r'href="([^"]+)"', en)
    targets = {resolve("en/privacy/changes/", h) for h in hrefs if not h.startswith(("http", "#"))}
    assert "en/privacy/1.1/" in targets and "api/privacy/1.1.json" in targets and "api/privacy/1.0.json" in targets
    for target in targets:
        assert (built / target).exists() or (built / target / "index.html").exists(), target


def test_the_first_release_says_it_is_the_first(built):
    en = article(page(built, "en/privacy/changes"))
    first = en[en.index('id="v1-0"') :]
    assert "This is the first release of this document" in first
    assert "<ins" not in first and "<del" not in first
    assert "この文書の最初の版です" in article(page(built, "ja/privacy/changes"))


def test_the_redline_marks_the_new_section_and_collapses_unchanged_ones_with_links(built):
    en = article(page(built, "en/privacy/changes"))
    release = en[en.index('id="v1-1"') : en.index('id="v1-0"')]
    assert re.search(r'<h3 id="v1-1-cookies" class="policy-rl-title"><ins>Cookies</ins></h3>', release)
    assert "<ins>We use cookies.</ins>" in release
    assert re.search(r"<h4[^>]*><ins>Managing</ins></h4>", release)  # subheadings stay headings, one level down
    # Unchanged sections: one line, each title linking to the section in the released text.
    unchanged = re.search(r'<p class="policy-rl-unchanged">(.*?)</p>', release).group(1)
    assert '<a href="../1.1/#intro">Introduction</a>' in unchanged and '<a href="../1.1/#data">Data we collect</a>' in unchanged
    assert "New section" in release and "Read this section in version 1.1" in release


def test_the_translation_carries_the_translation_notice(built):
    assert "policy-translation" in article(page(built, "en/privacy/changes"))
    assert "policy-translation" not in article(page(built, "ja/privacy/changes"))


def test_the_change_history_is_in_each_languages_navigation(built):
    for lang, label in (("en", "Privacy Policy: change history"), ("ja", "プライバシーポリシーの変更履歴")):
        html = page(built, f"{lang}/privacy")
        link = re.search(r'<a href="changes/" class="md-nav__link">(.*?)</a>', html, re.S)
        assert link and label in htmllib.unescape(link.group(1)), lang


def test_every_text_links_to_what_changed_in_it(built):
    for path, anchor in (("en/privacy/", "v1-1"), ("en/privacy/1.1/", "v1-1"), ("en/privacy/1.0/", "v1-0"), ("ja/privacy/1.0/", "v1-0")):
        line = re.search(r'<p class="policy-history">(.*?)</p>', page(built, path)).group(1)
        hrefs = re.findall(r'href="([^"]+)"', line)
        assert resolve(path, hrefs[0]) + "#" + hrefs[0].split("#")[1] == f"en/privacy/changes/#{anchor}".replace("en/", path[:3])
        assert resolve(path, hrefs[1]) == path[:3] + "privacy/changes/"
    assert "第1.1版での変更点" in page(built, "ja/privacy/") and "第1.0版は最初の版です" in page(built, "ja/privacy/1.0/")


def test_the_language_switch_of_the_change_history_lands_on_the_other_change_history(built):
    html = page(built, "en/privacy/changes")
    assert 'href="https://example.com/policy/ja/privacy/changes/" hreflang="ja"' in html


def test_upcoming_release_banner_links_to_the_new_text_and_its_redline(simple_site):
    repo = simple_site
    repo.write("policy/privacy/en/data.md", "## Data we collect\n\nWe collect your name and your e-mail address.\n")
    repo.write("policy/privacy/ja/data.md", "## 収集する情報\n\n当社は氏名およびメールアドレスを収集します。\n")
    repo.release("privacy", "1.2", published="2026-03-01", effective="2026-04-01", change="material")
    site = repo.build(epoch=epoch_of("2026-03-15"))
    for lang in ("ja", "en"):
        for path in (f"{lang}/privacy/", f"{lang}/privacy/1.1/", f"{lang}/privacy/changes/"):
            html = page(site, path)
            banner = re.search(r'<div data-md-component="announce">(.*?)</aside>', html, re.S)
            assert banner and 'data-policy-version="1.2"' in banner.group(1), (lang, path)
            links = re.findall(r'href="([^"]+)"', banner.group(1))
            targets = [resolve(path, h) + ("#" + h.split("#", 1)[1] if "#" in h else "") for h in links]
            assert f"{lang}/privacy/1.2/" in targets, (path, targets)
            assert f"{lang}/privacy/changes/#v1-2" in targets, (path, targets)
        # The date it takes effect, in the reader's language; the anchor the banner names exists.
        date = "2026年4月1日" if lang == "ja" else "April 1, 2026"
        assert date in page(site, f"{lang}/privacy/")
        changes = article(page(site, f"{lang}/privacy/changes"))
        assert '<h2 id="v1-2"' in changes
        assert (urls.release_anchor("1.2") + "-data") in changes
        status = "未施行" if lang == "ja" else "Not yet in force"
        assert status in changes[changes.index('id="v1-2"') : changes.index('id="v1-1"')]
    en = article(page(site, "en/privacy/changes"))
    assert "<ins>and your e-mail address</ins>" in en or "<ins> and your e-mail address</ins>" in en
    # Once in force, the banner is gone.
    later = repo.build(site_dir="later", epoch=epoch_of("2026-04-02"))
    assert (
        'data-policy-version="1.2"'
        not in page(later, "en/privacy/").split('<div data-md-component="announce">', 1)[1].split("</div>", 1)[0]
    )


def test_this_repositorys_1_1_strikes_the_japanese_fragments_of_the_english_text(own_site):
    en = article(page(own_site, "en/privacy/changes"))
    release = en[en.index('id="v1-1"') : en.index('id="v1-0"')]
    for fragment in ("情報", "しかしそれに限定されません", "含む, 例えば", "例えば", "; と"):
        assert f"<del>{fragment}</del>" in release, fragment
    assert "<ins>information</ins>" in release and "<ins>but not limited to</ins>" in release


def test_this_repositorys_1_1_shows_cookies_as_a_new_section_built_from_moved_text(own_site):
    for lang, rights, cookies in (("en", "Rights Regarding Personal Data", "Cookies"), ("ja", "個人データに関する権利", "Cookie")):
        release = article(page(own_site, f"{lang}/privacy/changes"))
        release = release[release.index('id="v1-1"') : release.index('id="v1-0"')]
        section = release[release.index('id="v1-1-cookies"') :]
        section = section[: section.index("</section>")]
        moved_from = "Moved here from" if lang == "en" else "から移動"
        assert moved_from in section and rights in section, lang
        assert section.count('<ins class="policy-moved">') >= 3, lang  # the three paragraphs, as moved text
        assert section.count('class="policy-rl-moved-in"') == 3, lang
        assert "<ins>" + cookies + "</ins>" in section  # only the title is new
        rights_part = release[release.index('id="v1-1-rights"') :]
        rights_part = rights_part[: rights_part.index("</section>")]
        assert rights_part.count('class="policy-rl-moved-out"') == 3, lang
        assert f'href="#v1-1-cookies">{cookies}</a>' in rights_part, lang
