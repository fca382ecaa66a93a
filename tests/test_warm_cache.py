"""The warm cache (diskcache.WARM, ``.cache/mkdocs-policy/warm``): side-by-side sections and the change history's
release entries kept between builds. Real `mkdocs build` processes, each starting with empty memories: only the
files on disk carry results from one build to the next. A cold build and a warm build write the same site."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml
from publish_sites import BEFORE_2_0, history_site

BASE = "https://policy.example.com/"
WARM = Path(".cache/mkdocs-policy/warm")


def build(site: Path, out: str, epoch: int | str = BEFORE_2_0) -> Path:
    """`mkdocs build` in a new process (nothing kept in memory from an earlier build)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", out], cwd=site, env=env, check=True)
    return site / out


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def entries(root: Path, family: str) -> list[Path]:
    return sorted((root / WARM / family).rglob("*.json"))


def same_site(first: Path, second: Path) -> None:
    a, b = files(first), files(second)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert not different, different[:10]


def test_a_warm_build_writes_the_same_site_as_a_cold_one_and_reads_the_cache(policy_repo):
    repo = history_site(policy_repo, site_url=BASE)
    cold = build(repo.path, "cold")
    sbs, changes = entries(repo.path, "sbs"), entries(repo.path, "changes")
    # Every section pair of every release's side-by-side page, and every release's entry per language.
    assert len(sbs) >= 5 and len(changes) == 4 * 2
    kept = {p: p.read_bytes() for p in sbs + changes}
    warm = build(repo.path, "warm")
    same_site(cold, warm)
    assert {p: p.read_bytes() for p in entries(repo.path, "sbs") + entries(repo.path, "changes")} == kept  # nothing made again

    # The warm build really reads the files: a marked entry shows on the pages, a damaged one is made again.
    marked = next(p for p in sbs if "policy-sbs-section" in json.loads(p.read_text(encoding="utf-8"))["value"])
    value = json.loads(marked.read_text(encoding="utf-8"))["value"]
    marked.write_text(json.dumps({"value": value.replace("policy-sbs-section", "policy-sbs-section warm-marker", 1)}), encoding="utf-8")
    changes[0].write_text("{", encoding="utf-8")
    again = build(repo.path, "again")
    shown = [name for name, data in files(again).items() if b"warm-marker" in data]
    assert shown and all("side-by-side" in name for name in shown)
    assert json.loads(changes[0].read_text(encoding="utf-8"))["value"].startswith('<div class="policy-release-changes"')
    marked.write_text(json.dumps({"value": value}), encoding="utf-8")
    same_site(cold, build(repo.path, "restored"))


def test_another_day_reuses_the_entries_and_a_state_change_makes_only_the_changed_ones(policy_repo):
    repo = history_site(policy_repo, "days", site_url=BASE)
    build(repo.path, "before")
    before = set(entries(repo.path, "changes"))
    # 2.0 takes effect: 1.2 is archived and 2.0 in force, the other entries stay as they were.
    after = build(repo.path, "after", epoch=BEFORE_2_0 + 40 * 86400)
    now = set(entries(repo.path, "changes"))
    assert before < now and len(now - before) == 2 * 2  # two releases changed state, in two languages
    # The same day built cold (the cache removed): the same site.
    shutil.rmtree(repo.path / ".cache")
    same_site(build(repo.path, "after-cold", epoch=BEFORE_2_0 + 40 * 86400), after)


