"""Editorial findings: mixed script both ways (on release 1.0 as published and on this repository's texts), translation parity."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from guardkit import cli, two_language_site

from mkdocs_policy import digest
from mkdocs_policy.checks import editorial_findings, run_checks
from mkdocs_policy.checks.editorial import UNTRANSLATED_RUN_WORDS, japanese_leftovers, mixed_script, untranslated_runs
from mkdocs_policy.checks.prose import mask_line
from mkdocs_policy.model import Section
from mkdocs_policy.sources.loader import Loader, Sources

ROOT = Path(__file__).resolve().parents[1]
COMPANY = "ジェンコンサルティング株式会社"
RELEASE_1_0 = "3b42aa0fffb68b9af14a200c97664f75cafb7a5f"
JAPANESE = re.compile("[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]+")


def section(markdown: str, path: str = "policy/p/en/s.md") -> Section:
    normal = digest.normalize_markdown(markdown)
    return Section("s", "t", normal, digest.section_digest(normal), path)


def git_show(sha: str, path: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), "show", f"{sha}:{path}"], capture_output=True, text=True, check=True).stdout


# -- release 1.0 as published (its text in git at the ledger's commit) -------------------------------


def release_1_0_english() -> str:
    """The English text of release 1.0, section by section in document order, as git holds it at its commit."""
    meta = git_show(RELEASE_1_0, "policy/privacy/document.yml")
    sections = re.search(r"sections: \[(.*)\]", meta).group(1).split(", ")
    return "".join(git_show(RELEASE_1_0, f"policy/privacy/en/{sid}.md") for sid in sections)


def test_release_1_0_leftovers_are_what_the_test_expects():
    """1.0's English, apart from the company name, holds exactly the six machine-translation leftovers."""
    text = release_1_0_english().replace(COMPANY, "")
    assert JAPANESE.findall(text) == ["情報", "しかしそれに限定されません", "含む", "例えば", "と", "例えば"]


@pytest.fixture
def release_1_0_draft(policy_repo):
    """A site whose draft is this repository's release 1.0 text, as committed at its ledger commit, never released."""
    repo = policy_repo()
    repo.write(".gitignore", "site/\n")
    meta = git_show(RELEASE_1_0, "policy/privacy/document.yml")
    repo.write("policy/privacy/document.yml", meta + "reviewed: 2026-11-25\n")  # reviewed: only the leftovers remain to report
    sections = re.search(r"sections: \[(.*)\]", meta).group(1).split(", ")
    for lang in ("ja", "en"):
        for sid in sections:
            repo.write(f"policy/privacy/{lang}/{sid}.md", git_show(RELEASE_1_0, f"policy/privacy/{lang}/{sid}.md"))
    repo.commit("the 1.0 text as a draft")
    return repo, sections


def test_release_1_0_as_draft_lists_every_leftover_with_its_line(release_1_0_draft):
    repo, sections = release_1_0_draft
    expected = []
    for sid in sections:
        lines = repo.read(f"policy/privacy/en/{sid}.md").split("\n")
        for number, line in enumerate(lines, 1):
            for run in JAPANESE.findall(line.replace(COMPANY, "")):
                expected.append((f"policy/privacy/en/{sid}.md", number, run))
    assert len(expected) == 6
    result = cli(repo, "check", "--strict")
    assert result.exit_code == 1
    reported = [line for line in result.stdout.splitlines() if line]
    assert len(reported) == len(expected)  # nothing else: no finding on the Japanese text, none on the company name
    for path, number, run in expected:
        assert any(line.startswith(f"{path}:{number}: editorial: ") and f"“{run}”" in line for line in reported), (path, number, run)
    assert "allow_terms" in reported[0] and "translate it" in reported[0]
    assert cli(repo, "check").exit_code == 0  # editorial findings fail only with --strict


def test_this_repository_passes_check_strict():
    found_errors, found_editorial = run_checks(ROOT, "policy", ("ja", "en"))
    assert found_errors == [] and found_editorial == []
    result = cli(ROOT, "check", "--strict")
    assert result.exit_code == 0, result.output


