"""Redlines as HTML: ``<ins>``/``<del>`` inside the text's own structure.

The HTML is generated here from the comparison's tokens, never by string surgery on rendered
Markdown, so it is valid by construction: headings stay headings, list items stay in their lists,
every piece of text is escaped. Changes are never shown by colour alone (underline, strike-through,
double lines for moved text, a legend), and screen readers hear where each change starts and ends
(visually hidden labels from CSS, in the page's language, see assets/redline.css).

Entry points:
    language_redline_html(changes, view)   one language of a release against the previous one
    section_body_html(change, view)        one section without its title (the draft page)
    legend_html(lang)
    redline_html(old_markdown, new_markdown, lang)          two Markdown texts (CLI, benchmark)
    release_redline_html(previous, release, lang, site_url)  for the feeds
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .. import urls
from ..compare import SectionChange, compare_language
from ..compare.blocks import Block
from ..compare.inline import same_text
from ..compare.section import BlockChange, SectionDiff
from ..compare.tokens import Tok, safe_href
from ..i18n import gettext_for
from ..model import Release
from .html import esc
from .markdown import untitled_label


@dataclass(frozen=True)
class RedlineView:
    """How one redline is shown, and where its links lead."""

    lang: str
    level: int = 3  # heading level of section titles (their subheadings follow)
    anchor_prefix: str | None = ""  # section title ids: prefix + section id (None: no ids)
    new_page: str | None = None  # site path where the new text is published (None: this page)
    old_page: str | None = None  # … and the old text
    new_label: str = ""  # e.g. "1.1": "Read this section in version 1.1"
    old_label: str = ""
    collapse_unchanged: bool = True  # unchanged sections: one linked line (else shown in full)
    omit_unchanged: bool = False  # unchanged sections: left out (a feed item names only what changed)
    keep_ids: bool = False  # subheadings keep their own ids (a page that stands for the text)


# -- the legend and the accessible labels -----------------------------------------------------------
def _css_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ") + "'"


def labels_style(lang: str) -> str:
    """CSS custom properties holding the screen-reader labels, in the page's language."""
    _ = gettext_for(lang)
    values = {
        "--policy-ins-start": _("insertion start"),
        "--policy-ins-end": _("insertion end"),
        "--policy-del-start": _("deletion start"),
        "--policy-del-end": _("deletion end"),
        "--policy-moved-in-start": _("moved text start"),
        "--policy-moved-out-start": _("text moved away start"),
        "--policy-moved-end": _("moved text end"),
        "--policy-restyled": _("formatting changed"),
    }
    return ";".join(f"{name}:{_css_string(value)}" for name, value in values.items())


def legend_html(lang: str) -> str:
    _ = gettext_for(lang)
    title = _("How to read the changes:")
    inserted, deleted = _("inserted text"), _("deleted text")
    moved_in, moved_out = _("text moved here"), _("text moved elsewhere")
    restyled = _("same text, other formatting or link")
    return (
        f'<p class="policy-rl-legend"><span class="policy-rl-legend-title">{esc(title)}</span> '
        f"<ins>{esc(inserted)}</ins> · <del>{esc(deleted)}</del> · "
        f'<ins class="policy-moved">{esc(moved_in)}</ins> · <del class="policy-moved">{esc(moved_out)}</del> · '
        f'<span class="policy-rl-restyled">{esc(restyled)}</span></p>'
    )


def wrap(inner: str, lang: str, classes: str = "") -> str:
    """The container every redline sits in: it carries the labels read to screen-reader users."""
    cls = f"policy-redline {classes}".strip()
    return f'<div class="{cls}" style="{esc(labels_style(lang))}">{inner}</div>'


# -- inline runs -----------------------------------------------------------------------------------
_OP_WRAPPER = {"equal": None, "insert": "ins", "delete": "del"}
_WRAP = {
    "ins": ("<ins>", "</ins>"),
    "del": ("<del>", "</del>"),
    "moved-in": ('<ins class="policy-moved">', "</ins>"),
    "moved-out": ('<del class="policy-moved">', "</del>"),
    "restyled": ('<span class="policy-rl-restyled">', "</span>"),
}


