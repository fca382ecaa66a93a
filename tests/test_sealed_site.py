"""The live site cannot be bent (SPEC §10): a failing build leaves the site built before exactly as it was, and a
newcomer's site asks no third party for anything.

A Hypothesis property: for any failing build — a random committed edit of a released entry, a random bad
configuration, a random hidden character in the text — the previous site keeps the same files, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from guardkit import EPOCH_2026_01_15, cli, clone_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort, PluginError

from mkdocs_policy.settings import timezone_problem

from policyrepo import PolicyRepo

LEDGER = "policy/privacy/releases.yml"
SUMMARY = ("--summary", "ja=改訂しました。", "--summary", "en=Revised.")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A released site (1.0 by `mkdocs-policy release`), built into site/, configured as the README shows."""
    path = tmp_path_factory.mktemp("sealed") / "template"
    repo = PolicyRepo(path)
    repo.write(".gitignore", "site/\n")
    repo.write_document(
        "privacy",
        {
            "ja": {"intro": "## はじめに\n\n当社は情報を大切にします。\n", "data": "## 収集する情報\n\n当社は氏名を収集します。\n"},
            "en": {"intro": "## Introduction\n\nWe value your information.\n", "data": "## Data we collect\n\nWe collect your name.\n"},
        },
        title={"ja": "プライバシーポリシー", "en": "Privacy Policy"},
    )
    repo.commit("privacy text")
    assert cli(repo, "release", "privacy", "1.0", "--effective", "2026-01-15", "--change", "material", *SUMMARY).exit_code == 0
    repo.build(site_dir="site", epoch=EPOCH_2026_01_15)
    return path


def files_of(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


_counter = iter(range(10**6))


def fresh(built: Path, tmp_path_factory) -> PolicyRepo:
    return clone_tree(built, tmp_path_factory.mktemp("case") / f"c{next(_counter)}")


def assert_build_fails_and_site_stays(repo: PolicyRepo) -> None:
    before = files_of(repo.path / "site")
    assert before
    with pytest.raises((PluginError, Abort)):
        repo.build(site_dir="site", epoch=EPOCH_2026_01_15)
    assert files_of(repo.path / "site") == before
    assert not [p.name for p in repo.path.iterdir() if "policy-building" in p.name or "policy-old" in p.name]


# -- random bad input -----------------------------------------------------------------------------------------

KEYS = ["version", "commit", "published", "effective", "change", "digest"]
HIDDEN = [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), *(chr(c) for c in range(0, 32) if chr(c) not in "\t\n\r")]
HIDDEN += [chr(c) for c in range(0x7F, 0xA0)]


@st.composite
def ledger_edits(draw):
    key = draw(st.sampled_from(KEYS))
    value = draw(
        st.one_of(
            st.sampled_from(['"1.0.1"', "2026-02-30", "2027-01-01", "editorial", "minor", "sha256:" + "0" * 64, "0" * 40, "null", "[]"]),
            st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20).map(json.dumps),
        )
    )
    return ("ledger", key, value)


@st.composite
def config_edits(draw):
    bad = st.one_of(
        st.just([]),
        st.lists(st.sampled_from(["ja", "en"]), min_size=1, max_size=2).map(lambda x: [*x, x[0]]),
        st.lists(st.sampled_from(["xx", "../../evil", "ja/en", "", " ja", "en.", "zz-ZZ-1"]), min_size=1, max_size=2).map(
            lambda x: ["ja", *x]
        ),
    )
    choice = draw(st.sampled_from(["languages", "timezone", "unknown-option", "extension"]))
    if choice == "languages":
        return ("config", "languages", json.dumps(draw(bad)))
    if choice == "timezone":
        zone = draw(st.text(min_size=0, max_size=30).filter(lambda z: timezone_problem(z) is not None))
        return ("config", "timezone", json.dumps(zone))
    if choice == "unknown-option":
        return ("config", draw(st.sampled_from(["language", "langauges", "policydir", "fonts"])), "true")
    return ("extension", draw(st.sampled_from(["pymdownx.snippets", "pymdownx.b64", "pymdownx.pathconverter"])), "")


@st.composite
def text_edits(draw):
    lang = draw(st.sampled_from(["ja", "en"]))
    section = draw(st.sampled_from(["intro", "data"]))
    char = draw(st.sampled_from(HIDDEN))
    where = draw(st.integers(0, 10))
    return ("text", f"policy/privacy/{lang}/{section}.md", (char, where))


