"""`import DOC --history REPO LANG=PATH…`: five commits of a bilingual policy in another repository become five
releases in one command; reworded headings keep their ids; a published id that disappears is reported."""

from __future__ import annotations

import re
from datetime import date

import git
import pytest
import yaml
from bs4 import BeautifulSoup
from guardkit import cli, snapshot

EPOCH = "1768446000"  # 2026-01-15


def _policy(en_sub: str, ja_sub: str, extra: str = "", extra_ja: str = "", use_en: str = "Use", use_ja: str = "利用") -> tuple[str, str]:
    en = (
        "# Privacy Policy\n\nExample Co. respects your privacy.\n\n## Collection\n\nWe collect your name.\n\n"
        f"### {en_sub[0]}\n\nWe use your name to open and run your account.\n\n"
        f"### {en_sub[1]}\n\nWe send a monthly newsletter when you ask for it.\n\n"
        f"## {use_en}\n\nWe use your data only for these purposes.\n{extra}"
    )
    ja = (
        "# プライバシーポリシー\n\n当社はお客様のプライバシーを尊重します。\n\n## 収集\n\n当社はお客様の氏名を収集します。\n\n"
        f"### {ja_sub[0]}\n\n当社はアカウントの開設と運用のために氏名を利用します。\n\n"
        f"### {ja_sub[1]}\n\nご希望の場合、毎月ニュースレターをお送りします。\n\n"
        f"## {use_ja}\n\n当社はこれらの目的のためにのみデータを利用します。\n{extra_ja}"
    )
    return en, ja


COOKIES_EN = "\n## Cookies\n\nWe use cookies.\n\n### Managing cookies\n\nYou can turn them off in your browser.\n"
COOKIES_JA = "\n## クッキー\n\n当社はクッキーを使用します。\n\n### クッキーの管理\n\nブラウザで無効にできます。\n"

VERSIONS = [
    ("2025-01-10", "Initial policy", _policy(("Provide accounts", "Send newsletters"), ("アカウントの提供", "ニュースレターの送付"))),
    (
        "2025-03-01",
        "Reword the purposes",
        _policy(("To provide accounts", "To send newsletters"), ("アカウントを提供するため", "ニュースレターを送付するため")),
    ),
    (
        "2025-06-01",
        "Add a cookies section",
        _policy(
            ("To provide accounts", "To send newsletters"),
            ("アカウントを提供するため", "ニュースレターを送付するため"),
            COOKIES_EN,
            COOKIES_JA,
        ),
    ),
    (
        "2025-09-01",
        "Fix a typo in English",
        _policy(
            ("To provide accounts", "To send newsletters"),
            ("アカウントを提供するため", "ニュースレターを送付するため"),
            COOKIES_EN.replace("turn them off", "switch them off"),
            COOKIES_JA,
        ),
    ),
    (
        "2025-12-01",
        "Rename the use section",
        _policy(
            ("To provide accounts", "To send newsletters"),
            ("アカウントを提供するため", "ニュースレターを送付するため"),
            COOKIES_EN.replace("turn them off", "switch them off"),
            COOKIES_JA,
            "How we use information",
            "情報の利用方法",
        ),
    ),
]


