"""Safety is judged on output: the HTML the site's own pipeline publishes, held against the §11 allowlist (nh3)."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from mkdocs_policy import digest
from mkdocs_policy.checks.safety import check_safety, link_scheme, refused, sanitize
from mkdocs_policy.model import DocumentMeta, DocumentText, LanguageText, Section
from mkdocs_policy.sources.markdown_model import Pipeline, parse


def text_of(markdown: str) -> DocumentText:
    normal = digest.normalize_markdown(markdown)
    sec = Section("s", "T", normal, digest.section_digest(normal), "policy/p/en/s.md")
    lang = LanguageText("en", "P", (sec,), "x")
    meta = DocumentMeta(MappingProxyType({"en": "P"}), "en", ("s",))
    return DocumentText("p", meta, MappingProxyType({"en": lang}), "sha256:x", "draft")


# The attack of issue 11: a fence indented by three spaces is no fence for Python-Markdown.
INDENTED_FENCE = "   ```\n\n<script>alert(document.cookie)</script>\n\n```"


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("<script>alert(1)</script>", "raw-html"),
        (INDENTED_FENCE, "raw-html"),
        ("Text <img src=x onerror=alert(1)> more", "raw-html"),
        ("<!-- a comment -->", "raw-html"),
        ("<iframe src=https://evil.example></iframe>", "raw-html"),
        ("<style>body{display:none}</style>", "raw-html"),
        ("<javascript:alert(1)>", "raw-html"),
        ('<table><tr><td onclick="alert(1)">x</td></tr></table>', "unsafe-attribute"),
        ('<a href="javascript:alert(1)">x</a>', "unsafe-link"),
        ("[x](javascript:alert(1))", "unsafe-link"),
        ("[x]( JavaScript:alert(1) )", "unsafe-link"),
        ("[x](jav&#x61;script:alert(1))", "unsafe-link"),
        ("[x](java&#09;script:alert(1))", "unsafe-link"),
        ("[x](<vbscript:msgbox(1)>)", "unsafe-link"),
        ("[x][ref]\n\n[ref]: javascript:alert(2)", "unsafe-link"),
        ("[x](file:///etc/passwd)", "unsafe-link"),
        ("![x](data:text/html;base64,PHNjcmlwdD4=)", "raw-html"),
        ('A paragraph.\n{: onclick="alert(1)" }', "unsafe-attribute"),
        ('[x](https://a.example){: style="position:fixed" }', "unsafe-attribute"),
        ('[x](https://a.example){: href="javascript:alert(1)" }', "unsafe-link"),
    ],
)
def test_unsafe_output_is_an_error_with_its_line(line, code):
    found = check_safety(text_of(f"## Title\n\nIntro.\n\n{line}\n"))
    assert found, line
    assert code in {f.code for f in found} and found[0].kind == "error" and found[0].line >= 5, found
    assert found[0].path == "policy/p/en/s.md"


def test_the_message_says_what_was_refused_and_what_to_write():
    (finding,) = check_safety(text_of(f"## Title\n\nIntro.\n\n{INDENTED_FENCE}\n"))
    assert finding.line == 7 and "`<script>`" in finding.message and "code span" in finding.message


@pytest.mark.parametrize(
    "line",
    [
        "Write `<script>` to show markup, or ``<b>`` with two backticks.",
        "a < b and c > d, 3<4",
        "Links: <https://example.com/a?b=c>, <mailto:info@example.com>, <info@gen-cons.com>.",
        '[site](https://example.com "a \\"quoted\\" title") and [mail](mailto:a@b.example) and [tel](tel:+81-3-0000)',
        "[section](#cookies) and [other](../terms/#x) and [rel](page.md)",
        "### Heading {#heading-id .note lang=en}",
        "Entities &lt;script&gt; are text & so is this.",
        "```html\n<script>alert(1)</script>\n```",
        "〒100-0001<br>東京都千代田区<br/>千代田1-1",
        '<table>\n<thead><tr><th>Purpose</th><th>Basis</th></tr></thead>\n<tbody><tr><td colspan="2"><ul><li>one</li><li>two</li></ul></td></tr></tbody>\n</table>',
        "| left | right |\n|:-----|------:|\n| a | b |",
        '<ol start="3" type="a"><li>x</li></ol>',
        '<abbr title="General Data Protection Regulation">GDPR</abbr>, and:\n\n<dl><dt>a</dt><dd>b</dd></dl>',
        '<span id="here">x</span> <a id="there"></a> <a href="mailto:a@b.example">mail</a>',
        "<blockquote><p><strong>b</strong> <em>e</em> <u>u</u> <s>s</s> <sup>1</sup> <sub>2</sub> <small>s</small></p></blockquote>",
        '[x](https://a.example){: title="javascript:alert(1)" }',  # a title is text: inert
    ],
)
def test_safe_output_is_allowed(line):
    assert check_safety(text_of(f"## Title\n\n{line}\n")) == []


def test_the_sites_own_pipeline_is_judged():
    pipeline = Pipeline.of(["attr_list", "md_in_html", "toc"], {"toc": {"permalink": True}})
    assert check_safety(text_of("## Title\n\n### Sub {#sub}\n\ntext\n"), pipeline=pipeline) == []
    assert 'class="headerlink"' in parse("## Title\n", pipeline, "s").html


def test_serialisation_differences_do_not_count():
    assert not refused('<p>a<br />b &amp; c &quot;d&quot;</p><hr /><table><tr><td style="text-align: left;">x</td></tr></table>')
    assert refused('<p onclick="x">a</p>')
    assert "onclick" not in sanitize('<p onclick="x">a</p>')


def test_release_texts_name_the_release():
    found = check_safety(text_of("## T\n\n<script>x</script>\n"), "1.0")
    assert found[0].message.startswith("(release 1.0) raw HTML")


def test_link_scheme_sees_what_a_browser_sees():
    assert link_scheme("JAVA\tSCRIPT:x") == "javascript"
    assert link_scheme("&#106;avascript:x") == "javascript"
    assert link_scheme("https://x") == "https"
    assert link_scheme("page.md#a:b") is None
    assert link_scheme("#x") is None
