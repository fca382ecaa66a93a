"""`mkdocs-policy release`: the entry, the commit and the tag — or, refused or failed, nothing changed at all."""

from __future__ import annotations

import os
import stat

import pytest
from guardkit import EPOCH_2026_01_15, changed, cli, snapshot, two_language_site

from mkdocs_policy.release import entry_yaml, today, yaml_string
from mkdocs_policy.sources.ledger import parse_ledger
from mkdocs_policy.sources.loader import Loader, Sources

LEDGER = "policy/privacy/releases.yml"
SUMMARY = ("--summary", "ja=氏名に加えてメールアドレスを収集します。", "--summary", "en=We now also collect your e-mail address.")
RELEASE_1_1 = ("release", "privacy", "1.1", "--effective", "2026-02-01", "--change", "minor")  # a minor release, without its summaries


def edit_both(repo) -> None:
    repo.write("policy/privacy/en/data.md", "## Data we collect\n\nWe collect your name and e-mail address.\n")
    repo.write("policy/privacy/ja/data.md", "## 収集する情報\n\n当社は氏名およびメールアドレスを収集します。\n")


@pytest.fixture
def site(policy_repo):
    repo = two_language_site(policy_repo())
    edit_both(repo)
    repo.commit("new text")
    return repo


def release(repo, *extra, version="1.1", effective="2026-02-01", change="minor", epoch=EPOCH_2026_01_15):
    return cli(repo, "release", "privacy", version, "--effective", effective, "--change", change, *SUMMARY, *extra, epoch=epoch)


def entries(repo):
    found, findings = parse_ledger(repo.read(LEDGER), LEDGER, ("ja", "en"))
    assert findings == []
    return found


def test_release_appends_commits_and_tags(site):
    old = (site.path / LEDGER).read_bytes()
    text_commit = site.repo.head.commit.hexsha
    result = release(site)
    assert result.exit_code == 0, result.output
    assert "released privacy 1.1" in result.stdout and "tagged privacy/1.1" in result.stdout
    new = (site.path / LEDGER).read_bytes()
    assert new.startswith(old)  # the existing bytes are kept exactly; the entry is appended
    entry = entries(site)[-1]
    assert (entry.version, entry.commit, str(entry.published), str(entry.effective), entry.change) == (
        "1.1",
        text_commit,
        "2026-01-15",
        "2026-02-01",
        "minor",
    )
    assert entry.digest == site.digest_at(text_commit, "privacy")
    assert entry.summary["en"] == "We now also collect your e-mail address."
    head = site.repo.head.commit
    assert head.message.strip() == "Release privacy 1.1"
    assert head.parents[0].hexsha == text_commit
    assert sorted(head.stats.files) == [LEDGER]  # the ledger alone
    assert site.repo.tags["privacy/1.1"].commit == head
    assert site.repo.git.status("--porcelain") == ""
    assert cli(site, "check", "--strict").exit_code == 0
    built = site.build()
    assert (built / "en/privacy/1.1/index.html").is_file()


def test_published_is_today_in_the_site_time_zone(site):
    # 2026-01-14 20:00 UTC is already 2026-01-15 in Tokyo.
    epoch = "1768420800"
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        assert str(today("Asia/Tokyo")) == "2026-01-15" and str(today("UTC")) == "2026-01-14"
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    result = release(site, effective="2026-01-15", epoch=epoch)
    assert result.exit_code == 0, result.output
    assert str(entries(site)[-1].published) == "2026-01-15"


