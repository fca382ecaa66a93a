"""The MkDocs adapter: events only. Load → check → plan pages → hand them to MkDocs."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import warnings
from dataclasses import replace
from datetime import date
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
import jinja2.bccache
from markdown.extensions.toc import nest_toc_tokens
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc
from mkdocs.utils import CountHandler, get_build_datetime, write_file

from . import urls
from .build import Build, build_site
from .config import PolicyConfig
from .i18n import language_name
from .render.pages import PlannedPage
from .settings import extension_problems
from .sources.markdown_model import ids_in

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


class ServedPages:
    """Under `mkdocs serve`, the output of each generated page is kept and used again as it was while
    nothing it is made from changed: MkDocs renders every page after any edit, and re-rendering two pages
    per release (and the long change history) for a one-line draft edit is what makes a long history slow
    to preview. A page's fingerprint covers the planned page and everything around it that Material renders
    into it: the navigation's entries, the site's pages, mkdocs.yml and the template overrides. Kept pages
    outside the navigation (archived releases) are not handed to MkDocs at all; kept pages in it stay in
    the navigation but skip Markdown and get their kept output. (Kept pages are not re-indexed by the
    preview's search.)"""

    def __init__(self) -> None:
        self.output: dict[str, tuple[str, str]] = {}  # src_uri -> (fingerprint, HTML)
        self.fingerprints: dict[str, str] = {}
        self.reused: dict[str, str] = {}
        self.skipped: set[str] = set()  # reused and not handed to MkDocs: written in on_post_build

    def plan(self, pages: list[PlannedPage], files: Files, config: MkDocsConfig) -> None:
        around = _render_context(pages, files, config)
        self.fingerprints = {p.src_uri: hashlib.sha256(f"{around}\n{_page_key(p)}".encode()).hexdigest() for p in pages}
        self.reused = {uri: html for uri, (fp, html) in self.output.items() if self.fingerprints.get(uri) == fp}
        self.output = {uri: entry for uri, entry in self.output.items() if uri in self.reused}
        self.skipped = {p.src_uri for p in pages if p.src_uri in self.reused and not p.in_nav}

    def keep(self, src_uri: str, output: str) -> None:
        fingerprint = self.fingerprints.get(src_uri)
        if fingerprint is not None:
            self.output[src_uri] = (fingerprint, output)

    def write(self, site_dir: str) -> None:
        for src_uri in sorted(self.skipped):
            write_file(self.reused[src_uri].encode("utf-8"), os.path.join(site_dir, src_uri[: -len("index.md")] + "index.html"))


def _page_key(page: PlannedPage) -> str:
    # A pre-rendered text is named by its slot key (language and digest); its HTML follows from the key and
    # the Markdown pipeline (in mkdocs.yml), so the fingerprint need not spell out every release's full text.
    return repr(replace(page, texts=dict.fromkeys(page.texts, ()), toc=[]))


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory between `mkdocs serve` rebuilds (Jinja checks each
    template's source checksum, so an edited override is compiled again)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def _render_context(pages: list[PlannedPage], files: Files, config: MkDocsConfig) -> str:
    nav = [(p.src_uri, p.lang, p.title, p.nav_title) for p in pages if p.in_nav]
    site_pages = []
    for file in files.documentation_pages():
        if file.abs_src_path and os.path.isfile(file.abs_src_path):
            stat = os.stat(file.abs_src_path)
            site_pages.append((file.src_uri, stat.st_mtime_ns, stat.st_size))
    templates = []
    for folder in (config.theme.custom_dir, str(PACKAGE / "templates")):
        for dirpath, _, names in os.walk(folder or "/nonexistent"):
            for name in names:
                stat = os.stat(os.path.join(dirpath, name))
                templates.append((dirpath, name, stat.st_mtime_ns, stat.st_size))
    settings = sorted((key, repr(value)) for key, value in config.items() if key not in ("plugins", "extra"))
    extra = sorted((key, repr(value)) for key, value in config.extra.items() if key != "alternate")
    plugins = sorted((name, repr(dict(plugin.config))) for name, plugin in config.plugins.items())
    return repr((nav, sorted(site_pages), sorted(templates), settings, extra, plugins))


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


class StagedSite:
    """A build writes into a sibling folder of site_dir, put in place only once the build succeeded: a build
    that fails at any point (a clash found in on_files, a template error, warnings under --strict) leaves the
    previous site exactly as it was, never empty or half-written (SPEC §10). Not under `mkdocs serve`."""

    def __init__(self) -> None:
        self.target: str | None = None
        self.staging: str | None = None

    def begin(self, config: MkDocsConfig) -> None:
        self.target = os.path.abspath(config.site_dir)
        parent, name = os.path.split(self.target)
        self.staging = os.path.join(parent, f".{name}.policy-building")
        shutil.rmtree(self.staging, ignore_errors=True)  # left by a build that was killed
        config.site_dir = self.staging

    def finish(self, config: MkDocsConfig, succeeded: bool) -> None:
        if self.target is None or self.staging is None:
            return
        target, staging = self.target, self.staging
        self.target = self.staging = None
        config.site_dir = target
        if not succeeded:
            shutil.rmtree(staging, ignore_errors=True)
            return
        os.makedirs(staging, exist_ok=True)
        if os.path.islink(target) or os.path.ismount(target):
            # The folder itself must stay (a link or a mount point): replace what is inside it.
            for entry in os.scandir(target):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
            for entry in os.scandir(staging):
                shutil.move(entry.path, os.path.join(target, entry.name))
            shutil.rmtree(staging, ignore_errors=True)
            return
        old = staging[: -len("building")] + "old"
        shutil.rmtree(old, ignore_errors=True)
        if os.path.lexists(target):
            os.rename(target, old)
        os.rename(staging, target)
        shutil.rmtree(old, ignore_errors=True)


def _strict_warnings(config: MkDocsConfig) -> bool:
    """MkDocs aborts a --strict build with warnings right after on_post_build: then the site must stay."""
    if not config.strict:
        return False
    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)


class PolicyPlugin(BasePlugin[PolicyConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.build: Build | None = None
        self.serving = False
        self.pages: dict[str, object] = {}
        self.navs: dict[str, Navigation] = {}
        self.default_language = "en"
        self.served = ServedPages()
        self._spilled: str | None = None  # temporary folder of the API and feed files of a `mkdocs build`
        self.compiled = CompiledTemplates()
        self.dirty = False
        self.staged = StagedSite()
        self._config: MkDocsConfig | None = None

    # -- configuration ---------------------------------------------------------------------
    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Before anything is built or cleaned: the extensions policy text renders through (settings.py).
        problems = extension_problems(list(config.markdown_extensions), dict(config.mdx_configs))
        if problems:
            where = config.config_file_path or "mkdocs.yml"
            raise PluginError("policy: the configuration is refused, nothing was built:\n" + "\n".join(f"{where}: {p}" for p in problems))
        _no_web_fonts_unless_configured(config)
        self._config = config
        if not self.serving and not self.dirty:
            self.staged.begin(config)
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

    def _today(self) -> date:
        return get_build_datetime().astimezone(ZoneInfo(self.config.timezone)).date()

    # -- validate before MkDocs cleans site_dir --------------------------------------------
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        root = Path(config.config_file_path or os.getcwd()).parent
        include_draft = self.config.draft or self.serving
        try:
            self.build = build_site(
                root=root,
                policy_dir=self.config.policy_dir,
                languages=tuple(self.config.languages),
                today=self._today(),
                include_draft=include_draft,
                site_name=config.site_name,
                site_url=config.site_url or None,
                markdown_extensions=list(config.markdown_extensions),
                mdx_configs=dict(config.mdx_configs),
                timezone=self.config.timezone,
                validate_api=self.config.validate_api,
                previous=self.build,
                review_interval_days=self.config.review_interval_days,
                template_dirs=tuple(config.theme.dirs),  # policy/*.html: a site's custom_dir overrides them
                # Not in `mkdocs serve`: its pages carry the preview's address, which every page of a PDF would print.
                pdf_cache_dir=root / self.config.pdf_cache_dir if self.config.pdf and not self.serving else None,
            )
        except Exception as exc:  # the core reports bad input as findings; anything else is a bug
            if exc.__class__.__name__ == "PolicyError":
                raise PluginError("policy: the sources have errors, nothing was built:\n" + str(exc)) from None
            if exc.__class__.__name__ == "PublishError":  # the API output broke its own schema (publish/validate.py)
                raise PluginError(f"policy: {exc}") from None
            raise
        for finding in self.build.editorial:
            log.info(str(finding))
        for warning in self.build.pdf_warnings:
            log.warning(warning)
        if self.build.binary:
            rendered = len(self.build.pdf_rendered)
            log.info(f"PDFs: {rendered} rendered, {len(self.build.binary) - rendered} from the cache ({self.config.pdf_cache_dir})")
        for document in self.build.site.documents:
            if not document.releases:
                log.info(
                    f"{document.ledger_path}: no release yet; the site says so. Publish one with `mkdocs-policy release {document.id} VERSION …`"
                )

    # -- pages ----------------------------------------------------------------------------
    def _japanese_search(self, config: MkDocsConfig) -> None:
        """Adds the kanji/katakana boundary to the separator of Material's search index (see above)."""
        if "ja" not in self.config.languages:
            return
        search = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(search, "search_index", None)
        settings = getattr(index, "config", None)
        if not isinstance(settings, dict) or not settings.get("separator") or JAPANESE_SEARCH_BOUNDARY in settings["separator"]:
            return
        settings["separator"] = f"{settings['separator']}|{JAPANESE_SEARCH_BOUNDARY}"

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None
        self._japanese_search(config)
        self.pages = {}
        if self.serving:
            self.served.plan(self.build.pages, files, config)
        for page in self.build.pages:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                if page.kind == "entry":
                    continue  # the site's own index.md wins over the generated entry page
                raise PluginError(f"policy: {existing.src_uri} in docs_dir clashes with the generated page {page.path}")
            self.pages[page.src_uri] = page
            if page.src_uri in self.served.skipped:
                continue  # unchanged since the last `mkdocs serve` rebuild: written as it was (on_post_build)
            files.append(File.generated(config, page.src_uri, content=page.markdown))
        if self.serving:
            for path, content in sorted(self.build.files.items()):
                files.append(File.generated(config, path, content=content))
        else:
            # A long history's API and feeds are hundreds of megabytes of text: written out to a temporary
            # folder now (MkDocs copies them), they are not held in memory while MkDocs renders the pages.
            self._spilled = tempfile.mkdtemp(prefix="mkdocs-policy-")
            for path, content in sorted(self.build.files.items()):
                target = Path(self._spilled, path)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content.encode("utf-8"))
                files.append(File.generated(config, path, abs_src_path=str(target)))
            self.build.files, self.build.publish_inputs = {}, None  # nothing left to reuse
        for path, source in sorted(self.build.binary.items()):  # the PDFs: copied from their cache as they are
            files.append(File.generated(config, path, abs_src_path=str(source)))
        for asset in ASSETS:
            files.append(File.generated(config, f"assets/policy/{Path(asset).name}", abs_src_path=str(PACKAGE / asset)))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        # One navigation per language, without archived releases: Material embeds the whole
        # navigation in every page, so listing every release would grow the site quadratically.
        others = self._without_policy_pages(nav.items)
        other_pages = [p for p in nav.pages if p.file.src_uri not in self.pages]
        self.navs = {}
        for lang in self.config.languages:
            pages = []
            for planned in self.pages.values():
                file = files.get_file_from_path(planned.src_uri) if planned.lang == lang and planned.in_nav else None
                if file is not None and file.page is not None:
                    pages.append(file.page)
            self.navs[lang] = Navigation([*pages, *others], [*pages, *other_pages])
        self._link_footers(files)
        return Navigation(others, other_pages)

    def _link_footers(self, files: Files) -> None:
        # The footer's previous/next links (navigation.footer) stay within the reader's language and the
        # navigation: MkDocs chained every generated page alphabetically (an English release's "Next"
        # was the Japanese home).
        for planned in self.pages.values():
            file = files.get_file_from_path(planned.src_uri)
            if file is not None and file.page is not None:
                file.page.previous_page = file.page.next_page = None
        for lang_nav in self.navs.values():
            chain = [page for page in lang_nav.pages if page.file.src_uri in self.pages]
            for before, after in pairwise(chain):
                before.next_page, after.previous_page = after, before

    def _without_policy_pages(self, items: list) -> list:
        kept = []
        for item in items:
            if isinstance(item, Page):
                if item.file.src_uri not in self.pages:
                    kept.append(item)
            elif getattr(item, "children", None) is not None:
                item.children = self._without_policy_pages(item.children)
                if item.children:
                    kept.append(item)
            else:
                kept.append(item)
        return kept

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        planned = self.pages.get(page.file.src_uri)
        if planned is None or (self.serving and page.file.src_uri in self.served.reused):
            return html
        for key, value in planned.slots.items():
            html = html.replace(f'<div data-policy-slot="{key}"></div>', value)
        for key, parts in planned.texts.items():
            html = html.replace(f'<div data-policy-slot="{key}"></div>', "\n".join(parts))
            if page.present_anchor_ids is not None:  # MkDocs checks links to anchors against these
                page.present_anchor_ids.update(anchor for part in parts for anchor in ids_in(part))
        if planned.toc:
            # Sections came pre-rendered through a slot: put their headings into the page's table of contents.
            page.toc = with_headings(page.toc, planned.toc)
        return html

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        planned = self.pages.get(page.file.src_uri)
        lang = (planned.lang if planned else None) or self.default_language
        # Material reads the UI language and the language switch at render time: set them per page.
        config.theme["language"] = lang
        if planned is None:
            config.extra["alternate"] = []
            return context
        site_url = config.site_url or None
        config.extra["alternate"] = [
            {"name": language_name(alt_lang), "link": urls.public(path, site_url) if site_url else path or "./", "lang": alt_lang}
            for alt_lang, path in planned.alternates.items()
        ]
        if planned.lang in self.navs:
            context["nav"] = self.navs[planned.lang]
        context["policy"] = {
            "page": planned,
            "announce": planned.announce,
            "feeds": [(kind, title, urls.public(path, site_url) if site_url else path) for kind, title, path in planned.feeds],
            "x_default": urls.public("", site_url) if site_url else "",
            "redirect": planned.redirect,
            "languages": list(self.config.languages),
        }
        return context

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if self.serving:
            env.bytecode_cache = self.compiled  # MkDocs makes a new Jinja environment for every rebuild
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.serving and page.file.src_uri in self.served.reused and page.file.src_uri in self.pages:
            return ""  # unchanged since the last rebuild: its kept output replaces the page (on_post_page)
        return markdown

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.serving and page.file.src_uri in self.pages:
            kept = self.served.reused.get(page.file.src_uri)
            if kept is not None:
                return kept
            self.served.keep(page.file.src_uri, output)
        return output

    @event_priority(-100)  # last: the other plugins' output (search index, sitemap) goes into the staged site too
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        config.theme["language"] = self.default_language
        if self.serving:
            self.served.write(config.site_dir)
        self._remove_spilled()
        self.staged.finish(config, succeeded=not _strict_warnings(config))

    def on_build_error(self, *, error: Exception) -> None:
        self._remove_spilled()
        if self._config is not None:
            self.staged.finish(self._config, succeeded=False)

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
