"""Reading a Markdown file to import: UTF-8, BOM removed, LF line ends, kramdown attribute lists resolved.

Policies kept with Jekyll or GitHub Pages are kramdown, which writes attributes on a line of their own
(a block "IAL") after or before the block: ``{: #managing-cookies}``, ``{: datetime="2020-01-01" }``, or at
the end of a heading line. Python-Markdown's ``attr_list`` reads only the end of a block and a policy may
set only ids, so:

- an id is kept: on the heading the line belongs to (``## Title {#id}``), or on the paragraph it closes;
- every other attribute, attribute list definitions (``{:ref: …}``) and extensions (``{::comment}``,
  ``{::options …/}``) are dropped, each with a notice at its line;
- raw HTML blocks are kept as written when they hold only what SPEC §11 allows (tables, lists, emphasis,
  links…); any other is rewritten by the HTML reader's walk (a ``<div class>`` unwrapped, a ``style`` dropped,
  a comment left out), with a notice at its lines.
"""

from __future__ import annotations

import re

from .outline import ATTR_ID, ATX_MARKS, TRAILING_ATTRS, raw_html_blocks, split_attrs
from .source import SourceText, decode

BLOCK_IAL = re.compile(r"^[ ]{0,3}\{:(?!:)[ \t]*([^{}\n]*?)[ \t]*\}[ \t]*$")
DEFINITION = re.compile(r"^[ ]{0,3}\{:[\w-]+:")
EXTENSION = re.compile(r"^[ ]{0,3}\{::(\w+)")
EXTENSION_END = re.compile(r"\{:/(\w+)?\}")
SPAN_IAL = re.compile(r"(?<=[*_`\])])\{:[^{}\n]*\}")
PURE_ID = re.compile(r"#[A-Za-z0-9_][A-Za-z0-9_.:-]*")


def read_markdown(raw: bytes, path: str, extensions: list | None = None) -> SourceText:
    lines = decode(raw, path).split("\n")
    source = SourceText(path, [], [])
    out, origins = source.lines, source.origins
    index = 0
    while index < len(lines):
        line, number = lines[index], index + 1
        index += 1
        ext = EXTENSION.match(line)
        if ext:
            end = index - 1
            if not line.rstrip().endswith("/}") and not EXTENSION_END.search(line):
                while end + 1 < len(lines) and not EXTENSION_END.search(lines[end]):
                    end += 1
            source.notice(number, f"kramdown extension {{::{ext.group(1)}}} dropped (lines {number}–{end + 1}): it is not Markdown")
            index = end + 1
            continue
        if DEFINITION.match(line):
            source.notice(number, f"kramdown attribute list definition {line.strip()!r} dropped: a policy sets ids only")
            continue
        ial = BLOCK_IAL.match(line)
        if ial:
            _block_ial(source, lines, index - 1, ial.group(1))
            continue
        heading = ATX_MARKS.match(line)
        attrs = TRAILING_ATTRS.search(heading.group(2)) if heading else None
        if heading and attrs and not PURE_ID.fullmatch(attrs.group(1)):
            text, hid = split_attrs(heading.group(2))
            _dropped(source, number, line, hid)
            line = f"{heading.group(1)} {text}" + (f" {{#{hid}}}" if hid else "")
        for match in SPAN_IAL.finditer(line):
            source.notice(number, f"attribute list {match.group()!r} dropped: a policy sets ids on headings only")
        line = SPAN_IAL.sub("", line)
        out.append(line)
        origins.append(number)
    clean_raw_html(source, extensions)
    return source


def _dropped(source: SourceText, number: int, raw: str, kept: str | None) -> None:
    what = f"id #{kept} kept, " if kept else ""
    source.notice(number, f"{what}other attributes of {raw.strip()!r} dropped: a policy sets ids only")


def _block_ial(source: SourceText, lines: list[str], index: int, attrs: str) -> None:
    """A line ``{: …}``: its id goes onto the heading or paragraph it belongs to; the rest is reported."""
    number = index + 1
    found = ATTR_ID.search(attrs)
    rest = ATTR_ID.sub(" ", attrs).strip()
    previous = source.lines[-1] if source.lines else ""
    following = lines[index + 1] if index + 1 < len(lines) else ""
    target = None
    if found and ATX_MARKS.match(previous) and split_attrs(ATX_MARKS.match(previous).group(2))[1] is None:
        target = len(source.lines) - 1  # after a heading
        source.lines[target] = f"{previous.rstrip()} {{#{found.group(1)}}}"
    elif found and previous.strip() and not previous.startswith((" ", "\t", "<")):
        source.lines.append(f"{{: #{found.group(1)} }}")  # closes a paragraph: attr_list reads it there
        source.origins.append(number)
        target = len(source.lines) - 1
    elif found and not previous.strip() and ATX_MARKS.match(following):
        heading = ATX_MARKS.match(following)
        text, hid = split_attrs(heading.group(2))
        lines[index + 1] = f"{heading.group(1)} {text} {{#{hid or found.group(1)}}}"  # before a heading
        target = index + 1
    if found and target is None:
        source.notice(number, f"kramdown attribute list {{: {attrs}}} dropped: no heading or paragraph for its id #{found.group(1)}")
    elif rest:
        kept = f"id #{found.group(1)} kept, " if found else ""
        source.notice(number, f"{kept}attributes {rest!r} of a kramdown attribute list dropped: a policy sets ids only")


# The first tag of a raw HTML block that Python-Markdown stashed whole (inline tags are stashed one by one).
BLOCK_START = re.compile(
    r"^<(?:!--|(?:table|div|p|ul|ol|dl|blockquote|pre|section|article|aside|header|footer|nav|figure|h[1-6]|hr|form|details|center|"
    r"address|main|iframe|script|style|object|embed|video|audio|canvas|noscript|template|img|picture|svg)\b)",
    re.IGNORECASE,
)


def _normal(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip()).replace("<br/>", "<br>").replace("<br />", "<br>")


def clean_raw_html(source: SourceText, extensions: list | None = None) -> None:
    """Raw HTML blocks, as the site's Python-Markdown finds them, kept or rewritten to what a policy may hold."""
    from .html import html_source  # the HTML reader's walk, on the block alone

    text = source.text
    starts = [0]
    for line in source.lines:
        starts.append(starts[-1] + len(line) + 1)
    cursor = 0
    replacements = []
    for block in raw_html_blocks(text, extensions):
        body = block.strip("\n")
        if not body or not BLOCK_START.match(body):
            continue
        at = text.find(body, cursor)
        if at < 0 or at not in starts:
            continue
        cursor = at + len(body)
        first = starts.index(at)
        last = first + body.count("\n")  # inclusive
        base = source.origin(first)
        cleaned = html_source(body, source.path, lambda tag, base=base: base + (tag.sourceline or 1) - 1, chrome_notice=False, whole=True)
        if _normal(cleaned.text) == _normal(body):
            continue  # already what a policy may hold: kept as written
        source.notices.extend(cleaned.notices)
        span = f"line {base}" if last == first else f"lines {base}–{source.origin(last)}"
        if body.startswith("<!--"):
            source.notice(base, f"an HTML comment ({span}) is not kept: it would not be published")
        else:
            source.notice(base, f"raw HTML ({span}) rewritten with only what a policy may hold (attributes, classes and styles dropped)")
        replacements.append((first, last, cleaned.lines, cleaned.origins))
    for first, last, lines, origins in reversed(replacements):
        source.lines[first : last + 1] = lines
        source.origins[first : last + 1] = origins
