"""Sequence alignment that stays near-linear on long and repetitive input.

``difflib`` alone goes quadratic on long token lists (and its autojunk heuristic ruins the result
above a few hundred tokens), so it only ever sees small ranges here. Larger ranges are split
first, patience-style, on tokens that occur exactly once on each side; a work budget caps the
total, and a range that cannot be split within it is reported as replaced (a block-level change,
which is also what a reader sees for text that was rewritten rather than edited).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Hashable, Sequence
from difflib import SequenceMatcher

SMALL = 40_000  # largest len(a) * len(b) handed to difflib
GRAM_WIDTHS = (4, 12)  # runs of tokens tried as anchors when no single token is unique
DEFAULT_BUDGET = 4_000_000  # token comparisons per alignment, roughly


class Budget:
    def __init__(self, limit: int = DEFAULT_BUDGET):
        self.left = limit

    def spend(self, amount: int) -> bool:
        self.left -= amount
        return self.left >= 0


Match = tuple[int, int, int]  # (i in a, j in b, length)
Opcode = tuple[str, int, int, int, int]  # as difflib: tag, i1, i2, j1, j2


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain with increasing j, ``pairs`` sorted by i (patience sorting)."""
    tails: list[int] = []  # j of the smallest tail of each chain length
    tail_index: list[int] = []
    back: list[int] = []
    for index, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[k] = j
            tail_index[k] = index
        back.append(tail_index[k - 1] if k else -1)
    chain = []
    index = tail_index[-1] if tail_index else -1
    while index != -1:
        chain.append(pairs[index])
        index = back[index]
    chain.reverse()
    return chain


def _unique_anchors(a: Sequence[Hashable], alo: int, ahi: int, b: Sequence[Hashable], blo: int, bhi: int) -> list[tuple[int, int]]:
    count_a: dict[Hashable, int] = {}
    for i in range(alo, ahi):
        key = a[i]
        count_a[key] = count_a.get(key, 0) + 1
    count_b: dict[Hashable, int] = {}
    where_b: dict[Hashable, int] = {}
    for j in range(blo, bhi):
        key = b[j]
        if key in count_a:
            count_b[key] = count_b.get(key, 0) + 1
            where_b[key] = j
    pairs = [(i, where_b[a[i]]) for i in range(alo, ahi) if count_a[a[i]] == 1 and count_b.get(a[i]) == 1]
    return _lis(pairs)


def _unique_gram_anchors(
    a: Sequence[Hashable], alo: int, ahi: int, b: Sequence[Hashable], blo: int, bhi: int, width: int
) -> list[tuple[int, int]]:
    """Like ``_unique_anchors`` on runs of ``width`` tokens (which must then match in full)."""
    grams_a = [tuple(a[i : i + width]) for i in range(alo, ahi - width + 1)]
    grams_b = [tuple(b[j : j + width]) for j in range(blo, bhi - width + 1)]
    count_a: dict[tuple, int] = {}
    for gram in grams_a:
        count_a[gram] = count_a.get(gram, 0) + 1
    count_b: dict[tuple, int] = {}
    where_b: dict[tuple, int] = {}
    for j, gram in enumerate(grams_b):
        if gram in count_a:
            count_b[gram] = count_b.get(gram, 0) + 1
            where_b[gram] = blo + j
    pairs = [(alo + i, where_b[g]) for i, g in enumerate(grams_a) if count_a[g] == 1 and count_b.get(g) == 1]
    return _lis(pairs)


def matching_blocks(
    a: Sequence[Hashable], b: Sequence[Hashable], budget: Budget | None = None, isjunk: Callable[[Hashable], bool] | None = None
) -> list[Match]:
    """Matched runs (i, j, size), increasing in both sequences, without the final sentinel."""
    budget = budget or Budget()
    matches: list[Match] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        k = 0
        while alo + k < ahi and blo + k < bhi and a[alo + k] == b[blo + k]:
            k += 1
        if k:
            matches.append((alo, blo, k))
            alo += k
            blo += k
        k = 0
        while ahi - k > alo and bhi - k > blo and a[ahi - 1 - k] == b[bhi - 1 - k]:
            k += 1
        if k:
            matches.append((ahi - k, bhi - k, k))
            ahi -= k
            bhi -= k
        n, m = ahi - alo, bhi - blo
        if not n or not m or not budget.spend(n + m):
            continue
        if n * m <= SMALL:
            if not budget.spend(n * m):
                continue
            matcher = SequenceMatcher(isjunk, a[alo:ahi], b[blo:bhi], autojunk=False)
            matches.extend((alo + i, blo + j, size) for i, j, size in matcher.get_matching_blocks() if size)
            continue
        anchors = _unique_anchors(a, alo, ahi, b, blo, bhi)
        width = 1
        if not anchors:
            # No token is unique on both sides (a small vocabulary: Japanese kana, repetitive text):
            # hold on to runs of tokens that are, trying longer runs while none is found.
            for width in GRAM_WIDTHS:
                if min(n, m) < 2 * width or not budget.spend((n + m) * width // 2):
                    anchors = []
                    break
                anchors = _unique_gram_anchors(a, alo, ahi, b, blo, bhi, width)
                if anchors:
                    break
        if not anchors:
            continue  # nothing to hold on to: the range reads as replaced
        prev_i, prev_j = alo, blo
        for i, j in anchors:
            if i < prev_i or j < prev_j:
                continue  # overlaps the previous run of tokens
            matches.append((i, j, width))
            if i > prev_i or j > prev_j:
                stack.append((prev_i, i, prev_j, j))
            prev_i, prev_j = i + width, j + width
        stack.append((prev_i, ahi, prev_j, bhi))
    matches.sort()
    merged: list[Match] = []
    for i, j, size in matches:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            pi, pj, ps = merged[-1]
            merged[-1] = (pi, pj, ps + size)
        else:
            merged.append((i, j, size))
    return merged


def opcodes(a_len: int, b_len: int, matches: list[Match]) -> list[Opcode]:
    """difflib-style opcodes from matched runs."""
    out: list[Opcode] = []
    i = j = 0
    for ai, bj, size in [*matches, (a_len, b_len, 0)]:
        if i < ai and j < bj:
            out.append(("replace", i, ai, j, bj))
        elif i < ai:
            out.append(("delete", i, ai, j, j))
        elif j < bj:
            out.append(("insert", i, i, j, bj))
        if size:
            out.append(("equal", ai, ai + size, bj, bj + size))
        i, j = ai + size, bj + size
    return out


def diff(
    a: Sequence[Hashable], b: Sequence[Hashable], budget: Budget | None = None, isjunk: Callable[[Hashable], bool] | None = None
) -> list[Opcode]:
    return opcodes(len(a), len(b), matching_blocks(a, b, budget, isjunk))
