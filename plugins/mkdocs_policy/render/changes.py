"""The change history page (``<lang>/<doc>/changes/``) and the draft preview (``<lang>/<doc>/draft/``).

Both are planned as extra pages of the Planner (``change_pages``). The redlines reach the page as
raw-HTML slots, so Markdown never touches them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

from .. import urls
from ..compare import SectionChange, compare_language
from ..diskcache import WARM, catalog_digest, pipeline_stamp
from ..i18n import gettext_for, long_date
from ..lru import Lru
from ..model import ARCHIVED, CURRENT, UPCOMING, Document, Release
from .html import admonition, esc, link, md_escape
from .markdown import MarkdownRenderer, untitled_label
from .pages import TEMPLATE, PlannedPage, Planner, front_matter, page_heading, slot
from .redline import (
    RedlineView,
    display_order,
    language_redline_html,
    legend_html,
    release_redline_html,
    section_body_html,
    section_html,
    title_html,
    wrap,
)

CHANGE_LABELS: dict[str, Callable[[Callable[[str], str]], str]] = {
    "material": lambda _: _("Material change"),
    "minor": lambda _: _("Minor change"),
    "editorial": lambda _: _("Editorial change"),
}
CHANGE_NOTES: dict[str, Callable[[Callable[[str], str]], str]] = {
    "material": lambda _: _("it affects your rights or how your data is handled"),
    "minor": lambda _: _("it does not change how your data is handled"),
    "editorial": lambda _: _("wording, typos or layout only; the meaning is unchanged"),
}


def change_label(change: str, lang: str) -> str:
    """``material`` → "Material change" / 重要な変更, in the reader's language."""
    _ = gettext_for(lang)
    label = CHANGE_LABELS.get(change)
    return label(_) if label else change


def change_pages(planner: Planner) -> list[PlannedPage]:
    """Every document's change history in every language, and its draft preview when asked for."""
    pages: list[PlannedPage] = []
    for lang in planner.options.languages:
        for document in planner.documents:
            pages.extend(changes_pages(planner, document, lang))
            if planner.options.include_draft and document.draft is not None:
                pages.append(draft_page(planner, document, lang))
    return pages


def history_links(planner: Planner, page: PlannedPage) -> None:
    """A page hook: the text in force and every archived release link to what changed in them."""
    if page.kind not in ("current", "release") or page.doc is None or page.version is None or page.lang is None:
        return
    document = next((d for d in planner.documents if d.id == page.doc), None)
    release = document.release(page.version) if document is not None else None
    if release is None or "notices" not in page.slots:
        return
    _ = gettext_for(page.lang)
    anchor = urls.release_changes(page.lang, document.id, release.version, release.sequence, len(document.releases))
    if release.previous is None:
        what = _("Version %(version)s is the first release") % {"version": release.version}
    else:
        what = _("What changed in version %(version)s") % {"version": release.version}
    line = link(anchor, what) + " · " + link(urls.changes(page.lang, document.id), _("History of every change"))
    page.slots["notices"] = f'<p class="policy-history">{line}</p>' + page.slots["notices"]


# -- the change history ----------------------------------------------------------------------------
STATE_LABELS: dict[str, Callable[[Callable[[str], str]], str]] = {
    CURRENT: lambda _: _("In force"),
    UPCOMING: lambda _: _("Not yet in force"),
    ARCHIVED: lambda _: _("No longer in force"),
}


def release_status(document: Document, release: Release, today, lang: str) -> str:
    return STATE_LABELS[document.state(release, today)](gettext_for(lang))


def release_redline(document: Document, release: Release, lang: str) -> tuple[list[SectionChange], RedlineView] | None:
    previous = document.release(release.previous) if release.previous else None
    if previous is None:
        return None
    changes = compare_language(previous.text.language(lang), release.text.language(lang))
    view = RedlineView(
        lang,
        level=3,
        anchor_prefix=urls.release_anchor(release.version) + "-",
        new_page=urls.release(lang, document.id, release.version),
        old_page=urls.release(lang, document.id, previous.version),
        new_label=release.version,
        old_label=previous.version,
    )
    return changes, view


# (document, language, ledger entry, state, both texts' digests, catalog) -> the release's HTML on the change
# history. The HTML is a pure function of that key, so a `mkdocs serve` rebuild after a draft edit makes none of
# it again (the comparisons are cached too, by the texts' digests, in compare/).
_RELEASE_HTML: Lru[str] = Lru(4096)


