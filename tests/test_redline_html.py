"""Redline HTML: valid by construction, text escaped, structure kept; dropping <ins> (or <del>) gives back each text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_compare_language import text
from test_compare_properties import edited, en_text, ja_text, mixed_text, section

from mkdocs_policy import urls
from mkdocs_policy.compare import compare_language, redline
from mkdocs_policy.compare.blocks import parse_blocks
from mkdocs_policy.render.redline import RedlineView, language_redline_html, legend_html, redline_html

VOID = {"br", "hr", "img", "input", "meta", "link"}
BLOCK = {
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tbody",
    "tr",
    "td",
    "th",
    "pre",
    "blockquote",
    "section",
}
PARENTS = {"li": {"ul", "ol"}, "tr": {"tbody", "thead", "table"}, "td": {"tr"}, "th": {"tr"}, "tbody": {"table"}}


class Checker(HTMLParser):
    """Well-formed nesting, list items only in lists, no block inside an inline change; collects text."""

    def __init__(self, drop: str | None = None):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.drop = drop
        self.dropping = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        parent = self.stack[-1] if self.stack else None
        if tag in PARENTS and parent not in PARENTS[tag]:
            self.errors.append(f"<{tag}> inside <{parent}>")
        if tag in BLOCK and any(t in ("ins", "del", "a", "strong", "em", "code", "span") for t in self.stack):
            self.errors.append(f"block <{tag}> inside inline {self.stack}")
        if tag in ("ul", "ol") and parent in ("ul", "ol"):
            self.errors.append("list directly inside a list")
        self.stack.append(tag)
        if tag == self.drop:
            self.dropping += 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        if tag == self.drop:
            self.dropping -= 1

    def handle_data(self, data):
        if not self.dropping:
            self.text.append(data)

    def close(self):
        super().close()
        if self.stack:
            self.errors.append(f"unclosed {self.stack}")


def check(html: str, drop: str | None = None) -> str:
    checker = Checker(drop)
    checker.feed(html)
    checker.close()
    assert not checker.errors, checker.errors
    return "".join(checker.text)


def display(markdown: str) -> str:
    """What a reader sees of a text (no markup), without whitespace."""
    return re.sub(r"\s+", "", "".join(b.text for b in parse_blocks(markdown)))


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.one_of(edited(en_text), edited(ja_text), edited(mixed_text), st.tuples(section(mixed_text), section(mixed_text))))
def test_dropping_insertions_gives_the_old_text_and_dropping_deletions_the_new(pair):
    a, b = pair
    html = redline_html(a, b, "en")
    assert re.sub(r"\s+", "", check(html, drop="ins")) == display(a)
    assert re.sub(r"\s+", "", check(html, drop="del")) == display(b)


@SETTINGS
@given(st.one_of(section(en_text), section(ja_text), section(mixed_text)))
def test_a_text_against_itself_has_no_marks(a):
    html = redline_html(a, a, "ja")
    assert "<ins" not in html and "<del" not in html
    check(html)


def test_every_piece_of_text_is_escaped():
    old = "## T\n\nPlain text.\n"
    new = '## T\n\nPlain <script>alert("x")</script> & text with [a link](javascript:alert(1)) and `<b>code</b>`.\n'
    html = redline_html(old, new, "en")
    assert "<script>" not in html and "javascript:" not in html
    assert "&lt;b&gt;code&lt;/b&gt;" in html and "&amp;" in html
    check(html)


def test_lists_stay_lists_and_headings_stay_headings():
    old = "## Use\n\nWe use your data for:\n\n- the service;\n- support;\n    - by e-mail;\n- billing.\n\n### Retention {#retention}\n\nWe keep it.\n"
    new = "## Use\n\nWe use your data for:\n\n- the service;\n- customer support;\n    - by e-mail;\n    - by phone;\n\nSteps:\n\n1. first\n2. second\n\n### How long we keep it {#retention}\n\nWe keep it.\n"
    html = redline_html(old, new, "en")
    check(html)
    assert '<ul><li>the service;</li><li class="policy-rl-modified"><ins>customer </ins>support;<ul><li>by e-mail;</li>' in html
    assert (
        '<li class="policy-rl-inserted"><ins>by phone;</ins></li></ul></li><li class="policy-rl-deleted"><del>billing.</del></li></ul>'
        in html
    )
    assert "<ol><li" in html
    assert re.search(r"<h3[^>]*><del>Retention</del><ins>How long we keep it</ins></h3>", html)


def test_blocks_are_those_python_markdown_publishes():
    # Right after a bulleted list, "1." items are more items of that list on the page (Python-Markdown):
    # the redline shows them so, not as the numbered list a pattern over the source would guess.
    html = redline_html("## T\n\n- a\n", "## T\n\n- a\n\n1. first\n", "en")
    check(html)
    assert '<ul><li>a</li><li class="policy-rl-inserted"><ins>first</ins></li></ul>' in html and "<ol>" not in html
    # A fence indented by three spaces is no code block for Python-Markdown: neither for the redline.
    kinds = [b.kind for b in parse_blocks("## T\n\n   ```\n\nwords here\n\n```\n")]
    assert "code" not in kinds[:3] and kinds[0] == "heading"
    # A list written in raw HTML stays one block as written; a changed item is marked inside it.
    old_html, new_html = (
        '<ol start="3">\n<li>Third</li>\n<li>Fourth</li>\n</ol>\n',
        '<ol start="3">\n<li>Third one</li>\n<li>Fourth</li>\n</ol>\n',
    )
    html = redline_html("## T\n\n" + old_html, "## T\n\n" + new_html, "en")
    check(html)
    assert '<ol start="3">\n<li>Third<ins> one</ins></li>' in html and "<ul>" not in html


def test_inline_formatting_and_links_are_kept():
    html = redline_html("## T\n\nSee **this** part.\n", "## T\n\nSee **this** part and [contact us](#contact).\n", "en")
    assert "<strong>this</strong>" in html
    assert '<ins> and <a href="#contact">contact us</a></ins>' in html


def test_tables_and_code_blocks_keep_their_structure():
    html = redline_html(
        "## T\n\n| Cookie | Purpose |\n|---|---|\n| id | login |\n\n```\nkeep = 1\n```\n",
        "## T\n\n| Cookie | Purpose |\n|---|---|\n| id | sign-in |\n| ga | analytics |\n\n```\nkeep = 2\n```\n",
        "en",
    )
    check(html)
    assert "<table><tbody><tr><td> Cookie </td><td> Purpose </td></tr>" in html
    assert "<td> <del>login</del><ins>sign-in</ins> </td>" in html
    assert '<tr class="policy-rl-inserted"><td><ins> ga </ins></td><td><ins> analytics </ins></td></tr>' in html
    assert "<pre" in html and "<code>" in html and "<del>1</del><ins>2</ins>" in html


def test_labels_for_screen_readers_and_the_legend_are_in_the_page_language():
    html = redline_html("## T\n\nA.\n", "## T\n\nB.\n", "ja")
    assert "--policy-ins-start:&#x27;追加箇所の始まり&#x27;" in html
    assert "--policy-del-end:&#x27;削除箇所の終わり&#x27;" in html
    legend = legend_html("ja")
    assert "<ins>追加された文言</ins>" in legend and "<del>削除された文言</del>" in legend
    assert "<ins>inserted text</ins>" in legend_html("en")


def language_view(lang: str = "en") -> RedlineView:
    return RedlineView(lang, 3, "v1-1-", urls.release(lang, "privacy", "1.1"), urls.release(lang, "privacy", "1.0"), "1.1", "1.0")


def test_a_language_redline_collapses_unchanged_sections_into_links_and_notes_moves():
    cookie = "We use cookies to remember you and to track your visits to the sites through a computer or a mobile device.\n"
    old = text(
        "en", {"intro": "## Intro\n\nHello.\n", "rights": "## Rights\n\nYou may ask.\n\n" + cookie, "contact": "## Contact\n\nWrite.\n"}
    )
    new = text(
        "en",
        {
            "intro": "## Intro\n\nHello.\n",
            "rights": "## Rights\n\nYou may ask.\n",
            "cookies": "## Cookies\n\n" + cookie,
            "contact": "## Contact\n\nWrite.\n",
        },
    )
    html = language_redline_html(compare_language(old, new), language_view())
    check(html)
    assert '<p class="policy-rl-unchanged">Unchanged: <a href="@/en/privacy/1.1/#intro">Intro</a></p>' in html
    assert '<h3 id="v1-1-cookies" class="policy-rl-title"><ins>Cookies</ins></h3>' in html
    assert 'Moved here from “<a href="#v1-1-rights">Rights</a>”' in html
    assert 'Moved to “<a href="#v1-1-cookies">Cookies</a>”' in html
    assert '<ins class="policy-moved">We use cookies' in html and '<del class="policy-moved">We use cookies' in html
    assert "Built from text moved from: Rights" in html
    assert html.index("v1-1-rights") < html.index("v1-1-cookies") < html.index("#contact")
    assert '<a class="policy-rl-read" href="@/en/privacy/1.1/#cookies">Read this section in version 1.1</a>' in html


def test_a_removed_section_is_shown_where_it_was_and_links_to_the_old_text():
    old = text("en", {"a": "## A\n\nOne.\n", "gone": "## Gone\n\nAll about something else entirely.\n", "b": "## B\n\nTwo.\n"})
    new = text("en", {"a": "## A\n\nOne.\n", "b": "## B\n\nTwo!\n"})
    html = language_redline_html(compare_language(old, new), language_view())
    check(html)
    assert html.index("v1-1-gone") < html.index("v1-1-b")
    assert "<del>Gone</del>" in html and "Section removed" in html
    assert 'href="@/en/privacy/1.0/#gone">Read it in version 1.0' in html


def test_stats_are_shown_and_match_the_comparison():
    html = language_redline_html(
        compare_language(text("en", {"a": "## A\n\nOne two.\n"}), text("en", {"a": "## A\n\nOne three.\n"})), language_view()
    )
    assert "5 characters inserted, 3 deleted" in html


def test_redline_of_two_markdown_strings_is_one_call():
    diff = redline("## T\n\n法令に定める場合を除く。\n", "## T\n\n法令に基づく場合を除く。\n")
    assert diff.changed and diff.inserted == diff.deleted
    html = redline_html("## T\n\n法令に定める場合を除く。\n", "## T\n\n法令に基づく場合を除く。\n")
    assert "<del>定める</del><ins>基づく</ins>" in html


# -- SPEC §11: link targets, widths, structural HTML ------------------------------------------------------


def test_a_changed_link_target_is_spelled_out_old_to_new():
    out = redline_html("## T\n\nSee [the page](https://old.example/a) now.\n", "## T\n\nSee [the page](https://new.example/b) now.\n", "en")
    assert '<del class="policy-rl-href">https://old.example/a</del> → <ins class="policy-rl-href">https://new.example/b</ins>' in out
    assert "<del>the page</del>" not in out and ">the page</a>" in out  # the words themselves did not change
    diff = redline("## T\n\n[x](https://a.example)\n", "## T\n\n[x](https://b.example)\n")
    assert (diff.inserted, diff.deleted) == (0, 0)


def test_a_change_of_width_only_is_formatting_not_new_text():
    old, new = "## T\n\n電話番号は０３－１２３４－５６７８です。ＡＢＣ社\n", "## T\n\n電話番号は03-1234-5678です。ABC社\n"
    out = redline_html(old, new)
    assert "<ins>" not in out and "<del>" not in out
    assert '<span class="policy-rl-restyled">03-1234-5678</span>' in out and '<span class="policy-rl-restyled">ABC</span>' in out
    diff = redline(old, new)
    assert (diff.inserted, diff.deleted) == (0, 0)
    # A real change next to a width change is still a change.
    changed = redline_html(old, "## T\n\n電話番号は03-1234-9999です。ABC社\n")
    assert "<ins>" in changed or "<del>" in changed


def test_a_raw_html_table_stays_a_table_and_marks_only_the_changed_cell():
    table = (
        "<table>\n<tr><th>Purpose</th><th>Retention</th></tr>\n<tr><td><ul><li>Name</li><li>Mail</li></ul></td><td>{}</td></tr>\n</table>\n"
    )
    out = redline_html("## T\n\n" + table.format("Five years"), "## T\n\n" + table.format("Seven years"), "en")
    assert "<table>" in out and "<td><ul><li>Name</li><li>Mail</li></ul></td>" in out
    assert "<td><del>Five</del><ins>Seven</ins> years</td>" in out
    assert "&lt;td&gt;" not in out
