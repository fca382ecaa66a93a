"""One build of a site, without MkDocs: load → check → compare → plan pages and files.

The plugin calls ``build_site`` before MkDocs touches site_dir; the CLI and tests call it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from .checks import check_site, editorial_findings
from .checks.editorial import REVIEW_INTERVAL_DAYS
from .checks.outputs import Output, collisions, page
from .diskcache import SINCE, WARM
from .findings import Finding, PolicyError, errors
from .publish import PublishContext, publish_files
from .publish.pdf import pdf_link, publish_pdfs
from .render.changes import change_pages, history_links
from .render.markdown import MarkdownRenderer
from .render.pages import PlannedPage, Planner, PlanOptions
from .render.sidebyside import side_by_side_links, side_by_side_pages
from .render.since import since_pages
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
      Markdown pipeline and the publishing settings.
    """

    loader: Loader | None = None
    renderer: MarkdownRenderer | None = None
    # (publish_key, API and feed files, PDFs, PDF warnings)
    published: tuple[tuple, dict[str, str], dict[str, Path], list[str]] | None = None


def publish_key(site: Site, options: PlanOptions, renderer: MarkdownRenderer, *settings: Any) -> tuple:
    """Everything the API and feeds are made from: the releases (ledger entries and texts), not the draft."""
    documents = tuple((d.id, dict(d.title), tuple((r.entry, r.text.source, r.text.digest) for r in d.releases)) for d in site.documents)
    return (documents, options, renderer.pipeline.key, settings)


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
    planner = Planner(site.documents, options, renderer)
    planner.extra_pages.append(change_pages)  # change history and draft preview (render/changes.py)
    planner.extra_pages.append(since_pages)  # what changed since each older release (render/since.py)
    planner.page_hooks.append(history_links)  # each text links to what changed in it
    planner.extra_pages.append(side_by_side_pages)  # each release beside its other language (render/sidebyside.py)
    planner.page_hooks.append(side_by_side_links)
    if pdf_cache_dir is not None:
        planner.page_hooks.append(pdf_link)  # each release links to its PDF
    pages = planner.plan()
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
