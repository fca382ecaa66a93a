"""`mkdocs serve` rebuilds reuse the output of unchanged pages: the preview must be exactly what a cold build makes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

SERVE_URL = "http://127.0.0.1:8000/"
EPOCH = "1767225600"  # 2026-01-01


# MkDocs keeps plugin instances that have on_startup in one process-wide cache (that is how `mkdocs serve`
# keeps them across rebuilds): each serve session here starts from a fresh instance and leaves none behind.
PLUGIN_CACHE = dict(MkDocsConfig._schema)["plugins"].plugin_cache


@pytest.fixture(autouse=True)
def fresh_plugins():
    saved = dict(PLUGIN_CACHE)
    PLUGIN_CACHE.clear()
    yield
    PLUGIN_CACHE.clear()
    PLUGIN_CACHE.update(saved)


def serve_builds(site: Path, out: Path, edits: list) -> list:
    """Build like `mkdocs serve`: config reloaded before every rebuild, the plugin instance kept by MkDocs."""
    old_env, cwd = os.environ.get("SOURCE_DATE_EPOCH"), os.getcwd()
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    os.chdir(site)
    PLUGIN_CACHE.clear()
    plugins = []
    try:
        for number, edit in enumerate([None, *edits]):
            if edit is not None:
                edit()
            config = load_config(str(site / "mkdocs.yml"), site_dir=str(out))
            config.site_url = SERVE_URL
            if number == 0:
                config.plugins.on_startup(command="serve", dirty=False)
            build(config, serve_url=SERVE_URL, dirty=False)
            plugins.append(config.plugins["policy"])
    finally:
        os.chdir(cwd)
        if old_env is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old_env
    return plugins


def pages(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))}


def test_rebuild_after_a_draft_edit_reuses_archived_pages_and_equals_a_cold_build(simple_site, tmp_path):
    site = simple_site.path
    draft = site / "policy/privacy/en/data.md"
    edit = lambda: draft.write_text(draft.read_text(encoding="utf-8").replace("your name", "your full name"), encoding="utf-8")  # noqa: E731
    plugins = serve_builds(site, tmp_path / "warm", [edit])
    assert plugins[0] is plugins[1]  # MkDocs keeps the instance, as under `mkdocs serve`
    reused = plugins[1].served.reused
    assert "en/privacy/1.0/index.md" in reused and "ja/privacy/1.1/index.md" in reused
    assert "en/privacy/draft/index.md" not in reused  # the edited text is rendered again
    assert "en/privacy/1.0/index.md" in plugins[1].served.skipped  # archived: not even handed to MkDocs
    assert "en/privacy/index.md" not in plugins[1].served.skipped  # in the navigation: handed over, output kept

    serve_builds(site, tmp_path / "cold", [])  # a fresh process would start here: same edited tree, nothing kept
    warm, cold = pages(tmp_path / "warm"), pages(tmp_path / "cold")
    assert warm.keys() == cold.keys()
    for path in warm:
        assert warm[path] == cold[path], path
    assert "full" in warm["en/privacy/draft/index.html"]


def test_an_edited_template_override_is_not_served_from_the_cache(policy_repo, tmp_path):
    repo = policy_repo(overrides=True)
    repo.write_document("privacy", {"ja": {"intro": "## はじめに\n\n本文。\n"}, "en": {"intro": "## Introduction\n\nText.\n"}})
    repo.release("privacy", "1.0", published="2025-12-01")
    override = repo.path / "site_overrides" / "main.html"

    def edit():
        override.write_text('{% extends "base.html" %}\n{% block footer %}<p class="override-mark">changed</p>{% endblock %}\n')

    plugins = serve_builds(repo.path, tmp_path / "warm", [edit])
    assert not plugins[1].served.reused  # every page shows the override: none may be reused
    assert 'class="override-mark"' in (tmp_path / "warm/en/privacy/1.0/index.html").read_text(encoding="utf-8")