def _href(href: str, page: str | None) -> str | None:
    """A link from the text, placed for the page the redline is on."""
    href = safe_href(href.strip())
    if href is None or not href:
        return None
    if ":" in href.split("/", 1)[0] or href.startswith("/"):
        return href
    if href.startswith("#"):
        return href if page is None else urls.SITE_LINK + page + href
    if page is None:
        return href
    base = page if page.endswith("/") else posixpath.dirname(page) + "/"
    target = posixpath.normpath(posixpath.join(base, href))
    if href.endswith("/") and not target.endswith("/"):
        target += "/"
    return urls.SITE_LINK + target.lstrip("./")


def _open_fmt(fmt, page: str | None) -> tuple[str, str]:
    opening, closing = [], []
    for name, value in fmt:
        if name in ("strong", "em", "code"):
            opening.append(f"<{name}>")
            closing.append(f"</{name}>")
        elif name == "a":
            href = _href(value, page)
            if href is not None:
                opening.append(f'<a href="{esc(href)}">')
                closing.append("</a>")
        elif name == "img":
            opening.append('<span class="policy-rl-image">')
            closing.append("</span>")
    return "".join(opening), "".join(reversed(closing))


def _text_html(tokens: Sequence[Tok], page: str | None) -> str:
    """Escaped text with its formatting; markup tokens show nothing."""
    out: list[str] = []
    current = None
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            opening, closing = _open_fmt(current, page) if current else ("", "")
            out.append(opening + esc("".join(buffer)) + closing)
            buffer.clear()

    for tok in tokens:
        if not tok.text:
            continue
        if tok.fmt != current:
            flush()
            current = tok.fmt
        buffer.append(tok.text)
    flush()
    return "".join(out)


def _pieces(change: BlockChange) -> list[tuple[str | None, tuple[Tok, ...]]]:
    """(wrapper, tokens) in reading order for one block."""
    status = change.status
    out: list[tuple[str | None, tuple[Tok, ...]]] = []
    runs = change.runs
    skip = -1
    for index, run in enumerate(runs):
        if index == skip:
            continue
        if status == "inserted":
            out.append(("ins", run.tokens))
        elif status == "deleted":
            out.append(("del", run.tokens))
        elif (
            run.op == "delete"
            and index + 1 < len(runs)
            and runs[index + 1].op == "insert"
            and same_text(run, runs[index + 1])
            and run.text.strip()
        ):
            # Same words, other markup (a link added, emphasis removed, full-width digits made half-width):
            # shown once, marked as restyled; a changed link target is spelled out, old → new.
            out.append(("restyled", runs[index + 1].tokens if status != "moved-out" else run.tokens))
            old_href, new_href = _link_target(run.tokens), _link_target(runs[index + 1].tokens)
            if old_href and new_href and old_href != new_href:  # (a link added or removed is formatting alone)
                out.append(("relinked", (Tok(old_href or "", new_href or "", "m"),)))
            skip = index + 1
        elif status == "moved-in":
            if run.op != "delete":
                out.append(("moved-in" if run.op == "equal" else "ins", run.tokens))
        elif status == "moved-out":
            if run.op != "insert":
                out.append(("moved-out" if run.op == "equal" else "del", run.tokens))
        else:
            out.append((_OP_WRAPPER[run.op], run.tokens))
    return out


