"""Checks: errors and editorial findings as data (path, line, message, kind). They never print or exit."""

from __future__ import annotations

from ..findings import Finding
from ..sources.loader import Site
from .structure import check_structure


def check_site(site: Site) -> list[Finding]:
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
            findings.extend(check_structure(text, doc_ids, label))
    return sorted(set(findings))


def editorial_findings(site: Site) -> list[Finding]:
    """Editorial findings on each draft against its latest release (new writing only)."""
    return []
