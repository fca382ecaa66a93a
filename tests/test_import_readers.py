"""The import readers and the pairing of ids, on their own: every line knows its source line, nothing is dropped silently."""

from __future__ import annotations

import re

import markdown
import pytest
from bs4 import BeautifulSoup
from guardkit import cli, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_policy.importing import anchors
from mkdocs_policy.importing.docx import read_docx
from mkdocs_policy.importing.html import read_html
from mkdocs_policy.importing.markdown import read_markdown
from mkdocs_policy.importing.sections import split


def test_kramdown_forms():
    source = read_markdown(
        (
            b"{: #opening-heading}\n"  # 1: before a heading (after a blank start)
            b"## Opening\n"  # 2
            b"\n"
            b'{:ref: .lead style="x"}\n'  # 4: an attribute list definition
            b"Text with *emphasis*{: .x} here.\n"  # 5: a span attribute list
            b"{: #para-id}\n"  # 6: an id closing a paragraph
            b"\n"
            b"{::comment}\n"  # 8–10: an extension block
            b"hidden note\n"
            b"{:/comment}\n"
            b'{::options parse_block_html="true" /}\n'  # 11
            b"## Next {#next}\n"  # 12: already Python-Markdown's form
        ),
        "k.md",
    )
    assert source.lines[0] == "## Opening {#opening-heading}" and source.origins[0] == 2
    assert "Text with *emphasis* here." in source.lines
    assert "{: #para-id }" in source.lines
    assert "hidden note" not in source.text and "{::" not in source.text
    assert source.lines[-2] == "## Next {#next}" and source.origins[-2] == 12
    notices = "\n".join(source.notices)
    assert "k.md:4: notice: kramdown attribute list definition" in notices
    assert "k.md:5: notice: attribute list '{: .x}' dropped" in notices
    assert "k.md:8: notice: kramdown extension {::comment} dropped (lines 8–10)" in notices
    assert "k.md:11: notice: kramdown extension {::options} dropped (lines 11–11)" in notices
    assert not any(":1:" in n or ":12:" in n or ":6:" in n for n in source.notices)  # ids kept: nothing to tell


def test_split_keeps_source_lines_for_every_line():
    source = read_markdown(
        b"\xef\xbb\xbf# Title\r\n\r\nOpening.\r\n\r\n## One\r\n{: #one}\r\n\r\nBody.\r\n\r\n### Sub\r\n\r\nMore.\r\n", "s.md"
    )
    parsed = split(source, 2, "en", "s.md")
    assert parsed.title == "Title"
    one = parsed.parts[1]
    assert one.heading.explicit_id == "one" and one.heading.line == 5
    assert one.subheadings[0][1].line == 10
    assert dict(zip(one.lines, one.origins, strict=True))["Body."] == 8


def test_a_new_heading_takes_no_old_id_and_the_other_language_helps():
    old = [
        ("provide-accounts", anchors.Candidate({"en": "Provide accounts", "ja": "アカウントの提供"}, {"en": "We open your account."}, 0.0)),
        ("newsletters", anchors.Candidate({"en": "Newsletters", "ja": "ニュースレター"}, {"en": "We send a newsletter."}, 0.5)),
    ]
    new = [
        anchors.Candidate({"en": "Account services", "ja": "アカウントの提供"}, {"en": "We open your account."}, 0.0),  # en title rewritten
        anchors.Candidate({"en": "Security", "ja": "安全管理"}, {"en": "We protect your data with encryption."}, 0.5),  # new
        anchors.Candidate(
            {"en": "Newsletters", "ja": "ニュースレター"}, {"en": "Sent monthly."}, 1.0, explicit_id="letters"
        ),  # author's id
    ]
    assert anchors.pair(new, old) == {0: "provide-accounts"}


def test_html_messages_name_the_page_and_its_line(policy_repo, tmp_path):
    repo = policy_repo()
    repo.write(".gitignore", "site/\n")
    repo.commit("empty")
    (tmp_path / "en.html").write_text(
        "<html>\n<body>\n<main>\n<h2>Use</h2>\n<p>See <a href='terms'>our terms</a>.</p>\n</main>\n</body>\n</html>\n", encoding="utf-8"
    )
    (tmp_path / "ja.html").write_text("<main>\n<h2>利用</h2>\n<p>説明。</p>\n</main>\n", encoding="utf-8")
    before = snapshot(repo.path)
    result = cli(repo, "import", "privacy", f"en={tmp_path / 'en.html'}", f"ja={tmp_path / 'ja.html'}")
    assert result.exit_code == 1
    assert f"{tmp_path / 'en.html'}:5: link to document 'terms', which does not exist" in result.stderr
    assert snapshot(repo.path) == before


