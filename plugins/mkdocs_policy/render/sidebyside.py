"""Side-by-side pages (SPEC §13): a release in the page's language beside the other language.

``<lang>/<doc>/<version>/side-by-side/`` for every release and ``<lang>/<doc>/side-by-side/`` for the release
in force. The other language is the authoritative one, or, on the authoritative language's pages, the first
other language of the site. Sections pair by id; inside a section, blocks (a heading, a paragraph, a list item
with what it holds, a table…) pair by structure with the comparison engine's sequence alignment — the
languages share no words, but they share their shape: headings by id, then the kinds of blocks in order.

Each pair is one row of a CSS grid, so a paragraph stands beside its translation whatever their lengths; on a
phone the grid becomes one column, a section's blocks in the page's language first, then the other's
(assets/policy.css). Heading ids stay unique on the page: the page's language keeps the section ids (links and
the language switch land there); the other column's ids are prefixed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import zip_longest

from .. import urls
from ..compare.blocks import Block, parse_blocks
from ..compare.sequence import diff
from ..diskcache import WARM, pipeline_stamp
from ..i18n import gettext_for, language_name
from ..model import Document, LanguageText, Release, Section
from ..sources.markdown_model import convert
from .html import esc, link
from .markdown import MarkdownRenderer
from .pages import TEMPLATE, PlannedPage, Planner, page_heading, slot

_ID = re.compile(r'(\sid=")([^"]+)(")')
_HREF = re.compile(r'(\shref="#)([^"]+)(")')
_FIRST_OL = re.compile(r"^(\s*)<ol>")


@dataclass(frozen=True)
class Unit:
    """Blocks shown as one cell: a heading, a paragraph, a list item with its sub-items, a table…"""

    key: str  # what pairs it with its translation: "h3#id" for headings, else the kind of block
    markdown: str
    start: int = 1  # ordered list items: the number shown (rendered alone, an item would show "1.")


def other_language(lang: str, authoritative: str, languages: tuple[str, ...]) -> str | None:
    """The authoritative language beside a translation; beside the authoritative text, the first other language."""
    if lang != authoritative and authoritative in languages:
        return authoritative
    return next((other for other in languages if other != lang), None)


def units(section: Section) -> list[Unit]:
    """The section's blocks after its title, grouped as a reader sees them."""
    blocks = parse_blocks(section.markdown, anchor=section.id)  # the loader's parse (the site's pipeline)
    out: list[Unit] = []
    current: list[Block] = []
    kind = ""
    number = 0  # position of an ordered item in its list

    def flush() -> None:
        nonlocal current, kind
        if current:
            out.append(Unit(kind, "".join(b.raw for b in current), number if kind == "item-ol" else 1))
        current, kind = [], ""

    title_seen = False
    for block in blocks:
        if block.kind == "space":
            if current:
                current.append(block)
            continue
        if block.kind == "heading" and not title_seen and block.level <= 2:
            title_seen = True  # the section title: shown as the section's first row
            continue
        joins_item = kind.startswith("item") and (
            (block.kind == "item" and block.level > 0) or (block.kind in ("para", "code") and block.level >= 0)
        )
        joins_table = kind == "table" and block.kind in ("row", "sep")
        if joins_item or joins_table:
            current.append(block)
            continue
        previous = kind
        flush()
        if block.kind == "item":
            kind = "item-ol" if block.ordered else "item-ul"
            number = number + 1 if previous == kind else 1
        elif block.kind in ("row", "sep"):
            kind = "table"
        elif block.kind == "heading":
            kind = f"h{block.level}#{block.anchor or ''}"
        else:
            kind = block.kind
        current = [block]
    flush()
    return out


def align(left: list[Unit], right: list[Unit]) -> list[tuple[Unit | None, Unit | None]]:
    """Rows of the two columns: units of the same shape side by side, in order; the rest opposite a gap."""
    rows: list[tuple[Unit | None, Unit | None]] = []
    for tag, i1, i2, j1, j2 in diff([u.key for u in left], [u.key for u in right]):
        if tag == "replace":
            rows.extend(zip_longest(left[i1:i2], right[j1:j2]))
        else:
            rows.extend(zip_longest(left[i1:i2] if tag != "insert" else [], right[j1:j2] if tag != "delete" else []))
    return rows