# The structural HTML that policy text may hold (SPEC §11; the check let only well-formed HTML through):
# kept in the redline so that a table stays a table and a cell's change is marked inside its cell.
STRUCTURE_TAG = re.compile(
    r"^<(/?)(table|thead|tbody|tfoot|tr|th|td|caption|ul|ol|li|p|br|dl|dt|dd|blockquote|strong|em|b|i|u|s|sup|sub|small|abbr|code)"
    r"(\s[^<>]*)?/?>$",
    re.IGNORECASE,
)
KEPT_ATTRIBUTES = {"td": ("colspan", "rowspan"), "th": ("colspan", "rowspan"), "ol": ("start", "type"), "abbr": ("title",)}
ATTRIBUTE = re.compile(r"""([A-Za-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
BLOCK_TAGS = re.compile(r"<(?:table|ul|ol|dl|blockquote|p)[ >]")
NEW_SIDE = frozenset({None, "ins", "moved-in", "restyled"})
OLD_SIDE = frozenset({None, "del", "moved-out"})


def _link_target(tokens: Sequence[Tok]) -> str | None:
    for tok in tokens:
        for name, value in tok.fmt:
            if name == "a":
                return value
    return None


def _relinked_html(old: str, new: str) -> str:
    """A changed link target, readable without colour: (old → new), the old struck, the new underlined."""
    parts = [f'<del class="policy-rl-href">{esc(old)}</del>' if old else "", f'<ins class="policy-rl-href">{esc(new)}</ins>' if new else ""]
    return f'<span class="policy-rl-relinked"> ({" → ".join(p for p in parts if p)})</span>'


def structure_tag(tok: Tok) -> str | None:
    """The allowed HTML tag a markup token writes, rewritten with only its kept attributes (else None)."""
    if tok.kind != "m" or not tok.raw.startswith("<"):
        return None
    match = STRUCTURE_TAG.match(tok.raw)
    if match is None:
        return None
    closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3) or ""
    if closing:
        return "" if name == "br" else f"</{name}>"
    kept = ""
    for attr in ATTRIBUTE.finditer(attrs):
        key = attr.group(1).lower()
        if key in KEPT_ATTRIBUTES.get(name, ()):
            value = next(v for v in attr.groups()[1:] if v is not None)
            kept += f' {key}="{esc(value)}"'
    return f"<{name}{kept}>"


def _runs_html(pieces: list[tuple[str | None, tuple[Tok, ...]]], page: str | None, old_side: bool = False) -> str:
    """The pieces as HTML; the structure (tables, lists, breaks) is written from one side only — the new
    text's, or the old text's for a deleted block — so it stays well-formed; changes are marked inside it."""
    sides = OLD_SIDE if old_side else NEW_SIDE
    out: list[str] = []
    for wrapper, tokens in pieces:
        if wrapper == "relinked":
            out.append(_relinked_html(tokens[0].raw, tokens[0].text))
            continue
        segments: list[tuple[str, object]] = []
        chunk: list[Tok] = []
        for tok in tokens:
            tag = structure_tag(tok) if tok.kind == "m" else None
            if tag is not None:
                segments.append(("text", tuple(chunk)))
                chunk = []
                if wrapper in sides:
                    segments.append(("tag", tag))
            else:
                chunk.append(tok)
        segments.append(("text", tuple(chunk)))
        for what, value in segments:
            if what == "tag":
                out.append(str(value))
                continue
            inner = _text_html(value, page)  # type: ignore[arg-type]
            if not inner:
                continue
            if wrapper is None:
                out.append(inner)
            else:
                opening, closing = _WRAP[wrapper]
                out.append(opening + inner + closing)
    return "".join(out)


# -- blocks ------------------------------------------------------------------------------------------
_BLOCK_CLASS = {
    "inserted": "policy-rl-inserted",
    "deleted": "policy-rl-deleted",
    "moved-in": "policy-rl-moved-in",
    "moved-out": "policy-rl-moved-out",
    "modified": "policy-rl-modified",
}


def _cls(change: BlockChange, extra: str = "") -> str:
    names = " ".join(x for x in (_BLOCK_CLASS.get(change.status, ""), extra) if x)
    return f' class="{names}"' if names else ""


def _cells(pieces: list[tuple[str | None, tuple[Tok, ...]]], whole: bool) -> list[list[tuple[str | None, tuple[Tok, ...]]]]:
    """Split a table row's pieces into cells at its separators (in a changed row, at the new ones;
    ``whole``: the row was deleted or inserted as a whole, so at all of them)."""
    cells: list[list[tuple[str | None, tuple[Tok, ...]]]] = [[]]
    for wrapper, tokens in pieces:
        chunk: list[Tok] = []
        for tok in tokens:
            if tok.raw == "|" and tok.fmt == (("cell", ""),) and (whole or wrapper not in ("del", "moved-out")):
                cells[-1].append((wrapper, tuple(chunk)))
                chunk = []
                cells.append([])
            else:
                chunk.append(tok)
        cells[-1].append((wrapper, tuple(chunk)))
    # A row written |a|b| has empty cells outside its outer pipes.
    if len(cells) > 1 and not any(t.text.strip() for _, ts in cells[0] for t in ts):
        cells = cells[1:]
    if len(cells) > 1 and not any(t.text.strip() for _, ts in cells[-1] for t in ts):
        cells = cells[:-1]
    return cells


class _Writer:
    """Writes blocks in order, opening and closing lists and tables around them."""

    def __init__(self, view: RedlineView, titles: dict[str, str]):
        self.view = view
        self.titles = titles
        self.out: list[str] = []
        self.lists: list[tuple[str, int, bool]] = []  # (tag, depth, li open)
        self.table: bool = False
        self.head_rows: bool = False

    def close_lists(self, depth: int = -1) -> None:
        while self.lists and self.lists[-1][1] > depth:
            tag, _, li_open = self.lists.pop()
            self.out.append(("</li>" if li_open else "") + f"</{tag}>")

    def close_table(self) -> None:
        if self.table:
            self.out.append("</tbody></table></div>")
            self.table = False

    def close_all(self) -> None:
        self.close_lists()
        self.close_table()

    def note(self, change: BlockChange) -> str:
        _ = gettext_for(self.view.lang)
        other = change.other_section
        if other is None:
            return ""
        if other == self.current_section:
            text = _("Moved within this section") if change.status == "moved-in" else _("Moved elsewhere in this section")
            return f'<span class="policy-rl-note">{esc(text)}</span> '
        title = self.titles.get(other, other)
        href = "#" + (self.view.anchor_prefix or "") + other if self.view.anchor_prefix is not None else None
        label = _("Moved here from “%(section)s”") if change.status == "moved-in" else _("Moved to “%(section)s”")
        before, _sep, after = label.partition("%(section)s")
        name = f'<a href="{esc(href)}">{esc(title)}</a>' if href else esc(title)
        return f'<span class="policy-rl-note">{esc(before)}{name}{esc(after)}</span> '

    current_section: str = ""

    def block(self, change: BlockChange, note: str, level_shift: int) -> None:
        block: Block = change.new if change.status in ("equal", "modified", "inserted", "moved-in") else change.old
        assert block is not None
        page = self.view.old_page if change.status in ("deleted", "moved-out") else self.view.new_page
        if self.view.new_page is None:
            page = None
        pieces = _pieces(change)
        kind = block.kind
        if kind == "space":
            return
        if kind in ("row", "sep"):
            self.close_lists()
            if not self.table:
                self.out.append('<div class="policy-rl-table"><table><tbody>')
                self.table = True
            if kind == "sep":
                return
            cell_tag = "td"
            cells = "".join(
                f"<{cell_tag}>{_runs_html(cell, page)}</{cell_tag}>" for cell in _cells(pieces, change.status in ("inserted", "deleted"))
            )
            self.out.append(f"<tr{_cls(change)}>{cells}</tr>")
            return
        self.close_table()
        content = note + _runs_html(pieces, page, change.status in ("deleted", "moved-out"))
        if kind == "item":
            depth = max(block.level, 0)
            tag = "ol" if block.ordered else "ul"
            self.close_lists(depth)
            if self.lists and self.lists[-1][1] == depth and self.lists[-1][0] != tag:
                self.close_lists(depth - 1)
            if self.lists and self.lists[-1][1] == depth:
                t, d, li_open = self.lists[-1]
                if li_open:
                    self.out.append("</li>")
                self.lists[-1] = (t, d, True)
            else:
                self.out.append(f"<{tag}>")
                self.lists.append((tag, depth, True))
            self.out.append(f"<li{_cls(change)}>{content}")
            return
        if kind in ("para", "code") and block.level >= 0 and self.lists:
            self.close_lists(block.level)
            if self.lists:
                self.out.append(self._leaf(kind, change, content))
                return
        self.close_lists()
        if kind == "heading":
            level = min(6, max(1, block.level + level_shift))
            ident = ""
            if self.view.keep_ids and block.anchor:
                ident = f' id="{esc(block.anchor)}"'
            self.out.append(f"<h{level}{ident}{_cls(change)}>{content}</h{level}>")
        elif kind == "hr":
            self.out.append(f"<hr{_cls(change)}>")
        elif kind == "quote":
            self.out.append(f"<blockquote{_cls(change)}><p>{content}</p></blockquote>")
        else:
            self.out.append(self._leaf(kind, change, content))

    def _leaf(self, kind: str, change: BlockChange, content: str) -> str:
        if kind == "code":
            return f"<pre{_cls(change)}><code>{content}</code></pre>"
        if BLOCK_TAGS.search(content):  # structural HTML (a table, a list) cannot sit in a <p>
            return f"<div{_cls(change, 'policy-rl-html')}>{content}</div>"
        return f"<p{_cls(change)}>{content}</p>"


def _title_block(diff: SectionDiff) -> BlockChange | None:
    if (
        diff.blocks
        and diff.blocks[0].status in ("equal", "modified", "inserted", "deleted")
        and ((diff.blocks[0].new or diff.blocks[0].old).kind == "heading")
    ):
        return diff.blocks[0]
    return None


def _body_blocks(change: SectionChange) -> tuple[BlockChange, ...]:
    diff = change.blocks_diff()
    if diff is None:
        return ()
    title = _title_block(diff)
    return diff.blocks[1:] if title is not None else diff.blocks


def _write_blocks(change: SectionChange, view: RedlineView, titles: dict[str, str]) -> str:
    writer = _Writer(view, titles)
    writer.current_section = change.id
    shift = view.level - 2
    previous_note_key = None
    for block in _body_blocks(change):
        note = ""
        if block.status in ("moved-in", "moved-out"):
            key = (block.status, block.other_section)
            if key != previous_note_key:
                note = writer.note(block)
            previous_note_key = key
        else:
            previous_note_key = None
        writer.block(block, note, shift)
    writer.close_all()
    return "".join(writer.out)


# -- sections ---------------------------------------------------------------------------------------
def _status_label(change: SectionChange, lang: str, titles_old: dict[str, str]) -> str:
    _ = gettext_for(lang)
    if change.status == "added":
        return _("New section")
    if change.status == "removed":
        return _("Section removed")
    if change.status == "renamed":
        return _("Renamed (formerly “%(old)s”)") % {"old": titles_old.get(change.renamed_from or "", change.renamed_from or "")}
    if change.status == "unchanged":
        return _("Unchanged")
    return _("Changed")


def _stats_html(change: SectionChange, lang: str) -> str:
    _ = gettext_for(lang)
    parts = [_("%(inserted)s characters inserted, %(deleted)s deleted") % {"inserted": change.inserted, "deleted": change.deleted}]
    if change.moved_in:
        parts.append(_("%(count)s characters moved here") % {"count": change.moved_in})
    if change.moved_out:
        parts.append(_("%(count)s characters moved elsewhere") % {"count": change.moved_out})
    return f'<span class="policy-rl-stats">{esc(" · ".join(parts))}</span>'


def _read_link(change: SectionChange, view: RedlineView) -> str:
    _ = gettext_for(view.lang)
    if change.status == "removed":
        if view.old_page is None:
            return ""
        label = _("Read it in version %(version)s") % {"version": view.old_label} if view.old_label else _("Read the previous text")
        href = urls.SITE_LINK + view.old_page + "#" + change.id
    else:
        if view.new_page is None:
            return ""
        label = _("Read this section in version %(version)s") % {"version": view.new_label} if view.new_label else _("Read this section")
        href = urls.SITE_LINK + view.new_page + "#" + change.id
    return f'<a class="policy-rl-read" href="{esc(href)}">{esc(label)}</a>'


def title_html(change: SectionChange, lang: str | None = None) -> str:
    """A section's title, with its changes (all inserted for a new section, all deleted for a removed one).
    An untitled opening is named by the catalogs' neutral label (the change history needs a heading)."""
    diff = change.blocks_diff()
    title = _title_block(diff) if diff is not None else None
    if title is None:
        return esc(change.title or untitled_label(lang))
    if change.status == "added":
        return _runs_html([("ins", title.new.tokens)], None) if title.new else esc(change.title)
    if change.status == "removed":
        return _runs_html([("del", title.old.tokens)], None) if title.old else esc(change.title)
    return _runs_html(_pieces(title), None)


