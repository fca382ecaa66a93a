"""`mkdocs-policy import`: Markdown, HTML or Word files (one per language) → section files, optionally as a
release; or, with --history, every version of the files in another git repository as successive releases."""

from __future__ import annotations

from pathlib import Path

import click
import yaml

from ..importing import ImportRefused, apply_import, plan_import
from ..importing.history import apply_history, existing_versions, plan_history
from ..release import ReleaseRefused, ReleaseUsageError
from .common import main, settings
from .release import DATE, parse_pairs, release_request


@main.command("import")
@click.argument("doc")
@click.argument("files", nargs=-1, required=True, metavar="LANG=FILE…")
@click.option("--level", default=2, show_default=True, type=click.IntRange(1, 5), help="The heading level that starts a section.")
@click.option("--release", "version", metavar="VERSION", help="Commit the imported text and record it as this release (as published).")
@click.option("--published", type=DATE, metavar="YYYY-MM-DD", help="With --release: the day the text was made public.")
@click.option("--effective", type=DATE, metavar="YYYY-MM-DD", help="With --release: the day it took effect.")
@click.option(
    "--change",
    type=click.Choice(["material", "minor", "editorial"]),
    help="With --release: the change class. With --history: the class of every release (default: material, then minor).",
)
@click.option("--summary", "summaries", multiple=True, metavar="LANG=TEXT", help="With --release: what changed, once per language.")
@click.option(
    "--history",
    "history",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="REPO",
    help="Import every commit of the git repository REPO that changed the files (LANG=PATH, paths in REPO) as a release.",
)
@click.option("--since", type=DATE, metavar="YYYY-MM-DD", help="With --history: only commits from this day on.")
@click.option(
    "--plan",
    "summaries_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="With --history: YAML {version or commit: {LANG: summary, published: DATE, effective: DATE, change: CLASS}} "
    "(default: the commit's subject and date), as --dry-run prints it.",
)
@click.option("--dry-run", is_flag=True, help="With --history: list the releases it would make, and print a plan file to edit.")
@click.pass_context
def importer(ctx, doc, files, level, version, published, effective, change, summaries, history, since, summaries_file, dry_run) -> None:
    """Import DOC from one file per language (LANG=FILE for every language of the site) into section files.

    A file is read by its extension: Markdown (.md, kramdown attribute lines included), HTML (.html, .htm:
    the page's <main> or <article>) or Word (.docx). Sections start at headings of --level and are paired
    across languages by {#id}s or by position; a heading that pairs with one of the latest release keeps
    its id. Every word is kept; what cannot be (an image, a script) is reported with its line.

    With --release VERSION --published --effective --change --summary, the imported text is committed
    and recorded as a release, as published (no editorial judgement of a text already public).

    With --history REPO, LANG=PATH name files in the git repository REPO: every commit that changed them
    becomes a release, oldest first (dates from the commits, summaries from the commit messages, unless
    --plan gives them: run --dry-run first, a released entry never changes).
    """
    site = settings(ctx)
    if history is not None:
        if version or published or effective or summaries:
            raise click.UsageError(
                "--history makes the releases itself: --release, --published, --effective and --summary do not go with it"
            )
        _history(ctx, site, doc, files, level, history, since, change, summaries_file, dry_run)
        return
    if since or summaries_file or dry_run:
        raise click.UsageError("--since, --plan and --dry-run only go with --history REPO")
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
        request = release_request(doc, version, effective, change, summaries, as_published=True, published=published.date())
    try:
        plan = plan_import(site.root, site.policy_dir, site.languages, doc, inputs, level, site.pipeline)
        for notice in plan.notices:  # what was not kept: told whether or not the import goes through
            click.echo(notice, err=True)
        result = apply_import(plan, site.policy_dir, site.languages, site.timezone, request, root=site.root)
    except ReleaseUsageError as exc:
        raise click.UsageError(str(exc)) from None
    except (ImportRefused, ReleaseRefused) as exc:
        _refused(ctx, doc, exc.problems)
        return
    _report(plan, notices=False)
    if result.release is not None:
        click.echo(f"released {doc} {version} as published: ledger committed as {result.release.commit[:12]}, tagged {result.release.tag}")
    else:
        click.echo("review the files, commit them, then record a release with `mkdocs-policy release`")


