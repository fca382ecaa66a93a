"""Comparisons between two texts of a document: section statuses, statistics, redlines.

Public interface (used by render/ and publish/; keep it stable):
    compare_language(old: LanguageText | None, new: LanguageText, pipeline=None) -> list[SectionChange]
    redline(old_markdown: str, new_markdown: str) -> SectionDiff      # one section pair, on its own

How (details in the modules): sections are matched by id, then a section that disappeared is paired
with a new one of mostly the same text (``renamed``). Inside each pair, blocks are aligned
(section.py), then inline changes are marked by word (Latin script) or by character widened to
phrase boundaries (Japanese, inline.py). Blocks deleted in one place and inserted in another are
moves, across sections too. Statistics count visible characters: no whitespace, no Markdown markup;
moved text counts as moved (``moved_in``/``moved_out``), and only the edits inside it as inserted
or deleted.

Everything here is pure: results are cached by the digests of the texts compared.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import LanguageText, Section
from ..sources.markdown_model import Pipeline
from .blocks import Block, parse_blocks
from .inline import Run
from .section import BlockChange, SectionDiff, align_blocks, assemble, diff_blocks, find_moves
from .section import redline as _redline
from .similarity import jaccard, shingles

STATUSES = ("added", "removed", "modified", "unchanged", "renamed")
RENAMED_MIN = 0.5  # Jaccard of the section texts (titles aside) for a vanished + new section to be one renamed

__all__ = [
    "STATUSES",
    "Block",
    "BlockChange",
    "Run",
    "SectionChange",
    "SectionDiff",
    "compare_language",
    "parse_blocks",
    "redline",
]


@dataclass(frozen=True)
class SectionChange:
    id: str  # the section's id in the new text (the old id for a removed section)
    status: str  # one of STATUSES
    old: Section | None
    new: Section | None
    renamed_from: str | None = None
    inserted: int = 0  # characters of text inserted (no whitespace, no Markdown markup)
    deleted: int = 0
    # Added by the comparison engine:
    diff: SectionDiff | None = None  # the block-by-block redline (None when unchanged: see blocks_diff())
    moved_from: tuple[str, ...] = ()  # ids (as in this list) of sections text moved in from
    moved_to: tuple[str, ...] = ()  # ids of sections text moved out to
    moved_in: int = 0  # characters that arrived unchanged from elsewhere
    moved_out: int = 0  # characters that left unchanged for elsewhere
    old_position: int | None = None  # index of the old section in the old text (where a removed one stood)
    pipeline: Pipeline | None = field(default=None, compare=False, repr=False)  # the Markdown pipeline (None: as loaded)
    # A change read back from its outline (compare/kept.py) has no ``diff``: the whole comparison, made when asked.
    full: Callable[[], list[SectionChange]] | None = field(default=None, compare=False, repr=False)

    def blocks_diff(self) -> SectionDiff | None:
        """The block-by-block redline; for an unchanged section, every block equal (made when asked:
        a long history has many unchanged sections and no page shows most of them in full)."""
        if self.diff is None and self.status != "unchanged" and self.full is not None:
            return next(c for c in self.full() if (c.id, c.status) == (self.id, self.status)).blocks_diff()
        if self.diff is not None or self.new is None:
            return self.diff
        blocks = parse_blocks(self.new.markdown, self.pipeline, self.new.id)
        return diff_blocks(blocks, blocks)

    @property
    def stats(self) -> dict[str, int]:
        return {"inserted": self.inserted, "deleted": self.deleted}

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"

    @property
    def title(self) -> str:
        section = self.new if self.new is not None else self.old
        return section.title if section is not None else self.id


_CACHE: OrderedDict[tuple, list[SectionChange]] = OrderedDict()
_CACHE_SIZE = 1024


def compare_language(old: LanguageText | None, new: LanguageText, pipeline: Pipeline | None = None) -> list[SectionChange]:
    """The sections of ``new`` in order, then those removed since ``old`` (in old order).

    ``pipeline``: the site's Markdown pipeline, which decides what the blocks are (default: each section's
    parse as it was loaded, which in a build is the site's)."""
    key = (
        old.lang if old else None,
        old.digest if old else None,
        new.lang,
        new.digest,
        old.section_ids if old else (),
        new.section_ids,
        pipeline.key if pipeline is not None else None,
    )
    cached = _CACHE.get(key)
    if cached is not None:
        _CACHE.move_to_end(key)
        return list(cached)
    result = _compare(old, new, pipeline)
    _CACHE[key] = result
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return list(result)


def redline(old_markdown: str, new_markdown: str) -> SectionDiff:
    """The redline of one section's Markdown against another's (pure; cached by text)."""
    return _redline_cached(old_markdown, new_markdown)


_REDLINES: OrderedDict[tuple[str, str], SectionDiff] = OrderedDict()


def _redline_cached(old_markdown: str, new_markdown: str) -> SectionDiff:
    key = (old_markdown, new_markdown)
    found = _REDLINES.get(key)
    if found is None:
        found = _redline(old_markdown, new_markdown)
        _REDLINES[key] = found
        if len(_REDLINES) > 256:
            _REDLINES.popitem(last=False)
    return found


