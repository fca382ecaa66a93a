"""Inline changes inside one aligned block: by word for Latin script, by character for Japanese,
then shaped for a reader.

Shaping, in order:
1. semantic cleanup: a short unchanged stretch between two changes is folded into them, so a
   reworded clause reads as one deletion and one insertion rather than a scatter of fragments;
2. a pure insertion or deletion slides (where the text allows) to the best boundary — a blank,
   a sentence end, or a Japanese phrase boundary;
3. a replacement inside Japanese text widens to phrase boundaries (BudouX), so one changed clause
   is marked as that clause and never as the whole sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from .phrases import is_phrase_boundary
from .sequence import Budget, diff
from .tokens import Tok, compact, fold_width, split_for_diff, visible_chars

MAX_WIDEN = 12  # characters a replacement may grow on each side to reach a phrase boundary
MAX_SLIDE = 32  # positions a pure insertion or deletion may slide
SENTENCE_END = frozenset("。．.!?！？")


@dataclass(frozen=True)
class Run:
    op: str  # equal | insert | delete
    tokens: tuple[Tok, ...]

    @property
    def raw(self) -> str:
        return "".join(t.raw for t in self.tokens)

    @property
    def text(self) -> str:
        return "".join(t.text for t in self.tokens)

    @property
    def visible(self) -> int:
        return sum(visible_chars(t.text) for t in self.tokens if t.kind != "s")


def token_key(tok: Tok) -> str:
    """What makes two tokens the same: their source, whether it is markup, and their formatting."""
    key = "\x1d" + tok.raw if tok.kind == "m" else tok.raw  # "**" as markup is not "**" as text
    if not tok.fmt:
        return key
    return key + "\x1f" + "\x1e".join(f"{name}={value}" for name, value in tok.fmt)


def _is_junk(key: str) -> bool:
    return key.isspace()


class _Side:
    """One side's tokens with prefix sums of visible characters."""

    def __init__(self, tokens: list[Tok]):
        self.tokens = tokens
        sums = [0]
        total = 0
        for tok in tokens:
            kind = tok.kind
            if kind == "c":
                total += tok.text != "\u3000"  # one character, unless the ideographic space
            elif kind != "s" and tok.text:
                total += visible_chars(tok.text)
            sums.append(total)
        self.sums = sums

    def vis(self, lo: int, hi: int) -> int:
        return self.sums[hi] - self.sums[lo]


def inline_diff(old_tokens: tuple[Tok, ...], new_tokens: tuple[Tok, ...], budget: Budget | None = None) -> tuple[Run, ...]:
    """Runs that rebuild the old tokens (equal + delete) and the new ones (equal + insert)."""
    return _inline(split_for_diff(old_tokens), split_for_diff(new_tokens), budget or Budget())


def _inline(a: list[Tok], b: list[Tok], budget: Budget) -> tuple[Run, ...]:
    if a == b:
        return (Run("equal", tuple(b)),) if b else ()
    # Most tokens are plain text: their source is their key (no call per token for those).
    keys_a = [fold_width(t.raw) if not t.fmt and t.kind != "m" else token_key(t) for t in a]
    keys_b = [fold_width(t.raw) if not t.fmt and t.kind != "m" else token_key(t) for t in b]
    ops = diff(keys_a, keys_b, budget, _is_junk)
    sa, sb = _Side(a), _Side(b)
    segs = _segments(ops)
    segs = _cleanup(segs, sa, sb)
    segs = _slide(segs, sa, sb)
    segs = _widen(segs, sa, sb)
    segs = _cleanup(segs, sa, sb)
    runs: list[Run] = []
    for tag, i1, i2, j1, j2 in segs:
        # A finished redline needs no token per character: runs keep their text compact.
        if tag == "equal":
            runs.extend(_width_runs(a[i1:i2], b[j1:j2]))
        else:
            if i2 > i1:
                runs.append(Run("delete", compact(a[i1:i2])))
            if j2 > j1:
                runs.append(Run("insert", compact(b[j1:j2])))
    return tuple(runs)


