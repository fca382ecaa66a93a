"""An e-mail-ready notice of a release (SPEC §14): subject, summary, effective date, changed sections, links.

Made from the model and the comparison engine like every other output; the words come from the gettext
catalogs (one block per language), dates from Babel. Three forms: plain text, an HTML page, and a complete
RFC 5322 message (standard library ``email``: text and HTML alternatives, UTF-8 headers) that a mail
client opens as is. The CLI (cli/notice.py) only chooses the release and prints.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from urllib.parse import urlsplit

from .. import urls
from ..i18n import gettext_for, long_date
from ..model import Document, Release
from ..render.html import esc
from ..render.since import between, cumulative_changes


@dataclass(frozen=True)
class NoticeSection:
    title: str
    status: str  # added | removed | modified | renamed (unchanged sections are not listed)
    label: str  # the status in words
    stats: str  # "12 characters inserted, 3 deleted"
    url: str


@dataclass(frozen=True)
class NoticeLanguage:
    lang: str
    subject: str
    lead: str  # "Privacy Policy has been updated: version 1.2, in force from …"
    material: str  # "" unless a material change is in between
    changes_heading: str
    summaries: tuple[str, ...]  # "Version 1.1: …", oldest first
    sections_heading: str
    sections: tuple[NoticeSection, ...]
    section_line: str  # "%(title)s (%(status)s; %(stats)s)" in this language's punctuation
    link_line: str  # "%(label)s: %(url)s"
    none_changed: str  # shown when no section changed (a first release, or wording only)
    redline_label: str
    redline_url: str
    text_label: str
    text_url: str


@dataclass(frozen=True)
class Notice:
    document: str
    version: str
    since: str | None
    languages: tuple[NoticeLanguage, ...]

    @property
    def subject(self) -> str:
        return " / ".join(dict.fromkeys(block.subject for block in self.languages))


def _status_label(status: str, renamed_from: str, lang: str) -> str:
    _ = gettext_for(lang)
    if status == "added":
        return _("New section")
    if status == "removed":
        return _("Section removed")
    if status == "renamed":
        return _("Renamed (formerly “%(old)s”)") % {"old": renamed_from}
    return _("Changed")


def redline_path(document: Document, release: Release, since: Release | None, lang: str, today: date) -> str:
    """Where a reader sees the changes: the release on the change history when it is compared with the one
    before it; the cumulative page when it is the release in force; else the change history at the release."""
    current = document.current(today)
    if since is not None and release.previous != since.version and current is not None and current.version == release.version:
        return urls.since_page(lang, document.id, since.version)
    return urls.changes(lang, document.id) + "#" + urls.release_anchor(release.version)


def notice_language(
    document: Document, release: Release, since: Release | None, lang: str, today: date, site_url: str | None
) -> NoticeLanguage:
    _ = gettext_for(lang)
    doc = document.id
    title = release.text.meta.title.get(lang, doc)
    effective = long_date(release.effective, lang)
    steps = between(document, since, release) if since is not None else [release]
    material = any(r.change == "material" for r in steps)
    values = {"title": title, "version": release.version, "date": effective}
    subject = (
        _("%(title)s: version %(version)s, in force from %(date)s (your consent is needed)")
        if material
        else _("%(title)s: version %(version)s, in force from %(date)s")
    ) % values
    lead = _("%(title)s has been updated: version %(version)s, in force from %(date)s.") % values
    material_line = _("This is a material change: we will ask for your consent again.") if material else ""
    if since is not None and since.version != release.previous:
        changes_heading = _("What changed since version %(version)s:") % {"version": since.version}
    else:
        changes_heading = _("What changed:")
    summaries = tuple(
        _("Version %(version)s: %(summary)s") % {"version": r.version, "summary": r.entry.summary.get(lang, "").strip()} for r in steps
    )
    sections: list[NoticeSection] = []
    if since is not None:
        changes = cumulative_changes(since, release, lang)
        titles_old = {c.old.id: c.old.title for c in changes if c.old is not None}
        for change in changes:
            if not change.changed:
                continue
            page = urls.release(lang, doc, since.version if change.status == "removed" else release.version)
            stats = _("%(inserted)s characters inserted, %(deleted)s deleted") % {"inserted": change.inserted, "deleted": change.deleted}
            label = _status_label(change.status, titles_old.get(change.renamed_from or "", change.renamed_from or ""), lang)
            sections.append(
                NoticeSection(change.title or change.id, change.status, label, stats, urls.public(page + "#" + change.id, site_url))
            )
    none_changed = "" if sections else (_("This is the first release of this document.") if since is None else _("No section changed."))
    return NoticeLanguage(
        lang=lang,
        subject=subject,
        lead=lead,
        material=material_line,
        changes_heading=changes_heading,
        summaries=summaries,
        sections_heading=_("Changed sections:"),
        sections=tuple(sections),
        section_line=_("%(title)s (%(status)s; %(stats)s)"),
        link_line=_("%(label)s: %(url)s"),
        none_changed=none_changed,
        redline_label=_("See every change"),
        redline_url=urls.public(redline_path(document, release, since, lang, today), site_url),
        text_label=_("Read the policy"),
        text_url=urls.public(urls.release(lang, doc, release.version), site_url),
    )


def make_notice(
    document: Document, release: Release, since: Release | None, languages: tuple[str, ...], today: date, site_url: str | None
) -> Notice:
    blocks = tuple(notice_language(document, release, since, lang, today, site_url) for lang in languages)
    return Notice(document.id, release.version, since.version if since is not None else None, blocks)


# -- the three forms ----------------------------------------------------------------------------------
def notice_text(notice: Notice) -> str:
    """Plain text: every language in turn, links written out (a mail client makes them clickable)."""
    parts = []
    for block in notice.languages:
        lines = [block.subject, "", block.lead]
        if block.material:
            lines += ["", block.material]
        lines += ["", block.changes_heading, *(f"- {s}" for s in block.summaries)]
        if block.sections:
            lines += ["", block.sections_heading]
            for section in block.sections:
                line = block.section_line % {"title": section.title, "status": section.label, "stats": section.stats}
                lines += [f"- {line}", f"  {section.url}"]
        elif block.none_changed:
            lines += ["", block.none_changed]
        lines += [
            "",
            block.link_line % {"label": block.redline_label, "url": block.redline_url},
            block.link_line % {"label": block.text_label, "url": block.text_url},
        ]
        parts.append("\n".join(lines))
    return "\n\n----------------------------------------\n\n".join(parts) + "\n"


def _section_html(pattern: str, section: NoticeSection) -> str:
    """The section line with its title as a link: the words around it escaped, never formatted as HTML."""
    before, _sep, after = pattern.partition("%(title)s")
    values = {"status": section.label, "stats": section.stats}
    return f'{esc(before % values)}<a href="{esc(section.url)}">{esc(section.title)}</a>{esc(after % values)}'


def _block_html(block: NoticeLanguage) -> str:
    out = [f'<section lang="{esc(block.lang)}">', f'<h1 style="font-size:1.3em">{esc(block.subject)}</h1>', f"<p>{esc(block.lead)}</p>"]
    if block.material:
        out.append(f"<p><strong>{esc(block.material)}</strong></p>")
    out.append(
        f'<h2 style="font-size:1.1em">{esc(block.changes_heading)}</h2><ul>'
        + "".join(f"<li>{esc(s)}</li>" for s in block.summaries)
        + "</ul>"
    )
    if block.sections:
        items = "".join(f"<li>{_section_html(block.section_line, s)}</li>" for s in block.sections)
        out.append(f'<h2 style="font-size:1.1em">{esc(block.sections_heading)}</h2><ul>{items}</ul>')
    elif block.none_changed:
        out.append(f"<p>{esc(block.none_changed)}</p>")
    out.append(
        f'<p><a href="{esc(block.redline_url)}">{esc(block.redline_label)}</a> · <a href="{esc(block.text_url)}">{esc(block.text_label)}</a></p>'
    )
    out.append("</section>")
    return "".join(out)


def notice_html(notice: Notice) -> str:
    """A standalone HTML page (also the HTML part of the e-mail): every language, each ``lang``-tagged."""
    first = notice.languages[0].lang if notice.languages else "en"
    body = "<hr>".join(_block_html(block) for block in notice.languages)
    return (
        f'<!doctype html>\n<html lang="{esc(first)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(notice.subject)}</title></head>\n"
        f'<body style="font-family:sans-serif;line-height:1.6;max-width:40rem">{body}</body></html>\n'
    )


def notice_email(
    notice: Notice, when: datetime, sender: str | None = None, to: str | None = None, site_url: str | None = None
) -> EmailMessage:
    """A complete RFC 5322 message: text and HTML alternatives, UTF-8 (RFC 2047 encoded headers), CRLF lines.

    ``Date`` is ``when`` (the build date); the Message-ID is derived from the content, so the same notice
    is the same message."""
    domain = urlsplit(site_url).hostname if site_url else None
    domain = domain or "localhost"
    text, html = notice_text(notice), notice_html(notice)
    digest = hashlib.sha256((notice.subject + "\n" + text).encode("utf-8")).hexdigest()[:20]
    message = EmailMessage(policy=SMTP)
    message["Subject"] = notice.subject
    message["From"] = sender or f"no-reply@{domain}"
    message["To"] = to or "undisclosed-recipients:;"
    message["Date"] = format_datetime(when)
    ident = "".join(c if c.isalnum() or c in ".-" else "-" for c in f"{notice.document}.{notice.version}.{notice.since or 'first'}")
    message["Message-ID"] = f"<{ident}.{digest}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    # After the parts are made: set_content moves Content-* headers into the first part.
    message["Content-Language"] = ", ".join(block.lang for block in notice.languages)
    return message