def test_no_japanese_text_of_this_repository_is_flagged_as_untranslated():
    """Rule (b) on every Japanese section of every release (judged as if new): names, Cookie, IP, GDPR, PRIVACY, e-mail pass."""
    loader = Loader(Sources(ROOT, "policy", ("ja", "en")))
    try:
        site = loader.load(include_draft=True)
    finally:
        loader.close()
    document = site.document("privacy")
    texts = [r.text for r in document.releases] + [document.draft]
    judged = 0
    for text in texts:
        for sec in text.languages["ja"].sections:
            assert mixed_script(sec, "ja", text.meta.allow_terms, "document.yml") == [], sec.path
            judged += 1
    assert judged >= 15
    assert any("Google、Twitter、Facebook、Instagram" in s.markdown for s in document.draft.languages["ja"].sections)


# -- rule (a): Japanese in a non-Japanese text ---------------------------------------------------------


def test_japanese_in_english_one_finding_per_occurrence_with_line_and_column():
    found = japanese_leftovers(section("## Title\n\nWe collect 情報, 含む, 例えば names.\n\nFine（here）.\n"), "en", (), "d.yml")
    assert [(f.line, f.code, f.kind) for f in found] == [(3, "mixed-script", "editorial")] * 3 + [(5, "mixed-script", "editorial")] * 2
    assert "column 12" in found[0].message


def test_allowed_terms_code_and_link_targets_are_not_judged():
    text = (
        f"## T\n\n{COMPANY} (gen-cons.com) and `コード` and [link](https://例え.jp/パス) and <https://例.jp>.\n\n"
        "```\n情報\n```\n\n[ja]: https://example.com/日本\n"
    )
    assert japanese_leftovers(section(text), "en", (COMPANY,), "d.yml") == []
    # The link text is prose, and a term not allowed is judged.
    found = japanese_leftovers(section(f"## T\n\n[情報](#x) {COMPANY}\n"), "en", (), "d.yml")
    assert [f.message.split("”")[0] for f in found] == ["Japanese text “情報", f"Japanese text “{COMPANY}"]


def test_chinese_text_is_judged_on_kana_only():
    found = mixed_script(section("## 标题\n\n我们收集信息。ですます\n", "policy/p/zh/s.md"), "zh", (), "d.yml")
    assert [f.message.split("”")[0] for f in found] == ["Japanese text “ですます"]


# -- rule (b): an untranslated sentence in a Japanese text --------------------------------------------------


@pytest.mark.parametrize(
    ("line", "flagged"),
    [
        ("当社は including but not limited to 情報を収集します。", ["including but not limited to"]),
        ("当社は Google Play Store を使います。", []),  # three words: a name
        ("当社は Google Play Store app を使います。", ["Google Play Store app"]),  # four: the threshold
        ("Google、Twitter、Facebook、Instagramなどのマーケティングプラットフォーム", []),
        ("Google, Twitter, Facebook, Instagram などの", []),  # names separated by commas
        ("件名に「PRIVACY」と記載のうえ、info@gen-cons.com 宛ての電子メール", []),
        ("ログインIDの付与、Cookie、IPアドレス、一般データ保護規則（GDPR）", []),
        ("詳しくは [the page we link to here](https://example.com/a b c d) をご覧ください。", ["the page we link to here"]),
        ("詳しくは [ページ](https://example.com/we-collect-and-use-your-data) と https://example.com/a-b-c-d を参照。", []),
        ("設定は `set the value to true` のように書きます。", []),
        ("We collect and use your Personal Data.", ["We collect and use your Personal Data"]),
        ("当社は2026 年 1 月 1 日から施行します。", []),  # numbers are not words
        ("opt-out, e.g. don't 以下", []),
    ],
)
def test_untranslated_runs_threshold_and_masking(line, flagged):
    found = untranslated_runs(section(f"## 見出し\n\n{line}\n", "policy/p/ja/s.md"), "ja", (), "d.yml")
    assert [re.search(r"“(.*?)”", f.message).group(1) for f in found] == flagged
    assert all(f.line == 3 and f.code == "untranslated" for f in found)


def test_untranslated_title_and_allowed_latin_term():
    found = untranslated_runs(section("## Use Of Personal Data\n\n本文\n", "policy/p/ja/s.md"), "ja", (), "d.yml")
    assert [f.line for f in found] == [1]
    term = "General Data Protection Regulation"
    assert untranslated_runs(section(f"## 権利\n\n一般データ保護規則（{term}）\n", "policy/p/ja/s.md"), "ja", (term,), "d.yml") == []
    assert UNTRANSLATED_RUN_WORDS == 4