def _refused(ctx: click.Context, doc: str, problems: list[str]) -> None:
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(f"import refused: nothing was written for {doc}", err=True)
    ctx.exit(1)


def _report(plan, notices: bool = True) -> None:
    for notice in plan.notices if notices else ():
        click.echo(notice, err=True)
    width = max(len(sid) for sid, _ in plan.pairs)
    for sid, cells in plan.pairs:
        click.echo(f"{sid:<{width}}  " + "  |  ".join(cells))
    for hid in plan.kept_ids:
        click.echo(f"kept #{hid} from release {plan.previous}: its heading was reworded, links to it keep working")
    click.echo(f"wrote {len(plan.files)} file(s) under {plan.doc_dir}/" + (f", removed {len(plan.removed)}" if plan.removed else ""))


def _history(ctx, site, doc, files, level, repo, since, change, summaries_file, dry_run) -> None:
    paths = parse_pairs(files, "LANG=PATH", "en=policy/en.md")
    missing = [lang for lang in site.languages if lang not in paths]
    extra = sorted(set(paths) - set(site.languages))
    if missing or extra:
        raise click.UsageError(
            f"give one LANG=PATH per language of the site ({', '.join(site.languages)})"
            + (f": missing {', '.join(missing)}" if missing else "")
            + (f": not a language of the site: {', '.join(extra)}" if extra else "")
        )
    summaries = {}
    if summaries_file is not None:
        try:
            data = yaml.safe_load(summaries_file.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise click.UsageError(f"--plan {summaries_file}: not a YAML file ({exc})") from None
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise click.UsageError(f"--plan {summaries_file}: write it as {{version or commit: {{LANG: summary, effective: DATE, …}}}}")
        summaries = {str(k): {str(key): value for key, value in v.items()} for k, v in data.items()}
    try:
        versions = existing_versions(site.root, site.policy_dir, site.languages, doc)
        plan = plan_history(repo, paths, site.timezone, versions, since.date() if since else None, summaries)
    except ReleaseUsageError as exc:
        raise click.UsageError(str(exc)) from None
    except ImportRefused as exc:
        _refused(ctx, doc, exc.problems)
        return
    for line in plan.skipped:
        click.echo(line, err=True)
    if not plan.steps:
        click.echo(f"{repo}: no commit changed {', '.join(paths.values())}: nothing to import", err=True)
        ctx.exit(1)
        return
    for step in plan.steps:  # with --dry-run, YAML comments: the output is the plan file to edit
        mark = "  (summary from the commit message: review it)" if step.from_message else ""
        click.echo(f"{'# ' if dry_run else ''}{step.version}  {step.day}  {step.commit[:12]}  {step.subject}{mark}")
    if dry_run:
        click.echo("# the plan: edit the summaries (and dates, change classes), then run again with --plan FILE")
        entries = {
            s.version: {
                "commit": s.commit[:12],
                "published": s.day,
                "effective": s.effective or s.day,
                "change": s.change or change or ("material" if number == 0 and not versions else "minor"),
                **dict(s.summary),
            }
            for number, s in enumerate(plan.steps)
        }
        click.echo(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, default_flow_style=False), nl=False)
        return

    def progress(step, result) -> None:
        _report(result.plan)
        click.echo(f"released {doc} {step.version} ({step.day}, from {step.commit[:12]}), tagged {result.release.tag}")

    try:
        apply_history(plan, site.root, site.policy_dir, site.languages, site.timezone, doc, change, level, site.pipeline, progress)
    except ReleaseUsageError as exc:
        raise click.UsageError(str(exc)) from None
    except (ImportRefused, ReleaseRefused) as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        click.echo("import stopped: the releases listed above were made; this one and those after it were not", err=True)
        ctx.exit(1)
        return
    if any(step.from_message for step in plan.steps):
        click.echo("summaries were taken from the commit messages (see the list above)")
