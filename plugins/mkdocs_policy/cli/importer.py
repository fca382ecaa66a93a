"""`mkdocs-policy import`: one Markdown file per language → section files (optionally recorded as a release)."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import click

from ..importing import ImportRefused, apply_import, plan_import
from ..release import ReleaseRefused, ReleaseRequest, ReleaseUsageError
from .common import main, settings
from .release import DATE, parse_pairs


@main.command("import")
@click.argument("doc")
@click.argument("files", nargs=-1, required=True, metavar="LANG=FILE…")
@click.option("--level", default=2, show_default=True, type=click.IntRange(1, 5), help="The heading level that starts a section.")
@click.option("--release", "version", metavar="VERSION", help="Commit the imported text and record it as this release (as published).")
@click.option("--published", type=DATE, metavar="YYYY-MM-DD", help="With --release: the day the text was made public.")
@click.option("--effective", type=DATE, metavar="YYYY-MM-DD", help="With --release: the day it took effect.")
@click.option("--change", type=click.Choice(["material", "minor", "editorial"]), help="With --release: the change class.")
@click.option("--summary", "summaries", multiple=True, metavar="LANG=TEXT", help="With --release: what changed, once per language.")
@click.pass_context
def importer(ctx, doc, files, level, version, published, effective, change, summaries) -> None:
    """Split one Markdown file per language (LANG=FILE for every language of the site) into DOC's section files.

    Sections start at headings of --level and are paired across languages by {#id}s or by position;
    ids come from the headings of the Latin-script language (English), else section-N. Every word is
    kept; files whose headings cannot be paired are refused with a side-by-side listing.

    With --release VERSION --published --effective --change --summary, the imported text is committed
    and recorded as a release, as published (no editorial judgement of a text already public): run it
    once per version, oldest first, to bring in a policy's history.
    """
    site = settings(ctx)
    inputs = {lang: Path(path) for lang, path in parse_pairs(files, "LANG=FILE", "en=policy-en.md").items()}
    release_options = {"--published": published, "--effective": effective, "--change": change, "--summary": summaries}
    request = None
    if version is None:
        given = [name for name, value in release_options.items() if value]
        if given:
            raise click.UsageError(f"{', '.join(given)} only go with --release VERSION")
    else:
        missing = [name for name, value in release_options.items() if not value]
        if missing:
            raise click.UsageError(f"--release needs {', '.join(missing)} too")
        request = ReleaseRequest(
            doc_id=doc,
            version=version,
            effective=effective.date(),
            change=change,
            summary=MappingProxyType(parse_pairs(summaries, "--summary", "en='First release.'")),
            as_published=True,
            published=published.date(),
        )
    try:
        plan = plan_import(site.root, site.policy_dir, site.languages, doc, inputs, level, site.markdown_extensions)
        result = apply_import(plan, site.policy_dir, site.languages, site.timezone, request, root=site.root)
    except ReleaseUsageError as exc:
        raise click.UsageError(str(exc)) from None
    except (ImportRefused, ReleaseRefused) as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        click.echo(f"import refused: nothing was written for {doc}", err=True)
        ctx.exit(1)
    width = max(len(sid) for sid, _ in plan.pairs)
    for sid, cells in plan.pairs:
        click.echo(f"{sid:<{width}}  " + "  |  ".join(cells))
    click.echo(f"wrote {len(plan.files)} file(s) under {plan.doc_dir}/" + (f", removed {len(plan.removed)}" if plan.removed else ""))
    if result.release is not None:
        click.echo(f"released {doc} {version} as published: ledger committed as {result.release.commit[:12]}, tagged {result.release.tag}")
    else:
        click.echo("review the files, commit them, then record a release with `mkdocs-policy release`")
