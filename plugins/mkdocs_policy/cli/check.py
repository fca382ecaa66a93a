"""`mkdocs-policy check`: every error and editorial finding of the site, one line each, in one run."""

from __future__ import annotations

import json

import click

from ..checks import run_checks
from ..release import today
from ..sources.markdown_model import Pipeline
from .common import main, settings


@main.command("check")
@click.option("--strict", is_flag=True, help="Exit 1 on editorial findings too (errors always fail).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: `path:line: error|editorial: message` lines; json: one object for editors and CI annotations.",
)
@click.pass_context
def check(ctx: click.Context, strict: bool, fmt: str) -> None:
    """Check the draft and every release: errors fail (exit 1); editorial findings fail with --strict.

    Errors are what would make `mkdocs build` fail: sections, ids, links, the ledger, git history, and
    text that hides what it says (bidirectional controls, control characters, lone surrogates). The ledger
    is read as committed at HEAD: uncommitted changes are an error (the remains of an interrupted
    `release` are named, with the commands to finish or undo it); every released entry must be as its
    recording commit wrote it, and a DOC/VERSION tag an annotated tag on that commit. Every output path
    of the build is planned (reserved names, collisions, lengths). The configuration is validated as the
    build does (languages, time zone, plugin options, Markdown extensions).

    Editorial findings judge the draft's new writing: mixed scripts, untranslated sentences, sections
    changed in one language but not in another, invisible zero-width characters, a document whose
    `reviewed:` date is missing or older than review_interval_days.
    """
    site = settings(ctx)
    pipeline = Pipeline.of(site.markdown_extensions, site.mdx_configs)  # the build's own Markdown pipeline
    found_errors, found_editorial = run_checks(
        site.root, site.policy_dir, site.languages, pipeline, today(site.timezone), site.review_interval_days
    )
    failed = bool(found_errors) or (strict and bool(found_editorial))
    if fmt == "json":
        report = {
            "ok": not failed,
            "strict": strict,
            "errors": len(found_errors),
            "editorial": len(found_editorial),
            "findings": [f.as_dict() for f in [*found_errors, *found_editorial]],
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for finding in [*found_errors, *found_editorial]:
            click.echo(f"{finding.path}:{finding.line}: {finding.kind}: {finding.message}")
        summary = f"{len(found_errors)} error(s), {len(found_editorial)} editorial finding(s)"
        if found_editorial and not strict and not found_errors:
            summary += " (editorial findings fail only with --strict)"
        click.echo(summary if (found_errors or found_editorial) else "ok: no findings", err=True)
    ctx.exit(1 if failed else 0)