def apply(repo: PolicyRepo, edit) -> None:
    kind, name, value = edit
    if kind == "ledger":
        text = repo.read(LEDGER)
        line = next(line for line in text.splitlines() if line.startswith((f"- {name}:", f"  {name}:")))
        new = line.split(":", 1)[0] + ": " + value
        if new == line:
            new = line + "x"
        repo.write(LEDGER, text.replace(line, new, 1))
        repo.commit("a committed edit of a released entry")
    elif kind == "config":
        text = repo.read("mkdocs.yml")
        text = re.sub(r"    languages:\n(    - .*\n)+", "", text) if name == "languages" else text
        repo.write("mkdocs.yml", text.replace("- policy:\n", f"- policy:\n    {name}: {value}\n", 1))
    elif kind == "extension":
        repo.write("mkdocs.yml", repo.read("mkdocs.yml") + f"markdown_extensions:\n- {name}\n")
    else:
        char, where = value
        text = repo.read(name)
        body = text.index("\n\n") + 2
        position = min(body + where, len(text) - 1)
        repo.write(name, text[:position] + char + text[position:])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edit=st.one_of(ledger_edits(), config_edits(), text_edits()))
def test_any_failing_build_leaves_the_previous_site_as_it_was(built, tmp_path_factory, edit):
    repo = fresh(built, tmp_path_factory)
    apply(repo, edit)
    assert_build_fails_and_site_stays(repo)


# -- failures after MkDocs would have cleaned site_dir ----------------------------------------------------------


def test_a_failure_after_site_dir_was_cleaned_leaves_the_site(built, tmp_path_factory):
    repo = fresh(built, tmp_path_factory)
    repo.write("docs/ja/privacy/index.md", "# A page that clashes with the generated one\n")  # found in on_files
    assert_build_fails_and_site_stays(repo)


def test_strict_warnings_leave_the_site(built, tmp_path_factory):
    repo = fresh(built, tmp_path_factory)
    repo.write("docs/about.md", "# About\n\n[nowhere](missing.md)\n")  # a warning: --strict aborts after on_post_build
    assert_build_fails_and_site_stays(repo)


def test_a_good_build_replaces_the_site_whole(built, tmp_path_factory):
    repo = fresh(built, tmp_path_factory)
    (repo.path / "site" / "stale.txt").write_text("from an old build\n")
    repo.write("docs/about.md", "# About\n\nWho we are.\n")
    repo.build(site_dir="site", epoch=EPOCH_2026_01_15)
    assert (repo.path / "site/about/index.html").is_file() and not (repo.path / "site/stale.txt").exists()
    assert (repo.path / "site/en/privacy/1.0/index.html").is_file()
    assert not [p.name for p in repo.path.iterdir() if "policy-" in p.name]


# -- no third party ---------------------------------------------------------------------------------------------

FETCHES = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\ssrc=\"((?:https?:)?//[^\"]+)\"|"
    r"<link\b(?![^>]*rel=\"(?:alternate|canonical)\")[^>]*\shref=\"((?:https?:)?//[^\"]+)\"|"
    r"@import\s+url\(\s*['\"]?((?:https?:)?//[^'\")]+)|url\(\s*['\"]?((?:https?:)?//[^'\")]+)"
)


def test_a_newcomers_site_asks_no_third_party_for_anything(built):
    """Configured as the README shows (no `theme.font`): no Google Fonts, nothing from another origin."""
    assert "font" not in (built / "mkdocs.yml").read_text()
    site = built / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 5
    for page in [*pages, *site.rglob("*.css")]:
        text = page.read_text(encoding="utf-8", errors="replace")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, page
        if page.suffix == ".html":
            fetched = [next(g for g in m.groups() if g) for m in FETCHES.finditer(text)]
            assert fetched == [], (page, fetched)


def test_a_site_that_sets_its_fonts_keeps_them(built, tmp_path_factory):
    repo = fresh(built, tmp_path_factory)
    repo.write("mkdocs.yml", repo.read("mkdocs.yml").replace("  language: ja\n", "  language: ja\n  font:\n    text: Roboto\n", 1))
    site = repo.build(site_dir="site2", epoch=EPOCH_2026_01_15)
    assert "fonts.googleapis.com" in (site / "en/privacy/index.html").read_text(encoding="utf-8")
