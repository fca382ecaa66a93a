"""``api/<doc>/releases.json`` and ``api/<doc>/<version>.json`` (SPEC §4–5), as plain data."""

from __future__ import annotations

from typing import Any

from .. import urls
from ..compare import SectionChange
from ..model import Document, Release
from .context import PublishContext


def public(context: PublishContext, path: str) -> str:
    """Absolute when the site has a site_url, else root-relative (SPEC §5)."""
    return urls.public(path, context.site_url)


def changes_url(context: PublishContext, lang: str, document: Document, release: Release) -> str:
    """The release on the change history: the page that shows it on this build (SPEC §5 ``changes_url``)."""
    return public(context, urls.release_changes(lang, document.id, release.version, release.sequence, len(document.releases)))


def index_entry(context: PublishContext, document: Document, release: Release, with_since: bool = True) -> dict[str, Any]:
    """A release's entry in releases.json (also carried by every feed item under ``_policy``)."""
    entry: dict[str, Any] = {
        "version": release.version,
        "sequence": release.sequence,
        "published": release.published.isoformat(),
        "effective": release.effective.isoformat(),
        "change": release.change,
        "consent_version": release.consent_version,
        "digest": release.text.digest,  # already written sha256:<hex>
        "url": public(context, urls.api_release(document.id, release.version)),
    }
    since = since_url(context, document, release) if with_since else None
    if since is not None:  # what changed from this release to the one in force (publish/since.py)
        entry["since"] = since
    return entry


def since_url(context: PublishContext, document: Document, release: Release) -> str | None:
    """``api/<doc>/since/<version>.json`` of a release before the one in force, else None (SPEC §14)."""
    current = document.current(context.options.today)
    if current is None or release.sequence >= current.sequence:
        return None
    return public(context, urls.api_since(document.id, release.version))


def index_json(context: PublishContext, document: Document) -> dict[str, Any]:
    today = context.options.today
    current = document.current(today)
    upcoming = document.upcoming(today)
    latest = document.latest
    return {
        "document": document.id,
        "title": {lang: document.title[lang] for lang in context.options.languages if lang in document.title},
        "current": current.version if current else None,
        "latest": latest.version if latest else None,
        "upcoming": upcoming.version if upcoming else None,
        "consent_version": current.consent_version if current else None,
        "releases": [index_entry(context, document, release) for release in document.releases],
    }


def section_json(context: PublishContext, document: Document, release: Release, lang: str, change: SectionChange) -> dict[str, Any]:
    """One section; a removed one is described as the previous release had it."""
    removed = change.status == "removed"
    section = change.old if removed else change.new
    assert section is not None, change
    page_version = release.previous if removed and release.previous else release.version
    item: dict[str, Any] = {
        "id": section.id,
        "title": section.title or None,  # None: an untitled opening (SPEC §11)
        "url": public(context, urls.release(lang, document.id, page_version) + "#" + section.id),
        "digest": f"sha256:{section.digest}",
        "status": change.status,
    }
    if change.status == "renamed":
        item["renamed_from"] = change.renamed_from
    item["markdown"] = section.markdown
    item["html"] = context.renderer.render(section.markdown, key=section.digest, anchor=section.id)
    item["stats"] = {"inserted": change.inserted, "deleted": change.deleted}
    return item


def ordered_changes(release: Release, previous: Release | None, lang: str, changes: list[SectionChange]) -> list[SectionChange]:
    """This release's sections in document order, then the removed ones in the previous release's order."""
    by_new = {c.new.id: c for c in changes if c.new is not None and c.status != "removed"}
    removed = {c.old.id: c for c in changes if c.status == "removed" and c.old is not None}
    ordered = [by_new[sid] for sid in release.text.language(lang).section_ids if sid in by_new]
    old_order = previous.text.language(lang).section_ids if previous is not None else ()
    ordered += [removed[sid] for sid in old_order if sid in removed]
    ordered += [removed[sid] for sid in sorted(removed) if sid not in old_order]
    return ordered


def release_json(context: PublishContext, document: Document, release: Release) -> dict[str, Any]:
    previous = document.release(release.previous) if release.previous else None
    languages: dict[str, Any] = {}
    for lang in context.options.languages:
        text = release.text.language(lang)
        changes = ordered_changes(release, previous, lang, context.changes(previous, release, lang))
        languages[lang] = {
            "title": text.title,
            "url": public(context, urls.release(lang, document.id, release.version)),
            "changes_url": changes_url(context, lang, document, release),
            "digest": f"sha256:{text.digest}",
            "sections": [section_json(context, document, release, lang, change) for change in changes],
        }
        if context.pdf:  # the release's PDF (publish/pdf.py), unless the site turned PDFs off
            languages[lang]["pdf"] = public(context, urls.pdf(lang, document.id, release.version))
    return {
        "document": document.id,
        "version": release.version,
        "sequence": release.sequence,
        "previous": release.previous,
        "change": release.change,
        "consent_version": release.consent_version,
        "published": release.published.isoformat(),
        "effective": release.effective.isoformat(),
        "authoritative_language": release.text.meta.authoritative,
        "digest": release.text.digest,
        "summary": {lang: release.entry.summary[lang] for lang in context.options.languages if lang in release.entry.summary},
        "languages": languages,
    }
