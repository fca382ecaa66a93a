"""Readers: YAML with line numbers, the ledger, section files, git at a commit."""

from __future__ import annotations

import pytest

from mkdocs_policy.sources import yamlfile
from mkdocs_policy.sources.document import parse_section
from mkdocs_policy.sources.ledger import parse_ledger
from mkdocs_policy.sources.loader import Loader, Sources
from mkdocs_policy.sources.markdown_model import parse

from policyrepo import sections_md

LANGS = ("ja", "en")
GOOD = """- version: "1.0"
  commit: {sha}
  published: 2026-01-01
  effective: 2026-01-02
  change: material
  summary: {{ja: あ, en: A}}
  digest: sha256:{hex}
"""


def test_yaml_keeps_lines_and_quoting():
    node = yamlfile.parse('a: "1.0"\nb: 1.0\n')
    assert node.get("a").quoted and node.get("a").line == 1
    assert not node.get("b").quoted and node.get("b").value == 1.0


def test_yaml_refuses_python_tags_and_duplicate_keys():
    with pytest.raises(yamlfile.YamlError):
        yamlfile.parse("a: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(yamlfile.YamlError) as info:
        yamlfile.parse("a: 1\na: 2\n")
    assert info.value.line == 2


def test_ledger_entry_is_read():
    entries, findings = parse_ledger(GOOD.format(sha="a" * 40, hex="b" * 64), "releases.yml", LANGS)
    assert findings == []
    assert entries[0].version == "1.0" and entries[0].effective.day == 2 and entries[0].summary["en"] == "A"


@pytest.mark.parametrize(
    ("edit", "code", "line"),
    [
        (lambda t: t.replace('"1.0"', "1.0"), "version-unquoted", 1),
        (lambda t: t.replace('"1.0"', '"changes"'), "version-reserved", 1),
        (lambda t: t.replace('"1.0"', '"../x"'), "version-unsafe", 1),
        (lambda t: t.replace("effective: 2026-01-02", "effective: 2025-12-31"), "effective-before-published", 4),
        (lambda t: t.replace("material", "major"), "change-class", 5),
        (lambda t: t.replace("a" * 40, "abc"), "commit-format", 2),
        (lambda t: t + t, "duplicate-version", 8),
        (lambda t: t.replace(", en: A", ""), "summary", 6),
    ],
)
def test_ledger_rules(edit, code, line):
    text = edit(GOOD.format(sha="a" * 40, hex="b" * 64))
    _, findings = parse_ledger(text, "releases.yml", LANGS)
    assert any(f.code == code and f.line == line for f in findings), findings


def test_section_title_and_subheading_ids():
    section, findings = parse_section("cookies", "\ufeff## Cookies\r\n\r\n### Managing {#managing}\r\n### Other\r\n", "en/cookies.md")
    assert section.title == "Cookies" and section.markdown.startswith("## Cookies\n")
    assert [f.code for f in findings] == ["heading-without-id"] and findings[0].line == 4
    _, findings = parse_section("x", "Just text\n", "en/x.md")
    assert findings[0].code == "missing-title"


def test_scan_skips_code_fences():
    info = parse("## T\n\n```\n### not a heading\n[x](#nope)\n```\n[y](#yes)\n")
    assert info.headings == () and [link.href for link in info.links] == ["#yes"]


def test_loader_reads_releases_at_their_commits(simple_site):
    loader = Loader(Sources(simple_site.path, "policy", LANGS))
    site = loader.load()
    assert site.findings == []
    document = site.document("privacy")
    assert [r.version for r in document.releases] == ["1.0", "1.1"]
    assert document.releases[0].text.language("en").section_ids == ("intro", "data")
    assert document.releases[1].text.language("ja").section_ids == ("intro", "data", "cookies")
    assert [r.consent_version for r in document.releases] == [1, 1]
    # the same commit is read once: a second load reuses the cached text
    again = loader.load().document("privacy")
    assert again.releases[0].text is document.releases[0].text
    loader.close()


def test_loader_reports_an_altered_release(simple_site):
    ledger = simple_site.path / "policy/privacy/releases.yml"
    text = ledger.read_text()
    first_digest = text.split("digest: ")[1].split("\n")[0]
    ledger.write_text(text.replace(first_digest, "sha256:" + "0" * 64, 1))
    site = Loader(Sources(simple_site.path, "policy", LANGS)).load()
    assert [(f.code, f.line) for f in site.findings] == [("digest-mismatch", 1)]
    assert "release 1.0" in site.findings[0].message


def test_loader_reports_missing_sections_and_unknown_commits(policy_repo):
    repo = policy_repo()
    repo.write_document("privacy", {"ja": sections_md({"a": "あ", "b": "い"}), "en": sections_md({"a": "A", "b": "B"})})
    (repo.path / "policy/privacy/en/b.md").unlink()
    repo.write("policy/privacy/releases.yml", GOOD.format(sha="c" * 40, hex="d" * 64))
    site = Loader(Sources(repo.path, "policy", LANGS)).load()
    codes = sorted(f.code for f in site.findings)
    assert codes == ["missing-section", "unknown-commit"]
    assert "git fetch" in next(f.message for f in site.findings if f.code == "unknown-commit")
