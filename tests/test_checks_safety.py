"""Safety errors: raw HTML, script link targets and unsafe attribute lists in policy text; what stays allowed."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from mkdocs_policy import digest
from mkdocs_policy.checks.safety import check_safety, link_scheme
from mkdocs_policy.model import DocumentMeta, DocumentText, LanguageText, Section


def text_of(markdown: str) -> DocumentText:
    normal = digest.normalize_markdown(markdown)
    sec = Section("s", "T", normal, digest.section_digest(normal), "policy/p/en/s.md")
    lang = LanguageText("en", "P", (sec,), "x")
    meta = DocumentMeta(MappingProxyType({"en": "P"}), "en", ("s",))
    return DocumentText("p", meta, MappingProxyType({"en": lang}), "sha256:x", "draft")


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("<script>alert(1)</script>", "raw-html"),
        ("Text <img src=x onerror=alert(1)> more", "raw-html"),
        ("<!-- a comment -->", "raw-html"),
        ("<div markdown>x</div>", "raw-html"),
        ("<javascript:alert(1)>", "raw-html"),
        ("</p>", "raw-html"),
        ("[x](javascript:alert(1))", "unsafe-link"),
        ("[x]( JavaScript:alert(1) )", "unsafe-link"),
        ("[x](jav&#x61;script:alert(1))", "unsafe-link"),
        ("[x](java&#09;script:alert(1))", "unsafe-link"),
        ("[x](javascript&colon;alert(1))", "unsafe-link"),
        ("![x](data:text/html;base64,PHNjcmlwdD4=)", "unsafe-link"),
        ("[x](<vbscript:msgbox(1)>)", "unsafe-link"),
        ("[ref]: javascript:alert(2)", "unsafe-link"),
        ("[x](file:///etc/passwd)", "unsafe-link"),
        ('A paragraph.\n{: onclick="alert(1)" }', "unsafe-attribute"),
        ('[x](https://a.example){: style="position:fixed" }', "unsafe-attribute"),
        ('[x](https://a.example){: href="javascript:alert(1)" }', "unsafe-attribute"),
        ('[x](https://a.example){: title="javascript:alert(1)" }', "unsafe-attribute"),
    ],
)
def test_unsafe_markdown_is_an_error_with_its_line(line, code):
    found = check_safety(text_of(f"## Title\n\nIntro.\n\n{line}\n"))
    assert found, line
    assert found[0].code == code and found[0].kind == "error" and found[0].line >= 5
    assert found[0].path == "policy/p/en/s.md"


@pytest.mark.parametrize(
    "line",
    [
        "Write `<script>` to show markup, or ``<b>`` with two backticks.",
        "a < b and c > d, 3<4",
        "Links: <https://example.com/a?b=c>, <mailto:info@example.com>, <info@gen-cons.com>.",
        '[site](https://example.com "a \\"quoted\\" title") and [mail](mailto:a@b.example) and [tel](tel:+81-3-0000)',
        "[section](#cookies) and [other](../terms/#x) and [rel](page.md)",
        "### Heading {#heading-id .note lang=en}",
        "Entities &lt;script&gt; are text.",
        "```html\n<script>alert(1)</script>\n```",
    ],
)
def test_safe_markdown_is_allowed(line):
    assert check_safety(text_of(f"## Title\n\n{line}\n")) == []


def test_release_texts_name_the_release():
    found = check_safety(text_of("## T\n\n<b>x</b>\n"), "1.0")
    assert found[0].message.startswith("(release 1.0) raw HTML")


def test_link_scheme_sees_what_a_browser_sees():
    assert link_scheme("JAVA\tSCRIPT:x") == "javascript"
    assert link_scheme("&#106;avascript:x") == "javascript"
    assert link_scheme("https://x") == "https"
    assert link_scheme("page.md#a:b") is None
    assert link_scheme("#x") is None
