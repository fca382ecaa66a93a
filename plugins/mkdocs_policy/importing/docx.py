"""Reading a Word document (.docx) to import: mammoth's HTML, then the same path as an HTML page.

mammoth turns Word's styles into structure (Heading 1–6, lists with their nesting, tables, line breaks,
bold and italic) and reports what it does not understand. Word has no lines: a message about a .docx
names the number of the paragraph (headings, paragraphs, list items and table cells counted in order),
which is where Word's navigation pane and a reader both find it.
"""

from __future__ import annotations

import io

import mammoth
from bs4 import BeautifulSoup, Tag

from .html import html_source
from .source import ImportRefused, SourceText

# The document title in Word's "Title" style is the policy's title (mammoth leaves it a paragraph).
STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => p:fresh
"""
PARAGRAPHS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li")


def read_docx(raw: bytes, path: str, extensions: list | None = None) -> SourceText:
    try:
        result = mammoth.convert_to_html(io.BytesIO(raw), style_map=STYLE_MAP)
    except Exception as exc:  # mammoth raises whatever its zip and XML readers raise on a damaged file
        raise ImportRefused([f"{path}:1: cannot read the Word document ({type(exc).__name__}: {exc}): save it again as .docx"]) from None
    numbers: dict[int, int] = {}

    def line_of(tag: Tag) -> int:
        for node in (tag, *tag.parents):
            if id(node) in numbers:
                return numbers[id(node)]
            first = node.find(PARAGRAPHS) if isinstance(node, Tag) else None
            if first is not None and id(first) in numbers:
                return numbers[id(first)]
        return 1

    source = _convert(result.value, path, line_of, numbers, extensions)
    for message in result.messages:
        source.notices.insert(0, f"{path}:1: notice: Word: {message.message}")
    if not any(line.startswith("#") for line in source.lines):
        source.notice(1, "no heading found: sections start at paragraphs styled Heading 1–6 in Word (bold text is not a heading)")
    return source


def _convert(html: str, path: str, line_of, numbers: dict[int, int], extensions: list | None) -> SourceText:
    # Number the paragraphs of the very tree the walk reads (ids of the parsed elements).
    soup = BeautifulSoup(html, "html.parser")
    count = 0
    for tag in soup.find_all(PARAGRAPHS):
        if tag.name == "li" and tag.find("p", recursive=False) is not None:
            continue
        count += 1
        numbers[id(tag)] = count
    return html_source(soup, path, line_of, chrome_notice=False, extensions=extensions)
