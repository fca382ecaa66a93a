"""`mkdocs-policy diff DOC FROM TO [--lang L] [--format text|html|json]`: output, exit codes, --help."""

from __future__ import annotations

import json

import pytest
from guardkit import cli, two_language_site
from test_redline_html import check


@pytest.fixture
def site(policy_repo):
    """privacy 1.0 (intro + data), 1.1 (data reworded, cookies added), and a draft with one more edit."""
    repo = two_language_site(policy_repo())
    repo.write("policy/privacy/en/data.md", "## Data we collect\n\nWe collect your name and your e-mail address.\n")
    repo.write("policy/privacy/ja/data.md", "## 収集する情報\n\n当社は、法令に基づき、氏名を収集します。\n")
    repo.write("policy/privacy/en/cookies.md", "## Cookies\n\nWe use cookies.\n")
    repo.write("policy/privacy/ja/cookies.md", "## クッキー\n\n当社はクッキーを使用します。\n")
    repo.write(
        "policy/privacy/document.yml",
        repo.read("policy/privacy/document.yml").replace("- data\n", "- data\n- cookies\n"),
    )
    repo.release("privacy", "1.1", published="2026-01-10", change="minor")
    repo.write("policy/privacy/en/intro.md", "## Introduction\n\nWe value your information greatly.\n")
    return repo


def test_text_without_a_terminal_marks_changes_with_brackets(site):
    result = cli(site, "diff", "privacy", "1.0", "1.1", "--lang", "en")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "# privacy 1.0 → 1.1 (en)" in out
    assert "## Data we collect [data] (modified: +20 -0)" in out
    assert "We collect your name{+ and your e-mail address+}." in out
    assert "## Cookies [cookies] (added: +20 -0)" in out
    assert "{+We use cookies.+}" in out
    assert "= Introduction (unchanged)" in out
    assert "\x1b[" not in out


def test_japanese_is_marked_by_phrase(site):
    result = cli(site, "diff", "privacy", "1.0", "1.1", "--lang", "ja")
    assert result.exit_code == 0
    # The inserted clause, as that clause (the old text had no 、 after 当社は): nothing else is marked.
    assert "当社は{+、法令に基づき、+}氏名を収集します。" in result.stdout
    assert "(modified: +8 -0)" in result.stdout


def test_colour_on_request(site):
    result = cli(site, "diff", "privacy", "1.0", "1.1", "--lang", "en", "--color")
    assert result.exit_code == 0
    assert "\x1b[32m\x1b[4m and your e-mail address\x1b[0m" in result.stdout  # green, underlined
    assert "{+" not in result.stdout


def test_every_language_by_default_and_the_draft_as_either_end(site):
    result = cli(site, "diff", "privacy", "1.1", "draft")
    assert result.exit_code == 0, result.output
    assert "(ja)" in result.stdout and "(en)" in result.stdout
    assert "We value your information{+ greatly+}." in result.stdout
    backwards = cli(site, "diff", "privacy", "draft", "1.0", "--lang", "en")
    assert backwards.exit_code == 0
    assert "[- greatly-]" in backwards.stdout and "(removed: +0 -" in backwards.stdout


def test_json_rebuilds_both_texts_and_carries_statistics(site):
    result = cli(site, "diff", "privacy", "1.0", "1.1", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["document"] == "privacy" and report["from"] == "1.0" and report["to"] == "1.1"
    sections = {s["id"]: s for s in report["languages"]["en"]["sections"]}
    assert sections["intro"]["status"] == "unchanged" and "blocks" not in sections["intro"]
    assert sections["cookies"]["status"] == "added" and sections["cookies"]["stats"] == {"inserted": 20, "deleted": 0}
    data = sections["data"]
    assert data["status"] == "modified" and data["stats"] == {"inserted": 20, "deleted": 0}
    old = "".join(text for block in data["blocks"] for op, text in block["ops"] if op != "insert")
    new = "".join(text for block in data["blocks"] for op, text in block["ops"] if op != "delete")
    assert old.replace("\n\n", "") == "## Data we collectWe collect your name."
    assert new.replace("\n\n", "") == "## Data we collectWe collect your name and your e-mail address."


def test_html_is_a_standalone_valid_page(site):
    result = cli(site, "diff", "privacy", "1.0", "1.1", "--format", "html", "--lang", "ja")
    assert result.exit_code == 0
    page = result.stdout
    assert page.startswith("<!doctype html>") and '<html lang="ja">' in page and "<style>" in page
    body = page.split("<body>", 1)[1].split("</body>", 1)[0]
    check(body)
    assert "<ins>" in body and "追加された文言" in body  # marks and a legend, in Japanese


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nosuchdoc", "1.0", "1.1"), "unknown document 'nosuchdoc'"),
        (("privacy", "1.0", "9.9"), "no release '9.9'"),
        (("privacy", "0.1", "draft"), "no release '0.1'"),
    ],
)
def test_problems_exit_1_with_a_message(site, args, message):
    result = cli(site, "diff", *args)
    assert result.exit_code == 1
    assert message in result.stderr and not result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("privacy", "1.0"),
        ("privacy", "1.0", "1.1", "--format", "pdf"),
        ("privacy", "1.0", "1.1", "--lang", "fr"),
        ("privacy", "1.0", "1.1", "--bogus"),
    ],
)
def test_usage_errors_exit_2(site, args):
    assert cli(site, "diff", *args).exit_code == 2


def test_help(site):
    result = cli(site, "diff", "--help")
    assert result.exit_code == 0
    assert "FROM" in result.stdout and "TO" in result.stdout and "draft" in result.stdout
    assert "--format [text|html|json]" in result.stdout and "--lang" in result.stdout


def test_an_untitled_opening_is_named_by_the_catalogs_label(site):
    """An untitled opening (SPEC §11) has no title: the text report names it as the pages' TOC does, never blank."""
    site.write("policy/privacy/en/intro.md", "We value your information.\n")
    site.write("policy/privacy/ja/intro.md", "当社はお客様の情報を大切にします。\n")
    site.release("privacy", "1.2", published="2026-01-12", change="minor")
    site.write("policy/privacy/en/intro.md", "We value your information greatly.\n")
    en = cli(site, "diff", "privacy", "1.2", "draft", "--lang", "en").stdout
    assert "## Preamble [intro] (modified: +7 -0)" in en and "##  [intro]" not in en
    ja = cli(site, "diff", "privacy", "1.1", "1.2", "--lang", "ja").stdout
    assert "## 前文 [intro] (modified:" in ja
    unchanged = cli(site, "diff", "privacy", "1.2", "draft", "--lang", "ja").stdout
    assert "= 前文 (unchanged)" in unchanged
