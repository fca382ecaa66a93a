"""``<lang>/<doc>/feed.json`` (JSON Feed 1.1) and ``<lang>/<doc>/feed.xml`` (Atom, RFC 4287): one item per release.

Every timestamp comes from the data (a release's published day, at midnight in the site's time zone),
never from the clock, so that two builds of the same commit write the same bytes.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from .. import urls
from ..i18n import gettext_for, long_date
from ..model import Document, Release
from ..render.changes import feed_redline_html
from ..render.html import esc, link
from .api import changes_url, index_entry, public
from .context import PublishContext

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_NS = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 does not allow: dropped so that a stray control character never breaks the feed.
XML_INVALID = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def timestamp(day: date, zone: str) -> str:
    """RFC 3339: midnight of ``day`` in the site's time zone, e.g. 2026-11-25T00:00:00+09:00."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone)).isoformat(timespec="seconds")


def item_id(context: PublishContext, document: Document, release: Release, lang: str) -> str:
    """The archived release page in that language; a URN when the site has no site_url (ids must be absolute)."""
    if context.site_url:
        return urls.public(urls.release(lang, document.id, release.version), context.site_url)
    return f"urn:mkdocs-policy:{document.id}:{release.version}:{lang}"


def feed_id(context: PublishContext, document: Document, lang: str, path: str) -> str:
    if context.site_url:
        return urls.public(path, context.site_url)
    return f"urn:mkdocs-policy:{document.id}:{lang}"


def feed_title(document: Document, lang: str) -> str:
    _ = gettext_for(lang)
    return _("%(title)s: changes") % {"title": document.title.get(lang, document.id)}


def feed_description(document: Document, lang: str) -> str:
    _ = gettext_for(lang)
    return _("Every release of %(title)s, newest first: what changed, when it takes effect, and whether it is material.") % {
        "title": document.title.get(lang, document.id)
    }


def item_title(document: Document, release: Release, lang: str) -> str:
    _ = gettext_for(lang)
    return _("%(title)s, version %(version)s") % {"title": release.text.meta.title.get(lang, document.id), "version": release.version}


def content_html(context: PublishContext, document: Document, release: Release, lang: str) -> str:
    """Summary plus redline, then a link to the release on the change history page."""
    _ = gettext_for(lang)
    previous = document.release(release.previous) if release.previous else None
    line = _("Version %(version)s · published %(published)s · in force from %(effective)s") % {
        "version": release.version,
        "published": long_date(release.published, lang),
        "effective": long_date(release.effective, lang),
    }
    redline = feed_redline_html(context.renderer, previous, release, lang, context.site_url)  # kept between builds
    more = link(changes_url(context, lang, document, release), _("Read the redline on the change history page"))
    return (
        f'<p class="policy-summary">{esc(release.entry.summary.get(lang, ""))}</p>\n'
        f'<p class="policy-version">{esc(line)}</p>\n'
        f"{redline}\n"
        f"<p>{more}</p>"
    )


def feed_items(context: PublishContext, document: Document, lang: str) -> list[dict[str, Any]]:
    today = context.options.today
    items = []
    for release in reversed(document.releases):  # newest first
        policy = index_entry(context, document, release)
        policy["summary"] = {lg: release.entry.summary[lg] for lg in context.options.languages if lg in release.entry.summary}
        items.append(
            {
                "id": item_id(context, document, release, lang),
                "url": public(context, urls.release(lang, document.id, release.version)),
                "title": item_title(document, release, lang),
                "summary": release.entry.summary.get(lang, ""),
                "content_html": content_html(context, document, release, lang),
                "date_published": timestamp(release.published, context.timezone),
                "tags": [release.change, document.state(release, today)],
                "_policy": policy,
            }
        )
    return items


def json_feed(context: PublishContext, document: Document, lang: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": feed_title(document, lang),
        "home_page_url": public(context, urls.document(lang, document.id)),
        "feed_url": public(context, urls.feed_json(lang, document.id)),
        "description": feed_description(document, lang),
        "language": lang,
    }
    if context.options.site_name:
        feed["authors"] = [{"name": context.options.site_name}]
    feed["items"] = items
    return feed


def xml_text(text: str) -> str:
    return esc(XML_INVALID.sub("", text))


def atom_feed(context: PublishContext, document: Document, lang: str, items: list[dict[str, Any]]) -> str:
    """Atom with the same items as the JSON Feed; ``updated`` is the newest item's date (from the data)."""
    doc = document.id
    updated = max((item["date_published"] for item in items), default=timestamp(context.options.today, context.timezone))
    author = context.options.site_name or document.title.get(lang, doc)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM_NS}" xml:lang="{xml_text(lang)}">',
        f"  <id>{xml_text(feed_id(context, document, lang, urls.feed_xml(lang, doc)))}</id>",
        f"  <title>{xml_text(feed_title(document, lang))}</title>",
        f"  <subtitle>{xml_text(feed_description(document, lang))}</subtitle>",
        f"  <updated>{updated}</updated>",
        f'  <link rel="self" type="application/atom+xml" href="{xml_text(public(context, urls.feed_xml(lang, doc)))}"/>',
        f'  <link rel="alternate" type="text/html" href="{xml_text(public(context, urls.document(lang, doc)))}"/>',
        f'  <link rel="alternate" type="application/feed+json" href="{xml_text(public(context, urls.feed_json(lang, doc)))}"/>',
        f"  <author><name>{xml_text(author)}</name></author>",
    ]
    for item in items:
        change, status = item["tags"]
        out += [
            "  <entry>",
            f"    <id>{xml_text(item['id'])}</id>",
            f"    <title>{xml_text(item['title'])}</title>",
            f'    <link rel="alternate" type="text/html" href="{xml_text(item["url"])}"/>',
            f'    <link rel="related" type="application/json" href="{xml_text(item["_policy"]["url"])}"/>',
            f"    <published>{item['date_published']}</published>",
            f"    <updated>{item['date_published']}</updated>",
            f'    <category term="{xml_text(change)}" scheme="urn:mkdocs-policy:change"/>',
            f'    <category term="{xml_text(status)}" scheme="urn:mkdocs-policy:status"/>',
            f'    <summary type="text">{xml_text(item["summary"])}</summary>',
            f'    <content type="html">{xml_text(item["content_html"])}</content>',
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
