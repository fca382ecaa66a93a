"""A light scan of a section's Markdown: title line, deeper headings with their ids, links.

Fenced code blocks are skipped so that a ``#`` or a link inside code is not taken for structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Heading

HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
ATTR_ID = re.compile(r"\s*\{\s*#([A-Za-z0-9_][A-Za-z0-9_.:-]*)\s*\}\s*$")
FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
LINK = re.compile(r"\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")


@dataclass(frozen=True)
class Link:
    target: str
    line: int


@dataclass(frozen=True)
class Scan:
    title: str | None
    title_line: int
    title_id: str | None  # an explicit {#id} written on the title line, if any
    headings: tuple[Heading, ...]
    links: tuple[Link, ...]
    prose_lines: tuple[tuple[int, str], ...]  # (line number, text) outside code fences


def split_heading(text: str) -> tuple[str, str | None]:
    """'Managing cookies {#managing-cookies}' → ('Managing cookies', 'managing-cookies')."""
    match = ATTR_ID.search(text)
    if match:
        return text[: match.start()].rstrip(), match.group(1)
    return text, None


# By text: the same section recurs unchanged in most releases, and the readers and several checks scan it.
@lru_cache(maxsize=4096)
def scan(markdown: str) -> Scan:
    lines = markdown.split("\n")
    title = title_id = None
    title_line = 1
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None:
        match = HEADING.match(lines[first])
        if match and len(match.group(1)) == 2:
            title, title_id = split_heading(match.group(2))
            title_line = first + 1
    headings: list[Heading] = []
    links: list[Link] = []
    prose: list[tuple[int, str]] = []
    fence: str | None = None
    for index, line in enumerate(lines):
        number = index + 1
        fence_match = FENCE.match(line)
        if fence is not None:
            if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence):
                fence = None
            continue
        if fence_match:
            fence = fence_match.group(1)
            continue
        if index != first:
            match = HEADING.match(line)
            if match:
                text, hid = split_heading(match.group(2))
                headings.append(Heading(len(match.group(1)), text, hid, number))
        for link in LINK.finditer(line):
            links.append(Link(link.group(1), number))
        prose.append((number, line))
    return Scan(title, title_line, title_id, tuple(headings), tuple(links), tuple(prose))
