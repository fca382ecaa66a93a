"""Hostile input: script never runs from any output of a real build; YAML bombs, huge inputs, paths out of the repository."""

from __future__ import annotations

import json
import os

import pytest
import yaml
from guardkit import cli, snapshot
from mkdocs.exceptions import Abort, PluginError
from outputscan import MARK, executable_in_site  # one scanner of built sites for every hostile test

from mkdocs_policy.checks import run_checks

HOSTILE_EN = f"""## Data "we" collect & 'keep' <{MARK}

Show markup as code: `<script>alert({MARK})</script>` and ``<img src=x onerror=alert({MARK})>``.

A [link with a quoted title](https://example.com/?q="onmouseover="alert({MARK}) "t\\" onmouseover=\\"alert({MARK})\\"") and
<https://example.com/"onmouseover="alert({MARK})> and the words javascript:alert({MARK}) as plain text.

### Managing "data" {{#managing}}

Entities: &lt;script&gt;alert({MARK})&lt;/script&gt; and &#60;b&#62;.

```html
<script>alert({MARK})</script>
```
"""

HOSTILE_JA = f"""## 収集する情報 "引用" & 'x' <{MARK}

マークアップはコードとして示します: `<script>alert({MARK})</script>`。

[リンク](https://example.com/?q='onclick='alert({MARK}))

### 管理 {{#managing}}

&lt;script&gt;alert({MARK})&lt;/script&gt;
"""


def test_hostile_text_is_inert_in_every_output_of_a_real_build(policy_repo):
    repo = policy_repo(site_url="https://example.com/p/", plugin_options={"draft": True})
    repo.write(".gitignore", "site/\n")
    evil_title = {"ja": f'プライバシー"><script>alert({MARK})</script>', "en": f"Privacy \"'><img src=x onerror=alert({MARK})>"}
    sections = {
        "ja": {"intro": "## はじめに\n\n当社は情報を大切にします。\n", "data": "## 収集する情報\n\n当社は氏名を収集します。\n"},
        "en": {"intro": "## Introduction\n\nWe value your information.\n", "data": "## Data we collect\n\nWe collect your name.\n"},
    }
    repo.write_document("privacy", sections, title=evil_title)
    evil_summary = {lang: f"</script><script>alert({MARK})</script> \"q\" 'a' & <b onmouseover=alert({MARK})>" for lang in ("ja", "en")}
    repo.release("privacy", "1.0", published="2026-01-01", change="material", summary=evil_summary)
    sections["ja"]["data"] = HOSTILE_JA
    sections["en"]["data"] = HOSTILE_EN
    repo.write_document("privacy", sections, title=evil_title)
    repo.release("privacy", "1.1", published="2026-01-02", change="minor", summary=evil_summary)
    sections["en"]["data"] = HOSTILE_EN.replace("plain text.", "plain text, changed in the draft.")
    sections["ja"]["data"] = HOSTILE_JA.replace("示します", "示します（下書き）")
    repo.write_document("privacy", sections, title=evil_title)
    found_errors, _ = run_checks(repo.path, "policy", ("ja", "en"))
    assert found_errors == []  # all of this is allowed: it is text, and is escaped where it is output
    site = repo.build()
    outputs = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix in (".html", ".json", ".xml")]
    # Every page, redline, feed and JSON file of the build is scanned; these must be among them.
    for expected in (
        "en/privacy/1.1/index.html",
        "ja/privacy/1.1/index.html",
        "api/privacy/1.1.json",
        "en/privacy/feed.xml",
        "en/privacy/feed.json",
    ):
        assert expected in outputs
    assert MARK in (site / "en/privacy/1.1/index.html").read_text(encoding="utf-8")  # the text is there, as text
    assert executable_in_site(site) == {}


