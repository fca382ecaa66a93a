"""Retired: the regular-expression scan of a section is replaced by ``sources.markdown_model``.

Only the three line patterns that ``importing.py`` still uses to split a one-file policy into sections
stay here, until ``import`` reads its input through ``markdown_model`` as well. Nothing else may use them:
checks and comparisons read the model that the site's own Markdown pipeline builds.
"""

from __future__ import annotations

import re

HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
ATTR_ID = re.compile(r"\s*\{\s*#([A-Za-z0-9_][A-Za-z0-9_.:-]*)\s*\}\s*$")
FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")


def split_heading(text: str) -> tuple[str, str | None]:
    """'Managing cookies {#managing-cookies}' → ('Managing cookies', 'managing-cookies')."""
    match = ATTR_ID.search(text)
    if match:
        return text[: match.start()].rstrip(), match.group(1)
    return text, None
