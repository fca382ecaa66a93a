"""The MkDocs adapter: event handlers and their wiring only. Load → check → plan pages → hand them to MkDocs.

Everything with a meaning of its own lives in the core: the build (build.py), URLs and the template context
(urls.py, render/theme.py), the serve cache (serve.py), the staged site_dir (staging.py), dates (settings.py).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import warnings
from itertools import pairwise
from pathlib import Path

from markdown.extensions.toc import nest_toc_tokens
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc
from mkdocs.utils import CountHandler, get_build_datetime

from .build import BuildCache, build_site
from .config import PolicyConfig
from .findings import PolicyError
from .publish import PublishError
from .render.pages import PlannedPage, slot_html
from .render.theme import alternates, template_context
from .serve import CompiledTemplates, ServedPages, surroundings
from .settings import extension_problems, local_date
from .staging import StagedSite

log = get_plugin_logger(__name__)
PACKAGE = Path(__file__).parent
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "toc")
ASSETS = ("assets/policy.css", "assets/redline.css", "assets/policy.js")
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


def _surroundings(pages: list[PlannedPage], files: Files, config: MkDocsConfig) -> str:
    """What the theme renders around every generated page, as plain data for the serve cache (serve.py)."""
    nav = [(p.src_uri, p.lang or "", p.title, p.nav_title) for p in pages if p.in_nav]
    site_pages = [file.abs_src_path or "" for file in files.documentation_pages()]
    settings = [(key, repr(value)) for key, value in config.items() if key not in ("plugins", "extra")]
    settings += [(f"extra.{key}", repr(value)) for key, value in config.extra.items() if key != "alternate"]
    settings += [(f"plugins.{name}", repr(dict(plugin.config))) for name, plugin in config.plugins.items()]
    return surroundings(nav, site_pages, (config.theme.custom_dir, str(PACKAGE / "templates")), settings)


def _no_web_fonts_unless_configured(config: MkDocsConfig) -> None:
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


def _strict_warnings(config: MkDocsConfig) -> bool:
    """MkDocs aborts a --strict build with warnings right after on_post_build: then the site must stay."""
    if not config.strict:
        return False
    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)


def _without_policy_pages(items: list, generated: dict[str, PlannedPage]) -> list:
    """The site's own navigation items, without the generated pages (they get a navigation per language)."""
    kept = []
    for item in items:
        if isinstance(item, Page):
            if item.file.src_uri not in generated:
                kept.append(item)
        elif getattr(item, "children", None) is not None:
            item.children = _without_policy_pages(item.children, generated)
            if item.children:
                kept.append(item)
        else:
            kept.append(item)
    return kept


def _link_footers(generated: dict[str, PlannedPage], navs: dict[str, Navigation], files: Files) -> None:
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


def _japanese_search(config: MkDocsConfig, languages: list[str]) -> None:
    """Adds the kanji/katakana boundary to the separator of Material's search index (see above)."""
    if "ja" not in languages:
        return
    search = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(search, "search_index", None)
    settings = getattr(index, "config", None)
    if not isinstance(settings, dict) or not settings.get("separator") or JAPANESE_SEARCH_BOUNDARY in settings["separator"]:
        return
    settings["separator"] = f"{settings['separator']}|{JAPANESE_SEARCH_BOUNDARY}"


def _searched(page: Page) -> bool:
    """Is the page in the search index? Search reads its content (on_page_context), so its texts must be in it."""
    search = page.meta.get("search")
    return not (isinstance(search, dict) and search.get("exclude"))


def _fill_slots(html: str, planned: PlannedPage) -> str:
    """The page's generated HTML and pre-rendered texts (shared strings, joined) in place of their slots."""
    for key, value in planned.slots.items():
        html = html.replace(f'<div data-policy-slot="{key}"></div>', slot_html(value))
    for key, parts in planned.texts.items():
        html = html.replace(f'<div data-policy-slot="{key}"></div>', "\n".join(parts))
    return html


