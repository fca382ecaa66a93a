"""Japanese phrase boundaries (BudouX), asked only where a change starts or ends.

BudouX decides a boundary from the three characters before it and the three after, so parsing
that small window gives exactly the answer a parse of the whole paragraph would, at a tiny cost:
a 50 KB paragraph is never parsed as a whole.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _parser():
    import budoux

    return budoux.load_default_japanese_parser()


@lru_cache(maxsize=65536)
def is_phrase_boundary(context: str, offset: int) -> bool:
    """Whether BudouX puts a phrase boundary before ``context[offset]``."""
    if offset <= 0 or offset >= len(context):
        return True
    position = 0
    for chunk in _parser().parse(context):
        position += len(chunk)
        if position == offset:
            return True
        if position > offset:
            return False
    return False
