"""The prose of a section: its lines with code, link targets, URLs, e-mail addresses and ids masked.

The editorial checks judge words a reader reads. Everything else on a line — code spans, the
target and title of a link, a bare URL, an e-mail address, ``{#id}`` attribute lists, code blocks —
is replaced by NUL characters of the same length, so columns stay where they were and a masked part
breaks a run of words (a URL between two English words does not join them into one run).

Every scanner here is linear in the length of the line: a 5 MB section must not hang a build.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator

from ..sources.markdown_model import parse

MASK = "\x00"
PARSE_LIMIT = 1_000_000

BACKTICKS = re.compile(r"`+")
# `](` starts an inline link's target; `]:` at the start of a line is a reference definition.
INLINE_TARGET = re.compile(r"\]\([^)\n]*\)?")
REFERENCE_DEF = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:.*$")
AUTOLINK = re.compile(r"<[^<>\s]+>")
URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]{1,20}://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]*")
EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
EMAIL_DOMAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
ATTR_LIST = re.compile(r"\{[:#.][^{}\n]*\}")


def _blank(chars: list[str], start: int, end: int) -> None:
    chars[start:end] = MASK * (end - start)


def code_spans(line: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every code span: a backtick run closed by the next run of the same length."""
    runs = [(m.start(), m.end()) for m in BACKTICKS.finditer(line)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        position = bisect_right(same, index)
        if position < len(same):
            closing = same[position]
            yield start, runs[closing][1]
            index = closing + 1
        else:
            index += 1


def emails(line: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every e-mail address, found from its ``@`` (a regex would be quadratic on a huge word)."""
    position = line.find("@")
    while position != -1:
        start = position
        while start > 0 and line[start - 1] in EMAIL_LOCAL:
            start -= 1
        end = position + 1
        while end < len(line) and line[end] in EMAIL_DOMAIN:
            end += 1
        domain = line[position + 1 : end].rstrip(".-")
        if start < position and "." in domain:
            yield start, position + 1 + len(domain)
        position = line.find("@", max(end, position + 1))


def mask_line(line: str, terms: Iterable[str] = ()) -> str:
    """``line`` with everything that is not prose (and every allowed term) replaced by NULs."""
    chars = list(line)
    for start, end in code_spans(line):
        _blank(chars, start, end)
    masked = "".join(chars)
    if REFERENCE_DEF.match(masked):
        return MASK * len(line)
    for start, end in emails(masked):
        _blank(chars, start, end)
    masked = "".join(chars)
    for pattern in (INLINE_TARGET, AUTOLINK, URL, ATTR_LIST):
        for match in pattern.finditer(masked):
            start = match.start() + (1 if pattern is INLINE_TARGET else 0)  # keep the `]` of the link text
            _blank(chars, start, match.end())
        masked = "".join(chars)
    # Longest terms first, so that a short term inside a longer one does not split it.
    for term in sorted({t for t in terms if t}, key=len, reverse=True):
        position = masked.find(term)
        if position == -1:
            continue
        while position != -1:
            _blank(chars, position, position + len(term))
            position = masked.find(term, position + len(term))
        masked = "".join(chars)
    return masked


def prose_lines(markdown: str, terms: Iterable[str] = ()) -> list[tuple[int, str]]:
    """(line number, masked text) of every line outside code blocks (as the Markdown pipeline sees them)."""
    terms = tuple(terms)
    # Python-Markdown's inline pass is superlinear on pathological paragraphs (a 1 MB line of backticks):
    # beyond PARSE_LIMIT the editorial checks read every line as prose rather than hang.
    code = parse(markdown).code_lines if len(markdown) <= PARSE_LIMIT else frozenset()
    return [(number, mask_line(text, terms)) for number, text in enumerate(markdown.split("\n"), start=1) if number not in code]
