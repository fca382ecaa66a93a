"""Comparisons kept on disk between builds (``diskcache.WARM``), for what reads only their outline.

The API's release files need, of a release against the one before, each section's status, its old and new
section, the rename and the counts — not the block-by-block redline. That outline is stored as plain data,
keyed by both language texts (digests, section ids) and the Markdown pipeline's stamp; read back, it gives
``SectionChange`` objects equal in every field the outline holds, whose ``blocks_diff()`` makes the whole
comparison when something asks for a redline after all.
"""

from __future__ import annotations

from typing import Any

from ..diskcache import WARM
from ..lru import Lru
from ..model import LanguageText
from . import SectionChange, compare_language

FIELDS = ("inserted", "deleted", "moved_in", "moved_out", "old_position")


def _outline(changes: list[SectionChange]) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "status": c.status,
            "old": c.old.id if c.old is not None else None,
            "new": c.new.id if c.new is not None else None,
            "renamed_from": c.renamed_from,
            "moved_from": list(c.moved_from),
            "moved_to": list(c.moved_to),
            **{name: getattr(c, name) for name in FIELDS},
        }
        for c in changes
    ]


def _changes(rows: list[dict[str, Any]], old: LanguageText | None, new: LanguageText) -> list[SectionChange] | None:
    made: list[list[SectionChange]] = []

    def full() -> list[SectionChange]:
        if not made:
            made.append(compare_language(old, new))
        return made[0]

    out = []
    for row in rows:
        before = old.section(row["old"]) if old is not None and row["old"] is not None else None
        after = new.section(row["new"]) if row["new"] is not None else None
        if (before is None) != (row["old"] is None) or (after is None) != (row["new"] is None):
            return None  # not the texts it was made from: compare again
        out.append(
            SectionChange(
                row["id"],
                row["status"],
                before,
                after,
                row["renamed_from"],
                moved_from=tuple(row["moved_from"]),
                moved_to=tuple(row["moved_to"]),
                full=full,
                **{name: row[name] for name in FIELDS},
            )
        )
    return out


def kept_compare(old: LanguageText | None, new: LanguageText, stamp: str) -> list[SectionChange]:
    """``compare_language(old, new)`` (the sections as loaded), from the previous build's outline when there is one.
    ``stamp``: the site's Markdown pipeline and code (diskcache.pipeline_stamp), which decide what the blocks are."""
    memory = (
        stamp,
        old.lang if old else None,
        old.digest if old else None,
        old.section_ids if old else (),
        new.lang,
        new.digest,
        new.section_ids,
    )
    return list(_KEPT.get_or_make(memory, lambda: _kept(old, new, stamp, ["outline", *memory[1:]])))


_KEPT: Lru[list[SectionChange]] = Lru(2048)  # `mkdocs serve` rebuilds read memory, not the files


def _kept(old: LanguageText | None, new: LanguageText, stamp: str, key: list[Any]) -> list[SectionChange]:
    generation = f"compare/{stamp}"
    rows = WARM.get(generation, key)
    if isinstance(rows, list):
        try:
            found = _changes(rows, old, new)
        except (KeyError, TypeError):
            found = None
        if found is not None:
            return found
    changes = compare_language(old, new)
    WARM.put(generation, key, _outline(changes))
    return changes
