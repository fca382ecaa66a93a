"""Babel: UI strings from the gettext catalogs in ``locales/``, dates and language names.

Catalogs are read from the ``.po`` files and compiled in memory, so a checkout needs no build step.
"""

from __future__ import annotations

import gettext
import os
from datetime import date
from functools import lru_cache
from importlib import resources
from io import BytesIO

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "messages"


@lru_cache(maxsize=64)  # importlib.resources is slow, and pages ask for their catalog thousands of times
def _catalog_path(lang: str):
    return resources.files("mkdocs_policy.locales").joinpath(lang, "LC_MESSAGES", f"{DOMAIN}.po")


def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang``, compiled again when its file changed (`mkdocs serve` watches locales/)."""
    try:
        stamp = os.stat(str(_catalog_path(lang))).st_mtime_ns
    except OSError:
        stamp = None
    return _compiled(lang, stamp)


@lru_cache(maxsize=64)
def _compiled(lang: str, stamp: int | None) -> gettext.NullTranslations:
    po = _catalog_path(lang)
    if stamp is None or not po.is_file():
        return gettext.NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(lang: str):
    return translations(lang).gettext


@lru_cache(maxsize=8192)
def long_date(value: date, lang: str) -> str:
    """``2026年11月25日`` / ``November 25, 2026``."""
    return format_date(value, format="long", locale=_locale(lang))


@lru_cache(maxsize=64)
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def language_name(lang: str, in_lang: str | None = None) -> str:
    """A language's name, by default in itself (日本語, English); ``in_lang`` names it in another."""
    name = Locale.parse(lang).get_display_name(in_lang or lang) or lang
    return name[:1].upper() + name[1:]