def section_html(change: SectionChange, view: RedlineView, titles: dict[str, str], titles_old: dict[str, str]) -> str:
    """One changed section: its title (with changes), what happened to it, and its text with changes."""
    level = min(6, view.level)
    ident = f' id="{esc(view.anchor_prefix + change.id)}"' if view.anchor_prefix is not None else ""
    label = _status_label(change, view.lang, titles_old)
    meta = [f'<span class="policy-rl-badge policy-rl-badge-{esc(change.status)}">{esc(label)}</span>']
    if change.status != "unchanged":
        meta.append(_stats_html(change, view.lang))
    read = _read_link(change, view)
    if read:
        meta.append(read)
    sources = [titles_old.get(s, titles.get(s, s)) for s in change.moved_from]
    origin = ""
    if sources and change.status == "added":
        line = gettext_for(view.lang)("Built from text moved from: %(sections)s") % {"sections": ", ".join(sources)}
        origin = f'<p class="policy-rl-origin">{esc(line)}</p>'
    body = _write_blocks(change, view, {**titles_old, **titles})
    return (
        f'<section class="policy-rl-section policy-rl-section-{esc(change.status)}">'
        f'<h{level}{ident} class="policy-rl-title">{title_html(change, view.lang)}</h{level}>'
        f'<p class="policy-rl-meta">{" · ".join(meta)}</p>' + origin + body + "</section>"
    )


