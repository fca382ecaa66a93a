"""The checks of a warm build read earlier verdicts from disk (diskcache.WARM): the very same verdicts.

A safety verdict is kept by the section's text, anchor, path and pipeline; a YAML parse (the ledger at every
commit that touched it, the seal's input) by the text's digest. Each test judges with and without the cache on
disk and compares: a kept verdict must equal a fresh one, and an edit must still be caught.
"""

from __future__ import annotations

import datetime

import pytest

from mkdocs_policy.checks import safety
from mkdocs_policy.diskcache import WARM
from mkdocs_policy.sources import seal, yamlfile
from mkdocs_policy.sources.loader import Loader, Sources
from mkdocs_policy.sources.markdown_model import html_tree

LANGS = ("ja", "en")


@pytest.fixture
def warm(tmp_path, monkeypatch):
    """A WARM cache folder for this test, and empty in-process caches (so what is read comes from disk)."""
    folder = tmp_path / "warm"
    monkeypatch.setattr(WARM, "directory", folder)
    monkeypatch.setattr(WARM, "_on_disk", set())
    monkeypatch.setattr(WARM, "_puts", {})
    _forget()
    yield folder
    _forget()


def _forget() -> None:
    yamlfile._PARSED.clear()
    seal._ledger_entries.cache_clear()
    safety.section_safety.cache_clear()


def _files(folder, family: str) -> list:
    return sorted(p for p in (folder / family).rglob("*.json")) if (folder / family).exists() else []


# -- safety ------------------------------------------------------------------------------------------------

HOSTILE = [
    "## T\n\n<script>alert(1)</script>\n",
    "## T\n\n[x](javascript:alert(1))\n",
    "## T\n\n[x]( java\tscript:alert(1))\n",
    '## T\n\nText\n{: onclick="alert(1)" }\n',
    "## T\n\n<b><i>misnested</b></i>\n",
    "## T\n\n<!-- note -->\n\nText\n",
    "## T\n\n![plan](https://example.com/p.png)\n",
    '## T\n\n<span style="color: red; text-align: left">x</span>\n',
    '## T\n\n<a href="https://example.com" href="javascript:alert(1)">x</a>\n',
    "## T\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n",
    "## T\n\nPlain text & more, [a link](https://example.com/?a=1&b=2).\n",
]


def _fresh(markdown: str, anchor: str | None) -> tuple:
    saved = WARM.directory
    WARM.directory = None
    try:
        safety.section_safety.cache_clear()
        return safety.section_safety(markdown, "policy/privacy/en/s.md", anchor)
    finally:
        WARM.directory = saved
        safety.section_safety.cache_clear()


@pytest.mark.parametrize("markdown", HOSTILE)
def test_a_kept_safety_verdict_is_the_fresh_one(warm, markdown):
    fresh = _fresh(markdown, "t")
    first = safety.section_safety(markdown, "policy/privacy/en/s.md", "t")
    assert first == fresh
    assert _files(warm, "safety"), "the verdict was not kept on disk"
    safety.section_safety.cache_clear()
    again = safety.section_safety(markdown, "policy/privacy/en/s.md", "t")
    assert again == fresh
    # Another path or anchor is another input: judged afresh, with its own path in every finding.
    other = safety.section_safety(markdown, "policy/privacy/ja/s.md", "t")
    assert all(f.path == "policy/privacy/ja/s.md" for f in other) and len(other) == len(fresh)


def test_a_kept_verdict_is_read_not_recomputed(warm, monkeypatch):
    markdown = "## T\n\n<script>alert(1)</script>\n"
    first = safety.section_safety(markdown, "p.md", "t")
    assert first and first[0].code == "raw-html"
    safety.section_safety.cache_clear()

    def boom(*args):
        raise AssertionError("judged again although the verdict is on disk")

    monkeypatch.setattr(safety, "_section_safety", boom)
    assert safety.section_safety(markdown, "p.md", "t") == first
    # An edited text is a new key: judged, never served the old verdict.
    with pytest.raises(AssertionError, match="judged again"):
        safety.section_safety(markdown + "\nmore\n", "p.md", "t")


@pytest.mark.parametrize("markdown", HOSTILE)
def test_one_scan_sees_the_elements_the_tree_builder_sees(markdown):
    html = safety.parse(markdown, None, "t").html
    _events, elements = safety._scan(html, starts=True)
    expected = [(n.tag, n.attrs) for n in html_tree(html).walk() if n.tag != "#root"]
    assert [(n.tag, n.attrs) for n in elements] == expected
    assert _events == safety.events(html)


# -- YAML and the seal ---------------------------------------------------------------------------------------

YAML_TEXTS = [
    'a: 2001-12-14t21:59:43.10-05:00\nb: 2001-12-14 21:59:43.10\nc: 2001-12-14T21:59:43Z\nd: 2002-12-14\ne: "2002-12-14"\n',
    "f: .inf\ng: -.inf\nh: -0.0\ni: 0x1F\nj: 123456789012345678901234567890\nk: ~\nl: yes\nm: '1.0'\nn: 1.0\no: [1, {x: 2}]\n",
    '- version: "1.0"\n  summary:\n    ja: "日本語"\n    en: |\n      two\n      lines\n',
    "a: [",
    "",
    "# only a comment\n",
    "- *x\n",
    "a: 1\na: 2\n",
    "a: !!python/object/apply:os.system ['true']\n",
]


