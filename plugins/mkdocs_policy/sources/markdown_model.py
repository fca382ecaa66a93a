"""The one Markdown model of a section, made by the site's own Python-Markdown pipeline.

Checks, comparisons and ``import`` read a section's structure from here, never from regular
expressions over the source: what Python-Markdown publishes is what they judge. A section is converted
once per (text, pipeline, anchor) — ``parse`` is cached — and the model holds:

- ``html``: the HTML the pipeline produces (what pages, feeds and the API publish);
- ``title``: the level-2 heading that opens the section, or None (an untitled opening, SPEC §11);
- ``headings``: the headings below the title (level, text, id, source line), ``explicit`` ids kept apart
  from those the ``toc`` extension made up;
- ``links`` (href, source line), ``ids`` (every ``id`` in the HTML);
- ``blocks``: the top-level blocks (kind, text, source line range, cells of tables, items of lists, and the
  ``parts`` of a list: where each item, nested ones too, and each later paragraph of an item starts);
- ``raw_html``: the raw HTML blocks Python-Markdown stashed whole (``import`` cleans them).

Source lines: Python-Markdown keeps none, so each top-level block is found again in the source by its
first word, in order, on a line that can open a block (after a blank line, or right after a heading or a
paragraph), and a link by its address inside its block. What a block is always comes from the tree; the
lines say where its source is: for messages (``path:line``) and for the comparison engine, which cuts a
section's source at them (``compare.blocks``) so that a redline rebuilds both texts byte for byte.

Usage::

    from mkdocs_policy.sources.markdown_model import Pipeline, parse
    model = parse(section_markdown, Pipeline.of(config.markdown_extensions, config.mdx_configs), anchor="cookies")
    model.title.text, [h.id for h in model.headings], model.html
"""

from __future__ import annotations

import hashlib
import html as htmllib
import re
from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

import markdown as python_markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..diskcache import WARM, pipeline_stamp

# MkDocs always loads these (MkDocsConfig.markdown_extensions builtins); the plugin adds the rest.
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "toc")
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
FENCE_LINE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
TITLE_LINE = re.compile(r"^##[ \t]+\S")
LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+]|\d+[.)])[ \t]")
WORD = re.compile(r"[^\W_]+")
INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
SPACED = frozenset({"br", "p", "li", "td", "th", "tr", "dt", "dd", "div", "table", "thead", "tbody", "tfoot", "ul", "ol", "blockquote"})


# -- the pipeline ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Pipeline:
    """The site's Markdown extensions and their configs, as MkDocs loads them (builtins first)."""

    extensions: tuple[Any, ...] = field(compare=False)
    configs: Mapping[str, Any] = field(compare=False)
    key: str = ""

    @classmethod
    def of(cls, extensions: Iterable[Any] | None = None, configs: Mapping[str, Any] | None = None) -> Pipeline:
        names: list[Any] = []
        for ext in [*BUILTIN_EXTENSIONS, *(extensions or ()), *REQUIRED_EXTENSIONS]:
            if ext not in names:
                names.append(ext)
        settings = dict(configs or {})
        return cls(tuple(names), settings, repr((names, sorted(settings.items(), key=lambda item: str(item[0])))))


DEFAULT_PIPELINE = Pipeline.of()
_ENGINES: dict[str, tuple[python_markdown.Markdown, _Capture]] = {}


class _Capture(Extension):
    """Notes which headings carry an id written by the author (before ``toc`` invents the others)."""

    def __init__(self) -> None:
        super().__init__()
        self.explicit: set[int] = set()
        self.explicit_ids: set[str] = set()
        self.tree_ids: set[str] = set()

    def reset(self) -> None:
        self.explicit, self.explicit_ids, self.tree_ids = set(), set(), set()

    def extendMarkdown(self, md: python_markdown.Markdown) -> None:
        md.treeprocessors.register(_Before(md, self), "policy_ids_before_toc", 6)  # after attr_list (8), before toc (5)
        md.treeprocessors.register(_After(md, self), "policy_ids_after", -100)
        md.registerExtension(self)


