"""The headings of an imported Markdown text, as the site's Python-Markdown pipeline reads them.

This is the one place where import asks "what is a heading here?". It parses with Python-Markdown
(``attr_list`` and ``md_in_html``, as the site renders policy text) and reads the top-level ``h1``–``h6``
of the element tree, so that headings inside fenced code, raw HTML or lists are not taken for
structure. Python-Markdown keeps no source lines, so each heading found is then located on the source
line where it is written (in order, the next ATX or setext heading line whose words it has).
After the "one Markdown model" (``sources.markdown_model``) lands, ``headings`` reads it instead.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from functools import lru_cache

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .source import ImportRefused

# Marks of a heading line that is already known to be one (never used to decide that it is).
ATX_MARKS = re.compile(r"^[ ]{0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
SETEXT_RULE = re.compile(r"^[ ]{0,3}(=+|-+)[ \t]*$")
TRAILING_ATTRS = re.compile(r"[ \t]*\{:?[ \t]*([^{}\n]*?)[ \t]*\}[ \t]*$")
ATTR_ID = re.compile(r"(?:^|\s)#([A-Za-z0-9_][A-Za-z0-9_.:-]*)")
WORD = re.compile(r"\w+")
STASHED = re.compile("\x02[^\x03]*\x03")  # Python-Markdown's placeholders for inline raw HTML


@dataclass(frozen=True)
class OutlineHeading:
    index: int  # 0-based line of the heading's text
    span: int  # lines it takes: 1 (ATX), 2 (setext: text and underline)
    level: int
    text: str  # the heading's Markdown as written, marks and attribute list removed
    explicit_id: str | None  # an id written on it ({#id}, {: #id})


class _Keep(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self.md.policy_root = root  # type: ignore[attr-defined]


class _KeepTree(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_Keep(md), "policy-keep-tree", 0)  # last: after attr_list and inline


def engine(extensions: list | None = None) -> markdown.Markdown:
    """A Python-Markdown of the site's extensions (by name) that keeps its element tree; reset for each use."""
    names = tuple(e for e in extensions or [] if isinstance(e, str) and e not in ("attr_list", "md_in_html"))
    md = _engine(names)
    md.reset()
    return md


@lru_cache(maxsize=8)
def _engine(names: tuple[str, ...]) -> markdown.Markdown:
    try:
        return markdown.Markdown(extensions=["attr_list", "md_in_html", *names, _KeepTree()])
    except Exception as exc:  # an extension that is not installed, or that refuses its defaults
        raise ImportRefused([f"mkdocs.yml:1: the site's markdown_extensions cannot be loaded to read the text ({exc})"]) from None


def _tree(text: str, extensions: list | None) -> etree.Element:
    md = engine(extensions)
    # The engine is shared: Markdown skips its tree processors on blank text, which would leave the previous
    # text's tree in place.
    md.policy_root = etree.Element("div")  # type: ignore[attr-defined]
    md.convert(text)
    return md.policy_root  # type: ignore[attr-defined]


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def split_attrs(text: str) -> tuple[str, str | None]:
    """'Title {#id .x}' → ('Title', 'id'); an attribute list without an id is removed too."""
    match = TRAILING_ATTRS.search(text)
    if not match:
        return text.strip(), None
    found = ATTR_ID.search(match.group(1))
    return text[: match.start()].strip(), found.group(1) if found else None


def headings(lines: list[str], extensions: list | None = None) -> list[OutlineHeading]:
    """The top-level headings of a Markdown text, in order, with their source lines.

    ``extensions``: the site's ``markdown_extensions`` by name (``fenced_code`` makes a fenced ``#`` text).
    """
    root = _tree("\n".join(lines), extensions)
    found: list[OutlineHeading] = []
    cursor = 0
    for element in root:
        if not re.fullmatch(r"h[1-6]", element.tag):
            continue
        level = int(element.tag[1])
        want = _words(STASHED.sub(" ", "".join(element.itertext())))
        located = _locate(lines, cursor, level, want)
        if located is None:
            continue  # cannot happen for a heading written in the text; never guess a line
        index, span, raw = located
        text, hid = split_attrs(raw)
        found.append(OutlineHeading(index, span, level, text, hid))
        cursor = index + span
    return found


def _locate(lines: list[str], start: int, level: int, want: list[str]) -> tuple[int, int, str] | None:
    for index in range(start, len(lines)):
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
