"""`mkdocs-policy import`: one file per language → section files; with --release, a history version by version."""

from __future__ import annotations

import json
import re

import pytest
from guardkit import cli, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_policy.importing import ImportRefused, build, slugify, split


def only_review_missing(result) -> bool:
    """`check --strict` after an import: no finding but the review date, which people record (SPEC §13)."""
    return [f["code"] for f in json.loads(result.stdout)["findings"]] == ["review-missing"]


EN = """\ufeff# Privacy Policy\r
\r
GEN Consulting respects your privacy.\r
\r
## Collection Of Information\r
\r
We collect your name.\r
\r
    ## not a heading, just code (an indented code block: the site's Markdown has no fenced_code)\r
\r
## Use Of Personal Data\r
\r
We use it to serve you.\r
\r
### Managing Cookies\r
\r
Turn them off in your browser.\r
\r
#### Per Browser\r
\r
Each browser differs.\r
"""

JA = """# プライバシーポリシー

当社はお客様のプライバシーを尊重します。

## 情報の収集

当社はお客様の氏名を収集します。

    ## 見出しではなくコード

## 個人データの利用

当社はお客様へのサービス提供のために利用します。

### Cookieの管理

ブラウザで無効にできます。

#### ブラウザごと

ブラウザによって異なります。
"""


def write_inputs(tmp_path, en: str = EN, ja: str = JA, name: str = "in"):
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    (folder / "en.md").write_bytes(en.encode("utf-8"))
    (folder / "ja.md").write_bytes(ja.encode("utf-8"))
    return f"en={folder / 'en.md'}", f"ja={folder / 'ja.md'}"


@pytest.fixture
def repo(policy_repo):
    repo = policy_repo()
    repo.write(".gitignore", "site/\n")
    repo.commit("empty site")
    return repo


def test_import_splits_pairs_and_keeps_every_word(repo, tmp_path):
    result = cli(repo, "import", "privacy", *write_inputs(tmp_path))
    assert result.exit_code == 0, result.output
    base = repo.path / "policy/privacy"
    assert sorted(p.name for p in (base / "en").iterdir()) == ["collection-of-information.md", "introduction.md", "use-of-personal-data.md"]
    # The text before the first heading is an untitled opening: no invented "Introduction" (SPEC §11).
    assert repo.read("policy/privacy/en/introduction.md") == "GEN Consulting respects your privacy.\n"
    assert repo.read("policy/privacy/ja/introduction.md") == "当社はお客様のプライバシーを尊重します。\n"
    use_en = repo.read("policy/privacy/en/use-of-personal-data.md")
    use_ja = repo.read("policy/privacy/ja/use-of-personal-data.md")
    assert "### Managing Cookies {#managing-cookies}" in use_en and "#### Per Browser {#per-browser}" in use_en
    assert "### Cookieの管理 {#managing-cookies}" in use_ja and "#### ブラウザごと {#per-browser}" in use_ja
    assert "## not a heading, just code" in repo.read("policy/privacy/en/collection-of-information.md")
    meta = repo.read("policy/privacy/document.yml")
    assert 'title: {ja: "プライバシーポリシー", en: "Privacy Policy"}' in meta
    assert "sections: [introduction, collection-of-information, use-of-personal-data]" in meta
    assert "\r" not in use_en and "\ufeff" not in repo.read("policy/privacy/en/introduction.md")
    for lang, source in (("en", EN), ("ja", JA)):
        written = " ".join(
            repo.read(f"policy/privacy/{lang}/{f}.md") for f in ("introduction", "collection-of-information", "use-of-personal-data")
        )
        kept = set(re.sub(r"\{#[^}]*\}|#+", " ", written).split()) | set(re.findall(r'[^\s",{}:\[\]]+', meta))
        assert set(source.replace("\ufeff", "").replace("#", " ").split()) <= kept
    repo.commit("imported")
    assert only_review_missing(cli(repo, "check", "--strict", "--format", "json"))


