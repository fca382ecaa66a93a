"""`mkdocs serve` rebuilds reuse the output of unchanged pages: the preview must be exactly what a cold build makes."""

from __future__ import annotations

import os
import shutil
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
            fails = edit() is True if edit is not None else False  # an edit returning True breaks the build
            config = load_config(str(site / "mkdocs.yml"), site_dir=str(out))
            config.site_url = SERVE_URL
            if number == 0:
                config.plugins.on_startup(command="serve", dirty=False)
            if fails:
                with pytest.raises(Exception):  # noqa: B017 - `mkdocs serve` reports any error and waits for the next edit
                    build(config, serve_url=SERVE_URL, dirty=False)
            else:
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


# The preview's search index and sitemap leave out the pages kept unchanged (serve.py, invariant 4).
PREVIEW_ONLY = {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz"}


def outputs(out: Path) -> dict[str, bytes]:
    """Every file of a built site (and every folder, as an empty entry), but the preview-only ones."""
    found = {}
    for path in sorted(out.rglob("*")):
        name = path.relative_to(out).as_posix()
        if name not in PREVIEW_ONLY:
            found[name + "/" if path.is_dir() else name] = b"" if path.is_dir() else path.read_bytes()
    return found


def assert_same_as_cold(site: Path, warm: Path, tmp_path: Path) -> None:
    """The site a rebuild left equals, file for file and byte for byte, a fresh `mkdocs serve`'s first build."""
    cold = tmp_path / "cold"
    serve_builds(site, cold, [])
    made, expected = outputs(warm), outputs(cold)
    assert sorted(made) == sorted(expected)
    for path in expected:
        assert made[path] == expected[path], path
    assert not (warm.parent / f".{warm.name}.policy-serve").exists()  # the folder set aside is gone


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
    shutil.rmtree(tmp_path / "cold")
    assert_same_as_cold(site, tmp_path / "warm", tmp_path)  # every other file too


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


def inode(path: Path) -> int:
    return path.stat().st_ino


def test_unchanged_files_are_put_back_not_written_again_and_removed_files_go(simple_site, tmp_path):
    site, out = simple_site.path, tmp_path / "warm"
    (site / "docs" / "notes.txt").write_text("a file of the site's own\n")
    draft = site / "policy/privacy/en/data.md"
    before: dict[str, int] = {}

    def edit():
        for name in ("en/privacy/1.0/index.html", "api/privacy/1.0.json", "assets/policy/policy.css", "notes.txt"):
            before[name] = inode(out / name)
        (site / "docs" / "notes.txt").unlink()
        draft.write_text(draft.read_text(encoding="utf-8").replace("your name", "your full name"), encoding="utf-8")

    plugins = serve_builds(site, out, [edit])
    assert "en/privacy/1.0/index.html" in plugins[1].restored
    for name in ("en/privacy/1.0/index.html", "api/privacy/1.0.json", "assets/policy/policy.css"):
        assert inode(out / name) == before[name], name  # moved back, not deleted and written again
    assert not (out / "notes.txt").exists()  # removed from docs/: gone from the site too
    assert "full" in (out / "en/privacy/draft/index.html").read_text(encoding="utf-8")
    assert_same_as_cold(site, out, tmp_path)


def test_a_new_release_between_rebuilds_shows_everywhere(simple_site, tmp_path):
    site = simple_site.path
    data = site / "policy/privacy/en/data.md"

    def release():
        data.write_text(data.read_text(encoding="utf-8").replace("your name", "your name and address"), encoding="utf-8")
        simple_site.release("privacy", "1.2", published="2026-03-01", change="minor")

    plugins = serve_builds(site, tmp_path / "warm", [release])
    assert "en/privacy/1.0/index.md" not in plugins[1].served.reused  # archived pages name the new current release
    assert "address" in (tmp_path / "warm/en/privacy/1.2/index.html").read_text(encoding="utf-8")
    assert_same_as_cold(site, tmp_path / "warm", tmp_path)


def test_an_edited_catalog_shows_in_the_next_rebuild(simple_site, tmp_path, monkeypatch):
    from mkdocs_policy import i18n

    site = simple_site.path
    catalog = tmp_path / "en.po"
    catalog.write_bytes(Path(str(i18n._catalog_path("en"))).read_bytes())
    original = i18n._catalog_path
    monkeypatch.setattr(i18n, "_catalog_path", lambda lang: catalog if lang == "en" else original(lang))

    def edit():
        text = catalog.read_text(encoding="utf-8")
        assert 'msgid "Current version"\nmsgstr ""' in text
        catalog.write_text(
            text.replace('msgid "Current version"\nmsgstr ""', 'msgid "Current version"\nmsgstr "Version in force"'), encoding="utf-8"
        )

    plugins = serve_builds(site, tmp_path / "warm", [edit])
    assert "en/privacy/1.0/index.md" not in plugins[1].served.reused
    assert "Version in force" in (tmp_path / "warm/en/privacy/1.0/index.html").read_text(encoding="utf-8")
    assert_same_as_cold(site, tmp_path / "warm", tmp_path)


def test_an_overridden_policy_partial_shows_in_the_next_rebuild(policy_repo, tmp_path):
    repo = policy_repo(overrides=True)
    repo.write_document("privacy", {"ja": {"intro": "## はじめに\n\n本文。\n"}, "en": {"intro": "## Introduction\n\nText.\n"}})
    repo.release("privacy", "1.0", published="2025-12-01")
    repo.write_document("privacy", {"ja": {"intro": "## はじめに\n\n本文二。\n"}, "en": {"intro": "## Introduction\n\nText two.\n"}})
    repo.release("privacy", "1.1", published="2025-12-15")
    partial = repo.path / "site_overrides" / "policy" / "notice-archived.html"

    def edit():
        partial.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text('<p class="archived-mark">{{ _("Archived") }}</p>\n', encoding="utf-8")

    serve_builds(repo.path, tmp_path / "warm", [edit])
    assert 'class="archived-mark"' in (tmp_path / "warm/en/privacy/1.0/index.html").read_text(encoding="utf-8")
    assert_same_as_cold(repo.path, tmp_path / "warm", tmp_path)


def test_an_edited_mkdocs_yml_shows_in_the_next_rebuild(simple_site, tmp_path):
    site = simple_site.path
    config = site / "mkdocs.yml"

    def edit():
        text = config.read_text(encoding="utf-8")
        config.write_text(
            text.replace("site_name: Example Co.", "site_name: Renamed Co.") + "markdown_extensions:\n- toc:\n    permalink: true\n",
            encoding="utf-8",
        )

    plugins = serve_builds(site, tmp_path / "warm", [edit])
    assert not plugins[1].served.reused
    page = (tmp_path / "warm/en/privacy/1.0/index.html").read_text(encoding="utf-8")
    assert "Renamed Co." in page and 'class="headerlink"' in page
    assert_same_as_cold(site, tmp_path / "warm", tmp_path)


def test_rebuilds_that_fail_leave_nothing_stale_for_the_next_one(policy_repo, tmp_path):
    repo = policy_repo(overrides=True)
    repo.write_document("privacy", {"ja": {"intro": "## はじめに\n\n本文。\n"}, "en": {"intro": "## Introduction\n\nText.\n"}})
    repo.release("privacy", "1.0", published="2025-12-01")
    repo.write_document("privacy", {"ja": {"intro": "## はじめに\n\n本文二。\n"}, "en": {"intro": "## Introduction\n\nText two.\n"}})
    repo.release("privacy", "1.1", published="2025-12-15")
    override, draft = repo.path / "site_overrides" / "main.html", repo.path / "policy/privacy/en/intro.md"
    good_override = override.read_text(encoding="utf-8")
    out = tmp_path / "warm"

    def broken_draft():  # fails before MkDocs touches site_dir
        draft.write_text("## Introduction\n\n<script>alert(1)</script>\n", encoding="utf-8")
        return True

    def broken_template():  # fails while pages are written, after the kept files were moved back
        assert (out / "en/privacy/1.0/index.html").is_file()  # the previous site stayed while the draft was broken
        draft.write_text("## Introduction\n\nText three.\n", encoding="utf-8")
        override.write_text('{% extends "base.html" %}\n{% block footer %}{{ broken( }}{% endblock %}\n', encoding="utf-8")
        return True

    def fixed():
        override.write_text(good_override, encoding="utf-8")
        draft.write_text("## Introduction\n\nText four.\n", encoding="utf-8")

    serve_builds(repo.path, out, [broken_draft, broken_template, fixed])
    assert ">four<" in (out / "en/privacy/draft/index.html").read_text(encoding="utf-8")
    assert_same_as_cold(repo.path, out, tmp_path)


def test_a_document_without_a_release_takes_its_title_from_the_draft_on_every_page(policy_repo, tmp_path):
    repo = policy_repo()
    repo.write_document("privacy", {"ja": {"intro": "## はじめに\n\n本文。\n"}, "en": {"intro": "## Introduction\n\nText.\n"}})
    repo.write_document("terms", {"ja": {"intro": "## はじめに\n\n規約。\n"}, "en": {"intro": "## Introduction\n\nTerms.\n"}})
    repo.release("privacy", "1.0", published="2025-12-01")
    meta = repo.path / "policy/terms/document.yml"

    def retitle():
        meta.write_text(meta.read_text(encoding="utf-8").replace("Terms (en)", "Terms of Use"), encoding="utf-8")

    assert "Terms (en)" in meta.read_text(encoding="utf-8")
    plugins = serve_builds(repo.path, tmp_path / "warm", [retitle])
    assert "en/index.md" not in plugins[1].served.reused  # the language home lists the document by its draft's title
    assert "Terms of Use" in (tmp_path / "warm/en/index.html").read_text(encoding="utf-8")
    assert_same_as_cold(repo.path, tmp_path / "warm", tmp_path)
