"""What the plugin does to MkDocs' own objects, so that plugin.py holds only the event handlers and their wiring.

Each function works on one MkDocs structure (the navigation, a page's table of contents, Material's search
settings, the configuration) and is named after what it does; what has a meaning without MkDocs stays in the
core (build.py, render/, serve.py). With plugin.py and config.py, this is the only module that knows MkDocs.
"""

from __future__ import annotations

import logging
import os
import warnings
from itertools import pairwise
from pathlib import Path

from markdown.extensions.toc import nest_toc_tokens
from mkdocs import __version__ as mkdocs_version
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc
from mkdocs.utils import CountHandler

from .render.pages import PlannedPage, slot_html
from .serve import surroundings

PACKAGE = Path(__file__).parent
# Material's search (lang ja) cuts the indexed text with TinySegmenter, but a query only at its separator and,
# for runs of kanji, at words of the index: a compound that runs from kanji into katakana (個人データ) stayed one
# query term that no indexed word starts with. Its separator accepts zero-width matches: a boundary between
# kanji and katakana splits the query as TinySegmenter splits the text (SPEC §13).
KANJI = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u3005\\u3006"
KATAKANA = "\\u30a0-\\u30ff\\u31f0-\\u31ff\\uff66-\\uff9f"
JAPANESE_SEARCH_BOUNDARY = f"(?<=[{KANJI}])(?=[{KATAKANA}])|(?<=[{KATAKANA}])(?=[{KANJI}])"


def with_headings(toc: TableOfContents, headings: list[dict]) -> TableOfContents:
    """``toc`` with flat headings (level, id, name) appended, nested as Markdown's toc extension nests them."""
    flat: list[dict] = []

    def walk(items) -> None:
        for item in items:
            flat.append({"level": item.level, "id": item.id, "name": item.title})
            walk(item.children)

    walk(toc)
    flat.extend(dict(heading) for heading in headings)
    return get_toc(nest_toc_tokens(flat))


def surroundings_of(pages: list[PlannedPage], files: Files, config: MkDocsConfig) -> str:
    """What the theme renders around every generated page, as plain data for the serve cache (serve.py)."""
    nav = [(p.src_uri, p.lang or "", p.title, p.nav_title) for p in pages if p.in_nav]
    site_pages = [file.abs_src_path or "" for file in files.documentation_pages()]
    settings = [(key, repr(value)) for key, value in config.items() if key not in ("plugins", "extra")]
    settings += [(f"extra.{key}", repr(value)) for key, value in config.extra.items() if key != "alternate"]
    settings += [(f"plugins.{name}", repr(dict(plugin.config))) for name, plugin in config.plugins.items()]
    return surroundings(nav, site_pages, (config.theme.custom_dir, str(PACKAGE / "templates")), settings)


def no_web_fonts_unless_configured(config: MkDocsConfig) -> None:
    """A privacy policy asks no third party for anything by default: Material's Google Fonts stay off
    unless the site sets ``theme.font`` itself (SPEC §10)."""
    with warnings.catch_warnings():  # MkDocs marks user_configs deprecated; it is the only record of what the site set
        warnings.simplefilter("ignore", DeprecationWarning)
        user_configs = list(config.user_configs)
    for user_config in user_configs:
        theme = user_config.get("theme")
        if isinstance(theme, dict) and "font" in theme:
            return
    config.theme["font"] = False


def strict_warnings(config: MkDocsConfig) -> bool:
    """MkDocs aborts a --strict build with warnings right after on_post_build: then the site must stay."""
    if not config.strict:
        return False
    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)


def without_policy_pages(items: list, generated: dict[str, PlannedPage]) -> list:
    """The site's own navigation items, without the generated pages (they get a navigation per language)."""
    kept = []
    for item in items:
        if isinstance(item, Page):
            if item.file.src_uri not in generated:
                kept.append(item)
        elif getattr(item, "children", None) is not None:
            item.children = without_policy_pages(item.children, generated)
            if item.children:
                kept.append(item)
        else:
            kept.append(item)
    return kept


def language_navigation(lang: str, generated: dict[str, PlannedPage], site_nav: Navigation, files: Files) -> Navigation:
    """The navigation of ``lang``'s pages: its generated pages in the navigation (not archived releases: Material
    embeds the whole navigation in every page, so listing every release would grow the site quadratically),
    then the site's own items."""
    pages = []
    for planned in generated.values():
        file = files.get_file_from_path(planned.src_uri) if planned.lang == lang and planned.in_nav else None
        if file is not None and file.page is not None:
            pages.append(file.page)
    return Navigation([*pages, *site_nav.items], [*pages, *site_nav.pages])


def link_footers(generated: dict[str, PlannedPage], navs: dict[str, Navigation], files: Files) -> None:
    """The footer's previous/next links (navigation.footer) stay within the reader's language and the
    navigation: MkDocs chained every generated page alphabetically (an English release's "Next" was the
    Japanese home)."""
    for planned in generated.values():
        file = files.get_file_from_path(planned.src_uri)
        if file is not None and file.page is not None:
            file.page.previous_page = file.page.next_page = None
    for lang_nav in navs.values():
        chain = [page for page in lang_nav.pages if page.file.src_uri in generated]
        for before, after in pairwise(chain):
            before.next_page, after.previous_page = after, before


def japanese_search(config: MkDocsConfig, languages: list[str]) -> None:
    """Adds the kanji/katakana boundary to the separator of Material's search index (see above)."""
    if "ja" not in languages:
        return
    search = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(search, "search_index", None)
    settings = getattr(index, "config", None)
    if not isinstance(settings, dict) or not settings.get("separator") or JAPANESE_SEARCH_BOUNDARY in settings["separator"]:
        return
    settings["separator"] = f"{settings['separator']}|{JAPANESE_SEARCH_BOUNDARY}"


def searched(page: Page) -> bool:
    """Is the page in the search index? Search reads its content (on_page_context), so its texts must be in it."""
    search = page.meta.get("search")
    return not (isinstance(search, dict) and search.get("exclude"))


def fill_slots(html: str, planned: PlannedPage) -> str:
    """The page's generated HTML and pre-rendered texts (shared strings, joined) in place of their slots."""
    for key, value in planned.slots.items():
        html = html.replace(f'<div data-policy-slot="{key}"></div>', slot_html(value))
    for key, parts in planned.texts.items():
        html = html.replace(f'<div data-policy-slot="{key}"></div>', "\n".join(parts))
    return html


def file_sources(outputs: dict[str, str], files: list[File]) -> dict[str, object]:
    """What each output file of a `mkdocs serve` rebuild is made from (serve.py, ``KeptSite``): the API and feed
    texts (compared by identity: the publish cache hands out the same object while it is unchanged), and for every
    copied file its source's path, mtime and size."""
    sources: dict[str, object] = dict(outputs)
    for file in files:
        if file.is_documentation_page() or file.abs_src_path is None:
            continue
        try:
            stat = os.stat(file.abs_src_path)
        except OSError:
            continue
        sources[file.dest_uri] = ("file", file.abs_src_path, stat.st_mtime_ns, stat.st_size)
    return sources


def theme_versions(config: MkDocsConfig) -> str:
    """What shapes the theme's compiled templates besides their sources (MkDocs' Jinja settings, the theme)."""
    return f"mkdocs {mkdocs_version}|{config.theme.name}"
