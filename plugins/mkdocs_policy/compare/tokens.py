"""Inline Markdown → tokens that cover the source exactly.

A token keeps its exact source (``raw``) so that a redline can rebuild both texts byte for byte,
and what a reader sees (``text``: empty for markup such as ``**`` or ``](#contact)``). Its ``fmt``
records the inline formatting (strong, em, code, link target) so the redline can show it.

Kinds: ``w`` word (Latin script, digits), ``s`` whitespace, ``p`` punctuation or symbol,
``c`` CJK (a run while lexing; one character per token once split for diffing), ``m`` markup.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

Fmt = tuple[tuple[str, str], ...]  # (("strong", ""), ("a", "https://…")) — outermost first


class Tok(NamedTuple):
    raw: str
    text: str
    kind: str
    fmt: Fmt = ()


# Kana, CJK ideographs, CJK punctuation, full-width forms: compared by character, phrase-widened.
CJK_CLASS = "\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
CJK_RE = re.compile(f"[{CJK_CLASS}]")
_URL_SCHEMES = ("http:", "https:", "mailto:", "tel:")

_INLINE = re.compile(
    r"(?P<esc>\\[!-/:-@\[-`{-~])"
    r"|(?P<code>`+)"
    r"|(?P<link>!?\[)"
    r"|(?P<auto><(?:https?://|mailto:)[^\s<>]+>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->)"
    r"|(?P<attr>\{:?[ \t]*[#.][^{}\n]*\})"
    r"|(?P<ent>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<emph>\*{1,3}|_{1,3})"
    rf"|(?P<cjk>[{CJK_CLASS}]+)"
    rf"|(?P<word>[^\W_{CJK_CLASS}]+)"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.S,
)


# Text in which no inline Markdown can start: tokenised in one pass (most of any policy).
_PLAIN = re.compile(r"[^\\`*_\[\]!<{&]+")
_SIMPLE = re.compile(rf"([{CJK_CLASS}]+)|([^\W_{CJK_CLASS}]+)|(\s+)|(.)", re.S)
_KINDS = (None, "c", "w", "s", "p")
_make = tuple.__new__  # a NamedTuple's own constructor is slow for tens of thousands of tokens


def _simple_tokens(text: str, base: Fmt) -> list[Tok]:
    return [_make(Tok, (m.group(), m.group(), _KINDS[m.lastindex], base)) for m in _SIMPLE.finditer(text)]


def _word_char(ch: str) -> bool:
    return ch.isalnum()


def lex_inline(source: str, line_prefix: re.Pattern[str] | None = None, base: Fmt = (), plain: bool = False) -> list[Tok]:
    """Tokens covering ``source`` exactly. ``line_prefix`` (e.g. ``> ``) is markup at each line start.

    ``plain`` lexes without Markdown (code blocks): words, spaces, punctuation and CJK runs only.
    """
    if plain:
        return _simple_tokens(source, base)
    out: list[Tok] = []
    delims: list[int] = []  # indices in ``out`` of emphasis delimiter candidates
    pos = 0
    n = len(source)
    while pos < n:
        if line_prefix is not None and (pos == 0 or source[pos - 1] == "\n"):
            m = line_prefix.match(source, pos)
            if m and m.end() > pos:
                out.append(Tok(m.group(), "", "m", base))
                pos = m.end()
                continue
        stretch = _PLAIN.match(source, pos)
        if stretch:
            end = stretch.end()
            if line_prefix is not None:
                newline = source.find("\n", pos, end)
                if newline != -1:
                    end = newline + 1  # the next line starts with its prefix
            out.extend(_simple_tokens(source[pos:end], base))
            pos = end
            continue
        m = _INLINE.match(source, pos)
        assert m is not None  # ``other`` matches any character
        kind = m.lastgroup
        raw = m.group()
        if kind == "esc":
            out.append(Tok(raw, raw[1], "p", base))
        elif kind == "code":
            close = source.find(raw, m.end())
            # The closing run must be exactly as long as the opening one.
            while close != -1 and source[close + len(raw) : close + len(raw) + 1] == "`":
                close = source.find(raw, close + len(raw) + 1)
            if close == -1:
                out.extend(Tok(ch, ch, "p", base) for ch in raw)
            else:
                inner_fmt = (*base, ("code", ""))
                out.append(Tok(raw, "", "m", base))
                out.extend(lex_inline(source[m.end() : close], base=inner_fmt, plain=True))
                out.append(Tok(raw, "", "m", base))
                pos = close + len(raw)
                continue
        elif kind == "link":
            parsed = _link_at(source, m.end())
            if parsed is None:
                out.extend(Tok(ch, ch, "p", base) for ch in raw)
            else:
                inner_end, tail_end, href = parsed
                label = "img" if raw.startswith("!") else "a"
                target = href if label == "a" else ""
                out.append(Tok(raw, "", "m", base))
                out.extend(lex_inline(source[m.end() : inner_end], line_prefix, (*base, (label, target))))
                out.append(Tok(source[inner_end:tail_end], "", "m", base))
                pos = tail_end
                continue
        elif kind == "auto":
            url = raw[1:-1]
            out.append(Tok(raw, url, "w", (*base, ("a", url))))
        elif kind in ("tag", "attr"):
            out.append(Tok(raw, "", "m", base))
        elif kind == "ent":
            out.append(Tok(raw, html.unescape(raw), "p", base))
        elif kind == "emph":
            out.append(Tok(raw, raw, "p", base))
            before = source[pos - 1] if pos > 0 else " "
            after = source[m.end()] if m.end() < n else " "
            # An underscore inside a word is literal (Python-Markdown's smart emphasis); so is a lone
            # delimiter between spaces.
            intraword = _word_char(before) and _word_char(after)
            if not (raw[0] == "_" and intraword) and not (before.isspace() and after.isspace()):
                delims.append(len(out) - 1)
        elif kind == "cjk":
            out.append(Tok(raw, raw, "c", base))
        elif kind == "word":
            out.append(Tok(raw, raw, "w", base))
        elif kind == "space":
            out.append(Tok(raw, raw, "s", base))
        else:
            out.append(Tok(raw, raw, "p", base))
        pos = m.end()
    if delims:
        _pair_emphasis(out, delims)
    return out


def _link_at(source: str, start: int) -> tuple[int, int, str] | None:
    """For ``[`` ending at ``start``: (end of the label, end of the link, href) or None."""
    depth = 1
    i = start
    n = len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                break
        i += 1
    else:
        return None
    label_end = i
    j = i + 1
    if j < n and source[j] == "(":
        depth = 1
        k = j + 1
        while k < n:
            ch = source[k]
            if ch == "\\":
                k += 2
                continue
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    break
            elif ch == "\n" and source[k + 1 : k + 2] == "\n":
                return None
            k += 1
        else:
            return None
        inside = source[j + 1 : k].strip()
        href = inside.split()[0] if inside else ""
        if href.startswith("<") and href.endswith(">"):
            href = href[1:-1]
        return label_end, k + 1, href
    if j < n and source[j] == "[":
        k = source.find("]", j + 1)
        if k == -1:
            return None
        return label_end, k + 1, ""
    return None


def _pair_emphasis(out: list[Tok], delims: list[int]) -> None:
    """Pair ``*``/``**``/``_``/``__`` delimiters in order and turn the pairs into formatting markup."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for index in delims:
        raw = out[index].raw
        match = next((k for k in range(len(stack) - 1, -1, -1) if out[stack[k]].raw == raw), None)
        if match is not None:
            opener = stack[match]
            del stack[match:]
            pairs.append((opener, index))
        else:
            stack.append(index)
    if not pairs:
        return
    pairs.sort()
    for opener, closer in pairs:
        raw = out[opener].raw
        styles: tuple[tuple[str, str], ...] = {1: (("em", ""),), 2: (("strong", ""),), 3: (("strong", ""), ("em", ""))}[len(raw)]
        out[opener] = Tok(raw, "", "m", out[opener].fmt)
        out[closer] = Tok(raw, "", "m", out[closer].fmt)
        for k in range(opener + 1, closer):
            tok = out[k]
            out[k] = tok._replace(fmt=_add_styles(tok.fmt, styles))


def _add_styles(fmt: Fmt, styles: Fmt) -> Fmt:
    present = {name for name, _ in fmt}
    return fmt + tuple(s for s in styles if s[0] not in present)


def compact(tokens: list[Tok]) -> tuple[Tok, ...]:
    """Adjacent plain-text tokens (source = text) of the same formatting joined into one, kind ``t``
    (``s`` if only whitespace). A block is kept this way; ``split_for_diff`` takes it apart again."""
    out: list[Tok] = []
    pending: list[Tok] = []

    def flush() -> None:
        if len(pending) == 1:
            out.append(pending[0])
        elif pending:
            raw = "".join(t.raw for t in pending)
            out.append(_make(Tok, (raw, raw, "s" if raw.isspace() else "t", pending[0].fmt)))
        pending.clear()

    for tok in tokens:
        if tok.kind == "m" or tok.raw != tok.text:
            flush()
            out.append(tok)
            continue
        if pending and tok.fmt != pending[0].fmt:
            flush()
        pending.append(tok)
    flush()
    return tuple(out)


# Full-width ASCII (Ａ–Ｚ, ０–９, ！–～) and its half-width form are one text in two widths (NFKC-equal):
# compared folded, a change of width only is formatting, not new text (SPEC §11).
WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH_WORD = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+|.", re.S)


def fold_width(text: str) -> str:
    """``text`` with full-width ASCII made half-width (what the comparison sees)."""
    return text if text.isascii() else text.translate(WIDTH)


def split_for_diff(tokens) -> list[Tok]:
    """One token per word, blank, punctuation mark, and per character of Japanese: the units compared.
    A run of full-width letters and digits is one word, as its half-width form would be."""
    out: list[Tok] = []
    make = _make
    for tok in tokens:
        if tok.kind in ("t", "c", "s") and len(tok.raw) > 1:
            fmt = tok.fmt
            for piece in _SIMPLE.finditer(tok.raw):
                raw = piece.group()
                kind = _KINDS[piece.lastindex]
                if kind == "c" and len(raw) > 1:
                    for part in _FULLWIDTH_WORD.finditer(raw):
                        unit = part.group()
                        out.append(
                            make(Tok, (unit, unit, "w" if len(unit) > 1 or ("\uff10" <= unit <= "\uff5a" and unit.isalnum()) else "c", fmt))
                        )
                else:
                    out.append(make(Tok, (raw, raw, kind, fmt)))
        else:
            out.append(tok)
    return out


def visible_chars(text: str) -> int:
    """Characters that count in statistics: everything but whitespace."""
    return len(text) - sum(1 for ch in text if ch.isspace())


def tokens_visible(tokens) -> int:
    return sum(visible_chars(t.text) for t in tokens if t.kind != "s" and t.text)


def safe_href(href: str) -> str | None:
    """A link target the redline may keep: relative, fragment, or a harmless scheme."""
    head = href.split("/", 1)[0].split("#", 1)[0].split("?", 1)[0]
    if ":" in head:
        return href if href.lower().startswith(_URL_SCHEMES) else None
    return href
