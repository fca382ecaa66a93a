"""`mkdocs-policy diff` (to be written)."""

from __future__ import annotations
