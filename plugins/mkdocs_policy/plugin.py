"""The MkDocs adapter: event handlers and their wiring only. Load → check → plan pages → hand them to MkDocs.

Everything with a meaning of its own lives in the core: the build (build.py), URLs and the template context
(urls.py, render/theme.py), the serve cache (serve.py), the staged site_dir (staging.py), dates (settings.py).
What the handlers do to MkDocs' own objects (navigation, table of contents, search, slots) is in adapter.py.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime

from .adapter import (
    PACKAGE,
    file_sources,
    fill_slots,
    japanese_search,
    language_navigation,
    link_footers,
    no_web_fonts_unless_configured,
    searched,
    strict_warnings,
    surroundings_of,
    theme_versions,
    with_headings,
    without_policy_pages,
)
from .build import CACHE_DIR, BuildCache, build_site
from .config import PolicyConfig
from .diskcache import CompiledTemplateFiles
from .findings import PolicyError
from .publish import PublishError
from .render.pages import PlannedPage
from .render.theme import alternates, template_context
from .serve import CompiledTemplates, KeptSite, ServedPages
from .settings import extension_problems, local_date
from .staging import StagedSite

log = get_plugin_logger(__name__)
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "toc")
ASSETS = ("assets/policy.css", "assets/redline.css", "assets/policy.js")


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
        self.kept = KeptSite()  # the previous rebuild's files, kept through MkDocs' clean (serve.py)
        self.restored: set[str] = set()  # site paths put back by ``kept``: MkDocs does not write them again
        self.sources: dict[str, object] = {}  # site path → what this rebuild's static files are made from
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
        no_web_fonts_unless_configured(config)
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
        if self.serving and not self.dirty:
            self.kept.set_aside(config.site_dir)  # last: MkDocs cleans site_dir right after this event

    # -- pages ----------------------------------------------------------------------------
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        japanese_search(config, self.config.languages)
        self.pages = {}
        self.restored, self.sources = set(), {}
        if self.serving:
            self.served.plan(self.planned, surroundings_of(self.planned, files, config))
            self._restore(files, config)
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
            if path in self.restored:  # unchanged and back in site_dir: MkDocs' copy of a file onto itself is a no-op
                files.append(File.generated(config, path, abs_src_path=os.path.join(config.site_dir, path)))
            else:
                files.append(File.generated(config, path, content=content))
        for path, location in sorted(self.spilled.items()):
            files.append(File.generated(config, path, abs_src_path=location))
        for path, source in sorted(self.binary.items()):  # the PDFs: copied from their cache as they are
            files.append(File.generated(config, path, abs_src_path=str(source)))
        self.outputs, self.spilled, self.binary = {}, {}, {}  # handed over: the plugin keeps no copy
        for asset in ASSETS:
            files.append(File.generated(config, f"assets/policy/{Path(asset).name}", abs_src_path=str(PACKAGE / asset)))
        if self.serving:
            for file in files:
                if file.dest_uri in self.restored and not file.is_documentation_page() and file.abs_src_path is not None:
                    file.abs_src_path = file.abs_dest_path  # unchanged and back in site_dir: not copied again
        return files

    def _restore(self, files: Files, config: MkDocsConfig) -> None:
        """`mkdocs serve`: the previous rebuild's files made from the same sources put back (serve.py, ``KeptSite``)."""
        assets = [File.generated(config, f"assets/policy/{Path(a).name}", abs_src_path=str(PACKAGE / a)) for a in ASSETS]
        self.sources = file_sources(self.outputs, [*files, *assets])
        pages = {path: source for path, source in self.served.sources().items() if path not in self.sources}
        self.restored = self.kept.restore({**pages, **self.sources})

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        # One navigation per language, without archived releases: Material embeds the whole
        # navigation in every page, so listing every release would grow the site quadratically.
        site_nav = Navigation(without_policy_pages(nav.items, self.pages), [p for p in nav.pages if p.file.src_uri not in self.pages])
        self.navs = {lang: language_navigation(lang, self.pages, site_nav, files) for lang in self.config.languages}
        link_footers(self.pages, self.navs, files)
        return site_nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.serving and page.file.src_uri in self.pages and self.served.is_reused(page.file.src_uri):
            return ""  # unchanged since the last rebuild: its kept output replaces the page (on_post_page)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        planned = self.pages.get(page.file.src_uri)
        if planned is None or (self.serving and self.served.is_reused(page.file.src_uri)):
            return html
        if searched(page):
            html = fill_slots(html, planned)
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
        # MkDocs makes a new Jinja environment for every build: compiled templates are kept, in memory between
        # `mkdocs serve` rebuilds, on disk between builds (diskcache.CompiledTemplateFiles).
        if self.serving:
            env.bytecode_cache = self.compiled
        elif not self.dirty:
            root = Path(config.config_file_path or os.getcwd()).parent
            env.bytecode_cache = CompiledTemplateFiles(root / CACHE_DIR / "jinja", theme_versions(config))
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        planned = self.pages.get(page.file.src_uri)
        if planned is None:
            return output
        if self.serving:
            kept = self.served.reused.get(page.file.src_uri)
            if kept is not None:
                return kept
        if not searched(page):
            output = fill_slots(output, planned)
        if self.serving:
            self.served.keep(page.file.src_uri, output)
        return output

    @event_priority(-100)  # last: the other plugins' output (search index, sitemap) goes into the staged site too
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        config.theme["language"] = self.default_language
        if self.serving:
            self.served.write(config.site_dir, self.restored)
            if not self.dirty:
                self.kept.written({**self.served.sources(), **self.sources})
        self._remove_spilled()
        site_dir = self.staged.finish(succeeded=not strict_warnings(config))
        if site_dir is not None:
            config.site_dir = site_dir

    def on_build_error(self, *, error: Exception) -> None:
        self.kept.put_back()  # failed before MkDocs wrote anything: the previous site stays
        self._remove_spilled()
        site_dir = self.staged.finish(succeeded=False)
        if site_dir is not None and self._config is not None:
            self._config.site_dir = site_dir

    def _remove_spilled(self) -> None:
        if self._spilled is not None:
            shutil.rmtree(self._spilled, ignore_errors=True)
            self._spilled = None

    def on_shutdown(self) -> None:
        self.kept.put_back()  # `mkdocs serve` stopped mid-rebuild: no folder is left beside site_dir

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        root = Path(config.config_file_path or os.getcwd()).parent
        for folder in (root / self.config.policy_dir, root / "locales"):
            if folder.is_dir():
                server.watch(str(folder))
        return server
