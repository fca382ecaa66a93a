"""Tiny HTML helpers: everything that reaches a page from a source is escaped here."""

from __future__ import annotations

from html import escape

from ..urls import SITE_LINK


def esc(text: str) -> str:
    return escape(text, quote=True)


def link(href: str, text: str, **attrs: str) -> str:
    """An anchor; an ``href`` without scheme, leading slash or '#' is a site path, placed per page later."""
    if not (href.startswith(("#", "/")) or ":" in href.split("/", 1)[0]):
        href = SITE_LINK + href
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    return f'<a href="{esc(href)}"{extra}>{esc(text)}</a>'


def admonition(kind: str, title: str, body_html: str, classes: str = "") -> str:
    """Material's admonition markup, so notices look native in the theme."""
    cls = f"admonition {kind} {classes}".strip()
    return f'<div class="{cls}"><p class="admonition-title">{esc(title)}</p><p>{body_html}</p></div>'


def md_escape(text: str) -> str:
    """Make a plain string safe to place inside generated Markdown (titles, labels)."""
    out = esc(text)
    for ch in "\\`*_{}[]()#+-.!|~":
        out = out.replace(ch, "\\" + ch)
    return out