def _parsed(text: str):
    try:
        return "ok", repr(yamlfile.parse(text))
    except yamlfile.YamlError as exc:
        return "error", exc.line, str(exc)


@pytest.mark.parametrize("text", YAML_TEXTS)
def test_a_kept_yaml_parse_is_the_fresh_one(warm, text):
    saved = WARM.directory
    WARM.directory = None
    fresh = _parsed(text)
    WARM.directory = saved
    yamlfile._PARSED.clear()
    assert _parsed(text) == fresh  # parsed, then kept
    assert _files(warm, "yaml")
    yamlfile._PARSED.clear()
    assert _parsed(text) == fresh  # read from disk


def test_a_parse_read_from_disk_is_held_in_memory(warm):
    """`mkdocs serve` parses HEAD's ledger at every rebuild: once read from disk it is not decoded again."""
    text = "- version: '1.0'\n  published: 2026-01-01\n"
    node = yamlfile.parse(text)
    yamlfile._PARSED.clear()
    from_disk = yamlfile.parse(text)
    assert from_disk == node and text in yamlfile._PARSED
    for file in _files(warm, "yaml"):
        file.unlink()  # what is held in memory answers now
    assert yamlfile.parse(text) is from_disk


def test_the_text_read_at_every_rebuild_outlives_a_long_history(warm):
    """More ledger texts than the memo holds (one per commit that touched it): the one read again stays."""
    head = "head: 1\n"
    kept = yamlfile.parse(head)
    for i in range(2 * yamlfile._PARSED.size):
        yamlfile.parse(f"commit: {i}\n")
        if i % 16 == 0:
            assert yamlfile.parse(head) is kept
    assert yamlfile.parse(head) is kept


def test_a_lone_surrogate_is_not_kept_and_still_parsed(warm):
    text = 'a: "\\ud800"\n'
    assert yamlfile.parse(text).get("a").value == "\ud800"
    assert not _files(warm, "yaml")
    assert not list(warm.rglob("*.tmp"))


def _seal_findings(repo):
    loader = Loader(Sources(repo.path, "policy", LANGS))
    try:
        return sorted((f.path, f.line, f.code, f.message) for f in loader.load().findings)
    finally:
        loader.close()


def test_an_edited_released_entry_is_caught_from_a_warm_cache(warm, simple_site):
    ledger = "policy/privacy/releases.yml"
    assert _seal_findings(simple_site) == []
    assert _files(warm, "yaml")  # the ledger at each commit, kept
    _forget()
    assert _seal_findings(simple_site) == []  # read from disk: still clean
    simple_site.write(ledger, simple_site.read(ledger).replace("change: material", "change: editorial", 1))
    simple_site.commit("downgrade 1.0")
    _forget()
    warm_findings = _seal_findings(simple_site)
    saved = WARM.directory
    WARM.directory = None
    _forget()
    cold_findings = _seal_findings(simple_site)
    WARM.directory = saved
    assert warm_findings == cold_findings
    assert [code for _p, _l, code, _m in warm_findings] == ["entry-changed"]
    assert "'material'" in warm_findings[0][3] and "'editorial'" in warm_findings[0][3]


def test_kept_values_keep_their_types(warm):
    text = "d: 2026-01-01\nt: 2026-01-01 09:00:00+09:00\ns: '2026-01-01'\nf: 1.0\ni: 1\nb: true\n"
    yamlfile.parse(text)
    yamlfile._PARSED.clear()
    node = yamlfile.parse(text).plain()
    assert type(node["d"]) is datetime.date and node["d"] == datetime.date(2026, 1, 1)
    assert type(node["t"]) is datetime.datetime and node["t"].utcoffset() == datetime.timedelta(hours=9)
    assert [type(node[k]) for k in "sfib"] == [str, float, int, bool]


# -- a real build, twice -------------------------------------------------------------------------------------


def test_a_hostile_section_fails_the_second_build_the_same_way(policy_repo, caplog):
    """The first build keeps the verdict (and the ledger's parse) in .cache/; the second reads them and fails
    with the very same message, leaving no site behind."""
    from mkdocs.exceptions import Abort, PluginError

    repo = policy_repo()
    repo.write(".gitignore", "site/\n.cache/\n")
    hostile = "## T\n\n[x](javascript:alert(1))\n\n<b><i>misnested</b></i>\n"
    repo.write_document("privacy", {"ja": {"s": "## 見出し\n\n本文\n"}, "en": {"s": "## T\n\nText\n"}})
    repo.release("privacy", "1.0")
    repo.write_document("privacy", {"ja": {"s": "## 見出し\n\n本文\n"}, "en": {"s": hostile}})
    repo.commit()
    messages = []
    for _ in range(2):
        _forget()
        caplog.clear()
        with pytest.raises((PluginError, Abort)):
            repo.build()
        messages.append("\n".join(r.getMessage() for r in caplog.records if r.levelname == "ERROR"))
    kept = repo.path / ".cache" / "mkdocs-policy" / "warm"
    assert _files(kept, "safety") and _files(kept, "yaml")
    assert messages[0] == messages[1]
    assert "javascript" in messages[0] and "policy/privacy/en/s.md:3" in messages[0]
    assert not (repo.path / "site").exists()
