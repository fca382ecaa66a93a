"""``<lang>/<doc>/since/<version>/``: what changed from an older release to the one in force, for readers.

The page a returning visitor is sent to (by assets/policy-notice.js or an e-mail notice): one cumulative
redline from the version they saw to the release in force, made by the change history's engine, with the
releases in between and whether the change needs their consent again. ``api/<doc>/since/<version>.json``
carries the same comparison for apps (publish/since.py).

The comparison is a pure function of the two texts, cached here by the pair of their digests: under
`mkdocs serve` a rebuild reuses it, and the page and the JSON share it.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from datetime import date

from .. import urls
from ..compare import SectionChange, compare_language
from ..diskcache import SINCE, catalog_digest
from ..i18n import gettext_for, long_date
from ..lru import Lru
from ..model import Document, Release
from .html import esc, link
from .pages import TEMPLATE, Lazy, PlannedPage, Planner, front_matter, page_heading, slot
from .redline import RedlineView, language_redline_html, legend_html

# A cumulative comparison is ~0.4 MB at 500 releases (~1000 of them): few are held; its two uses (the since file,
# the since page) are made one after the other (publish/since.py), and the disk keeps both results.
_CHANGES: Lru[list[SectionChange]] = Lru(64)


def cumulative_changes(old: Release, current: Release, lang: str) -> list[SectionChange]:
    """The comparison of ``old`` with ``current`` in ``lang`` (cached by the pair of language digests)."""
    old_text, new_text = old.text.language(lang), current.text.language(lang)
    key = (lang, old_text.digest, new_text.digest)
    return _CHANGES.get_or_make(key, lambda: compare_language(old_text, new_text))


def generation(doc: str, current: Release) -> str:
    """Results on disk are grouped by the release in force: when another takes effect, the old ones go."""
    return f"{doc}/{current.text.digest.removeprefix('sha256:')[:32]}"


_REDLINES: OrderedDict[tuple, str] = OrderedDict()
# Few redlines stay in memory: each is made when its page is written, and the disk holds them all (at 500 releases
# they are ~1000 pages of up to 1 MB); `mkdocs serve` keeps the pages' output itself (serve.py).
_REDLINES_HELD = 8


def redline_key(doc: str, old: Release, current: Release, lang: str, view: RedlineView) -> tuple:
    """Everything a since page's redline is made of: the two texts, their versions (links), the view, the catalog."""
    return (
        doc,
        old.version,
        old.text.language(lang).digest,
        current.version,
        current.text.language(lang).digest,
        lang,
        view,
        catalog_digest(lang),
    )


def since_redline_html(doc: str, old: Release, current: Release, lang: str, view: RedlineView) -> str:
    """The page's redline, kept across rebuilds (in memory under `mkdocs serve`, on disk between builds): a pure
    function of the two texts, their versions (links), the view and the catalog (labels)."""
    key = redline_key(doc, old, current, lang, view)
    found = _REDLINES.get(key)
    if found is None:
        found = SINCE.get(generation(doc, current), ["page", repr(key)])  # the previous build's, on disk
        if found is None:
            found = language_redline_html(cumulative_changes(old, current, lang), view)
            SINCE.put(generation(doc, current), ["page", repr(key)], found)
        _REDLINES[key] = found
        if len(_REDLINES) > _REDLINES_HELD:
            _REDLINES.popitem(last=False)
    else:
        _REDLINES.move_to_end(key)
        SINCE.keep(generation(doc, current), ["page", repr(key)], found)
    return found


def since_releases(document: Document, today: date) -> list[Release]:
    """The releases that get a since page and file: every one before the release in force."""
    current = document.current(today)
    if current is None:
        return []
    return [r for r in document.releases if r.sequence < current.sequence]


def between(document: Document, old: Release, current: Release) -> list[Release]:
    """The releases after ``old`` up to and including ``current``, oldest first."""
    return [r for r in document.releases if old.sequence < r.sequence <= current.sequence]


def consent_required(document: Document, old: Release, current: Release) -> bool:
    """A material release after ``old`` up to the one in force: whoever accepted ``old`` is asked again."""
    return any(r.change == "material" for r in between(document, old, current))


_INTROS: OrderedDict[str, str] = OrderedDict()


def intro_key(document: Document, old: Release, current: Release, lang: str) -> str:
    """Everything a since page's intro is made of (ledger entries in between, dates, catalog), as one digest: the
    entries of every release in between, for every older release, grow with the square of a history's length."""
    steps = between(document, old, current)
    key = (
        document.id,
        old.version,
        current.version,
        current.effective,
        tuple((r.version, r.effective, r.change, r.entry.summary.get(lang, "")) for r in steps),
        lang,
        catalog_digest(lang),
    )
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()