def test_dry_run_shows_the_entry_and_changes_nothing(site):
    before = snapshot(site.path)
    result = release(site, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run: nothing was changed" in result.stdout
    assert '- version: "1.1"' in result.stdout and f"commit: {site.repo.head.commit.hexsha}" in result.stdout
    assert "digest: sha256:" in result.stdout
    assert snapshot(site.path) == before


def test_unchanged_translation_acknowledged_and_recorded(policy_repo):
    repo = two_language_site(policy_repo())
    repo.write("policy/privacy/en/data.md", "## Data we collect\n\nWe collect your full name.\n")
    repo.commit("English wording only")
    refused = release(repo)
    assert refused.exit_code == 1
    assert "policy/privacy/ja/data.md:1: editorial: section 'data' changed in en" in refused.stderr
    assert "--unchanged-translations" in refused.stderr
    result = release(repo, "--unchanged-translations", "ja=data", change="editorial")
    assert result.exit_code == 0, result.output
    assert dict(entries(repo)[-1].unchanged_translations) == {"ja": ("data",)}
    assert "  unchanged_translations:\n    ja: [data]\n" in repo.read(LEDGER)
    assert cli(repo, "check", "--strict").exit_code == 0


def test_an_acknowledgement_that_is_not_needed_is_refused(site):
    before = snapshot(site.path)
    result = release(site, "--unchanged-translations", "ja=data,intro")
    assert result.exit_code == 1
    assert "--unchanged-translations ja=data: nothing to acknowledge" in result.stderr
    assert "--unchanged-translations ja=intro: nothing to acknowledge" in result.stderr
    assert snapshot(site.path) == before


def test_as_published_records_without_editorial_judgement(policy_repo):
    repo = two_language_site(policy_repo(), release=False)
    repo.write("policy/privacy/en/data.md", "## Data we collect\n\nWe collect your name, 例えば.\n")
    repo.commit("a text already published elsewhere, leftovers included")
    assert release(repo, version="1.0").exit_code == 1
    result = release(repo, "--as-published", version="1.0", effective="2026-01-15")
    assert result.exit_code == 0, result.output
    assert "without editorial judgement" in result.stderr
    assert [e.version for e in entries(repo)] == ["1.0"]
    assert repo.read(LEDGER).startswith("# The release ledger")  # a new ledger gets its header


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["release", "privacy", "../1", "--effective", "2026-02-01", "--change", "minor", *SUMMARY], "must match"),
        (["release", "privacy", "changes", "--effective", "2026-02-01", "--change", "minor", *SUMMARY], "reserved"),
        (["release", "privacy", "draft", "--effective", "2026-02-01", "--change", "minor", *SUMMARY], "reserved"),
        (["release", "privacy", "1.1", "--effective", "2026-02-01", "--change", "major", *SUMMARY], "major"),
        (["release", "privacy", "1.1", "--effective", "1 Feb 2026", "--change", "minor", *SUMMARY], "1 Feb 2026"),
        (
            ["release", "privacy", "1.1", "--effective", "2026-02-01", "--change", "minor", "--summary", "en=Only English."],
            "missing for ja",
        ),
        (["release", "privacy", "1.1", "--effective", "2026-02-01", "--change", "minor", *SUMMARY, "--summary", "fr=Non."], "fr"),
        (["release", "privacy", "1.1", "--effective", "2026-02-01", "--change", "minor", "--summary", "English text"], "LANG="),
        (["release", "privacy", "1.1", "--change", "minor", *SUMMARY], "--effective"),
        (["release", "terms", "1.1", "--effective", "2026-02-01", "--change", "minor", *SUMMARY], "no document 'terms'"),
        (
            ["release", "privacy", "1.1", "--effective", "2026-02-01", "--change", "minor", *SUMMARY, "--unchanged-translations", "ja"],
            "LANG=",
        ),
        (["release", "privacy", "index.html", "--effective", "2026-02-01", "--change", "minor", *SUMMARY], "reserved"),
        (["release", "privacy", "1" * 300, "--effective", "2026-02-01", "--change", "minor", *SUMMARY], "at most 64 characters"),
        ([*RELEASE_1_1, "--summary", "ja=改訂。", "--summary", "en=Re\u202evised."], "bidirectional control"),
        ([*RELEASE_1_1, "--summary", "ja=改\x00訂。", "--summary", "en=Revised."], "control character U+0000"),
    ],
)
def test_usage_errors_exit_2_and_change_nothing(site, args, words):
    before = snapshot(site.path)
    result = cli(site, *args)
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert snapshot(site.path) == before


def test_dirty_tree_is_refused_naming_the_files(site):
    site.write("policy/privacy/en/intro.md", "## Introduction\n\nWe value your information a lot.\n")
    site.write("policy/privacy/en/notes.md", "draft notes\n")
    site.write(LEDGER, site.read(LEDGER) + "# a comment\n")
    before = snapshot(site.path)
    result = release(site)
    assert result.exit_code == 1
    for path in ("policy/privacy/en/intro.md", "policy/privacy/en/notes.md", LEDGER):
        assert f"{path}:1: error: has changes that are not committed" in result.stderr
    assert snapshot(site.path) == before


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"version": "1.0"}, "version '1.0' is already released"),
        ({"effective": "2026-01-14"}, "--effective 2026-01-14 is before the publication date 2026-01-15 (today in Asia/Tokyo)"),
    ],
)
def test_state_refusals_exit_1_and_change_nothing(site, kwargs, words):
    before = snapshot(site.path)
    result = release(site, **kwargs)
    assert result.exit_code == 1
    assert words in result.stderr and "nothing was changed" in result.stderr
    assert snapshot(site.path) == before


