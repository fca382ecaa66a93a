"""`mkdocs-policy init`: a new site that passes `check`, `release` and `mkdocs build --strict` as it is."""

from __future__ import annotations

import os
from pathlib import Path

import git
import pytest
import yaml
from click.testing import CliRunner
from guardkit import snapshot

from mkdocs_policy.cli import main
from mkdocs_policy.cli.init import utc_cron

from policyrepo import PolicyRepo

EPOCH = "1768446000"  # 2026-01-15 12:00 Tokyo


def run(folder: Path, *args: str):
    return CliRunner().invoke(main, ["-f", str(folder / "mkdocs.yml"), *args], env={"SOURCE_DATE_EPOCH": EPOCH}, catch_exceptions=False)


def test_init_then_commit_release_and_build(tmp_path):
    folder = tmp_path / "new-site"
    result = CliRunner().invoke(main, ["init", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        ".github/workflows/policy.yml",
        ".gitignore",
        "docs/.gitkeep",
        "mkdocs.yml",
        "policy/privacy/document.yml",
        "policy/privacy/en/introduction.md",
        "policy/privacy/ja/introduction.md",
    ]
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["font"] is False and config["plugins"][0] == {"search": {"lang": "ja"}}
    assert config["plugins"][1] == {"policy": {"languages": ["ja", "en"], "timezone": "Asia/Tokyo"}}
    assert (folder / "policy/privacy/ja/introduction.md").read_text(encoding="utf-8").startswith("## はじめに\n")
    repo = git.Repo.init(folder, initial_branch="main")
    with repo.config_writer() as cw:
        cw.set_value("user", "name", "Test Author")
        cw.set_value("user", "email", "author@example.invalid")
        cw.set_value("commit", "gpgsign", "false")
    repo.git.add(A=True)
    repo.git.commit("-m", "A new policy site")
    # A scaffold is not a reviewed policy: check says so until the review is recorded.
    unreviewed = run(folder, "check", "--strict")
    assert unreviewed.exit_code == 1 and "has no review date" in unreviewed.output
    meta = folder / "policy/privacy/document.yml"
    meta.write_text(meta.read_text(encoding="utf-8") + "reviewed: 2026-01-15\n", encoding="utf-8")
    repo.git.commit("-am", "Reviewed")
    assert run(folder, "check", "--strict").exit_code == 0
    released = run(
        folder,
        "release",
        "privacy",
        "1.0",
        "--effective",
        "2026-01-15",
        "--change",
        "material",
        "--summary",
        "ja=初版",
        "--summary",
        "en=First",
    )
    assert released.exit_code == 0, released.output
    site = PolicyRepo.__new__(PolicyRepo)
    site.path, site.languages, site.repo = folder, ("ja", "en"), repo
    built = site.build(epoch=EPOCH)
    assert (built / "ja/privacy/index.html").is_file() and (built / "api/privacy/releases.json").is_file()
    assert "1.0" in (built / "en/privacy/index.html").read_text(encoding="utf-8")
    assert "site/" in (folder / ".gitignore").read_text(encoding="utf-8") and not repo.is_dirty(untracked_files=True)


def test_the_workflow_builds_daily_with_full_history_and_deploys(tmp_path):
    assert CliRunner().invoke(main, ["init", str(tmp_path)]).exit_code == 0
    workflow = yaml.safe_load((tmp_path / ".github/workflows/policy.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["schedule"] == [{"cron": "5 15 * * *"}]  # 00:05 in Tokyo
    steps = workflow["jobs"]["build"]["steps"]
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert any(s.get("run") == "mkdocs build --strict" for s in steps)
    # The cache folder is kept between runs, restored before the build (PDFs and warm results: README).
    cache = next(i for i, s in enumerate(steps) if str(s.get("uses", "")).startswith("actions/cache@"))
    assert steps[cache]["with"]["path"] == ".cache/mkdocs-policy" and steps[cache]["with"]["key"] == "mkdocs-policy-${{ github.sha }}"
    assert cache < next(i for i, s in enumerate(steps) if s.get("run") == "mkdocs build --strict")
    assert any(str(s.get("uses", "")).startswith("actions/upload-pages-artifact@") for s in steps)
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["permissions"]["pages"] == "write"


@pytest.mark.parametrize(
    ("zone", "cron"),
    [("Asia/Tokyo", "5 15 * * *"), ("UTC", "5 0 * * *"), ("Europe/Paris", "5 23 * * *"), ("America/New_York", "5 5 * * *")],
)
def test_the_daily_build_is_at_five_past_midnight_local_never_before(zone, cron):
    assert utc_cron(zone) == cron


def test_init_never_overwrites(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: mine\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 1 and f"{tmp_path / 'mkdocs.yml'}: already exists" in result.output
    assert snapshot(tmp_path) == before


def test_init_options(tmp_path):
    folder = tmp_path / "terms"
    result = CliRunner().invoke(main, ["init", str(folder), "--languages", "en,fr", "--document", "terms", "--timezone", "Europe/Paris"])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((folder / "policy/terms/document.yml").read_text(encoding="utf-8"))["title"]["en"] == "Terms of Use"
    assert (folder / "policy/terms/fr/introduction.md").is_file()
    assert "timezone: Europe/Paris" in (folder / "mkdocs.yml").read_text(encoding="utf-8")
    bad = CliRunner().invoke(main, ["init", str(tmp_path / "x"), "--languages", "ja,ja"])
    assert bad.exit_code == 2 and not (tmp_path / "x").exists()
    assert CliRunner().invoke(main, ["init", str(tmp_path / "y"), "--document", "Bad Id"]).exit_code == 2
    assert os.listdir(tmp_path) == ["terms"]