@pytest.mark.parametrize(
    ("markdown", "line", "code"),
    [
        ("## T\n\n<script>alert(1)</script>\n", 3, "raw-html"),
        ("## T\n\n[x](javascript:alert(1))\n", 3, "unsafe-link"),
        ('## T\n\nText\n{: onclick="alert(1)" }\n', 4, "unsafe-attribute"),
    ],
)
def test_unsafe_text_fails_the_build_and_check(policy_repo, markdown, line, code):
    repo = policy_repo()
    repo.write(".gitignore", "site/\n")
    repo.write_document("privacy", {"ja": {"s": "## 見出し\n\n本文\n"}, "en": {"s": markdown}})
    repo.commit()
    result = cli(repo, "check", "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["line"], f["code"]) for f in findings] == [("policy/privacy/en/s.md", line, code)]
    with pytest.raises((PluginError, Abort)):
        repo.build()
    assert not (repo.path / "site").exists()


# -- YAML --------------------------------------------------------------------------------------------------

BOMB = """- version: "1.0"
  commit: &a [x, x, x, x, x, x, x, x, x, x]
  published: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
  effective: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
  change: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
  summary: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
  digest: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
"""


@pytest.mark.parametrize(
    ("path", "text", "words"),
    [
        ("policy/privacy/releases.yml", BOMB, "aliases"),
        ("policy/privacy/document.yml", "title: &t {ja: [*t]}\n", "aliases"),
        ("policy/privacy/releases.yml", "- version: !!python/object/apply:os.system ['touch pwned']\n", "tag"),
        ("policy/privacy/document.yml", "[" * 5000 + "]" * 5000, "nested"),
    ],
    ids=["alias-bomb", "recursive-alias", "python-tag", "deep-nesting"],
)
def test_yaml_is_read_safely(policy_repo, path, text, words):
    repo = policy_repo()
    repo.write_document("privacy", {"ja": {"s": "## 見出し\n\n本文\n"}, "en": {"s": "## T\n\nText.\n"}})
    repo.write(path, text)
    repo.commit()
    result = cli(repo, "check")
    assert result.exit_code == 1
    assert f"{path}:" in result.stdout and words in result.stdout
    assert not (repo.path / "pwned").exists()


# -- huge input ---------------------------------------------------------------------------------------------


def test_a_5_mb_section_is_checked_and_built(policy_repo):
    repo = policy_repo(search=False)
    repo.write(".gitignore", "site/\n")
    paragraph = "We collect and use your personal data only for the purposes written here, and keep it safe. "
    huge_en = "## Everything\n\n" + "\n\n".join(paragraph * 10 for _ in range(5_600)) + "\n"
    huge_ja = (
        "## すべて\n\n"
        + "\n\n".join("当社は、ここに記載した目的のためにのみ個人データを利用し、安全に管理します。" * 8 for _ in range(5_600))
        + "\n"
    )
    assert len(huge_en.encode()) > 5_000_000
    repo.write_document("privacy", {"ja": {"all": huge_ja}, "en": {"all": huge_en}})
    repo.release("privacy", "1.0", published="2026-01-01")
    assert cli(repo, "check", "--strict").exit_code == 0
    site = repo.build(strict=False)
    page = (site / "en/privacy/1.0/index.html").read_text(encoding="utf-8")
    assert page.count("keep it safe") >= 5_600 * 10


# -- paths out of the repository -------------------------------------------------------------------------------


def _with_policy_dir(repo, value: str) -> None:
    config = yaml.safe_load(repo.read("mkdocs.yml"))
    next(p for p in config["plugins"] if "policy" in p)["policy"]["policy_dir"] = value
    repo.write("mkdocs.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))


def test_policy_dir_with_dotdot_cannot_leave_the_repository(policy_repo, tmp_path):
    outside = tmp_path / "outside" / "privacy"
    outside.mkdir(parents=True)
    (outside / "document.yml").write_text("title: {ja: 外, en: Out}\nauthoritative: ja\nsections: [s]\n")
    repo = policy_repo()
    repo.write_document("privacy", {"ja": {"s": "## 見出し\n\n本文\n"}, "en": {"s": "## T\n\nText.\n"}})
    _with_policy_dir(repo, "../outside")
    repo.commit()
    before = snapshot(repo.path)
    result = cli(repo, "check")
    assert result.exit_code == 1 and "outside the git repository" in result.stdout
    with pytest.raises((PluginError, Abort)):
        repo.build()
    assert snapshot(repo.path) == before


def test_symlinks_out_of_the_repository_are_never_followed(policy_repo, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("## Secret\n\nSECRET-CONTENT-4242\n")
    (tmp_path / "elsewhere").mkdir()
    repo = policy_repo()
    repo.write(".gitignore", "site/\n")
    repo.write_document("privacy", {"ja": {"s": "## 見出し\n\n本文\n"}, "en": {"s": "## T\n\nText.\n"}})
    (repo.path / "policy/privacy/en/s.md").unlink()
    os.symlink(secret, repo.path / "policy/privacy/en/s.md")
    repo.commit()
    result = cli(repo, "check")
    assert result.exit_code == 1
    assert "policy/privacy/document.yml:6: error: section 's' is listed but policy/privacy/en/s.md is missing" in result.stdout
    assert "SECRET-CONTENT" not in result.output
    # The policy folder itself as a link out of the repository.
    os.rename(repo.path / "policy", tmp_path / "elsewhere" / "policy")
    os.symlink(tmp_path / "elsewhere" / "policy", repo.path / "policy")
    result = cli(repo, "check")
    assert result.exit_code == 1 and "outside the git repository" in result.stdout


def test_a_committed_symlink_is_read_as_its_target_text_not_followed(policy_repo, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("## Secret\n\nSECRET-CONTENT-4242\n")
    repo = policy_repo()
    repo.write_document("privacy", {"ja": {"s": "## 見出し\n\n本文\n"}, "en": {"s": "## T\n\nText.\n"}})
    (repo.path / "policy/privacy/en/s.md").unlink()
    os.symlink(secret, repo.path / "policy/privacy/en/s.md")
    sha = repo.commit("a link in history")
    ledger = f'- version: "1.0"\n  commit: {sha}\n  published: 2026-01-01\n  effective: 2026-01-01\n  change: minor\n'
    ledger += "  summary: {ja: あ, en: A}\n  digest: sha256:" + "0" * 64 + "\n"
    repo.write("policy/privacy/releases.yml", ledger)
    repo.commit("the ledger (published means committed)")
    result = cli(repo, "check")
    assert result.exit_code == 1
    # A symlink in a commit is not a file of the text: the section counts as missing.
    assert "(release 1.0) section 's' is listed but policy/privacy/en/s.md is missing" in result.stdout
    assert "SECRET-CONTENT" not in result.output
