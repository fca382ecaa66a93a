"""`mkdocs-policy notice DOC [VERSION] [--since VERSION]`: an e-mail-ready notice of a release (SPEC §14).

The notice itself is made in publish/notice.py; this adapter reads the site's settings (once, below),
picks the releases and prints one of three forms: text, html, or eml (a complete RFC 5322 message).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import click
from mkdocs.utils import get_build_datetime

from ..publish.notice import make_notice, notice_email, notice_html, notice_text
from ..sources.loader import Loader, Sources
from .common import LANG_OPTION, Problem, chosen_languages, document_named, main, settings


@main.command("notice")
@click.argument("doc")
@click.argument("version", required=False)
@click.option("--since", "since", metavar="VERSION", help="Describe every change since this older release (default: the release before).")
@LANG_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "eml"]),
    default="text",
    show_default=True,
    help="text: plain text; html: a standalone page; eml: a complete e-mail (text and HTML parts) to open or send.",
)
@click.option("--from", "sender", metavar="ADDRESS", help="eml: the From address (default: no-reply@ the site_url's host).")
@click.option("--to", "to", metavar="ADDRESS", help="eml: the To address (default: undisclosed-recipients).")
@click.pass_context
def notice(
    ctx: click.Context, doc: str, version: str | None, since: str | None, lang: str | None, fmt: str, sender: str | None, to: str | None
) -> None:
    """Write the notice of release VERSION of DOC (default: the latest release) for the people it concerns.

    Subject, summary, effective date, the sections that changed with their statistics, and links to the
    redline and to the text (absolute when mkdocs.yml sets site_url). With --since, the changes are counted
    from that older release: one notice for users who accepted it. Dates follow SOURCE_DATE_EPOCH.
    Exit 0 when written, 1 when it cannot be (unknown document or version), 2 on a usage error.
    """
    site_settings = settings(ctx)  # the one place this command reads mkdocs.yml
    languages = chosen_languages(site_settings, lang)
    now = get_build_datetime().astimezone(ZoneInfo(site_settings.timezone))
    loader = Loader(Sources(site_settings.root, site_settings.policy_dir, tuple(site_settings.languages)))
    try:
        site = loader.load(include_draft=False)
        document = document_named(site, doc)
        known = ", ".join(r.version for r in document.releases) or "none yet"
        release = document.release(version) if version is not None else document.latest
        if release is None:
            raise Problem(f"document {doc!r} has no release {version!r} (releases: {known})" if version else f"{doc!r} has no release yet")
        older = since if since is not None else release.previous
        previous = document.release(older) if older is not None else None
        if older is not None and previous is None:
            raise Problem(f"document {doc!r} has no release {older!r} (releases: {known})")
        if previous is not None and previous.sequence >= release.sequence:
            raise click.BadParameter(f"{older!r} is not older than {release.version!r}", param_hint="--since")
    except Problem as problem:
        click.echo(f"error: {problem}", err=True)
        ctx.exit(1)
        return
    finally:
        loader.close()
    made = make_notice(document, release, previous, languages, now.date(), site_settings.site_url)
    if fmt == "eml":
        message = notice_email(made, now, sender=sender, to=to, site_url=site_settings.site_url)
        click.echo(message.as_bytes(), nl=False)
    elif fmt == "html":
        click.echo(notice_html(made), nl=False)
    else:
        click.echo(notice_text(made), nl=False)
    ctx.exit(0)
