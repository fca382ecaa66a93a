"""The headings of an imported Markdown text, as the site's Python-Markdown pipeline reads them.

This is the one place where import asks "what is a heading here?". It reads the one Markdown model
(``sources.markdown_model``, made by the site's own pipeline): its top-level heading blocks, so that
headings inside fenced code, raw HTML or lists are not taken for structure. The model places each block
on its source line; the heading's marks and attribute list are then read off that line as written (the
next ATX or setext heading line with its words, should the model's line not be one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..sources.markdown_model import Pipeline, parse
from .source import ImportRefused

# Marks of a heading line that is already known to be one (never used to decide that it is).
ATX_MARKS = re.compile(r"^[ ]{0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
SETEXT_RULE = re.compile(r"^[ ]{0,3}(=+|-+)[ \t]*$")
TRAILING_ATTRS = re.compile(r"[ \t]*\{:?[ \t]*([^{}\n]*?)[ \t]*\}[ \t]*$")
ATTR_ID = re.compile(r"(?:^|\s)#([A-Za-z0-9_][A-Za-z0-9_.:-]*)")
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class OutlineHeading:
    index: int  # 0-based line of the heading's text
    span: int  # lines it takes: 1 (ATX), 2 (setext: text and underline)
    level: int
    text: str  # the heading's Markdown as written, marks and attribute list removed
    explicit_id: str | None  # an id written on it ({#id}, {: #id})


def pipeline_of(extensions: Pipeline | list | None) -> Pipeline:
    """The site's pipeline (given whole, or as the names of its ``markdown_extensions``)."""
    return extensions if isinstance(extensions, Pipeline) else Pipeline.of(extensions or [])


def extension_names(extensions: Pipeline | list | None) -> list[str]:
    """The names of the extensions given (a Pipeline's, builtins included)."""
    found = extensions.extensions if isinstance(extensions, Pipeline) else extensions or []
    return [str(e) for e in found]


def model(text: str, extensions: Pipeline | list | None = None):
    """The model of a whole imported text through the site's pipeline (an extension that cannot load is told)."""
    try:
        return parse(text, pipeline_of(extensions))
    except ImportRefused:
        raise
    except Exception as exc:  # an extension that is not installed, or that refuses its defaults
        raise ImportRefused([f"mkdocs.yml:1: the site's markdown_extensions cannot be loaded to read the text ({exc})"]) from None


def raw_html_blocks(text: str, extensions: Pipeline | list | None = None) -> tuple[str, ...]:
    """The raw HTML blocks Python-Markdown stashed whole when it read ``text``, in order."""
    return model(text, extensions).raw_html


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def split_attrs(text: str) -> tuple[str, str | None]:
    """'Title {#id .x}' → ('Title', 'id'); an attribute list without an id is removed too."""
    match = TRAILING_ATTRS.search(text)
    if not match:
        return text.strip(), None
    found = ATTR_ID.search(match.group(1))
    return text[: match.start()].strip(), found.group(1) if found else None


def headings(lines: list[str], extensions: Pipeline | list | None = None) -> list[OutlineHeading]:
    """The top-level headings of a Markdown text, in order, with their source lines.

    ``extensions``: the site's Pipeline (or its ``markdown_extensions`` by name).
    """
    found: list[OutlineHeading] = []
    cursor = 0
    for block in model("\n".join(lines), extensions).blocks:
        if block.kind != "heading" or not re.fullmatch(r"h[1-6]", block.tag):
            continue
        level = int(block.tag[1])
        want = _words(block.text)
        at = max(cursor, block.start - 1)
        located = _locate(lines, at, level, want, only=True) or _locate(lines, cursor, level, want)
        if located is None:
            continue  # cannot happen for a heading written in the text; never guess a line
        index, span, raw = located
        text, hid = split_attrs(raw)
        found.append(OutlineHeading(index, span, level, text, hid))
        cursor = index + span
    return found


def _locate(lines: list[str], start: int, level: int, want: list[str], only: bool = False) -> tuple[int, int, str] | None:
    for index in range(start, min(start + 1, len(lines)) if only else len(lines)):
        line = lines[index]
        atx = ATX_MARKS.match(line)
        if atx and len(atx.group(1)) == level and _matches(atx.group(2), want):
            return index, 1, atx.group(2)
        if index + 1 < len(lines) and line.strip() and level in (1, 2):
            rule = SETEXT_RULE.match(lines[index + 1])
            if rule and (rule.group(1)[0] == "=") == (level == 1) and _matches(line, want):
                return index, 2, line.strip()
    return None


def _matches(raw: str, want: list[str]) -> bool:
    have = _words(split_attrs(raw)[0])
    return not want or all(w in have for w in want)