class _Step(Treeprocessor):
    def __init__(self, md: python_markdown.Markdown, capture: _Capture):
        super().__init__(md)
        self.capture = capture


class _Before(_Step):
    def run(self, root):
        for el in root.iter():
            if el.tag in HEADING_TAGS and el.get("id"):
                self.capture.explicit.add(id(el))


class _After(_Step):
    def run(self, root):
        for el in root.iter():
            if el.tag in HEADING_TAGS and el.get("id"):
                self.capture.tree_ids.add(el.get("id"))
                if id(el) in self.capture.explicit:
                    self.capture.explicit_ids.add(el.get("id"))


def _engine(pipeline: Pipeline) -> tuple[python_markdown.Markdown, _Capture]:
    engine = _ENGINES.get(pipeline.key)
    if engine is None:
        capture = _Capture()
        md = python_markdown.Markdown(extensions=[*pipeline.extensions, capture], extension_configs=dict(pipeline.configs))
        engine = _ENGINES[pipeline.key] = (md, capture)
    return engine


# -- the model ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # plain text, as a reader sees it (never HTML)
    id: str | None  # the id in the HTML (explicit or made up by toc)
    line: int
    explicit: bool = True  # the id was written by the author ({#id} or id="…")


@dataclass(frozen=True)
class Link:
    href: str
    line: int
    text: str = ""

    @property
    def target(self) -> str:  # the name markdown_scan used
        return self.href


@dataclass(frozen=True)
class Block:
    kind: str  # heading | paragraph | list | table | code | quote | rule | definitions | html
    text: str
    start: int  # source lines, 1-based, inclusive
    end: int
    tag: str = ""
    html: str = ""
    cells: tuple[tuple[str, ...], ...] = ()  # tables: rows of cell texts
    items: tuple[str, ...] = ()  # lists: the text of each item
    parts: tuple[Part, ...] = ()  # lists: where each item (nested ones too) and each later paragraph of an item starts


@dataclass(frozen=True)
class Part:
    """A piece of a list, in source order: an item (``li``) or a further block of an item (a loose list)."""

    kind: str  # item | paragraph
    line: int  # source line, 1-based
    depth: int  # 0 for the outermost list
    ordered: bool


@dataclass(frozen=True)
class MarkdownModel:
    markdown: str
    html: str
    title: Heading | None
    headings: tuple[Heading, ...]  # below the title
    links: tuple[Link, ...]
    ids: tuple[str, ...]
    blocks: tuple[Block, ...]
    pipeline_key: str = ""
    raw_html: tuple[str, ...] = ()  # the raw HTML blocks Python-Markdown stashed whole, in order

    @property
    def untitled(self) -> bool:
        return self.title is None

    @property
    def code_lines(self) -> frozenset[int]:
        """Source lines inside code blocks (what a reader reads as code, not prose)."""
        return frozenset(n for b in self.blocks if b.kind == "code" for n in range(b.start, b.end + 1))


def with_anchor(markdown: str, anchor: str | None) -> str:
    """The section id put on an ATX title line (``## Title`` → ``## Title {#anchor}``), as pages publish it."""
    if anchor is None:
        return markdown
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.strip():
            if TITLE_LINE.match(line) and "{#" not in line:
                lines[index] = f"{line.rstrip()} {{#{anchor}}}"
                return "\n".join(lines)
            return markdown
    return markdown


def parse(markdown: str, pipeline: Pipeline | None = None, anchor: str | None = None) -> MarkdownModel:
    """The model of one section's Markdown through ``pipeline`` (cached by text, pipeline and anchor)."""
    model = _parse(markdown, pipeline or DEFAULT_PIPELINE, anchor)
    key = (markdown, anchor)
    if _LATEST.get(key) is not model:
        if key not in _LATEST and len(_LATEST) >= _LATEST_MAX:
            del _LATEST[next(iter(_LATEST))]
        _LATEST[key] = model
    if _LATEST_TEXT.get(markdown) is not model:
        if markdown not in _LATEST_TEXT and len(_LATEST_TEXT) >= _LATEST_MAX:
            del _LATEST_TEXT[next(iter(_LATEST_TEXT))]
        _LATEST_TEXT[markdown] = model
    return model


