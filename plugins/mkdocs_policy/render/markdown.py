"""Section Markdown → HTML with the site's own Markdown pipeline (``sources.markdown_model``).

The HTML published is the HTML the safety check judged: both come from the one cached parse.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ..i18n import gettext_for
from ..sources.markdown_model import Pipeline, parse


def untitled_label(lang: str | None) -> str:
    """The table-of-contents label of an untitled opening section (SPEC §11), from the catalogs."""
    return gettext_for(lang)("Preamble") if lang else "Preamble"


class MarkdownRenderer:
    """The same pipeline as the pages (the site's ``markdown_extensions``); parses are cached by text."""

    def __init__(self, extensions: list[Any] | None = None, configs: dict[str, Any] | None = None):
        self.extensions = list(extensions or ["attr_list", "md_in_html", "toc"])
        self.configs = dict(configs or {})
        self.pipeline = Pipeline.of(self.extensions, self.configs)

    def same_pipeline(self, other: MarkdownRenderer) -> bool:
        return self.pipeline.key == other.pipeline.key

    def render(self, markdown_text: str, key: str | None = None, anchor: str | None = None) -> str:
        """HTML of one section; ``anchor`` (the section id) is put on the title heading, or, for an untitled
        opening, on a wrapper around it (no heading is invented)."""
        model = parse(markdown_text, self.pipeline, anchor)
        if model.untitled and anchor is not None:
            return f'<div class="policy-untitled" id="{escape(anchor)}">\n{model.html}\n</div>'
        return model.html

    def ids(self, markdown_text: str, anchor: str | None = None) -> tuple[str, ...]:
        """Every ``id`` the HTML of ``render`` defines, from the same cached parse (the HTML is not read again)."""
        model = parse(markdown_text, self.pipeline, anchor)
        return (anchor, *model.ids) if model.untitled and anchor is not None else model.ids

    def toc(
        self, markdown_text: str, key: str | None = None, anchor: str | None = None, lang: str | None = None
    ) -> tuple[dict[str, Any], ...]:
        """The headings of one section as flat table-of-contents entries (level, id, name), in order.

        ``name`` is HTML-escaped text: a title is text everywhere, whatever markup it was written with."""
        model = parse(markdown_text, self.pipeline, anchor)
        entries: list[dict[str, Any]] = []
        if model.title is not None:
            entries.append({"level": 2, "id": model.title.id, "name": escape(model.title.text, quote=False)})
        elif anchor is not None:
            entries.append({"level": 2, "id": anchor, "name": escape(untitled_label(lang), quote=False)})
        entries.extend({"level": h.level, "id": h.id, "name": escape(h.text, quote=False)} for h in model.headings if h.id)
        return tuple(entries)