@pytest.fixture
def source_repo(tmp_path):
    """Another repository, as a team keeps its policy: one file per language, five commits, a tag on the first."""
    path = tmp_path / "legal"
    repo = git.Repo.init(path, initial_branch="main")
    with repo.config_writer() as cw:
        cw.set_value("user", "name", "Legal Team")
        cw.set_value("user", "email", "legal@example.invalid")
        cw.set_value("commit", "gpgsign", "false")
    for number, (day, message, (en, ja)) in enumerate(VERSIONS):
        (path / "privacy").mkdir(exist_ok=True)
        (path / "privacy/privacy.en.md").write_text(en, encoding="utf-8")
        (path / "privacy/privacy.ja.md").write_text(ja, encoding="utf-8")
        repo.git.add(A=True)
        stamp = f"{day}T10:00:00+09:00"
        repo.git.commit("-m", message, env={"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})
        if number == 0:
            repo.git.tag("v1.0")
        if number == 1:  # a commit that does not touch the policy is not a release
            (path / "README.md").write_text("Legal texts\n", encoding="utf-8")
            repo.git.add(A=True)
            repo.git.commit("-m", "README", env={"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})
    repo.close()
    return path


@pytest.fixture
def site(policy_repo):
    repo = policy_repo()
    repo.write(".gitignore", "site/\n")
    repo.commit("empty site")
    return repo


def history(site, source_repo, *extra):
    return cli(
        site,
        "import",
        "privacy",
        "--history",
        str(source_repo),
        "en=privacy/privacy.en.md",
        "ja=privacy/privacy.ja.md",
        *extra,
        epoch=EPOCH,
    )


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_five_commits_become_five_releases_each_built_with_its_text(site, source_repo):
    result = history(site, source_repo)
    assert result.exit_code == 0, result.output
    versions = ["1.0", "2.0", "3.0", "4.0", "5.0"]  # the first from its tag v1.0
    log = [c.message.strip() for c in site.repo.iter_commits()][:10]
    assert log == [line for v in reversed(versions) for line in (f"Release privacy {v}", f"Import privacy {v}")]
    assert sorted(t.name for t in site.repo.tags) == [f"privacy/{v}" for v in versions]
    ledger = site.read("policy/privacy/releases.yml")
    assert "published: 2025-01-10" in ledger and "effective: 2025-12-01" in ledger
    assert 'en: "Reword the purposes"' in ledger and 'ja: "Reword the purposes"' in ledger
    assert "(summary from the commit message: review it)" in result.output
    assert "change: material" in ledger and ledger.count("change: minor") == 4
    site.write("policy/privacy/document.yml", site.read("policy/privacy/document.yml") + "reviewed: 2026-01-10\n")  # the team's review
    assert cli(site, "check", "--strict", epoch=EPOCH).exit_code == 0
    built = site.build(epoch=EPOCH)
    for version, (_day, _message, (en, ja)) in zip(versions, VERSIONS, strict=True):
        for lang, source in (("en", en), ("ja", ja)):
            page = BeautifulSoup((built / f"{lang}/privacy/{version}/index.html").read_text(encoding="utf-8"), "html.parser")
            content = squeeze(page.find("article").get_text())
            for line in source.split("\n")[2:]:  # the title is the page's own
                assert squeeze(line.lstrip("#")) in content, (version, lang, line)


def test_reworded_headings_keep_their_ids(site, source_repo):
    result = history(site, source_repo)
    assert result.exit_code == 0, result.output
    assert "kept #provide-accounts from release 1.0" in result.output and "kept #send-newsletters from release 1.0" in result.output
    collection = site.read("policy/privacy/en/collection.md")
    assert "### To provide accounts {#provide-accounts}" in collection and "### To send newsletters {#send-newsletters}" in collection
    assert "### アカウントを提供するため {#provide-accounts}" in site.read("policy/privacy/ja/collection.md")
    # A reworded section title keeps the section's id (and its file).
    assert site.read("policy/privacy/en/use.md").startswith("## How we use information\n")
    assert "sections: [introduction, collection, use, cookies]" in site.read("policy/privacy/document.yml")
    built = site.build(epoch=EPOCH)
    for version in ("1.0", "5.0"):
        page = BeautifulSoup((built / f"en/privacy/{version}/index.html").read_text(encoding="utf-8"), "html.parser")
        assert page.find(id="provide-accounts") is not None and page.find(id="use") is not None


def test_a_published_id_that_disappears_is_an_editorial_finding(site, source_repo, tmp_path):
    assert history(site, source_repo).exit_code == 0
    # By hand: the newsletter purpose is removed from the draft.
    for lang, heading in (("en", "### To send newsletters"), ("ja", "### ニュースレターを送付するため")):
        path = f"policy/privacy/{lang}/collection.md"
        text = site.read(path)
        site.write(path, text[: text.index(heading)].rstrip("\n") + "\n")  # the last subheading of the section, with its text
    site.commit("drop the newsletter")
    result = cli(site, "check", "--strict", epoch=EPOCH)
    assert result.exit_code == 1
    assert "policy/privacy/ja/collection.md:1: editorial: the id #send-newsletters" in result.output
    assert "published in release 5.0, is gone from the draft: links to #send-newsletters will break" in result.output
    assert cli(site, "check", epoch=EPOCH).exit_code == 0  # editorial: not an error
    # By import: a text without the cookies section.
    en, ja = VERSIONS[1][2]
    (tmp_path / "en.md").write_text(en, encoding="utf-8")
    (tmp_path / "ja.md").write_text(ja, encoding="utf-8")
    assert cli(site, "import", "privacy", f"en={tmp_path / 'en.md'}", f"ja={tmp_path / 'ja.md'}", epoch=EPOCH).exit_code == 0
    result = cli(site, "check", "--strict", epoch=EPOCH)
    assert "policy/privacy/document.yml:1: editorial: the id #cookies" in result.output
    assert "policy/privacy/document.yml:1: editorial: the id #managing-cookies" in result.output


def test_since_dry_run_and_summaries(site, source_repo, tmp_path):
    before = snapshot(site.path)
    dry = history(site, source_repo, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert snapshot(site.path) == before  # nothing written
    assert "# 1.0  2025-01-10" in dry.output and "# 5.0  2025-12-01" in dry.output and "README" not in dry.output
    assert "# the plan: edit the summaries" in dry.output
    plan = yaml.safe_load(dry.output)  # `--dry-run > plan.yml` is the file to edit
    assert plan["2.0"] == {
        "commit": plan["2.0"]["commit"],
        "published": date(2025, 3, 1),
        "effective": date(2025, 3, 1),
        "change": "minor",
        "en": "Reword the purposes",
        "ja": "Reword the purposes",
    }
    summaries = tmp_path / "plan.yml"
    summaries.write_text(
        '"2.0": {en: "Wording of the cookies section.", ja: "クッキーの節の表現を改めました。", effective: 2025-10-01, change: editorial}\n',
        encoding="utf-8",
    )
    result = history(site, source_repo, "--since", "2025-06-01", "--plan", str(summaries))
    assert result.exit_code == 0, result.output
    ledger = site.read("policy/privacy/releases.yml")
    assert ledger.count("- version:") == 3 and '"2025' not in ledger
    assert 'ja: "クッキーの節の表現を改めました。"' in ledger and "published: 2025-06-01" in ledger and "2025-03-01" not in ledger
    assert "effective: 2025-10-01\n  change: editorial" in ledger
    assert "before --since 2025-06-01" in result.stderr


def test_history_refuses_a_dirty_document_and_names_the_commit(site, source_repo):
    site.write("policy/privacy/en/draft.md", "## Draft\n\nNot committed.\n")
    before = snapshot(site.path)
    result = history(site, source_repo)
    assert result.exit_code == 1
    assert "policy/privacy/en/draft.md:1: has changes that are not committed" in result.stderr
    assert "at commit" in result.stderr and "release 1.0" in result.stderr
    assert snapshot(site.path) == before
