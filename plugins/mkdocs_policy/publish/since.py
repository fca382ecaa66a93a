"""``api/<doc>/since/<version>.json`` (SPEC §14): what changed from an older release to the one in force.

A user who accepted 1.0 and returns at 1.4 needs one comparison, 1.0 → 1.4, not four: each release before
the one in force gets one cumulative comparison against it, per language, made by the same engine as the
change history (compare/, render/redline.py). The cost stays linear in releases, and the result is a pure
function of the two texts (their digests) and where it is published, so it is cached across `mkdocs serve`
rebuilds by exactly that key.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .. import urls
from ..compare import SectionChange
from ..diskcache import SINCE, catalog_digest
from ..lru import Lru
from ..model import Document, Release
from ..render.redline import RedlineView, display_order, section_html
from ..render.since import between, consent_required, cumulative_changes, generation, page_view, since_redline_html
from .api import index_entry, public
from .context import PublishContext

CHANGE_ORDER = ("editorial", "minor", "material")  # weakest first: the strongest class in between wins


def strongest_change(releases: Sequence[Release]) -> str:
    return max((r.change for r in releases), key=CHANGE_ORDER.index, default="editorial")


def since_view(lang: str, doc: str, old: Release, current: Release) -> RedlineView:
    """Section redlines without ids (a fragment placed in someone else's page), linking to both texts."""
    return RedlineView(
        lang,
        level=3,
        anchor_prefix=None,
        new_page=urls.release(lang, doc, current.version),
        old_page=urls.release(lang, doc, old.version),
        new_label=current.version,
        old_label=old.version,
        collapse_unchanged=False,
    )


def section_item(context: PublishContext, doc: str, old: Release, current: Release, lang: str, change: SectionChange, html: str | None):
    removed = change.status == "removed"
    section = change.old if removed else change.new
    assert section is not None, change
    page_version = old.version if removed else current.version
    item: dict[str, Any] = {
        "id": section.id,
        "title": section.title,
        "status": change.status,
    }
    if change.status == "renamed":
        item["renamed_from"] = change.renamed_from
    item["url"] = public(context, urls.release(lang, doc, page_version) + "#" + section.id)
    item["stats"] = {"inserted": change.inserted, "deleted": change.deleted}
    item["html"] = html
    return item


def language_since(context: PublishContext, document: Document, old: Release, current: Release, lang: str) -> str:
    """One language of a since file, as JSON text, kept on disk for the next build (not in memory: the published
    file holds it; under `mkdocs serve` the API is reused as a whole while no release changes)."""
    key = (document.id, old.version, old.text.digest, current.version, current.text.digest, lang, context.site_url, catalog_digest(lang))
    found = SINCE.get(generation(document.id, current), ["json", repr(key)])  # the previous build's, on disk
    if found is not None:
        return found
    changes = display_order(cumulative_changes(old, current, lang))
    view = since_view(lang, document.id, old, current)
    titles = {c.id: c.title for c in changes}
    titles_old = {c.old.id: c.old.title for c in changes if c.old is not None}
    sections = []
    for change in changes:
        html = None
        if change.changed:
            html = urls.place_links(section_html(change, view, titles, titles_old), None, context.site_url)
        sections.append(section_item(context, document.id, old, current, lang, change, html))
    text = current.text.language(lang)
    data = {
        "title": text.title,
        "url": public(context, urls.release(lang, document.id, current.version)),
        "since_url": public(context, urls.release(lang, document.id, old.version)),
        "redline_url": public(context, urls.since_page(lang, document.id, old.version)),
        "changed": sum(1 for c in changes if c.changed),
        "sections": sections,
    }
    found = json.dumps(data, ensure_ascii=False)  # the style of dump_json (publish/__init__.py), without its newline
    SINCE.put(generation(document.id, current), ["json", repr(key)], found)
    if SINCE.directory is not None:
        # The since page's redline from the same comparison, while it is at hand: kept on disk until MkDocs writes
        # the page (render/since.py), so that no build holds every comparison of a long history at once.
        since_redline_html(document.id, old, current, lang, page_view(document.id, old, current, lang))
    return found


def since_text(context: PublishContext, document: Document, old: Release, current: Release) -> str:
    """The since file as published: ``json.loads(since_text(…)) == since_json(…)``, the same bytes as
    ``dump_json(since_json(…))``, made from the languages' kept JSON texts."""
    head = since_head(context, document, old, current, releases=False)
    # Each release's entry is written once for every since file that lists it (a long history lists each many
    # times): the same bytes json.dumps writes for the whole list.
    steps = ", ".join(_entry_text(context, document, release) for release in between(document, old, current))
    languages = ", ".join(
        f"{json.dumps(lang, ensure_ascii=False)}: {language_since(context, document, old, current, lang)}"
        for lang in context.options.languages
    )
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "releases": [' + steps + '], "languages": {' + languages + "}}\n"


_ENTRIES: Lru[str] = Lru(8192)


def _entry_text(context: PublishContext, document: Document, release: Release) -> str:
    key = (
        context.site_url,
        tuple(context.options.languages),
        document.id,
        release.version,
        release.sequence,
        release.published,
        release.effective,
        release.change,
        release.consent_version,
        release.text.digest,
        tuple(sorted(release.entry.summary.items())),
    )
    return _ENTRIES.get_or_make(key, lambda: json.dumps(_release_entry(context, document, release), ensure_ascii=False))


def _release_entry(context: PublishContext, document: Document, release: Release) -> dict[str, Any]:
    entry = index_entry(context, document, release, with_since=False)  # no links back to since files in one
    entry["summary"] = {lg: release.entry.summary[lg] for lg in context.options.languages if lg in release.entry.summary}
    return entry


def since_json(context: PublishContext, document: Document, old: Release, current: Release) -> dict[str, Any]:
    """The cumulative comparison from ``old`` to ``current`` (the release in force), every language, as data."""
    return json.loads(since_text(context, document, old, current))


def since_head(context: PublishContext, document: Document, old: Release, current: Release, releases: bool = True) -> dict[str, Any]:
    """Everything but ``languages`` (``releases=False``: nor ``releases``, the last key)."""
    steps = between(document, old, current)
    head = {
        "document": document.id,
        "since": old.version,
        "current": current.version,
        "since_digest": old.text.digest,
        "current_digest": current.text.digest,
        "consent_required": consent_required(document, old, current),
        "consent_version": {"since": old.consent_version, "current": current.consent_version},
        "change": strongest_change(steps),
    }
    if releases:
        head["releases"] = [_release_entry(context, document, release) for release in steps]
    return head
