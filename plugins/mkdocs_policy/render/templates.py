"""Notices and banners from Jinja templates that a site overrides like any Material partial (SPEC §13).

``policy/notice-translation.html``, ``policy/notice-archived.html``, ``policy/banner-upcoming.html`` and
``policy/release-meta.html`` are looked up along the theme's own search path (the site's ``custom_dir`` first,
then the plugin's templates, then Material's), so a file of that name in ``custom_dir`` replaces the plugin's.
They are rendered when the pages are planned, with plain values (no MkDocs objects): ``_`` translates in the
page's language, ``url(path)`` names a site path (placed relative to each page later), and dates arrive
already written in the page's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2

from ..i18n import gettext_for
from ..urls import SITE_LINK

PACKAGE_TEMPLATES = str(Path(__file__).resolve().parents[1] / "templates")


def site_url(path: str) -> str:
    """A site path in generated HTML: made relative to the page it lands on (urls.place_links)."""
    return SITE_LINK + path


class Templates:
    """The policy partials, found along ``dirs`` (a theme's search path) and then the plugin's own."""

    def __init__(self, dirs: Sequence[str] = ()):
        search = [str(d) for d in dirs if d]
        if PACKAGE_TEMPLATES not in search:
            search.append(PACKAGE_TEMPLATES)
        self.dirs = tuple(search)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(list(self.dirs)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.globals["url"] = site_url

    def render(self, name: str, lang: str, **values: Any) -> str:
        """The partial ``name`` for a page in ``lang``; its whitespace at both ends dropped."""
        template = self.env.get_template(name)
        return template.render(_=gettext_for(lang), lang=lang, **values).strip()