def test_a_page_in_its_declared_encoding():
    page = '<html><head><meta charset="shift_jis"></head><body><main><h2>収集</h2><p>氏名を収集します。</p></main></body></html>'
    source = read_html(page.encode("shift_jis"), "sj.html")
    assert source.text == "## 収集\n\n氏名を収集します。"
    assert source.notices == ["sj.html:1: notice: read as shift_jis, the encoding the page declares"]


@pytest.mark.parametrize(
    ("html", "notice"),
    [
        ("<p>a</p><iframe src='x'></iframe>", "<iframe> left out"),
        ("<p>a <img src='x.png'></p>", "an image is not kept"),
        ("<form><p>b</p></form>", "<form> left out: it is not text ('b' not imported)"),
        ("<table><tr><td><img src='x'></td></tr></table>", "<img> left out of a table or list"),
    ],
)
def test_what_is_not_kept_is_told(html, notice):
    source = read_html(html.encode("utf-8"), "n.html")
    assert any(notice in n and n.startswith("n.html:1: notice:") for n in source.notices), source.notices


def test_raw_html_in_markdown_kept_when_allowed_else_rewritten_with_notices():
    text = (
        "## Retention\n"  # 1
        "\n"
        '<table>\n<tr><th colspan="2">Kept as written</th></tr>\n</table>\n'  # 3–5
        "\n"
        "<table class='grid'>\n<tr><td style='color:red'>Styled</td></tr>\n</table>\n"  # 7–9
        "\n"
        "<!-- a note for editors -->\n"  # 11
        "\n"
        '<div class="box">\n<p>Inside a box, <span style="x">styled</span>.</p>\n</div>\n'  # 13–15
        "\n"
        "Address:<br>\n1-2-3 Tokyo\n"  # 17–18: inline HTML, kept
    )
    source = read_markdown(text.encode("utf-8"), "r.md")
    lines = dict(zip(source.lines, source.origins, strict=True))
    assert '<tr><th colspan="2">Kept as written</th></tr>' in lines
    assert lines["<tr><td>Styled</td></tr>"] == 8 and "class=" not in source.text and "style=" not in source.text
    assert "a note for editors" not in source.text
    assert lines["Inside a box, styled."] == 14
    assert lines["Address:<br>"] == 17
    assert [n.split(" notice: ")[0] for n in source.notices] == ["r.md:7:", "r.md:11:", "r.md:13:"]
    assert "an HTML comment (line 11) is not kept" in source.notices[1]


def test_the_untitled_opening_stays_untitled():
    """Text before the first heading is an untitled opening (SPEC §11): no invented "Introduction"/"はじめに"."""
    from mkdocs_policy.importing import sections

    en = split("We respect your privacy.\n\n## Use\n\nText.\n", 2, "en", "en.md")
    ja = split("当社はプライバシーを尊重します。\n\n## 利用\n\n本文。\n", 2, "ja", "ja.md")
    written = sections.build_written([en, ja], 2)
    assert written.markdown["en"]["introduction"] == "We respect your privacy.\n"
    assert written.markdown["ja"]["introduction"] == "当社はプライバシーを尊重します。\n"
    assert written.origins["en"]["introduction"] == [1]
    assert sections.words(written.markdown["en"]["introduction"]) == ["We", "respect", "your", "privacy."]
    assert not hasattr(sections, "OPENING_TITLED")


# -- nothing lost: any nesting of the elements a policy page uses -------------------------------------------------

WORDS = st.text(alphabet=st.sampled_from("abcxyz日本語データ123"), min_size=1, max_size=6)
INLINE_TAGS = ["b", "strong", "i", "em", "span", "u", "sup", "small", "code"]
BLOCK_TAGS = ["p", "div", "section", "blockquote", "li-list", "ol-list", "table", "h2", "h3"]


@st.composite
def html_trees(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["text", "inline", "br", *([] if depth > 2 else BLOCK_TAGS)]))
        if kind == "text":
            parts.append(draw(WORDS))
        elif kind == "br":
            parts.append(f"{draw(WORDS)}<br>{draw(WORDS)}")
        elif kind == "inline":
            tag = draw(st.sampled_from(INLINE_TAGS))
            parts.append(f"<{tag}>{draw(WORDS)}</{tag}>")
        elif kind in ("li-list", "ol-list"):
            tag = "ul" if kind == "li-list" else "ol"
            start = draw(st.sampled_from(["", ' start="3"']))
            items = "".join(f"<li>{draw(html_trees(depth + 1))}</li>" for _ in range(draw(st.integers(1, 3))))
            parts.append(f"<{tag}{start if tag == 'ol' else ''}>{items}</{tag}>")
        elif kind == "table":
            cells = "".join(f"<td>{draw(WORDS)}</td>" for _ in range(draw(st.integers(1, 4))))
            parts.append(f"<table><tr>{cells}</tr></table>")
        elif kind in ("h2", "h3"):
            parts.append(f"<{kind}>{draw(WORDS)}</{kind}>")
        else:
            parts.append(f"<{kind}>{draw(html_trees(depth + 1))}</{kind}>")
    return "\n".join(parts)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_trees())
