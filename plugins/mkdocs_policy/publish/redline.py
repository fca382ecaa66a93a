"""The redline of a release in one language, for the feeds' ``content_html``.

``release_redline_html`` is the one place that asks the comparison engine for a redline: when the
redline renderer (``render/redline.py``) offers one it is used; otherwise the list of changed sections
(status and character counts, linked to the release page) stands in for it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

from .. import urls
from ..compare import SectionChange, compare_language
from ..i18n import gettext_for
from ..model import Release
from ..render.html import esc, link

# Names the redline renderer may offer, with the signature (previous, release, lang, site_url=…) -> HTML.
REDLINE_FUNCTIONS = ("release_redline_html",)


def _engine() -> Callable[..., str] | None:
    try:
        module = importlib.import_module("mkdocs_policy.render.redline")
    except ImportError:
        return None
    for name in REDLINE_FUNCTIONS:
        function = getattr(module, name, None)
        if callable(function):
            return function
    return None


def release_redline_html(
    previous: Release | None,
    release: Release,
    lang: str,
    *,
    changes: Sequence[SectionChange] | None = None,
    site_url: str | None = None,
) -> str:
    """HTML of what ``release`` changed against ``previous`` in ``lang`` (<ins>/<del> when the engine is there)."""
    engine = _engine()
    if engine is not None:
        return engine(previous, release, lang, site_url=site_url)
    if changes is None:
        changes = compare_language(previous.text.language(lang) if previous else None, release.text.language(lang))
    return section_list_html(release, lang, changes, site_url)


def section_list_html(release: Release, lang: str, changes: Sequence[SectionChange], site_url: str | None) -> str:
    """The changed sections as a list: title (linked), what happened, characters inserted and deleted."""
    _ = gettext_for(lang)
    doc = release.text.doc_id
    items = []
    for change in changes:
        if change.status == "unchanged":
            continue
        section = change.old if change.status == "removed" else change.new
        if section is None:
            continue
        version = release.previous if change.status == "removed" and release.previous else release.version
        href = urls.public(urls.release(lang, doc, version) + "#" + section.id, site_url)
        label = {
            "added": _("Section added"),
            "removed": _("Section removed"),
            "modified": _("Section modified"),
            "renamed": _("Section renamed (was %(old)s)") % {"old": change.renamed_from or ""},
        }.get(change.status, change.status)
        counts = _("%(inserted)s characters inserted, %(deleted)s deleted") % {"inserted": change.inserted, "deleted": change.deleted}
        items.append(
            f'<li class="policy-{esc(change.status)}">{link(href, section.title)}: {esc(label)} <small>({esc(counts)})</small></li>'
        )
    if not items:
        return f'<p class="policy-redline">{esc(_("No section changed in this language."))}</p>'
    return '<ul class="policy-redline">' + "".join(items) + "</ul>"
