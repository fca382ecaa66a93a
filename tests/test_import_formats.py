"""`mkdocs-policy import` reads Markdown (kramdown, BOM, raw HTML), HTML pages and Word documents made here.

Each input is a real file written by the test (python-docx for Word); imports that the checks of this
version accept are released and built with `mkdocs build --strict`, and the words of the source are
found in the built page. Raw HTML (tables, ``<br>``, ``<ol start>``) is refused by the checks until the
output-safety checks of SPEC §11 land: for those inputs the tests assert the Markdown written.
"""

from __future__ import annotations

import copy
import io
import re

import docx
import pytest
from bs4 import BeautifulSoup
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from guardkit import cli

from mkdocs_policy.importing import plan_import
from mkdocs_policy.importing.docx import read_docx
from mkdocs_policy.importing.html import read_html
from mkdocs_policy.importing.markdown import read_markdown

EPOCH = "1773543600"  # 2026-03-15


@pytest.fixture
def repo(policy_repo):
    repo = policy_repo()
    repo.write(".gitignore", "site/\n")
    repo.commit("empty site")
    return repo


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def record_review(repo, day: str = "2026-03-01") -> None:
    """What a team does after reviewing an imported policy: `reviewed:` in document.yml (SPEC §13)."""
    path = "policy/privacy/document.yml"
    repo.write(path, repo.read(path) + f"reviewed: {day}\n")


def release_and_build(repo, tmp_path, *inputs: str):
    result = cli(
        repo,
        "import",
        "privacy",
        *inputs,
        "--release",
        "1.0",
        "--published",
        "2026-03-01",
        "--effective",
        "2026-03-01",
        "--change",
        "material",
        "--summary",
        "ja=初版",
        "--summary",
        "en=First release",
        epoch=EPOCH,
    )
    assert result.exit_code == 0, result.output
    assert "has no review date" in cli(repo, "check", "--strict", epoch=EPOCH).output
    record_review(repo)
    assert cli(repo, "check", "--strict", epoch=EPOCH).exit_code == 0
    site = repo.build(epoch=EPOCH)
    pages = {lang: BeautifulSoup((site / f"{lang}/privacy/index.html").read_text(encoding="utf-8"), "html.parser") for lang in ("ja", "en")}
    return result, pages


def assert_text_intact(paragraphs: list[str], page: BeautifulSoup) -> None:
    """Every paragraph of the source is in the built page, word for word (white space aside)."""
    content = squeeze(page.find("article").get_text())
    missing = [p for p in paragraphs if squeeze(p) and squeeze(p) not in content]
    assert not missing, missing


# -- Markdown ----------------------------------------------------------------------------------------------

KRAMDOWN_EN = """\ufeff# Privacy Policy

Last updated: 1 March 2026
{: datetime="2026-03-01" }

## Collection of information
{: #collection}

We collect your *name* and your **e-mail address**.

### Provide accounts
{: #provide-accounts .lead }

We use them to provide your account.

## Contact {: #contact .highlight}

Write to [us](mailto:privacy@example.com).
"""
KRAMDOWN_JA = """\ufeff# プライバシーポリシー

最終更新日：2026年3月1日
{: datetime="2026-03-01" }

## 情報の収集
{: #collection}

当社はお客様の*氏名*と**メールアドレス**を収集します。

### アカウントの提供
{: #provide-accounts .lead }

当社はアカウントの提供のためにこれらを利用します。

## お問い合わせ {: #contact .highlight}

[当社](mailto:privacy@example.com)までご連絡ください。
"""


