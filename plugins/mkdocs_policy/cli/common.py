"""What every command shares: the site's settings, loaded and validated as the build does it.

Settings come from MkDocs' own ``load_config`` (INHERIT, !ENV, the plugin's typed options) and one
validation (``settings.py``): a command never parses mkdocs.yml by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..settings import SiteSettings

if TYPE_CHECKING:
    from ..model import Document
    from ..sources.loader import Site

__all__ = ["LANG_OPTION", "Problem", "SiteSettings", "chosen_languages", "document_named", "main", "read_settings", "settings"]

# Commands that speak of a text in some of the site's languages (diff, notice).
LANG_OPTION = click.option("--lang", "lang", metavar="L", help="Only this language (default: every language of the site).")


class Problem(Exception):
    """A request that cannot be answered (exit 1)."""


def read_settings(config_file: str) -> SiteSettings:
    """The validated settings; a missing file is a usage error (exit 2), an invalid one a finding (exit 1)."""
    from ..config import SettingsError, load_settings  # MkDocs is imported only when a command runs

    path = Path(config_file)
    if not path.is_file():
        raise click.UsageError(f"{config_file} not found: run in the site's folder or pass --config-file")
    try:
        return load_settings(config_file)
    except SettingsError as exc:
        for finding in exc.findings:
            click.echo(f"{finding.path}:{finding.line}: error: {finding.message}")
        click.echo(f"{len(exc.findings)} error(s) in the configuration: nothing was checked or changed", err=True)
        raise click.exceptions.Exit(1) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-f", "--config-file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False), help="The site's mkdocs.yml."
)
@click.pass_context
def main(ctx: click.Context, config_file: str) -> None:
    """Check, compare and release versioned policies kept as Markdown sections in git.

    The configuration is read with MkDocs' own loader (INHERIT, !ENV) and validated as the build does:
    languages non-empty, unique and known to Babel; a known time zone; no unknown plugin option; Markdown
    extensions only from an allowlist that reads no file and runs no code.
    """
    ctx.obj = {"config_file": config_file}


def settings(ctx: click.Context) -> SiteSettings:
    return read_settings(ctx.obj["config_file"])


def chosen_languages(site_settings: SiteSettings, lang: str | None) -> tuple[str, ...]:
    """``--lang`` (one of the site's languages: else a usage error), or every language of the site."""
    if lang is not None and lang not in site_settings.languages:
        raise click.BadParameter(f"{lang!r} is not a language of this site ({', '.join(site_settings.languages)})", param_hint="--lang")
    return (lang,) if lang else tuple(site_settings.languages)


def document_named(site: Site, doc: str) -> Document:
    """The site's document ``doc``; else a Problem that names the documents there are."""
    document = site.document(doc)
    if document is None:
        known = ", ".join(d.id for d in site.documents) or "none"
        raise Problem(f"unknown document {doc!r} (documents: {known})")
    return document
