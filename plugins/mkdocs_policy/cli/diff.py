"""`mkdocs-policy diff DOC FROM TO`: the redline between two releases (or a release and the draft).

Formats: ``text`` (colours on a terminal, ``[-deleted-]{+inserted+}`` otherwise; moved text
``[>left<]``/``{>arrived<}``, same words with other markup ``{~restyled~}``), ``html`` (a
standalone page with the site's redline styles), ``json`` (sections, statuses, statistics and the
block-by-block changes as Markdown source, enough to rebuild both texts).
"""

from __future__ import annotations

import json
import sys
from importlib import resources

import click

from ..compare import SectionChange, compare_language
from ..compare.section import BlockChange
from ..i18n import gettext_for
from ..model import Document, DocumentText
from ..render.html import esc
from ..render.markdown import untitled_label
from ..render.redline import RedlineView, language_redline_html, legend_html
from ..sources.loader import Loader, Sources
from .common import LANG_OPTION, Problem, chosen_languages, document_named, main, settings

DRAFT = "draft"


def _text_of(document: Document, version: str) -> DocumentText:
    if version == DRAFT:
        if document.draft is None:
            raise Problem(f"document {document.id!r} has no draft in the working tree")
        return document.draft
    release = document.release(version)
    if release is None:
        known = ", ".join(r.version for r in document.releases) or "none yet"
        raise Problem(f"document {document.id!r} has no release {version!r} (releases: {known}; or use `draft`)")
    return release.text


# -- text -------------------------------------------------------------------------------------------
class _Style:
    def __init__(self, color: bool):
        self.color = color

    def ins(self, text: str) -> str:
        return click.style(text, fg="green", underline=True) if self.color else "{+" + text + "+}"

    def delete(self, text: str) -> str:
        return click.style(text, fg="red", strikethrough=True) if self.color else "[-" + text + "-]"

    def moved(self, text: str, into: bool) -> str:
        if self.color:
            return click.style(text, fg="cyan", underline=into, strikethrough=not into)
        return ("{>" + text + "<}") if into else ("[>" + text + "<]")

    def restyled(self, text: str) -> str:
        """Same words, other markup (a link added, emphasis removed)."""
        return click.style(text, fg="yellow") if self.color else "{~" + text + "~}"

    def head(self, text: str) -> str:
        return click.style(text, bold=True) if self.color else text

    def dim(self, text: str) -> str:
        return click.style(text, dim=True) if self.color else text


def _block_prefix(change: BlockChange) -> str:
    block = change.new if change.in_new else change.old
    if block is None:
        return ""
    if block.kind == "heading":
        return "#" * block.level + " "
    if block.kind == "item":
        return "  " * max(block.level, 0) + ("1. " if block.ordered else "- ")
    if block.kind == "quote":
        return "> "
    if block.kind == "para" and block.level >= 0:
        return "  " * (block.level + 1)
    return ""


def _block_text(change: BlockChange, style: _Style) -> str:
    out = []
    status = change.status
    runs = change.runs
    for index, run in enumerate(runs):
        text = run.text
        if not text:
            continue
        if run.op == "delete" and index + 1 < len(runs) and runs[index + 1].op == "insert" and runs[index + 1].text == text:
            continue  # only the markup changed (a link added…): the words are shown once, by the insertion
        if run.op == "insert" and index > 0 and runs[index - 1].op == "delete" and runs[index - 1].text == text:
            out.append(style.restyled(text) if status not in ("inserted", "moved-in") else style.ins(text))
            continue
        if status == "inserted":
            out.append(style.ins(text))
        elif status == "deleted":
            out.append(style.delete(text))
        elif status == "moved-in":
            if run.op == "equal":
                out.append(style.moved(text, True))
            elif run.op == "insert":
                out.append(style.ins(text))
        elif status == "moved-out":
            if run.op == "equal":
                out.append(style.moved(text, False))
            elif run.op == "delete":
                out.append(style.delete(text))
        else:
            out.append(text if run.op == "equal" else style.ins(text) if run.op == "insert" else style.delete(text))
    return "".join(out)


def _title(change: SectionChange, lang: str) -> str:
    """A section's title; an untitled opening (SPEC §11) is named by the catalogs' label, never left blank."""
    return change.title or untitled_label(lang)


def text_report(doc: str, old_label: str, new_label: str, per_lang: dict[str, list[SectionChange]], color: bool) -> str:
    style = _Style(color)
    lines: list[str] = []
    for lang, changes in per_lang.items():
        _ = gettext_for(lang)
        titles = {c.id: _title(c, lang) for c in changes}
        lines.append(style.head(f"# {doc} {old_label} → {new_label} ({lang})"))
        for change in changes:
            label = change.status + (f" from {change.renamed_from}" if change.renamed_from else "")
            if change.status == "unchanged":
                lines.append(style.dim(f"= {titles[change.id]} ({label})"))
                continue
            stats = f"+{change.inserted} -{change.deleted}"
            if change.moved_in or change.moved_out:
                stats += f", moved in {change.moved_in}, out {change.moved_out}"
            lines.append("")
            lines.append(style.head(f"## {titles[change.id]} [{change.id}] ({label}: {stats})"))
            previous_note = None
            for index, block in enumerate(change.diff.blocks if change.diff is not None else ()):
                if index == 0 and block.status != "modified" and (block.new or block.old).kind == "heading":
                    continue  # the title is in the line above
                note_key = (block.status, block.other_section)
                if block.status in ("moved-in", "moved-out") and block.other_section and note_key != previous_note:
                    where = titles.get(block.other_section, block.other_section)
                    note = _("Moved here from “%(section)s”") if block.status == "moved-in" else _("Moved to “%(section)s”")
                    lines.append(style.dim("  (" + note.replace("%(section)s", where) + ")"))
                previous_note = note_key
                if block.status == "equal" and not (block.new is not None and block.new.kind == "heading"):
                    # Unchanged text between changes: one ellipsis (headings stay, for orientation).
                    if lines and lines[-1] != style.dim("  …"):
                        lines.append(style.dim("  …"))
                    continue
                body = _block_text(block, style)
                if not body.strip():
                    continue
                text = _block_prefix(block) + body
                lines.append(style.dim(text) if block.status == "equal" else text)
        lines.append("")
    return "\n".join(lines)


