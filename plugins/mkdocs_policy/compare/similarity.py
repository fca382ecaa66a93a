"""How alike two pieces of text are, cheaply, and which pairs are worth asking about.

A text is reduced to a set of shingles: pairs of consecutive units, a unit being a Latin word
(lower-cased) or one CJK character; punctuation and whitespace are ignored. Similarity is the
Jaccard index of two such sets. To avoid comparing every block with every other, each set gets a
bottom-k sketch (its k smallest CRC-32 values, deterministic across runs) and only blocks that
share a sketch value are compared.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from .tokens import CJK_CLASS

_UNIT = re.compile(rf"[{CJK_CLASS}]|[^\W_{CJK_CLASS}]+")
_PUNCT_CJK = frozenset("、。，．・「」『』（）【】〔〕［］｛｝〈〉《》：；！？　…ー")
SKETCH = 12
ALL_PAIRS = 400  # below this many pairs, compare them all
PER_BLOCK = 6  # candidates kept per block otherwise


@lru_cache(maxsize=8192)
def shingles(text: str) -> frozenset[str]:
    units = [u.lower() for u in _UNIT.findall(text) if u not in _PUNCT_CJK]
    if len(units) < 2:
        return frozenset(units)
    return frozenset(x + "\x1f" + y for x, y in pairwise(units))


@lru_cache(maxsize=8192)
def units(text: str) -> frozenset[str]:
    """The words (and CJK characters) of a text, for texts too short for pairs of them."""
    return frozenset(u.lower() for u in _UNIT.findall(text) if u not in _PUNCT_CJK)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 1.0 if a == b else 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


@lru_cache(maxsize=8192)
def sketch(sh: frozenset[str]) -> tuple[int, ...]:
    if len(sh) <= SKETCH:
        return tuple(sorted(zlib.crc32(s.encode("utf-8")) for s in sh))
    values = sorted(zlib.crc32(s.encode("utf-8")) for s in sh)
    return tuple(values[:SKETCH])


def candidate_pairs(olds: Sequence[frozenset[str]], news: Sequence[frozenset[str]]) -> list[tuple[int, int]]:
    """Index pairs (old, new) that may be similar; every pair when there are few.

    Otherwise each new set keeps the few old ones sharing most sketch values with it; a value shared
    by very many sets says nothing and is skipped, so the work stays linear on repetitive text.
    """
    if len(olds) * len(news) <= ALL_PAIRS:
        return [(i, j) for i in range(len(olds)) for j in range(len(news))]
    index: dict[int, list[int]] = {}
    for i, sh in enumerate(olds):
        for value in sketch(sh):
            index.setdefault(value, []).append(i)
    common = max(16, int(len(olds) ** 0.5) * 2)
    pairs: list[tuple[int, int]] = []
    for j, sh in enumerate(news):
        shared: dict[int, int] = {}
        for value in sketch(sh):
            postings = index.get(value, ())
            if len(postings) > common:
                continue
            for i in postings:
                shared[i] = shared.get(i, 0) + 1
        best = sorted(shared.items(), key=lambda item: (-item[1], abs(item[0] - j)))[:PER_BLOCK]
        pairs.extend((i, j) for i, _ in best)
    return sorted(pairs)


def best_chain(pairs: list[tuple[int, int, float]], n_new: int) -> list[tuple[int, int, float]]:
    """The order-preserving set of pairs (i and j both increasing) with the largest total score."""
    if not pairs:
        return []
    pairs = sorted(pairs)
    size = n_new + 1
    tree_val = [0.0] * (size + 1)
    tree_idx = [-1] * (size + 1)

    def query(j: int) -> tuple[float, int]:  # best over new indices < j
        best, idx = 0.0, -1
        k = j
        while k > 0:
            if tree_val[k] > best:
                best, idx = tree_val[k], tree_idx[k]
            k -= k & -k
        return best, idx

    def update(j: int, value: float, idx: int) -> None:
        k = j + 1
        while k <= size:
            if value > tree_val[k]:
                tree_val[k], tree_idx[k] = value, idx
            k += k & -k

    score = [0.0] * len(pairs)
    back = [-1] * len(pairs)
    start = 0
    while start < len(pairs):
        end = start
        while end < len(pairs) and pairs[end][0] == pairs[start][0]:
            end += 1
        for k in range(start, end):
            best, idx = query(pairs[k][1])
            score[k], back[k] = best + pairs[k][2], idx
        for k in range(start, end):
            update(pairs[k][1], score[k], k)
        start = end
    k = max(range(len(pairs)), key=lambda x: (score[x], -x))
    chain = []
    while k != -1:
        chain.append(pairs[k])
        k = back[k]
    chain.reverse()
    return chain