class PolicyPlugin(BasePlugin[PolicyConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        self.pages: dict[str, PlannedPage] = {}  # src_uri -> planned page handed to MkDocs
        self.planned: list[PlannedPage] = []
        self.outputs: dict[str, str] = {}  # the API and feed files (site path → text), until handed to MkDocs
        self.spilled: dict[str, str] = {}  # … or site path → the file a `mkdocs build` wrote them to
        self.binary: dict[str, Path] = {}  # site path → a file copied as it is (the PDFs, in their cache)
        self.navs: dict[str, Navigation] = {}
        self.default_language = "en"
        self.cache: BuildCache | None = None  # only under `mkdocs serve` (build.py: what a rebuild may reuse)
        self.served = ServedPages()
        self.compiled = CompiledTemplates()
        self.staged = StagedSite()
        self._spilled: str | None = None  # temporary folder of the API and feed files of a `mkdocs build`
        self._config: MkDocsConfig | None = None

    # -- configuration ---------------------------------------------------------------------
    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"
        self.dirty = dirty
        self.cache = BuildCache() if self.serving else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Before anything is built or cleaned: the extensions policy text renders through (settings.py).
        problems = extension_problems(list(config.markdown_extensions), dict(config.mdx_configs))
        if problems:
            where = config.config_file_path or "mkdocs.yml"
            raise PluginError("policy: the configuration is refused, nothing was built:\n" + "\n".join(f"{where}: {p}" for p in problems))
        _no_web_fonts_unless_configured(config)
        self._config = config
        if not self.serving and not self.dirty:
            config.site_dir = self.staged.begin(config.site_dir)
        for ext in REQUIRED_EXTENSIONS:
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        theme = config.theme
        if str(PACKAGE / "templates") not in theme.dirs:
            # After the site's custom_dir, before the theme: a site's overrides still win.
            position = 1 if theme.custom_dir else 0
            theme.dirs.insert(position, str(PACKAGE / "templates"))
        features = theme.get("features") or []
        if "announce.dismiss" not in features:
            theme["features"] = [*features, "announce.dismiss"]
        self.default_language = theme.get("language") or self.config.languages[0]
        for asset in ASSETS:
            target = f"assets/policy/{Path(asset).name}"
            bucket = config.extra_css if asset.endswith(".css") else config.extra_javascript
            if target not in [str(x) for x in bucket]:
                bucket.append(target)
        return config

    # -- validate before MkDocs cleans site_dir --------------------------------------------
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.serving:
            # A long history's API and feeds are hundreds of megabytes of text: written out to a temporary
            # folder as they are made (MkDocs copies them), they are never all held in memory.
            self._spilled = tempfile.mkdtemp(prefix="mkdocs-policy-")
        root = Path(config.config_file_path or os.getcwd()).parent
        try:
            build = build_site(
                root=root,
                policy_dir=self.config.policy_dir,
                languages=tuple(self.config.languages),
                today=local_date(get_build_datetime(), self.config.timezone),
                include_draft=self.config.draft or self.serving,
                site_name=config.site_name,
                site_url=config.site_url or None,
                markdown_extensions=list(config.markdown_extensions),
                mdx_configs=dict(config.mdx_configs),
                timezone=self.config.timezone,
                validate_api=self.config.validate_api,
                cache=self.cache,
                spill=Path(self._spilled) if self._spilled else None,
                review_interval_days=self.config.review_interval_days,
                template_dirs=tuple(config.theme.dirs),  # policy/*.html: a site's custom_dir overrides them
                # Not in `mkdocs serve`: its pages carry the preview's address, which every page of a PDF would print.
                pdf_cache_dir=root / self.config.pdf_cache_dir if self.config.pdf and not self.serving else None,
            )
        except PolicyError as exc:  # bad input, as findings
            raise PluginError("policy: the sources have errors, nothing was built:\n" + str(exc)) from None
        except PublishError as exc:  # the API output broke its own schema (publish/validate.py): a bug
            raise PluginError(f"policy: {exc}") from None
        self.planned, self.outputs, self.spilled, self.binary = build.pages, build.files, build.spilled, build.binary
        for finding in build.editorial:
            log.info(str(finding))
        for warning in build.pdf_warnings:
            log.warning(warning)
        if build.binary:
            rendered = len(build.pdf_rendered)
            log.info(f"PDFs: {rendered} rendered, {len(build.binary) - rendered} from the cache ({self.config.pdf_cache_dir})")
        for document in build.site.documents:
            if not document.releases:
                log.info(
                    f"{document.ledger_path}: no release yet; the site says so. Publish one with `mkdocs-policy release {document.id} VERSION …`"
                )

    # -- pages ----------------------------------------------------------------------------
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        _japanese_search(config, self.config.languages)
        self.pages = {}
        if self.serving:
            self.served.plan(self.planned, _surroundings(self.planned, files, config))
        for page in self.planned:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                if page.kind == "entry":
                    continue  # the site's own index.md wins over the generated entry page
                raise PluginError(f"policy: {existing.src_uri} in docs_dir clashes with the generated page {page.path}")
            self.pages[page.src_uri] = page
            if page.src_uri in self.served.skipped:
                continue  # unchanged since the last `mkdocs serve` rebuild: written as it was (on_post_build)
            files.append(File.generated(config, page.src_uri, content=page.markdown))
        for path, content in sorted(self.outputs.items()):
            files.append(File.generated(config, path, content=content))
        for path, location in sorted(self.spilled.items()):
            files.append(File.generated(config, path, abs_src_path=location))
        for path, source in sorted(self.binary.items()):  # the PDFs: copied from their cache as they are
            files.append(File.generated(config, path, abs_src_path=str(source)))
        self.outputs, self.spilled, self.binary = {}, {}, {}  # handed over: the plugin keeps no copy
        for asset in ASSETS:
            files.append(File.generated(config, f"assets/policy/{Path(asset).name}", abs_src_path=str(PACKAGE / asset)))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        # One navigation per language, without archived releases: Material embeds the whole
        # navigation in every page, so listing every release would grow the site quadratically.
        others = _without_policy_pages(nav.items, self.pages)
        other_pages = [p for p in nav.pages if p.file.src_uri not in self.pages]
        self.navs = {}
        for lang in self.config.languages:
            pages = []
            for planned in self.pages.values():
                file = files.get_file_from_path(planned.src_uri) if planned.lang == lang and planned.in_nav else None
                if file is not None and file.page is not None:
                    pages.append(file.page)
            self.navs[lang] = Navigation([*pages, *others], [*pages, *other_pages])
        _link_footers(self.pages, self.navs, files)
        return Navigation(others, other_pages)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.serving and page.file.src_uri in self.pages and self.served.is_reused(page.file.src_uri):
            return ""  # unchanged since the last rebuild: its kept output replaces the page (on_post_page)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        planned = self.pages.get(page.file.src_uri)
        if planned is None or (self.serving and self.served.is_reused(page.file.src_uri)):
            return html
        if _searched(page):
            html = _fill_slots(html, planned)
        # Else the generated HTML goes in as the page is written (on_post_page): MkDocs holds every page's content
        # until the build ends, and a long history's releases, side-by-side and since pages are gigabytes of it.
        if page.present_anchor_ids is not None:  # MkDocs checks links to anchors against these
            page.present_anchor_ids.update(planned.anchors)
        if planned.toc:
            # Sections came pre-rendered through a slot: put their headings into the page's table of contents.
            page.toc = with_headings(page.toc, planned.toc)
        return html

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        planned = self.pages.get(page.file.src_uri)
        # Material reads the UI language and the language switch at render time: set them per page.
        config.theme["language"] = (planned.lang if planned else None) or self.default_language
        if planned is None:
            config.extra["alternate"] = []
            return context
        config.extra["alternate"] = alternates(planned, config.site_url or None)
        if planned.lang in self.navs:
            context["nav"] = self.navs[planned.lang]
        context["policy"] = template_context(planned, config.site_url or None, self.config.languages)
        return context

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if self.serving:
            env.bytecode_cache = self.compiled  # MkDocs makes a new Jinja environment for every rebuild
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        planned = self.pages.get(page.file.src_uri)
        if planned is None:
            return output
        if self.serving:
            kept = self.served.reused.get(page.file.src_uri)
            if kept is not None:
                return kept
        if not _searched(page):
            output = _fill_slots(output, planned)
        if self.serving:
            self.served.keep(page.file.src_uri, output)
        return output

    @event_priority(-100)  # last: the other plugins' output (search index, sitemap) goes into the staged site too
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        config.theme["language"] = self.default_language
        if self.serving:
            self.served.write(config.site_dir)
        self._remove_spilled()
        site_dir = self.staged.finish(succeeded=not _strict_warnings(config))
        if site_dir is not None:
            config.site_dir = site_dir

    def on_build_error(self, *, error: Exception) -> None:
        self._remove_spilled()
        site_dir = self.staged.finish(succeeded=False)
        if site_dir is not None and self._config is not None:
            self._config.site_dir = site_dir

    def _remove_spilled(self) -> None:
        if self._spilled is not None:
            shutil.rmtree(self._spilled, ignore_errors=True)
            self._spilled = None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        root = Path(config.config_file_path or os.getcwd()).parent
        for folder in (root / self.config.policy_dir, root / "locales"):
            if folder.is_dir():
                server.watch(str(folder))
        return server
