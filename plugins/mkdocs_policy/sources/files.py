"""Two views of a document's files: the working tree (the draft) and a git commit (a release)."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Protocol


class FileSource(Protocol):
    """Read-only access to files by repository-relative POSIX path."""

    label: str  # "draft" or a commit sha

    def read(self, path: str) -> bytes | None: ...

    def listdir(self, path: str) -> list[str] | None: ...


class WorkingTree:
    label = "draft"

    def __init__(self, root: Path):
        self.root = root.resolve()

    def _resolve(self, path: str) -> Path | None:
        full = (self.root / path).resolve()
        # Paths come from configuration and YAML: never let them leave the repository.
        if full != self.root and self.root not in full.parents:
            return None
        return full

    def read(self, path: str) -> bytes | None:
        full = self._resolve(path)
        if full is None or not full.is_file():
            return None
        return full.read_bytes()

    def listdir(self, path: str) -> list[str] | None:
        full = self._resolve(path)
        if full is None or not full.is_dir():
            return None
        return sorted(p.name for p in full.iterdir())


def join(*parts: str) -> str:
    return posixpath.normpath(posixpath.join(*parts))
