"""Section Markdown → HTML with the site's own Markdown extensions, once per distinct text."""

from __future__ import annotations

from typing import Any

import markdown


class MarkdownRenderer:
    """The same pipeline as the pages (the site's ``markdown_extensions``), cached by section digest."""

    def __init__(self, extensions: list[Any] | None = None, configs: dict[str, Any] | None = None):
        self.extensions = list(extensions or ["attr_list", "md_in_html", "toc"])
        self.configs = dict(configs or {})
        self._md: markdown.Markdown | None = None
        self._cache: dict[tuple[str, str], str] = {}
        self._tokens: dict[tuple[str, str], tuple[dict[str, Any], ...]] = {}

    @property
    def pipeline(self) -> str:
        """The Markdown pipeline as text: two renderers with the same pipeline make the same HTML."""
        return repr((self.extensions, self.configs))

    def same_pipeline(self, other: MarkdownRenderer) -> bool:
        return self.pipeline == other.pipeline

    def _engine(self) -> markdown.Markdown:
        if self._md is None:
            self._md = markdown.Markdown(extensions=self.extensions, extension_configs=self.configs)
        return self._md

    def render(self, markdown_text: str, key: str | None = None, anchor: str | None = None) -> str:
        """HTML of one section; ``anchor`` is put on the title heading (the section id)."""
        cache_key = (key or markdown_text, anchor or "")
        if cache_key not in self._cache:
            source = markdown_text
            if anchor is not None:
                first, sep, rest = source.partition("\n")
                if "{#" not in first:
                    source = f"{first.rstrip()} {{#{anchor}}}{sep}{rest}"
            engine = self._engine()
            engine.reset()
            self._cache[cache_key] = engine.convert(source)
            self._tokens[cache_key] = tuple(_flat_toc(getattr(engine, "toc_tokens", [])))
        return self._cache[cache_key]

    def toc(self, markdown_text: str, key: str | None = None, anchor: str | None = None) -> tuple[dict[str, Any], ...]:
        """The headings of one section as flat table-of-contents entries (level, id, name), in order."""
        self.render(markdown_text, key, anchor)
        return self._tokens[(key or markdown_text, anchor or "")]


def _flat_toc(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    flat: list[dict[str, Any]] = []
    for token in tokens:
        flat.append({"level": token["level"], "id": token["id"], "name": token["name"]})
        flat.extend(_flat_toc(token.get("children", [])))
    return flat