def release_html(planner: Planner, document: Document, release: Release, lang: str) -> str:
    """One release on the change history (cached by everything it is made from)."""
    previous = document.release(release.previous) if release.previous else None
    entry = release.entry
    key = (
        document.id,
        lang,
        (entry.version, entry.published, entry.effective, entry.change, tuple(sorted(entry.summary.items()))),
        document.state(release, planner.options.today),
        previous.version if previous is not None else None,
        previous.text.language(lang).digest if previous is not None else None,
        release.text.language(lang).digest,
        gettext_for(lang),  # a catalog edited under `mkdocs serve` is a new one (i18n.translations)
    )
    return _RELEASE_HTML.get_or_make(key, lambda: _kept_release_html(planner, document, release, lang, key))


def _kept_release_html(planner: Planner, document: Document, release: Release, lang: str, key: tuple) -> str:
    """The entry from the previous build's cache on disk (diskcache.WARM), else made and kept there. On disk the
    key names the catalog by its content and the Markdown pipeline that cut the blocks (with its packages'
    versions). Entries of one history stay together (a release's state is in the key: each release leaves at
    most one entry per state and language); new code or a new pipeline starts a new generation."""
    renderer = planner.renderer or MarkdownRenderer()
    stamp = pipeline_stamp(renderer.pipeline.key, renderer.pipeline.extensions)
    generation = f"changes/{document.id}/{stamp}"
    disk_key = ["release", *key[:-1], catalog_digest(lang)]
    found = WARM.get(generation, disk_key)
    if not isinstance(found, str):
        found = _release_html(planner, document, release, lang)
        WARM.put(generation, disk_key, found)
    return found


_FEED_REDLINES: Lru[str] = Lru(4096)


def feed_redline_html(renderer: MarkdownRenderer, previous: Release | None, release: Release, lang: str, site_url: str | None) -> str:
    """``render.redline.release_redline_html`` (a feed item's redline), kept in memory under `mkdocs serve` and on
    disk between builds (diskcache.WARM), by both texts, their versions, the site's address, the catalog and the
    Markdown pipeline."""
    doc = release.text.doc_id
    old = previous.text.language(lang).digest if previous is not None else None
    key = (
        doc,
        lang,
        previous.version if previous is not None else None,
        old,
        release.version,
        release.text.language(lang).digest,
        site_url,
    )
    return _FEED_REDLINES.get_or_make(
        (*key, gettext_for(lang)), lambda: _kept_feed_redline(renderer, previous, release, lang, site_url, key)
    )


def _kept_feed_redline(
    renderer: MarkdownRenderer, previous: Release | None, release: Release, lang: str, site_url: str | None, key: tuple
) -> str:
    stamp = pipeline_stamp(renderer.pipeline.key, renderer.pipeline.extensions)
    generation = f"feeds/{release.text.doc_id}/{stamp}"
    disk_key = ["feed", *key, catalog_digest(lang)]
    found = WARM.get(generation, disk_key)
    if not isinstance(found, str):
        found = release_redline_html(previous, release, lang, site_url=site_url)
        WARM.put(generation, disk_key, found)
    return found


def _release_html(planner: Planner, document: Document, release: Release, lang: str) -> str:
    """One release on the change history: dates, class, summary, links, redline."""
    _ = gettext_for(lang)
    today = planner.options.today
    label = change_label(release.change, lang)
    note_of = CHANGE_NOTES.get(release.change)
    note = note_of(_) if note_of else ""
    rows = [
        (_("Published"), esc(long_date(release.published, lang))),
        (_("In force from"), esc(long_date(release.effective, lang))),
        (
            _("Type of change"),
            f'<span class="policy-change policy-change-{esc(release.change)}">{esc(label)}</span>'
            + (f' <span class="policy-change-note">({esc(note)})</span>' if note else ""),
        ),
        (_("Status"), esc(release_status(document, release, today, lang))),
    ]
    meta = "".join(f"<div><dt>{esc(term)}</dt><dd>{value}</dd></div>" for term, value in rows)
    summary = release.entry.summary.get(lang, "")
    links = [
        link(urls.release(lang, document.id, release.version), _("Read version %(version)s") % {"version": release.version}),
        link(urls.api_release(document.id, release.version), _("Release data (JSON)"), type="application/json"),
    ]
    parts = [
        f'<div class="policy-release-changes" data-policy-version="{esc(release.version)}">',
        f'<dl class="policy-release-meta">{meta}</dl>',
        f'<p class="policy-summary">{esc(summary)}</p>' if summary else "",
        f'<p class="policy-release-links">{" · ".join(links)}</p>',
    ]
    redline = release_redline(document, release, lang)
    if redline is None:
        first = _("This is the first release of this document: there is no earlier text to compare it with.")
        parts.append(f'<p class="policy-rl-first">{esc(first)}</p>')
    else:
        changes, view = redline
        against = _("Changes against version %(version)s:") % {"version": view.old_label}
        parts.append(f'<p class="policy-rl-against">{esc(against)}</p>')
        parts.append(language_redline_html(changes, view))
    parts.append("</div>")
    return "".join(parts)


