"""What the theme's templates are given for a planned page: the language switch and the ``policy`` context.

URLs are made here, in the core, from site paths (urls.py); the adapter only hands the result to MkDocs.
"""

from __future__ import annotations

from typing import Any

from .. import urls
from ..i18n import language_name
from .pages import PlannedPage


def theme_link(path: str, site_url: str | None) -> str:
    """A site path as the theme links it: absolute with a site_url, else a site path that the theme's ``url``
    filter places relative to the page (``./`` for the site's root)."""
    return urls.public(path, site_url) if site_url else path or "./"


def alternates(page: PlannedPage, site_url: str | None) -> list[dict[str, str]]:
    """Material's language switch (``extra.alternate``): the same text in every language."""
    return [{"name": language_name(lang), "link": theme_link(path, site_url), "lang": lang} for lang, path in page.alternates.items()]


def template_context(page: PlannedPage, site_url: str | None, languages: list[str]) -> dict[str, Any]:
    """The ``policy`` variable of templates/policy.html and policy-entry.html."""
    return {
        "page": page,
        "announce": page.announce,
        "feeds": [(kind, title, urls.public(path, site_url) if site_url else path) for kind, title, path in page.feeds],
        "x_default": urls.public("", site_url) if site_url else "",
        "redirect": page.redirect,
        "languages": list(languages),
    }
