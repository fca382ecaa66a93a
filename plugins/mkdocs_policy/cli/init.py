"""`mkdocs-policy init [DIR]`: a new policy site in one command, like `mkdocs new` — and never over a file.

It writes what a newcomer needs and nothing more: ``mkdocs.yml`` (Material, search, the plugin, no
third-party fonts), ``policy/<doc>/document.yml`` with a first section in each language, ``docs/`` (the
site's ordinary pages; the plugin makes the entry page that picks the reader's language), ``.gitignore``
and a GitHub Actions workflow: full history (``fetch-depth: 0``, releases are read from git),
``mkdocs build --strict``, a daily build at 00:05 in the plugin's time zone (an effective date takes hold
on its day) and deployment to GitHub Pages.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
from babel import Locale, UnknownLocaleError

from ..i18n import gettext_for
from ..sources.loader import DOC_ID, RESERVED_DOC_IDS
from .common import main

DAILY_AT = (0, 5)  # local time of the scheduled build


def _(message: str) -> str:
    """Marks a message for extraction; translated per language by ``gettext_for``."""
    return message


TITLES = {"privacy": _("Privacy Policy"), "terms": _("Terms of Use"), "cookies": _("Cookie Policy")}
OPENING = _("Introduction")
OPENING_TEXT = _("Replace this text with the opening of your policy. Each section is one file in this folder, listed in document.yml.")


def utc_cron(tz_name: str, at: tuple[int, int] = DAILY_AT) -> str:
    """A daily cron line (UTC, as GitHub Actions reads it) that runs at ``at`` local time or just after.

    Where the zone has summer time, the later of the two UTC times is taken: the build then runs at
    00:05 in winter and 01:05 in summer, never before midnight (an effective date must have come).
    """
    zone = ZoneInfo(tz_name)
    offsets = {zone.utcoffset(datetime(2025, month, 15)) for month in (1, 7)}
    smallest = min(offsets, key=lambda d: d.total_seconds())
    local = timedelta(hours=at[0], minutes=at[1])
    minutes = int((local - smallest).total_seconds() // 60) % (24 * 60)
    return f"{minutes % 60} {minutes // 60} * * *"


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def scaffold(languages: tuple[str, ...], doc_id: str, tz_name: str, site_name: str | None) -> dict[str, str]:
    """Relative path → content of every file ``init`` writes."""
    first = languages[0]
    titles = {
        lang: gettext_for(lang)(TITLES.get(doc_id, "")) if doc_id in TITLES else doc_id.replace("-", " ").capitalize() for lang in languages
    }
    name = site_name or titles[first]
    search_lang = [lang for lang in languages if lang == "ja"] or list(languages)
    files: dict[str, str] = {}
    files["mkdocs.yml"] = (
        f"site_name: {_yaml(name)}\n"
        "# site_url: https://example.com/policy/   # makes hreflang alternates, feed ids and API URLs absolute\n"
        "docs_dir: docs        # ordinary pages, if any; the policy itself lives in policy/\n"
        "theme:\n"
        "  name: material\n"
        f"  language: {first}\n"
        "  font: false          # no requests to Google Fonts: a policy site asks no third party for anything\n"
        "plugins:\n"
        "  - search:\n"
        f"      lang: {search_lang[0] if len(search_lang) == 1 else '[' + ', '.join(search_lang) + ']'}\n"
        "  - policy:\n"
        f"      languages: [{', '.join(languages)}]\n"
        f"      timezone: {tz_name}\n"
    )
    files[f"policy/{doc_id}/document.yml"] = (
        "title: {" + ", ".join(f"{lang}: {_yaml(titles[lang])}" for lang in languages) + "}\n"
        f"authoritative: {first}            # the language that prevails; the others show a translation notice\n"
        "sections: [introduction]         # one file per section and language, in this order\n"
        "allow_terms: []                  # foreign-script names the mixed-script check allows\n"
        "# reviewed: YYYY-MM-DD           # the day of the last review: `check` reports it when missing or overdue\n"
    )
    for lang in languages:
        tr = gettext_for(lang)
        files[f"policy/{doc_id}/{lang}/introduction.md"] = f"## {tr(OPENING)}\n\n{tr(OPENING_TEXT)}\n"
    files["docs/.gitkeep"] = ""
    files[".gitignore"] = "/site/\n/.cache/\n__pycache__/\n"  # .cache: rendered PDFs and comparisons, kept between builds
    cron = utc_cron(tz_name)
    files[
        ".github/workflows/policy.yml"
    ] = f"""# Builds and publishes the policy site on GitHub Pages: on every push to main, and every day at
