"""The one Markdown model: what Python-Markdown itself makes of a section, with source lines for messages."""

from __future__ import annotations

from mkdocs_policy.sources.markdown_model import Pipeline, parse

SECTION = """## Title with `<code>` {#s}

Intro paragraph
continues [here](#sub).

   ```

not code: the fence above is indented three spaces

   ```

### Sub {#sub}

#### Made-up id

<table>
<tr><th>Purpose</th><th>Data</th></tr>
<tr><td>Service</td><td><ul><li>Name</li><li>Mail</li></ul></td></tr>
</table>

- one
- two [site](https://example.com)

```
### in code
[x](#in-code)
```
"""


def test_headings_ids_and_whether_the_author_wrote_them():
    model = parse(SECTION, anchor="s")
    assert model.title is not None and (model.title.text, model.title.id, model.title.line) == ("Title with <code>", "s", 1)
    assert [(h.level, h.text, h.id, h.line, h.explicit) for h in model.headings] == [
        (3, "Sub", "sub", 12, True),
        (4, "Made-up id", "made-up-id", 14, False),
    ]


def test_links_blocks_and_lines_follow_python_markdown_not_a_guess():
    model = parse(SECTION, anchor="s")
    assert [(link.href, link.line) for link in model.links] == [("#sub", 4), ("https://example.com", 22)]
    kinds = [(b.kind, b.start) for b in model.blocks]
    assert kinds[:5] == [("heading", 1), ("paragraph", 3), ("paragraph", 6), ("paragraph", 8), ("paragraph", 10)]  # no fence at 6
    table = next(b for b in model.blocks if b.kind == "table")
    assert table.start == 16 and table.cells == (("Purpose", "Data"), ("Service", "Name Mail"))
    items = next(b for b in model.blocks if b.kind == "list")
    assert items.items == ("one", "two site") and items.start == 21
    code = next(b for b in model.blocks if b.kind == "code")
    assert (code.start, code.end) == (24, 27) and set(range(24, 28)) <= model.code_lines
    assert "<h3" not in model.html.split("<pre>")[1]  # the heading inside real code is code


def test_an_untitled_opening_and_the_cache():
    model = parse("Text before any heading.\n\n### Sub {#sub}\n", anchor="intro")
    assert model.untitled and model.title is None and [h.id for h in model.headings] == ["sub"]
    pipeline = Pipeline.of(["attr_list", "md_in_html", "toc"], {"toc": {"permalink": True}})
    assert parse(SECTION, pipeline, "s") is parse(SECTION, Pipeline.of(["toc", "attr_list"], {"toc": {"permalink": True}}), "s")
    assert parse(SECTION, pipeline, "s") is not parse(SECTION, None, "s")  # another pipeline, another HTML
    assert 'class="headerlink"' in parse(SECTION, pipeline, "s").html


def test_list_items_and_their_paragraphs_are_placed_on_their_source_lines():
    text = (
        "## T\n\n- we collect data\n- the law\n    - nested law\n\n    second paragraph of the law item\n\n"
        "we collect more\n\n**当社**は\n\n- **当社**は収集\n- 利用\n"
    )
    model = parse(text)
    assert [(b.kind, b.start, b.end) for b in model.blocks] == [
        ("heading", 1, 1),
        ("list", 3, 7),
        ("paragraph", 9, 9),  # its first words are in the list above too: placed after the list, where it starts
        ("paragraph", 11, 11),  # markup inside its first word
        ("list", 13, 14),
    ]
    assert [(p.kind, p.line, p.depth) for p in model.blocks[1].parts] == [
        ("item", 3, 0),
        ("item", 4, 0),
        ("item", 5, 1),
        ("paragraph", 7, 0),
    ]


def test_raw_html_blocks_are_kept_in_the_model():
    model = parse("## T\n\n<table>\n<tr><td>a</td></tr>\n</table>\n\nText <b>bold</b>.\n")
    assert any(block.startswith("<table>") for block in model.raw_html)
    assert [b.kind for b in model.blocks] == ["heading", "table", "paragraph"]
