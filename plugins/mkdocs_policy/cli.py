"""The ``mkdocs-policy`` command: check, diff, release, import over the same core as the plugin."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False), help="The site's mkdocs.yml.")
@click.pass_context
def main(ctx: click.Context, config_file: str) -> None:
    """Check, compare and release versioned policies kept as Markdown sections in git."""
    ctx.obj = {"config_file": config_file}