# The model each text (with its anchor) was last parsed into: the loader parses every section through the
# site's pipeline, so the comparisons, which are handed sections only, read the same parse (no second one).
_LATEST: dict[tuple[str, str | None], MarkdownModel] = {}
# The same, by text alone: callers that know no anchor (a redline of two texts, the side-by-side units) read
# the loader's parse too. An anchor only puts an id on the title: the blocks and their lines are the same.
_LATEST_TEXT: dict[str, MarkdownModel] = {}
_LATEST_MAX = 8192


def as_loaded(markdown: str, anchor: str | None = None) -> MarkdownModel:
    """The model of ``markdown`` as it was last parsed (by the site's pipeline, in a build), else by MkDocs' defaults.

    Without ``anchor``, a parse made with any anchor serves (its ``html`` then carries the title's id; what
    does not depend on it — blocks, lines, links — is the same)."""
    found = _LATEST.get((markdown, anchor))
    if found is None and anchor is None:
        found = _LATEST_TEXT.get(markdown)
    return found or parse(markdown, None, anchor)


@lru_cache(maxsize=8192)
def convert(markdown: str, pipeline: Pipeline | None = None) -> str:
    """Only the HTML of ``markdown`` through ``pipeline`` (no model: for fragments that are shown, not judged);
    the same string as ``parse(markdown, pipeline).html``."""
    md, capture = _engine(pipeline or DEFAULT_PIPELINE)
    md.reset()
    capture.reset()
    return md.convert(markdown)


def render(markdown: str, pipeline: Pipeline | None = None) -> str:
    """Only the HTML (for texts that are not sections: titles, summaries)."""
    return _parse(markdown, pipeline or DEFAULT_PIPELINE, None).html


@lru_cache(maxsize=8192)
def _parse(markdown: str, pipeline: Pipeline, anchor: str | None) -> MarkdownModel:
    if WARM.directory is None:  # outside a build (CLI, tests of the model): nothing on disk
        return _convert(markdown, pipeline, anchor)
    # In a build, the previous build's model of the same text: the key names the pipeline with the versions of
    # Markdown and of every extension's package, and this package's code (diskcache.pipeline_stamp).
    # A family per pipeline (the checks parse with MkDocs' defaults too): new code or versions retire its old generation.
    family = hashlib.sha256(pipeline.key.encode()).hexdigest()[:16]
    generation = f"models/{family}/{pipeline_stamp(pipeline.key, pipeline.extensions)}"
    key = ["model", markdown, anchor]
    stored = WARM.get(generation, key)
    if stored is not None:
        try:
            return _model_from(stored, markdown, pipeline.key)
        except (KeyError, TypeError, ValueError, IndexError):
            pass  # not a model this code wrote: made again
    model = _convert(markdown, pipeline, anchor)
    WARM.put(generation, key, _model_data(model))
    return model


def _model_data(model: MarkdownModel) -> dict[str, Any]:
    """The model as plain data (``_model_from`` gives it back equal, field by field)."""
    return {
        "html": model.html,
        "title": list(astuple(model.title)) if model.title is not None else None,
        "headings": [list(astuple(h)) for h in model.headings],
        "links": [[link.href, link.line, link.text] for link in model.links],
        "ids": list(model.ids),
        "blocks": [
            [
                b.kind,
                b.text,
                b.start,
                b.end,
                b.tag,
                b.html,
                [list(row) for row in b.cells],
                list(b.items),
                [list(astuple(p)) for p in b.parts],
            ]
            for b in model.blocks
        ],
        "raw_html": list(model.raw_html),
    }