def test_nothing_new_and_errors_are_refused(policy_repo):
    repo = two_language_site(policy_repo())
    result = release(repo)
    assert result.exit_code == 1 and "the text is the same as release 1.0" in result.stderr
    repo.write("policy/privacy/en/data.md", "Data we collect\n\nWe collect your name.\n")
    repo.write("policy/privacy/ja/data.md", "## 収集する情報\n\n[リンク](#nowhere)\n")
    repo.commit("broken")
    before = snapshot(repo.path)
    result = release(repo)
    assert result.exit_code == 1
    assert "policy/privacy/en/data.md:1: error: the first line must be the section title" in result.stderr
    assert "policy/privacy/ja/data.md:3: error: link to #nowhere" in result.stderr
    assert snapshot(repo.path) == before


def _hook(repo, name: str, script: str) -> None:
    hook = repo.path / ".git" / "hooks" / name
    hook.parent.mkdir(exist_ok=True)
    hook.write_text("#!/bin/sh\n" + script)
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)


def test_a_refused_commit_leaves_ledger_and_repository_as_they_were(site):
    _hook(site, "pre-commit", "echo 'policy: commits are frozen today' >&2\nexit 1\n")
    before = snapshot(site.path)
    result = release(site)
    assert result.exit_code == 1
    assert "git refused" in result.stderr and "commits are frozen today" in result.stderr
    assert changed(before, snapshot(site.path)) == []


def test_a_refused_tag_undoes_the_ledger_commit(site):
    # A reference-transaction hook that lets branches move but refuses to create any tag.
    _hook(site, "reference-transaction", 'if [ "$1" = prepared ] && grep -q " refs/tags/"; then exit 1; fi\nexit 0\n')
    before = snapshot(site.path)
    result = release(site)
    assert result.exit_code == 1, result.output
    assert "git refused (git tag)" in result.stderr
    assert changed(before, snapshot(site.path)) == []
    assert "privacy/1.1" not in [t.name for t in site.repo.tags]


def test_crlf_ledger_and_missing_final_newline_are_kept(site):
    text = site.read(LEDGER).rstrip("\n").replace("\n", "\r\n")
    (site.path / LEDGER).write_bytes(text.encode())
    site.commit("ledger with CRLF and no final newline")
    old = (site.path / LEDGER).read_bytes()
    result = release(site)
    assert result.exit_code == 0, result.output
    new = (site.path / LEDGER).read_bytes()
    assert new.startswith(old) and new[len(old) : len(old) + 2] == b"\r\n"
    assert b"\n" not in new.replace(b"\r\n", b"")
    assert [e.version for e in entries(site)] == ["1.0", "1.1"]


@pytest.mark.parametrize(
    "summary",
    [
        'He said "yes": a \\ b',
        "line one\nline two",
        "sep\u2028arator\u0085x",
        "# not a comment",
        "- not: a list",
        "  spaced  ",
        "null",
        "'single'",
    ],
)
def test_summaries_read_back_exactly(summary):
    entry = {
        "version": "1.0",
        "commit": "a" * 40,
        "published": "2026-01-01",
        "effective": "2026-01-01",
        "change": "minor",
        "summary": {"ja": summary, "en": summary},
        "digest": "sha256:" + "b" * 64,
    }
    found, findings = parse_ledger(entry_yaml(entry), LEDGER, ("ja", "en"))
    assert findings == [] or summary.strip() == ""
    assert found[0].summary["en"] == summary.strip()
    assert yaml_string("x") == '"x"'


def test_the_loader_reads_a_released_ledger(site):
    assert release(site).exit_code == 0
    loader = Loader(Sources(site.path, "policy", ("ja", "en")))
    try:
        document = loader.load(include_draft=True).document("privacy")
    finally:
        loader.close()
    assert [r.version for r in document.releases] == ["1.0", "1.1"]
    assert document.releases[-1].consent_version == 1


def test_other_staged_changes_stay_out_of_the_release_commit(site):
    site.write("docs/about.md", "# About\n")
    site.repo.git.add("docs/about.md")
    result = release(site)
    assert result.exit_code == 0, result.output
    assert sorted(site.repo.head.commit.stats.files) == [LEDGER]
    assert "A  docs/about.md" in site.repo.git.status("--porcelain")


def test_a_refused_first_release_removes_the_new_ledger(policy_repo):
    repo = two_language_site(policy_repo(), release=False)
    _hook(repo, "pre-commit", "exit 1\n")
    before = snapshot(repo.path)
    result = release(repo, version="1.0", effective="2026-01-15")
    assert result.exit_code == 1 and "git refused" in result.stderr
    assert not (repo.path / LEDGER).exists()
    assert changed(before, snapshot(repo.path)) == []


def test_a_version_differing_only_by_case_is_refused(site):
    assert release(site, version="Rev").exit_code == 0
    site.write("policy/privacy/en/data.md", "## Data we collect\n\nWe collect your name and postal address.\n")
    site.write("policy/privacy/ja/data.md", "## 収集する情報\n\n当社は氏名および住所を収集します。\n")
    site.commit("newer text")
    before = snapshot(site.path)
    result = release(site, version="rev", effective="2026-02-02")
    assert result.exit_code == 1 and "differ only by case" in result.stderr
    assert snapshot(site.path) == before