def section_body_html(change: SectionChange, view: RedlineView, titles: dict[str, str], titles_old: dict[str, str]) -> str:
    """A section's text with its changes, without the title heading (the page shows it)."""
    head = ""
    if change.status in ("added", "renamed", "removed"):
        label = _status_label(change, view.lang, titles_old)
        head = f'<p class="policy-rl-meta"><span class="policy-rl-badge policy-rl-badge-{esc(change.status)}">{esc(label)}</span></p>'
    return head + _write_blocks(change, view, {**titles_old, **titles})


def display_order(changes: Sequence[SectionChange]) -> list[SectionChange]:
    """New order, each removed section placed after the section that preceded it in the old text."""
    result = [c for c in changes if c.status != "removed"]
    removed = sorted((c for c in changes if c.status == "removed"), key=lambda c: c.old_position or 0)
    for change in removed:
        position = 0
        for index, other in enumerate(result):
            if other.old_position is not None and change.old_position is not None and other.old_position < change.old_position:
                position = index + 1
        result.insert(position, change)
    return result


def language_redline_html(changes: Sequence[SectionChange], view: RedlineView) -> str:
    """Every section of one language: changed ones in full, unchanged ones collapsed to a linked line."""
    _ = gettext_for(view.lang)
    titles = {c.id: c.title or untitled_label(view.lang) for c in changes}  # an untitled opening is named by the catalogs
    titles_old = {c.old.id: c.old.title or untitled_label(view.lang) for c in changes if c.old is not None}
    parts: list[str] = []
    pending: list[SectionChange] = []

    def flush() -> None:
        if not pending:
            return
        links = []
        for c in pending:
            target = (view.new_page or "") + "#" + c.id
            href = urls.SITE_LINK + target if view.new_page else "#" + c.id
            links.append(f'<a href="{esc(href)}">{esc(titles[c.id])}</a>')
        label = _("Unchanged:") if len(pending) < len(changes) else _("No section changed:")
        parts.append(f'<p class="policy-rl-unchanged">{esc(label)} {", ".join(links)}</p>')
        pending.clear()

    for change in display_order(changes):
        if change.status == "unchanged" and view.omit_unchanged:
            continue
        if change.status == "unchanged" and view.collapse_unchanged:
            pending.append(change)
            continue
        flush()
        parts.append(section_html(change, view, titles, titles_old))
    flush()
    return wrap("".join(parts), view.lang)


