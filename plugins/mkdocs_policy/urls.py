"""Every public path of a build (SPEC §4), in one place. Paths are site-relative, without a leading slash."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import quote


def language_home(lang: str) -> str:
    return f"{lang}/"


def document(lang: str, doc: str) -> str:
    return f"{lang}/{doc}/"


def release(lang: str, doc: str, version: str) -> str:
    return f"{lang}/{doc}/{quote(version)}/"


def side_by_side(lang: str, doc: str, version: str | None = None) -> str:
    """The text beside its other language: of a release, or (no version) of the release in force (SPEC §13)."""
    return (release(lang, doc, version) if version is not None else document(lang, doc)) + "side-by-side/"


def changes(lang: str, doc: str) -> str:
    return f"{lang}/{doc}/changes/"


# The change history is split into pages, newest first: a long history on one page grows past megabytes.
RELEASES_PER_PAGE = 10


def changes_page_count(releases: int) -> int:
    """How many pages the change history of a document with ``releases`` releases has (at least one)."""
    return max(1, -(-releases // RELEASES_PER_PAGE))


def changes_page(lang: str, doc: str, number: int) -> str:
    """Page ``number`` (1 = newest releases) of the change history: ``changes/``, then ``changes/page/2/`` …"""
    return changes(lang, doc) if number <= 1 else f"{changes(lang, doc)}page/{number}/"


def changes_page_of(sequence: int, releases: int) -> int:
    """The page of the change history that shows the release with ``sequence`` (1-based) of ``releases``."""
    return (releases - sequence) // RELEASES_PER_PAGE + 1


def release_changes(lang: str, doc: str, version: str, sequence: int, releases: int) -> str:
    """Where a release's changes are shown now: its page of the change history and its anchor there."""
    return changes_page(lang, doc, changes_page_of(sequence, releases)) + "#" + release_anchor(version)


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


SITE_LINK = "@/"  # marks a site path inside generated HTML until it is placed on a page
_SITE_HREF = re.compile(r'href="@/([^"#]*)(#[^"]*)?"')


@lru_cache(maxsize=65536)
def relative(target: str, page: str) -> str:
    """The URL of site path ``target`` as seen from the page at site path ``page``."""
    rel = posixpath.relpath(target or ".", page.rstrip("/") or ".")
    if rel == ".":
        return "./"
    return rel + "/" if target.endswith("/") or not target else rel


def place_links(html: str, page: str | None, site_url: str | None = None) -> str:
    """Resolve marked site links: relative to ``page``, or absolute/root-relative when ``page`` is None."""

    def swap(match: re.Match[str]) -> str:
        target, fragment = match.group(1), match.group(2) or ""
        url = public(target, site_url) if page is None else relative(target, page)
        return f'href="{url}{fragment}"'

    return _SITE_HREF.sub(swap, html)


def pdf(lang: str, doc: str, version: str) -> str:
    """A release's PDF in one language (SPEC §13), beside its page."""
    return f"{lang}/{doc}/{quote(version)}/{doc}-{quote(version)}-{lang}.pdf"


def api_since(doc: str, version: str) -> str:
    """What changed from ``version`` to the release in force (SPEC §14)."""
    return f"api/{doc}/since/{quote(version)}.json"


def since_page(lang: str, doc: str, version: str) -> str:
    """The same comparison as a page: the redline from ``version`` to the release in force."""
    return f"{lang}/{doc}/since/{quote(version)}/"
