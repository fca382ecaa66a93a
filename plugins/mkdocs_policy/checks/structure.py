"""Structural errors of one text: ids that differ between languages, duplicate ids, broken links.

Links are those of the published HTML (``sources.markdown_model``), whatever Markdown or HTML wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..findings import Finding
from ..model import Document, DocumentText, LanguageText
from ..sources.markdown_model import Pipeline, parse

DOC_LINK = re.compile(r"^([a-z0-9][a-z0-9-]*)/?(?:#(.*))?$")


def anchors(text: LanguageText) -> set[str]:
    ids = set(text.section_ids)
    for section in text.sections:
        ids.update(h.id for h in section.headings if h.id)
    return ids


def check_structure(
    text: DocumentText, documents: Mapping[str, Document], label: str | None = None, pipeline: Pipeline | None = None
) -> list[Finding]:
    pre = "" if label is None else f"(release {label}) "
    findings: list[Finding] = []
    heading_ids: dict[str, dict[str, tuple[str, int]]] = {}
    for lang, lang_text in text.languages.items():
        ids: dict[str, tuple[str, int]] = {}
        section_ids = set(lang_text.section_ids)
        for section in lang_text.sections:
            for heading in section.headings:
                if heading.id is None:
                    continue
                if heading.id in section_ids:
                    findings.append(
                        Finding(
                            section.path,
                            heading.line,
                            f"{pre}id {heading.id!r} is already a section id: every id must be unique in the document",
                            code="duplicate-id",
                        )
                    )
                elif heading.id in ids:
                    other_path, other_line = ids[heading.id]
                    findings.append(
                        Finding(
                            section.path,
                            heading.line,
                            f"{pre}duplicate id {heading.id!r} (also at {other_path}:{other_line})",
                            code="duplicate-id",
                        )
                    )
                else:
                    ids[heading.id] = (section.path, heading.line)
        heading_ids[lang] = ids
    langs = sorted(heading_ids)
    for lang in langs:
        for other in langs:
            if other == lang:
                continue
            for hid, (path, line) in sorted(heading_ids[lang].items()):
                if hid not in heading_ids[other]:
                    findings.append(
                        Finding(
                            path,
                            line,
                            f"{pre}heading id {hid!r} has no counterpart in {other}: the same ids must exist in every language",
                            code="id-mismatch",
                        )
                    )
    for lang, lang_text in text.languages.items():
        own = anchors(lang_text)
        for section in lang_text.sections:
            for link in parse(section.markdown, pipeline, anchor=section.id).links:
                problem = _link_problem(link.target, own, text.doc_id, documents, lang)
                if problem:
                    findings.append(Finding(section.path, link.line, f"{pre}{problem}", code="broken-link"))
    return findings


def _link_problem(target: str, own: set[str], doc_id: str, documents: Mapping[str, Document], lang: str) -> str | None:
    if target.startswith("#"):
        anchor = target[1:]
        if anchor not in own:
            return f"link to #{anchor}, but no section or heading has that id (ids: {', '.join(sorted(own))})"
        return None
    match = DOC_LINK.match(target)
    if not match:
        return None  # an external or ordinary site link: not ours to judge
    name, anchor = match.group(1), match.group(2)
    if name not in documents:
        return f"link to document {name!r}, which does not exist (documents: {', '.join(sorted(documents))})"
    if anchor:
        target_doc = documents[name]
        target_text = target_doc.draft or (target_doc.latest.text if target_doc.latest else None)
        if target_text is not None and lang in target_text.languages and anchor not in anchors(target_text.languages[lang]):
            return f"link to {name}#{anchor}, but document {name!r} has no section or heading with that id"
    return None
