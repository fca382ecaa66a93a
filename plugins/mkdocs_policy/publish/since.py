"""``api/<doc>/since/<version>.json`` (SPEC §14): what changed from an older release to the one in force.

A user who accepted 1.0 and returns at 1.4 needs one comparison, 1.0 → 1.4, not four: each release before
the one in force gets one cumulative comparison against it, per language, made by the same engine as the
change history (compare/, render/redline.py). The cost stays linear in releases, and the result is a pure
function of the two texts (their digests) and where it is published, so it is cached across `mkdocs serve`
rebuilds by exactly that key.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from .. import urls
from ..compare import SectionChange
from ..diskcache import SINCE, catalog_digest
from ..model import Document, Release
from ..render.redline import RedlineView, display_order, section_html
from ..render.since import between, consent_required, cumulative_changes, generation
from .api import index_entry, public
from .context import PublishContext

CHANGE_ORDER = ("editorial", "minor", "material")  # weakest first: the strongest class in between wins

# (doc, old version, old digest, new version, new digest, lang, site_url, catalog) → the language's JSON.
_CACHE: OrderedDict[tuple, dict[str, Any]] = OrderedDict()
_CACHE_SIZE = 4096


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


def language_since(context: PublishContext, document: Document, old: Release, current: Release, lang: str) -> dict[str, Any]:
    key = (document.id, old.version, old.text.digest, current.version, current.text.digest, lang, context.site_url, catalog_digest(lang))
    found = _CACHE.get(key)
    if found is not None:
        _CACHE.move_to_end(key)
        SINCE.keep(generation(document.id, current), ["json", repr(key)], found)
        return found
    found = SINCE.get(generation(document.id, current), ["json", repr(key)])  # the previous build's, on disk
    if found is not None:
        _CACHE[key] = found
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
    found = {
        "title": text.title,
        "url": public(context, urls.release(lang, document.id, current.version)),
        "since_url": public(context, urls.release(lang, document.id, old.version)),
        "redline_url": public(context, urls.since_page(lang, document.id, old.version)),
        "changed": sum(1 for c in changes if c.changed),
        "sections": sections,
    }
    SINCE.put(generation(document.id, current), ["json", repr(key)], found)
    _CACHE[key] = found
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return found


def since_json(context: PublishContext, document: Document, old: Release, current: Release) -> dict[str, Any]:
    """The cumulative comparison from ``old`` to ``current`` (the release in force), every language."""
    steps = between(document, old, current)
    releases = []
    for release in steps:
        entry = index_entry(context, document, release, with_since=False)  # no links back to since files in one
        entry["summary"] = {lg: release.entry.summary[lg] for lg in context.options.languages if lg in release.entry.summary}
        releases.append(entry)
    return {
        "document": document.id,
        "since": old.version,
        "current": current.version,
        "since_digest": old.text.digest,
        "current_digest": current.text.digest,
        "consent_required": consent_required(document, old, current),
        "consent_version": {"since": old.consent_version, "current": current.consent_version},
        "change": strongest_change(steps),
        "releases": releases,
        "languages": {lang: language_since(context, document, old, current, lang) for lang in context.options.languages},
    }
