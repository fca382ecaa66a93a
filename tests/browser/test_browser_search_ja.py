"""Japanese search (SPEC §13): a compound finds the sections that contain it (個人データ, 第三者提供, 個人情報), and
English words still work. Material's lunr (lang ja) splits both the indexed text and the query with TinySegmenter,
which cuts a compound differently alone than inside a sentence."""

from __future__ import annotations

import pytest
import yaml
from conftest import build_repo
from pagecheck import visit
from test_browser_search import search

from policyrepo import PolicyRepo

SECTIONS = {
    "ja": {
        "intro": "## はじめに\n\n当社は、お客様の個人情報を適切に取り扱います。\n",
        "data": "## 取得する情報\n\n当社は、氏名、メールアドレスなどの個人データを取得します。\n",
        "sharing": "## 第三者提供\n\n当社は、法令に基づく場合を除き、本人の同意なく個人データの第三者提供を行いません。\n",
        "cookies": "## クッキー\n\n当社はクッキーを使用してサイトの利用状況を把握します。\n",
        "contact": "## お問い合わせ\n\nご質問は窓口までご連絡ください。\n",
    },
    "en": {
        "intro": "## Introduction\n\nWe handle your personal information with care.\n",
        "data": "## Information we obtain\n\nWe obtain personal data such as your name and e-mail address.\n",
        "sharing": "## Provision to third parties\n\nWe do not provide personal data to third parties without consent, except as required by law.\n",
        "cookies": "## Cookies\n\nWe use cookies to understand how the site is used.\n",
        "contact": "## Contact\n\nPlease send questions to our desk.\n",
    },
}


@pytest.fixture(scope="module")
def searchable(server, tmp_path_factory):
    repo = PolicyRepo(tmp_path_factory.mktemp("search") / "repo")
    config = yaml.safe_load(repo.read("mkdocs.yml"))
    config["theme"]["font"] = False
    config["plugins"][0] = {"search": {"lang": "ja"}}  # as this repository's mkdocs.yml
    repo.write("mkdocs.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    repo.write_document("privacy", SECTIONS, title={"ja": "プライバシーポリシー", "en": "Privacy Policy"}, authoritative="ja")
    repo.release("privacy", "1.0", published="2026-01-01")
    return build_repo(repo, server, "search")


def sections_found(site, found: list[str], lang: str) -> list[str]:
    """The sections of the text in force among the results, in the order a reader sees them."""
    page = site.url(f"{lang}/privacy/")
    ordered: list[str] = []
    for url in found:
        if url.split("#")[0].split("?")[0] == page and "#" in url and url.split("#", 1)[1] not in ordered:
            ordered.append(url.split("#", 1)[1])
    return ordered


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("ja", "個人データ", {"data", "sharing"}),
        ("ja", "第三者提供", {"sharing"}),
        ("ja", "個人情報", {"intro"}),
        ("ja", "クッキー", {"cookies"}),
        ("en", "personal data", {"data", "sharing"}),
        ("en", "cookies", {"cookies"}),
        ("en", "third", {"sharing"}),
    ],
)
def test_a_query_finds_the_sections_that_contain_it_first(searchable, page, lang, query, expected):
    visit(page, searchable.url(f"{lang}/privacy/"))
    found = sections_found(searchable, search(page, query), lang)
    assert expected <= set(found), f"{query!r}: {found}"
    # Material joins the words of a query with OR: sections with only a part of the compound (個人 of 個人データ)
    # may follow, but never before the sections that hold the whole of it.
    assert set(found[: len(expected)]) == expected, f"{query!r}: {found}"
    assert not page.watch.errors


@pytest.mark.parametrize("query", ["個人データ"])
def test_this_site_finds_personal_data_in_the_sections_that_mention_it(real, page, query):
    visit(page, real.url("ja/privacy/"))
    found = sections_found(real, search(page, query), "ja")
    assert {"collection", "use", "disclosure", "rights"} <= set(found), found