def test_kramdown_markdown_keeps_ids_drops_other_attributes_with_notices_and_builds(repo, tmp_path):
    (tmp_path / "en.md").write_bytes(KRAMDOWN_EN.replace("\n", "\r\n").encode("utf-8"))
    (tmp_path / "ja.md").write_bytes(KRAMDOWN_JA.encode("utf-8"))
    result, pages = release_and_build(repo, tmp_path, f"en={tmp_path / 'en.md'}", f"ja={tmp_path / 'ja.md'}")
    assert sorted(p.stem for p in (repo.path / "policy/privacy/en").iterdir()) == ["collection", "contact", "introduction"]
    collection = repo.read("policy/privacy/en/collection.md")
    assert collection.startswith("## Collection of information\n")
    assert "### Provide accounts {#provide-accounts}" in collection and "{:" not in collection
    assert "\ufeff" not in repo.read("policy/privacy/en/introduction.md")
    # Every dropped attribute is reported at its line in the source file.
    en, ja = tmp_path / "en.md", tmp_path / "ja.md"
    assert f"{en}:4: notice: attributes 'datetime=\"2026-03-01\"' of a kramdown attribute list dropped" in result.stderr
    assert f"{en}:12: notice: id #provide-accounts kept, attributes '.lead' of a kramdown attribute list dropped" in result.stderr
    assert f"{en}:16: notice: id #contact kept, other attributes of" in result.stderr
    assert f"{ja}:4: notice:" in result.stderr
    assert pages["en"].find(id="provide-accounts") is not None and pages["ja"].find(id="provide-accounts") is not None
    for lang, source in (("en", KRAMDOWN_EN), ("ja", KRAMDOWN_JA)):
        text = re.sub(r"\{:[^}]*\}|[#*\ufeff]|\[|\]\([^)]*\)", " ", source)
        assert_text_intact(
            [line for line in text.split("\n") if line.strip() and "Policy" not in line and "ポリシー" not in line], pages[lang]
        )


def test_raw_html_tables_in_markdown_are_kept_as_written(repo, tmp_path):
    table = '<table>\n<tr><th>Purpose</th><th>Data</th><th>Basis</th><th>Retention</th></tr>\n<tr><td colspan="2">Accounts</td><td>Contract</td><td>5 years</td></tr>\n</table>'
    en = f"\ufeff## Retention\n\nWe keep data as follows.\n\n{table}\n\nAddress:<br>\n1-2-3 Tokyo\n"
    ja = f"## 保存期間\n\n次のとおり保存します。\n\n{table.replace('Purpose', '目的')}\n\n住所：<br>\n東京都1-2-3\n"
    (tmp_path / "en.md").write_text(en, encoding="utf-8")
    (tmp_path / "ja.md").write_text(ja, encoding="utf-8")
    plan = plan_import(repo.path, "policy", ("ja", "en"), "privacy", {"en": tmp_path / "en.md", "ja": tmp_path / "ja.md"})
    written = plan.files["policy/privacy/en/retention.md"].decode("utf-8")
    assert table in written and "Address:<br>\n1-2-3 Tokyo" in written and "\ufeff" not in written
    # Raw HTML for structure is allowed (SPEC §11): imported, released and built --strict, the text intact.
    _result, pages = release_and_build(repo, tmp_path, f"en={tmp_path / 'en.md'}", f"ja={tmp_path / 'ja.md'}")
    assert table in repo.read("policy/privacy/en/retention.md")
    for lang, head in (("en", "Purpose"), ("ja", "目的")):
        article = pages[lang].find("article")
        grid = article.find("table")
        assert [th.get_text() for th in grid.find_all("th")] == [head, "Data", "Basis", "Retention"]
        assert [(td.get_text(), td.get("colspan")) for td in grid.find_all("td")] == [
            ("Accounts", "2"),
            ("Contract", None),
            ("5 years", None),
        ]
        assert article.find("br") is not None
    assert_text_intact(["We keep data as follows.", "Address:", "1-2-3 Tokyo"], pages["en"])
    assert_text_intact(["次のとおり保存します。", "住所：", "東京都1-2-3"], pages["ja"])
    address = pages["en"].find("article").find("br").parent.get_text()
    assert "Address:\n1-2-3 Tokyo" in address or "Address:1-2-3 Tokyo" in address.replace("\n", "")


def test_markdown_headings_are_the_parsers_not_lines_that_look_like_them():
    source = read_markdown(b"## Real\n\n    ## in an indented code block\n\nSetext title\n------------\n\ntext\n", "x.md")
    from mkdocs_policy.importing.sections import split

    parsed = split(source, 2, "en", "x.md")
    assert [p.heading.text for p in parsed.parts] == ["Real", "Setext title"]
    assert [p.heading.line for p in parsed.parts] == [1, 5]


# -- HTML --------------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>{title} | Example</title><style>body {{ color: red }}</style></head>
<body>
<header><a href="/">Example Co.</a> <nav><a href="/about">{nav}</a></nav></header>
<main>
<h1>{title}</h1>
<p>{opening}</p>
<h2 id="collection">{collection}</h2>
<p>{collect} <a href="https://example.com/data">{link}</a>.</p>
<ul>
  <li>{item1}
    <ul><li>{nested1}</li><li>{nested2}</li></ul>
  </li>
  <li><strong>{item2}</strong></li>
