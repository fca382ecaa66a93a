"""Helpers for the tests of checks, `check`, `release` and `import`: run the CLI, snapshot a repository."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import git
from click.testing import CliRunner, Result

from mkdocs_policy.cli import main

from policyrepo import PolicyRepo, sections_md

EPOCH_2026_01_15 = "1768446000"  # 2026-01-15 12:00 Tokyo


def cli(repo: PolicyRepo | Path, *args: str, epoch: str | None = EPOCH_2026_01_15) -> Result:
    """``mkdocs-policy -f <repo>/mkdocs.yml ARGS`` in-process; SOURCE_DATE_EPOCH fixes "today"."""
    path = repo.path if isinstance(repo, PolicyRepo) else Path(repo)
    env = {"SOURCE_DATE_EPOCH": epoch} if epoch else {"SOURCE_DATE_EPOCH": None}
    return CliRunner().invoke(main, ["-f", str(path / "mkdocs.yml"), *args], env=env, catch_exceptions=False)


def snapshot(path: Path) -> dict[str, str]:
    """Every file of the working tree (and of a site_dir inside it) by content hash, plus HEAD, refs and the index."""
    state: dict[str, str] = {}
    for file in sorted(path.rglob("*")):
        rel = file.relative_to(path).as_posix()
        if rel == ".git" or rel.startswith(".git/"):
            continue
        if file.is_symlink():
            state[rel] = "link:" + os.readlink(file)
        elif file.is_file():
            state[rel] = hashlib.sha256(file.read_bytes()).hexdigest()
        elif file.is_dir():
            state[rel + "/"] = "dir"
    if (path / ".git").exists():
        repo = git.Repo(path)
        try:
            state[".git:HEAD"] = repo.git.rev_parse("HEAD")
            state[".git:refs"] = repo.git.show_ref(with_exitcode=False) if repo.tags or repo.heads else ""
            state[".git:index"] = repo.git.ls_files("-s")
            state[".git:status"] = repo.git.status("--porcelain", "--untracked-files=all", "--ignored")
        finally:
            repo.close()
    return state


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def two_language_site(repo: PolicyRepo, release: bool = True) -> PolicyRepo:
    """privacy: intro + data in ja and en, committed (and released as 1.0, material, on 2026-01-01)."""
    repo.write(".gitignore", "site/\n")
    ja = sections_md(
        {"intro": "はじめに", "data": "収集する情報"}, {"intro": "当社は情報を大切にします。", "data": "当社は氏名を収集します。"}
    )
    en = sections_md(
        {"intro": "Introduction", "data": "Data we collect"}, {"intro": "We value your information.", "data": "We collect your name."}
    )
    repo.write_document("privacy", {"ja": ja, "en": en}, title={"ja": "プライバシーポリシー", "en": "Privacy Policy"})
    if release:
        repo.release("privacy", "1.0", published="2026-01-01", change="material")
    else:
        repo.commit("privacy text")
    return repo


def clone_tree(source: Path, dest: Path, languages: tuple[str, ...] = ("ja", "en")) -> PolicyRepo:
    """A copy of a test site (working tree, site_dir and .git) usable as a PolicyRepo."""
    shutil.copytree(source, dest, symlinks=True)
    repo = PolicyRepo.__new__(PolicyRepo)
    repo.path = dest
    repo.languages = languages
    repo.repo = git.Repo(dest)
    repo._tick = 500
    return repo