def _width_runs(a: list[Tok], b: list[Tok]) -> list[Run]:
    """An equal stretch (compared folded): where a token changed width only, a delete + insert pair of the
    same folded text, which statistics skip and the redline shows as formatting."""
    if len(a) != len(b) or all(x.raw == y.raw for x, y in zip(a, b, strict=False)):
        return [Run("equal", compact(b))]
    runs: list[Run] = []
    start = 0
    k = 0
    while k < len(b):
        if a[k].raw != b[k].raw:
            end = k
            while end < len(b) and a[end].raw != b[end].raw:
                end += 1
            if k > start:
                runs.append(Run("equal", compact(b[start:k])))
            runs.append(Run("delete", compact(a[k:end])))
            runs.append(Run("insert", compact(b[k:end])))
            start = k = end
        else:
            k += 1
    if start < len(b):
        runs.append(Run("equal", compact(b[start:])))
    return runs


def same_text(old: Run, new: Run) -> bool:
    """Same words (a change of markup, a link target or width only): formatting, not text."""
    return old.text == new.text or fold_width(old.text) == fold_width(new.text)


Seg = list  # [tag ("equal" | "change"), i1, i2, j1, j2]


def _segments(ops) -> list[Seg]:
    segs: list[Seg] = []
    for tag, i1, i2, j1, j2 in ops:
        kind = "equal" if tag == "equal" else "change"
        if segs and segs[-1][0] == kind:
            segs[-1][2], segs[-1][4] = i2, j2
        else:
            segs.append([kind, i1, i2, j1, j2])
    return segs


def _weight(seg: Seg, sa: _Side, sb: _Side) -> int:
    return max(sa.vis(seg[1], seg[2]), sb.vis(seg[3], seg[4]))


def _cleanup(segs: list[Seg], sa: _Side, sb: _Side) -> list[Seg]:
    """Fold an unchanged stretch no longer than the changes on both sides into them (as diff-match-patch)."""
    out: list[Seg] = []
    for seg in segs:
        if seg[0] == "equal" and seg[2] == seg[1] and seg[4] == seg[3]:
            continue
        if out and out[-1][0] == seg[0]:
            out[-1][2], out[-1][4] = seg[2], seg[4]
            continue
        out.append(list(seg))
        while len(out) >= 3 and out[-1][0] == "change" and out[-2][0] == "equal" and out[-3][0] == "change":
            c1, eq, c2 = out[-3], out[-2], out[-1]
            eq_len = sa.vis(eq[1], eq[2])
            if eq_len == 0 or eq_len <= min(_weight(c1, sa, sb), _weight(c2, sa, sb)):
                del out[-2:]
                c1[2], c1[4] = c2[2], c2[4]
            else:
                break
    return out


# -- boundaries -----------------------------------------------------------------------------
def _context(tokens: list[Tok], pos: int, before: int = 4, after: int = 3) -> tuple[str, int]:
    """Visible characters around token boundary ``pos`` and the offset of the boundary in them."""
    left: list[str] = []
    i = pos - 1
    while i >= 0 and len(left) < before:
        if tokens[i].text:
            left.append(tokens[i].text[-1])
        i -= 1
    right: list[str] = []
    j = pos
    while j < len(tokens) and len(right) < after:
        if tokens[j].text:
            right.append(tokens[j].text[0])
        j += 1
    left.reverse()
    return "".join(left) + "".join(right), len(left)


def _neighbours(tokens: list[Tok], pos: int) -> tuple[Tok | None, Tok | None]:
    i = pos - 1
    while i >= 0 and not tokens[i].text:
        i -= 1
    j = pos
    while j < len(tokens) and not tokens[j].text:
        j += 1
    return (tokens[i] if i >= 0 else None), (tokens[j] if j < len(tokens) else None)


def _edge_score(tokens: list[Tok], pos: int) -> int:
    """How good a place ``pos`` is for a change to start or end (higher is better)."""
    x, y = _neighbours(tokens, pos)
    if x is None or y is None:
        return 6
    if "\n" in x.text or "\n" in y.text:
        return 5
    if x.text[-1] in SENTENCE_END:
        return 4
    if x.kind == "c" and y.kind == "c":
        context, offset = _context(tokens, pos)
        return 3 if is_phrase_boundary(context, offset) else 0
    if x.kind == "s" or y.kind == "s":
        return 2
    if x.kind != y.kind:
        return 1
    return 0


