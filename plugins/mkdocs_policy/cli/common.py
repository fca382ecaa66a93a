"""What every command shares: the site's settings, loaded and validated as the build does it.

Settings come from MkDocs' own ``load_config`` (INHERIT, !ENV, the plugin's typed options) and one
validation (``settings.py``): a command never parses mkdocs.yml by hand.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..settings import SiteSettings

__all__ = ["SiteSettings", "main", "read_settings", "settings"]


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
