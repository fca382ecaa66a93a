"""A bounded memo of pure results (comparisons, redline HTML): least recently used entries go first."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Lru(OrderedDict, Generic[V]):
    """A dict of at most ``size`` entries; ``get_or_make`` makes a missing value and forgets the oldest (``recall`` and
    ``remember`` for a memo that keeps only some results)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        found = self.recall(key)
        if found is None:
            found = make()
            self.remember(key, found)
        return found

    def recall(self, key: Hashable) -> V | None:
        """The value kept under ``key``, now the most recently used; None when not kept."""
        found = self.get(key)
        if found is not None:
            self.move_to_end(key)
        return found

    def remember(self, key: Hashable, value: V) -> None:
        """Keeps ``value``, forgetting the least recently used entry past ``size``."""
        self[key] = value
        if len(self) > self.size:
            self.popitem(last=False)
