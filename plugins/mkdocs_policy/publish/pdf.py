"""The PDF of every release in every language (SPEC §13): A4, one embedded font, tagged, cached.

Public interface (called by build.py):
    publish_pdfs(site, options, renderer, site_url, cache_dir, site_name) -> PdfOutputs
    PdfOutputs.files      site path -> the cached PDF file (the adapter hands it to MkDocs to copy)
    PdfOutputs.rendered   site paths this call rendered; the others came from the cache
    PdfFontError          no Japanese font: says what to install
    pdf_link              a page hook: release pages link to their PDF

A PDF is a pure function of the HTML it is made from (the release's sections through the site's own
Markdown pipeline, the same safe HTML the pages show), the stylesheet, the font and the renderer's
version: the cache key is a digest of all of them, so a build renders only releases it has not seen.
The bytes are fixed too: dates come from the release (not the clock), the PDF identifier from the key,
and nothing is fetched but the font (no network, no system fonts picked by chance).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

import jinja2

from .. import urls
from ..i18n import gettext_for, language_name, long_date
from ..model import Document, Release
from ..render.html import link
from ..render.markdown import MarkdownRenderer
from ..render.pages import PlannedPage, Planner, PlanOptions
from ..sources.loader import Site
from .validate import PublishError

# Bump when this module changes what it puts into a PDF: cached files of the old layout are then not reused.
FORMAT_VERSION = "1"
FONT_URL = "policy-font:text"  # resolved by _Fetcher to the font file; keeps its path out of the cache key
FONT_PACKAGE = "pylopdf_fonts_jp"  # Noto Sans JP (SIL OFL 1.1): Japanese and Latin in one font
FONT_FILE = "NotoSansJP-Regular.otf"


class PdfFontError(PublishError):
    """No Japanese font to embed: a PDF would show empty boxes (tofu) instead of text. A PublishError, so the
    plugin stops the build with the message alone, before site_dir is touched."""


@dataclass
class PdfOutputs:
    files: dict[str, Path] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # `path:line: message`: characters the font cannot draw


def font_path() -> Path:
    """The font embedded in every PDF, shipped by a pip package that installing mkdocs-policy brings."""
    try:
        path = Path(str(resources.files(FONT_PACKAGE).joinpath(FONT_FILE)))
    except ModuleNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise PdfFontError(
            f"no Japanese font for the PDFs: `pip install pylopdf-fonts-jp` (Noto Sans JP, {FONT_FILE}; "
            "mkdocs-policy depends on it, so `pip install -e .` installs it), or turn PDFs off with the plugin option `pdf: false`"
        )
    return path


@lru_cache(maxsize=4)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def file_digest(path: Path) -> str:
    stat = path.stat()
    return _file_digest(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=2)
def font_characters(path: str, digest: str) -> frozenset[int]:
    """The code points the font has a glyph for (``digest`` keys the cache to the file's content)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def drawn(ch: str) -> bool:
    """Whether a character is drawn at all: spaces, controls, format characters (zero-width joiners, marks of
    direction) and variation selectors never show a glyph, so no font needs one."""
    code = ord(ch)
    invisible = ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")
    return not (invisible or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)


@lru_cache(maxsize=65536)
def missing_glyphs(markdown: str, covered: frozenset[int]) -> tuple[tuple[int, str], ...]:
    """(line, character) of each character of a text that the font cannot draw, first occurrence only."""
    found: dict[str, int] = {}
    for number, line in enumerate(markdown.split("\n"), start=1):
        for ch in line:
            if ord(ch) not in covered and ch not in found and drawn(ch):
                found[ch] = number
    return tuple((number, ch) for ch, number in found.items())


@lru_cache(maxsize=1)
def _templates() -> jinja2.Environment:
    folder = resources.files("mkdocs_policy").joinpath("templates", "pdf")
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True, keep_trailing_newline=True)


def _stylesheet() -> str:
    return resources.files("mkdocs_policy").joinpath("templates", "pdf", "release.css").read_text(encoding="utf-8")


def css_string(text: str) -> str:
    """A CSS string literal: every character that could end or break it is escaped."""
    out = []
    for ch in text:
        out.append(ch if ch.isalnum() or ch in " .,:;/()-_·ー" or ord(ch) > 0x7F else f"\\{ord(ch):x} ")
    return '"' + "".join(out) + '"'


def page_counter_css(lang: str) -> str:
    """``@bottom-right``: "Page n of N" in the release's language, with CSS page counters in the slots."""
    _ = gettext_for(lang)
    label = _("Page %(page)s of %(pages)s")
    parts = []
    for piece in re.split(r"(%\((?:page|pages)\)s)", label):
        if piece == "%(page)s":
            parts.append("counter(page)")
        elif piece == "%(pages)s":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    content = " ".join(parts)
    return (
        "@page { @bottom-right { content: "
        + content
        + '; vertical-align: top; padding-top: 3mm; font-family: "Policy Text"; font-size: 7.5pt; color: #444; } }'
    )


