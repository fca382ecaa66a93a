"""Comparisons between two texts of a document: section statuses, statistics, redlines.

Public interface (used by render/ and publish/; keep it stable):
    compare_language(old: LanguageText | None, new: LanguageText) -> list[SectionChange]
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import LanguageText, Section

STATUSES = ("added", "removed", "modified", "unchanged", "renamed")


@dataclass(frozen=True)
class SectionChange:
    id: str  # the section's id in the new text (the old id for a removed section)
    status: str  # one of STATUSES
    old: Section | None
    new: Section | None
    renamed_from: str | None = None
    inserted: int = 0  # characters of text inserted (no whitespace, no Markdown markup)
    deleted: int = 0


def compare_language(old: LanguageText | None, new: LanguageText) -> list[SectionChange]:
    """Placeholder until the comparison engine lands: statuses by id and digest only."""
    changes: list[SectionChange] = []
    old_ids = set(old.section_ids) if old else set()
    for section in new.sections:
        before = old.section(section.id) if old else None
        if before is None:
            changes.append(SectionChange(section.id, "added", None, section, inserted=len("".join(section.body.split()))))
        elif before.digest == section.digest:
            changes.append(SectionChange(section.id, "unchanged", before, section))
        else:
            changes.append(SectionChange(section.id, "modified", before, section))
    for sid in sorted(old_ids - set(new.section_ids)):
        before = old.section(sid)
        changes.append(SectionChange(sid, "removed", before, None, deleted=len("".join(before.body.split()))))
    return changes
