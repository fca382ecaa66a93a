"""The `mkdocs serve` cache: the output of generated pages and the files of site_dir kept between rebuilds, and
compiled templates.

MkDocs renders every page after any edit. For a one-line draft edit, re-rendering two pages per release and
the change history is what makes a long history slow to preview; so the output of each generated page is
kept and used again while nothing it is made from changed.

Invariants (what makes a kept page byte-identical to the one a cold build would write):

1. A page's fingerprint covers everything its output is made from: the planned page itself (its Markdown,
   slots, announce bar, alternates, feeds, template; a pre-rendered text by its slot key, which names the
   language and the text's digest, since its HTML follows from the key and the Markdown pipeline) and
   everything around it that the theme renders into it (``surroundings``): the navigation's entries, the
   site's own pages (path, mtime, size), every template folder's files (mtime, size), mkdocs.yml's settings
   and every plugin's options. The planned page's part is digested once per PlannedPage object: build.py hands
   out the same objects again while nothing they are planned from changed, and nothing changes a PlannedPage
   once planned (a page planned again is a new object).
2. A kept output is reused only when the page's fingerprint of this rebuild equals the one it was kept
   under; every other kept output is dropped at ``plan`` (nothing stale survives a rebuild).
3. Kept pages outside the navigation (archived releases) are not handed to MkDocs at all and are put back
   by ``KeptSite`` (or written by ``write``); kept pages in the navigation are handed over (the navigation
   needs them) but skip Markdown and get their kept output.
4. Kept pages are not re-indexed by the preview's search, nor listed in its sitemap (a preview-only
   difference: search and sitemap are not part of the byte-identical promise, which tests/test_serve_cache.py
   holds every other file to).
5. Only `mkdocs serve` uses this module; a `mkdocs build` starts from nothing.
6. ``KeptSite``: MkDocs empties site_dir before every rebuild; the previous rebuild's files are moved aside
   first and a file is moved back only when what this rebuild makes it from equals what the file on disk was
   made from (a page: its fingerprint; an API or feed file: the very text object of build.py's publish cache;
   a copied file: its source's path, mtime and size). Every other file and every folder left empty is deleted
   before MkDocs writes anything, so the site holds exactly what a cold build writes. What the files on disk
   are made from is recorded only when a rebuild succeeded; a rebuild that fails before the files are moved
   back puts the previous site back as it was, one that fails later trusts only the files it moved back.
   Not under `mkdocs serve --dirty` (MkDocs then writes only what changed and cleans nothing).

Nothing here imports MkDocs: the adapter (plugin.py) reads MkDocs' structures into plain data.
"""

from __future__ import annotations

import hashlib
import os
import shutil
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
        # the digest of each planned page's key, by the page object (a page planned again is a new object)
        self._digests: dict[int, tuple[PlannedPage, str]] = {}

    def plan(self, pages: list[PlannedPage], around: str) -> None:
        """This rebuild's fingerprints; which kept outputs are reused, and which pages MkDocs need not see."""
        around_digest = hashlib.sha256(around.encode()).hexdigest()
        digests: dict[int, tuple[PlannedPage, str]] = {}
        for p in pages:
            known = self._digests.get(id(p))
            digest = known[1] if known is not None and known[0] is p else hashlib.sha256(page_key(p).encode()).hexdigest()
            digests[id(p)] = (p, digest)
        self._digests = digests  # holds the pages: an id stays theirs while it is looked up
        self.fingerprints = {p.src_uri: hashlib.sha256(f"{around_digest}\n{digests[id(p)][1]}".encode()).hexdigest() for p in pages}
        self.reused = {uri: html for uri, (fp, html) in self.output.items() if self.fingerprints.get(uri) == fp}
        self.output = {uri: entry for uri, entry in self.output.items() if uri in self.reused}
        self.skipped = {p.src_uri for p in pages if p.src_uri in self.reused and not p.in_nav}

    def is_reused(self, src_uri: str) -> bool:
        return src_uri in self.reused

    def keep(self, src_uri: str, output: str) -> None:
        fingerprint = self.fingerprints.get(src_uri)
        if fingerprint is not None:
            self.output[src_uri] = (fingerprint, output)

    def sources(self) -> dict[str, tuple[str, str]]:
        """What each page whose output is kept was made from, by the site path it is written to (``KeptSite``)."""
        return {dest_uri(uri): ("page", fingerprint) for uri, (fingerprint, _html) in self.output.items()}

    def write(self, site_dir: str, restored: set[str]) -> None:
        """The kept pages MkDocs never saw and ``KeptSite`` did not put back, written where MkDocs would have."""
        for src_uri in sorted(self.skipped):
            if dest_uri(src_uri) in restored:
                continue
            target = Path(site_dir, dest_uri(src_uri))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self.reused[src_uri].encode("utf-8"))


