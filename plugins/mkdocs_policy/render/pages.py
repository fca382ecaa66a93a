"""The pages of a site as data: where each goes, its Markdown, its language and alternates.

The MkDocs plugin turns each PlannedPage into a generated file; nothing here knows MkDocs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .. import urls
from ..i18n import gettext_for, language_name, long_date
from ..model import CURRENT, UPCOMING, Document, DocumentText, LanguageText, Release
from .html import admonition, esc, link, md_escape
from .markdown import MarkdownRenderer
from .templates import Templates

TEMPLATE = "policy.html"
ENTRY_TEMPLATE = "policy-entry.html"


@dataclass(frozen=True)
class Lazy:
    """A slot's HTML made when its page is written, and dropped after: a long history's generated pages (since
    pages' cumulative redlines…) are gigabytes if all are held from planning until MkDocs writes them.
    ``key`` names everything the HTML is made of (the `mkdocs serve` fingerprint covers it in place of the HTML)."""

    key: Any
    make: Callable[[], str] = field(repr=False, compare=False)

    def html(self) -> str:
        return self.make()


def slot_html(value: str | Lazy) -> str:
    """A slot's HTML, made now if it is lazy."""
    return value.html() if isinstance(value, Lazy) else value


def _placed(value: str | Lazy, path: str) -> str | Lazy:
    """Generated HTML names site paths; each page sees them relative to itself (a lazy slot: when made)."""
    if isinstance(value, Lazy):
        return Lazy(value.key, lambda: urls.place_links(value.html(), path))
    return urls.place_links(value, path)


@dataclass
class PlannedPage:
    path: str  # site path, e.g. "ja/privacy/1.0/"
    lang: str | None  # None for the language-neutral entry page
    title: str
    markdown: str
    template: str = TEMPLATE
    kind: str = "release"  # entry | home | current | release | changes | draft
    doc: str | None = None
    version: str | None = None
    alternates: dict[str, str] = field(default_factory=dict)  # lang -> site path of the same text
    announce: str = ""  # HTML for Material's announce bar
    slots: dict[str, str | Lazy] = field(default_factory=dict)  # placeholder -> HTML (or made when written), swapped in after Markdown
    feeds: list[tuple[str, str, str]] = field(default_factory=list)  # (type, title, site path)
    in_nav: bool = False
    nav_title: str = ""
    redirect: str | None = None  # site path to send the reader to (a one-document language home)
    toc: list[dict[str, Any]] = field(default_factory=list)  # headings of pre-rendered text: flat (level, id, name)
    # Pre-rendered text: slot key -> its sections' HTML (shared, cached strings), joined into the page by the
    # adapter; a joined copy per page would hold every release's full text twice while MkDocs renders.
    texts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    anchors: set[str] = field(default_factory=set)  # ids defined by the pre-rendered texts (links to anchors are checked against them)

    @property
    def src_uri(self) -> str:
        return urls.src_uri(self.path)


@dataclass(frozen=True)
class PlanOptions:
    languages: tuple[str, ...]
    today: date
    site_name: str = ""
    include_draft: bool = False
    template_dirs: tuple[str, ...] = ()  # the theme's search path: a site's custom_dir overrides policy/*.html


TEXT_SLOT = re.compile(r'<div data-policy-slot="(text-[^"]+)"></div>')


def slot(key: str) -> str:
    """A raw-HTML placeholder that Markdown leaves alone; the adapter swaps in the real HTML."""
    return f'\n<div data-policy-slot="{esc(key)}"></div>\n'


def front_matter(title: str, template: str, searchable: bool = True) -> str:
    # JSON strings are valid YAML scalars: safe for any title. Material outputs page titles as HTML
    # (header, nav, <title>), so the plain-text title goes in HTML-escaped: `<` in a title stays text.
    search = "" if searchable else "search:\n  exclude: true\n"
    return f"---\ntemplate: {template}\ntitle: {json.dumps(esc(title), ensure_ascii=False)}\n{search}---\n\n"


def page_heading(title: str) -> str:
    """The page's H1 with a fixed id: the default slug of a Japanese title is "_1". Section ids start with a
    letter or digit, so "_title" never collides with one."""
    return f"# {md_escape(title)} {{#_title}}\n\n"


def section_markdown(text: LanguageText, base_level: int = 2) -> str:
    """A language's sections as one Markdown body, each title carrying its section id."""
    parts = []
    for section in text.sections:
        title_line, _, rest = section.markdown.partition("\n")
        heading = title_line.rstrip()
        if "{#" not in heading:
            heading = f"{heading} {{#{section.id}}}"
        parts.append(f"{heading}\n{rest}")
    return "\n".join(parts)


class Planner:
    """Plans every page of a site for the given build date."""

    def __init__(self, documents: tuple[Document, ...], options: PlanOptions, renderer: MarkdownRenderer | None = None):
        self.documents = documents
        self.options = options
        self.extra_pages: list[Callable[[Planner], list[PlannedPage]]] = []
        self.page_hooks: list[Callable[[Planner, PlannedPage], None]] = []  # may add to any planned page
        # With a renderer, a text's sections are rendered once per section text (cached by digest) and
        # reach pages as HTML slots: the same sections recur in every release page, so MkDocs would
        # otherwise convert the same Markdown once per release and language.
        self.renderer = renderer
        self._texts: dict[str, LanguageText] = {}  # slot key -> the text it stands for
        self.templates = Templates(options.template_dirs)  # notices and banners (render/templates.py)

    # -- the whole site ---------------------------------------------------------------------
    def plan(self) -> list[PlannedPage]:
        pages: list[PlannedPage] = [self.entry_page()]
        for lang in self.options.languages:
            pages.append(self.language_home(lang))
            for document in self.documents:
                pages.append(self.current_page(document, lang))
                for release in document.releases:
                    pages.append(self.release_page(document, release, lang))
        for extra in self.extra_pages:
            pages.extend(extra(self))
        for page in pages:
            self.finish(page)
        return pages

    def finish(self, page: PlannedPage) -> None:
        """What every planned page gets last: the hooks' additions, links placed for its depth, texts filled in."""
        for hook in self.page_hooks:
            hook(self, page)
        page.slots = {key: _placed(value, page.path) for key, value in page.slots.items()}
        page.announce = urls.place_links(page.announce, page.path)
        self._fill_texts(page)

    def _fill_texts(self, page: PlannedPage) -> None:
        if self.renderer is None:
            return
        for key in TEXT_SLOT.findall(page.markdown):
            text = self._texts.get(key)
            if text is None:
                continue
            render = self.renderer
            page.texts[key] = tuple(render.render(s.markdown, key=s.digest, anchor=s.id) for s in text.sections)
            # The ids the text defines, from its one parse: MkDocs checks links to anchors against them.
            page.anchors.update(anchor for s in text.sections for anchor in render.ids(s.markdown, anchor=s.id))
            page.toc.extend(entry for s in text.sections for entry in render.toc(s.markdown, key=s.digest, anchor=s.id, lang=text.lang))

    def same_for_all(self, path_for: Callable[[str], str]) -> dict[str, str]:
        return {lang: path_for(lang) for lang in self.options.languages}

    def document_page(self, document: Document, lang: str, path_for: Callable[[str], str], **fields: Any) -> PlannedPage:
        """A page of ``document`` in ``lang`` at ``path_for(lang)``: the same page in every language are its
        alternates (the language switch), and it links the document's feeds."""
        return PlannedPage(
            path=path_for(lang),
            lang=lang,
            doc=document.id,
            alternates=self.same_for_all(path_for),
            feeds=self.feeds(document, lang),
            **fields,
        )

    # -- entry and language homes -------------------------------------------------------------
    def entry_page(self) -> PlannedPage:
        langs = self.options.languages
        items = "\n".join(f"<li>{link(urls.language_home(lang), language_name(lang), hreflang=lang, lang=lang)}</li>" for lang in langs)
        body = f'<nav class="policy-entry" aria-label="Language / 言語"><ul>\n{items}\n</ul></nav>'
        title = self.options.site_name or " / ".join(self._site_title(lang) for lang in langs)
        markdown = front_matter(title, ENTRY_TEMPLATE) + slot("entry")
        return PlannedPage(
            path="",
            lang=None,
            title=title,
            markdown=markdown,
            template=ENTRY_TEMPLATE,
            kind="entry",
            alternates=self.same_for_all(urls.language_home),
            slots={"entry": body},
        )

    def _site_title(self, lang: str) -> str:
        if len(self.documents) == 1:
            return self.documents[0].title.get(lang, self.documents[0].id)
        return self.options.site_name or lang

    def language_home(self, lang: str) -> PlannedPage:
        _ = gettext_for(lang)
        rows = []
        for document in self.documents:
            title = document.title.get(lang, document.id)
            current = document.current(self.options.today)
            detail = (
                _("Version %(version)s, in force since %(date)s") % {"version": current.version, "date": long_date(current.effective, lang)}
                if current
                else _("Not yet in force")
            )
            rows.append(f'<li>{link(urls.document(lang, document.id), title)} <span class="policy-meta">{esc(detail)}</span></li>')
        body = f'<ul class="policy-documents">{"".join(rows)}</ul>'
        title = _("Policies")
        redirect = urls.document(lang, self.documents[0].id) if len(self.documents) == 1 else None
        return PlannedPage(
            path=urls.language_home(lang),
            lang=lang,
            title=title,
            markdown=front_matter(title, TEMPLATE) + page_heading(title) + slot("documents"),
            kind="home",
            alternates=self.same_for_all(urls.language_home),
            slots={"documents": body},
            redirect=redirect,
        )

    # -- a document's pages --------------------------------------------------------------------
    def feeds(self, document: Document, lang: str) -> list[tuple[str, str, str]]:
        _ = gettext_for(lang)
        title = document.title.get(lang, document.id)
        return [
            ("application/feed+json", _("%(title)s: changes (JSON Feed)") % {"title": title}, urls.feed_json(lang, document.id)),
            ("application/atom+xml", _("%(title)s: changes (Atom)") % {"title": title}, urls.feed_xml(lang, document.id)),
        ]

    def text_markdown(self, title: str, text: DocumentText, lang: str, searchable: bool = True) -> str:
        """A text's page: its title, the release's line (slot "meta"), the notices, the sections."""
        return (
            front_matter(title, TEMPLATE, searchable)
            + page_heading(title)
            + slot("meta")
            + slot("notices")
            + "\n"
            + self.sections_body(text.language(lang))
        )

    def sections_body(self, text: LanguageText) -> str:
        """A language's sections for a page: their Markdown, or (with a renderer) a slot for their HTML."""
        if self.renderer is None:
            return section_markdown(text)
        key = f"text-{text.lang}-{text.digest}"
        self._texts[key] = text
        return slot(key)

    def translation_notice(self, text: DocumentText, lang: str, path_for: Callable[[str], str]) -> str:
        authoritative = text.meta.authoritative
        if lang == authoritative:
            return ""
        return self.templates.render(
            "policy/notice-translation.html",
            lang,
            authoritative=authoritative,
            authoritative_name=language_name(authoritative, lang),
            authoritative_url=path_for(authoritative),
        )

    def version_line(self, release: Release, lang: str) -> str:
        _ = gettext_for(lang)
        values = {
            "version": release.version,
            "effective": long_date(release.effective, lang),
            "published": long_date(release.published, lang),
        }
        return _("Version %(version)s · published %(published)s · in force from %(effective)s") % values

    def release_meta(self, release: Release, lang: str, reviewed: date | None = None) -> str:
        """The line under a release's title (policy/release-meta.html); ``reviewed`` on the text in force."""
        return self.templates.render(
            "policy/release-meta.html",
            lang,
            version=release.version,
            published=long_date(release.published, lang),
            effective=long_date(release.effective, lang),
            reviewed=long_date(reviewed, lang) if reviewed is not None else "",
            change=release.change,
        )

    def current_page(self, document: Document, lang: str) -> PlannedPage:
        _ = gettext_for(lang)
        today = self.options.today
        current = document.current(today)
        upcoming = document.upcoming(today)
        title = document.title.get(lang, document.id)
        page = self.document_page(
            document,
            lang,
            lambda lg: urls.document(lg, document.id),
            title=title,
            markdown="",
            kind="current",
            version=current.version if current else None,
            in_nav=True,
            nav_title=title,
        )
        if upcoming is not None:
            page.announce = self.upcoming_banner(document, upcoming, lang)
        if current is None:
            if upcoming is None:
                message = _("No release of this document has been published yet.")
                page.markdown = front_matter(title, TEMPLATE) + page_heading(title) + slot("none")
                page.slots["none"] = admonition("note", _("Not yet published"), esc(message), "policy-none")
            else:
                message = _("No version of this document is in force yet. Version %(version)s takes effect on %(date)s.") % {
                    "version": upcoming.version,
                    "date": long_date(upcoming.effective, lang),
                }
                body = (
                    esc(message)
                    + " "
                    + link(urls.release(lang, document.id, upcoming.version), _("Read version %(version)s") % {"version": upcoming.version})
                )
                page.markdown = front_matter(title, TEMPLATE) + page_heading(title) + slot("none")
                page.slots["none"] = admonition("note", _("Not yet in force"), body, "policy-none")
            return page
        page.markdown = self.text_markdown(title, current.text, lang)
        page.slots["meta"] = self.release_meta(current, lang, reviewed=document.reviewed)
        page.slots["notices"] = self.translation_notice(current.text, lang, lambda lg: urls.document(lg, document.id))
        return page

    def upcoming_banner(self, document: Document, upcoming: Release, lang: str) -> str:
        return self.templates.render(
            "policy/banner-upcoming.html",
            lang,
            version=upcoming.version,
            effective=long_date(upcoming.effective, lang),
            release_url=urls.release(lang, document.id, upcoming.version),
            changes_url=urls.release_changes(lang, document.id, upcoming.version, upcoming.sequence, len(document.releases)),
        )

    def release_notice(self, document: Document, release: Release, lang: str) -> str:
        """Whether a release is in force, upcoming or archived (policy/notice-archived.html)."""
        today = self.options.today
        current = document.current(today)
        values: dict[str, Any] = {
            "version": release.version,
            "document_url": urls.document(lang, document.id),
            "has_current": current is not None,
        }
        state = document.state(release, today)
        if state == CURRENT:
            values["status"] = state
        elif state == UPCOMING:
            values.update(status=state, effective=long_date(release.effective, lang))
        else:
            successor = document.successor(release)
            values.update(
                status=state,
                next_version=successor.version if successor else "",
                until=long_date(successor.effective, lang) if successor else "",
            )
        return self.templates.render("policy/notice-archived.html", lang, **values)

    def release_page(self, document: Document, release: Release, lang: str) -> PlannedPage:
        _ = gettext_for(lang)
        today = self.options.today
        upcoming = document.upcoming(today)
        title = document.title.get(lang, document.id)
        page_title = _("%(title)s, version %(version)s") % {"title": title, "version": release.version}
        # Archived texts stay out of search: a reader searching wants the text in force (at /<lang>/<doc>/), not
        # one hit per release, and the index would grow with the whole history (40 MB at 200 releases).
        markdown = self.text_markdown(page_title, release.text, lang, searchable=False)
        notices = [self.release_notice(document, release, lang)]

        def path_for(lg: str) -> str:
            return urls.release(lg, document.id, release.version)

        notices.append(self.translation_notice(release.text, lang, path_for))
        return self.document_page(
            document,
            lang,
            path_for,
            title=page_title,
            markdown=markdown,
            kind="release",
            version=release.version,
            slots={"meta": self.release_meta(release, lang), "notices": "".join(notices)},
            announce=self.upcoming_banner(document, upcoming, lang) if upcoming is not None else "",
        )