def _model_from(data: dict[str, Any], markdown: str, pipeline_key: str) -> MarkdownModel:
    def heading(row: list[Any]) -> Heading:
        level, text, hid, line, explicit = row
        return Heading(int(level), str(text), hid if hid is None else str(hid), int(line), bool(explicit))

    blocks = tuple(
        Block(
            str(kind),
            str(text),
            int(start),
            int(end),
            str(tag),
            str(html),
            tuple(tuple(str(cell) for cell in row) for row in cells),
            tuple(str(item) for item in items),
            tuple(Part(str(k), int(line), int(depth), bool(ordered)) for k, line, depth, ordered in parts),
        )
        for kind, text, start, end, tag, html, cells, items, parts in data["blocks"]
    )
    return MarkdownModel(
        markdown,
        str(data["html"]),
        heading(data["title"]) if data["title"] is not None else None,
        tuple(heading(row) for row in data["headings"]),
        tuple(Link(str(href), int(line), str(text)) for href, line, text in data["links"]),
        tuple(str(i) for i in data["ids"]),
        blocks,
        pipeline_key,
        tuple(str(raw) for raw in data["raw_html"]),
    )


def _convert(markdown: str, pipeline: Pipeline, anchor: str | None) -> MarkdownModel:
    md, capture = _engine(pipeline)
    md.reset()
    capture.reset()
    html = md.convert(with_anchor(markdown, anchor))
    raw_html = tuple(block for block in md.htmlStash.rawHtmlBlocks if isinstance(block, str))
    nodes = _tree(html)
    lines = markdown.split("\n")
    blocks, placed = _blocks(nodes, lines)
    ids: list[str] = []
    links: list[Link] = []
    headings: list[Heading] = []
    for node, block in placed:
        for el in node.walk():
            if el.attrs.get("id"):
                ids.append(el.attrs["id"])
            if el.tag == "a" and "href" in el.attrs and "headerlink" not in el.attrs.get("class", "").split():
                links.append(Link(el.attrs["href"], _line_of(el.attrs["href"], lines, block), el.text()))
            if el.tag in HEADING_TAGS:
                hid = el.attrs.get("id")
                explicit = hid is not None and (hid in capture.explicit_ids or hid not in capture.tree_ids)
                line = block.start if el is node else _line_of(el.text(), lines, block)
                headings.append(Heading(HEADING_TAGS[el.tag], el.text(), hid, line, explicit))
    title = None
    if blocks and blocks[0].kind == "heading" and blocks[0].tag == "h2" and headings and headings[0].level == 2:
        title = headings.pop(0)
    return MarkdownModel(markdown, html, title, tuple(headings), tuple(links), tuple(ids), tuple(blocks), pipeline.key, raw_html)