def dest_uri(src_uri: str) -> str:
    """Where MkDocs writes a generated page (every generated page is an ``index.md``)."""
    return src_uri[: -len("index.md")] + "index.html"


class KeptSite:
    """The previous rebuild's site_dir, moved aside before MkDocs cleans it and moved back holding only the files
    whose sources did not change (invariant 6): MkDocs then writes only the rest. Deleting ~1900 files and
    writing them again cost seconds at 200 releases; a rename costs nothing."""

    def __init__(self) -> None:
        self.site_dir: str | None = None
        self.made_from: dict[str, object] = {}  # site path → what the file on disk was made from
        self.aside: str | None = None  # the previous site's entries, between ``set_aside`` and ``restore``

    def set_aside(self, site_dir: str) -> None:
        """Moves site_dir's entries to a sibling folder (MkDocs cleans site_dir next; hidden entries it keeps)."""
        site_dir = os.path.abspath(site_dir)
        if site_dir != self.site_dir:
            self.made_from = {}  # nothing in that folder is known
        self.site_dir = site_dir
        parent, name = os.path.split(site_dir)
        aside = os.path.join(parent, f".{name}.policy-serve")
        shutil.rmtree(aside, ignore_errors=True)  # left by a rebuild that failed
        if not self.made_from or not os.path.isdir(site_dir):
            return
        try:
            os.mkdir(aside)
            self.aside = aside
            for entry in sorted(os.listdir(site_dir)):
                if not entry.startswith("."):
                    os.rename(os.path.join(site_dir, entry), os.path.join(aside, entry))
        except OSError:
            pass  # what was not moved MkDocs deletes; only moved files can be put back

    def restore(self, sources: dict[str, object]) -> set[str]:
        """Moves back every file made from the same source as the one on disk (``sources``: site path → what this
        rebuild makes it from; a text compares by identity, anything else by equality), drops every other file
        and folder. Returns the site paths put back: MkDocs must not write them again."""
        aside, site_dir, made_from = self.aside, self.site_dir, self.made_from
        self.aside, self.made_from = None, {}
        if aside is None or site_dir is None:
            return set()
        wanted = {path for path, source in sources.items() if _same(made_from.get(path), source)}
        restored: set[str] = set()
        try:
            _prune(aside, "", wanted, restored)
            for entry in sorted(os.listdir(aside)):
                target = os.path.join(site_dir, entry)
                if not os.path.lexists(target):
                    os.rename(os.path.join(aside, entry), target)
                else:  # made since by another plugin: the old one goes
                    restored -= {p for p in restored if p == entry or p.startswith(entry + "/")}
        except OSError:
            restored = set()  # a half-restored tree is never trusted: MkDocs writes every file
        shutil.rmtree(aside, ignore_errors=True)
        self.made_from = {path: made_from[path] for path in restored}
        return restored

    def put_back(self) -> None:
        """A rebuild failed before ``restore``: the previous site goes back as it was."""
        aside, self.aside = self.aside, None
        if aside is None or self.site_dir is None:
            return
        for entry in sorted(os.listdir(aside)):
            target = os.path.join(self.site_dir, entry)
            if not os.path.lexists(target):
                os.rename(os.path.join(aside, entry), target)
        shutil.rmtree(aside, ignore_errors=True)

    def written(self, sources: dict[str, object]) -> None:
        """A rebuild succeeded: what each file of site_dir is made from."""
        self.made_from = dict(sources)


def _same(before: object, now: object) -> bool:
    if before is None:
        return False
    return before is now or (isinstance(before, tuple) and before == now)


def _prune(folder: str, rel: str, wanted: set[str], restored: set[str]) -> bool:
    """Deletes the files under ``folder`` that are not ``wanted`` and the folders left empty; True when
    ``folder`` itself went (never at the top, ``rel`` empty)."""
    left = 0
    with os.scandir(folder) as scan:
        entries = list(scan)
    for entry in entries:
        path = rel + entry.name
        if entry.is_dir(follow_symlinks=False):
            if not _prune(entry.path, path + "/", wanted, restored):
                left += 1
        elif path in wanted:
            restored.add(path)
            left += 1
        else:
            os.unlink(entry.path)
    if left or not rel:
        return False
    os.rmdir(folder)
    return True


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
