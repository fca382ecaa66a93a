"""One build of a site, without MkDocs: load → check → compare → plan pages and files.

The plugin calls ``build_site`` before MkDocs touches site_dir; the CLI and tests call it directly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from .checks import check_site, editorial_findings
from .checks.editorial import REVIEW_INTERVAL_DAYS
from .checks.outputs import Output, collisions, page
from .diskcache import SINCE, WARM
from .findings import Finding, PolicyError, errors
from .i18n import translations
from .publish import PublishContext, publish_files
from .publish.pdf import pdf_link, publish_pdfs
from .render.changes import change_pages, draft_page, history_links
from .render.markdown import MarkdownRenderer
from .render.pages import PlannedPage, Planner, PlanOptions
from .render.sidebyside import side_by_side_links, side_by_side_pages
from .render.since import since_pages
from .render.templates import PACKAGE_TEMPLATES
from .settings import DEFAULTS
from .sources.loader import Loader, Site, Sources
from .sources.markdown_model import Pipeline

CACHE_DIR = ".cache/mkdocs-policy"  # beside mkdocs.yml, like Material's plugins' .cache/


@dataclass
class Build:
    """The results of one build: what the adapter hands to MkDocs. Nothing here is kept for the next build."""

    site: Site
    pages: list[PlannedPage]
    files: dict[str, str]  # site path → text (JSON API, feeds, schemas), when kept in memory
    editorial: list[Finding] = field(default_factory=list)
    spilled: dict[str, str] = field(default_factory=dict)  # site path → file on disk, when written out as made
    binary: dict[str, Path] = field(default_factory=dict)  # site path → a file to copy as it is (the PDFs, in their cache)
    pdf_rendered: list[str] = field(default_factory=list)  # the PDFs this build rendered (the others came from the cache)
    pdf_warnings: list[str] = field(default_factory=list)  # `path:line: message`: text the PDF font cannot draw


@dataclass
class BuildCache:
    """What a build may reuse from the one before it (`mkdocs serve`). Each entry is a pure function of its key,
    so reusing it gives what a cold build would compute:

    - ``loader``: git readers and texts read at commits, for one ``Sources`` (commits never change; the
      working tree is read again on every load);
    - ``renderer``: section HTML by section digest, for one Markdown pipeline (``MarkdownRenderer.pipeline``);
    - ``published``: the API and feed files and the PDFs, under the key of everything they are made from
      (``publish_key``): the releases (ledger entries and texts, never the draft), the plan options, the
      Markdown pipeline and the publishing settings;
    - ``planned``: the planned pages, under everything planning reads (``PlanInputs``); after a draft edit only
      the draft previews are planned again (nothing else reads the draft's text). The pages are handed out
      again as the same objects: nothing may change a PlannedPage once planned.
    """

    loader: Loader | None = None
    renderer: MarkdownRenderer | None = None
    # (publish_key, API and feed files, PDFs, PDF warnings)
    published: tuple[tuple, dict[str, str], dict[str, Path], list[str]] | None = None
    planned: PlannedSite | None = None


@dataclass
class PlanInputs:
    """Everything planning reads but the drafts' texts (render/changes.py's draft preview is the only page made
    from a draft; a document without a release takes its title from its draft, so its draft stays in)."""

    documents: tuple
    options: PlanOptions
    renderer: MarkdownRenderer  # compared by identity: a new one when mkdocs.yml changed the pipeline
    catalogs: tuple  # compiled catalogs, by identity: compiled again when a .po file changed (i18n.py)
    templates: tuple  # (path, mtime, size) of the policy/*.html partials along the template folders
    pdf: bool

    @classmethod
    def of(cls, site: Site, options: PlanOptions, renderer: MarkdownRenderer, pdf: bool) -> PlanInputs:
        documents = tuple((d if not d.releases else replace(d, draft=None), d.draft is not None) for d in site.documents)
        catalogs = tuple(translations(lang) for lang in options.languages)
        templates = []
        for folder in dict.fromkeys([*options.template_dirs, PACKAGE_TEMPLATES]):
            partials = os.path.join(folder, "policy")
            for name in sorted(os.listdir(partials)) if os.path.isdir(partials) else ():
                stat = os.stat(os.path.join(partials, name))
                templates.append((partials, name, stat.st_mtime_ns, stat.st_size))
        return cls(documents, options, renderer, catalogs, tuple(templates), pdf)

    def same(self, other: PlanInputs) -> bool:
        return (
            self.renderer is other.renderer
            and len(self.catalogs) == len(other.catalogs)
            and all(a is b for a, b in zip(self.catalogs, other.catalogs, strict=True))
            and (self.options, self.templates, self.pdf, self.documents) == (other.options, other.templates, other.pdf, other.documents)
        )


@dataclass
class PlannedSite:
    inputs: PlanInputs
    planner: Planner
    pages: list[PlannedPage]


def publish_key(site: Site, options: PlanOptions, renderer: MarkdownRenderer, *settings: Any) -> tuple:
    """Everything the API and feeds are made from: the releases (ledger entries and texts), not the draft."""
    documents = tuple((d.id, dict(d.title), tuple((r.entry, r.text.source, r.text.digest) for r in d.releases)) for d in site.documents)
    return (documents, options, renderer.pipeline.key, settings)


def plan_site(site: Site, options: PlanOptions, renderer: MarkdownRenderer, pdf: bool) -> Planner:
    """The planner of every page of the site."""
    planner = Planner(site.documents, options, renderer)
    planner.extra_pages.append(change_pages)  # change history and draft preview (render/changes.py)
    planner.extra_pages.append(since_pages)  # what changed since each older release (render/since.py)
    planner.page_hooks.append(history_links)  # each text links to what changed in it
    planner.extra_pages.append(side_by_side_pages)  # each release beside its other language (render/sidebyside.py)
    planner.page_hooks.append(side_by_side_links)
    if pdf:
        planner.page_hooks.append(pdf_link)  # each release links to its PDF
    return planner


def replan_drafts(planned: PlannedSite, site: Site) -> list[PlannedPage]:
    """The pages of ``planned`` with the draft previews planned again from ``site``'s drafts (`mkdocs serve`
    after a draft edit). The planner of the whole site plans and finishes them (``Planner.finish``), so they are
    what a cold plan makes."""
    planner = planned.planner
    planner.documents = site.documents
    fresh: dict[str, PlannedPage] = {}
    if planner.options.include_draft:
        for lang in planner.options.languages:
            for document in site.documents:
                if document.draft is not None:
                    page = draft_page(planner, document, lang)
                    planner.finish(page)
                    fresh[page.path] = page
    pages = [fresh.pop(p.path, p) if p.kind == "draft" else p for p in planned.pages]
    if fresh:  # cannot happen while the drafts' presence is a planning input; never serve a page short
        raise AssertionError(f"draft pages not in the plan: {sorted(fresh)}")
    planned.pages = pages
    return pages


def load_checked(
    loader: Loader, include_draft: bool, today: date | None = None, review_interval_days: int = REVIEW_INTERVAL_DAYS
) -> tuple[Site, list[Finding]]:
    """The site and its editorial findings; raises PolicyError when anything is an error.

    The draft is always read and checked — an error in it fails every build (SPEC §7), and its
    editorial findings are reported — but it stays in the site only when it is published.
    """
    site = loader.load(include_draft=True)
    findings = check_site(site, loader.sources.pipeline)
    found_errors = errors(findings)
    if found_errors:
        raise PolicyError(found_errors)
    found_editorial = editorial_findings(site, today=today, review_interval_days=review_interval_days)
    if not include_draft:
        site = replace(site, documents=tuple(replace(d, draft=None) for d in site.documents))
    return site, found_editorial


def build_site(
    root: Path,
    policy_dir: str = DEFAULTS["policy_dir"],
    languages: tuple[str, ...] = tuple(DEFAULTS["languages"]),
    today: date | None = None,
    include_draft: bool = False,
    site_name: str = "",
    site_url: str | None = None,
    markdown_extensions: list[Any] | None = None,
    mdx_configs: dict[str, Any] | None = None,
    timezone: str = DEFAULTS["timezone"],
    validate_api: bool = DEFAULTS["validate_api"],
    cache: BuildCache | None = None,
    spill: Path | None = None,
    review_interval_days: int = REVIEW_INTERVAL_DAYS,
    template_dirs: tuple[str, ...] = (),
    pdf_cache_dir: Path | None = None,  # PDFs of every release, kept in this folder; None: no PDFs
) -> Build:
    """One build. With a ``cache`` (`mkdocs serve`), what did not change since the last build is reused and
    the cache is updated for the next one; without, everything is computed and nothing is kept. With ``spill``
    (a folder) and no cache, the API and feed files are written there as they are made, never all in memory."""
    spill = spill if cache is None else None
    cache = cache if cache is not None else BuildCache()
    sources = Sources(Path(root), policy_dir, tuple(languages), Pipeline.of(markdown_extensions, mdx_configs))
    SINCE.directory = Path(root) / CACHE_DIR / "since"  # since pages and files kept between builds (diskcache.py)
    WARM.directory = Path(root) / CACHE_DIR / "warm"  # side-by-side sections, change history entries (diskcache.py)
    if cache.loader is None or cache.loader.sources != sources:
        cache.loader = Loader(sources)
    site, editorial = load_checked(cache.loader, include_draft, today or date.today(), review_interval_days)
    renderer = MarkdownRenderer(markdown_extensions, mdx_configs)
    if cache.renderer is None or not cache.renderer.same_pipeline(renderer):
        cache.renderer = renderer  # mkdocs.yml changed the Markdown pipeline: the old HTML no longer holds
    renderer = cache.renderer
    options = PlanOptions(tuple(languages), today or date.today(), site_name, include_draft, tuple(template_dirs))
    inputs = PlanInputs.of(site, options, renderer, pdf_cache_dir is not None)
    if cache.planned is not None and cache.planned.inputs.same(inputs):
        pages = replan_drafts(cache.planned, site)
    else:
        cache.planned = None  # the old pages are garbage now
        planner = plan_site(site, options, renderer, pdf_cache_dir is not None)
        pages = planner.plan()
        cache.planned = PlannedSite(inputs, planner, pages)
    key = publish_key(site, options, renderer, site_url, timezone, validate_api, pdf_cache_dir)
    context = PublishContext(site, options, renderer, site_url, timezone, validate_api, pdf=pdf_cache_dir is not None)
    spilled: dict[str, str] = {}
    rendered: list[str] = []
    if cache.published is not None and cache.published[0] == key:
        # `mkdocs serve` after a draft edit: no release changed, nor the API
        _key, files, binary, pdf_warnings = cache.published
    else:
        if spill is not None:
            folder = spill

            def write(path: str, text: str) -> None:
                target = folder / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(text.encode("utf-8"))
                spilled[path] = str(target)

            publish_files(context, write)
            files = {}
        else:
            files = publish_files(context)
        pdfs = publish_pdfs(site, options, renderer, site_url, pdf_cache_dir, site_name) if pdf_cache_dir is not None else None
        binary, rendered, pdf_warnings = (pdfs.files, pdfs.rendered, pdfs.warnings) if pdfs is not None else ({}, [], [])
        if spill is None:
            cache.published = (key, files, binary, pdf_warnings)
    # The plan of check (checks/outputs.py) covers every path; this holds the real pages to it as well.
    written = [Output(page(p.path), (policy_dir, 1), f"the page {p.path or '/'}") for p in pages]
    written += [Output(path, (policy_dir, 1), f"the file {path}") for path in sorted({*files, *spilled, *binary})]
    clashes = collisions(written)
    if clashes:
        raise PolicyError(clashes)
    return Build(site, pages, files, editorial, spilled, binary, rendered, pdf_warnings)
