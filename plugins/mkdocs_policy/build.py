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
from .diskcache import SINCE
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
    site: Site
    pages: list[PlannedPage]
    files: dict[str, str]  # site path → text (JSON API, feeds, schemas)
    editorial: list[Finding] = field(default_factory=list)
    loader: Loader | None = None
    renderer: MarkdownRenderer | None = None
    options: PlanOptions | None = None
    publish_inputs: tuple | None = None  # what ``files`` was made from (see publish_inputs)
    binary: dict[str, Path] = field(default_factory=dict)  # site path → a file to copy as it is (the PDFs, in their cache)
    pdf_rendered: list[str] = field(default_factory=list)  # the PDFs this build rendered (the others came from the cache)
    pdf_warnings: list[str] = field(default_factory=list)  # `path:line: message`: text the PDF font cannot draw


def publish_inputs(site: Site, options: PlanOptions, renderer: MarkdownRenderer, *settings: Any) -> tuple:
    """Everything the API and feeds are made from: the releases (ledger entries and texts), not the draft."""
    documents = tuple((d.id, dict(d.title), tuple((r.entry, r.text.source, r.text.digest) for r in d.releases)) for d in site.documents)
    return (documents, options, id(renderer), settings)


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
    previous: Build | None = None,
    review_interval_days: int = REVIEW_INTERVAL_DAYS,
    template_dirs: tuple[str, ...] = (),
    pdf_cache_dir: Path | None = None,  # PDFs of every release, kept in this folder; None: no PDFs
) -> Build:
    sources = Sources(Path(root), policy_dir, tuple(languages), Pipeline.of(markdown_extensions, mdx_configs))
    SINCE.directory = Path(root) / CACHE_DIR / "since"  # since pages and files kept between builds (diskcache.py)
    # Reuse the previous build's readers under `mkdocs serve`: commits never change.
    loader = (
        previous.loader if previous is not None and previous.loader is not None and previous.loader.sources == sources else Loader(sources)
    )
    site, editorial = load_checked(loader, include_draft, today or date.today(), review_interval_days)
    renderer = MarkdownRenderer(markdown_extensions, mdx_configs)
    if previous is not None and previous.renderer is not None and previous.renderer.same_pipeline(renderer):
        renderer = previous.renderer  # warm cache under `mkdocs serve`, unless mkdocs.yml changed the Markdown pipeline
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
    inputs = publish_inputs(site, options, renderer, site_url, timezone, validate_api, pdf_cache_dir)
    pdf = pdf_cache_dir is not None
    if previous is not None and previous.publish_inputs == inputs:
        files = previous.files  # `mkdocs serve` after a draft edit: no release changed, nor the API
        binary, rendered, pdf_warnings = previous.binary, [], previous.pdf_warnings
    else:
        files = publish_files(PublishContext(site, options, renderer, site_url, timezone, validate_api, pdf=pdf))
        pdfs = publish_pdfs(site, options, renderer, site_url, pdf_cache_dir, site_name) if pdf_cache_dir is not None else None
        binary, rendered, pdf_warnings = (pdfs.files, pdfs.rendered, pdfs.warnings) if pdfs is not None else ({}, [], [])
    # The plan of check (checks/outputs.py) covers every path; this holds the real pages to it as well.
    written = [Output(page(p.path), (policy_dir, 1), f"the page {p.path or '/'}") for p in pages]
    written += [Output(path, (policy_dir, 1), f"the file {path}") for path in [*files, *binary]]
    clashes = collisions(written)
    if clashes:
        raise PolicyError(clashes)
    return Build(site, pages, files, editorial, loader, renderer, options, inputs, binary, rendered, pdf_warnings)