class Column:
    """Renders the cells of one language's column; ``prefix`` makes its ids unique on the page."""

    def __init__(self, renderer: MarkdownRenderer, prefix: str = ""):
        self.renderer = renderer
        self.prefix = prefix

    def _own(self, html: str) -> str:
        if not self.prefix:
            return html
        # Every id of the other column is prefixed, and so is every link to an anchor (a section, a heading, its
        # own permalink): links inside the other column stay in that column. (Links to anchors that do not exist
        # are errors of the sources, found by the checks.)
        html = _ID.sub(lambda m: f"{m.group(1)}{self.prefix}{m.group(2)}{m.group(3)}", html)
        return _HREF.sub(lambda m: f"{m.group(1)}{self.prefix}{m.group(2)}{m.group(3)}", html)

    def title(self, section: Section) -> str:
        title_line = section.markdown.partition("\n")[0]
        return self._own(self.renderer.render(title_line + "\n", anchor=section.id))

    def unit(self, unit: Unit) -> str:
        html = convert(unit.markdown, self.renderer.pipeline)  # a fragment shown, not judged: its HTML only
        if unit.start > 1:
            html = _FIRST_OL.sub(lambda m: f'{m.group(1)}<ol start="{unit.start}">', html, count=1)
        return self._own(html)


def _cell(lang: str, html: str, other: bool, extra: str = "") -> str:
    classes = (
        "policy-sbs-cell" + (" policy-sbs-other" if other else "") + (f" {extra}" if extra else "") + ("" if html else " policy-sbs-empty")
    )
    return f'<div class="{classes}" lang="{esc(lang)}">{html}</div>'


@lru_cache(maxsize=8192)
def section_html(renderer: MarkdownRenderer, left_lang: str, right_lang: str, sid: str, left: Section | None, right: Section | None) -> str:
    """One section of the page, both columns: the same string for every release in which both texts are the
    same (a long history's side-by-side pages share them, rather than hold the whole text once per page).
    Kept on disk between builds (diskcache.WARM), keyed by all it is made of."""
    stamp = pipeline_stamp(renderer.pipeline.key, renderer.pipeline.extensions)
    key = ["sbs", sid]
    for lang, section in ((left_lang, left), (right_lang, right)):
        key += [lang, language_name(lang), section.id if section else None, section.digest if section else None]
    found = WARM.get(f"sbs/{stamp}", key)
    if not isinstance(found, str):
        found = _section_html(renderer, left_lang, right_lang, sid, left, right)
        WARM.put(f"sbs/{stamp}", key, found)
    return found


def _section_html(
    renderer: MarkdownRenderer, left_lang: str, right_lang: str, sid: str, left: Section | None, right: Section | None
) -> str:
    langs = (left_lang, right_lang)
    columns = (Column(renderer), Column(renderer, prefix=f"sbs-{right_lang}-"))
    parts = [f'<section class="policy-sbs-section" data-policy-section="{esc(sid)}">']
    for k, lang in enumerate(langs):
        parts.append(_cell(lang, f'<p class="policy-sbs-label">{esc(language_name(lang))}</p>', k == 1, "policy-sbs-labels"))
    for k, section in enumerate((left, right)):
        parts.append(_cell(langs[k], columns[k].title(section) if section else "", k == 1))
    for row in align(units(left) if left else [], units(right) if right else []):
        for k, unit in enumerate(row):
            parts.append(_cell(langs[k], columns[k].unit(unit) if unit else "", k == 1))
    parts.append("</section>")
    return "".join(parts)


def side_by_side_parts(left: LanguageText, right: LanguageText, renderer: MarkdownRenderer) -> tuple[str, ...]:
    """Both texts, section by section and block by block; ``left`` is the page's language."""
    head = (
        '<div class="policy-sbs"><div class="policy-sbs-head" aria-hidden="true">'
        + _cell(left.lang, esc(language_name(left.lang)), False)
        + _cell(right.lang, esc(language_name(right.lang)), True)
        + "</div>"
    )
    order = [s.id for s in left.sections] + [s.id for s in right.sections if left.section(s.id) is None]
    sections = (section_html(renderer, left.lang, right.lang, sid, left.section(sid), right.section(sid)) for sid in order)
    return (head, *sections, "</div>")