def test_every_word_of_any_page_is_kept(html):
    source = read_html(f"<main>\n{html}\n</main>".encode(), "p.html")
    written = re.sub(r"^[\s>]*(?:(?:-|\d+\.)(?=\s)\s*)+|<[^>]+>|[#>*`\\-]|\{#[^}]*\}", " ", source.text, flags=re.MULTILINE)
    expected = re.sub(r"<[^>]+>", " ", html)
    assert sorted(written.split()) == sorted(expected.split()), source.text
    assert len(source.lines) == len(source.origins) and all(1 <= o <= html.count("\n") + 3 for o in source.origins)
    rendered = BeautifulSoup(markdown.markdown(source.text, extensions=["attr_list", "md_in_html"]), "html.parser").get_text(" ")
    assert sorted(rendered.split()) == sorted(expected.split()), source.text  # as the site renders it: no word eaten by markup


STRUCTURE = [
    '<table><tr><th colspan="2">{w}</th></tr><tr><td rowspan="2"><b>{w}</b> <i>{w}</i></td><td><ul><li>{w}</li></ul></td></tr></table>',
    '<ol type="a"><li>{w}</li><li>{w}</li></ol>',
    '<ol start="4" type="i"><li>{w}</li></ol>',
    '<p><abbr title="General Data Protection Regulation">{w}</abbr> {w}<br>{w}</p>',
    "<dl><dt>{w}</dt><dd>{w}</dd></dl>",
    '<p><a href="https://example.com/x">{w}</a> <a href="mailto:a@example.com">{w}</a> <sup>{w}</sup><sub>{w}</sub></p>',
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(html_trees(), st.sampled_from(STRUCTURE)), min_size=1, max_size=4), WORDS)
def test_what_import_writes_passes_the_output_allowlist(blocks, word):
    """Whatever HTML import keeps (tables with colspan/rowspan and lists in cells, ol start/type, abbr title,
    b/i in cells, dl, breaks) comes out of the nh3 allowlist unchanged: the imported text has no safety finding."""
    from mkdocs_policy.checks.safety import section_safety

    html = "\n".join(block.replace("{w}", word) for block in blocks)
    source = read_html(f"<main>\n<h2>T</h2>\n{html}\n</main>".encode(), "p.html")
    assert section_safety(source.text, "p.md") == (), source.text


def test_links_to_anchors_that_are_not_kept_keep_their_text():
    """mammoth writes Word footnotes as links to list items: the ids of list items do not survive, so neither
    do such links (the import would otherwise be refused for a broken link); links to headings do."""
    page = (
        '<h2 id="use">Use</h2>\n'
        '<p>See <a href="#use">above</a> and a note<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup>.</p>\n'
        '<ol><li id="footnote-1"><p>The note. <a href="#footnote-ref-1">↑</a></p></li></ol>\n'
    )
    source = read_html(page.encode("utf-8"), "f.html")
    assert "[above](#use)" in source.text and "note<sup>\\[1\\]</sup>." in source.text and "1. The note. ↑" in source.text
    assert [n.split(" dropped")[0] for n in source.notices] == [
        "f.html:2: notice: link to '#footnote-1'",
        "f.html:3: notice: link to '#footnote-ref-1'",
    ]


def test_a_word_document_without_heading_styles_is_told():
    import io

    import docx

    document = docx.Document()
    document.add_paragraph().add_run("Article 1 (Purpose)").bold = True
    document.add_paragraph("This policy explains what we do.")
    out = io.BytesIO()
    document.save(out)
    source = read_docx(out.getvalue(), "plain.docx")
    assert source.text == "**Article 1 (Purpose)**\n\nThis policy explains what we do."
    assert source.notices == [
        "plain.docx:1: notice: no heading found: sections start at paragraphs styled Heading 1–6 in Word (bold text is not a heading)"
    ]


def test_the_sites_markdown_extensions_decide_and_a_missing_one_is_told():
    text = "## Real\n\n```\n## in a fence\n```\n"
    # MkDocs always loads fenced_code (with toc and tables): a fenced "## " line is code, never a heading.
    assert len(split(text, 2, "en", "f.md").parts) == 1
    assert len(split(text, 2, "en", "f.md", ["fenced_code"]).parts) == 1
    assert len(split("## Real\n\n    ## indented code\n", 2, "en", "f.md").parts) == 1
    from mkdocs_policy.importing import ImportRefused

    with pytest.raises(ImportRefused, match=r"mkdocs\.yml:1: the site.s markdown_extensions cannot be loaded"):
        split(text, 2, "en", "f.md", ["no_such_extension_here"])
