"""A section's Markdown as a list of blocks (headings, paragraphs, list items, table rows, code…).

Blocks are aligned before any text is compared, so a changed paragraph never bleeds into the next
one and lists stay lists. Every block keeps its exact source: joined, the blocks give back the
section's Markdown byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..sources.markdown_model import Block as ModelBlock
from ..sources.markdown_model import MarkdownModel, Part, Pipeline, as_loaded, parse
from .tokens import Tok, compact, lex_inline, tokens_visible

# Tokenising only (which markup a known block's source opens with); what the blocks are is the model's.
HEADING_TAIL = re.compile(r"[ \t]+#+[ \t]*$")
ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)")
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
QUOTE_PREFIX = re.compile(r"[ \t]{0,3}>[ \t]?")
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
    """Lines with their ends, split on ``\\n`` only (the model counts lines so)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _display(tokens: list[Tok]) -> str:
    return "".join(t.text for t in tokens)


def _make(
    kind: str,
    level: int,
    ordered: bool,
    source: str,
    prefix: re.Pattern[str] | None = None,
    first: str = "",
    fenced: bool = True,
    setext: bool = False,
) -> Block:
    body = source.rstrip()
    tail = source[len(body) :]
    tokens: list[Tok] = []
    rest = body
    first = first[: len(body)]  # a marker with nothing after it ("## ") loses its trailing blank with the body
    if first:
        tokens.append(Tok(first, "", "m"))
        rest = body[len(first) :]
    if kind == "code" and not fenced:  # indented code: all of it is the code
        tokens.extend(lex_inline(rest, plain=True))
    elif kind == "code":
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
        underline = ""
        if setext and "\n" in rest:  # "Title\n=====": the underline is markup
            cut = rest.rindex("\n")
            rest, underline = rest[:cut], rest[cut:]
        trailer = HEADING_TAIL.search(rest)
        text_part = rest
        suffix = ""
        attrs = HEADING_ATTRS.search(rest)
        if attrs:  # " {#id}" at the end: markup, blank included
            text_part, suffix = rest[: attrs.start()], rest[attrs.start() :]
        elif trailer:  # closing hashes ("## Title ##")
            text_part, suffix = rest[: trailer.start()], rest[trailer.start() :]
        tokens.extend(lex_inline(text_part, prefix))
        if suffix + underline:
            tokens.append(Tok(suffix + underline, "", "m"))
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


def parse_blocks(markdown: str, pipeline: Pipeline | None = None, anchor: str | None = None) -> tuple[Block, ...]:
    """The blocks of one section's Markdown; ``"".join(b.raw for b in blocks) == markdown``.

    Where blocks start and what they are comes from the one Markdown model (``sources.markdown_model``,
    the site's Python-Markdown pipeline): its top-level blocks, and inside lists its items. The source
    of each block is then tokenised as written, so both texts can be rebuilt byte for byte.
    Without ``pipeline``, the section's model as it was loaded (``anchor``: its id) — the site's parse.
    """
    model = parse(markdown, pipeline, anchor) if pipeline is not None else as_loaded(markdown, anchor)
    key = (markdown, model.pipeline_key)
    found = _BLOCKS.get(key)
    if found is None:
        found = _BLOCKS[key] = _parse_blocks(markdown, model)
        if len(_BLOCKS) > 4096:
            del _BLOCKS[next(iter(_BLOCKS))]
    return found


_BLOCKS: dict[tuple[str, str], tuple[Block, ...]] = {}


def _parse_blocks(markdown: str, model: MarkdownModel) -> tuple[Block, ...]:
    lines = _lines(markdown)
    if not lines:
        return ()
    # Cuts: (0-based line, what starts there); strictly increasing, together they cover every line.
    cuts: list[tuple[int, ModelBlock | None, Part | None]] = []
    for block in model.blocks:
        first = min(max(block.start - 1, 0), len(lines) - 1)
        if cuts and first <= cuts[-1][0]:
            continue  # placed on a line already taken: its text stays with the block before
        if block.parts and not lines[first].lstrip().startswith("<"):  # a raw HTML list stays one block, as written
            for part in block.parts:
                line = part.line - 1
                if line == first:
                    cuts.append((line, block, part))
                elif (not cuts or line > cuts[-1][0]) and line < len(lines):
                    cuts.append((line, None, part))
        else:
            cuts.append((first, block, None))
    blocks: list[Block] = []
    lead = 0
    while lead < len(lines) and not lines[lead].strip():
        lead += 1
    if lead:
        blocks.append(Block("space", 0, False, "", "".join(lines[:lead]), (), ""))
    if lead < len(lines) and (not cuts or cuts[0][0] > lead):
        cuts.insert(0, (lead, None, None))  # text the model has no element for (a comment, a reference)
    elif cuts and cuts[0][0] < lead:
        cuts[0] = (lead, cuts[0][1], cuts[0][2])
    for index, (line, block, part) in enumerate(cuts):
        stop = cuts[index + 1][0] if index + 1 < len(cuts) else len(lines)
        blocks.extend(_blocks_of(lines[line:stop], block, part))
    return tuple(blocks)


def _blocks_of(lines: list[str], block: ModelBlock | None, part: Part | None) -> list[Block]:
    source = "".join(lines)
    if part is not None:
        if part.kind == "item":
            marker = ITEM.match(lines[0])
            return [_make("item", part.depth, part.ordered, source, CONT_PREFIX, first=marker.group() if marker else "")]
        return [_make("para", part.depth, False, source, CONT_PREFIX)]
    kind = block.kind if block is not None else "paragraph"
    head = lines[0].lstrip(" \t")
    if kind == "heading":
        assert block is not None
        level = int(block.tag[1]) if block.tag[1:].isdigit() else 2
        if head.startswith("#"):
            return [_make("heading", level, False, source, first=lines[0][: len(lines[0]) - len(head.lstrip("#").lstrip(" \t"))])]
        return [_make("heading", level, False, source, setext=True)]
    if kind == "code":
        return [_make("code", -1, False, source, fenced=head.startswith(("```", "~~~")))]
    if kind == "rule":
        return [_make("hr", 0, False, source)]
    if kind == "quote":
        return [_make("quote", -1, False, source, QUOTE_PREFIX)]
    if kind == "table" and not head.startswith("<"):
        # A Markdown table: one block per row, the second line the separator row.
        body_lines = len(source.rstrip().split("\n"))
        rows = [_make("sep" if k == 1 else "row", 0, False, line) for k, line in enumerate(lines[: body_lines - 1])]
        rows.append(_make("sep" if body_lines == 2 else "row", 0, False, "".join(lines[body_lines - 1 :])))
        return rows
    # Paragraphs, raw HTML, admonitions, definitions: text with its inline markup.
    first = ADMONITION.match(lines[0])
    return [_make("para", -1, False, source, first=first.group() if first else "")]