def test_sections_pair_by_their_ids_whatever_the_order(repo, tmp_path):
    en = "## Use {#use}\n\nUse.\n\n## Data {#data}\n\nData.\n"
    ja = "## 収集 {#data}\n\n収集。\n\n## 利用 {#use}\n\n利用。\n"
    result = cli(repo, "import", "privacy", *write_inputs(tmp_path, en, ja))
    assert result.exit_code == 0, result.output
    assert repo.read("policy/privacy/ja/use.md") == "## 利用\n\n利用。\n"
    assert "sections: [data, use]" in repo.read("policy/privacy/document.yml")  # the first language's order (ja)


def test_mismatched_structures_are_refused_side_by_side(repo, tmp_path):
    en = "## One\n\nA.\n\n## Two\n\nB.\n\n## Three\n\nC.\n"
    ja = "## 一\n\nあ。\n\n## 二\n\nい。\n"
    before = snapshot(repo.path)
    result = cli(repo, "import", "privacy", *write_inputs(tmp_path, en, ja))
    assert result.exit_code == 1
    assert "cannot pair the sections at heading level 2 (ja: 2, en: 3):" in result.stderr
    row = next(line for line in result.stderr.splitlines() if line.startswith("≠ 3"))
    assert "—" in row and "9: ## Three" in row
    assert "1: ## 一" in result.stderr and "1: ## One" in result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(repo.path) == before


def test_deeper_headings_that_do_not_pair_are_refused(repo, tmp_path):
    en = "## One\n\n### Sub A\n\nA.\n\n### Sub B\n\nB.\n"
    ja = "## 一\n\n### 小見出し\n\nあ。\n"
    result = cli(repo, "import", "privacy", *write_inputs(tmp_path, en, ja))
    assert result.exit_code == 1 and "cannot pair the headings inside section 1 (one)" in result.stderr


def test_ids_without_a_latin_script_language_are_numbered(policy_repo, tmp_path):
    repo = policy_repo(languages=("ja", "zh"))
    repo.commit("empty")
    folder = tmp_path / "cjk"
    folder.mkdir()
    (folder / "ja.md").write_text("前文。\n\n## 収集\n\nあ。\n\n### 詳細\n\nい。\n\n## 利用\n\nう。\n", encoding="utf-8")
    (folder / "zh.md").write_text("前言。\n\n## 收集\n\n甲。\n\n### 详情\n\n乙。\n\n## 使用\n\n丙。\n", encoding="utf-8")
    result = cli(repo, "import", "privacy", f"ja={folder / 'ja.md'}", f"zh={folder / 'zh.md'}")
    assert result.exit_code == 0, result.output
    assert "sections: [introduction, section-2, section-3]" in repo.read("policy/privacy/document.yml")
    assert "### 详情 {#section-2-1}" in repo.read("policy/privacy/zh/section-2.md")


LEVEL_3 = ["introduction", "collection-of-information", "use-of-personal-data", "managing-cookies"]  # `##` headings also start sections


@pytest.mark.parametrize(("level", "files"), [(1, ["privacy-policy"]), (3, LEVEL_3)])
def test_level_chooses_where_sections_start(repo, tmp_path, level, files):
    result = cli(repo, "import", "privacy", *write_inputs(tmp_path), "--level", str(level))
    assert result.exit_code == 0, result.output
    assert sorted(p.stem for p in (repo.path / "policy/privacy/en").iterdir()) == sorted(files)


def test_bad_input_is_refused_with_its_line(repo, tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "en.md").write_bytes(b"## One\n\nok\n\n\xff\xfe broken\n")
    (folder / "ja.md").write_text("## 一\n\nあ。\n", encoding="utf-8")
    before = snapshot(repo.path)
    result = cli(repo, "import", "privacy", f"en={folder / 'en.md'}", f"ja={folder / 'ja.md'}")
    assert result.exit_code == 1 and f"{folder / 'en.md'}:5: not valid UTF-8" in result.stderr
    en, ja = write_inputs(tmp_path, "## One\n\n[x](#nowhere)\n", "## 一\n\nあ。\n", name="broken")
    result = cli(repo, "import", "privacy", en, ja)
    assert result.exit_code == 1 and f"{tmp_path / 'broken/en.md'}:3: link to #nowhere" in result.stderr  # at the source
    assert "(imported into policy/privacy/en/one.md:3)" in result.stderr
    assert snapshot(repo.path) == before