def _front_matter(title: str) -> str:
    # Kept out of search (the text in force is indexed once, at /<lang>/<doc>/); the navigation sidebar hidden so
    # that two columns get the width.
    return f"---\ntemplate: {TEMPLATE}\ntitle: {json.dumps(esc(title), ensure_ascii=False)}\nsearch:\n  exclude: true\nhide:\n  - navigation\n---\n\n"


def side_by_side_page(planner: Planner, document: Document, release: Release, lang: str, in_force: bool) -> PlannedPage | None:
    text = release.text
    other = other_language(lang, text.meta.authoritative, tuple(text.languages))
    if other is None or lang not in text.languages:
        return None
    _ = gettext_for(lang)
    renderer = planner.renderer or MarkdownRenderer()
    doc_title = document.title.get(lang, document.id)
    values = {"title": doc_title, "version": release.version, "language": language_name(other, lang)}
    title = _("%(title)s, version %(version)s, beside the %(language)s text") % values

    def path_for(lg: str) -> str:
        return urls.side_by_side(lg, document.id, None if in_force else release.version)

    release_path = urls.document(lang, document.id) if in_force else urls.release(lang, document.id, release.version)
    back = link(release_path, _("Read version %(version)s alone") % {"version": release.version})
    lead = _("Each paragraph stands beside its translation. On a phone, each section is shown in one language, then in the other.")
    # A release's own side-by-side page says whether it is in force, like the release's page.
    status = "" if in_force else planner.release_notice(document, release, lang)
    notices = status + f'<p class="policy-sbs-intro">{esc(lead)} {back}</p>' + planner.translation_notice(text, lang, path_for)
    left, right = text.language(lang), text.language(other)
    toc = [dict(entry) for s in left.sections for entry in renderer.toc(s.markdown, key=s.digest, anchor=s.id)]
    # The pair of texts reaches the page as shared strings joined by the adapter (PlannedPage.texts), named by
    # what they are made of: the release's text and the two languages.
    key = f"text-sbs-{left.lang}-{right.lang}-{text.digest.removeprefix('sha256:')}"
    markdown = _front_matter(title) + page_heading(title) + slot("meta") + slot("notices") + slot(key)
    return planner.document_page(
        document,
        lang,
        path_for,
        title=title,
        markdown=markdown,
        kind="side-by-side",
        version=release.version,
        slots={
            "meta": planner.release_meta(release, lang, reviewed=document.reviewed if in_force else None),
            "notices": notices,
        },
        texts={key: side_by_side_parts(left, right, renderer)},
        toc=toc,
    )


def side_by_side_pages(planner: Planner) -> list[PlannedPage]:
    """Every release beside its other language, and the release in force at its own address."""
    if len(planner.options.languages) < 2:
        return []
    pages: list[PlannedPage] = []
    today = planner.options.today
    for lang in planner.options.languages:
        for document in planner.documents:
            current = document.current(today)
            if current is not None:
                pages.append(side_by_side_page(planner, document, current, lang, in_force=True))
            pages.extend(side_by_side_page(planner, document, release, lang, in_force=False) for release in document.releases)
    return [page for page in pages if page is not None]


def side_by_side_links(planner: Planner, page: PlannedPage) -> None:
    """A page hook: the text in force and every release link to their side-by-side page."""
    if page.kind not in ("current", "release") or page.doc is None or page.version is None or page.lang is None:
        return
    if len(planner.options.languages) < 2 or "notices" not in page.slots:
        return
    document = next((d for d in planner.documents if d.id == page.doc), None)
    release = document.release(page.version) if document is not None else None
    if release is None:
        return
    other = other_language(page.lang, release.text.meta.authoritative, tuple(release.text.languages))
    if other is None:
        return
    _ = gettext_for(page.lang)
    target = urls.side_by_side(page.lang, document.id, None if page.kind == "current" else release.version)
    label = _("Read side by side with the %(language)s text") % {"language": language_name(other, page.lang)}
    page.slots["notices"] += f'<p class="policy-sbs-link">{link(target, label)}</p>'
