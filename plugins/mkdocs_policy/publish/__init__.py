"""Outputs for machines: release JSON, the index, JSON Schemas, JSON Feed, Atom.

Public interface (called by build.py):
    publish_files(context: PublishContext) -> dict[str, str]   # site path -> file text
"""

from __future__ import annotations

from dataclasses import dataclass

from ..render.markdown import MarkdownRenderer
from ..render.pages import PlanOptions
from ..sources.loader import Site


@dataclass(frozen=True)
class PublishContext:
    site: Site
    options: PlanOptions
    renderer: MarkdownRenderer
    site_url: str | None
    timezone: str
    validate: bool = True


def publish_files(context: PublishContext) -> dict[str, str]:
    """Placeholder until the API lands."""
    return {}
