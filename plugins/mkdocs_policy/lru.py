"""A bounded memo of pure results (comparisons, redline HTML): least recently used entries go first."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Lru(OrderedDict, Generic[V]):
    """A dict of at most ``size`` entries; ``get_or_make`` makes a missing value and forgets the oldest."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        found = self.get(key)
        if found is None:
            found = make()
            self[key] = found
            if len(self) > self.size:
                self.popitem(last=False)
        else:
            self.move_to_end(key)
        return found