def history_pages(document: Document) -> list[tuple[Release, ...]]:
    """The releases of each page of the change history, newest first (``urls.RELEASES_PER_PAGE`` a page)."""
    newest_first = tuple(reversed(document.releases))
    size = urls.RELEASES_PER_PAGE
    return [newest_first[start : start + size] for start in range(0, len(newest_first), size)] or [()]


def pager_html(document: Document, lang: str, number: int, count: int) -> str:
    """Links between the pages of the change history: newer, every page, older."""
    if count <= 1:
        return ""
    _ = gettext_for(lang)
    items = []
    for other in range(1, count + 1):
        label = str(other)
        if other == number:
            items.append(
                f'<li><a aria-current="page" href="{urls.SITE_LINK}{esc(urls.changes_page(lang, document.id, other))}">{label}</a></li>'
            )
        else:
            items.append(f"<li>{link(urls.changes_page(lang, document.id, other), label)}</li>")
    ends = []
    if number > 1:
        ends.append(link(urls.changes_page(lang, document.id, number - 1), _("Newer releases"), rel="prev"))
    if number < count:
        ends.append(link(urls.changes_page(lang, document.id, number + 1), _("Older releases"), rel="next"))
    where = _("Page %(page)s of %(pages)s") % {"page": number, "pages": count}
    moved = ""
    if number == 1:
        # Links to `changes/#v<version>` made before the history had pages keep working: policy.js sends a
        # reader whose anchor is not on this page to the page that shows it (without JS, each release's own
        # page links to the right page).
        here = urls.changes_page(lang, document.id, 1)
        index = {
            urls.release_anchor(r.version): urls.relative(urls.changes_page(lang, document.id, page_number), here)
            for page_number, chunk in enumerate(history_pages(document), start=1)
            if page_number > 1
            for r in chunk
        }
        moved = f' data-policy-history="{esc(json.dumps(index, ensure_ascii=False, separators=(",", ":")))}"'
    return (
        f'<nav class="policy-pager" aria-label="{esc(_("Pages of the change history"))}"{moved}>'
        f'<p class="policy-pager-where">{esc(where)}</p><ol class="policy-pager-pages">{"".join(items)}</ol>'
        f'<p class="policy-pager-ends">{" · ".join(ends)}</p></nav>'
    )


def changes_pages(planner: Planner, document: Document, lang: str) -> list[PlannedPage]:
    """The change history of a document in one language, split into pages (newest releases at ``changes/``)."""
    chunks = history_pages(document)
    return [changes_page(planner, document, lang, number, len(chunks), releases) for number, releases in enumerate(chunks, start=1)]


def changes_page(
    planner: Planner, document: Document, lang: str, number: int = 1, count: int = 1, releases: tuple[Release, ...] | None = None
) -> PlannedPage:
    """Page ``number`` of ``count`` of the change history; ``releases`` the ones it shows (default: all)."""
    _ = gettext_for(lang)
    doc_title = document.title.get(lang, document.id)
    title = _("%(title)s: change history") % {"title": doc_title}
    if number > 1:
        title = title + " (" + _("Page %(page)s of %(pages)s") % {"page": number, "pages": count} + ")"
    shown = tuple(reversed(document.releases)) if releases is None else releases
    today = planner.options.today
    current = document.current(today)
    upcoming = document.upcoming(today)
    slots: dict[str, str] = {}
    # Older pages stay out of search, as archived texts do: a long history would make the index tens of megabytes.
    markdown = [front_matter(title, TEMPLATE, searchable=number == 1), page_heading(title), slot("intro")]
    if document.releases:
        intro = _(
            "Every release of this document, newest first: when it was published, when it takes effect, what kind of change it is, and the changes against the release before it."
        )
        intro_html = f"<p>{esc(intro)}</p>"
        if current is not None:
            intro_html += (
                "<p>"
                + link(urls.document(lang, document.id), _("Read the version in force (%(version)s)") % {"version": current.version})
                + "</p>"
            )
        slots["intro"] = intro_html + legend_html(lang) + pager_html(document, lang, number, count)
    else:
        slots["intro"] = admonition(
            "note", _("Not yet published"), esc(_("No release of this document has been published yet.")), "policy-none"
        )
    latest = document.latest
    if latest is not None:
        notice = planner.translation_notice(latest.text, lang, lambda lg: urls.changes_page(lg, document.id, number))
        if notice:
            slots["intro"] = notice + slots["intro"]
    for release in shown:
        anchor = urls.release_anchor(release.version)
        heading = _("Version %(version)s") % {"version": release.version}
        markdown.append(f"\n## {md_escape(heading)} {{#{anchor}}}\n")
        key = f"release-{anchor}"
        markdown.append(slot(key))
        slots[key] = release_html(planner, document, release, lang)
    if count > 1:
        markdown.append(slot("pager"))
        slots["pager"] = pager_html(document, lang, number, count)
    return PlannedPage(
        path=urls.changes_page(lang, document.id, number),
        lang=lang,
        title=title,
        markdown="".join(markdown),
        kind="changes",
        doc=document.id,
        alternates=planner.same_for_all(lambda lg: urls.changes_page(lg, document.id, number)),
        announce=planner.upcoming_banner(document, upcoming, lang) if upcoming is not None else "",
        slots=slots,
        feeds=planner.feeds(document, lang),
        in_nav=number == 1,
        nav_title=title,
    )


