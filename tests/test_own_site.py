"""This repository's own site: the privacy policy of ジェンコンサルティング株式会社, releases 1.0 and 1.1."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_de4d7ed0deb4cac6.txt"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")


def visible_text(path: Path) -> str:
    """The article's text as a reader sees it (tags dropped, entities decoded)."""
    page = path.read_text(encoding="utf-8")
    article = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', page, re.S).group(1)
    text = re.sub(r"<[^>]+>", " ", article)
    return htmllib.unescape(re.sub(r"\s+", " ", text))


def test_ledger_names_two_releases_of_this_history():
    ledger = yaml.safe_load((ROOT / "policy/privacy/releases.yml").read_text(encoding="utf-8"))
    assert [e["version"] for e in ledger] == ["1.0", "1.1"]
    for entry in ledger:
        assert re.fullmatch(r"[0-9a-f]{40}", entry["commit"])
        assert entry["digest"].startswith("sha256:")


def test_current_english_page_has_no_japanese_outside_allow_terms(own_site):
    allowed = yaml.safe_load((ROOT / "policy/privacy/document.yml").read_text(encoding="utf-8"))["allow_terms"]
    text = visible_text(own_site / "en/privacy/index.html")
    for term in allowed:
        text = text.replace(term, "")
    # The only Japanese left on an English page may be the language switch's own name, outside the article.
    assert JAPANESE.findall(text) == []
    assert "Version 1.1" in text


def test_release_1_0_english_page_reads_as_the_seed(own_site):
    text = visible_text(own_site / "en/privacy/1.0/index.html")
    seed = SEED.read_text(encoding="utf-8")
    for line in seed.splitlines():
        line = line.strip().lstrip("•").strip()
        if line:
            assert re.sub(r"\s+", " ", line) in text, line
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