def test_uncommitted_changes_to_the_document_are_never_overwritten(repo, tmp_path):
    assert cli(repo, "import", "privacy", *write_inputs(tmp_path)).exit_code == 0
    repo.commit("imported")
    repo.write("policy/privacy/en/introduction.md", "## Introduction\n\nAn edit not yet committed.\n")
    before = snapshot(repo.path)
    result = cli(repo, "import", "privacy", *write_inputs(tmp_path))
    assert result.exit_code == 1 and "policy/privacy/document.yml:1: has changes" not in result.stderr
    assert "policy/privacy/en/introduction.md:1: has changes that are not committed" in result.stderr
    assert snapshot(repo.path) == before


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--published", "2026-01-01"], "only go with --release"),
        (["--release", "1.0", "--published", "2026-01-01"], "--release needs --effective, --change, --summary"),
        (["--level", "9"], "--level"),
    ],
)
def test_usage_errors(repo, tmp_path, extra, words):
    result = cli(repo, "import", "privacy", *write_inputs(tmp_path), *extra)
    assert result.exit_code == 2 and words in result.output
    only_en = cli(repo, "import", "privacy", write_inputs(tmp_path)[0])
    assert only_en.exit_code == 2 and "missing ja" in only_en.output


# -- a history, version by version ----------------------------------------------------------------------------

V1_EN = "# Privacy Policy\n\nWe respect your privacy.\n\n## Collection\n\nWe collect your name.\n\n## Use\n\nWe use it to serve you.\n"
V1_JA = "# プライバシーポリシー\n\n当社はプライバシーを尊重します。\n\n## 収集\n\n当社は氏名を収集します。\n\n## 利用\n\n当社はサービス提供のために利用します。\n"
V2_EN = V1_EN.replace("your name.", "your name and your e-mail address.") + "\n## Cookies\n\nWe use cookies.\n"
V2_JA = V1_JA.replace("氏名を", "氏名およびメールアドレスを") + "\n## クッキー\n\n当社はクッキーを使用します。\n"
V3_EN = V2_EN.replace(" to serve you", "")
V3_JA = V2_JA.replace("サービス提供のために", "")


def _import_release(repo, tmp_path, en, ja, version, day, change):
    return cli(
        repo,
        "import",
        "privacy",
        *write_inputs(tmp_path, en, ja, name=f"v{version}"),
        "--release",
        version,
        "--published",
        day,
        "--effective",
        day,
        "--change",
        change,
        "--summary",
        f"ja=第{version}版",
        "--summary",
        f"en=Version {version}",
        epoch="1773543600",  # 2026-03-15
    )