</ul>
<h3>{sub}</h3>
<ol>
  <li>{step1}</li>
  <li><em>{step2}</em></li>
</ol>
<img src="chart.png" alt="{alt}">
</main>
<footer>© Example Co. {footer}</footer>
<script>track()</script>
</body>
</html>
"""
HTML_EN = dict(
    lang="en", title="Privacy Policy", nav="About us", opening="We respect your privacy.", collection="Collection",
    collect="We collect what you give us, as explained", link="on this page", item1="Your name", nested1="Given name",
    nested2="Family name", item2="Your e-mail address", sub="How we use it", step1="To provide your account",
    step2="To answer your questions", alt="A chart", footer="All rights reserved",
)  # fmt: skip
HTML_JA = dict(
    lang="ja", title="プライバシーポリシー", nav="会社概要", opening="当社はお客様のプライバシーを尊重します。", collection="情報の収集",
    collect="当社はお客様からいただいた情報を収集します。詳細は", link="このページ", item1="氏名", nested1="名",
    nested2="姓", item2="メールアドレス", sub="利用方法", step1="アカウントの提供のため", step2="お問い合わせへの回答のため",
    alt="図", footer="無断転載を禁じます",
)  # fmt: skip


def test_html_page_main_content_only_with_structure_and_builds(repo, tmp_path):
    for lang, values in (("en", HTML_EN), ("ja", HTML_JA)):
        (tmp_path / f"{lang}.html").write_text(PAGE.format(**values), encoding="utf-8")
    result, pages = release_and_build(repo, tmp_path, f"en={tmp_path / 'en.html'}", f"ja={tmp_path / 'ja.html'}")
    collection = repo.read("policy/privacy/en/collection.md")
    assert collection.startswith("## Collection\n")
    assert "- Your name\n    - Given name\n    - Family name\n- **Your e-mail address**" in collection
    assert "### How we use it {#how-we-use-it}" in collection and "1. To provide your account\n2. *To answer your questions*" in collection
    assert "[on this page](https://example.com/data)" in collection
    assert "### 利用方法 {#how-we-use-it}" in repo.read("policy/privacy/ja/collection.md")
    assert 'title: {ja: "プライバシーポリシー", en: "Privacy Policy"}' in repo.read("policy/privacy/document.yml")
    everything = "".join(repo.read(f"policy/privacy/en/{f.name}") for f in (repo.path / "policy/privacy/en").iterdir())
    assert "About us" not in everything and "All rights reserved" not in everything and "track" not in everything
    html_en = tmp_path / "en.html"
    assert f"{html_en}:6: notice: only the page's main content (<main>) is imported" in result.stderr
    assert f"{html_en}:22: notice: an image is not kept (its text alternative 'A chart' is kept)" in result.stderr
    for lang, values in (("en", HTML_EN), ("ja", HTML_JA)):
        kept = [v for k, v in values.items() if k not in ("lang", "title", "nav", "footer")]
        assert_text_intact(kept, pages[lang])
        assert pages[lang].find("article").find("ul").find("ul") is not None  # nested
        assert pages[lang].find("article").find("ol") is not None


HTML_FRAGMENT = """<h2>Retention</h2>
<table>
<thead><tr><th>Purpose</th><th>Data</th><th>Basis</th><th>Retention</th></tr></thead>
<tbody>
<tr><td colspan="2" style="color:red">Accounts &amp; <b>login</b></td><td>Contract</td><td>5 years<br>then deleted</td></tr>
<tr><td rowspan="2">Support</td><td>Messages</td><td>Consent</td><td><ul><li>1 year</li></ul></td></tr>
</tbody>
</table>
<ol start="3"><li>Third</li><li>Fourth</li></ol>
<p>GEN Consulting<br>1-2-3 Tokyo<br>Japan</p>
<p>Not a *list*:<br>1. really</p>
<hr>
<p><a href="javascript:alert(1)">click</a> <span onclick="x()">here</span></p>
"""


def test_html_tables_numbered_lists_and_line_breaks_keep_their_structure():
    source = read_html(HTML_FRAGMENT.encode("utf-8"), "f.html")
    text = source.text
    assert '<tr><td colspan="2">Accounts &amp; <b>login</b></td><td>Contract</td><td>5 years<br>then deleted</td></tr>' in text
    assert '<tr><td rowspan="2">Support</td><td>Messages</td><td>Consent</td><td><ul><li>1 year</li></ul></td></tr>' in text
    assert "<thead>" in text and "style" not in text and "onclick" not in text and "javascript" not in text
    assert '<ol start="3">\n<li>Third</li>\n<li>Fourth</li>\n</ol>' in text
    assert "GEN Consulting<br>\n1-2-3 Tokyo<br>\nJapan" in text
    assert "Not a \\*list\\*:<br>\n1\\. really" in text  # text that looks like Markdown stays text
    lines = dict(zip(source.lines, source.origins, strict=True))
    assert lines["1-2-3 Tokyo<br>"] == 10 and lines['<ol start="3">'] == 9
    assert any(n.startswith("f.html:12: notice: a horizontal rule") for n in source.notices)
    assert any(n.startswith("f.html:13: notice: link target 'javascript:alert(1)' dropped") for n in source.notices)


def test_html_tables_numbered_lists_and_line_breaks_release_and_build(repo, tmp_path):
    """The fragment above, imported, released and built --strict (SPEC §11 allows what import writes):
    colspan/rowspan, a list in a cell, <ol start>, b in a cell and every <br> reach the page."""
    (tmp_path / "en.html").write_text(HTML_FRAGMENT, encoding="utf-8")
    (tmp_path / "ja.html").write_text(HTML_FRAGMENT.replace("<h2>Retention</h2>", "<h2>保存期間</h2>"), encoding="utf-8")
    _result, pages = release_and_build(repo, tmp_path, f"en={tmp_path / 'en.html'}", f"ja={tmp_path / 'ja.html'}")
    for lang in ("en", "ja"):
        article = pages[lang].find("article")
        grid = article.find("table")
        assert grid.find("thead") is not None and [th.get_text() for th in grid.find_all("th")] == ["Purpose", "Data", "Basis", "Retention"]
        cells = grid.find_all("td")
        assert cells[0].get("colspan") == "2" and cells[0].find("b").get_text() == "login"
        assert cells[2].find("br") is not None and cells[3].get("rowspan") == "2"
        assert cells[6].find("ul").find("li").get_text() == "1 year"  # a list inside a cell
        numbered = article.find("ol", start="3")
        assert numbered is not None and [li.get_text() for li in numbered.find_all("li")] == ["Third", "Fourth"]
        address = next(p for p in article.find_all("p") if "GEN Consulting" in p.get_text())
        assert len(address.find_all("br")) == 2
        assert "javascript" not in str(article) and "onclick" not in str(article)
        assert_text_intact(
            ["Accounts & login", "5 years then deleted", "GEN Consulting 1-2-3 Tokyo Japan", "Not a *list*: 1. really"], pages[lang]
        )


# -- Word --------------------------------------------------------------------------------------------------


def _numbered(document, paragraph, style_paragraph, level: int) -> None:
    """Put ``paragraph`` in the list of ``style_paragraph``'s style at nesting ``level`` (Word's numPr, as Word writes it)."""
    num_id = style_paragraph.style.element.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    levels = {lvl.get(qn("w:ilvl")): lvl for lvl in abstract.findall(qn("w:lvl"))}
    if str(level) not in levels:  # the template's list styles define level 0 only
        deeper = copy.deepcopy(levels["0"])
        deeper.set(qn("w:ilvl"), str(level))
        for style in deeper.findall(qn("w:pStyle")):  # the list style stays on level 0
            deeper.remove(style)
        abstract.append(deeper)
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    numpr.append(ilvl)
    numpr.append(num)
    ppr.append(numpr)


def word_document(lang: str, table: bool = True, breaks: bool = True) -> bytes:
    t = WORD[lang]
    document = docx.Document()
    document.add_heading(t["title"], 1)
    document.add_paragraph(t["opening"])
    document.add_heading(t["collection"], 2)
    document.add_paragraph(t["intro"])
    first = document.add_paragraph(t["item1"], style="List Bullet")
    nested = document.add_paragraph(t["nested"], style="List Bullet")
    _numbered(document, nested, first, 1)
    document.add_paragraph(t["item2"], style="List Bullet")
    document.add_heading(t["use"], 3)
    document.add_paragraph(t["step1"], style="List Number")
    document.add_paragraph(t["step2"], style="List Number")
    if table:
        grid = document.add_table(rows=2, cols=4)
        for row, cells in zip(grid.rows, t["table"], strict=True):
            for cell, value in zip(row.cells, cells, strict=True):
                cell.text = value
        grid.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # "repeat as header row": Word's header
    document.add_heading(t["contact"], 2)
    address = document.add_paragraph(t["company"])
    if breaks:
        for line in t["address"]:
            address.add_run().add_break()
            address.add_run(line)
    else:
        document.add_paragraph(" ".join(t["address"]))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


WORD = {
    "en": dict(
        title="Privacy Policy", opening="We respect your privacy.", collection="Collection of information",
        intro="We collect:", item1="Your name", nested="Given and family name", item2="Your e-mail address",
        use="How we use it", step1="To provide your account", step2="To answer your questions",
        table=[["Purpose", "Data", "Basis", "Retention"], ["Accounts", "Name", "Contract", "5 years"]],
        contact="Contact", company="GEN Consulting", address=["1-2-3 Chiyoda", "Tokyo 100-0001"],
    ),
    "ja": dict(
        title="プライバシーポリシー", opening="当社はお客様のプライバシーを尊重します。", collection="情報の収集",
        intro="当社は次の情報を収集します。", item1="氏名", nested="姓と名", item2="メールアドレス",
        use="利用方法", step1="アカウントの提供のため", step2="お問い合わせへの回答のため",
        table=[["目的", "情報", "根拠", "保存期間"], ["アカウント", "氏名", "契約", "5年"]],
        contact="お問い合わせ", company="ジェンコンサルティング株式会社", address=["東京都千代田区1-2-3", "〒100-0001"],
    ),
}  # fmt: skip


def test_word_document_keeps_headings_lists_table_and_line_breaks():
    source = read_docx(word_document("en"), "policy.docx")
    text = source.text
    assert text.startswith("# Privacy Policy\n\nWe respect your privacy.\n\n## Collection of information\n")
    assert "- Your name\n    - Given and family name\n- Your e-mail address" in text  # nested
    assert "### How we use it\n\n1. To provide your account\n2. To answer your questions" in text  # numbered
    assert "<tr><th>Purpose</th><th>Data</th><th>Basis</th><th>Retention</th></tr>" in text  # 4 columns, Word's header row
    assert "GEN Consulting<br>\n1-2-3 Chiyoda<br>\nTokyo 100-0001" in text  # the address keeps its lines
    lines = dict(zip(source.lines, source.origins, strict=True))
    assert lines["## Collection of information"] == 3  # the paragraph number in Word
    ja = read_docx(word_document("ja"), "ja.docx").text
    assert (
        "- 氏名\n    - 姓と名\n- メールアドレス" in ja and "ジェンコンサルティング株式会社<br>\n東京都千代田区1-2-3<br>\n〒100-0001" in ja
    )


def test_word_document_with_line_breaks_imports_releases_and_builds(repo, tmp_path):
    """The Word documents above, line-broken address included, imported, released and built --strict (SPEC §11)."""
    for lang in ("en", "ja"):
        (tmp_path / f"{lang}.docx").write_bytes(word_document(lang))
    repo.write(
        "policy/privacy/document.yml",
        "title: {ja: x, en: x}\nauthoritative: ja\nsections: []\nallow_terms: [ジェンコンサルティング株式会社]\n",
    )
    repo.commit("allow the company's name")
    _result, pages = release_and_build(repo, tmp_path, f"en={tmp_path / 'en.docx'}", f"ja={tmp_path / 'ja.docx'}")
    opening = repo.read("policy/privacy/en/introduction.md")
    assert opening == "We respect your privacy.\n"  # an untitled opening, no invented heading
    for lang in ("en", "ja"):
        t = WORD[lang]
        kept = [t[k] for k in ("opening", "collection", "intro", "item1", "nested", "item2", "use", "step1", "step2", "contact", "company")]
        assert_text_intact([*kept, *t["address"]], pages[lang])
        article = pages[lang].find("article")
        assert article.find("ul").find("ul") is not None and article.find("ol") is not None
        assert [th.get_text() for th in article.find("table").find_all("th")] == t["table"][0]
        address = next(p for p in article.find_all("p") if t["company"] in p.get_text())
        assert len(address.find_all("br")) == 2 and t["address"][1] in address.get_text()
        assert not any(h.get_text().strip() in ("Introduction", "はじめに") for h in article.find_all(["h1", "h2"]))


def test_word_documents_import_release_and_build(repo, tmp_path):
    """Built --strict today: the table as a Markdown table (the site has ``tables``), the address without <br>."""
    for lang in ("en", "ja"):
        (tmp_path / f"{lang}.docx").write_bytes(word_document(lang, table=True, breaks=False))
    repo.write("mkdocs.yml", repo.read("mkdocs.yml") + "markdown_extensions:\n  - tables\n")
    repo.write(
        "policy/privacy/document.yml",
        "title: {ja: x, en: x}\nauthoritative: ja\nsections: []\nallow_terms: [ジェンコンサルティング株式会社]\n",
    )
    repo.commit("allow the company's name")
    _result, pages = release_and_build(repo, tmp_path, f"en={tmp_path / 'en.docx'}", f"ja={tmp_path / 'ja.docx'}")
    assert sorted(p.stem for p in (repo.path / "policy/privacy/en").iterdir()) == ["collection-of-information", "contact", "introduction"]
    assert "### 利用方法 {#how-we-use-it}" in repo.read("policy/privacy/ja/collection-of-information.md")
    for lang in ("en", "ja"):
        t = WORD[lang]
        kept = [t[k] for k in ("opening", "collection", "intro", "item1", "nested", "item2", "use", "step1", "step2", "contact", "company")]
        assert_text_intact([*kept, " ".join(t["address"])], pages[lang])
        article = pages[lang].find("article")
        assert article.find("ul").find("ul") is not None and article.find("ol") is not None
        assert [th.get_text() for th in article.find("table").find_all("th")] == t["table"][0]
        assert [td.get_text() for td in article.find("table").find_all("td")] == t["table"][1]


def test_a_damaged_word_file_is_refused_at_its_name(repo, tmp_path):
    (tmp_path / "en.docx").write_bytes(b"not a zip")
    (tmp_path / "ja.md").write_text("## 一\n\nあ。\n", encoding="utf-8")
    result = cli(repo, "import", "privacy", f"en={tmp_path / 'en.docx'}", f"ja={tmp_path / 'ja.md'}")
    assert result.exit_code == 1 and f"{tmp_path / 'en.docx'}:1: cannot read the Word document" in result.stderr


def test_a_four_column_table_builds_as_a_markdown_table_where_the_site_renders_them(policy_repo, tmp_path):
    """With the ``tables`` extension in mkdocs.yml, a simple table (a header row, a line of text a cell) is written as
    a Markdown table, which today's checks accept: imported, released and built --strict, with its four columns."""
    repo = policy_repo()
    repo.write(".gitignore", "site/\n")
    repo.write("mkdocs.yml", repo.read("mkdocs.yml") + "markdown_extensions:\n  - tables\n")
    repo.commit("a site with Markdown tables")
    rows = {
        "en": (["Purpose", "Data", "Legal basis", "Retention"], ["Accounts", "Name, e-mail", "Contract", "5 years"]),
        "ja": (["目的", "情報", "法的根拠", "保存期間"], ["アカウント", "氏名、メールアドレス", "契約", "5年"]),
    }
    for lang, (head, body) in rows.items():
        title = "Retention" if lang == "en" else "保存期間"
        cells = "".join(f"<th>{c}</th>" for c in head), "".join(f"<td>{c}</td>" for c in body)
        page = f"<main>\n<h2>{title}</h2>\n<table>\n<thead><tr>{cells[0]}</tr></thead>\n<tbody><tr>{cells[1]}</tr></tbody>\n</table>\n</main>\n"
        (tmp_path / f"{lang}.html").write_text(page, encoding="utf-8")
    _result, pages = release_and_build(repo, tmp_path, f"en={tmp_path / 'en.html'}", f"ja={tmp_path / 'ja.html'}")
    assert (
        "| Purpose | Data | Legal basis | Retention |\n| --- | --- | --- | --- |\n| Accounts | Name, e-mail | Contract | 5 years |"
        in repo.read("policy/privacy/en/retention.md")
    )
    for lang, (head, body) in rows.items():
        table = pages[lang].find("article").find("table")
        assert [th.get_text() for th in table.find_all("th")] == head
        assert [td.get_text() for td in table.find_all("td")] == body
