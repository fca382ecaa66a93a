"""This repository's own site: the privacy policy of ジェンコンサルティング株式会社, releases 1.0, 1.1 and 1.2.

"As published" is release 1.0's text in git at the commit its ledger entry names: nothing here reads outside
the repository. The site is built on the day 1.2 was published (1.1 in force, 1.2 upcoming) and on the day
1.2 takes effect.
"""

from __future__ import annotations

import html as htmllib
import json
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "policy" / "privacy"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
LEDGER = yaml.safe_load((DOC / "releases.yml").read_text(encoding="utf-8"))
COMMITS = {entry["version"]: entry["commit"] for entry in LEDGER}


def visible_text(path: Path) -> str:
    """The article's text as a reader sees it (tags dropped, entities decoded)."""
    page = path.read_text(encoding="utf-8")
    article = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', page, re.S).group(1)
    text = re.sub(r"<[^>]+>", " ", article)
    return htmllib.unescape(re.sub(r"\s+", " ", text))


def article(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    return re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', page, re.S).group(1)


def banner(path: Path) -> str:
    """The upcoming-change banner (Material's announce bar), empty when there is none."""
    found = re.search(r'<div data-md-component="announce">(.*?)</div>\s*<script>', path.read_text(encoding="utf-8"), re.S)
    return found.group(1) if found else ""


def git_show(version: str, path: str) -> str:
    """A file of this document as committed at ``version``'s ledger commit."""
    args = ["git", "-C", str(ROOT), "show", f"{COMMITS[version]}:policy/privacy/{path}"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def sections(version: str) -> list[str]:
    return yaml.safe_load(git_show(version, "document.yml"))["sections"]


def released(version: str, lang: str) -> dict[str, str]:
    """Section id → Markdown of ``version`` in ``lang``, read from git at the release's commit."""
    return {sid: git_show(version, f"{lang}/{sid}.md") for sid in sections(version)}


def titles(version: str, lang: str) -> dict[str, str]:
    return {sid: text.split("\n", 1)[0].removeprefix("## ") for sid, text in released(version, lang).items()}


# -- the ledger -------------------------------------------------------------------------------------------


def test_ledger_names_three_releases_of_this_history():
    assert [e["version"] for e in LEDGER] == ["1.0", "1.1", "1.2"]
    for entry in LEDGER:
        assert re.fullmatch(r"[0-9a-f]{40}", entry["commit"])
        assert entry["digest"].startswith("sha256:")
    assert COMMITS["1.0"] == "3b42aa0fffb68b9af14a200c97664f75cafb7a5f"  # the text as it was published


def test_1_2_is_a_material_change_announced_before_it_takes_effect():
    entry = LEDGER[2]
    assert entry["change"] == "material"
    assert entry["published"] == date(2026, 12, 2) and entry["effective"] == date(2027, 1, 1)
    for lang in ("ja", "en"):
        assert entry["summary"][lang].strip()
    assert "個人情報" in entry["summary"]["ja"] and "第三者提供" in entry["summary"]["ja"]
    assert "material change" in entry["summary"]["en"] and "January 1, 2027" in entry["summary"]["en"]


# -- release 1.0 as published, 1.1's corrections ------------------------------------------------------------


def test_current_english_page_has_no_japanese_outside_allow_terms(own_site):
    allowed = yaml.safe_load((DOC / "document.yml").read_text(encoding="utf-8"))["allow_terms"]
    text = visible_text(own_site / "en/privacy/index.html")
    for term in allowed:
        text = text.replace(term, "")
    # The only Japanese left on an English page may be the language switch's own name, outside the article.
    assert JAPANESE.findall(text) == []
    assert "Version 1.1" in text


def test_release_1_0_english_page_reads_as_published(own_site):
    """Every line of 1.0's English Markdown, as committed at its ledger commit, is on the archived page."""
    text = visible_text(own_site / "en/privacy/1.0/index.html")
    lines = 0
    for markdown in released("1.0", "en").values():
        for line in markdown.splitlines():
            line = line.removeprefix("## ").removeprefix("- ").strip()
            if line:
                assert re.sub(r"\s+", " ", line) in text, line
                lines += 1
    assert lines >= 30
    for leftover in ("情報", "しかしそれに限定されません", "含む", "例えば", "と"):
        assert leftover in text


def test_cookies_is_its_own_section_in_1_1_in_both_languages(own_site):
    for lang in ("ja", "en"):
        page = (own_site / lang / "privacy/1.1/index.html").read_text(encoding="utf-8")
        assert '<h2 id="cookies"' in page
        assert 'href="#cookies"' in page  # the reference in "use" is now a working link
        old = (own_site / lang / "privacy/1.0/index.html").read_text(encoding="utf-8")
        assert '<h2 id="cookies"' not in old


def test_1_1_resolves_the_reference_to_a_missing_section(own_site):
    text = visible_text(own_site / "en/privacy/1.1/index.html")
    assert "VISITORS FROM THE EUROPEAN UNION" not in text
    assert "VISITORS FROM THE EUROPEAN UNION" in visible_text(own_site / "en/privacy/1.0/index.html")


# -- release 1.2: the Japanese in the terms of the APPI, the English polished -----------------------------------


def test_1_2_japanese_says_kojin_joho_not_kojin_data():
    """個人データ is the APPI's narrower defined term (Art. 16(3)): 1.2 speaks of 個人情報 throughout."""
    ja = released("1.2", "ja")
    assert not [sid for sid, text in ja.items() if "個人データ" in text]
    assert sum(text.count("個人情報") for text in ja.values()) >= 25
    # The published history is left as it was.
    assert sum(text.count("個人データ") for text in released("1.1", "ja").values()) == 22
    # Defined once, not by itself.
    assert "個人データ（以下「個人データ」といいます。）" in released("1.1", "ja")["collection"]
    assert "（以下「個人情報」といいます。）" not in ja["collection"]
    assert "本プライバシーポリシーでは、これを「個人情報」といいます。" in ja["collection"]


def test_1_2_headings_are_natural_and_ids_stable():
    assert sections("1.2") == sections("1.1")  # every section id (and so every anchor) of 1.1 is kept
    ja, en = titles("1.2", "ja"), titles("1.2", "en")
    assert ja["disclosure"] == "個人情報の第三者提供"  # giving data to others, not the person's own 開示
    assert ja["use"] == "個人情報の利用目的"
    assert ja["rights"] == "個人情報に関するお客様の権利"
    assert titles("1.1", "ja")["disclosure"] == "個人データの開示"
    assert en == {
        "introduction": "Introduction",
        "collection": "Collection of information",
        "use": "Use of personal data",
        "disclosure": "Sharing personal data with third parties",
        "rights": "Your rights regarding personal data",
        "cookies": "Cookies",
        "changes": "Changes to this Privacy Policy",
        "contact": "How to contact us",
    }
    for title in en.values():  # sentence case: no capitalised preposition or article
        assert not re.search(r"\s(Of|To|This|With|Regarding|Us)\b", title), title


@pytest.mark.parametrize(
    ("sid", "gone", "there"),
    [
        ("use", "お客様に開示した目的と両立しないものではないその他の目的", "お知らせした利用目的と矛盾しないその他の目的"),
        ("use", "以下の目的のために", "以下の利用目的のために"),
        ("collection", "含みますがこれらに限られない", "（これらに限られません。）"),
        ("disclosure", "、当社サイト上で収集した情報", "自らが当社サイト上で収集した情報"),  # the platforms collect it
        ("disclosure", "開示", "個人情報の保護および安全管理措置に関する当社の要件"),
        ("disclosure", "個人データを開示し、移転する", "お客様の個人情報を提供する"),
        ("rights", "アクセス権", "開示等の請求"),
        ("rights", "欧州連合からの訪問者を対象とする個別の項はありません", "これらの追加の権利は、info@gen-cons.com まで"),
    ],
)
def test_1_2_japanese_passages_of_the_issue_are_fixed(sid, gone, there):
    text = released("1.2", "ja")[sid]
    assert gone not in text and there in text
    before = released("1.1", "ja")[sid]
    assert there not in before


@pytest.mark.parametrize(
    ("sid", "gone", "there"),
    [
        ("collection", "including but not limited to, bank", "including but not limited to bank account numbers"),
        ("collection", "security code and", "expiration dates and security codes,"),
        ("disclosure", "third party marketing", "third-party marketing platforms"),
        ("disclosure", "providing withdrawing service", "assist with payment for transactions or provide withdrawal services to sellers"),
        ("disclosure", "Service Providers", "These service providers must"),
        ("rights", "does not contain a separate section", "General Data Protection Regulation (GDPR)"),
        ("use", "not incompatible", "compatible with the purposes of use we have notified you of"),
    ],
)
def test_1_2_english_is_polished(sid, gone, there):
    text = released("1.2", "en")[sid]
    assert gone not in text and there in text


def test_release_1_2_pages_in_both_languages(own_site):
    ja = visible_text(own_site / "ja/privacy/1.2/index.html")
    assert "個人データ" not in ja
    for term in ("個人情報の第三者提供", "利用目的", "開示等の請求", "安全管理措置"):
        assert term in ja, term
    page = (own_site / "ja/privacy/1.2/index.html").read_text(encoding="utf-8")
    for sid in sections("1.2"):
        assert f'<h2 id="{sid}"' in page, sid
    en = visible_text(own_site / "en/privacy/1.2/index.html")
    assert "Sharing personal data with third parties" in en and "does not contain a separate section" not in en


# -- the site on the day 1.2 was published: 1.1 in force, 1.2 upcoming, with the banner ----------------------


def test_api_lists_1_2_as_upcoming(own_site):
    index = json.loads((own_site / "api/privacy/releases.json").read_text(encoding="utf-8"))
    assert (index["current"], index["latest"], index["upcoming"]) == ("1.1", "1.2", "1.2")
    assert index["consent_version"] == 1
    entry = index["releases"][-1]
    assert (entry["version"], entry["sequence"], entry["change"], entry["consent_version"]) == ("1.2", 3, "material", 2)
    assert (entry["published"], entry["effective"]) == ("2026-12-02", "2027-01-01")
    release = json.loads((own_site / "api/privacy/1.2.json").read_text(encoding="utf-8"))
    assert release["previous"] == "1.1" and release["digest"] == LEDGER[2]["digest"]
    ja = {s["id"]: s for s in release["languages"]["ja"]["sections"]}
    assert ja["disclosure"]["title"] == "個人情報の第三者提供" and ja["disclosure"]["status"] == "modified"
    assert all("個人データ" not in s["markdown"] for s in ja.values())


def test_page_in_force_shows_the_upcoming_banner(own_site):
    for lang, when in (("ja", "2027年1月1日"), ("en", "January 1, 2027")):
        for path in (f"{lang}/privacy/index.html", f"{lang}/privacy/1.1/index.html"):
            shown = banner(own_site / path)
            assert 'data-policy-version="1.2"' in shown and when in shown, path
            assert 'href="changes/#v1-2"' in shown or 'href="../changes/#v1-2"' in shown, path
    assert "Version 1.1" in visible_text(own_site / "en/privacy/index.html")
    assert "個人データの開示" in visible_text(own_site / "ja/privacy/index.html")  # 1.1 is still the text in force


def test_changes_page_shows_1_2_redline_at_clause_level_in_japanese(own_site):
    page = article(own_site / "ja/privacy/changes/index.html")
    release = page[page.index('id="v1-2"') : page.index('id="v1-1"')]
    assert "未施行" in release and "重要な変更" in release
    # One changed clause is marked, the words around it are not.
    assert "、<del>お客様に開示した目的と両立しないものではない</del><ins>お知らせした利用目的と矛盾しない</ins>その他の目的" in release
    assert "<del>個人データを開示し、移転する</del><ins>個人情報を提供する</ins>ことがあります" in release
    assert "<del>個人データの開示</del>" in release and "<ins>個人情報の第三者提供</ins>" in release
    # Most of the text reads unchanged: the marks are a minority of the redline.
    text = re.sub(r"<(del|ins)>.*?</\1>", "", release, flags=re.S)
    marked = sum(len(m) for m in re.findall(r"<(?:del|ins)>(.*?)</(?:del|ins)>", release, re.S))
    assert marked < len(re.sub(r"<[^>]+>", "", text))
    en = article(own_site / "en/privacy/changes/index.html")
    en = en[en.index('id="v1-2"') : en.index('id="v1-1"')]
    assert "security <del>code</del><ins>codes,</ins>" in en and "third<del> </del><ins>-</ins>party" in en


# -- the site once 1.2 is in force -------------------------------------------------------------------------


def test_from_its_effective_date_1_2_is_in_force_without_banner(own_site_in_force):
    site = own_site_in_force
    index = json.loads((site / "api/privacy/releases.json").read_text(encoding="utf-8"))
    assert (index["current"], index["latest"], index["upcoming"], index["consent_version"]) == ("1.2", "1.2", None, 2)
    for lang in ("ja", "en"):
        assert 'data-policy-version="1.2"' not in banner(site / f"{lang}/privacy/index.html")
    ja = visible_text(site / "ja/privacy/index.html")
    assert "個人情報の第三者提供" in ja and "個人データ" not in ja
    assert "Sharing personal data with third parties" in visible_text(site / "en/privacy/index.html")