def since_intro(document: Document, old: Release, current: Release, lang: str) -> str:
    """What the page says before the redline: dates, the releases in between with their summaries, links.
    Kept while its inputs (ledger entries, titles, catalog) stay the same: a serve rebuild reuses it."""
    steps = between(document, old, current)
    key = intro_key(document, old, current, lang)
    found = _INTROS.get(key)
    if found is not None:
        return found
    _ = gettext_for(lang)
    doc = document.id
    lead = _("Every change from version %(old)s to version %(current)s, in force since %(effective)s, in one comparison.") % {
        "old": old.version,
        "current": current.version,
        "effective": long_date(current.effective, lang),
    }
    intro = [f"<p>{esc(lead)}</p>"]
    if any(r.change == "material" for r in steps):
        intro.append(f'<p class="policy-since-consent"><strong>{esc(_("These changes include a material change."))}</strong></p>')
    items = [
        _ITEMS.get_or_make((doc, lang, r.version, r.effective, r.entry.summary.get(lang, ""), _), lambda r=r: _item(doc, r, lang))
        for r in steps
    ]
    intro.append(f'<ul class="policy-since-releases">{"".join(items)}</ul>')
    links = [
        link(urls.release(lang, doc, current.version), _("Read version %(version)s") % {"version": current.version}),
        link(urls.release(lang, doc, old.version), _("Read version %(version)s") % {"version": old.version}),
    ]
    intro.append(f'<p class="policy-release-links">{" · ".join(links)}</p>')
    found = "".join(intro) + legend_html(lang)
    _INTROS[key] = found
    if len(_INTROS) > _REDLINES_HELD:
        _INTROS.popitem(last=False)
    return found


# A release's line in the intros: the same on every since page that lists it (a long history lists each many times).
_ITEMS: Lru[str] = Lru(8192)


def _item(doc: str, release: Release, lang: str) -> str:
    _ = gettext_for(lang)
    line = _("Version %(version)s · in force from %(effective)s") % {
        "version": release.version,
        "effective": long_date(release.effective, lang),
    }
    summary = release.entry.summary.get(lang, "")
    anchor = link(urls.changes(lang, doc) + "#" + urls.release_anchor(release.version), line)
    if summary:  # the words around the linked release escaped, in the language's punctuation
        before, _sep, after = _("%(release)s: %(summary)s").partition("%(release)s")
        anchor = esc(before % {"summary": summary}) + anchor + esc(after % {"summary": summary})
    return f"<li>{anchor}</li>"


def page_view(doc: str, old: Release, current: Release, lang: str) -> RedlineView:
    """How the since page shows its redline: sections with their ids, linking to both texts."""
    return RedlineView(
        lang,
        level=2,
        anchor_prefix="",
        new_page=urls.release(lang, doc, current.version),
        old_page=urls.release(lang, doc, old.version),
        new_label=current.version,
        old_label=old.version,
    )


def since_pages(planner: Planner) -> list[PlannedPage]:
    pages: list[PlannedPage] = []
    for document in planner.documents:
        current = document.current(planner.options.today)
        for old in since_releases(document, planner.options.today):
            assert current is not None
            for lang in planner.options.languages:
                pages.append(since_page(planner, document, old, current, lang))
    return pages


def since_page(planner: Planner, document: Document, old: Release, current: Release, lang: str) -> PlannedPage:
    _ = gettext_for(lang)
    doc = document.id
    doc_title = current.text.meta.title.get(lang, doc)
    title = _("%(title)s: what changed since version %(version)s") % {"title": doc_title, "version": old.version}
    view = page_view(doc, old, current, lang)
    markdown = front_matter(title, TEMPLATE, searchable=False) + page_heading(title) + slot("intro") + slot("redline")
    return PlannedPage(
        path=urls.since_page(lang, doc, old.version),
        lang=lang,
        title=title,
        markdown=markdown,
        kind="since",
        doc=doc,
        version=old.version,
        alternates=planner.same_for_all(lambda lg: urls.since_page(lg, doc, old.version)),
        # Made when the page is written (render/pages.py Lazy): at 500 releases the since pages are ~1000 redlines
        # and intros (each lists every release in between), hundreds of megabytes if all were held until written.
        slots={
            "intro": Lazy(intro_key(document, old, current, lang), lambda: since_intro(document, old, current, lang)),
            "redline": Lazy(redline_key(doc, old, current, lang, view), lambda: since_redline_html(doc, old, current, lang, view)),
        },
        feeds=planner.feeds(document, lang),
    )