def release_html(
    document: Document, release: Release, lang: str, renderer: MarkdownRenderer, site_url: str | None, site_name: str = ""
) -> str:
    """The HTML a release's PDF is made from: its sections as the pages render them, titles escaped."""
    _ = gettext_for(lang)
    text = release.text.language(lang)
    title = document.title.get(lang) or text.title or document.id
    page_title = _("%(title)s, version %(version)s") % {"title": title, "version": release.version}
    values = {
        "version": release.version,
        "effective": long_date(release.effective, lang),
        "published": long_date(release.published, lang),
    }
    notice = ""
    authoritative = release.text.meta.authoritative
    if lang != authoritative:
        notice = _("This is a translation. The %(language)s text prevails in case of any difference.") % {
            "language": language_name(authoritative, lang)
        }
    body = "\n".join(renderer.render(s.markdown, key=s.digest, anchor=s.id) for s in text.sections)
    return (
        _templates()
        .get_template("release.html")
        .render(
            lang=lang,
            title=title,
            page_title=page_title,
            author=site_name,
            meta_line=_("Version %(version)s · published %(published)s · in force from %(effective)s") % values,
            version_label=_("Version %(version)s") % values,
            effective_label=_("In force from %(date)s") % {"date": values["effective"]},
            url=urls.public(urls.release(lang, document.id, release.version), site_url),
            url_label=_("Address of this version"),
            digest=release.text.digest,
            digest_label=_("Release digest (SHA-256 of the text)"),
            notice=notice,
            created=release.published.isoformat(),
            modified=release.published.isoformat(),
            font_url=FONT_URL,
            body=body,
        )
    )


@lru_cache(maxsize=1)
def renderer_versions() -> tuple[str, ...]:
    # From the installed metadata: importing WeasyPrint (Pango through cffi) takes a second or more, which a
    # build whose PDFs are all cached should not pay.
    return tuple(metadata.version(dist) for dist in ("weasyprint", "pydyf", "fonttools"))


def cache_key(html: str, css: str, font_digest: str) -> str:
    inputs = [FORMAT_VERSION, *renderer_versions(), font_digest, css, html]
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False).encode("utf-8")).hexdigest()


def render_pdf(html: str, css: str, font: Path, key: str, base_url: str | None) -> bytes:
    """One PDF from its HTML; the bytes depend on nothing but the arguments."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    class _Fetcher(weasyprint.URLFetcher):
        # The font is the only resource: nothing from the network, nothing from the disk by accident.
        def fetch(self, url, headers=None):
            if url == FONT_URL:
                return weasyprint.urls.URLFetcherResponse(url, font.read_bytes(), headers={"Content-Type": "font/otf"})
            raise ValueError(f"mkdocs-policy PDFs load no resource: {url}")

    fonts = FontConfiguration()
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_Fetcher())
    return document.write_pdf(
        stylesheets=[weasyprint.CSS(string=css, font_config=fonts, url_fetcher=_Fetcher())],
        font_config=fonts,
        pdf_tags=True,  # tagged PDF: text in reading order for copying, search and screen readers
        pdf_identifier=bytes.fromhex(key[:32]),
        uncompressed_pdf=False,
    )


def _write_atomically(target: Path, data: bytes) -> None:
    """Another build sharing the cache never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def publish_pdfs(
    site: Site, options: PlanOptions, renderer: MarkdownRenderer, site_url: str | None, cache_dir: Path, site_name: str = ""
) -> PdfOutputs:
    """Every release's PDF in every language, from the cache or rendered into it."""
    outputs = PdfOutputs()
    releases = [(d, r) for d in sorted(site.documents, key=lambda d: d.id) for r in d.releases]
    if not releases:
        return outputs
    font = font_path()
    font_digest = file_digest(font)
    covered = font_characters(str(font), font_digest)
    reported: set[str] = set()
    for document, release in releases:
        for lang in options.languages:
            # Never tofu: name every character the embedded font has no glyph for (WeasyPrint would fall back to
            # whatever font the machine has, or draw an empty box).
            for section in release.text.language(lang).sections:
                for number, ch in missing_glyphs(section.markdown, covered):
                    message = (
                        f"{section.path}:{number}: {ch!r} (U+{ord(ch):04X}) has no glyph in the PDF font ({FONT_FILE}): "
                        "the PDF may show an empty box; write it another way or turn PDFs off (`pdf: false`)"
                    )
                    if message not in reported:
                        reported.add(message)
                        outputs.warnings.append(message)
            css = _stylesheet() + "\n" + page_counter_css(lang)
            html = release_html(document, release, lang, renderer, site_url, site_name)
            key = cache_key(html, css, font_digest)
            cached = Path(cache_dir) / key[:2] / f"{key}.pdf"
            path = urls.pdf(lang, document.id, release.version)
            if not cached.is_file():
                base_url = urls.public(urls.release(lang, document.id, release.version), site_url) if site_url else None
                _write_atomically(cached, render_pdf(html, css, font, key, base_url))
                outputs.rendered.append(path)
            outputs.files[path] = cached
    return outputs


def pdf_link(planner: Planner, page: PlannedPage) -> None:
    """A page hook: a release's page (and the page of the release in force) links to its PDF, near its version line."""
    if page.kind not in ("current", "release") or page.doc is None or page.version is None or page.lang is None:
        return
    if "notices" not in page.slots:
        return
    _ = gettext_for(page.lang)
    target = urls.pdf(page.lang, page.doc, page.version)
    label = _("PDF of version %(version)s (A4)") % {"version": page.version}
    page.slots["notices"] = f'<p class="policy-pdf">{link(target, label, type="application/pdf")}</p>' + page.slots["notices"]
