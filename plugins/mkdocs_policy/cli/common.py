"""What every command shares: the site's settings read from mkdocs.yml (without building it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click
import yaml


@dataclass(frozen=True)
class SiteSettings:
    root: Path
    policy_dir: str
    languages: tuple[str, ...]
    timezone: str
    site_url: str | None
    markdown_extensions: list
    mdx_configs: dict
    review_interval_days: int = 365


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may use !ENV and !!python/name tags; ignore them instead of failing."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_settings(config_file: str) -> SiteSettings:
    path = Path(config_file)
    if not path.is_file():
        raise click.UsageError(f"{config_file} not found: run in the site's folder or pass --config-file")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except yaml.YAMLError as exc:
        raise click.UsageError(f"{config_file}: invalid YAML: {exc}") from None
    options: dict = {}
    for plugin in data.get("plugins") or []:
        if plugin == "policy":
            options = {}
        elif isinstance(plugin, dict) and "policy" in plugin:
            options = plugin["policy"] or {}
    extensions: list = []
    configs: dict = {}
    for ext in data.get("markdown_extensions") or []:
        if isinstance(ext, dict):
            for name, cfg in ext.items():
                extensions.append(name)
                if cfg:
                    configs[name] = cfg
        else:
            extensions.append(ext)
    return SiteSettings(
        root=path.resolve().parent,
        policy_dir=str(options.get("policy_dir", "policy")),
        languages=tuple(options.get("languages", ["ja", "en"])),
        timezone=str(options.get("timezone", "Asia/Tokyo")),
        site_url=data.get("site_url"),
        markdown_extensions=extensions,
        mdx_configs=configs,
        review_interval_days=int(options.get("review_interval_days", 365)),
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-f", "--config-file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False), help="The site's mkdocs.yml."
)
@click.pass_context
def main(ctx: click.Context, config_file: str) -> None:
    """Check, compare and release versioned policies kept as Markdown sections in git."""
    ctx.obj = {"config_file": config_file}


def settings(ctx: click.Context) -> SiteSettings:
    return read_settings(ctx.obj["config_file"])
