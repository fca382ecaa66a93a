"""Splitting imported texts into sections, pairing them across languages, and giving them ids.

Rules (the README documents them for users):

- The headings are those the site's Python-Markdown pipeline sees (``outline``): a ``#`` inside code or
  raw HTML is text. The text is split at the headings of ``level`` (default 2). A heading of a higher
  level (``#``) that stands first is the document's title (``document.yml`` ``title``); any other heading
  of a higher level also starts a section. Text before the first section heading is the untitled
  opening: written with no heading at all (SPEC §11), never given an invented "Introduction".
- Sections are paired across languages by ``{#id}``s when every section heading carries one (or is the
  opening part), else by position — then the files must have the same number of sections, and where
  both sides carry an id it must be the same. Deeper headings are paired by position inside their
  section. Anything that cannot be paired is refused with a side-by-side listing of the headings.
- Ids: an existing ``{#id}``; else the id of the heading of the latest release it pairs with
  (``anchors``: links into the policy keep working when a title is reworded); else the heading of a
  Latin-script language (English if present) made an ASCII slug (``Use Of Personal Data`` →
  ``use-of-personal-data``); else ``section-N`` for sections and ``<section-id>-N`` for deeper headings.
  Clashes get ``-2``, ``-3``….
- Deeper headings become level 3 and below relative to the split level, each with its id.
- Every line written keeps the line of the source file it came from, for messages.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from . import anchors
from .outline import headings as outline_headings
from .source import ImportRefused, SourceText

SECTION_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
NON_LATIN = frozenset({"ja", "zh", "ko", "th", "ru", "uk", "bg", "el", "he", "ar", "fa", "hi"})
CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
MAX_ID = 64
INTRODUCTION = "introduction"


@dataclass
class Heading:
    level: int
    text: str
    explicit_id: str | None
    line: int  # 1-based, in the source file


@dataclass
class Part:
    heading: Heading | None  # None: the untitled opening part
    lines: list[str] = field(default_factory=list)  # the lines after the heading
    origins: list[int] = field(default_factory=list)  # the source line of each
    subheadings: list[tuple[int, Heading]] = field(default_factory=list)  # (index in lines, heading)

    @property
    def key(self) -> str | None:
        return INTRODUCTION if self.heading is None else self.heading.explicit_id

    def add(self, line: str, origin: int) -> None:
        self.lines.append(line)
        self.origins.append(origin)

    def below(self, index: int | None) -> str:
        """The text below a subheading (``index`` in ``lines``; None: below the part's own heading), up to the next heading."""
        starts = [i for i, _ in self.subheadings]
        begin = 0 if index is None else index + 1
        end = next((i for i in starts if i >= begin), len(self.lines))
        return "\n".join(self.lines[begin:end])


@dataclass
class SplitText:
    lang: str
    path: str
    title: str | None
    parts: list[Part]
    order: list[str] = field(default_factory=list)  # section ids of ``parts``, once paired
    source: SourceText | None = None


@dataclass(frozen=True)
class Written:
    """What ``build`` decided: ids, the Markdown of every section file and the source line of each of its lines."""

    sections: list[str]
    markdown: dict[str, dict[str, str]]  # lang → section id → Markdown
    origins: dict[str, dict[str, list[int]]]  # lang → section id → source line of each line
    report: list[tuple[str, tuple[str, ...]]]
    kept: list[str]  # ids kept from the latest release although their heading changed


# -- splitting ----------------------------------------------------------------------------------------------


def split(text: str | SourceText, level: int, lang: str, path: str, extensions: list | None = None) -> SplitText:
    source = text if isinstance(text, SourceText) else SourceText.plain(text, path)
    lines = source.lines
    found = {h.index: h for h in outline_headings(lines, extensions)}
    title: str | None = None
    parts: list[Part] = []
    opening = Part(None)
    current = opening
    skip: set[int] = set()
    for index, line in enumerate(lines):
        if index in skip:
            continue
        origin = source.origin(index)
        outline = found.get(index)
        if outline is None:
            current.add(line, origin)
            continue
        skip.update(range(index + 1, index + outline.span))  # a setext underline
        heading = Heading(outline.level, outline.text, outline.explicit_id, origin)
        if heading.level < level and title is None and not parts and not any(x.strip() for x in opening.lines):
            title = heading.text
            continue
        if heading.level <= level:
            current = Part(heading)
            parts.append(current)
            continue
        current.subheadings.append((len(current.lines), heading))
        current.add(line, origin)
    if any(x.strip() for x in opening.lines) or opening.subheadings:
        parts.insert(0, opening)
    return SplitText(lang, path, title, parts, source=source)


# -- ids -----------------------------------------------------------------------------------------------


def slugify(text: str) -> str | None:
    """An ASCII id from a heading: ``Use Of Personal Data`` → ``use-of-personal-data``; None when nothing is left."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > MAX_ID:
        cut = slug[:MAX_ID]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug or None


def _unique(candidate: str, taken: set[str], used: set[str]) -> str:
    """``candidate``, or with ``-2``, ``-3``… when it is ``taken``; recorded in ``used``."""
    result, n = candidate, 2
    while result in taken or result in used:
        result = f"{candidate}-{n}"
        n += 1
    used.add(result)
    return result


def latin_language(texts: list[SplitText]) -> SplitText | None:
    """English if present, else the first language whose headings are written in Latin script."""
    ordered = sorted(texts, key=lambda t: t.lang.split("-")[0] != "en")
    for text in ordered:
        if text.lang.split("-")[0].lower() in NON_LATIN:
            continue
        titles = [p.heading.text for p in text.parts if p.heading is not None]
        latin = [t for t in titles if slugify(t) and not CJK.search(t)]
        if titles and len(latin) * 2 >= len(titles):
            return text
    return None


# -- pairing ------------------------------------------------------------------------------------------


def _display(text: str, width: int) -> str:
    """``text`` cut or padded to ``width`` terminal columns (wide characters count two)."""
    out, used = "", 0
    for char in text:
        w = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used + w > width - 1 and len(text) > len(out) + 1:
            return out + "…" + " " * (width - used - 1)
        out += char
        used += w
    return out + " " * max(0, width - used)


def _cell(part: Part | None) -> str:
    if part is None:
        return "—"
    if part.heading is None:
        return "(untitled opening text)"
    hid = f" {{#{part.heading.explicit_id}}}" if part.heading.explicit_id else ""
    return f"{part.heading.line}: {'#' * part.heading.level} {part.heading.text}{hid}"


def side_by_side(texts: list[SplitText], rows: list[list[Part | None]], bad: set[int], what: str) -> list[str]:
    width = 38
    header = "    " + "".join(_display(f"{t.lang} ({t.path})", width) for t in texts)
    lines = [what, header]
    for number, row in enumerate(rows):
        mark = "≠" if number in bad else " "
        lines.append(f"{mark}{number + 1:>2} " + "".join(_display(_cell(p), width) for p in row).rstrip())
    lines.append("Make the files' headings correspond (same number, same order, same {#id}s), or pick another --level.")
    return lines


def pair(texts: list[SplitText], level: int) -> list[list[Part]]:
    """Rows of parts, one per section, one column per language; refuses what cannot be paired."""
    keys = [[p.key for p in t.parts] for t in texts]
    if all(k is not None for ks in keys for k in ks) and all(len(set(ks)) == len(ks) for ks in keys):
        order = keys[0]
        if all(set(ks) == set(order) for ks in keys):
            return [[next(p for p in t.parts if p.key == k) for t in texts] for k in order]
    count = max(len(t.parts) for t in texts)
    rows: list[list[Part | None]] = [[t.parts[i] if i < len(t.parts) else None for t in texts] for i in range(count)]
    bad = set()
    for number, row in enumerate(rows):
        if any(p is None for p in row):
            bad.add(number)
            continue
        explicit = {p.key for p in row if p.key is not None}
        untitled = {p.heading is None for p in row}
        if len(explicit) > 1 or len(untitled) > 1:
            bad.add(number)
    if bad:
        counts = ", ".join(f"{t.lang}: {len(t.parts)}" for t in texts)
        raise ImportRefused(side_by_side(texts, rows, bad, f"cannot pair the sections at heading level {level} ({counts}):"))
    return rows  # type: ignore[return-value]


# -- building the section files ---------------------------------------------------------------------------


def _section_markdown(part: Part, title: str | None, sub_ids: list[str], level: int) -> tuple[str, list[int]]:
    lines = list(part.lines)
    origins = list(part.origins)
    for (index, heading), hid in zip(part.subheadings, sub_ids, strict=True):
        new_level = min(6, heading.level - level + 2)
        lines[index] = f"{'#' * new_level} {heading.text} {{#{hid}}}"
    while lines and not lines[0].strip():
        lines.pop(0)
        origins.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
        origins.pop()
    head = part.heading.line if part.heading is not None else (origins[0] if origins else 1)
    if title is None:
        return "\n".join(lines) + "\n", origins
    if not lines:
        return f"## {title}\n", [head]
    return f"## {title}\n\n" + "\n".join(lines) + "\n", [head, head, *origins]


def words(text: str, skip_first_heading: bool = False, extensions: list | None = None) -> list[str]:
    """The words of a Markdown text, heading marks, setext underlines and {#id}s left out."""
    lines = text.split("\n")
    found = {h.index: h for h in outline_headings(lines, extensions)}
    out: list[str] = []
    skipped = not skip_first_heading
    skip: set[int] = set()
    for index, line in enumerate(lines):
        if index in skip:
            continue
        heading = found.get(index)
        if heading is None:
            out.extend(line.split())
            continue
        skip.update(range(index + 1, index + heading.span))
        if not skipped:
            skipped = True
            continue
        out.extend(heading.text.split())
    return out


def _candidate(texts: list[SplitText], row: list[Part], sub: int | None, position: float, group: str | None = None) -> anchors.Candidate:
    titles, bodies = {}, {}
    explicit = None
    for text, part in zip(texts, row, strict=True):
        heading = part.heading if sub is None else part.subheadings[sub][1]
        if heading is None:
            continue
        titles[text.lang] = heading.text
        bodies[text.lang] = part.below(None if sub is None else part.subheadings[sub][0])
        explicit = explicit or heading.explicit_id
    return anchors.Candidate(titles, bodies, position, explicit, group)


def build(
    texts: list[SplitText], level: int, previous: anchors.Published | None = None, extensions: list | None = None
) -> tuple[list[str], dict[str, dict[str, str]], list[tuple[str, tuple[str, ...]]]]:
    """(section ids in document order, {lang: {id: markdown}}, report rows); see ``build_written``."""
    written = build_written(texts, level, previous, extensions)
    return written.sections, written.markdown, written.report


def build_written(texts: list[SplitText], level: int, previous: anchors.Published | None = None, extensions: list | None = None) -> Written:
    """Pair, name and write the sections. The document order is the first language's."""
    rows = pair(texts, level)
    latest = latin_language(texts)
    latin_column = texts.index(latest) if latest is not None else None
    old_ids = set(previous.ids) if previous is not None else set()
    # Sections that pair with one of the latest release keep its id.
    count = max(len(rows), 1)
    section_candidates = [_candidate(texts, row, None, number / count) for number, row in enumerate(rows)]
    kept_sections = anchors.pair(section_candidates, previous.sections) if previous is not None else {}
    used: set[str] = set(kept_sections.values())
    section_ids: list[str] = []
    kept: list[str] = []
    for number, row in enumerate(rows):
        key = next((p.key for p in row if p.key is not None), None)
        if key and not SECTION_ID.match(key):
            _not_kept(texts, row, None, key)
        if key and SECTION_ID.match(key) and (key not in used or kept_sections.get(number) == key):
            section_ids.append(key)
            used.add(key)
            continue
        slug = slugify(row[latin_column].heading.text) if latin_column is not None and row[latin_column].heading else None
        if number in kept_sections:
            section_ids.append(kept_sections[number])
            if slug != kept_sections[number]:  # reworded: without the pairing, the id would have changed
                kept.append(kept_sections[number])
            continue
        candidate = key if key and SECTION_ID.match(key) else (slug or f"section-{number + 1}")
        section_ids.append(_unique(candidate, used | old_ids, used))
    # Subheadings: paired across languages by position, then with the latest release's.
    sub_rows: list[tuple[int, int]] = []  # (section number, subheading number)
    for number, (sid, row) in enumerate(zip(section_ids, rows, strict=True)):
        counts = {len(p.subheadings) for p in row}
        if len(counts) > 1:
            depth = max(counts)
            listing = [[_sub_part(p, i) for p in row] for i in range(depth)]
            bad = {i for i, r in enumerate(listing) if any(c is None for c in r)}
            raise ImportRefused(
                side_by_side(texts, listing, bad, f"cannot pair the headings inside section {number + 1} ({sid}): their numbers differ:")
            )
        for j in range(counts.pop() if counts else 0):
            headings = [p.subheadings[j][1] for p in row]
            explicit = {h.explicit_id for h in headings if h.explicit_id}
            if len(explicit) > 1:
                raise ImportRefused(
                    side_by_side(texts, [[_sub_part(p, j) for p in row]], {0}, f"the headings inside section {sid} carry different ids:")
                )
            sub_rows.append((number, j))
    total = max(len(sub_rows), 1)
    sub_candidates = [_candidate(texts, rows[number], j, index / total, section_ids[number]) for index, (number, j) in enumerate(sub_rows)]
    groups = {index: section_ids[number] for index, (number, _j) in enumerate(sub_rows)}
    kept_subs = anchors.pair(sub_candidates, previous.subheadings, groups) if previous is not None else {}
    used.update(kept_subs.values())
    sub_ids: dict[int, list[str]] = {number: [] for number in range(len(rows))}
    for index, (number, j) in enumerate(sub_rows):
        sid = section_ids[number]
        explicit = sub_candidates[index].explicit_id
        if explicit and not SECTION_ID.match(explicit):
            _not_kept(texts, rows[number], j, explicit)
        if explicit and SECTION_ID.match(explicit) and explicit not in used | set(section_ids):
            sub_ids[number].append(explicit)
            used.add(explicit)
            continue
        heading = rows[number][latin_column].subheadings[j][1] if latin_column is not None else None
        slug = slugify(heading.text) if heading is not None else None
        if index in kept_subs:
            sub_ids[number].append(kept_subs[index])
            if slug != kept_subs[index]:  # reworded: without the pairing, the id would have changed
                kept.append(kept_subs[index])
            continue
        candidate = explicit or slug or f"{sid}-{j + 1}"
        sub_ids[number].append(
            _unique(candidate if SECTION_ID.match(candidate) else f"{sid}-{j + 1}", used | old_ids | set(section_ids), used)
        )
    markdown: dict[str, dict[str, str]] = {t.lang: {} for t in texts}
    origins: dict[str, dict[str, list[int]]] = {t.lang: {} for t in texts}
    report = []
    for number, (sid, row) in enumerate(zip(section_ids, rows, strict=True)):
        for text, part in zip(texts, row, strict=True):
            title = part.heading.text if part.heading is not None else None  # the untitled opening stays untitled
            if title is not None and not title.strip():
                title = sid
            markdown[text.lang][sid], origins[text.lang][sid] = _section_markdown(part, title, sub_ids[number], level)
        report.append((sid, tuple(_cell(p) for p in row)))
    for text, column in zip(texts, zip(*rows, strict=True), strict=True):
        by_part = {id(part): sid for part, sid in zip(column, section_ids, strict=True)}
        text.order = [by_part[id(part)] for part in text.parts]
    return Written(section_ids, markdown, origins, report, kept)


def _not_kept(texts: list[SplitText], row: list[Part], sub: int | None, hid: str) -> None:
    """An id written in the source that a policy cannot use (the site's ids are lower-case ASCII): say so where it is."""
    for text, part in zip(texts, row, strict=True):
        heading = part.heading if sub is None else part.subheadings[sub][1]
        if text.source is not None and heading is not None and heading.explicit_id == hid:
            text.source.notice(
                heading.line, f"the id #{hid} is not kept: an id is lower-case letters, digits and hyphens; links to it will change"
            )


def _sub_part(part: Part, index: int) -> Part | None:
    if index >= len(part.subheadings):
        return None
    return Part(part.subheadings[index][1])
