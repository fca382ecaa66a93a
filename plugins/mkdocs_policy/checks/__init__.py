"""Checks: errors and editorial findings as data (path, line, message, kind). They never print or exit.

Errors (SPEC §7) come from the readers (``sources``: files, YAML, ledger, git) and from the checks of
every text, draft and releases alike: ``structure`` (ids, links), ``safety`` (raw HTML, script links,
attribute lists) and ``hidden`` (bidirectional controls, control characters, lone surrogates); ``outputs``
plans every output path and finds collisions. Editorial findings (``editorial``) judge the draft's new writing only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from ..findings import Finding, errors
from ..findings import editorial as editorial_only
from ..sources.loader import Loader, Site, Sources
from ..sources.markdown_model import DEFAULT_PIPELINE, Pipeline
from .editorial import REVIEW_INTERVAL_DAYS, document_findings, review_findings
from .hidden import check_hidden, hidden_in, zero_width_findings
from .outputs import output_findings
from .safety import check_safety
from .structure import check_structure

# doc id → language → section ids acknowledged as deliberately unchanged (``--unchanged-translations``).
Acknowledged = Mapping[str, Mapping[str, Iterable[str]]]


def check_site(site: Site, pipeline: Pipeline | None = None) -> list[Finding]:
    """Every error of the site: what the readers found plus the structural checks of every text."""
    findings = list(site.findings)
    doc_ids = {d.id: d for d in site.documents}
    seen: set[tuple[str, str]] = set()
    for document in site.documents:
        texts = [r.text for r in document.releases]
        if document.draft is not None:
            texts.append(document.draft)
        for text in texts:
            if (text.source, text.doc_id) in seen:  # a commit's text is checked once
                continue
            seen.add((text.source, text.doc_id))
            label = next((r.version for r in document.releases if r.text is text), None)
            findings.extend(check_structure(text, doc_ids, label, pipeline))
            findings.extend(check_safety(text, label, pipeline))
            findings.extend(check_hidden(text, label))
        for release in document.releases:
            for lang, summary in sorted(release.entry.summary.items()):
                for _line, problem in hidden_in(summary):
                    findings.append(
                        Finding(
                            document.ledger_path,
                            release.entry.line,
                            f"release {release.version}: summary ({lang}): {problem}",
                            code="hidden-character",
                        )
                    )
    if site.languages:
        findings.extend(output_findings(site.documents, site.languages))
    return sorted(set(findings))


def editorial_findings(
    site: Site,
    acknowledged: Acknowledged | None = None,
    removed: Mapping[str, Iterable[str]] | None = None,
    today: date | None = None,
    review_interval_days: int = REVIEW_INTERVAL_DAYS,
) -> list[Finding]:
    """Editorial findings on each draft against its latest release (new writing only).

    ``acknowledged`` holds the ``unchanged_translations`` of the ledger entry being drafted
    (``release --unchanged-translations``); a build has none. With ``today``, review dates are judged too.
    """
    acknowledged = acknowledged or {}
    findings: list[Finding] = []
    for document in site.documents:
        findings.extend(document_findings(document, acknowledged.get(document.id), (removed or {}).get(document.id, ())))
        findings.extend(zero_width_findings(document))
        if today is not None:
            findings.extend(review_findings(document, today, review_interval_days))
    return sorted(set(findings))


def run_checks(
    root: Path,
    policy_dir: str,
    languages: tuple[str, ...],
    pipeline: Pipeline | None = None,
    today: date | None = None,
    review_interval_days: int = REVIEW_INTERVAL_DAYS,
) -> tuple[list[Finding], list[Finding]]:
    """Errors and editorial findings of a site's sources, draft included (what `mkdocs-policy check` reports)."""
    pipeline = pipeline or DEFAULT_PIPELINE
    loader = Loader(Sources(Path(root), policy_dir, tuple(languages), pipeline))
    try:
        site = loader.load(include_draft=True)
        return errors(check_site(site, pipeline)), editorial_only(
            editorial_findings(site, today=today, review_interval_days=review_interval_days)
        )
    finally:
        loader.close()