# 00:05 {tz_name} so that a release takes effect on its effective date (a static site changes only when rebuilt).
name: policy
on:
  push:
    branches: [main]
  schedule:
    - cron: "{cron}"   # 00:05 in {tz_name}, in UTC
  workflow_dispatch:
permissions:
  contents: read
  pages: write
  id-token: write
concurrency:
  group: pages
  cancel-in-progress: false
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0   # the whole history: releases are read from git, and a shallow clone fails the build
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install mkdocs-policy
      # The PDFs and the results a second build would make again (README: the cache folder): the daily build
      # then renders and compares only what a new release brought. Every entry is keyed by what it is made from.
      - uses: actions/cache@v4
        with:
          path: .cache/mkdocs-policy
          key: mkdocs-policy-${{{{ github.sha }}}}
          restore-keys: mkdocs-policy-
      - run: mkdocs-policy check
      - run: mkdocs build --strict
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site
  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""
    return files


@main.command("init")
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--languages", default="ja,en", show_default=True, metavar="LANG,…", help="The site's languages; the first is the default.")
@click.option("--document", "doc_id", default="privacy", show_default=True, metavar="DOC", help="The id of the first document.")
@click.option("--timezone", "tz_name", default="Asia/Tokyo", show_default=True, help="Decides on which day a release takes effect.")
@click.option("--site-name", default=None, help="The site's name (default: the document's title).")
def init(directory: Path, languages: str, doc_id: str, tz_name: str, site_name: str | None) -> None:
    """Create a new policy site in DIRECTORY (default: here); never overwrites a file."""
    langs = tuple(lang.strip() for lang in languages.split(",") if lang.strip())
    if not langs or len(set(langs)) != len(langs):
        raise click.UsageError(f"--languages {languages!r}: give distinct language codes, e.g. ja,en")
    for lang in langs:
        try:
            Locale.parse(lang)
        except (UnknownLocaleError, ValueError):
            raise click.UsageError(f"--languages: {lang!r} is not a language Babel knows (e.g. ja, en, fr)") from None
    if not DOC_ID.match(doc_id) or doc_id in RESERVED_DOC_IDS:
        raise click.UsageError(f"--document {doc_id!r} must match [a-z0-9][a-z0-9-]* and not be 'schema'")
    try:
        ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.UsageError(f"--timezone {tz_name!r} is not a known IANA time zone (e.g. Asia/Tokyo)") from None
    files = scaffold(langs, doc_id, tz_name, site_name)
    existing = sorted(path for path in files if (directory / path).exists())
    if existing:
        for path in existing:
            click.echo(
                f"{directory / path}: already exists: init never overwrites a file (move it away, or start in an empty folder)", err=True
            )
        click.echo("init refused: nothing was written", err=True)
        raise SystemExit(1)
    for path, content in files.items():
        target = directory / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        click.echo(f"wrote {target}")
    click.echo(
        "next: git init && git add -A && git commit -m 'Policy site'; edit policy/ and commit; "
        f"then `mkdocs-policy release {doc_id} 1.0 --effective YYYY-MM-DD --change material --summary LANG=…` and `mkdocs build --strict`"
    )