def test_a_release_in_a_repository_with_a_tag_moved_is_refused(site):
    site.repo.git.tag("privacy/1.0", "HEAD")  # lightweight, and not on the commit that recorded 1.0
    result = release(site)
    assert result.exit_code == 1 and "the tag privacy/1.0 points to commit" in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("languages:\n    - ja\n    - en\n", "languages: []\n", "languages is empty"),
        ("    - en\n", "    - ../../evil\n", "not a language code"),
        ("    languages:", "    timezone: Mars/Base\n    languages:", "not a known IANA time zone"),
    ],
)
def test_release_refuses_the_configuration_the_build_refuses(site, old, new, words):
    text = site.read("mkdocs.yml")
    assert old in text
    site.write("mkdocs.yml", text.replace(old, new, 1))
    site.commit("a bad configuration")
    before = snapshot(site.path)
    result = release(site)
    assert result.exit_code == 1
    assert any(line.startswith("mkdocs.yml:") and words in line for line in result.output.splitlines()), result.output
    assert snapshot(site.path) == before


def test_release_judges_the_text_through_the_sites_own_markdown_pipeline(policy_repo):
    """With ``pymdownx.keys`` the site renders ``++ctrl+c++`` as <kbd>, which the output allowlist refuses: the
    build and ``check`` say so, and so does ``release`` (one pipeline everywhere, never MkDocs' defaults alone)."""
    repo = two_language_site(policy_repo())
    repo.write("mkdocs.yml", repo.read("mkdocs.yml") + "markdown_extensions:\n  - pymdownx.keys\n")
    repo.write("policy/privacy/en/data.md", "## Data we collect\n\nWe collect your name.\n\nCopy it with ++ctrl+c++.\n")
    repo.write("policy/privacy/ja/data.md", "## 収集する情報\n\n当社は氏名を収集します。\n\n++ctrl+c++ でコピーできます。\n")
    repo.commit("keys")
    checked = cli(repo, "check", "--strict")
    assert checked.exit_code == 1 and "policy/privacy/en/data.md:1: error: raw HTML `<kbd>`" in checked.output
    assert "2 error(s), 0 editorial finding(s)" in checked.output  # en and ja
    result = release(repo)
    assert result.exit_code == 1
    assert "policy/privacy/en/data.md:1: error: raw HTML `<kbd>`" in result.stderr and "release refused" in result.stderr


def test_a_published_id_removed_on_purpose_is_acknowledged_with_removed_ids(site):
    """A heading id of the latest release gone from the draft is an editorial finding (links to it will break):
    ``release`` refuses it unless ``--removed-ids`` names it, which the ledger entry records as ``removed_ids``."""
    site.write("policy/privacy/en/data.md", "## Data we collect\n\nWe collect your name.\n\n### Retention {#retention}\n\nFive years.\n")
    site.write("policy/privacy/ja/data.md", "## 収集する情報\n\n当社は氏名を収集します。\n\n### 保存期間 {#retention}\n\n五年間です。\n")
    site.commit("a retention heading")
    assert release(site).exit_code == 0
    site.write("policy/privacy/en/data.md", "## Data we collect\n\nWe collect your name and keep it five years.\n")
    site.write("policy/privacy/ja/data.md", "## 収集する情報\n\n当社は氏名を収集し、五年間保存します。\n")
    site.commit("the retention heading goes")
    refused = release(site, version="1.2")
    assert refused.exit_code == 1
    assert "the id #retention (“保存期間”), published in release 1.1, is gone from the draft" in refused.stderr
    assert "--removed-ids retention" in refused.stderr
    wrong = release(site, "--removed-ids", "retention,intro", version="1.2")
    assert wrong.exit_code == 1 and "--removed-ids intro: nothing to acknowledge" in wrong.stderr
    before = (site.path / LEDGER).read_bytes()
    assert release(site, "--removed-ids", "#retention", version="1.2").exit_code == 2  # the id alone
    assert (site.path / LEDGER).read_bytes() == before
    result = release(site, "--removed-ids", "retention", version="1.2")
    assert result.exit_code == 0, result.output
    assert "  removed_ids: [retention]\n" in site.read(LEDGER)
    entry = entries(site)[-1]
    assert (entry.version, entry.removed_ids) == ("1.2", ("retention",))
    assert cli(site, "check", "--strict").exit_code == 0  # the sealed ledger accepts the new key
    assert "--removed-ids" in cli(site, "release", "--help").output
