"""`mkdocs-policy check`: one line per finding, all at once; JSON for editors and CI; exit codes; --help everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from guardkit import cli, two_language_site

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def messy(policy_repo):
    """Two errors and three editorial findings in one draft."""
    repo = two_language_site(policy_repo())
    repo.write("policy/privacy/en/data.md", "## Data we collect\n\nWe collect your name, 例えば.\n\n### No id here\n")
    repo.write("policy/privacy/ja/intro.md", "## はじめに\n\n[こちら](#missing)をご覧ください。\n")
    return repo


def test_text_lists_every_finding_once_as_path_line_message(messy):
    result = cli(messy, "check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    expected = {
        ("policy/privacy/en/data.md", 5, "error"),
        ("policy/privacy/ja/intro.md", 3, "error"),
        ("policy/privacy/en/data.md", 3, "editorial"),
        ("policy/privacy/ja/data.md", 1, "editorial"),  # data changed in en only
        ("policy/privacy/en/intro.md", 1, "editorial"),  # intro changed in ja only
    }
    parsed = set()
    for line in lines:
        path, number, kind, message = line.split(":", 3)
        parsed.add((path, int(number), kind.strip()))
        assert message.strip()
    assert parsed == expected
    assert "2 error(s), 3 editorial finding(s)" in result.stderr


def test_json_for_editors_and_ci(messy):
    result = cli(messy, "check", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["errors"] == 2 and report["editorial"] == 3
    first = report["findings"][0]
    assert set(first) == {"path", "line", "message", "kind", "code"}
    assert {f["code"] for f in report["findings"]} == {"heading-without-id", "broken-link", "mixed-script", "translation-parity"}


def test_editorial_findings_fail_only_with_strict(policy_repo):
    repo = two_language_site(policy_repo())
    repo.write("policy/privacy/en/data.md", "## Data we collect\n\nWe collect your full name.\n")
    lenient = cli(repo, "check")
    assert lenient.exit_code == 0 and "editorial findings fail only with --strict" in lenient.stderr
    strict = cli(repo, "check", "--strict", "--format", "json")
    assert strict.exit_code == 1 and json.loads(strict.stdout)["ok"] is False


def test_clean_site_and_this_repository_pass(policy_repo):
    repo = two_language_site(policy_repo())
    result = cli(repo, "check", "--strict")
    assert result.exit_code == 0 and result.stdout == "" and "ok: no findings" in result.stderr
    own = cli(ROOT, "check", "--strict", "--format", "json")
    assert own.exit_code == 0 and json.loads(own.stdout)["findings"] == []


def test_not_a_git_repository_and_no_mkdocs_yml(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - policy\n")
    (tmp_path / "docs").mkdir()
    result = cli(tmp_path, "check")
    assert result.exit_code == 1 and "not inside a git repository" in result.stdout
    missing = cli(tmp_path / "nowhere", "check")
    assert missing.exit_code == 2 and "not found" in missing.output


@pytest.mark.parametrize("command", [[], ["check"], ["release"], ["import"]])
def test_every_command_has_help(command):
    result = cli(ROOT, *command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.stdout
