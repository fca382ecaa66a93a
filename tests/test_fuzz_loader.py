"""Hypothesis: random ledgers, section files, document.yml and configuration → only clean findings, never a traceback."""

from __future__ import annotations

import datetime
import shutil

import pytest
import yaml
from guardkit import two_language_site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_policy.checks import check_site, editorial_findings
from mkdocs_policy.findings import Finding
from mkdocs_policy.importing import ImportRefused, build, split
from mkdocs_policy.sources.loader import Loader, Sources

from policyrepo import PolicyRepo

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A repository with one good release; each example rewrites its working tree."""
    repo = two_language_site(PolicyRepo(tmp_path_factory.mktemp("fuzz") / "site"))
    sha = repo.repo.head.commit.parents[0].hexsha
    return repo, sha


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.dates(min_value=datetime.date(1, 1, 1)),
    st.text(max_size=30),
    st.sampled_from(["1.0", "changes", "draft", "material", "minor", "sha256:" + "a" * 64, "ja", "en", "intro", "data", "#x"]),
)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12
)
KEYS = st.sampled_from(["version", "commit", "published", "effective", "change", "summary", "digest", "unchanged_translations", "extra"])


@st.composite
def ledgers(draw, sha: str):
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(st.text(max_size=300))  # anything at all
    if kind == 1:
        return yaml.safe_dump(draw(VALUES), allow_unicode=True)
    entries = []
    for _ in range(draw(st.integers(0, 3))):
        entry = {
            "version": draw(st.sampled_from(["1.0", "1.1", "2.0", "draft", "../x", "1.0"])),
            "commit": draw(st.sampled_from([sha, sha[:12], "0" * 40, "zz"])),
            "published": draw(st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2027, 1, 1))),
            "effective": draw(st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2027, 1, 1))),
            "change": draw(st.sampled_from(["material", "minor", "editorial", "major"])),
            "summary": draw(st.sampled_from([{"ja": "あ", "en": "A"}, {"en": "A"}, "text", None])),
            "digest": draw(st.sampled_from(["sha256:" + "0" * 64, "sha256:xyz", None])),
        }
        for key in draw(st.lists(KEYS, max_size=2)):
            entry[key] = draw(VALUES)
        entries.append(entry)
    text = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False)
    if kind == 3:  # versions quoted as `release` writes them, or not
        text = text.replace("version: ", "version: " + draw(st.sampled_from(["", "'", '"'])))
    return text


MARKDOWN_PIECES = st.sampled_from(
    [
        "## Title",
        "# Top",
        "### Sub {#sub}",
        "### Sub",
        "#### Deep {#deep}",
        "### Dup {#intro}",
        "[link](#sub)",
        "[bad](#nowhere)",
        "[doc](privacy/#data)",
        "[other](terms/)",
        "<b>html</b>",
        "`<code>`",
        "```",
        "~~~",
        "[x](javascript:alert(1))",
        "{: onclick=x }",
        "当社は情報を収集します。",
        "We collect 情報 here.",
        "including but not limited to the following",
        "\ufeff",
        "\r",
        "text with trailing spaces   ",
        "",
    ]
)
SECTION = st.one_of(
    st.lists(st.one_of(MARKDOWN_PIECES, st.text(max_size=40)), max_size=12).map("\n".join),
    st.binary(max_size=200),
)


@st.composite
def documents(draw):
    ids = draw(st.lists(st.sampled_from(["intro", "data", "cookies", "Bad_Id", "../x", ""]), max_size=4))
    meta = {
        "title": draw(st.one_of(st.just({"ja": "題", "en": "Title"}), VALUES)),
        "authoritative": draw(st.sampled_from(["ja", "en", "fr", None])),
        "sections": draw(st.one_of(st.just(ids), VALUES)),
    }
    if draw(st.booleans()):
        meta["allow_terms"] = draw(st.one_of(st.lists(st.text(max_size=10), max_size=3), VALUES))
    text = draw(st.one_of(st.just(yaml.safe_dump(meta, allow_unicode=True)), st.text(max_size=200)))
    files = {}
    for lang in ("ja", "en", "fr"):
        for sid in draw(st.lists(st.sampled_from(["intro", "data", "cookies", "extra"]), max_size=4, unique=True)):
            files[f"{lang}/{sid}.md"] = draw(SECTION)
    return text, files


def _reset(repo: PolicyRepo) -> None:
    folder = repo.path / "policy"
    if folder.exists():
        shutil.rmtree(folder)
    repo.repo.git.checkout("--", "policy")


def _assert_clean(findings) -> None:
    for finding in findings:
        assert isinstance(finding, Finding)
        assert isinstance(finding.path, str) and finding.path
        assert isinstance(finding.line, int) and finding.line >= 1
        assert finding.message.strip() and "\n" not in finding.message and "Traceback" not in finding.message
        assert finding.kind in ("error", "editorial")


def _load_and_check(repo: PolicyRepo, policy_dir: str = "policy", languages: tuple[str, ...] = ("ja", "en")) -> None:
    loader = Loader(Sources(repo.path, policy_dir, languages))
    try:
        site = loader.load(include_draft=True)
        _assert_clean(check_site(site))
        _assert_clean(editorial_findings(site))
    finally:
        loader.close()


@FUZZ
@given(data=st.data())
def test_random_ledgers_give_findings_not_tracebacks(base, data):
    repo, sha = base
    _reset(repo)
    repo.write("policy/privacy/releases.yml", data.draw(ledgers(sha)))
    _load_and_check(repo)


@FUZZ
@given(document=documents())
def test_random_documents_and_sections_give_findings_not_tracebacks(base, document):
    repo, _ = base
    _reset(repo)
    meta, files = document
    repo.write("policy/privacy/document.yml", meta)
    for path in ("ja", "en"):
        for old in (repo.path / "policy/privacy" / path).glob("*.md"):
            old.unlink()
    for path, content in files.items():
        repo.write(f"policy/privacy/{path}", content)
    _load_and_check(repo)


@FUZZ
@given(
    policy_dir=st.sampled_from(
        ["policy", "policy/", "./policy", "policy/../policy", "../x", "/", "/tmp", "", "nowhere", "policy/privacy", "docs"]
    ),
    languages=st.lists(st.sampled_from(["ja", "en", "fr", "zh", "../..", "ja-JP", ".", "en"]), min_size=1, max_size=3).map(tuple),
)
def test_random_configuration_gives_findings_not_tracebacks(base, policy_dir, languages):
    repo, _ = base
    _reset(repo)
    _load_and_check(repo, policy_dir, languages)


@settings(max_examples=150, deadline=None)
@given(en=st.text(max_size=300), ja=st.text(max_size=300), level=st.integers(1, 5))
def test_random_text_imports_or_is_refused_cleanly(en, ja, level):
    texts = [split(ja, level, "ja", "ja.md"), split(en, level, "en", "en.md")]
    if not all(t.parts for t in texts):
        return
    try:
        ids, files, _ = build(texts, level)
    except ImportRefused as refused:
        assert refused.problems and all(isinstance(p, str) for p in refused.problems)
        return
    assert set(files) == {"ja", "en"} and all(set(files[lang]) == set(ids) for lang in files)
