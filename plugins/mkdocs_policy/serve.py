"""The `mkdocs serve` cache: the output of generated pages kept between rebuilds, and compiled templates.

MkDocs renders every page after any edit. For a one-line draft edit, re-rendering two pages per release and
the change history is what makes a long history slow to preview; so the output of each generated page is
kept and used again while nothing it is made from changed.

Invariants (what makes a kept page byte-identical to the one a cold build would write):

1. A page's fingerprint covers everything its output is made from: the planned page itself (its Markdown,
   slots, announce bar, alternates, feeds, template; a pre-rendered text by its slot key, which names the
   language and the text's digest, since its HTML follows from the key and the Markdown pipeline) and
   everything around it that the theme renders into it (``surroundings``): the navigation's entries, the
   site's own pages (path, mtime, size), every template folder's files (mtime, size), mkdocs.yml's settings
   and every plugin's options.
2. A kept output is reused only when the page's fingerprint of this rebuild equals the one it was kept
   under; every other kept output is dropped at ``plan`` (nothing stale survives a rebuild).
3. Kept pages outside the navigation (archived releases) are not handed to MkDocs at all and are written
   by ``write``; kept pages in the navigation are handed over (the navigation needs them) but skip Markdown
   and get their kept output.
4. Kept pages are not re-indexed by the preview's search (a preview-only difference: search is not part of
   the byte-identical promise, which tests/test_serve_cache.py holds the pages to).
5. Only `mkdocs serve` uses this module; a `mkdocs build` starts from nothing.

Nothing here imports MkDocs: the adapter (plugin.py) reads MkDocs' structures into plain data.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import jinja2
import jinja2.bccache

from .render.pages import PlannedPage


class ServedPages:
    """The output of generated pages kept between `mkdocs serve` rebuilds (invariants at the top of the module)."""

    def __init__(self) -> None:
        self.output: dict[str, tuple[str, str]] = {}  # src_uri -> (fingerprint, HTML)
        self.fingerprints: dict[str, str] = {}
        self.reused: dict[str, str] = {}
        self.skipped: set[str] = set()  # reused and not handed to MkDocs: written by ``write``

    def plan(self, pages: list[PlannedPage], around: str) -> None:
        """This rebuild's fingerprints; which kept outputs are reused, and which pages MkDocs need not see."""
        self.fingerprints = {p.src_uri: hashlib.sha256(f"{around}\n{page_key(p)}".encode()).hexdigest() for p in pages}
        self.reused = {uri: html for uri, (fp, html) in self.output.items() if self.fingerprints.get(uri) == fp}
        self.output = {uri: entry for uri, entry in self.output.items() if uri in self.reused}
        self.skipped = {p.src_uri for p in pages if p.src_uri in self.reused and not p.in_nav}

    def is_reused(self, src_uri: str) -> bool:
        return src_uri in self.reused

    def keep(self, src_uri: str, output: str) -> None:
        fingerprint = self.fingerprints.get(src_uri)
        if fingerprint is not None:
            self.output[src_uri] = (fingerprint, output)

    def write(self, site_dir: str) -> None:
        """The kept pages MkDocs never saw, written where MkDocs would have written them."""
        for src_uri in sorted(self.skipped):
            target = Path(site_dir, src_uri[: -len("index.md")] + "index.html")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self.reused[src_uri].encode("utf-8"))


def page_key(page: PlannedPage) -> str:
    """The planned page as it goes into its fingerprint. A pre-rendered text is named by its slot key (language
    and digest); its HTML, headings and ids follow from the key and the Markdown pipeline (in mkdocs.yml)."""
    return repr(replace(page, texts=dict.fromkeys(page.texts, ()), toc=[], anchors=set()))


def surroundings(
    nav: Iterable[tuple[str, ...]],
    site_pages: Iterable[str],
    template_dirs: Iterable[str | None],
    settings: Iterable[tuple[str, str]],
) -> str:
    """Everything around the generated pages that the theme renders into each of them (invariant 1):
    ``nav`` the navigation's entries, ``site_pages`` the source files of the site's own pages,
    ``template_dirs`` the template folders, ``settings`` mkdocs.yml's settings and plugin options as text."""
    pages = []
    for path in site_pages:
        if path and os.path.isfile(path):
            stat = os.stat(path)
            pages.append((path, stat.st_mtime_ns, stat.st_size))
    templates = []
    for folder in template_dirs:
        for dirpath, _, names in os.walk(folder or "/nonexistent"):
            for name in names:
                stat = os.stat(os.path.join(dirpath, name))
                templates.append((dirpath, name, stat.st_mtime_ns, stat.st_size))
    return repr((list(nav), sorted(pages), sorted(templates), sorted(settings)))


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory between `mkdocs serve` rebuilds (MkDocs makes a new Jinja
    environment for every rebuild; Jinja checks each template's source checksum, so an edited override is
    compiled again)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