# -- the draft preview -----------------------------------------------------------------------------
def draft_page(planner: Planner, document: Document, lang: str) -> PlannedPage:
    """The working tree, marked unpublished, with its changes against the latest release."""
    assert document.draft is not None
    _ = gettext_for(lang)
    doc_title = document.draft.meta.title.get(lang, document.id)
    title = _("%(title)s (draft)") % {"title": doc_title}
    latest = document.latest
    banner_text = _("Draft preview: this text is not published and not in force.")
    announce = f'<p class="policy-draft-banner" data-policy-draft="{esc(document.id)}">{esc(banner_text)}</p>'
    if latest is not None:
        lead = _("This is the working text, not a release. Its differences from version %(version)s, the latest release, are marked.") % {
            "version": latest.version
        }
    else:
        lead = _("This is the working text, not a release. No release has been published yet, so there is nothing to compare it with.")
    toggle_label = _("Show the text without marks")
    toggle = (
        f'<p class="policy-draft-toggle"><label><input type="checkbox" class="policy-draft-toggle-input"> {esc(toggle_label)}</label></p>'
    )
    notice = admonition("warning", _("Not published"), esc(lead), "policy-draft-notice")
    new_text = document.draft.language(lang)
    # Without a release there is nothing to compare with: the text is shown as it is.
    changes = compare_language(latest.text.language(lang) if latest is not None else new_text, new_text)
    view = RedlineView(
        lang,
        level=2,
        anchor_prefix="",
        new_page=None,
        old_page=urls.release(lang, document.id, latest.version) if latest is not None else None,
        old_label=latest.version if latest is not None else "",
        collapse_unchanged=False,
        keep_ids=True,
    )
    titles = {c.id: c.title or untitled_label(lang) for c in changes}  # an untitled opening is named by the catalogs
    titles_old = {c.old.id: c.old.title or untitled_label(lang) for c in changes if c.old is not None}
    body: list[str] = []
    toc: list[dict] = []
    for change in display_order(changes):
        if change.status == "removed":
            # Not in the draft: shown struck through, without an id (the draft has no such section).
            body.append(section_html(change, replace(view, anchor_prefix=None), titles, titles_old))
            continue
        body.append(
            f'<section class="policy-rl-section policy-rl-section-{esc(change.status)}"><h2 id="{esc(change.id)}">{title_html(change, lang)}</h2>'
        )
        body.append(section_body_html(change, view, titles, titles_old))
        body.append("</section>")
        toc.append({"level": 2, "id": change.id, "name": esc(change.title or untitled_label(lang))})  # TOC names are HTML: text escaped
        diff = change.blocks_diff()
        for block in diff.blocks[1:] if diff is not None else ():
            node = block.new if block.in_new else None
            if node is not None and node.kind == "heading" and node.anchor:
                toc.append({"level": min(6, node.level), "id": node.anchor, "name": esc(node.text)})
    markdown = front_matter(title, TEMPLATE) + page_heading(title) + slot("notices") + slot("draft")
    slots = {
        "notices": notice + (toggle + legend_html(lang) if latest is not None else ""),
        "draft": wrap("".join(body), lang, "policy-draft"),
    }
    page = PlannedPage(
        path=urls.draft(lang, document.id),
        lang=lang,
        title=title,
        markdown=markdown,
        kind="draft",
        doc=document.id,
        alternates=planner.same_for_all(lambda lg: urls.draft(lg, document.id)),
        announce=announce,
        slots=slots,
        feeds=planner.feeds(document, lang),
        in_nav=True,
        nav_title=title,
        toc=toc,
    )
    return page
