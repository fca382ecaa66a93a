"""Import: bring an existing policy in — Markdown, HTML or Word files, or a whole git history — as section files.

- ``source``: the text on its way (Markdown lines, each with its source file's line);
- ``markdown``, ``html``, ``docx``: the readers, chosen by extension in ``readers``;
- ``outline``: the headings as the site's Python-Markdown pipeline sees them (the one place that asks);
- ``sections``: split, pair across languages, ids, the untitled opening;
- ``anchors``: headings that pair with the latest release's keep their ids;
- ``plan``: plan (nothing written) and apply (all or nothing, optionally as a release);
- ``history``: every commit of another repository that changed the files, as successive releases.

This package imports nothing from MkDocs.
"""

from __future__ import annotations

from ..release import ReleaseRefused
from .plan import ImportPlan, ImportResult, apply_import, plan_import
from .sections import build, slugify, split
from .source import ImportRefused, SourceText

__all__ = [
    "ImportPlan",
    "ImportRefused",
    "ImportResult",
    "ReleaseRefused",
    "SourceText",
    "apply_import",
    "build",
    "plan_import",
    "slugify",
    "split",
]
