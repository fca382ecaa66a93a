"""Reading an HTML page or fragment to import: its main content, walked as a tree, written as Markdown.

The page is parsed by a real HTML parser (BeautifulSoup over the standard library's, which records the
source line of every element); the content is the page's ``<main>``, else its first ``<article>``, else
its ``<body>`` (a fragment: all of it). Site chrome around it (navigation, header, footer) is left out.

What is written (SPEC §11 allows the raw HTML used here):

- headings ``h1``–``h6`` → ``#`` headings (an ``id`` kept as ``{#id}``); paragraphs; ``blockquote``; ``pre`` as an
  indented code block;
- lists, nested, as Markdown lists; as clean HTML, a numbered list that does not start at 1 or is not in
  digits (``<ol start="3">``, ``<ol type="a">``: the site's Markdown renumbers from 1) and a list whose items
  hold a quote, a table or a heading, or start with a list (Markdown cannot write those in an item);
- ``strong``/``b``, ``em``/``i``, ``code`` and links to http(s), mailto, tel, ``#anchors`` or relative paths as
  Markdown; ``u``, ``s``, ``sup``, ``sub``, ``small``, ``abbr`` and line breaks (``<br>``) as that HTML;
- tables (``colspan``/``rowspan`` kept) and definition lists as clean HTML, one row or term a line; where the
  site has the ``tables`` extension, a simple table (a header row, one line of text a cell) as a Markdown table;
- links to ``#ids`` that do not stay (footnotes, bookmarks: only headings keep ids) lose the link, not the text;
- containers (``div``, ``section``, ``span``, ``font`` …) are unwrapped, presentation attributes dropped.

What cannot be kept — images, scripts, forms, embedded frames, horizontal rules, links with another scheme —
is reported with its line as a notice; the text around it is kept.
"""

from __future__ import annotations

import copy
import html as htmllib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag
from bs4.dammit import EncodingDetector

from .outline import extension_names
from .source import SourceText, decode

