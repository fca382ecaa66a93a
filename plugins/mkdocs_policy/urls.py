"""Every public path of a build (SPEC §4), in one place. Paths are site-relative, without a leading slash."""

from __future__ import annotations

from urllib.parse import quote


def language_home(lang: str) -> str:
    return f"{lang}/"


def document(lang: str, doc: str) -> str:
    return f"{lang}/{doc}/"


def release(lang: str, doc: str, version: str) -> str:
    return f"{lang}/{doc}/{quote(version)}/"


def changes(lang: str, doc: str) -> str:
    return f"{lang}/{doc}/changes/"


def draft(lang: str, doc: str) -> str:
    return f"{lang}/{doc}/draft/"


def feed_json(lang: str, doc: str) -> str:
    return f"{lang}/{doc}/feed.json"


def feed_xml(lang: str, doc: str) -> str:
    return f"{lang}/{doc}/feed.xml"


def api_index(doc: str) -> str:
    return f"api/{doc}/releases.json"


def api_release(doc: str, version: str) -> str:
    return f"api/{doc}/{quote(version)}.json"


def api_schema(name: str) -> str:
    return f"api/schema/{name}.schema.json"


def release_anchor(version: str) -> str:
    """The stable anchor of a release on the changes page."""
    return "v" + "".join(c if c.isalnum() or c in "-_" else "-" for c in version)


def public(path: str, site_url: str | None) -> str:
    """Absolute when the site has a ``site_url``, else root-relative (SPEC §5)."""
    if site_url:
        return site_url.rstrip("/") + "/" + path
    return "/" + path


def src_uri(path: str) -> str:
    """The generated Markdown file behind a page path ("ja/privacy/" → "ja/privacy/index.md")."""
    return path + "index.md"