def test_another_markdown_pipeline_starts_a_new_generation_and_removes_the_old(policy_repo):
    repo = history_site(policy_repo, "pipeline", site_url=BASE)
    build(repo.path, "first")
    old = [p.name for p in (repo.path / WARM / "sbs").iterdir()]
    assert len(old) == 1
    config = yaml.safe_load((repo.path / "mkdocs.yml").read_text(encoding="utf-8"))
    config["markdown_extensions"] = [*config.get("markdown_extensions", []), {"toc": {"permalink": True}}]
    (repo.path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    second = build(repo.path, "second")
    new = [p.name for p in (repo.path / WARM / "sbs").iterdir()]
    assert len(new) == 1 and new != old
    assert len([p.name for p in (repo.path / WARM / "changes" / "privacy").iterdir()]) == 1
    # The permalinks of the new pipeline are on the side-by-side page: nothing was served from the old generation.
    page = (second / "en/privacy/side-by-side/index.html").read_text(encoding="utf-8")
    assert 'class="headerlink"' in page.split('class="policy-sbs"', 1)[1]


SAMPLES = [
    "## 収集する情報 {#data}\n\n当社は次の情報を収集します。\n\n- お客様の**氏名**\n  - 旧姓\n- メールアドレス\n\n### 保存期間 {#retention}\n\n一年間。[窓口](#contact)\n",
    "## Tables\n\n| a | b |\n|---|---|\n| 1 | [x](https://example.com/) |\n\n1. one\n\n    more of one\n\n2. two\n",
    "Untitled opening with <span>raw</span> HTML.\n\n<div markdown>\n*inside*\n</div>\n\n```\ncode\n```\n\n> quoted\n\n---\n",
    "## Title ##\n\nSetext below\n------------\n\n<table><tr><td>raw</td></tr></table>\n",
]


def test_a_markdown_model_read_back_from_disk_is_the_model_made(tmp_path):
    from mkdocs_policy.diskcache import WARM as warm
    from mkdocs_policy.sources import markdown_model

    pipeline = markdown_model.Pipeline.of(["attr_list", "md_in_html", "toc"], {"toc": {"permalink": True}})
    saved = warm.directory
    warm.directory = tmp_path
    try:
        made = []
        for anchor in (None, "sec"):
            for text in SAMPLES:
                markdown_model._parse.cache_clear()
                made.append(markdown_model.parse(text, pipeline, anchor))
        stored = list(tmp_path.rglob("*.json"))
        assert len(stored) == len(made)
        for k, (anchor, text) in enumerate((a, t) for a in (None, "sec") for t in SAMPLES):
            markdown_model._parse.cache_clear()
            again = markdown_model.parse(text, pipeline, anchor)
            assert again == made[k] and again is not made[k]
            assert again.blocks and again.html == made[k].html
        # A file this code did not write is no model: the text is parsed again, the same.
        for path in stored:
            path.write_text('{"value": {"html": 1}}', encoding="utf-8")
        markdown_model._parse.cache_clear()
        assert markdown_model.parse(SAMPLES[0], pipeline, None) == made[0]
    finally:
        warm.directory = saved
        markdown_model._parse.cache_clear()


def test_a_comparison_read_back_from_its_outline_has_the_same_fields_and_redlines(tmp_path):
    from test_compare_language import text

    from mkdocs_policy import compare
    from mkdocs_policy.compare import kept
    from mkdocs_policy.diskcache import WARM as warm

    moved = "We keep your data for one year after you close your account, then we delete it for good.\n"
    old = text("en", {"intro": "## Intro\n\nHello.\n", "keep": f"## Keep\n\n{moved}\nMore.\n", "gone": "## Gone\n\nBye now.\n"})
    new = text(
        "en",
        {
            "intro": "## Intro\n\nHello there.\n",
            "kept": f"## Keep\n\n{moved}\nMore.\n",
            "extra": f"## Extra\n\nNew.\n\n{moved}",
            "data": "## Data\n\nX.\n",
        },
    )
    saved = warm.directory
    warm.directory = tmp_path
    try:
        kept._KEPT.clear()
        first = kept.kept_compare(old, new, "stamp")
        assert len(list((tmp_path / "compare").rglob("*.json"))) == 1
        kept._KEPT.clear()
        compare._CACHE.clear()
        again = kept.kept_compare(old, new, "stamp")
        assert [c.diff for c in again] == [None] * len(again)  # read from the outline, not compared
        fields = ("id", "status", "old", "new", "renamed_from", "inserted", "deleted", "moved_from", "moved_to", "moved_in", "moved_out")
        assert [[getattr(c, f) for f in (*fields, "old_position")] for c in again] == [
            [getattr(c, f) for f in (*fields, "old_position")] for c in first
        ]
        assert {c.status for c in again} >= {"modified", "renamed", "added", "removed"}
        assert [c.blocks_diff() for c in again] == [c.blocks_diff() for c in first]  # the redline, made when asked
    finally:
        warm.directory = saved
        kept._KEPT.clear()


def test_a_generation_past_its_limit_starts_again_empty(tmp_path):
    from mkdocs_policy.diskcache import DiskCache

    first = DiskCache(limit=5)
    first.directory = tmp_path
    for n in range(6):
        first.put("family/one", ["entry", n], f"value {n}")
    assert len(list((tmp_path / "family/one").rglob("*.json"))) == 6  # counted on the first write only
    assert first.get("family/one", ["entry", 3]) == "value 3"
    later = DiskCache(limit=5)  # another build
    later.directory = tmp_path
    later.put("family/one", ["entry", 6], "value 6")
    assert [later.get("family/one", ["entry", n]) for n in range(7)] == [None] * 6 + ["value 6"]
    # Another generation of the family retires this one.
    later.put("family/two", ["entry", 0], "value 0")
    assert [p.name for p in (tmp_path / "family").iterdir()] == ["two"]


def test_a_value_json_or_utf8_cannot_hold_is_not_kept_and_leaves_no_file(tmp_path):
    from mkdocs_policy.diskcache import DiskCache

    cache = DiskCache()
    cache.directory = tmp_path
    cache.put("family/one", ["entry", 1], "lone surrogate \ud800")
    cache.put("family/one", ["entry", 2], {"not": object()})
    assert cache.get("family/one", ["entry", 1]) is None
    assert cache.get("family/one", ["entry", 2]) is None
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    cache.put("family/one", ["entry", 3], "kept")
    assert cache.get("family/one", ["entry", 3]) == "kept"


def test_the_theme_templates_are_compiled_once_and_kept_between_builds(policy_repo):
    repo = history_site(policy_repo, site_url=BASE)
    first = build(repo.path, "first")
    compiled = sorted((repo.path / ".cache/mkdocs-policy/jinja").rglob("__jinja2_*.cache"))
    assert len(compiled) >= 10  # Material's main.html, base.html, partials… and the plugin's templates
    stamps = {p: p.stat().st_mtime_ns for p in compiled}
    same_site(first, build(repo.path, "second"))
    assert {p: p.stat().st_mtime_ns for p in compiled} == stamps  # read, not compiled again

    # An edited template is compiled again from its source (Jinja checks the source's checksum): the page shows it.
    overrides = repo.path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    material = Path(__import__("material").__file__).parent / "templates" / "partials" / "footer.html"
    (overrides / "partials" / "footer.html").write_text(material.read_text(encoding="utf-8") + "<!-- edited-footer -->", encoding="utf-8")
    config = yaml.safe_load((repo.path / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = "overrides"
    (repo.path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    edited = build(repo.path, "edited")
    assert b"<!-- edited-footer -->" in (edited / "index.html").read_bytes()

    # A cache folder that cannot be written costs time only.
    shutil.rmtree(repo.path / ".cache/mkdocs-policy/jinja")
    (repo.path / ".cache/mkdocs-policy/jinja").write_text("not a folder", encoding="utf-8")
    same_site(edited, build(repo.path, "unwritable"))


def _cache_files(site: Path) -> int:
    return sum(1 for p in (site / ".cache/mkdocs-policy").rglob("*") if p.is_file()) if (site / ".cache/mkdocs-policy").is_dir() else 0


def _start(site: Path, out: str) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(BEFORE_2_0), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", out], cwd=site, env=env, stderr=subprocess.PIPE
    )


def test_builds_killed_while_filling_the_cache_and_builds_racing_on_it_write_the_cold_site(policy_repo):
    """A laptop that dies mid-build, and two terminals building at once: whatever the cache then holds, the next
    builds write the very site a cold build writes (entries are written whole or not at all, and read or refused)."""
    repo = history_site(policy_repo, site_url=BASE)
    cold = build(repo.path, "cold")
    filled = _cache_files(repo.path)
    assert filled >= 50  # what one cold build keeps: models, comparisons, verdicts, parses, templates…

    killed = 0
    for share in (0.05, 0.3, 0.7):  # killed early, midway and late in filling an empty cache
        shutil.rmtree(repo.path / ".cache")
        process = _start(repo.path, f"killed-{share}")
        while process.poll() is None and _cache_files(repo.path) < share * filled:
            time.sleep(0.005)
        process.kill()
        process.wait()
        killed += process.returncode == -9
        same_site(cold, build(repo.path, f"after-kill-{share}"))
    assert killed >= 2  # the kills really came mid-build

    # Three builds at once on an empty cache, then three at once on the cache they left.
    for round_ in ("empty", "filled"):
        if round_ == "empty":
            shutil.rmtree(repo.path / ".cache")
        racing = [_start(repo.path, f"race-{round_}-{n}") for n in range(3)]
        for process in racing:
            _, err = process.communicate(timeout=300)
            assert process.returncode == 0, err.decode()
        for n in range(3):
            same_site(cold, repo.path / f"race-{round_}-{n}")
    # Builds that finish leave no temporary file behind, however they raced (the cache was emptied before them).
    assert not list((repo.path / ".cache/mkdocs-policy").rglob("*.tmp"))