Line = tuple[str, int]  # (Markdown line, source line)
Block = list[Line]

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark", "q",
     "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "img", "label"}
)  # fmt: skip
DROPPED = frozenset(
    {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "form", "button", "input",
     "select", "textarea", "video", "audio", "picture", "map", "nav", "head", "title", "meta", "link"}
)  # fmt: skip
NOT_IN_P = frozenset({"table", "ul", "ol", "dl", "blockquote", "p", "pre"})
BLOCKS = ["p", "div", "ul", "ol", "table", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dl"]
KEPT_AS_HTML = {"u": "u", "s": "s", "strike": "s", "del": "s", "sup": "sup", "sub": "sub", "small": "small", "ins": "u"}
SAFE_HREF = re.compile(r"^(?:https?:|mailto:|tel:|#|(?![a-zA-Z][a-zA-Z0-9+.-]*:|[/\\]{2}))", re.IGNORECASE)  # not //other.host
SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space (a no-break or ideographic space is text)
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LINE_START = re.compile(r"^(#|>|[+-](?=\s)|=+\s*$|-+\s*$|\d+(?=\.\s))")


def read_html(raw: bytes, path: str, extensions: list | None = None) -> SourceText:
    """UTF-8, or the encoding the page declares (``<meta charset="shift_jis">``: Japanese pages often do)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        declared = EncodingDetector.find_declared_encoding(raw, is_html=True)
        try:
            text = raw.decode(declared) if declared else None
        except (LookupError, UnicodeDecodeError):
            text = None
        if text is None:
            decode(raw, path)  # refused at the line of the first byte that is not UTF-8
        source = html_source(decode(text.encode("utf-8"), path), path, extensions=extensions)
        source.notices.insert(0, f"{path}:1: notice: read as {declared}, the encoding the page declares")
        return source
    return html_source(decode(raw, path), path, extensions=extensions)


def html_source(
    text: str | BeautifulSoup,
    path: str,
    line_of: Callable[[Tag], int] | None = None,
    chrome_notice: bool = True,
    whole: bool = False,
    extensions: list | None = None,
) -> SourceText:
    """``text`` (a page or a fragment) as Markdown lines; ``line_of`` gives an element's source line.

    ``whole``: all of it (raw HTML inside Markdown), not only the page's main content. ``extensions``: the
    site's Markdown extensions; with ``tables``, a simple table (a header row, one line of text a cell) is
    written as a Markdown table.
    """
    soup = text if isinstance(text, BeautifulSoup) else BeautifulSoup(text, "html.parser")
    root = None if whole else soup.find("main") or soup.find("article")
    writer = _Writer(SourceText(path, [], []), line_of or (lambda tag: tag.sourceline or 1), _heading_ids(soup))
    writer.pipe_tables = any(e.rsplit(".", 1)[-1] in ("tables", "extra") for e in extension_names(extensions))
    if root is None:
        root = soup.body or soup
    elif chrome_notice and any(_visible(s) and root not in s.parents for s in soup.find_all(string=True)):
        writer.notice(
            root, f"only the page's main content (<{root.name}>) is imported: the text around it (navigation, header, footer) is left out"
        )
    blocks = writer.blocks(root)
    for number, block in enumerate(blocks):
        if number:
            writer.source.lines.append("")
            writer.source.origins.append(block[0][1])
        for line, origin in block:
            writer.source.lines.append(line)
            writer.source.origins.append(origin)
    return writer.source


@dataclass
class _Inline:
    text: str = ""
    breaks: list[int] = field(default_factory=list)  # source line of each <br>, in order


class _Writer:
    def __init__(self, source: SourceText, line_of: Callable[[Tag], int], anchors: frozenset[str] = frozenset()):
        self.anchors = anchors  # the ids that stay: those of headings
        self.pipe_tables = False  # the site renders Markdown tables (the ``tables`` extension)
        self.source = source
        self.line_of = line_of

    def notice(self, tag: Tag, message: str) -> None:
        self.source.notice(self.line_of(tag), message)

    # -- blocks ---------------------------------------------------------------------------------------

    def blocks(self, node: Tag) -> list[Block]:
        """The Markdown blocks of a container: runs of inline content become paragraphs."""
        out: list[Block] = []
        run: list[NavigableString | Tag] = []

        def flush() -> None:
            if run:
                first = next((n for n in run if isinstance(n, Tag)), None)
                block = self.paragraph(run, self.line_of(first if first is not None else node))
                if block:
                    out.append(block)
                run.clear()

        for child in node.children:
            if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString) or child.name in INLINE:
                run.append(child)
                continue
            flush()
            out.extend(self.block(child))
        flush()
        return out

    def block(self, tag: Tag) -> list[Block]:
        name = tag.name
        line = self.line_of(tag)
        if name in ("head", "title", "meta", "link", "style"):
            return []  # the page's machinery, not its text
        if name == "script":
            self.notice(tag, "<script> left out: a policy runs no code")
            return []
        if name in DROPPED:
            self.notice(tag, f"<{name}> left out: it is not text{_quoted(tag)}")
            return []
        if name in HEADINGS:
            inline = self.inline_of(tag)
            text = _one_line(inline.text)
            if not text:
                return []
            hid = tag.get("id") or _anchor_id(tag)
            suffix = f" {{#{hid}}}" if isinstance(hid, str) and ID.match(hid) else ""
            if isinstance(hid, str) and not suffix and not hid.startswith("_"):
                self.notice(tag, f"the id {hid!r} of this heading is not kept: an id is lower-case letters, digits and hyphens")
            return [[(f"{'#' * int(name[1])} {text}{suffix}", line)]]
        if name == "p":  # its text, and any block that a page put inside it (a table in a <p>: invalid, but found)
            return self.blocks(tag)
        if name in ("ul", "ol"):
            if name == "ol" and (_start(tag) != 1 or str(tag.get("type") or "1") != "1"):  # Markdown numbers from 1, in digits
                return [self.html_block(tag)]
            return [self.markdown_list(tag)]
        if name == "table" and self.pipe_tables:
            return [self.pipe_table(tag) or self.html_block(tag)]
        if name in ("table", "dl"):
            return [self.html_block(tag)]
        if name == "blockquote":
            return [self.quote(tag)]
        if name == "pre":
            text = tag.get_text()
            lines = text.strip("\n").split("\n")
            return [[("    " + x.rstrip() if x.strip() else "", line + i) for i, x in enumerate(lines)]]
        if name == "hr":
            self.notice(tag, "a horizontal rule (<hr>) is not kept: sections are separated by their headings")
            return []
        if name == "li":  # a list item outside a list: read it as a paragraph
            return self.blocks(tag)
        return self.blocks(tag)  # div, section, header, figure, center …: unwrapped

    def paragraph(self, nodes: list, line: int) -> Block:
        inline = _Inline()
        for node in nodes:
            if isinstance(node, Tag) and node.name not in INLINE and node.name != "br":
                # a block inside a paragraph (invalid HTML, but saved pages have it): its text joins the run
                part = self.inline_of(node)
            else:
                part = self.inline_node(node)
            inline.text += part.text
            inline.breaks.extend(part.breaks)
        return _lines(inline, line)

    def markdown_list(self, tag: Tag) -> Block:
        items: list[list[Block]] = []
        for item in tag.children:
            if isinstance(item, (Comment, Doctype, ProcessingInstruction)):
                continue
            if isinstance(item, NavigableString) and not item.strip():
                continue
            if isinstance(item, Tag) and item.name in ("ul", "ol") and items:  # a list beside the items (invalid, common): under the last
                items[-1].extend(self.block(item))
                continue
            blocks = self.blocks(item if isinstance(item, Tag) and item.name == "li" else _wrapped(item))  # loose text: an item
            if blocks:  # an empty item has nothing to keep
                items.append(blocks)
        if any(not _markdown_item(block) for blocks in items for block in blocks) or any(_is_list(blocks[0]) for blocks in items):
            # A quote, table or heading in an item, or an item that starts with a list: Markdown cannot say it there, HTML can.
            return self.html_block(tag)
        ordered = tag.name == "ol"
        out: Block = []
        loose = False
        for number, blocks in enumerate(items, start=1):
            if loose:
                out.append(("", blocks[0][0][1]))
            marker = f"{number}. " if ordered else "- "
            first = True
            loose = False
            for index, block in enumerate(blocks):
                # A nested list follows the item's first line directly (a tight list); anywhere else Python-Markdown
                # needs a blank line before it (or reads it as more text), and then before the next item too.
                tight = index == 1 and _is_list(block) and len(blocks[0]) == 1
                if index and not tight:
                    out.append(("", block[0][1]))
                    loose = True
                for line, origin in block:
                    if first:
                        out.append((marker + line, origin))
                        first = False
                    else:
                        out.append((("    " + line) if line else "", origin))
        return out

    def quote(self, tag: Tag) -> Block:
        blocks = self.blocks(tag)
        if any(block and block[0][0].startswith(("<table", "<ol", "<ul", "<dl", "<blockquote")) for block in blocks):
            # Python-Markdown reads raw HTML after "> " as text in a paragraph (a table in a <p>): HTML all through.
            return [(self.clean(tag), self.line_of(tag))]
        out: Block = []
        for index, block in enumerate(blocks):
            if index:
                out.append((">", block[0][1]))
            out.extend((f"> {line}" if line else ">", origin) for line, origin in block)
        return out

    # -- raw HTML that §11 allows -------------------------------------------------------------------------

    def pipe_table(self, tag: Tag) -> Block | None:
        """A Markdown table, when the table is simple enough to say it: else None (kept as HTML)."""
        rows: list[Tag] = []
        for child in tag.children:
            if isinstance(child, Tag) and child.name == "tr":
                rows.append(child)
            elif isinstance(child, Tag) and child.name in ("thead", "tbody", "tfoot"):
                rows.extend(r for r in child.children if isinstance(r, Tag) and r.name == "tr")
            elif (isinstance(child, Tag) and child.name not in ("colgroup",)) or (isinstance(child, NavigableString) and child.strip()):
                return None  # a caption, or text loose in the table
        if not rows:
            return None
        cells: list[list[str]] = []
        for row in rows:
            line = []
            for cell in row.children:
                if (isinstance(cell, NavigableString) and not cell.strip()) or isinstance(cell, Comment):
                    continue
                if (
                    not isinstance(cell, Tag)
                    or cell.name not in ("td", "th")
                    or str(cell.get("colspan") or "1") != "1"
                    or str(cell.get("rowspan") or "1") != "1"
                ):
                    return None
                content = [c for c in cell.children if not (isinstance(c, NavigableString) and not c.strip())]
                if len(content) == 1 and isinstance(content[0], Tag) and content[0].name == "p":
                    content = list(content[0].children)
                if any(isinstance(c, Tag) and (c.name not in INLINE or c.name == "br" or c.find(["br", *BLOCKS])) for c in content):
                    return None  # a line break, a list or a paragraph in a cell: Markdown tables hold one line
                inline = _Inline()
                for node in content:
                    part = self.inline_node(node)
                    inline.text += part.text
                line.append(_one_line(inline.text).replace("|", "\\|"))
            cells.append(line)
        header = [c for c in rows[0].children if isinstance(c, Tag)]
        if not header or any(c.name != "th" for c in header):
            return None  # Markdown tables need a header row
        width = max(len(r) for r in cells)
        out: Block = []
        for index, (row, line) in enumerate(zip(rows, cells, strict=True)):
            line = line + [""] * (width - len(line))
            out.append(("| " + " | ".join(line) + " |", self.line_of(row)))
            if index == 0:
                out.append(("| " + " | ".join(["---"] * width) + " |", self.line_of(row)))
        return out

    def html_block(self, tag: Tag) -> Block:
        """A table, a definition list or a list that starts past 1, as clean HTML: one row, item or term a line."""
        out: Block = []
        rows = {"tr", "li", "dt", "dd"}

        def walk(node: Tag) -> None:
            for child in node.children:
                if not isinstance(child, Tag):
                    continue
                if child.name in rows:
                    out.append((self.clean(child), self.line_of(child)))
                elif child.name in ("thead", "tbody", "tfoot", "caption"):
                    if child.name == "caption":
                        out.append((self.clean(child, "p"), self.line_of(child)))
                        continue
                    out.append((f"<{child.name}>", self.line_of(child)))
                    walk(child)
                    out.append((f"</{child.name}>", self.line_of(child)))
                elif child.name in ("colgroup", "col"):
                    continue
                else:
                    out.append((self.clean(child), self.line_of(child)))

        opening = f"<ol{_ol_attrs(tag)}>" if tag.name == "ol" else f"<{tag.name}>"
        out.append((opening, self.line_of(tag)))
        walk(tag)
        out.append((f"</{tag.name}>", out[-1][1]))
        return out

    def clean(self, tag: Tag, rename: str | None = None) -> str:
        """An element as allowlisted HTML on one line (text escaped, presentation dropped)."""
        name = rename or tag.name
        attrs = ""
        if name in ("td", "th"):
            for key in ("colspan", "rowspan"):
                value = str(tag.get(key) or "")
                if value.isdigit() and value != "1":
                    attrs += f' {key}="{value}"'
        if name == "ol":
            attrs = _ol_attrs(tag)
        content = tag
        if name == "p" and any(isinstance(c, Tag) and c.name in NOT_IN_P for c in tag.children):
            return self.clean_children(tag)  # a table or list inside a <p> (invalid, found): no <p> around it
        paragraphs = [c for c in tag.children if isinstance(c, Tag)]
        if name in ("td", "th", "li", "dd") and len(paragraphs) == 1 and paragraphs[0].name == "p" and not tag.find(string=_loose):
            content = paragraphs[0]  # a cell holding one paragraph (Word's way): its text
        return f"<{name}{attrs}>{self.clean_children(content)}</{name}>"

    def clean_children(self, tag: Tag) -> str:
        parts = []
        for child in tag.children:
            if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                parts.append(htmllib.escape(SPACE.sub(" ", str(child)), quote=False))
                continue
            name = child.name
            if name == "br":
                parts.append("<br>")
            elif name in ("p", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "dl", "dt", "dd", "blockquote"):
                parts.append(self.clean(child))
            elif name in ("strong", "b", "em", "i", "code", "sup", "sub", "small"):
                parts.append(f"<{name}>{self.clean_children(child)}</{name}>")
            elif name in KEPT_AS_HTML:
                parts.append(f"<{KEPT_AS_HTML[name]}>{self.clean_children(child)}</{KEPT_AS_HTML[name]}>")
            elif name == "abbr" and child.get("title"):
                parts.append(f'<abbr title="{htmllib.escape(str(child["title"]))}">{self.clean_children(child)}</abbr>')
            elif name == "a":
                href = str(child.get("href") or "").strip()
                if href and self.kept_link(child, href):
                    parts.append(f'<a href="{htmllib.escape(href)}">{self.clean_children(child)}</a>')
                else:
                    parts.append(self.clean_children(child))
            elif name == "pre":
                parts.append(f"<pre>{htmllib.escape(child.get_text(), quote=False)}</pre>")
            elif name in DROPPED or name == "img" or name == "hr":
                self.notice(child, f"<{name}> left out of a table or list: it is not text{_quoted(child)}")
            elif name in INLINE:
                parts.append(self.clean_children(child))
            else:  # a heading, a div …: its content, apart from what is around it
                parts.append(f" {self.clean_children(child)} ")
        return "".join(parts).strip()

    # -- inline Markdown ------------------------------------------------------------------------------------

    def inline_of(self, tag: Tag) -> _Inline:
        out = _Inline()
        for child in tag.children:
            if isinstance(child, Tag) and child.name not in INLINE:  # a block inside inline content: its text, apart
                part = self.inline_of(child)
                part.text = f" {part.text} "
            else:
                part = self.inline_node(child)
            out.text += part.text
            out.breaks.extend(part.breaks)
        return out

    def inline_node(self, node) -> _Inline:
        if isinstance(node, (Comment, Doctype, ProcessingInstruction)):
            return _Inline()
        if isinstance(node, NavigableString):
            return _Inline(_escape(SPACE.sub(" ", str(node))))
        name = node.name
        if name == "br":
            return _Inline("\n", [self.line_of(node)])
        if name == "img":
            alt = str(node.get("alt") or "").strip()
            self.notice(node, "an image is not kept" + (f" (its text alternative {alt!r} is kept)" if alt else ""))
            return _Inline(_escape(alt))
        if name in DROPPED:
            self.notice(node, f"<{name}> left out: it is not text{_quoted(node)}")
            return _Inline()
        inner = self.inline_of(node)
        if name in ("strong", "b"):
            return _wrap(inner, "**")
        if name in ("em", "i", "cite", "dfn", "var"):
            return _wrap(inner, "*")
        if name in ("code", "kbd", "samp", "tt"):
            text = node.get_text()
            return _Inline(f"`{text}`" if "`" not in text else f"`` {text} ``") if text.strip() else _Inline(text)
        if name in KEPT_AS_HTML:
            kept = KEPT_AS_HTML[name]
            return _wrap(inner, f"<{kept}>", f"</{kept}>")
        if name == "abbr" and node.get("title"):
            return _wrap(inner, f'<abbr title="{htmllib.escape(str(node["title"]))}">', "</abbr>")
        if name == "a":
            return self.link(node, inner)
        if name == "span" and node.get("id") and not str(node["id"]).startswith("_"):
            self.notice(node, f"the id {node['id']!r} of a <span> is not kept (ids are kept on headings)")
        return inner  # span, font, mark, time, label …: their text

    def kept_link(self, tag: Tag, href: str) -> bool:
        """Whether a link stays a link; when it does not, its text stays and a notice says why."""
        if not SAFE_HREF.match(href):
            self.notice(tag, f"link target {href[:60]!r} dropped (its text is kept): only http(s), mailto, tel and site links")
            return False
        if href.startswith("#") and href[1:] not in self.anchors:
            self.notice(
                tag, f"link to {href[:60]!r} dropped (its text is kept): only headings keep their ids (a footnote or bookmark does not)"
            )
            return False
        return True

    def link(self, tag: Tag, inner: _Inline) -> _Inline:
        href = str(tag.get("href") or "").strip()
        anchor = tag.get("id") or tag.get("name")
        if not href:
            if anchor and not str(anchor).startswith("_") and not (tag.parent and tag.parent.name in HEADINGS):
                self.notice(tag, f"the anchor {anchor!r} is not kept (ids are kept on headings)")
            return inner
        if not self.kept_link(tag, href):
            return inner
        text = inner.text.strip() or _escape(href)
        target = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        return _Inline(f"[{text}]({target})", inner.breaks)


# -- helpers ----------------------------------------------------------------------------------------------


def _loose(text) -> bool:
    """Text directly in an element, beside its paragraphs."""
    return (
        bool(text.strip()) and text.parent.name != "p" and text.parent.parent is not None and text.parent.name in ("td", "th", "li", "dd")
    )


def _visible(text) -> bool:
    invisible = ("script", "style", "head", "title", "noscript", "template")
    return not isinstance(text, (Comment, Doctype, ProcessingInstruction)) and bool(text.strip()) and text.parent.name not in invisible


def _wrapped(node) -> Tag:
    """``node`` inside a fresh <li>, so that it reads as an item (its source line kept)."""
    item = Tag(name="li")
    item.sourceline = getattr(node, "sourceline", None) or getattr(node.parent, "sourceline", None)
    item.append(copy.copy(node))
    return item


def _ol_attrs(tag: Tag) -> str:
    """``start`` and ``type`` of a numbered list, when they are not the defaults."""
    attrs = f' start="{_start(tag)}"' if _start(tag) != 1 else ""
    kind = str(tag.get("type") or "1")
    return attrs + (f' type="{kind}"' if kind in ("a", "A", "i", "I") else "")


def _start(tag: Tag) -> int:
    value = str(tag.get("start") or "1").strip()
    return int(value) if value.lstrip("-").isdigit() else 1


def _heading_ids(soup: BeautifulSoup) -> frozenset[str]:
    ids = set()
    for heading in soup.find_all(list(HEADINGS)):
        value = heading.get("id") or _anchor_id(heading)
        if isinstance(value, str) and ID.match(value):
            ids.add(value)
    return frozenset(ids)


def _anchor_id(heading: Tag) -> str | None:
    """An id carried by an anchor inside a heading (``<h2><a id="use"></a>Use</h2>``), as pages often do."""
    for anchor in heading.find_all("a"):
        value = anchor.get("id") or anchor.get("name")
        if isinstance(value, str) and ID.match(value):
            return value
    return None


def _quoted(tag: Tag) -> str:
    text = SPACE.sub(" ", tag.get_text()).strip()
    return f" ({text[:40]!r} not imported)" if text and tag.name not in ("script", "style") else ""


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char in "`*_[]{}":
        text = text.replace(char, "\\" + char)
    text = text.replace("<", "&lt;")
    return re.sub(r"&(?=#?[A-Za-z0-9]+;)", "&amp;", text)


def _wrap(inner: _Inline, left: str, right: str | None = None) -> _Inline:
    right = left if right is None else right
    text = inner.text
    if not text.strip():
        return inner
    stripped = text.strip(" ")
    lead = text[: len(text) - len(text.lstrip(" "))]
    trail = text[len(text.rstrip(" ")) :]
    if "\n" in stripped and left in ("*", "**"):  # emphasis cannot span a line break in Markdown: per line
        stripped = "\n".join(f"{left}{x.strip()}{right}" if x.strip() else x for x in stripped.split("\n"))
        return _Inline(lead + stripped + trail, inner.breaks)
    return _Inline(f"{lead}{left}{stripped}{right}{trail}", inner.breaks)


def _one_line(text: str) -> str:
    return " ".join(x.strip() for x in text.split("\n") if x.strip())


def _lines(inline: _Inline, line: int) -> Block:
    """A paragraph's text as Markdown lines: one per <br> (kept as ``<br>``), special line starts escaped."""
    parts = inline.text.split("\n")
    origins = [line, *inline.breaks]
    out: Block = []
    for index, part in enumerate(parts):
        text = part.strip(" \t")  # a no-break or ideographic space at the start of a line is text
        if not text and index == len(parts) - 1:
            continue
        text = LINE_START.sub(lambda m: "\\" + m.group() if not m.group()[0].isdigit() else m.group(), text)
        text = re.sub(r"^(\d+)\.(?=\s)", r"\1\\.", text)
        text = re.sub(r"^~(?=~~)", "&#126;", text)  # not a code fence (fenced_code); "\~" is no Markdown escape
        out.append((text, origins[min(index, len(origins) - 1)]))
    while out and not out[0][0]:
        out.pop(0)
    for index in range(len(out) - 1):
        out[index] = (out[index][0] + "<br>", out[index][1])
    return out


def _markdown_item(block: Block) -> bool:
    """Whether a block reads well inside a Markdown list item: a paragraph or a Markdown list."""
    first = block[0][0] if block else ""
    return not first.startswith((">", "    ", "<", "#")) or first.startswith("<br>")


def _is_list(block: Block) -> bool:
    first = block[0][0] if block else ""
    return bool(re.match(r"^(?:- |\d+\. |<ol )", first))
