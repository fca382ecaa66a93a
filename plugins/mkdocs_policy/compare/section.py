"""Block-level comparison of sections: alignment inside a section, then moves between sections.

1. Blocks equal in both texts are aligned first (anchored diff on the blocks' source).
2. In each stretch between equal blocks, blocks of the same kind that are alike are paired as
   *modified* (the order-preserving pairing with the best total similarity); the rest are deleted
   or inserted.
3. Across the whole language, deleted and inserted blocks that are alike are paired as *moved*
   (out of one place, into another): text moved into a new section reads as a move, not as noise.
Inline changes are computed only for modified and moved pairs.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from .blocks import Block, parse_blocks
from .inline import Run, inline_diff, same_text
from .sequence import matching_blocks
from .similarity import best_chain, candidate_pairs, containment, jaccard, shingles, units

MODIFIED_MIN = 0.3  # Jaccard of shingles for two blocks in the same place to count as one modified block
MODIFIED_CONTAINED = 0.7  # … or this share of the shorter block found in the longer one
MOVED_MIN = 0.5  # Jaccard for a deleted and an inserted block elsewhere to count as a move
MOVED_MIN_CHARS = 20  # shorter blocks are not worth calling a move
MAX_INLINE_CHARS = 400_000  # larger pairs of blocks are shown replaced as a whole, not inline

BLOCK_STATUSES = ("equal", "modified", "inserted", "deleted", "moved-in", "moved-out")


def _family(block: Block) -> str:
    return {"item": "item", "heading": "heading", "row": "row", "code": "code"}.get(block.kind, "text")


@dataclass(frozen=True)
class BlockChange:
    status: str  # one of BLOCK_STATUSES
    old: Block | None  # for moved-in: the block it came from (elsewhere)
    new: Block | None  # for moved-out: the block it went to (elsewhere)
    runs: tuple[Run, ...] = ()  # equal/modified/moved: old → new inline; inserted/deleted: one run
    other_section: str | None = None  # for moves: the id of the section on the other end

    @property
    def inserted(self) -> int:
        if self.status in ("modified", "moved-in", "inserted"):
            return _counts(self.runs)[0]
        return 0

    @property
    def deleted(self) -> int:
        if self.status in ("modified", "moved-out", "deleted"):
            return _counts(self.runs)[1]
        return 0

    @property
    def moved(self) -> int:
        """Characters that arrived (moved-in) or left (moved-out) unchanged."""
        if self.status in ("moved-in", "moved-out"):
            return sum(r.visible for r in self.runs if r.op == "equal")
        return 0

    @property
    def in_old(self) -> bool:
        return self.status in ("equal", "modified", "deleted", "moved-out")

    @property
    def in_new(self) -> bool:
        return self.status in ("equal", "modified", "inserted", "moved-in")


def _counts(runs: tuple[Run, ...]) -> tuple[int, int]:
    """Visible characters inserted and deleted; a replacement with the same text (only its markup
    changed, e.g. a link added) counts as nothing: statistics leave Markdown markup out."""
    inserted = deleted = 0
    skip = -1
    for k, run in enumerate(runs):
        if k == skip:
            continue
        if run.op == "delete" and k + 1 < len(runs) and runs[k + 1].op == "insert" and same_text(run, runs[k + 1]):
            skip = k + 1
            continue
        if run.op == "insert":
            inserted += run.visible
        elif run.op == "delete":
            deleted += run.visible
    return inserted, deleted


@dataclass(frozen=True)
class SectionDiff:
    blocks: tuple[BlockChange, ...]

    @property
    def inserted(self) -> int:
        return sum(b.inserted for b in self.blocks)

    @property
    def deleted(self) -> int:
        return sum(b.deleted for b in self.blocks)

    @property
    def moved_in(self) -> int:
        return sum(b.moved for b in self.blocks if b.status == "moved-in")

    @property
    def moved_out(self) -> int:
        return sum(b.moved for b in self.blocks if b.status == "moved-out")

    @property
    def changed(self) -> bool:
        return any(b.status != "equal" for b in self.blocks)

    def old_markdown(self) -> str:
        """The old text, rebuilt from the redline (dropping insertions)."""
        return "".join("".join(r.raw for r in b.runs if r.op != "insert") + b.old.tail for b in self.blocks if b.in_old and b.old)

    def new_markdown(self) -> str:
        """The new text, rebuilt from the redline (dropping deletions)."""
        return "".join("".join(r.raw for r in b.runs if r.op != "delete") + b.new.tail for b in self.blocks if b.in_new and b.new)


# -- building blocks of a diff ------------------------------------------------------------------------
def _equal(old: Block, new: Block) -> BlockChange:
    return BlockChange("equal", old, new, (Run("equal", new.tokens),) if new.tokens else ())


def _inserted(block: Block) -> BlockChange:
    return BlockChange("inserted", None, block, (Run("insert", block.tokens),) if block.tokens else ())


def _deleted(block: Block) -> BlockChange:
    return BlockChange("deleted", block, None, (Run("delete", block.tokens),) if block.tokens else ())


_PAIRS: OrderedDict[tuple[str, str, str, str], tuple[Run, ...]] = OrderedDict()


def _pair_runs(old: Block, new: Block) -> tuple[Run, ...]:
    """Inline changes of two blocks; pure, so cached by their source (a block's tokens follow from it)."""
    key = (old.kind, old.body, new.kind, new.body)
    runs = _PAIRS.get(key)
    if runs is None:
        if len(old.body) + len(new.body) > MAX_INLINE_CHARS:
            runs = tuple(r for r in (Run("delete", old.tokens), Run("insert", new.tokens)) if r.tokens)
        else:
            runs = inline_diff(old.tokens, new.tokens)
        _PAIRS[key] = runs
        if len(_PAIRS) > 4096:
            _PAIRS.popitem(last=False)
    else:
        _PAIRS.move_to_end(key)
    return runs


def _modified(old: Block, new: Block) -> BlockChange:
    return BlockChange("modified", old, new, _pair_runs(old, new))


def _cells(block: Block) -> list[str]:
    cells = [""]
    for tok in block.tokens:
        if tok.raw == "|" and tok.kind == "m":
            cells.append("")
        else:
            cells[-1] += tok.text
    cells = [c.strip() for c in cells]
    # A row written |a|b| has empty cells outside its outer pipes.
    if len(cells) > 1 and not cells[0]:
        cells = cells[1:]
    if len(cells) > 1 and not cells[-1]:
        cells = cells[:-1]
    return cells


def _alike(old: Block, new: Block) -> float:
    """Similarity of two blocks in the same place (0 when they should not be paired)."""
    if _family(old) != _family(new):
        return 0.0
    if old.kind == "heading" and old.anchor and old.anchor == new.anchor:
        return 1.0  # the same explicit id: the same heading, whatever its new words
    if old.kind == "row" and new.kind == "row":
        cells_old, cells_new = _cells(old), _cells(new)
        same = sum(1 for x, y in zip(cells_old, cells_new, strict=False) if x == y and x)
        share = same / max(len(cells_old), len(cells_new), 1)
        if share >= 0.5:
            return share
    a, b = shingles(old.text), shingles(new.text)
    if min(len(a), len(b)) < 4:  # a few words: pairs of them say little, the words themselves more
        a, b = units(old.text), units(new.text)
    if not a and not b:
        return 1.0 if old.kind == new.kind else 0.0
    score = jaccard(a, b)
    if score >= MODIFIED_MIN:
        return score
    if containment(a, b) >= MODIFIED_CONTAINED and score >= MODIFIED_MIN / 2:
        return score + MODIFIED_MIN / 2
    return 0.0


Slot = tuple[str, int | None, int | None]  # (status, old index, new index) before moves are known


def align_blocks(old: tuple[Block, ...], new: tuple[Block, ...]) -> list[Slot]:
    """Order of blocks in the redline with their provisional statuses (equal, modified, deleted, inserted)."""
    # A block's identity is its source and what that source is (a "|---|" line can be a row or a separator).
    matches = matching_blocks([b.kind + "\x00" + b.body for b in old], [b.kind + "\x00" + b.body for b in new])
    slots: list[Slot] = []
    i = j = 0
    for mi, mj, size in [*matches, (len(old), len(new), 0)]:
        slots.extend(_gap(old, new, i, mi, j, mj))
        for k in range(size):
            slots.append(("equal", mi + k, mj + k))
        i, j = mi + size, mj + size
    return slots


def _gap(old: tuple[Block, ...], new: tuple[Block, ...], i1: int, i2: int, j1: int, j2: int) -> list[Slot]:
    if i1 == i2:
        return [("inserted", None, j) for j in range(j1, j2)]
    if j1 == j2:
        return [("deleted", i, None) for i in range(i1, i2)]
    olds, news = old[i1:i2], new[j1:j2]
    if len(olds) == 1 and len(news) == 1 and _family(olds[0]) == _family(news[0]):
        return [("modified", i1, j1)]  # one block rewritten in place: its inline changes say the most
    scored = []
    for a, b in candidate_pairs([shingles(x.text) for x in olds], [shingles(y.text) for y in news]):
        score = _alike(olds[a], news[b])
        if score > 0:
            scored.append((a, b, score))
    chain = best_chain(scored, len(news))
    slots: list[Slot] = []
    ci, cj = 0, 0
    for a, b, _ in [*chain, (len(olds), len(news), 0.0)]:
        # Deletions before insertions, except inserted list items nested deeper than the deleted item
        # that follows them: they continue the list above (a sub-item added before a deleted item).
        first_deleted = olds[ci] if ci < a else None
        k = cj
        while (
            first_deleted is not None
            and first_deleted.kind == "item"
            and k < b
            and news[k].kind == "item"
            and news[k].level > first_deleted.level
        ):
            k += 1
        slots.extend(("inserted", None, j1 + x) for x in range(cj, k))
        slots.extend(("deleted", i1 + x, None) for x in range(ci, a))
        slots.extend(("inserted", None, j1 + x) for x in range(k, b))
        if a < len(olds) and b < len(news):
            slots.append(("modified", i1 + a, j1 + b))
        ci, cj = a + 1, b + 1
    return slots


# -- one section, alone --------------------------------------------------------------------------------
def diff_blocks(old: tuple[Block, ...], new: tuple[Block, ...]) -> SectionDiff:
    """The redline of two block lists on their own (moves inside them are found too)."""
    slots = align_blocks(old, new)
    moves = find_moves(
        [("", i, old[i]) for s, i, _ in slots if s == "deleted" and i is not None],
        [("", j, new[j]) for s, _, j in slots if s == "inserted" and j is not None],
    )
    return assemble(slots, old, new, {i: (j, "") for (_, i), (_, j) in moves}, {j: (i, "", old[i]) for (_, i), (_, j) in moves})


def assemble(
    slots: list[Slot],
    old: tuple[Block, ...],
    new: tuple[Block, ...],
    moved_out: dict[int, tuple[int, str]],
    moved_in: dict[int, tuple[int, str, Block]],
    targets: dict[tuple[str, int], Block] | None = None,
) -> SectionDiff:
    """Turn slots into block changes; ``moved_out`` old index → (new index, section id of the other end),
    ``moved_in`` new index → (old index, section id, old block)."""
    changes: list[BlockChange] = []
    for status, i, j in slots:
        if status == "equal":
            changes.append(_equal(old[i], new[j]))
        elif status == "modified":
            changes.append(_modified(old[i], new[j]))
        elif status == "deleted":
            if i in moved_out:
                target_index, section = moved_out[i]
                target = targets[(section, target_index)] if targets is not None else new[target_index]
                changes.append(BlockChange("moved-out", old[i], target, _pair_runs(old[i], target), section))
            else:
                changes.append(_deleted(old[i]))
        else:
            if j in moved_in:
                _, section, source = moved_in[j]
                changes.append(BlockChange("moved-in", source, new[j], _pair_runs(source, new[j]), section))
            else:
                changes.append(_inserted(new[j]))
    return SectionDiff(tuple(changes))


Place = tuple[str, int, Block]  # (section id, block index, block)


def find_moves(deleted: list[Place], inserted: list[Place]) -> list[tuple[tuple[str, int], tuple[str, int]]]:
    """Pairs (old place, new place) of deleted and inserted blocks that are the same text moved."""
    olds = [p for p in deleted if p[2].kind not in ("space", "sep", "hr") and p[2].visible >= MOVED_MIN_CHARS]
    news = [p for p in inserted if p[2].kind not in ("space", "sep", "hr") and p[2].visible >= MOVED_MIN_CHARS]
    if not olds or not news:
        return []
    old_sh = [shingles(p[2].text) for p in olds]
    new_sh = [shingles(p[2].text) for p in news]
    scored = []
    for a, b in candidate_pairs(old_sh, new_sh):
        if _family(olds[a][2]) != _family(news[b][2]) and {_family(olds[a][2]), _family(news[b][2])} != {"text", "item"}:
            continue
        score = 1.0 if olds[a][2].body == news[b][2].body else jaccard(old_sh[a], new_sh[b])
        if score >= MOVED_MIN:
            scored.append((-score, a, b))
    scored.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _, a, b in scored:
        if a in used_a or b in used_b:
            continue
        used_a.add(a)
        used_b.add(b)
        pairs.append(((olds[a][0], olds[a][1]), (news[b][0], news[b][1])))
    return pairs


def redline(old_markdown: str, new_markdown: str) -> SectionDiff:
    """The redline of two Markdown texts (one section each); pure, so cached by the caller."""
    return diff_blocks(parse_blocks(old_markdown), parse_blocks(new_markdown))