# -- the HTML as a small tree ------------------------------------------------------------------
class Node:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag: str, attrs: dict[str, str]):
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []

    def walk(self) -> Iterable[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def text(self) -> str:
        parts: list[str] = []
        self._text(parts)
        return " ".join("".join(parts).split()) if self.tag != "pre" else "".join(parts).strip("\n")

    def _text(self, parts: list[str]) -> None:
        if self.tag == "a" and "headerlink" in self.attrs.get("class", "").split():
            return  # the toc permalink (¶) is not text
        if self.tag in SPACED:
            parts.append(" ")  # cells, items and breaks are separate words
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            else:
                child._text(parts)
        if self.tag in SPACED:
            parts.append(" ")

    def find_all(self, *tags: str) -> list[Node]:
        return [n for n in self.walk() if n.tag in tags]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


@lru_cache(maxsize=8192)
def ids_in(html: str) -> tuple[str, ...]:
    """Every ``id`` of an HTML fragment, read by an HTML parser (not a pattern over the text)."""
    return tuple(node.attrs["id"] for node in html_tree(html).walk() if node.attrs.get("id"))


def html_tree(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _tree(html: str) -> list[Node]:
    return [child for child in html_tree(html).children if isinstance(child, Node)]


_KINDS = {
    "p": "paragraph",
    "ul": "list",
    "ol": "list",
    "table": "table",
    "pre": "code",
    "blockquote": "quote",
    "hr": "rule",
    "dl": "definitions",
    **dict.fromkeys(HEADING_TAGS, "heading"),
}


def _needle(text: str) -> str | None:
    """A word to find a block by in the source: the first long enough not to be part of another word."""
    words = [w[:8] for w in WORD.findall(text[:200])]
    for word in words[:6]:
        if len(word) >= 3:
            return word
    return words[0] if words else None


def _blocks(nodes: list[Node], lines: list[str]) -> tuple[list[Block], list[tuple[Node, Block]]]:
    starts: list[int] = []
    cursor = 0
    follows = True  # the previous block (a heading, a paragraph) ends where the next may start at once
    after = 0  # where the previous block seems to end (a list runs on over its items and indented lines)
    for node in nodes:
        text = node.text()
        words = WORD.findall(text[:200])
        start = None
        first_hit = None
        # Python-Markdown starts a block after a blank line (or right after a heading or a paragraph):
        # a word met inside a list above is not where the next block starts.
        first = words[0][:8] if words else None
        tries = ((first, after), (_needle(text), after), (first[:2] if first else None, after), (first, cursor))
        for needle, begin in tries:
            if needle is None or start is not None:
                continue
            for i in range(begin, len(lines)):
                if needle not in lines[i]:
                    continue
                at = _opening(node, lines, i, cursor)
                if first_hit is None:
                    first_hit = at
                if at == 0 or not lines[at - 1].strip() or (follows and at == cursor):
                    start = at
                    break
        if start is None:
            start = first_hit
        if start is None:  # no word to go by (markup inside the first word): the next line that can open a block
            start = next(
                (i for i in range(after, len(lines)) if lines[i].strip() and (not lines[i - 1].strip() or (follows and i == cursor))),
                None,
            )
        if start is None:
            start = next((i for i in range(cursor, len(lines)) if lines[i].strip()), min(cursor, max(len(lines) - 1, 0)))
            start = _opening(node, lines, start, cursor)
        starts.append(start)
        cursor = start + 1
        follows = node.tag in HEADING_TAGS or node.tag == "p"
        if node.tag == "p":  # a paragraph runs to a blank line: the next block starts after it
            while cursor < len(lines) and lines[cursor].strip() and not lines[cursor].startswith("#"):
                cursor += 1
        after = cursor
        if node.tag in ("ul", "ol"):
            after = _list_end(lines, cursor)
    blocks: list[Block] = []
    placed: list[tuple[Node, Block]] = []
    for index, node in enumerate(nodes):
        start = starts[index]
        end = (starts[index + 1] - 1) if index + 1 < len(nodes) else len(lines) - 1
        end = max(start, end)
        while end > start and not lines[end].strip():
            end -= 1
        cells: tuple[tuple[str, ...], ...] = ()
        items: tuple[str, ...] = ()
        if node.tag == "table":
            cells = tuple(tuple(c.text() for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")) for row in _rows(node))
        parts: tuple[Part, ...] = ()
        if node.tag in ("ul", "ol"):
            items = tuple(c.text() for c in node.children if isinstance(c, Node) and c.tag == "li")
            parts = _parts(node, lines, start, end)
        block = Block(_KINDS.get(node.tag, "html"), node.text(), start + 1, end + 1, node.tag, "", cells, items, parts)
        blocks.append(block)
        placed.append((node, block))
    return blocks, placed


def _opening(node: Node, lines: list[str], start: int, cursor: int) -> int:
    """The line where ``node``'s block opens, from the line holding its first word."""
    opening = f"<{node.tag}"
    for back in range(start - 1, cursor - 1, -1):  # raw HTML: the block starts at its opening tag
        if not lines[back].strip():
            break
        if lines[back].lstrip().lower().startswith(opening):
            return back
    if node.tag == "pre" and start > cursor and FENCE_LINE.match(lines[start - 1]):
        return start - 1  # the opening fence belongs to its code block
    return start


def _list_end(lines: list[str], cursor: int) -> int:
    """Where a list that opened before ``cursor`` likely ends: at the first line after a blank line that is
    neither indented nor an item (a hint for placing the next block; the next block's words decide)."""
    for i in range(cursor, len(lines)):
        line = lines[i]
        if i and not lines[i - 1].strip() and line.strip() and not line[:1].isspace() and not LIST_ITEM.match(line):
            return i
    return len(lines)


def _own_text(node: Node) -> str:
    """The text of a list item before any block nested in it (its first line, as written)."""
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag in ("ul", "ol", "p", "pre", "blockquote", "table", "div", "dl"):
            if child.tag == "p" and not "".join(parts).strip():
                return child.text()
            break
        else:
            parts.append(child.text())
    return " ".join("".join(parts).split())


def _parts(listing: Node, lines: list[str], start: int, end: int) -> tuple[Part, ...]:
    """Items and later item paragraphs of a list, each placed on its source line (in order, by its first
    word, on a line that can open it); a piece that cannot be placed stays with the one before."""
    found: list[Part] = []
    cursor = start

    def place(text: str, item: bool) -> int | None:
        words = WORD.findall(text[:200])
        return _place(words[0] if words else None, item, True) if words else _place(None, item, False)

    def _place(needle: str | None, item: bool, whole: bool) -> int | None:
        nonlocal cursor
        for i in range(cursor, end + 1):
            line = lines[i]
            if needle is not None and (needle not in WORD.findall(line) if whole else needle not in line):
                continue
            if needle is None and not line.strip():
                continue
            head = line.lstrip()[:1]
            if item and not (head in "-*+" or head.isdigit()):
                continue
            if not item and i > start and lines[i - 1].strip():
                continue
            cursor = i + 1
            return i
        return _place(needle, item, False) if whole else None

    def walk(node: Node, depth: int) -> None:
        nonlocal cursor
        ordered = node.tag == "ol"
        for li in node.children:
            if not isinstance(li, Node) or li.tag != "li":
                continue
            if found:
                at = place(_own_text(li), True)
            else:  # the list opens with its first item
                at, cursor = start, start + 1
            if at is not None:
                found.append(Part("item", at + 1, depth, ordered))
            seen_text = False
            for child in li.children:
                if isinstance(child, str):
                    seen_text = seen_text or bool(child.strip())
                    continue
                if child.tag in ("ul", "ol"):
                    walk(child, depth + 1)
                elif child.tag in ("p", "pre", "blockquote", "table"):
                    if seen_text:
                        line = place(child.text(), False)
                        if line is not None:
                            found.append(Part("paragraph", line + 1, depth, False))
                    seen_text = True
                else:
                    seen_text = True

    walk(listing, 0)
    return tuple(found)


def _rows(table: Node) -> list[Node]:
    rows: list[Node] = []
    for child in table.children:
        if isinstance(child, Node):
            if child.tag == "tr":
                rows.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                rows.extend(c for c in child.children if isinstance(c, Node) and c.tag == "tr")
    return rows


def _line_of(needle: str, lines: list[str], block: Block) -> int:
    """The first line of ``block`` holding ``needle`` (its start when none does)."""
    probe = needle.strip()[:40]
    if probe:
        for number in range(block.start, min(block.end, len(lines)) + 1):
            if probe in lines[number - 1]:
                return number
    return block.start


def source_line(markdown: str, needle: str, default: int = 1) -> int:
    """The first source line holding ``needle`` (case-insensitive; entities and invisible characters
    decoded on a second try, as a browser reads ``jav&#x61;script:``), for messages."""
    lines = markdown.split("\n")
    probe = needle.lower()
    for number, line in enumerate(lines, start=1):
        if probe in line.lower():
            return number
    loose = _loose(needle)
    if loose:
        for number, line in enumerate(lines, start=1):
            if loose in _loose(line):
                return number
    return default


def _loose(text: str) -> str:
    return INVISIBLE.sub("", htmllib.unescape(text)).lower()