# -- JSON ---------------------------------------------------------------------------------------------
def json_report(doc: str, old_label: str, new_label: str, per_lang: dict[str, list[SectionChange]]) -> dict:
    languages = {}
    for lang, changes in per_lang.items():
        sections = []
        for change in changes:
            item: dict = {
                "id": change.id,
                "status": change.status,
                "title": change.title,
                "stats": change.stats,
                "moved": {"in": change.moved_in, "out": change.moved_out},
            }
            if change.renamed_from:
                item["renamed_from"] = change.renamed_from
            if change.moved_from:
                item["moved_from"] = list(change.moved_from)
            if change.moved_to:
                item["moved_to"] = list(change.moved_to)
            if change.status != "unchanged" and change.diff is not None:
                blocks = []
                for block in change.diff.blocks:
                    entry: dict = {"status": block.status, "kind": (block.new if block.in_new else block.old).kind}
                    if block.other_section is not None:
                        entry["other_section"] = block.other_section
                    entry["ops"] = [[run.op, run.raw] for run in block.runs]
                    blocks.append(entry)
                item["blocks"] = blocks
            sections.append(item)
        languages[lang] = {"sections": sections}
    return {"document": doc, "from": old_label, "to": new_label, "languages": languages}


# -- HTML ---------------------------------------------------------------------------------------------
def html_report(doc: str, old_label: str, new_label: str, per_lang: dict[str, list[SectionChange]]) -> str:
    css = resources.files("mkdocs_policy").joinpath("assets", "redline.css").read_text(encoding="utf-8")
    first = next(iter(per_lang), "en")
    body = []
    for lang, changes in per_lang.items():
        view = RedlineView(lang, level=3, anchor_prefix=f"{lang}-")
        body.append(
            f'<section lang="{esc(lang)}"><h2>{esc(f"{doc} {old_label} → {new_label} ({lang})")}</h2>'
            + legend_html(lang)
            + language_redline_html(changes, view)
            + "</section>"
        )
    return (
        f'<!doctype html>\n<html lang="{esc(first)}"><head><meta charset="utf-8">'
        f"<title>{esc(f'{doc} {old_label} → {new_label}')}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<style>body{font-family:system-ui,sans-serif;line-height:1.6;max-width:50rem;margin:2rem auto;padding:0 1rem}"
        ":root{--md-default-fg-color:#000000de;--md-default-fg-color--light:#0000008a;--md-default-fg-color--lightest:#00000012}\n"
        f'{css}</style></head>\n<body><main class="md-typeset">{"".join(body)}</main></body></html>\n'
    )


@main.command("diff")
@click.argument("doc")
@click.argument("from_version", metavar="FROM")
@click.argument("to_version", metavar="TO")
@LANG_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "json"]),
    default="text",
    show_default=True,
    help="text: colours on a terminal, [-deleted-]{+inserted+} otherwise; html: a standalone page; json: for tools.",
)
@click.option("--color/--no-color", default=None, help="Colour the text format (default: only on a terminal).")
@click.pass_context
def diff(ctx: click.Context, doc: str, from_version: str, to_version: str, lang: str | None, fmt: str, color: bool | None) -> None:
    """Show what changed in document DOC from FROM to TO (each a release version, or `draft`).

    Sections are matched by id (renamed and moved text is recognised); inside a section, insertions
    and deletions are marked by word, or by phrase in Japanese. Exit 0 when the comparison was made,
    1 when it could not be (unknown document or version, broken sources), 2 on a usage error.
    """
    site_settings = settings(ctx)
    languages = chosen_languages(site_settings, lang)
    pipeline = site_settings.pipeline  # the build's own Markdown pipeline: the same blocks as the site's changes page
    loader = Loader(Sources(site_settings.root, site_settings.policy_dir, site_settings.languages, pipeline))
    try:
        site = loader.load(include_draft=DRAFT in (from_version, to_version))
        document = document_named(site, doc)
        old_text = _text_of(document, from_version)
        new_text = _text_of(document, to_version)
        missing = [lg for lg in languages if lg not in old_text.languages or lg not in new_text.languages]
        if missing:
            raise Problem(f"{doc}: no {', '.join(missing)} text in {from_version} or {to_version} (see `mkdocs-policy check`)")
    except Problem as problem:
        for finding in site.findings if "site" in locals() else ():
            click.echo(str(finding), err=True)
        click.echo(f"error: {problem}", err=True)
        ctx.exit(1)
        return
    finally:
        loader.close()
    per_lang = {lg: compare_language(old_text.language(lg), new_text.language(lg), pipeline) for lg in languages}
    if fmt == "json":
        click.echo(json.dumps(json_report(doc, from_version, to_version, per_lang), ensure_ascii=False, indent=2))
    elif fmt == "html":
        click.echo(html_report(doc, from_version, to_version, per_lang), nl=False)
    else:
        use_color = color if color is not None else sys.stdout.isatty()
        click.echo(text_report(doc, from_version, to_version, per_lang, use_color), color=use_color)
    ctx.exit(0)
