"""Which reader reads an input file: by its extension (Markdown is the default)."""

from __future__ import annotations

from .source import SourceText

HTML = (".html", ".htm", ".xhtml")
WORD = (".docx",)


def read_input(raw: bytes, path: str, extensions: list | None = None) -> SourceText:
    """The file at ``path`` (its bytes ``raw``) as Markdown lines with their source lines."""
    suffix = path.lower().rsplit(".", 1)[-1] if "." in path else ""
    if f".{suffix}" in HTML:
        from .html import read_html

        return read_html(raw, path, extensions)
    if f".{suffix}" in WORD:
        from .docx import read_docx

        return read_docx(raw, path, extensions)
    from .markdown import read_markdown

    return read_markdown(raw, path, extensions)
