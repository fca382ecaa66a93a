"""mkdocs-policy: versioned, bilingual policies (privacy policy, terms) published with MkDocs."""

from __future__ import annotations

__version__ = "0.1.0"