def test_fenced_code_is_not_judged():
    text = "## 見出し\n\n```yaml\nthis is a long english line in code\n```\n\n~~~\nand this one too is in code\n~~~\n"
    assert untranslated_runs(section(text, "policy/p/ja/s.md"), "ja", (), "d.yml") == []


def test_huge_section_is_judged_without_hanging():
    """5 MB of text, including one 1 MB line of letters and one of backticks: the scanners are linear."""
    body = ("We collect 情報 here.\n" * 150_000) + ("a" * 1_000_000) + "\n" + ("`x" * 300_000) + "\n"
    assert len(body.encode()) > 5_000_000
    found = japanese_leftovers(section("## T\n\n" + body), "en", (), "d.yml")
    assert len(found) == 150_000
    assert mask_line("@" * 100_000 + "a" * 100_000).count("\x00") == 0


# -- only new writing is judged -----------------------------------------------------------------------------


def test_published_text_is_not_rejudged(policy_repo):
    repo = two_language_site(policy_repo(), release=False)
    repo.write("policy/privacy/en/data.md", "## Data we collect\n\nWe collect your name, 例えば.\n")
    repo.release("privacy", "1.0")  # released (as published elsewhere) with its leftover
    assert cli(repo, "check", "--strict").exit_code == 0
    repo.write("policy/privacy/en/intro.md", "## Introduction\n\nWe value your information greatly.\n")
    repo.write("policy/privacy/ja/intro.md", "## はじめに\n\n当社は情報をとても大切にします。\n")
    assert cli(repo, "check", "--strict").exit_code == 0  # data.md is unchanged: not judged again
    repo.write("policy/privacy/en/data.md", "## Data we collect\n\nWe collect your full name, 例えば.\n")
    repo.write("policy/privacy/ja/data.md", "## 収集する情報\n\n当社は氏名の全部を収集します。\n")
    result = cli(repo, "check", "--strict")
    assert result.exit_code == 1 and "policy/privacy/en/data.md:3: editorial: Japanese text “例えば”" in result.stdout


# -- translation parity ---------------------------------------------------------------------------------------


def _editorial(repo, acknowledged=None):
    loader = Loader(Sources(repo.path, "policy", ("ja", "en")))
    try:
        return editorial_findings(loader.load(include_draft=True), acknowledged)
    finally:
        loader.close()


def test_section_changed_in_one_language_only(policy_repo):
    repo = two_language_site(policy_repo())
    repo.write("policy/privacy/en/data.md", "## Data we collect\n\nWe collect your name and e-mail address.\n")
    found = _editorial(repo)
    assert [(f.path, f.line, f.code) for f in found] == [("policy/privacy/ja/data.md", 1, "translation-parity")]
    assert "changed in en since release 1.0 but not in ja" in found[0].message
    assert "--unchanged-translations ja=data" in found[0].message
    assert _editorial(repo, {"privacy": {"ja": ["data"]}}) == []
    # A title change counts as a change; trailing spaces do not (the digest normalises them).
    repo.write("policy/privacy/ja/data.md", "## 収集する個人情報\n\n当社は氏名を収集します。  \n")
    assert _editorial(repo) == []
    repo.write("policy/privacy/ja/data.md", "## 収集する情報\n\n当社は氏名を収集します。   \n")
    assert [f.code for f in _editorial(repo)] == ["translation-parity"]


def test_sections_added_in_every_language_are_no_parity_finding(policy_repo):
    repo = two_language_site(policy_repo())
    repo.write("policy/privacy/en/cookies.md", "## Cookies\n\nWe use cookies.\n")
    repo.write("policy/privacy/ja/cookies.md", "## クッキー\n\n当社はクッキーを使用します。\n")
    meta = repo.read("policy/privacy/document.yml").replace("- data\n", "- data\n- cookies\n")
    repo.write("policy/privacy/document.yml", meta + "reviewed: 2026-11-25\n")  # reviewed: only the leftovers remain to report
    assert _editorial(repo) == []
