"""A section's Markdown as a list of blocks (headings, paragraphs, list items, table rows, code…).

Blocks are aligned before any text is compared, so a changed paragraph never bleeds into the next
one and lists stay lists. Every block keeps its exact source: joined, the blocks give back the
section's Markdown byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .tokens import Tok, compact, lex_inline, tokens_visible

HEADING = re.compile(r"^(#{1,6})(?:[ \t]+|$)")
HEADING_TAIL = re.compile(r"[ \t]+#+[ \t]*$")
ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)")
FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
HR = re.compile(r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
QUOTE_PREFIX = re.compile(r"[ \t]{0,3}>[ \t]?")
TABLE_SEP = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
ADMONITION = re.compile(r"^(?:!!!|\?\?\?\+?)[ \t]*\S*")
HEADING_ATTRS = re.compile(r"[ \t]*\{:?[ \t]*[#.][^{}\n]*\}[ \t]*$")
ANCHOR = re.compile(r"\{:?[ \t]*#([A-Za-z0-9_:.-]+)[^{}]*\}")
CONT_PREFIX = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class Block:
    kind: str  # heading | para | item | row | sep | code | quote | hr | space
    level: int  # heading level; list depth for items (0 = top); depth of the list a paragraph belongs to (-1: none)
    ordered: bool
    body: str  # the source without trailing whitespace: the block's identity
    tail: str  # the whitespace after it (newlines, blank lines)
    tokens: tuple[Tok, ...]  # cover ``body`` exactly; plain text in runs (tokens.compact)
    text: str  # what a reader sees (no markup)
    anchor: str | None = None  # explicit heading id ({#id})

    @property
    def raw(self) -> str:
        return self.body + self.tail

    @property
    def visible(self) -> int:
        return tokens_visible(self.tokens)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _display(tokens: list[Tok]) -> str:
    return "".join(t.text for t in tokens)


def _make(
    kind: str, level: int, ordered: bool, source: str, prefix: re.Pattern[str] | None = None, first: str = "", plain: bool = False
) -> Block:
    body = source.rstrip()
    tail = source[len(body) :]
    tokens: list[Tok] = []
    rest = body
    first = first[: len(body)]  # a marker with nothing after it ("## ") loses its trailing blank with the body
    if first:
        tokens.append(Tok(first, "", "m"))
        rest = body[len(first) :]
    if kind == "code":
        lines = rest.split("\n")
        opening = lines[0]
        closing = lines[-1] if len(lines) > 1 and FENCE.match(lines[-1]) else None
        content = lines[1:-1] if closing is not None else lines[1:]
        # The fences and the line breaks next to them are markup: the text is the code itself.
        tokens.append(Tok(opening + ("\n" if len(lines) > 1 else ""), "", "m"))
        if content:
            middle = "\n".join(content)
            if middle:
                tokens.extend(lex_inline(middle, plain=True))
            if closing is not None:
                tokens.append(Tok("\n" + closing, "", "m"))
        elif closing is not None:
            tokens.append(Tok(closing, "", "m"))
    elif kind in ("hr", "sep"):
        tokens.append(Tok(rest, "", "m")) if rest else None
    elif kind == "heading":
        trailer = HEADING_TAIL.search(rest)
        text_part = rest
        suffix = ""
        attrs = HEADING_ATTRS.search(rest)
        if attrs:  # " {#id}" at the end: markup, blank included
            text_part, suffix = rest[: attrs.start()], rest[attrs.start() :]
        elif trailer:  # closing hashes ("## Title ##")
            text_part, suffix = rest[: trailer.start()], rest[trailer.start() :]
        tokens.extend(lex_inline(text_part, prefix))
        if suffix:
            tokens.append(Tok(suffix, "", "m"))
        anchor_match = ANCHOR.search(body)
        return Block(
            kind, level, ordered, body, tail, compact(tokens), _display(tokens).strip(), anchor_match.group(1) if anchor_match else None
        )
    elif kind == "row":
        tokens.extend(_row_tokens(rest))
    else:
        tokens.extend(lex_inline(rest, prefix))
    return Block(kind, level, ordered, body, tail, compact(tokens), _display(tokens))


def _row_tokens(source: str) -> list[Tok]:
    """A table row: cell separators become markup tokens ``|`` (the renderer splits cells on them)."""
    out: list[Tok] = []
    for i, part in enumerate(re.split(r"(?<!\\)(\|)", source)):
        if i % 2:
            out.append(Tok("|", "", "m", (("cell", ""),)))
        elif part:
            out.extend(lex_inline(part))
    return out


@lru_cache(maxsize=4096)
def parse_blocks(markdown: str) -> tuple[Block, ...]:
    """The blocks of one section's Markdown; ``"".join(b.raw for b in blocks) == markdown``."""
    lines = _lines(markdown)
    blocks: list[Block] = []
    i = 0
    n = len(lines)
    # Leading blank lines (not in a normalised section, but any text must round-trip).
    lead = []
    while i < n and not lines[i].strip():
        lead.append(lines[i])
        i += 1
    if lead:
        blocks.append(Block("space", 0, False, "", "".join(lead), (), ""))
    list_indents: list[int] = []  # content indents of open list items, outermost first
    while i < n:
        line = lines[i]
        start = i
        stripped = line.rstrip("\n")
        indent = len(stripped) - len(stripped.lstrip(" \t"))

        def take_blank(j: int) -> int:
            while j < n and not lines[j].strip():
                j += 1
            return j

        fence = FENCE.match(stripped)
        if fence:
            marker = fence.group(1)
            j = i + 1
            while j < n and not lines[j].lstrip(" \t").startswith(marker):
                j += 1
            j = min(j + 1, n)
            end = take_blank(j)
            if not indent:
                list_indents = []
            blocks.append(_make("code", len(list_indents) - 1 if list_indents else -1, False, "".join(lines[i:end])))
            i = end
            continue
        heading = HEADING.match(stripped)
        if heading and indent == 0:
            list_indents = []
            end = take_blank(i + 1)
            blocks.append(_make("heading", len(heading.group(1)), False, "".join(lines[i:end]), first=heading.group()))
            i = end
            continue
        if HR.match(stripped) and indent < 4:
            list_indents = []
            end = take_blank(i + 1)
            blocks.append(_make("hr", 0, False, "".join(lines[i:end])))
            i = end
            continue
        item = ITEM.match(stripped)
        if item:
            ind = len(item.group(1).expandtabs(4))
            while list_indents and list_indents[-1] > ind:
                list_indents.pop()
            if not list_indents or list_indents[-1] < ind:
                list_indents.append(ind)
            depth = len(list_indents) - 1
            j = i + 1
            while j < n and lines[j].strip() and not ITEM.match(lines[j]) and not HEADING.match(lines[j]) and not FENCE.match(lines[j]):
                j += 1
            end = take_blank(j)
            ordered = item.group(2)[0].isdigit()
            blocks.append(_make("item", depth, ordered, "".join(lines[i:end]), CONT_PREFIX, first=item.group()))
            i = end
            continue
        # Table: a row followed by a separator row.
        if "|" in stripped and i + 1 < n and TABLE_SEP.match(lines[i + 1].rstrip("\n")) and "-" in lines[i + 1]:
            list_indents = []
            j = i
            while j < n and lines[j].strip() and "|" in lines[j]:
                j += 1
            for k in range(i, j):
                end = take_blank(k + 1) if k == j - 1 else k + 1
                blocks.append(_make("sep" if k == i + 1 else "row", 0, False, "".join(lines[k:end])))
            i = take_blank(j)
            continue
        if stripped.lstrip(" \t").startswith(">"):
            list_indents = []
            j = i + 1
            while j < n and lines[j].strip() and not HEADING.match(lines[j]):
                j += 1
            end = take_blank(j)
            blocks.append(_make("quote", -1, False, "".join(lines[i:end]), QUOTE_PREFIX))
            i = end
            continue
        # A paragraph: indented after a list item, it belongs to that item (a loose list).
        in_list = bool(list_indents) and indent > 0
        if not in_list:
            list_indents = []
        j = i + 1
        while j < n and lines[j].strip() and not ITEM.match(lines[j]) and not HEADING.match(lines[j]) and not FENCE.match(lines[j]):
            if "|" in lines[j] and j + 1 < n and TABLE_SEP.match(lines[j + 1].rstrip("\n")) and "-" in lines[j + 1]:
                break
            j += 1
        end = take_blank(j)
        first = ADMONITION.match(stripped) if indent == 0 else None
        blocks.append(
            _make(
                "para",
                len(list_indents) - 1 if in_list else -1,
                False,
                "".join(lines[start:end]),
                CONT_PREFIX if in_list else None,
                first=first.group() if first else "",
            )
        )
        i = end
    return tuple(blocks)