# -- whole texts ---------------------------------------------------------------------------------------
def redline_html(old_markdown: str, new_markdown: str, lang: str = "ja") -> str:
    """The redline of two Markdown texts as one HTML fragment (the CLI and the benchmark use it)."""
    from ..compare import redline as compare_redline

    diff = compare_redline(old_markdown, new_markdown)
    view = RedlineView(lang, level=2, anchor_prefix=None, collapse_unchanged=False)
    writer = _Writer(view, {})
    for block in diff.blocks:
        writer.block(block, "", 0)
    writer.close_all()
    return wrap("".join(writer.out), lang)


def release_redline_html(previous: Release | None, release: Release, lang: str, site_url: str | None = None) -> str:
    """What ``release`` changed against ``previous`` in ``lang``, with links made public (feeds)."""
    _ = gettext_for(lang)
    doc = release.text.doc_id
    if previous is None:
        first = _("This is the first release of this document.")
        return f'<p class="policy-rl-first">{esc(first)}</p>'
    changes = compare_language(previous.text.language(lang), release.text.language(lang))
    view = RedlineView(
        lang,
        level=3,
        anchor_prefix=urls.release_anchor(release.version) + "-",
        new_page=urls.release(lang, doc, release.version),
        old_page=urls.release(lang, doc, previous.version),
        new_label=release.version,
        old_label=previous.version,
        omit_unchanged=True,
    )
    return urls.place_links(language_redline_html(changes, view), None, site_url)
