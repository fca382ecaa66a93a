"""Review dates (SPEC §13): `reviewed:` in document.yml, the review_interval_days option, the editorial finding
reported by `check --strict`, and the date shown on the text in force."""

from __future__ import annotations

import json
import re

import yaml
from guardkit import cli, two_language_site

from policyrepo import epoch_of

EPOCH_2026_12_01 = str(epoch_of("2026-12-01"))
META = "policy/privacy/document.yml"


def set_reviewed(repo, value: str | None) -> int:
    """Rewrite document.yml's `reviewed:` (None removes it), commit; the line it stands on."""
    meta = yaml.safe_load(repo.read(META))
    meta.pop("reviewed", None)
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    if value is not None:
        text += f"reviewed: {value}\n"
    repo.write(META, text)
    repo.commit("review")
    return text.count("\n")


def findings(result) -> list[dict]:
    return [f for f in json.loads(result.stdout)["findings"] if f["code"].startswith("review")]


def test_check_strict_reports_a_review_older_than_the_interval(policy_repo):
    repo = two_language_site(policy_repo())
    line = set_reviewed(repo, "2025-11-30")  # 366 days before 2026-12-01
    result = cli(repo, "check", "--strict", epoch=EPOCH_2026_12_01)
    assert result.exit_code == 1
    assert f"{META}:{line}: editorial: document 'privacy' was last reviewed on 2025-11-30, 366 days before 2026-12-01" in result.stdout
    assert "review_interval_days (365)" in result.stdout
    # Without --strict it is reported and does not fail; a day later the same date is within the interval.
    assert cli(repo, "check", epoch=EPOCH_2026_12_01).exit_code == 0
    assert cli(repo, "check", "--strict", epoch=str(epoch_of("2026-11-30"))).exit_code == 0


def test_a_missing_review_date_is_reported_on_line_1(policy_repo):
    repo = two_language_site(policy_repo())
    set_reviewed(repo, None)
    result = cli(repo, "check", "--strict", "--format", "json", epoch=EPOCH_2026_12_01)
    assert result.exit_code == 1
    (finding,) = findings(result)
    assert (finding["path"], finding["line"], finding["kind"], finding["code"]) == (META, 1, "editorial", "review-missing")
    assert "reviewed: 2026-12-01" in finding["message"]


def test_the_interval_is_a_plugin_option(policy_repo):
    repo = two_language_site(policy_repo(plugin_options={"review_interval_days": 30}))
    set_reviewed(repo, "2026-10-31")  # 31 days before
    result = cli(repo, "check", "--strict", "--format", "json", epoch=EPOCH_2026_12_01)
    assert [f["code"] for f in findings(result)] == ["review-overdue"]
    assert "review_interval_days (30)" in findings(result)[0]["message"]
    set_reviewed(repo, "2026-11-01")  # 30 days before: still within
    assert cli(repo, "check", "--strict", epoch=EPOCH_2026_12_01).exit_code == 0


def test_a_review_date_that_is_not_a_date_is_an_error(policy_repo):
    repo = two_language_site(policy_repo())
    line = set_reviewed(repo, "last spring")
    result = cli(repo, "check", epoch=EPOCH_2026_12_01)
    assert result.exit_code == 1
    assert f"{META}:{line}: error: `reviewed` must be the date of the last review, written YYYY-MM-DD" in result.stdout


def test_the_text_in_force_shows_the_review_date_in_its_language(policy_repo):
    repo = two_language_site(policy_repo())
    set_reviewed(repo, "2026-11-20")
    site = repo.build(epoch=EPOCH_2026_12_01)
    reviewed = re.compile(r'<span class="policy-reviewed">([^<]*)</span>')
    ja = (site / "ja/privacy/index.html").read_text(encoding="utf-8")
    en = (site / "en/privacy/index.html").read_text(encoding="utf-8")
    assert reviewed.findall(ja) == ["最終確認日 2026年11月20日"]
    assert reviewed.findall(en) == ["Last reviewed on November 20, 2026"]
    # A release's own page (/<version>/) is about that text, not about the document's review.
    assert "policy-reviewed" not in (site / "en/privacy/1.0/index.html").read_text(encoding="utf-8")


def test_this_repository_records_its_review(own_site):
    html = (own_site / "en/privacy/index.html").read_text(encoding="utf-8")
    assert "Last reviewed on December 1, 2026" in html


def test_importing_the_text_again_keeps_the_review_date(policy_repo, tmp_path):
    repo = two_language_site(policy_repo())
    set_reviewed(repo, "2026-11-20")
    (tmp_path / "en.md").write_text("# Privacy Policy\n\n## Introduction\n\nWe value your information.\n", encoding="utf-8")
    (tmp_path / "ja.md").write_text("# プライバシーポリシー\n\n## はじめに\n\n当社は情報を大切にします。\n", encoding="utf-8")
    result = cli(repo, "import", "privacy", f"en={tmp_path / 'en.md'}", f"ja={tmp_path / 'ja.md'}")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(repo.read(META))["reviewed"].isoformat() == "2026-11-20"