def _text_of(section: Section, pipeline: Pipeline | None) -> str:
    return "\n".join(b.text for b in parse_blocks(section.markdown, pipeline, section.id)[1:])


def _compare(old: LanguageText | None, new: LanguageText, pipeline: Pipeline | None) -> list[SectionChange]:
    old_sections = {s.id: s for s in old.sections} if old else {}
    old_positions = {s.id: k for k, s in enumerate(old.sections)} if old else {}
    new_ids = set(new.section_ids)
    removed = [s for s in (old.sections if old else ()) if s.id not in new_ids]
    added = [s for s in new.sections if s.id not in old_sections]

    # Renames: a vanished section and a new one with mostly the same text.
    renamed: dict[str, Section] = {}  # new id -> old section
    if removed and added:
        scored = []
        for r_index, r in enumerate(removed):
            for a_index, a in enumerate(added):
                score = jaccard(shingles(_text_of(r, pipeline)), shingles(_text_of(a, pipeline)))
                if score >= RENAMED_MIN:
                    scored.append((-score, r_index, a_index))
        scored.sort()
        used_r: set[int] = set()
        used_a: set[int] = set()
        for _, r_index, a_index in scored:
            if r_index in used_r or a_index in used_a:
                continue
            used_r.add(r_index)
            used_a.add(a_index)
            renamed[added[a_index].id] = removed[r_index]
    renamed_old = {s.id for s in renamed.values()}
    removed = [s for s in removed if s.id not in renamed_old]

    # Block alignment of every changed pair; whole sections for added and removed ones.
    plans: list[tuple[str, str, Section | None, Section | None, str | None]] = []  # (id, status, old, new, renamed_from)
    for section in new.sections:
        before = old_sections.get(section.id)
        if before is not None:
            status = "unchanged" if before.digest == section.digest else "modified"
            plans.append((section.id, status, before, section, None))
        elif section.id in renamed:
            plans.append((section.id, "renamed", renamed[section.id], section, renamed[section.id].id))
        else:
            plans.append((section.id, "added", None, section, None))
    for section in removed:
        plans.append((section.id, "removed", section, None, None))

    blocks_old: dict[str, tuple[Block, ...]] = {}
    blocks_new: dict[str, tuple[Block, ...]] = {}
    slots: dict[str, list] = {}
    deleted: list[tuple[str, int, Block]] = []
    inserted: list[tuple[str, int, Block]] = []
    for sid, status, before, after, _ in plans:
        if status == "unchanged":
            continue
        bo = parse_blocks(before.markdown, pipeline, before.id) if before is not None else ()
        bn = parse_blocks(after.markdown, pipeline, after.id) if after is not None else ()
        blocks_old[sid], blocks_new[sid] = bo, bn
        if status == "added":
            slot_list = [("inserted", None, j) for j in range(len(bn))]
        elif status == "removed":
            slot_list = [("deleted", i, None) for i in range(len(bo))]
        else:
            slot_list = align_blocks(bo, bn)
        slots[sid] = slot_list
        for state, i, j in slot_list:
            # A section's own title never counts as moved text.
            if state == "deleted" and not (i == 0 and bo[0].kind == "heading"):
                deleted.append((sid, i, bo[i]))
            elif state == "inserted" and not (j == 0 and bn[0].kind == "heading"):
                inserted.append((sid, j, bn[j]))

    moves = find_moves(deleted, inserted)
    moved_out: dict[str, dict[int, tuple[int, str]]] = {}
    moved_in: dict[str, dict[int, tuple[int, str, Block]]] = {}
    targets: dict[tuple[str, int], Block] = {}
    for (old_sid, i), (new_sid, j) in moves:
        moved_out.setdefault(old_sid, {})[i] = (j, new_sid)
        moved_in.setdefault(new_sid, {})[j] = (i, old_sid, blocks_old[old_sid][i])
        targets[(new_sid, j)] = blocks_new[new_sid][j]

    result: list[SectionChange] = []
    for sid, status, before, after, renamed_from in plans:
        if status == "unchanged":
            assert before is not None
            result.append(SectionChange(sid, status, before, after, old_position=old_positions.get(before.id), pipeline=pipeline))
            continue
        diff = assemble(slots[sid], blocks_old[sid], blocks_new[sid], moved_out.get(sid, {}), moved_in.get(sid, {}), targets)
        sources = sorted(
            {b.other_section for b in diff.blocks if b.status == "moved-in" and b.other_section not in (None, sid)}, key=_order_of(plans)
        )
        sinks = sorted(
            {b.other_section for b in diff.blocks if b.status == "moved-out" and b.other_section not in (None, sid)}, key=_order_of(plans)
        )
        result.append(
            SectionChange(
                sid,
                status,
                before,
                after,
                renamed_from,
                inserted=diff.inserted,
                deleted=diff.deleted,
                diff=diff,
                moved_from=tuple(sources),
                moved_to=tuple(sinks),
                moved_in=diff.moved_in,
                moved_out=diff.moved_out,
                old_position=old_positions.get(before.id) if before is not None else None,
                pipeline=pipeline,
            )
        )
    return result


def _order_of(plans):
    order = {sid: k for k, (sid, *_rest) in enumerate(plans)}
    return lambda sid: order.get(sid, len(order))
