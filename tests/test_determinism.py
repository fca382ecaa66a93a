"""Two builds of the same commit with the same SOURCE_DATE_EPOCH are byte-identical, site-wide.

Each build runs in its own process (a different PYTHONHASHSEED, so set and dict orderings that depend on
string hashes differ), from its own clone, into a site_dir of another name.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import git
from publish_sites import AFTER_2_0, BEFORE_2_0, history_site


def build_clone(origin: Path, workdir: Path, name: str, epoch: int, hashseed: str) -> Path:
    clone = workdir / f"clone-{name}"
    git.Repo.clone_from(str(origin), str(clone))
    site = clone / f"out-{name}"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(workdir),
        "SOURCE_DATE_EPOCH": str(epoch),
        "PYTHONHASHSEED": hashseed,
        "NO_MKDOCS_2_WARNING": "1",
        "TZ": "UTC" if hashseed == "1" else "America/Los_Angeles",  # the machine's zone must not matter either
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=clone, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return site


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_commit_are_byte_identical(policy_repo, tmp_path):
    repo = history_site(policy_repo, site_url="https://example.com/legal/")
    first = tree(build_clone(repo.path, tmp_path, "a", BEFORE_2_0, "1"))
    second = tree(build_clone(repo.path, tmp_path, "b", BEFORE_2_0, "2"))
    for path in (
        "sitemap.xml",
        "sitemap.xml.gz",
        "search/search_index.json",
        "api/privacy/releases.json",
        "api/privacy/2.0.json",
        "en/privacy/feed.json",
        "ja/privacy/feed.xml",
        "en/privacy/index.html",
        "api/schema/release.schema.json",
    ):
        assert path in first, path
    assert sorted(first) == sorted(second)
    differing = [path for path in first if first[path] != second[path]]
    assert differing == []
    assert gzip.decompress(first["sitemap.xml.gz"]) == first["sitemap.xml"]


def test_machine_readable_files_change_only_with_the_data(policy_repo, tmp_path):
    """Builds on different days after the last effective date: API and feeds are the same bytes (no 'now' in them)."""
    repo = history_site(policy_repo, "later", site_url="https://example.com/")
    early = tree(build_clone(repo.path, tmp_path, "early", AFTER_2_0, "3"))
    late = tree(build_clone(repo.path, tmp_path, "late", AFTER_2_0 + 86400 * 40, "4"))
    machine = [p for p in early if p.startswith("api/") or p.endswith(("feed.json", "feed.xml"))]
    assert len(machine) == 3 + 5 + 3 + 4  # schemas, index and releases, since files (before 2.0 in force), feeds
    assert [p for p in machine if early[p] != late[p]] == []
