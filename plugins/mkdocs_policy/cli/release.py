"""`mkdocs-policy release`: record the text at HEAD as a release (ledger entry, commit, tag) — or change nothing."""

from __future__ import annotations

from types import MappingProxyType

import click

from ..release import ReleaseRefused, ReleaseRequest, ReleaseUsageError, apply_release, plan_release
from .common import main, settings

DATE = click.DateTime(formats=["%Y-%m-%d"])


def parse_pairs(values: tuple[str, ...], option: str, example: str) -> dict[str, str]:
    """``LANG=TEXT`` options → {lang: text}; a malformed or repeated one is a usage error."""
    pairs: dict[str, str] = {}
    for value in values:
        lang, sep, text = value.partition("=")
        lang = lang.strip()
        if not sep or not lang:
            raise click.UsageError(f"{option} {value!r}: write it as LANG=…, e.g. {option} {example}")
        if lang in pairs:
            raise click.UsageError(f"{option} is given twice for {lang}")
        pairs[lang] = text
    return pairs


def release_request(doc: str, version: str, effective, change: str, summaries: tuple[str, ...], **options) -> ReleaseRequest:
    """The request of `release` and of `import --release`: ``effective`` as click parses it, summaries as LANG=TEXT."""
    return ReleaseRequest(
        doc_id=doc,
        version=version,
        effective=effective.date(),
        change=change,
        summary=MappingProxyType(parse_pairs(summaries, "--summary", "en='First release.'")),
        **options,
    )


def parse_unchanged(values: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    pairs = parse_pairs(values, "--unchanged-translations", "ja=use,cookies")
    result = {}
    for lang, ids in pairs.items():
        parsed = tuple(sorted({i.strip() for i in ids.split(",") if i.strip()}))
        if not parsed:
            raise click.UsageError(f"--unchanged-translations {lang}=: name at least one section id")
        result[lang] = parsed
    return result


def parse_removed(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--removed-ids a,b --removed-ids c`` → ('a', 'b', 'c'), sorted, each once."""
    ids = {i.strip() for value in values for i in value.split(",") if i.strip()}
    if values and not ids:
        raise click.UsageError("--removed-ids: name at least one id, e.g. --removed-ids cookies,managing-cookies")
    for hid in ids:
        if hid.startswith("#") or "=" in hid:
            raise click.UsageError(
                f"--removed-ids {hid!r}: write the id alone, without '#' or a language (ids are the same in every language)"
            )
    return tuple(sorted(ids))


def summary_option(function):
    return click.option(
        "--summary",
        "summaries",
        multiple=True,
        required=True,
        metavar="LANG=TEXT",
        help="What changed, for readers, once per language (e.g. --summary ja=… --summary en=…).",
    )(function)


def change_option(function):
    return click.option(
        "--change",
        required=True,
        type=click.Choice(["material", "minor", "editorial"]),
        help="material (asks users for consent again), minor, or editorial.",
    )(function)


@main.command("release")
@click.argument("doc")
@click.argument("version")
@click.option("--effective", required=True, type=DATE, metavar="YYYY-MM-DD", help="The day the release takes effect (not before today).")
@change_option
@summary_option
@click.option(
    "--unchanged-translations",
    "unchanged",
    multiple=True,
    metavar="LANG=id,…",
    help="Acknowledge sections deliberately left unchanged in LANG while another language changed (recorded in the ledger).",
)
@click.option(
    "--removed-ids",
    "removed",
    multiple=True,
    metavar="id,…",
    help="Acknowledge ids of the latest release removed from the text on purpose: links to them will break "
    "(recorded in the ledger as removed_ids).",
)
@click.option("--as-published", is_flag=True, help="The text was already published elsewhere: record it without editorial judgement.")
@click.option("--dry-run", is_flag=True, help="Check everything and print the ledger entry; change nothing.")
@click.pass_context
def release(ctx, doc, version, effective, change, summaries, unchanged, removed, as_published, dry_run) -> None:
    """Record the document DOC's text at HEAD as release VERSION.

    Refuses uncommitted changes to the document, any error, unacknowledged editorial findings (a
    translation left unchanged on purpose: --unchanged-translations; a published id removed on purpose,
    so that links to it will break: --removed-ids; both recorded in the ledger entry), a
    version already used, an effective date before today (the publication date, in the site's
    time zone), and a detached HEAD. Appends the entry (commit, dates, digest) to the ledger, commits
    the ledger alone and tags the commit DOC/VERSION (annotated).

    One release at a time per repository (a lock in .git holding the pid). The branch moves only from
    the commit the release started on: if anything else moved it, nothing is recorded. A failure undoes
    only this run's own work; if the process is killed, `mkdocs-policy check` names what it left and
    how to finish or undo it.
    """
    site = settings(ctx)
    request = release_request(
        doc,
        version,
        effective,
        change,
        summaries,
        unchanged_translations=MappingProxyType(parse_unchanged(unchanged)),
        removed_ids=parse_removed(removed),
        as_published=as_published,
    )
    try:
        plan = plan_release(site.root, site.policy_dir, site.languages, site.timezone, request, site.pipeline)
        if dry_run:
            click.echo(f"# {plan.ledger_path} — the entry `release` would append (dry run: nothing was changed)")
            click.echo(plan.entry_text, nl=False)
            ctx.exit(0)
        result = apply_release(plan)
    except ReleaseUsageError as exc:
        raise click.UsageError(str(exc)) from None
    except ReleaseRefused as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        click.echo(f"release refused: {doc} {version} was not recorded; nothing was changed", err=True)
        ctx.exit(1)
    click.echo(plan.entry_text, nl=False)
    click.echo(f"released {doc} {version}: ledger committed as {result.commit[:12]}, tagged {result.tag}")
    if plan.editorial:
        click.echo(f"recorded as published, without editorial judgement ({len(plan.editorial)} finding(s) not judged)", err=True)