def _cjk_inside(tokens: list[Tok], pos: int) -> bool:
    x, y = _neighbours(tokens, pos)
    return x is not None and y is not None and x.kind == "c" and y.kind == "c" and x.text[-1] not in SENTENCE_END


# -- sliding pure insertions and deletions ------------------------------------------------------
def _slide(segs: list[Seg], sa: _Side, sb: _Side) -> list[Seg]:
    for index in range(1, len(segs) - 1):
        prev, seg, nxt = segs[index - 1], segs[index], segs[index + 1]
        if seg[0] != "change" or prev[0] != "equal" or nxt[0] != "equal":
            continue
        pure_insert = seg[1] == seg[2]
        pure_delete = seg[3] == seg[4]
        if not (pure_insert or pure_delete):
            continue
        toks = sb.tokens if pure_insert else sa.tokens
        lo, hi = (seg[3], seg[4]) if pure_insert else (seg[1], seg[2])
        room_left = (prev[4] - prev[3]) if pure_insert else (prev[2] - prev[1])
        room_right = (nxt[4] - nxt[3]) if pure_insert else (nxt[2] - nxt[1])
        # Slide as far left as the text allows, then try every position to the right.
        shift = 0
        while shift < min(room_left, MAX_SLIDE) and toks[lo - shift - 1] == toks[hi - shift - 1]:
            shift += 1
        best, best_score = 0, None
        offset = -shift
        while True:
            start, end = lo + offset, hi + offset
            score = _edge_score(toks, start) + _edge_score(toks, end) + (0 if toks[start].kind == "s" else 1)
            if best_score is None or score > best_score or (score == best_score and offset == 0):
                best, best_score = offset, score
            if offset >= min(room_right, MAX_SLIDE) or end >= len(toks) or toks[start] != toks[end]:
                break
            offset += 1
        if best:
            prev[2] += best
            prev[4] += best
            seg[1] += best
            seg[2] += best
            seg[3] += best
            seg[4] += best
            nxt[1] += best
            nxt[3] += best
    return segs


# -- widening replacements in Japanese text -------------------------------------------------------
def _widen(segs: list[Seg], sa: _Side, sb: _Side) -> list[Seg]:
    a, b = sa.tokens, sb.tokens
    for index, seg in enumerate(segs):
        if seg[0] != "change" or seg[1] == seg[2] or seg[3] == seg[4]:
            continue
        if index > 0 and segs[index - 1][0] == "equal":
            prev = segs[index - 1]
            k = _reach(a, b, seg[1], seg[3], prev[4] - prev[3], -1)
            if k:
                prev[2] -= k
                prev[4] -= k
                seg[1] -= k
                seg[3] -= k
        if index + 1 < len(segs) and segs[index + 1][0] == "equal":
            nxt = segs[index + 1]
            k = _reach(a, b, seg[2], seg[4], nxt[4] - nxt[3], +1)
            if k:
                nxt[1] += k
                nxt[3] += k
                seg[2] += k
                seg[4] += k
    return segs


def _reach(a: list[Tok], b: list[Tok], pa: int, pb: int, room: int, step: int) -> int:
    """How many characters a change at ``pa``/``pb`` may take from its equal neighbour (``step`` -1: the one
    before, +1: the one after) to end on a Japanese phrase boundary; 0 when none is found within MAX_WIDEN."""
    if not (_cjk_inside(b, pb) or _cjk_inside(a, pa)):
        return 0
    k = 0
    while k < min(room, MAX_WIDEN):
        p, q = pb + step * k, pa + step * k
        if k and not (_cjk_inside(b, p) and _cjk_inside(a, q)):
            return k
        if _boundary(b, p) or _boundary(a, q):
            return k
        k += 1
    return 0 if k >= MAX_WIDEN else k


def _boundary(tokens: list[Tok], pos: int) -> bool:
    if not _cjk_inside(tokens, pos):
        return True
    context, offset = _context(tokens, pos)
    return is_phrase_boundary(context, offset)
