"""Side-by-side pages (SPEC §13), built with real mkdocs from real git repositories: where they are, how the two
languages are aligned (section by section, block by block), lang-tagged cells, ids unique on the page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from guardkit import cli, two_language_site

from mkdocs_policy.model import Section
from mkdocs_policy.render.sidebyside import align, other_language, units

from policyrepo import epoch_of

JA_DATA = """## 取得する情報

当社は次の情報を取得します。

1. 氏名
2. メールアドレス
    - 業務用のアドレスを含みます
3. 電話番号

| 項目 | 保存期間 |
|---|---|
| 氏名 | 5年 |
| 住所 | 3年 |

### 管理 {#managing}

[お問い合わせ](#data)ください。
"""

EN_DATA = """## Information we obtain

We obtain the following information.

1. Name
2. E-mail address
    - including work addresses
3. Phone number

| Item | Kept for |
|---|---|
| Name | 5 years |
| Address | 3 years |

A note that only the English text has.

### Managing {#managing}

Please [contact us](#data).
"""


class Cells(HTMLParser):
    """The cells of the side-by-side grid: (section, lang, other column?, inner HTML), and every id of the page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.cells: list[dict] = []
        self.section: str | None = None
        self.depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"])
        classes = (values.get("class") or "").split()
        if tag == "section" and "policy-sbs-section" in classes:
            self.section = values["data-policy-section"]
        if tag == "div" and "policy-sbs-cell" in classes and self.section and "policy-sbs-labels" not in classes:
            self.cells.append({"section": self.section, "lang": values["lang"], "other": "policy-sbs-other" in classes, "classes": classes})


def page(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def built(policy_repo):
    repo = two_language_site(policy_repo())  # 1.0: intro + data
    ja = {"intro": "## はじめに\n\n当社は情報を大切にします。\n", "data": JA_DATA}
    en = {"intro": "## Introduction\n\nWe value your information.\n", "data": EN_DATA}
    repo.write_document("privacy", {"ja": ja, "en": en}, title={"ja": "プライバシーポリシー", "en": "Privacy Policy"})
    repo.release("privacy", "1.1", published="2026-02-01")
    return repo.build(epoch=epoch_of("2026-03-01"))


def test_every_release_and_the_text_in_force_have_a_side_by_side_page_in_every_language(built):
    for lang in ("ja", "en"):
        for version in ("1.0", "1.1"):
            html = page(built, f"{lang}/privacy/{version}/side-by-side")
            assert f'<html lang="{lang}"' in html
            assert re.search(rf'<link rel="alternate" href="[^"]*/(ja|en)/privacy/{re.escape(version)}/side-by-side/" hreflang', html)
            # Linked from the release's page.
            assert 'href="side-by-side/"' in page(built, f"{lang}/privacy/{version}")
        # A release's side-by-side page says whether it is in force, like the release's page.
        assert 'class="admonition warning policy-archive"' in page(built, f"{lang}/privacy/1.0/side-by-side")
        assert "policy-archive-current" in page(built, f"{lang}/privacy/1.1/side-by-side")
        in_force = page(built, f"{lang}/privacy/side-by-side")
        assert "policy-archive" not in in_force
        assert "1.1" in re.search(r'<p class="policy-version">(.*?)</p>', in_force, re.S).group(1)
        assert 'href="side-by-side/"' in page(built, f"{lang}/privacy")
    # The authoritative text stands beside each translation, and the first other language beside it.
    assert other_language("en", "ja", ("ja", "en")) == "ja"
    assert other_language("ja", "ja", ("ja", "en", "fr")) == "en"


def test_blocks_are_aligned_in_lang_tagged_columns_with_unique_ids(built):
    html = page(built, "ja/privacy/side-by-side")
    parsed = Cells(html)
    assert len(parsed.ids) == len(set(parsed.ids)), sorted(i for i in parsed.ids if parsed.ids.count(i) > 1)
    data = [c for c in parsed.cells if c["section"] == "data"]
    # Two columns: Japanese (the page's language) then English, row after row.
    assert [(c["lang"], c["other"]) for c in data] == [("ja", False), ("en", True)] * (len(data) // 2)
    # title, lead paragraph, three list items, the table, the English-only note, the subheading, its paragraph
    assert len(data) // 2 == 9
    section = html[html.index('data-policy-section="data"') :]
    section = section[: section.index("</section>")]
    rows = re.findall(
        r'<div class="policy-sbs-cell( policy-sbs-other)?( policy-sbs-empty)?" lang="(\w+)">(.*?)</div>(?=<div class="policy-sbs-cell|$)',
        section,
        re.S,
    )
    pairs = [(rows[i][3], rows[i + 1][3]) for i in range(0, len(rows), 2)]
    assert "氏名" in pairs[2][0] and "Name" in pairs[2][1]
    assert '<ol start="2">' in pairs[3][0] and '<ol start="2">' in pairs[3][1]  # an item alone keeps its number
    assert "業務用" in pairs[3][0] and "work addresses" in pairs[3][1]  # a sub-item stays with its item
    assert '<ol start="3">' in pairs[4][0]
    assert "<table>" in pairs[5][0] and "保存期間" in pairs[5][0] and "Kept for" in pairs[5][1]
    assert pairs[6] == ("", "<p>A note that only the English text has.</p>")  # opposite a gap
    assert 'id="managing"' in pairs[7][0] and 'id="sbs-en-managing"' in pairs[7][1]
    # The section's own ids stay in the page's language; the other column's links stay in that column.
    assert '<h2 id="data">' in section and '<h2 id="sbs-en-data">' in section
    assert 'href="#data"' in pairs[8][0] and 'href="#sbs-en-data"' in pairs[8][1]


def test_units_and_alignment_pair_blocks_by_shape():
    ja = Section("data", "取得する情報", JA_DATA, "x", "ja/data.md")
    en = Section("data", "Information we obtain", EN_DATA, "y", "en/data.md")
    ja_units, en_units = units(ja), units(en)
    assert [u.key for u in ja_units] == ["para", "item-ol", "item-ol", "item-ol", "table", "h3#managing", "para"]
    assert [u.start for u in ja_units if u.key == "item-ol"] == [1, 2, 3]
    rows = align(ja_units, en_units)
    assert [(a.key if a else None, b.key if b else None) for a, b in rows][4:7] == [
        ("table", "table"),
        (None, "para"),
        ("h3#managing", "h3#managing"),
    ]
    assert "".join(u.markdown for u in ja_units) == JA_DATA.partition("\n")[2].lstrip("\n")


def test_side_by_side_is_a_reserved_version(policy_repo):
    repo = two_language_site(policy_repo())
    repo.release("privacy", "side-by-side", published="2026-01-02")
    result = cli(repo, "check")
    assert result.exit_code == 1
    assert re.search(r"policy/privacy/releases\.yml:\d+: error: .*side-by-side.*reserved", result.stdout), result.stdout


def test_a_one_language_site_has_no_side_by_side_page(policy_repo):
    repo = policy_repo(languages=("en",))
    repo.write_document("privacy", {"en": {"intro": "## Introduction\n\nText.\n"}}, title={"en": "Privacy Policy"})
    repo.release("privacy", "1.0", published="2026-01-01")
    site = repo.build(epoch=epoch_of("2026-03-01"))
    assert not (site / "en/privacy/side-by-side").exists()
    assert "side-by-side" not in page(site, "en/privacy/1.0")
