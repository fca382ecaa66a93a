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
    uncommitted = Loader(Sources(simple_site.path, "policy", LANGS)).load()
    assert [(f.code, f.line) for f in uncommitted.findings] == [("ledger-uncommitted", 9)]  # published means committed
    simple_site.commit("edit a released digest")
    site = Loader(Sources(simple_site.path, "policy", LANGS)).load()
    assert sorted((f.code, f.line) for f in site.findings) == [("digest-mismatch", 1), ("entry-changed", 1)]
    assert all("release 1.0" in f.message for f in site.findings)


def test_loader_reports_missing_sections_and_unknown_commits(policy_repo):
    repo = policy_repo()
    repo.write_document("privacy", {"ja": sections_md({"a": "あ", "b": "い"}), "en": sections_md({"a": "A", "b": "B"})})
    (repo.path / "policy/privacy/en/b.md").unlink()
    repo.write("policy/privacy/releases.yml", GOOD.format(sha="c" * 40, hex="d" * 64))
    repo.commit("a ledger naming a commit that is not here")
    site = Loader(Sources(repo.path, "policy", LANGS)).load()
    codes = sorted(f.code for f in site.findings)
    assert codes == ["missing-section", "unknown-commit"]
    assert "git fetch" in next(f.message for f in site.findings if f.code == "unknown-commit")


# -- the sealed ledger (sources/seal.py) --------------------------------------------------------------------------


def _seal_findings(repo):
    loader = Loader(Sources(repo.path, "policy", LANGS))
    try:
        return [f for f in loader.load().findings if f.code.startswith(("entry-", "tag-", "ledger-", "interrupted"))]
    finally:
        loader.close()


def _recording_commit(repo, version):
    return repo.repo.git.log("--format=%H", "--reverse", "-S", f'version: "{version}"', "--", "policy/privacy/releases.yml").split()[0]


def test_a_committed_edit_names_document_version_key_and_recording_commit(simple_site):
    ledger = "policy/privacy/releases.yml"
    simple_site.write(ledger, simple_site.read(ledger).replace("change: material", "change: editorial", 1))
    simple_site.commit("downgrade 1.0")
    (finding,) = _seal_findings(simple_site)
    assert finding.code == "entry-changed" and finding.path == ledger and finding.line == 1
    recording = _recording_commit(simple_site, "1.0")
    for words in ("privacy release 1.0", "key `change`", "'material'", "'editorial'", recording[:12], "new release"):
        assert words in finding.message


def test_an_entry_appended_to_a_line_of_the_last_entry_is_read_whole(simple_site):
    """The append shortcut reads only new list items: a key added to the last entry is still seen."""
    ledger = "policy/privacy/releases.yml"
    simple_site.write(ledger, simple_site.read(ledger) + "  approved_by: legal\n")
    simple_site.commit("a key added to 1.1")
    codes = [(f.code, "approved_by" in f.message) for f in _seal_findings(simple_site)]
    assert ("entry-changed", True) in codes


def test_a_deleted_ledger_restored_is_clean_again(simple_site):
    ledger = simple_site.path / "policy/privacy/releases.yml"
    kept = ledger.read_bytes()
    ledger.unlink()
    simple_site.commit("oops")
    assert {f.code for f in _seal_findings(simple_site)} == {"entry-removed"}
    ledger.write_bytes(kept)
    simple_site.commit("restored")
    assert _seal_findings(simple_site) == []


def test_the_seal_reads_the_history_with_one_git_log(simple_site, monkeypatch):
    """One git call per document for the whole history (blobs come through the persistent cat-file reader)."""
    from mkdocs_policy.sources.git import History

    calls = []
    original = History.commits_touching

    def counted(self, path):
        calls.append(path)
        return original(self, path)

    monkeypatch.setattr(History, "commits_touching", counted)
    for n in range(2, 8):
        simple_site.release("privacy", f"1.{n}", published="2026-02-01")
    assert _seal_findings(simple_site) == []
    assert calls == ["policy/privacy/releases.yml"]


def test_tags_must_be_annotated_on_the_recording_commit(simple_site):
    recording = _recording_commit(simple_site, "1.1")
    simple_site.repo.git.tag("-a", "privacy/1.1", "-m", "Release privacy 1.1", recording)
    assert _seal_findings(simple_site) == []
    simple_site.repo.git.tag("-d", "privacy/1.1")
    simple_site.repo.git.tag("privacy/1.1", recording)
    assert [f.code for f in _seal_findings(simple_site)] == ["tag-not-annotated"]
    simple_site.repo.git.tag("-f", "-a", "privacy/1.1", "-m", "moved", "HEAD~1")
    assert [f.code for f in _seal_findings(simple_site)] == ["tag-moved"]
