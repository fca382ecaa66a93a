"""`mkdocs-policy release` (to be written)."""

from __future__ import annotations