def test_import_and_release_rebuild_a_three_version_history(repo, tmp_path):
    for en, ja, version, day, change in (
        (V1_EN, V1_JA, "1.0", "2026-01-01", "material"),
        (V2_EN, V2_JA, "1.1", "2026-02-01", "material"),
        (V3_EN, V3_JA, "2.0", "2026-03-01", "minor"),
    ):
        result = _import_release(repo, tmp_path, en, ja, version, day, change)
        assert result.exit_code == 0, result.output
    log = [c.message.strip() for c in repo.repo.iter_commits()]
    assert log[:6] == [
        "Release privacy 2.0",
        "Import privacy 2.0",
        "Release privacy 1.1",
        "Import privacy 1.1",
        "Release privacy 1.0",
        "Import privacy 1.0",
    ]
    assert sorted(t.name for t in repo.repo.tags) == ["privacy/1.0", "privacy/1.1", "privacy/2.0"]
    assert only_review_missing(cli(repo, "check", "--strict", "--format", "json"))
    site = repo.build(epoch="1773543600")
    for version in ("1.0", "1.1", "2.0"):
        assert (site / f"en/privacy/{version}/index.html").is_file()
    api = (site / "api/privacy/releases.json").read_text(encoding="utf-8")
    assert '"current": "2.0"' in api and '"consent_version": 2' in api
    changes = site / "en/privacy/changes/index.html"
    html = changes.read_text(encoding="utf-8")  # the change history: a redline per release
    assert "<ins" in html and "e-mail address" in html
    assert "<del" in html and "to serve you" in html
    release_json = (site / "api/privacy/1.1.json").read_text(encoding="utf-8")
    assert '"status": "added"' in release_json and '"status": "modified"' in release_json


def test_a_refused_release_import_leaves_nothing_behind(repo, tmp_path):
    before = snapshot(repo.path)
    result = _import_release(repo, tmp_path, V1_EN, V1_JA, "1.0", "2026-04-01", "material")  # published after "today"
    assert result.exit_code == 1 and "is in the future" in result.stderr
    assert snapshot(repo.path) == before


# -- properties ------------------------------------------------------------------------------------------------

WORD = st.text(alphabet=st.sampled_from("abcXYZ日本語テスト123.,!?()"), min_size=1, max_size=8)
LINE = st.lists(WORD, min_size=1, max_size=6).map(" ".join)


@st.composite
def documents(draw):
    count = draw(st.integers(1, 5))
    parts = []
    opening = draw(st.one_of(st.none(), LINE))
    if opening:
        parts.append(opening + "\n")
    for _ in range(count):
        title = draw(LINE)
        body = draw(st.lists(LINE, max_size=3))
        subs = draw(st.lists(st.tuples(LINE, LINE), max_size=2))
        text = f"## {title}\n\n" + "\n\n".join(body) + "\n"
        for sub_title, sub_body in subs:
            text += f"\n### {sub_title}\n\n{sub_body}\n"
        parts.append(text)
    return "\n".join(parts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_word_is_kept_and_ids_are_safe(text):
    parsed = split(text, 2, "en", "en.md")
    twin = split(text, 2, "fr", "fr.md")
    try:
        ids, files, _ = build([parsed, twin], 2)
    except ImportRefused:
        return  # e.g. an empty heading: refused, never mangled
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", i) for i in ids) and len(set(ids)) == len(ids)
    written = "\n".join(files["en"][i] for i in ids)
    words = re.sub(r"\{#[a-z0-9-]+\}", " ", written).replace("#", " ").split()
    source = text.replace("#", " ").split()
    assert words == source


def test_slugify():
    assert slugify("Use Of Personal Data") == "use-of-personal-data"
    assert slugify("Données à caractère personnel") == "donnees-a-caractere-personnel"
    assert slugify("個人データ") is None
    assert len(slugify("word " * 40)) <= 64


def test_import_release_refuses_a_dirty_document_like_release(repo, tmp_path):
    assert _import_release(repo, tmp_path, V1_EN, V1_JA, "1.0", "2026-01-01", "material").exit_code == 0
    repo.write("policy/privacy/ja/collection.md", "## 収集\n\n未コミットの変更。\n")
    before = snapshot(repo.path)
    result = _import_release(repo, tmp_path, V2_EN, V2_JA, "1.1", "2026-02-01", "material")
    assert result.exit_code == 1 and "policy/privacy/ja/collection.md:1: has changes that are not committed" in result.stderr
    assert snapshot(repo.path) == before
    released = cli(
        repo, "release", "privacy", "1.1", "--effective", "2026-02-01", "--change", "minor", "--summary", "ja=版", "--summary", "en=v"
    )
    assert released.exit_code == 1 and "policy/privacy/ja/collection.md:1: error: has changes that are not committed" in released.stderr
